import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { listCatalogYears } from '../catalog/catalog.service.ts';
import { openReturns } from '../certification/returns.ts';
import { pick } from '../plugins/i18n.ts';
import { requireActor } from '../plugins/session.ts';
import { scorePanelData } from '../scoring/scoring.service.ts';
import { ScorePanel } from '../scoring/scoring.views.tsx';
import { AppError, bi } from '../util/errors.ts';
import { paging, pagingOnly } from '../util/paging.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import { parseOrThrow } from '../util/validation.ts';
import type { ViewFieldError } from '../views/components.tsx';
import { menuLinks } from '../views/layout.tsx';
import { rowFromForm } from './records.format.ts';
import { datasetParams, historyParams, laoYearParams } from './records.schemas.ts';
import * as records from './records.service.ts';
import type { ChangeKind } from './records.table.ts';
import { DashboardPage, DatasetPage, HistoryEntryPage, HistoryPage } from './records.views.tsx';

type Body = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '');

/** Page errors from a refused save: each field error anchored to its input. */
function pageErrors(err: AppError, lang: 'th' | 'en'): ViewFieldError[] {
  const list = err.fieldErrors.map((f) => {
    const field =
      f.code === 'explanation_required'
        ? 'explanation'
        : ['noneReason', 'changeReason', 'rows'].includes(f.field)
          ? f.field
          : `f-${f.field}`;
    return { field, message: pick(lang, f.message) };
  });
  if (err.code === 'conflict') list.push({ field: 'version', message: pick(lang, err.text) });
  return list.length ? list : [{ field: 'form', message: pick(lang, err.text) }];
}

/** The typed values of a failed form, by field key, to show them again. */
function rawOf(body: Body): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(body))
    if (k.startsWith('v.')) out[k.slice(2)] = Array.isArray(v) ? v.map(String) : String(v ?? '');
  return out;
}

/** Recording pages: the LAO's dashboard, a data set's form or list, none-in-area, copy last year, history. */
export async function recordsPageRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;
  menuLinks.aspect = '/records/aspects/';
  menuLinks.debt = '/records/aspects/9';

  const homeOf = (req: FastifyRequest) => {
    const actor = requireActor(req);
    if (actor.laoCode) return `/laos/${actor.laoCode}/years/${fiscalYearOf()}`;
    if (actor.provinceCode) return `/registry/provinces/${actor.provinceCode}`;
    return '/registry';
  };
  app.get('/records', async (req, reply) => reply.redirect(homeOf(req), 303));
  app.get('/records/aspects/:no', async (req, reply) => {
    const { no } = parseOrThrow(z.object({ no: z.coerce.number().int().min(0).max(9) }), req.params);
    const home = homeOf(req);
    return reply.redirect(home.startsWith('/laos/') ? `${home}#aspect-${no}` : home, 303);
  });
  app.get('/laos/:code', async (req, reply) => {
    const { code } = parseOrThrow(z.object({ code: z.string().regex(/^\d{7}$/) }), req.params);
    return reply.redirect(`/laos/${code}/years/${fiscalYearOf()}`, 303);
  });

  app.get('/laos/:code/years/:year', async (req, reply) => {
    const p = parseOrThrow(laoYearParams, req.params);
    const data = await records.laoDashboard(k, requireActor(req), p.code, p.year);
    const [years, returns] = await Promise.all([
      listCatalogYears(k).then((ys) => ys.map((y) => y.year)),
      openReturns(k, p.code, p.year),
    ]);
    // The score now, and the steps to reach 5: only for a fiscal year that has begun.
    const score = p.year <= fiscalYearOf() ? await scorePanelData(k, p.code, p.year) : null;
    const panel = score ? (
      <ScorePanel ctx={req.pageCtx()} run={score.run} result={score.result} code={p.code} collapsed />
    ) : null;
    return reply.page(
      <DashboardPage ctx={req.pageCtx()} data={data} years={years} returns={returns} scorePanel={panel} />,
    );
  });

  async function renderDataset(
    req: FastifyRequest,
    reply: FastifyReply,
    p: z.output<typeof datasetParams>,
    extra: {
      errors?: ViewFieldError[];
      raw?: Record<string, string | string[]>;
      status?: number;
      notice?: string | null;
      copied?: Record<string, unknown> | null;
      editRowId?: string | null;
    } = {},
  ) {
    const actor = requireActor(req);
    const d = await records.readDataset(k, actor, p.code, p.year, p.datasetId);
    const [canRecord, certified, returns] = await Promise.all([
      records.mayRecord(k, actor, p.code, p.year, d.section, p.datasetId),
      records.aspectCertified(k, p.code, p.year, d.section.no),
      openReturns(k, p.code, p.year),
    ]);
    const q = req.query as Record<string, string | undefined>;
    const copied =
      extra.copied !== undefined
        ? extra.copied
        : q.copy === 'last-year' && d.kind === 'form'
          ? (d.lastYear[0] ?? null)
          : null;
    return reply.page(
      <DatasetPage
        ctx={req.pageCtx()}
        d={d}
        canRecord={canRecord}
        certified={certified}
        returned={returns.get(d.section.no) ?? null}
        errors={extra.errors ?? []}
        raw={extra.raw}
        copied={copied}
        notice={extra.notice ?? (q.saved ? pick(req.lang, bi('บันทึกแล้ว', 'Saved')) : null)}
        page={Math.max(1, Number(q.page) || 1)}
        editRowId={extra.editRowId ?? q.edit ?? null}
      />,
      extra.status ?? 200,
    );
  }

  app.get('/laos/:code/years/:year/datasets/:datasetId', async (req, reply) =>
    renderDataset(req, reply, parseOrThrow(datasetParams, req.params)),
  );

  /** Runs a save from a page: success → redirect (POST/redirect/GET); refused → the page again with errors. */
  async function pageSave(
    req: FastifyRequest,
    reply: FastifyReply,
    build: (d: Awaited<ReturnType<typeof records.readDataset>>, body: Body) => records.SaveInput,
    kind: ChangeKind,
    editRowId: string | null = null,
  ) {
    const p = parseOrThrow(datasetParams, req.params);
    const actor = requireActor(req);
    const body = (req.body ?? {}) as Body;
    const d = await records.readDataset(k, actor, p.code, p.year, p.datasetId);
    try {
      const input = build(d, body);
      await records.saveDataset(
        k,
        actor,
        p.code,
        p.year,
        p.datasetId,
        { ...input, version: Number(str(body.version)) || 0, changeReason: str(body.changeReason) || null },
        { source: 'form', kind, ip: req.ip },
      );
    } catch (err) {
      if (err instanceof AppError && [409, 422].includes(err.status)) {
        return renderDataset(req, reply, p, {
          errors: pageErrors(err, req.lang),
          raw: rawOf(body),
          status: err.status,
          editRowId,
        });
      }
      throw err;
    }
    return reply.redirect(`/laos/${p.code}/years/${p.year}/datasets/${p.datasetId}?saved=1`, 303);
  }

  const explanationOf = (body: Body) => str(body.explanation) || null;

  app.post('/laos/:code/years/:year/datasets/:datasetId', async (req, reply) =>
    pageSave(
      req,
      reply,
      (d, body) => {
        if (d.kind !== 'form')
          throw new AppError(
            'bad_request',
            bi('ชุดข้อมูลนี้เป็นรายการ ใช้ปุ่มเพิ่มแถว', 'This data set is a list: add rows'),
          );
        return {
          version: 0,
          rows: [
            {
              id: d.rows[0]?.id,
              values: rowFromForm(d.def.fields, body),
              explanation: explanationOf(body) ?? d.rows[0]?.explanation ?? null,
            },
          ],
        };
      },
      str((req.body as Body)?.kind) === 'copy' ? 'copy' : 'save',
    ),
  );

  const keepRows = (d: Awaited<ReturnType<typeof records.readDataset>>) =>
    d.rows.map((r) => ({ id: r.id, values: r.values, explanation: r.explanation }));

  app.post('/laos/:code/years/:year/datasets/:datasetId/rows', async (req, reply) =>
    pageSave(
      req,
      reply,
      (d, body) => ({
        version: 0,
        rows: [
          ...keepRows(d).map((r) => ({ ...r, values: r.values })),
          { values: rowFromForm(d.def.fields, body), explanation: explanationOf(body) },
        ],
      }),
      'row_add',
    ),
  );

  app.post('/laos/:code/years/:year/datasets/:datasetId/rows/:rowId', async (req, reply) => {
    const rowId = (req.params as { rowId: string }).rowId;
    return pageSave(
      req,
      reply,
      (d, body) => {
        if (!d.rows.some((r) => r.id === rowId))
          throw new AppError(
            'not_found',
            bi('ไม่พบแถวนี้ อาจถูกลบไปแล้ว', 'No such row; it may have been deleted'),
          );
        return {
          version: 0,
          rows: keepRows(d).map((r) =>
            r.id === rowId
              ? {
                  id: r.id,
                  values: rowFromForm(d.def.fields, body),
                  explanation: explanationOf(body) ?? r.explanation,
                }
              : r,
          ),
        };
      },
      'row_edit',
      rowId,
    );
  });

  app.post('/laos/:code/years/:year/datasets/:datasetId/rows/:rowId/delete', async (req, reply) => {
    const rowId = (req.params as { rowId: string }).rowId;
    return pageSave(
      req,
      reply,
      (d) => ({ version: 0, rows: keepRows(d).filter((r) => r.id !== rowId) }),
      'row_delete',
    );
  });

  app.post('/laos/:code/years/:year/datasets/:datasetId/none', async (req, reply) =>
    pageSave(
      req,
      reply,
      (_d, body) => ({ version: 0, none: true, noneReason: str(body.noneReason) }),
      'none',
    ),
  );

  app.post('/laos/:code/years/:year/datasets/:datasetId/copy-last-year', async (req, reply) =>
    pageSave(
      req,
      reply,
      (d) => {
        if (!d.lastYear.length)
          throw new AppError(
            'unprocessable',
            bi('ปีที่แล้วไม่มีข้อมูลชุดนี้ให้คัดลอก', 'There is no data from last year to copy'),
          );
        return { version: 0, rows: d.lastYear.map((values) => ({ values })) };
      },
      'copy',
    ),
  );

  app.get('/laos/:code/years/:year/datasets/:datasetId/history', async (req, reply) => {
    const p = parseOrThrow(datasetParams, req.params);
    const pg = paging(parseOrThrow(pagingOnly, req.query), 20);
    const h = await records.datasetHistory(k, requireActor(req), p.code, p.year, p.datasetId, pg);
    return reply.page(<HistoryPage ctx={req.pageCtx()} h={h} paging={pg} />);
  });

  app.get('/laos/:code/years/:year/datasets/:datasetId/history/:version', async (req, reply) => {
    const p = parseOrThrow(historyParams, req.params);
    const pg = paging(parseOrThrow(pagingOnly, req.query), 100);
    const h = await records.historyEntry(k, requireActor(req), p.code, p.year, p.datasetId, p.version, pg);
    return reply.page(<HistoryEntryPage ctx={req.pageCtx()} h={h} paging={pg} />);
  });
}

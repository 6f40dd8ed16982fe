import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { openReturns } from '../certification/returns.ts';
import { catalogYears, workYear } from '../certification/work-year.ts';
import { datasetEvidence } from '../files/files.service.ts';
import { DatasetEvidencePanel } from '../files/files.views.tsx';
import { pick, translator } from '../plugins/i18n.ts';
import { requireActor } from '../plugins/session.ts';
import { explainBody } from '../quality/quality.schemas.ts';
import { datasetFlagsOf, explainFlag } from '../quality/quality.service.ts';
import { DatasetQualityPanel } from '../quality/quality.views.tsx';
import { scorePanelData } from '../scoring/scoring.service.ts';
import { ScorePanel } from '../scoring/scoring.views.tsx';
import { AppError, bi } from '../util/errors.ts';
import { paging, pagingOnly } from '../util/paging.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import { parseOrThrow } from '../util/validation.ts';
import type { ViewFieldError } from '../views/components.tsx';
import { ConfirmPage, isConfirmed } from '../views/confirm-page.tsx';
import { menuLinks } from '../views/layout.tsx';
import { DatasetPage } from './dataset.views.tsx';
import { HistoryEntryPage, HistoryPage } from './history.views.tsx';
import { displayValue, rowFromForm } from './records.format.ts';
import { datasetParams, historyParams, laoYearParams } from './records.schemas.ts';
import * as records from './records.service.ts';
import type { ChangeKind } from './records.table.ts';
import { DashboardPage } from './records.views.tsx';

type Body = Record<string, unknown>;
/** A change reason typed before a confirmation, carried through it. */
const changeReasonOf = (body: unknown): Record<string, string> => {
  const r = (body as Body | undefined)?.changeReason;
  return typeof r === 'string' && r ? { changeReason: r } : {};
};

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

  const homeOf = async (req: FastifyRequest) => {
    const actor = requireActor(req);
    if (actor.laoCode) return `/laos/${actor.laoCode}/years/${await workYear(k, actor)}`;
    if (actor.provinceCode) return `/registry/provinces/${actor.provinceCode}`;
    return '/registry';
  };
  app.get('/records', async (req, reply) => reply.redirect(await homeOf(req), 303));
  app.get('/records/aspects/:no', async (req, reply) => {
    const { no } = parseOrThrow(z.object({ no: z.coerce.number().int().min(0).max(9) }), req.params);
    const home = await homeOf(req);
    return reply.redirect(home.startsWith('/laos/') ? `${home}#aspect-${no}` : home, 303);
  });
  app.get('/laos/:code', async (req, reply) => {
    const { code } = parseOrThrow(z.object({ code: z.string().regex(/^\d{7}$/) }), req.params);
    const year = req.actor?.laoCode === code ? await workYear(k, req.actor) : await workYear(k, null);
    return reply.redirect(`/laos/${code}/years/${year}`, 303);
  });

  app.get('/laos/:code/years/:year', async (req, reply) => {
    const p = parseOrThrow(laoYearParams, req.params);
    const data = await records.laoDashboard(k, requireActor(req), p.code, p.year);
    const [years, returns] = await Promise.all([catalogYears(k), openReturns(k, p.code, p.year)]);
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
      copyPreview?: boolean;
    } = {},
  ) {
    const actor = requireActor(req);
    const d = await records.readDataset(k, actor, p.code, p.year, p.datasetId);
    const [canRecord, certified, returns, flags] = await Promise.all([
      records.mayRecord(k, actor, p.code, p.year, d.section, p.datasetId),
      records.aspectCertified(k, p.code, p.year, d.section.no),
      openReturns(k, p.code, p.year),
      datasetFlagsOf(k, p.code, p.year, d.section.no, p.datasetId),
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
        notice={
          extra.notice ??
          (q.saved
            ? pick(req.lang, bi('บันทึกแล้ว', 'Saved'))
            : q.explained
              ? pick(req.lang, bi('บันทึกคำอธิบายแล้ว', 'The explanation is saved'))
              : q.attached
                ? pick(req.lang, bi('แนบไฟล์แล้ว', 'The files are attached'))
                : q.removed
                  ? pick(req.lang, bi('ลบไฟล์แล้ว', 'The file was removed'))
                  : q.restored
                    ? pick(
                        req.lang,
                        bi(
                          'กู้คืนแถวที่ถูกลบแล้ว บันทึกในประวัติการแก้ไข',
                          'The deleted row is restored; see the history',
                        ),
                      )
                    : null)
        }
        page={Math.max(1, Number(q.page) || 1)}
        editRowId={extra.editRowId ?? q.edit ?? null}
        copyPreview={extra.copyPreview ?? (q.copy === 'last-year' && d.kind === 'list')}
        quality={
          <DatasetQualityPanel
            ctx={req.pageCtx()}
            flags={flags}
            datasetOf={(id) => (id === d.def.id ? d.def : undefined)}
            explainAction={
              canRecord ? `/laos/${p.code}/years/${p.year}/datasets/${p.datasetId}/explanations` : null
            }
            errors={extra.errors ?? []}
          />
        }
        evidence={
          <DatasetEvidencePanel
            ctx={req.pageCtx()}
            e={await datasetEvidence(k, d, canRecord, Number(q.page) || 1)}
          />
        }
      />,
      extra.status ?? 200,
    );
  }

  app.get('/laos/:code/years/:year/datasets/:datasetId', async (req, reply) =>
    renderDataset(req, reply, parseOrThrow(datasetParams, req.params)),
  );

  // Why a flagged value is right, typed under it on the data set page (src/quality keeps it).
  app.post('/laos/:code/years/:year/datasets/:datasetId/explanations', async (req, reply) => {
    const p = parseOrThrow(datasetParams, req.params);
    const actor = requireActor(req);
    const body = parseOrThrow(explainBody, req.body ?? {});
    try {
      await explainFlag(k, actor, p.code, p.year, p.datasetId, body, { ip: req.ip });
    } catch (err) {
      if (err instanceof AppError && err.status === 422) {
        const flags = await datasetFlagsOf(k, p.code, p.year, null, p.datasetId);
        const i = flags.findIndex((f) => f.ruleId === body.ruleId && f.rowId === body.rowId);
        return renderDataset(req, reply, p, {
          errors: [
            {
              field: i >= 0 ? `explain-${i}` : 'quality-heading',
              message: pick(req.lang, err.fieldErrors[0]?.message ?? err.text),
            },
          ],
          status: 422,
        });
      }
      throw err;
    }
    return reply.redirect(`/laos/${p.code}/years/${p.year}/datasets/${p.datasetId}?explained=1#quality`, 303);
  });

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

  /** Deleting a row asks first (no script: this page; with script: public/confirm.js); only recorders see it. */
  async function deleteConfirmation(req: FastifyRequest, reply: FastifyReply) {
    const p = parseOrThrow(datasetParams, req.params);
    const rowId = (req.params as { rowId: string }).rowId;
    const actor = requireActor(req);
    const d = await records.readDataset(k, actor, p.code, p.year, p.datasetId);
    await records.requireAccess(k, actor, p.code, 'record', {
      year: p.year,
      section: d.section,
      datasetId: p.datasetId,
    });
    const i = d.rows.findIndex((r) => r.id === rowId);
    if (i < 0)
      throw new AppError('not_found', bi('ไม่พบแถวนี้ อาจถูกลบไปแล้ว', 'No such row; it may have been deleted'));
    const t = translator(req.lang);
    const en = req.lang === 'en';
    const base = `/laos/${p.code}/years/${p.year}/datasets/${p.datasetId}`;
    const name = en ? d.def.nameEn : d.def.nameTh;
    const row = d.rows[i]!;
    return reply.page(
      <ConfirmPage
        ctx={req.pageCtx()}
        title={t(`ลบแถวที่ ${i + 1} ใช่หรือไม่`, `Delete row ${i + 1}?`)}
        lead={t(
          `แถวที่ ${i + 1} ของ${name}จะถูกลบ การลบจะบันทึกในประวัติการแก้ไข และกู้คืนได้จากประวัติการแก้ไข`,
          `Row ${i + 1} of ${name} will be deleted. The deletion is kept in the history, where the row can be restored.`,
        )}
        details={d.def.fields.map((f) => ({
          key: en ? f.labelEn : f.labelTh,
          value: displayValue(f, row.values[f.key], req.lang),
        }))}
        action={`${base}/rows/${rowId}/delete`}
        hidden={{ version: String(d.version), ...changeReasonOf(req.body) }}
        button={t('ลบแถวนี้', 'Delete this row')}
        cancelHref={base}
        breadcrumbs={[
          {
            href: `/laos/${p.code}/years/${p.year}#aspect-${d.section.no}`,
            label: `${d.lao.nameTh} ${p.year}`,
          },
          { href: base, label: name },
        ]}
      />,
    );
  }

  app.get('/laos/:code/years/:year/datasets/:datasetId/rows/:rowId/delete', deleteConfirmation);

  app.post('/laos/:code/years/:year/datasets/:datasetId/rows/:rowId/delete', async (req, reply) => {
    if (!isConfirmed(req.body)) return deleteConfirmation(req, reply);
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

  // Copying last year's rows shows them first; only the save on that preview (confirmed=yes) writes them.
  app.post('/laos/:code/years/:year/datasets/:datasetId/copy-last-year', async (req, reply) => {
    if (!isConfirmed(req.body)) {
      const p = parseOrThrow(datasetParams, req.params);
      const actor = requireActor(req);
      const d = await records.readDataset(k, actor, p.code, p.year, p.datasetId);
      await records.requireAccess(k, actor, p.code, 'record', {
        year: p.year,
        section: d.section,
        datasetId: p.datasetId,
      });
      return renderDataset(req, reply, p, { copyPreview: true });
    }
    return pageSave(
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
    );
  });

  app.get('/laos/:code/years/:year/datasets/:datasetId/history', async (req, reply) => {
    const p = parseOrThrow(datasetParams, req.params);
    const pg = paging(parseOrThrow(pagingOnly, req.query), 20);
    const actor = requireActor(req);
    const h = await records.datasetHistory(k, actor, p.code, p.year, p.datasetId, pg);
    const [canRecord, certified] = await Promise.all([
      records.mayRecord(k, actor, p.code, p.year, h.section, p.datasetId),
      records.aspectCertified(k, p.code, p.year, h.section.no),
    ]);
    return reply.page(
      <HistoryPage ctx={req.pageCtx()} h={h} paging={pg} canRecord={canRecord} certified={certified} />,
    );
  });

  // A deleted row comes back from the history: its own CSRF-protected form, scope-checked by the service.
  app.post(
    '/laos/:code/years/:year/datasets/:datasetId/history/:version/rows/:rowId/restore',
    async (req, reply) => {
      const p = parseOrThrow(historyParams, req.params);
      const rowId = (req.params as { rowId: string }).rowId;
      const actor = requireActor(req);
      const body = (req.body ?? {}) as Body;
      try {
        await records.restoreRow(
          k,
          actor,
          p.code,
          p.year,
          p.datasetId,
          {
            fromVersion: p.version,
            rowId,
            version: Number(str(body.version)) || 0,
            changeReason: str(body.changeReason) || null,
          },
          { ip: req.ip },
        );
      } catch (err) {
        if (err instanceof AppError && [409, 422].includes(err.status))
          return renderDataset(req, reply, p, {
            errors: pageErrors(err, req.lang),
            status: err.status,
          });
        throw err;
      }
      return reply.redirect(`/laos/${p.code}/years/${p.year}/datasets/${p.datasetId}?restored=1`, 303);
    },
  );

  app.get('/laos/:code/years/:year/datasets/:datasetId/history/:version', async (req, reply) => {
    const p = parseOrThrow(historyParams, req.params);
    const pg = paging(parseOrThrow(pagingOnly, req.query), 100);
    const h = await records.historyEntry(k, requireActor(req), p.code, p.year, p.datasetId, p.version, pg);
    return reply.page(<HistoryEntryPage ctx={req.pageCtx()} h={h} paging={pg} />);
  });
}

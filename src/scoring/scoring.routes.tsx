import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { requireActor } from '../plugins/session.ts';
import { can } from '../policy/policy.ts';
import { laoYearParams } from '../records/records.schemas.ts';
import { listDistricts, listProvinces, requireKnownArea } from '../registry/registry.service.ts';
import { api } from '../system/api-doc.ts';
import { AppError } from '../util/errors.ts';
import { pageOf, paging, pagingOnly } from '../util/paging.ts';
import { fiscalYearOf, toBangkokIso } from '../util/thai-date.ts';
import { parseOrThrow } from '../util/validation.ts';
import { tryForm, viewErrors } from '../views/forms.ts';
import { AssessmentPage, AssessmentsPage } from './assessments.views.tsx';
import { EvidencePage } from './score-evidence.views.tsx';
import { ScoresPage } from './scores.views.tsx';
import { laoTable, provinceTable, type Table, toCsv, toXlsx } from './scoring.export.ts';
import {
  assessmentIdParams,
  assessmentInputSchema,
  laoScoreQuerySchema,
  scoresQuerySchema,
} from './scoring.schemas.ts';
import * as scoring from './scoring.service.ts';
import { ScorePage } from './scoring.views.tsx';

const assessmentsQuery = scoresQuerySchema.pick({ year: true, province: true, page: true, pageSize: true });
const asOfNotes = {
  asOf: 'The moment assessed: ISO 8601 with an offset (2026-05-15T15:30:00+07:00) or dd/mm/yyyy HH:MM:SS in the Buddhist era (Bangkok); default now. In the future or before the fiscal year starts: 400.',
  year: 'Buddhist-era fiscal year (default: the current one)',
  province: '2-digit province code',
  district: '4-digit district code',
  score: 'only LAOs with this score',
};

/**
 * The LPA indicator 4 score. Reading scores is public (assessors and the public, like the status search);
 * recording a frozen assessment needs 'province.assess' (or system.admin for the whole country).
 */
export async function scoringRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;

  // ---------------------------------------------------------------------------------------------- API
  app.get(
    '/api/v1/scores',
    api({
      id: 'listScores',
      tag: 'scoring',
      public: true,
      paged: true,
      summary:
        'LPA indicator 4 scores of the country, a province or a district as of a moment: { year, asOf, items: [{ laoCode, score, criterion, reasons: [{ code, aspect, datasetId, message }] }], distribution: { "0": n, …, "5": n }, total, page, pageSize, next }',
      description:
        'Computed in one pass for the whole scope; `distribution` counts every LAO of the scope, `score` filters the items only. `reasons` are the steps to reach 5 (empty at 5), in Thai or in English with Accept-Language: en.',
      query: scoresQuerySchema,
      notes: asOfNotes,
    }),
    async (req) => {
      const q = parseOrThrow(scoresQuerySchema, req.query);
      await requireKnownArea(k, q);
      const p = paging(q, 100);
      const r = await scoring.scoresPage(k, q, p.page, p.pageSize);
      const items = r.items.map((x) => scoring.apiScore(r.run, x.result, req.lang));
      return {
        year: r.run.year,
        asOf: toBangkokIso(r.run.asOf),
        distribution: r.distribution,
        ...pageOf(req.url, p, items, r.total),
      };
    },
  );

  app.get(
    '/api/v1/laos/:code/years/:year/score',
    api({
      id: 'getLaoScore',
      tag: 'scoring',
      public: true,
      summary: 'One LAO’s score as of a moment, with its reasons and the state of each aspect',
      params: laoYearParams,
      query: laoScoreQuerySchema,
      notes: asOfNotes,
    }),
    async (req) => {
      const p = parseOrThrow(laoYearParams, req.params);
      const q = parseOrThrow(laoScoreQuerySchema, req.query);
      const s = await scoring.laoScore(k, p.code, p.year, q.asOf);
      const run = await scoring.explain(k, s.run, [p.code]);
      const result = run.results[0]!;
      return {
        year: run.year,
        asOf: toBangkokIso(run.asOf),
        periodStart: toBangkokIso(run.periodStart),
        rubricRevision: run.rubric.revision,
        ...scoring.apiScore(run, result, req.lang),
        aspects: result.aspects.map((a) => ({
          no: a.no,
          applicable: a.applicable,
          recorded: a.recorded,
          laoCertifiedAt: a.laoCounts && a.laoCertifiedAt ? toBangkokIso(a.laoCertifiedAt) : null,
          provinceCertifiedAt:
            a.provinceCounts && a.provinceCertifiedAt ? toBangkokIso(a.provinceCertifiedAt) : null,
          changedAfterCertificationAt: a.changedAfterCertificationAt
            ? toBangkokIso(a.changedAfterCertificationAt)
            : null,
        })),
      };
    },
  );

  app.get(
    '/api/v1/assessments',
    api({
      id: 'listAssessments',
      tag: 'scoring',
      public: true,
      paged: true,
      summary:
        'Frozen assessments, newest first: items [{ id, year, asOf, scope, scopeCode, total, distribution, createdAt, createdBy }]',
      query: assessmentsQuery,
      notes: asOfNotes,
    }),
    async (req) => {
      const q = parseOrThrow(assessmentsQuery, req.query);
      await requireKnownArea(k, q);
      const p = paging(q, 50);
      const r = await scoring.listAssessments(k, q, { limit: p.pageSize, offset: p.offset });
      return pageOf(req.url, p, r.items, r.total);
    },
  );

  app.post(
    '/api/v1/assessments',
    api({
      id: 'recordAssessment',
      tag: 'scoring',
      summary:
        'Record a frozen assessment of an LAO, a province or the country as of a moment: { id, total, distribution }',
      description:
        'Central administrator, or a provincial officer for an LAO or the province of their own province (policy province.assess). The scores and reasons are stored and never changed.',
      body: assessmentInputSchema,
      status: 201,
    }),
    async (req, reply) => {
      const actor = requireActor(req);
      const input = parseOrThrow(assessmentInputSchema, req.body);
      const r = await scoring.recordAssessment(k, actor, input);
      return reply.code(201).send(r);
    },
  );

  app.get(
    '/api/v1/assessments/:id',
    api({
      id: 'getAssessment',
      tag: 'scoring',
      public: true,
      paged: true,
      summary:
        'A frozen assessment with one page of its LAOs: each LAO’s stored score and reasons, with `differs` when a recomputation as of the same moment today gives another result (`differing` counts them all)',
      params: assessmentIdParams,
      query: pagingOnly,
    }),
    async (req) => {
      const { id } = parseOrThrow(assessmentIdParams, req.params);
      const p = paging(parseOrThrow(pagingOnly, req.query), 100);
      const a = await scoring.getAssessment(k, id);
      const items = a.items.slice(p.offset, p.offset + p.pageSize);
      return {
        ...a,
        asOf: toBangkokIso(a.asOf),
        rubricName: req.lang === 'en' ? a.rubricName.en : a.rubricName.th,
        ...pageOf(req.url, p, items, a.items.length),
        items: items.map((it) => ({
          laoCode: it.laoCode,
          score: it.score,
          criterion: req.lang === 'en' ? it.criterion.en : it.criterion.th,
          reasons: it.reasons.map((r) => ({
            code: r.code,
            ...(r.aspect !== undefined ? { aspect: r.aspect } : {}),
            ...(r.datasetId ? { datasetId: r.datasetId } : {}),
            message: req.lang === 'en' ? r.en : r.th,
          })),
          recomputedScore: it.recomputedScore,
          differs: it.differs,
        })),
      };
    },
  );

  // ---------------------------------------------------------------------------------------------- Pages
  const scoresView = async (req: FastifyRequest, reply: FastifyReply) => {
    const parsed = scoresQuerySchema.safeParse(req.query);
    const q: Partial<ReturnType<typeof scoresQuerySchema.parse>> = parsed.success ? parsed.data : {};
    const year = q.year ?? fiscalYearOf();
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    let errors = parsed.success ? [] : viewErrors(parsed.error, req.lang);
    let r = await tryForm(req.lang, () => scoring.scoresPage(k, { ...q, year }, page, pageSize));
    if (!r.ok) {
      errors = [...errors, ...r.errors];
      r = await tryForm(req.lang, () =>
        scoring.scoresPage(k, { year, province: q.province, district: q.district }, 1, pageSize),
      );
      if (!r.ok) throw new AppError('bad_request', { th: r.errors[0]!.message, en: r.errors[0]!.message });
    }
    const [provinces, districts] = await Promise.all([
      listProvinces(k),
      q.province ? listDistricts(k, q.province) : Promise.resolve([]),
    ]);
    const v = r.value;
    return reply.page(
      <ScoresPage
        ctx={req.pageCtx()}
        query={{ year, asOf: q.asOf, province: q.province, district: q.district, score: q.score }}
        run={v.run}
        distribution={v.distribution}
        rows={v.items}
        total={v.total}
        page={v.page}
        pageSize={v.pageSize}
        provinces={provinces}
        districts={districts}
        byProvince={q.province ? null : scoring.byProvince(v.run)}
        errors={errors}
      />,
      errors.length ? 400 : 200,
    );
  };
  app.get('/scores', scoresView);

  const sendTable = async (reply: FastifyReply, t: Table, name: string, format: 'csv' | 'xlsx') => {
    if (format === 'csv')
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(await toCsv(t));
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .send(await toXlsx(t, 'scores'));
  };

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/scores.${format}`, async (req, reply) => {
      const q = parseOrThrow(scoresQuerySchema, req.query);
      const r = await scoring.scoresForExport(k, q);
      const name = `scores-${r.run.year}${q.province ? `-${q.province}` : ''}${q.district ? `-${q.district}` : ''}`;
      return sendTable(reply, laoTable(r.run, r.rows, req.lang), name, format);
    });
    app.get(`/scores/by-province.${format}`, async (req, reply) => {
      const q = parseOrThrow(scoresQuerySchema, req.query);
      const r = await scoring.scoresOf(k, { year: q.year, asOf: q.asOf });
      return sendTable(
        reply,
        provinceTable(r.run, scoring.byProvince(r.run), req.lang),
        `scores-by-province-${r.run.year}`,
        format,
      );
    });
  }

  app.get('/laos/:code/years/:year/score', async (req, reply) => {
    const p = parseOrThrow(laoYearParams, req.params);
    const q = parseOrThrow(laoScoreQuerySchema, req.query);
    const s = await scoring.laoScore(k, p.code, p.year, q.asOf);
    const run = await scoring.explain(k, s.run, [p.code]);
    return reply.page(
      <ScorePage
        ctx={req.pageCtx()}
        run={run}
        result={run.results[0]!}
        lao={s.lao}
        asOfText={q.asOf ?? ''}
      />,
    );
  });

  app.get('/laos/:code/years/:year/evidence', async (req, reply) => {
    const p = parseOrThrow(laoYearParams, req.params);
    const q = parseOrThrow(laoScoreQuerySchema, req.query);
    const ev = await scoring.evidenceOf(k, req.actor, p.code, p.year, q.asOf);
    const run = await scoring.explain(k, ev.run, [p.code]);
    return reply.page(
      <EvidencePage
        ctx={req.pageCtx()}
        ev={{ ...ev, run, result: run.results[0]! }}
        asOfText={q.asOf ?? ''}
      />,
    );
  });

  const assessmentsView = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values?: Record<string, string | undefined>,
    errors: ReturnType<typeof viewErrors> = [],
  ) => {
    const p = paging(parseOrThrow(pagingOnly, req.query), 50);
    const list = await scoring.listAssessments(k, {}, { limit: p.pageSize, offset: p.offset });
    const canRecord = can(req.actor, 'system.admin') || req.actor?.role === 'province_officer';
    return reply.page(
      <AssessmentsPage
        ctx={req.pageCtx()}
        list={list}
        paging={p}
        canRecord={canRecord}
        values={values ?? { year: String(fiscalYearOf()), scope: 'lao' }}
        errors={errors}
      />,
      errors.length ? 400 : 200,
    );
  };
  app.get('/assessments', async (req, reply) => assessmentsView(req, reply));

  app.post('/assessments', async (req, reply) => {
    const actor = requireActor(req);
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const values = { scope: body.scope, code: body.code, year: body.year, asOf: body.asOf, note: body.note };
    const parsed = assessmentInputSchema.safeParse(body);
    if (!parsed.success) return assessmentsView(req, reply, values, viewErrors(parsed.error, req.lang));
    const r = await tryForm(req.lang, () => scoring.recordAssessment(k, actor, parsed.data));
    if (!r.ok) return assessmentsView(req, reply, values, r.errors);
    return reply.redirect(`/assessments/${r.value.id}`, 303);
  });

  app.get('/assessments/:id', async (req, reply) => {
    const { id } = parseOrThrow(assessmentIdParams, req.params);
    const q = parseOrThrow(scoresQuerySchema.pick({ page: true }), req.query);
    const a = await scoring.getAssessment(k, id);
    return reply.page(<AssessmentPage ctx={req.pageCtx()} a={a} page={q.page ?? 1} pageSize={50} />);
  });
}

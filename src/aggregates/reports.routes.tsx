import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { listCatalogYears } from '../catalog/catalog.service.ts';
import { CSV_TYPE, csvReadable, XLSX_TYPE, xlsxStream } from '../exports/table.ts';
import { getDistrict, getProvince, laoInYear } from '../registry/registry.service.ts';
import { api } from '../system/api-doc.ts';
import { AppError } from '../util/errors.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import { parseOrThrow } from '../util/validation.ts';
import { viewErrors } from '../views/forms.ts';
import { type ReportQuery, reportFieldsQuery, reportQuery } from './aggregates.schemas.ts';
import * as aggregates from './aggregates.service.ts';
import { bysFor, type ReportForm, ReportPage } from './reports.views.tsx';

/** The measure a bare /reports shows: waste generated per day, in every LAO's form. */
const DEFAULT_MEASURE = { dataset: 'waste-management', field: 'generatedTonsPerDay' };

const reportNotes = {
  year: 'Buddhist-era fiscal year',
  dataset: 'data set id, e.g. waste-management (see /api/v1/reports/fields)',
  field: 'a numeric field of the data set, e.g. generatedTonsPerDay',
  by: 'province (default), district, type (LAO type) or lao',
  province: '2-digit province code: only its LAOs',
  district: '4-digit district code: only its LAOs',
  lao: '7-digit LAO code: that LAO alone',
  basis:
    'certified (default, public): rows of aspects the LAO certified and nobody changed since; recorded (signed in, own area only): every recorded row',
};

/** Reports of recorded data: the public pages (certified data), their CSV and .xlsx, and the JSON API. */
export async function reportsRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;

  app.get(
    '/api/v1/reports/fields',
    api({
      id: 'reportFields',
      tag: 'reports',
      public: true,
      summary:
        'What a report can be made of in a fiscal year: [{ datasetId, nameTh, nameEn, sectionNo, kind, fields: [{ key, labelTh, labelEn, unit }] }]',
      description:
        'Every data set with numeric fields (a Buddhist-era year field is not a measure), in catalog order.',
      query: reportFieldsQuery,
      notes: { year: 'Buddhist-era fiscal year' },
    }),
    async (req) => {
      const q = parseOrThrow(reportFieldsQuery, req.query);
      return aggregates.reportFields(k, q.year);
    },
  );

  app.get(
    '/api/v1/reports/stats',
    api({
      id: 'reportStats',
      tag: 'reports',
      public: true,
      summary:
        'A report of one numeric field: { year, previousYear, basis, dataset, field, by, area, items: [{ code, nameTh, nameEn, laos, rows, values, sum, mean, min, max, previous: { sum, values, laos }, change }], total }',
      description:
        'Totals, counts, mean, smallest and largest value of a numeric field of a data set in a fiscal year, grouped by province, district, LAO type or LAO within an area, beside last year’s total (change is a ratio: 0.1 = +10 %). The public sees certified values only; basis=recorded (signed in) counts every recorded row of the actor’s own area. basis=recorded without signing in is a 401, and for an area outside the actor’s own a 403. The same report as a page: /reports (and /reports.csv, /reports.xlsx).',
      query: reportQuery,
      notes: reportNotes,
      refusals: {
        422: 'A data set, province, district or LAO the catalog or registry does not have, named in the problem',
      },
    }),
    async (req) => {
      const q = parseOrThrow(reportQuery, req.query);
      return aggregates.report(k, req.actor, q);
    },
  );

  /** The page's query: `measure` (dataset:field, from the form's one select) or dataset and field. */
  const pageQuery = async (raw: Record<string, unknown>) => {
    const measure = typeof raw.measure === 'string' ? raw.measure.split(':') : [];
    const given = { ...raw };
    if (measure.length === 2) [given.dataset, given.field] = measure;
    given.dataset ??= DEFAULT_MEASURE.dataset;
    given.field ??= DEFAULT_MEASURE.field;
    given.year ??= String(await defaultYear());
    const parsed = reportQuery.safeParse(given);
    // A grouping that does not fit the level drilled into falls back to that level's first.
    if (parsed.success && !(bysFor(parsed.data) as readonly string[]).includes(parsed.data.by))
      parsed.data.by = bysFor(parsed.data)[0];
    return { parsed, given };
  };

  /** The newest fiscal year with a catalog, up to the current one: a new year's first days have no catalog yet. */
  async function defaultYear() {
    const now = fiscalYearOf();
    const years = (await listCatalogYears(k)).map((y) => y.year).filter((y) => y <= now);
    return years.length ? Math.max(...years) : now;
  }

  async function pageOptions(year: number) {
    const years = [...new Set([...(await listCatalogYears(k)).map((y) => y.year), year])].sort(
      (a, b) => b - a,
    );
    const fields = await aggregates.reportFields(k, year).catch(() => []);
    return { years, fields };
  }

  app.get('/reports', async (req, reply) => {
    const { parsed, given } = await pageQuery(req.query as Record<string, unknown>);
    const formOf = (q: Partial<ReportQuery>): ReportForm => ({
      year: q.year ?? fiscalYearOf(),
      dataset: q.dataset ?? String(given.dataset),
      field: q.field ?? String(given.field),
      by: q.by ?? 'province',
      province: q.province,
      district: q.district,
      lao: q.lao,
      basis: q.basis ?? 'certified',
    });
    const render = async (
      form: ReportForm,
      report: aggregates.Report | null,
      errors = [] as ReturnType<typeof viewErrors>,
    ) => {
      const { years, fields } = await pageOptions(form.year);
      const en = req.lang === 'en';
      const measures = fields.flatMap((d) =>
        d.fields.map((f) => ({
          value: `${d.datasetId}:${f.key}`,
          label: `${en ? d.nameEn : d.nameTh} — ${en ? f.labelEn : f.labelTh}${f.unit ? ` (${f.unit})` : ''}`,
        })),
      );
      const [province, district, lao] = await Promise.all([
        form.province ? getProvince(k, form.province) : null,
        form.district ? getDistrict(k, form.district) : null,
        form.lao ? laoInYear(k, form.lao, form.year).catch(() => null) : null,
      ]);
      return reply.page(
        <ReportPage
          ctx={req.pageCtx()}
          form={{ ...form, province: form.province ?? lao?.provinceCode }}
          years={years}
          measures={measures}
          report={report}
          area={{
            provinceName: (en ? province?.name_en : province?.name_th) ?? lao?.provinceNameTh,
            districtName: en ? district?.name_en : district?.name_th,
            laoName: lao?.nameTh,
          }}
          signedIn={req.actor !== null}
          errors={errors}
        />,
        errors.length ? 400 : 200,
      );
    };
    if (!parsed.success) return render(formOf({}), null, viewErrors(parsed.error, req.lang));
    const q = parsed.data;
    try {
      return render(formOf(q), await aggregates.report(k, req.actor, q));
    } catch (err) {
      // A field or data set the year's catalog lacks is the form's error, shown beside the select.
      if (err instanceof AppError && (err.code === 'bad_request' || err.code === 'unprocessable'))
        return render(formOf(q), null, viewErrors(err, req.lang));
      throw err;
    }
  });

  const exported = async (req: FastifyRequest, reply: FastifyReply, format: 'csv' | 'xlsx') => {
    const { parsed } = await pageQuery(req.query as Record<string, unknown>);
    const q = parsed.success ? parsed.data : parseOrThrow(reportQuery, req.query);
    const r = await aggregates.report(k, req.actor, q);
    const name = [
      'report',
      r.dataset.id,
      r.field.key,
      r.year,
      q.province ?? q.district ?? q.lao ?? 'th',
      r.by,
      r.basis === 'recorded' ? 'recorded' : null,
    ]
      .filter(Boolean)
      .join('-');
    const table = aggregates.reportTable(r, req.lang);
    reply
      .header('content-disposition', `attachment; filename="${name}.${format}"`)
      .header('cache-control', 'no-store');
    if (format === 'csv') return reply.type(CSV_TYPE).send(csvReadable(table));
    return reply.type(XLSX_TYPE).send(xlsxStream(table, `${r.dataset.id} ${r.year}`));
  };
  app.get('/reports.csv', (req, reply) => exported(req, reply, 'csv'));
  app.get('/reports.xlsx', (req, reply) => exported(req, reply, 'xlsx'));
}

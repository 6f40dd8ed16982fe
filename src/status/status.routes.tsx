import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { listCatalogYears } from '../catalog/catalog.service.ts';
import type { Lang } from '../plugins/i18n.ts';
import { renderPage } from '../plugins/views.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { allLaos } from '../registry/registry.repository.ts';
import { listDistricts, listProvinces, requireKnownArea } from '../registry/registry.service.ts';
import { api } from '../system/api-doc.ts';
import { pageOf } from '../util/paging.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import { parseOrThrow } from '../util/validation.ts';
import { hrefWith } from '../views/components.tsx';
import { viewErrors } from '../views/forms.ts';
import { type Encoded, encoded, StatusAnswers, sendEncoded } from './status.cache.ts';
import { statusCsv, statusXlsx } from './status.export.ts';
import { type StatusQuery, statusQuery } from './status.schemas.ts';
import { allStatus, searchStatus, toApiStatusItem } from './status.service.ts';
import { type StatusForm, StatusPage } from './status.views.tsx';

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** The public status search (no sign-in): the page, its CSV and .xlsx exports, and the JSON API. */
export async function statusRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;

  // The answers everyone asks for are kept (status.cache.ts): the JSON body as sent, and the page as an
  // anonymous visitor sees it (a signed-in user's page has their name and menu, so it is rendered each time).
  const bodies = new StatusAnswers<Encoded>('status_json');
  const pages = new StatusAnswers<Encoded>('status_page');
  const codesOf = (r: { items: { laoCode: string }[] } | null) => (r ? r.items.map((i) => i.laoCode) : []);

  app.get(
    '/api/v1/status',
    api({
      id: 'searchStatus',
      tag: 'status',
      public: true,
      paged: true,
      summary:
        'The public certification status: { items: [{ laoCode, laoNameTh, provinceCode, provinceNameTh, provinceNameEn, districtCode, districtNameTh, districtNameEn, aspects: [{ no, state, laoCertifiedAt, provinceCertifiedAt, returnedAt, returnReason }], debtReport: { no: 9, state, … } }], total, page, pageSize, next }',
      description:
        'Aspects 1–8 and the debt report (section 9, certified the same way) of every active LAO as the registry stands in the fiscal year, in registry order. state is one of not_started, in_progress, complete, lao_certified, province_certified, returned, changed_after_certification; timestamps are ISO 8601 with +07:00. The same search as a page: /status (and /status.csv, /status.xlsx for the whole filtered result).',
      query: statusQuery,
      notes: {
        year: 'Buddhist-era fiscal year (default: the current one)',
        province: '2-digit province code',
        district: '4-digit district code',
        lao: '7-digit LAO code',
        pageSize: '10 (default), 25, 50 or 100',
      },
      refusals: { 422: 'A province, district or LAO code the registry does not have, named in the problem' },
    }),
    async (req, reply) => {
      const q = parseOrThrow(statusQuery, req.query);
      const key = [q.year ?? fiscalYearOf(), q.province, q.district, q.lao, q.page, q.pageSize].join('|');
      const body = await bodies.get(k, key, async () => {
        // Checked on a miss only: a kept answer was for known codes, and unknown ones are never kept.
        await requireKnownArea(k, q);
        const r = await searchStatus(k, q);
        // The next page's path is built from the conditions themselves: the answer is kept and shared by key.
        const self = hrefWith('/api/v1/status', {
          year: q.year,
          province: q.province,
          district: q.district,
          lao: q.lao,
          pageSize: q.pageSize,
        });
        const p = { page: r.page, pageSize: r.pageSize, offset: (r.page - 1) * r.pageSize };
        const value = encoded(JSON.stringify(pageOf(self, p, r.items.map(toApiStatusItem), r.total)));
        return { value, codes: codesOf(r) };
      });
      return sendEncoded(req, reply, body, 'application/json; charset=utf-8');
    },
  );

  /** The selects of the form: provinces, the chosen province's districts, the chosen district's LAOs. */
  async function options(form: StatusForm, lang: Lang) {
    const en = lang === 'en';
    const [provinces, districts, laos, catalogYears] = await Promise.all([
      listProvinces(k),
      form.province ? listDistricts(k, form.province) : Promise.resolve([]),
      form.district ? allLaos(k, { year: form.year, district: form.district }) : Promise.resolve([]),
      listCatalogYears(k),
    ]);
    const years = [...new Set([...catalogYears.map((y) => y.year), fiscalYearOf(), form.year])].sort(
      (a, b) => b - a,
    );
    return {
      years,
      provinces: provinces.map((x) => ({ value: x.code, label: en ? x.name_en : x.name_th })),
      districts: districts.map((x) => ({ value: x.code, label: en ? x.name_en : x.name_th })),
      laos: laos.map((x) => ({ value: x.code, label: fullNameTh(x.type, x.name) })),
    };
  }

  const formOf = (q: Partial<StatusQuery>): StatusForm => ({
    year: q.year ?? fiscalYearOf(),
    province: q.province,
    district: q.district,
    lao: q.lao,
    pageSize: q.pageSize ?? 10,
  });

  app.get('/status', async (req, reply) => {
    const raw = req.query as Record<string, unknown>;
    // The form's other buttons: "แสดงทั้งหมด" keeps only the year and page size, "เริ่มค้นหาใหม่" clears all.
    if (raw.show === 'reset') return reply.redirect('/status', 303);
    if (raw.show === 'all')
      return reply.redirect(hrefWith('/status', { year: str(raw.year), pageSize: str(raw.pageSize) }), 303);
    const parsed = statusQuery.safeParse(raw);
    if (!parsed.success) {
      const form = formOf({
        province: str(raw.province)?.match(/^\d{2}$/)?.[0],
        district: str(raw.district)?.match(/^\d{4}$/)?.[0],
      });
      return reply.page(
        <StatusPage
          ctx={req.pageCtx()}
          form={form}
          {...(await options(form, req.lang))}
          result={null}
          errors={viewErrors(parsed.error, req.lang)}
        />,
        400,
      );
    }
    const q = parsed.data;
    const form = formOf(q);
    // A bare /status (or "เริ่มค้นหาใหม่") shows the empty form; any condition runs the search.
    const searching = ['year', 'province', 'district', 'lao', 'page', 'pageSize'].some((key) =>
      str(raw[key]),
    );
    const render = async () => {
      const result = searching ? await searchStatus(k, q) : null;
      const page = (
        <StatusPage ctx={req.pageCtx()} form={form} {...(await options(form, req.lang))} result={result} />
      );
      return { value: renderPage(page), codes: codesOf(result) };
    };
    if (req.pageUser) return reply.html((await render()).value);
    const html = await pages.get(k, `${req.lang}|${fiscalYearOf()}|${req.url}`, async () => {
      const r = await render();
      return { value: encoded(r.value), codes: r.codes };
    });
    reply.header('cache-control', 'no-store');
    return sendEncoded(req, reply, html, 'text/html; charset=utf-8');
  });

  const exportName = (q: StatusQuery, ext: string) =>
    `lao-info-status-${q.year ?? fiscalYearOf()}${q.province ? `-${q.province}` : ''}${q.district ? `-${q.district}` : ''}${q.lao ? `-${q.lao}` : ''}.${ext}`;

  const exported = async (req: FastifyRequest, reply: FastifyReply, ext: 'csv' | 'xlsx') => {
    const q = parseOrThrow(statusQuery, req.query);
    const r = await allStatus(k, q);
    reply
      .header('content-disposition', `attachment; filename="${exportName(q, ext)}"`)
      .header('cache-control', 'no-store');
    if (ext === 'csv') return reply.type('text/csv; charset=utf-8').send(await statusCsv(r.items, req.lang));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await statusXlsx(r.items, req.lang, r.year));
  };

  app.get('/status.csv', (req, reply) => exported(req, reply, 'csv'));
  app.get('/status.xlsx', (req, reply) => exported(req, reply, 'xlsx'));
}

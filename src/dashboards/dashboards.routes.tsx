import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { getDeadline } from '../assignments/assignments.service.ts';
import { beToIso } from '../assignments/due-dates.ts';
import { listCatalogYears } from '../catalog/catalog.service.ts';
import { batchForm } from '../certification/certification.schemas.ts';
import { certifyMany } from '../certification/certification.service.ts';
import { workYear } from '../certification/work-year.ts';
import { pick, translator } from '../plugins/i18n.ts';
import { requireActor } from '../plugins/session.ts';
import { can } from '../policy/policy.ts';
import { laoYearParams } from '../records/records.schemas.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { allLaos } from '../registry/registry.repository.ts';
import { getDistrict, getProvince, listDistricts } from '../registry/registry.service.ts';
import { api } from '../system/api-doc.ts';
import { AppError, bi } from '../util/errors.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import { parseOrThrow } from '../util/validation.ts';
import type { ViewFieldError } from '../views/components.tsx';
import { tryForm, viewErrors } from '../views/forms.ts';
import {
  extensionBody,
  extensionForm,
  provinceParams,
  provinceQuery,
  provinceYearParams,
  yearForm,
  yearQuery,
} from './dashboards.schemas.ts';
import * as dash from './dashboards.service.ts';
import { NationalPage } from './dashboards.views.tsx';
import { ExtensionsPage } from './extensions.views.tsx';
import { BatchResultPage, ProvincePage } from './province.views.tsx';

/** The API shape of a summary: shares per province, totals, the progress points. */
function apiSummary(s: dash.NationalSummary) {
  const withShares = <
    T extends { aspects: number; recorded: number; laoCertified: number; provinceCertified: number },
  >(
    x: T,
  ) => ({
    ...x,
    recordedShare: dash.share(x.recorded, x.aspects),
    laoCertifiedShare: dash.share(x.laoCertified, x.aspects),
    provinceCertifiedShare: dash.share(x.provinceCertified, x.aspects),
  });
  return {
    year: s.year,
    deadline: s.deadline,
    totals: withShares(s.totals),
    provinces: s.provinces.map(withShares),
    progress: s.chart.points,
  };
}

/** The province and national dashboards, the public summary, and deadline extensions: pages and API. */
export async function dashboardsRoutes(app: FastifyInstance, { db }: AppDeps) {
  /** A district filter must be one of the province's districts: another is a 422 naming it. */
  const requireDistrictOf = async (province: string, district: string | undefined) => {
    if (!district || (await getDistrict(db.kysely, district))?.province_code === province) return;
    const message = bi(
      `ไม่พบอำเภอรหัส ${district} ในจังหวัดรหัส ${province} — ใช้รหัสจาก /api/v1/districts?province=${province}`,
      `No district ${district} in province ${province}; use a code from /api/v1/districts?province=${province}`,
    );
    throw new AppError('unprocessable', message, [{ field: 'district', code: 'unknown_district', message }]);
  };
  const k = db.kysely;
  const years = async () =>
    [...new Set([...(await listCatalogYears(k)).map((y) => y.year), fiscalYearOf()])].sort((a, b) => b - a);

  // JSON API
  app.get(
    '/api/v1/dashboards/summary',
    api({
      id: 'nationalSummary',
      tag: 'dashboards',
      public: true,
      summary:
        'The public national summary of a fiscal year (aspects 1–8): { year, deadline, totals: { laos, aspects, recorded, laoCertified, provinceCertified, …Share }, provinces: [{ code, nameTh, nameEn, laos, aspects, recorded, laoCertified, provinceCertified, recordedShare, laoCertifiedShare, provinceCertifiedShare }], progress: [{ date, recorded, laoCertified, provinceCertified }] }',
      description: 'recorded = data complete; progress is day by day from 1 October (Bangkok days).',
      query: yearQuery,
    }),
    async (req) => {
      const q = parseOrThrow(yearQuery, req.query);
      return apiSummary(await dash.nationalSummary(k, q.year ?? fiscalYearOf()));
    },
  );

  app.get(
    '/api/v1/dashboards/national',
    api({
      id: 'nationalDashboard',
      tag: 'dashboards',
      summary:
        'The national dashboard (central administrator): the summary, with per province the LAOs behind the deadline and the extensions, and every extension',
      query: yearQuery,
    }),
    async (req) => {
      const q = parseOrThrow(yearQuery, req.query);
      const d = await dash.nationalDashboard(k, requireActor(req), q.year ?? fiscalYearOf());
      return {
        ...apiSummary(d),
        provinces: apiSummary(d).provinces.map((p, i) => ({
          ...p,
          behind: d.provinces[i]!.behind,
          extensions: d.provinces[i]!.extensions,
        })),
        behind: d.behind,
        extensions: d.extensions,
      };
    },
  );

  app.get(
    '/api/v1/dashboards/provinces/:code',
    api({
      id: 'provinceDashboard',
      tag: 'dashboards',
      summary:
        'A province dashboard: { counts per state, laos: [{ code, nameTh, type, districtCode, aspects: [{ no, state }], certified, dueDate, extension }], behind, extensions, progress }',
      description: 'A district officer must give their own district.',
      params: provinceParams,
      query: provinceQuery,
      refusals: { 422: 'A district the province does not have' },
    }),
    async (req) => {
      const { code } = parseOrThrow(provinceParams, req.params);
      const q = parseOrThrow(provinceQuery, req.query);
      await requireDistrictOf(code, q.district);
      const d = await dash.provinceDashboard(k, requireActor(req), code, q.year ?? fiscalYearOf(), q);
      return {
        provinceCode: d.province.code,
        year: d.year,
        deadline: d.deadline,
        counts: d.counts,
        laos: d.laos.map(({ behind: _b, ...l }) => l),
        behind: d.behind.map((l) => ({
          code: l.code,
          nameTh: l.nameTh,
          certified: l.certified,
          dueDate: l.dueDate,
        })),
        extensions: d.extensions,
        progress: d.chart.points,
      };
    },
  );

  app.get(
    '/api/v1/laos/:code/years/:year/deadline-extension',
    api({
      id: 'getExtension',
      tag: 'dashboards',
      summary:
        'An LAO’s extension: { deadline, extension: { dueDate, reason, grantedBy, grantedAt } | null, effectiveDueDate }',
      params: laoYearParams,
    }),
    async (req) => {
      const p = parseOrThrow(laoYearParams, req.params);
      return dash.extensionOf(k, requireActor(req), p.code, p.year);
    },
  );

  app.put(
    '/api/v1/laos/:code/years/:year/deadline-extension',
    api({
      id: 'grantExtension',
      tag: 'dashboards',
      summary:
        'The province extends an LAO’s deadline: { dueDate: yyyy-mm-dd (CE, after the year’s deadline, inside the year), reason }',
      params: laoYearParams,
      body: extensionBody,
      answer: 'granted',
    }),
    async (req) => {
      const p = parseOrThrow(laoYearParams, req.params);
      const actor = requireActor(req);
      const body = parseOrThrow(extensionBody, req.body ?? {});
      return dash.grantExtension(k, actor, p.code, p.year, body, { ip: req.ip });
    },
  );

  app.delete(
    '/api/v1/laos/:code/years/:year/deadline-extension',
    api({
      id: 'revokeExtension',
      tag: 'dashboards',
      summary: 'The province withdraws the extension',
      params: laoYearParams,
      status: 204,
    }),
    async (req, reply) => {
      const p = parseOrThrow(laoYearParams, req.params);
      await dash.revokeExtension(k, requireActor(req), p.code, p.year, { ip: req.ip });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/provinces/:code/years/:year/deadline-extensions',
    api({
      id: 'provinceExtensions',
      tag: 'dashboards',
      summary:
        'The extensions of a province in a year: { items: [{ laoCode, laoNameTh, dueDate, reason, grantedBy, grantedAt }] }',
      params: provinceYearParams,
    }),
    async (req) => {
      const p = parseOrThrow(provinceYearParams, req.params);
      return { items: await dash.provinceExtensions(k, requireActor(req), p.code, p.year) };
    },
  );

  // Pages
  app.get('/dashboards/summary', async (req, reply) => {
    const q = parseOrThrow(yearQuery, req.query);
    const s = await dash.nationalSummary(k, q.year ?? fiscalYearOf());
    return reply.page(<NationalPage ctx={req.pageCtx()} s={s} years={await years()} admin={false} />);
  });

  app.get('/dashboards/national', async (req, reply) => {
    const q = parseOrThrow(yearQuery, req.query);
    const actor = requireActor(req);
    const d = await dash.nationalDashboard(k, actor, q.year ?? (await workYear(k, actor)));
    return reply.page(
      <NationalPage
        ctx={req.pageCtx()}
        s={d}
        years={await years()}
        admin
        behind={d.behind}
        extensions={d.extensions}
      />,
    );
  });

  const districtOptions = async (code: string, lang: string) =>
    (await listDistricts(k, code)).map((x) => ({
      value: x.code,
      label: lang === 'en' ? x.name_en : x.name_th,
    }));

  app.get('/dashboards/province/:code', async (req, reply) => {
    const { code } = parseOrThrow(provinceParams, req.params);
    const actor = requireActor(req);
    const raw = req.query as Record<string, unknown>;
    const parsed = provinceQuery.safeParse(raw);
    const q = parsed.success ? parsed.data : {};
    const year = q.year ?? (await workYear(k, actor));
    // A district officer follows their own district of the province.
    const district =
      actor.role === 'district_officer' ? (q.district ?? actor.districtCode ?? undefined) : q.district;
    const filter = { district, type: q.type, state: q.state, page: q.page ?? 1 };
    const d = await dash.provinceDashboard(k, actor, code, year, filter);
    return reply.page(
      <ProvincePage
        ctx={req.pageCtx()}
        d={d}
        filter={filter}
        districts={await districtOptions(code, req.lang)}
        years={await years()}
        errors={parsed.success ? [] : viewErrors(parsed.error, req.lang)}
      />,
      parsed.success ? 200 : 400,
    );
  });

  app.post('/dashboards/province/:code/certify', async (req, reply) => {
    const { code } = parseOrThrow(provinceParams, req.params);
    const actor = requireActor(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { year } = parseOrThrow(yearForm, body);
    const province = await getProvince(k, code);
    if (!province) throw new AppError('not_found', bi(`ไม่พบจังหวัดรหัส ${code}`, `No province ${code}`));
    const parsed = batchForm.safeParse(body);
    if (!parsed.success) {
      const d = await dash.provinceDashboard(k, actor, code, year, {});
      return reply.page(
        <ProvincePage
          ctx={req.pageCtx()}
          d={d}
          filter={{ page: 1 }}
          districts={await districtOptions(code, req.lang)}
          years={await years()}
          errors={viewErrors(parsed.error, req.lang).map((e) => ({ ...e, field: 'grid' }))}
        />,
        400,
      );
    }
    const pairs = parsed.data.pair.map((p) => ({ laoCode: p.slice(0, 7), aspectNo: Number(p.slice(8)) }));
    const results = await certifyMany(k, actor, code, year, pairs, { ip: req.ip });
    const names = new Map(
      (await allLaos(k, { year, province: code, includeRetired: true })).map((l) => [
        l.code,
        fullNameTh(l.type, l.name),
      ]),
    );
    return reply.page(
      <BatchResultPage
        ctx={req.pageCtx()}
        provinceName={req.lang === 'en' ? province.name_en : province.name_th}
        back={`/dashboards/province/${code}?year=${year}`}
        results={results.map((r) => ({
          laoCode: r.laoCode,
          laoNameTh: names.get(r.laoCode) ?? r.laoCode,
          aspectNo: r.aspectNo,
          ok: r.ok,
          message: r.ok
            ? ''
            : [pick(req.lang, r.message), ...r.errors.map((e) => pick(req.lang, e.message))].join(' — '),
        }))}
      />,
    );
  });

  const extensionsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    code: string,
    year: number,
    status = 200,
    errors: ViewFieldError[] = [],
    values: Record<string, string> = {},
  ) => {
    const actor = requireActor(req);
    const province = await getProvince(k, code);
    if (!province) throw new AppError('not_found', bi(`ไม่พบจังหวัดรหัส ${code}`, `No province ${code}`));
    const items = await dash.provinceExtensions(k, actor, code, year);
    const mayGrant = can(actor, 'province.certify', { provinceCode: code });
    const laos = mayGrant ? await allLaos(k, { year, province: code }) : [];
    const { dueDate: deadline } = await getDeadline(k, year);
    const t = translator(req.lang);
    const done = (req.query as Record<string, unknown>).done;
    return reply.page(
      <ExtensionsPage
        ctx={req.pageCtx()}
        provinceCode={code}
        provinceName={req.lang === 'en' ? province.name_en : province.name_th}
        year={year}
        deadline={deadline}
        items={items}
        laos={laos.map((l) => ({
          value: l.code,
          label: `${fullNameTh(l.type, l.name)} (${l.district_name_th})`,
        }))}
        mayGrant={mayGrant}
        errors={errors}
        values={values}
        done={
          status !== 200
            ? null
            : done === 'granted'
              ? t('บันทึกการขยายกำหนดส่งแล้ว', 'The extension is saved')
              : done === 'revoked'
                ? t('ยกเลิกการขยายกำหนดส่งแล้ว', 'The extension is revoked')
                : null
        }
      />,
      status,
    );
  };

  app.get('/dashboards/province/:code/extensions', async (req, reply) => {
    const { code } = parseOrThrow(provinceParams, req.params);
    const q = parseOrThrow(yearQuery, req.query);
    return extensionsPage(req, reply, code, q.year ?? fiscalYearOf());
  });

  app.post('/dashboards/province/:code/extensions', async (req, reply) => {
    const { code } = parseOrThrow(provinceParams, req.params);
    const actor = requireActor(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      ['lao', 'dueDate', 'reason'].map((f) => [f, typeof body[f] === 'string' ? (body[f] as string) : '']),
    );
    const { year } = parseOrThrow(yearForm, body);
    const parsed = extensionForm.safeParse(body);
    if (!parsed.success)
      return extensionsPage(req, reply, code, year, 400, viewErrors(parsed.error, req.lang), values);
    const iso = beToIso(parsed.data.dueDate);
    if (!iso)
      return extensionsPage(
        req,
        reply,
        code,
        year,
        400,
        [
          {
            field: 'dueDate',
            message: pick(
              req.lang,
              bi(
                'วันที่นี้ไม่มีจริง กรอก วว/ดด/ปปปป (พ.ศ.) เช่น 30/06/2569',
                'Not a real date; enter dd/mm/yyyy (BE)',
              ),
            ),
          },
        ],
        values,
      );
    const lao = await allLaos(k, { year, code: parsed.data.lao });
    if (lao[0]?.province_code !== code)
      return extensionsPage(
        req,
        reply,
        code,
        year,
        400,
        [
          {
            field: 'lao',
            message: pick(req.lang, bi('เลือก อปท. ในจังหวัดนี้', 'Choose an LAO of this province')),
          },
        ],
        values,
      );
    const r = await tryForm(req.lang, () =>
      dash.grantExtension(
        k,
        actor,
        parsed.data.lao,
        year,
        { dueDate: iso, reason: parsed.data.reason },
        { ip: req.ip },
      ),
    );
    if (!r.ok)
      return extensionsPage(
        req,
        reply,
        code,
        year,
        400,
        r.errors.map((e) => (e.field === 'form' ? { ...e, field: 'dueDate' } : e)),
        values,
      );
    return reply.redirect(`/dashboards/province/${code}/extensions?year=${year}&done=granted`, 303);
  });

  app.post('/dashboards/province/:code/extensions/:lao/delete', async (req, reply) => {
    const p = parseOrThrow(provinceParams.extend({ lao: laoYearParams.shape.code }), req.params);
    const { year } = parseOrThrow(yearForm, req.body ?? {});
    await dash.revokeExtension(k, requireActor(req), p.lao, year, { ip: req.ip });
    return reply.redirect(`/dashboards/province/${p.code}/extensions?year=${year}&done=revoked`, 303);
  });
}

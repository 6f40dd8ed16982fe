import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { api } from '../system/api-doc.ts';
import { AppError, bi } from '../util/errors.ts';
import { pageOf, paging, pagingQuery } from '../util/paging.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import { msg, parseOrThrow, qCode, qYear } from '../util/validation.ts';
import { laoTypes } from './lao-names.ts';
import * as registry from './registry.service.ts';
import { DistrictPage, HomePage, LaoPage, ProvincePage, RegistryPage } from './registry.views.tsx';

const listQuery = z.object({
  year: qYear,
  province: qCode('province', 2),
  district: qCode('district', 4),
  type: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .enum(laoTypes, {
        error: msg(`type ต้องเป็นหนึ่งใน ${laoTypes.join(', ')}`, `type must be one of ${laoTypes.join(', ')}`),
      })
      .optional(),
  ),
  q: z.string().max(100, msg('คำค้นยาวไม่เกิน 100 ตัวอักษร', 'q is at most 100 characters')).optional(),
  ...pagingQuery,
  lang: z.string().optional(),
});

const codeParam = z.object({
  code: z.string().regex(/^\d{7}$/, msg('รหัส อปท. ต้องเป็นตัวเลข 7 หลัก', 'the LAO code must be 7 digits')),
});

const yearOnly = z.object({ year: qYear, lang: z.string().optional() });
const districtQuery = z.object({ province: qCode('province', 2) });
const unknownArea = {
  422: 'A province, district or LAO code the registry does not have, named in the problem',
};

/** The registry: public JSON API and pages (provinces → districts → LAOs, search). */
export async function registryRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;

  app.get(
    '/api/v1/provinces',
    api({
      id: 'listProvinces',
      tag: 'registry',
      public: true,
      summary: 'The 76 provinces that have LAOs (no Bangkok): [{ code, nameTh, nameEn }]',
      answer: z.array(z.object({ code: z.string(), nameTh: z.string(), nameEn: z.string() })),
    }),
    async () =>
      (await registry.listProvinces(k)).map((p) => ({ code: p.code, nameTh: p.name_th, nameEn: p.name_en })),
  );

  app.get(
    '/api/v1/districts',
    api({
      id: 'listDistricts',
      tag: 'registry',
      public: true,
      summary: 'Districts, optionally of one province: [{ code, provinceCode, nameTh, nameEn }]',
      query: districtQuery,
      notes: { province: '2-digit province code' },
      answer: z.array(
        z.object({ code: z.string(), provinceCode: z.string(), nameTh: z.string(), nameEn: z.string() }),
      ),
      refusals: unknownArea,
    }),
    async (req) => {
      const q = parseOrThrow(districtQuery, req.query);
      await registry.requireKnownArea(k, q);
      return (await registry.listDistricts(k, q.province)).map((d) => ({
        code: d.code,
        provinceCode: d.province_code,
        nameTh: d.name_th,
        nameEn: d.name_en,
      }));
    },
  );

  app.get(
    '/api/v1/laos',
    api({
      id: 'searchLaos',
      tag: 'registry',
      public: true,
      paged: true,
      summary:
        'Search LAOs: { items: [{ code, name, nameTh, type, provinceCode, provinceNameTh, districtCode, districtNameTh }], total, page, pageSize, next }',
      description:
        'q matches the name ignoring spaces and the type prefix (ทต., เทศบาลเมือง…), or a code prefix.',
      query: listQuery,
      notes: {
        year: 'Buddhist-era fiscal year (default: the current one); the registry as it stands in that year',
        province: '2-digit province code',
        district: '4-digit district code',
        q: 'name or code',
      },
      refusals: unknownArea,
    }),
    async (req) => {
      const q = parseOrThrow(listQuery, req.query);
      await registry.requireKnownArea(k, q);
      const p = paging(q, 20);
      const r = await registry.searchLaos(k, q, p.page, p.pageSize);
      return pageOf(req.url, p, r.items, r.total);
    },
  );

  app.get(
    '/api/v1/laos/summary',
    api({
      id: 'laoSummary',
      tag: 'registry',
      public: true,
      summary: 'Counts of LAOs by type and the total in a year',
      query: yearOnly,
    }),
    async (req) => {
      const q = parseOrThrow(yearOnly, req.query);
      return registry.summary(k, q.year);
    },
  );

  app.get(
    '/api/v1/laos/:code',
    api({
      id: 'getLao',
      tag: 'registry',
      public: true,
      summary: 'One LAO as it stands in a year, with its type and name history',
      params: codeParam,
      query: yearOnly,
    }),
    async (req) => {
      const { code } = parseOrThrow(codeParam, req.params);
      const q = parseOrThrow(yearOnly, req.query);
      return registry.getLao(k, code, q.year);
    },
  );

  // Pages
  app.get('/', async (req, reply) => {
    const year = fiscalYearOf();
    return reply.page(<HomePage ctx={req.pageCtx()} summary={await registry.summary(k, year)} />);
  });

  app.get('/registry', async (req, reply) => {
    const q = parseOrThrow(listQuery, req.query);
    const year = q.year ?? fiscalYearOf();
    const provinces = await registry.listProvinces(k);
    const districts = q.province ? await registry.listDistricts(k, q.province) : [];
    const searching = Boolean(q.q || q.province || q.district || q.type);
    const result = searching
      ? await registry.searchLaos(k, { ...q, year }, q.page ?? 1, q.pageSize ?? 20)
      : null;
    return reply.page(
      <RegistryPage
        ctx={req.pageCtx()}
        query={{ ...q, year }}
        provinces={provinces}
        districts={districts}
        result={result}
      />,
    );
  });

  app.get('/registry/provinces/:code', async (req, reply) => {
    const { code } = parseOrThrow(z.object({ code: z.string().regex(/^\d{2}$/) }), req.params);
    const province = await registry.getProvince(k, code);
    if (!province) throw new AppError('not_found', bi(`ไม่พบจังหวัดรหัส ${code}`, `No province ${code}`));
    const year = fiscalYearOf();
    const [districts, laos] = await Promise.all([
      registry.listDistricts(k, code),
      registry.searchLaos(k, { province: code, year }, 1, 100000),
    ]);
    const counts = new Map<string, number>();
    for (const l of laos.items) counts.set(l.districtCode, (counts.get(l.districtCode) ?? 0) + 1);
    return reply.page(
      <ProvincePage
        ctx={req.pageCtx()}
        province={province}
        districts={districts}
        counts={counts}
        total={laos.total}
      />,
    );
  });

  app.get('/registry/districts/:code', async (req, reply) => {
    const { code } = parseOrThrow(z.object({ code: z.string().regex(/^\d{4}$/) }), req.params);
    const district = await registry.getDistrict(k, code);
    if (!district) throw new AppError('not_found', bi(`ไม่พบอำเภอรหัส ${code}`, `No district ${code}`));
    const province = await registry.getProvince(k, district.province_code);
    const year = fiscalYearOf();
    const laos = await registry.searchLaos(k, { district: code, year }, 1, 1000);
    return reply.page(
      <DistrictPage
        ctx={req.pageCtx()}
        province={province!}
        district={district}
        laos={laos.items}
        year={year}
      />,
    );
  });

  app.get('/registry/laos/:code', async (req, reply) => {
    const { code } = parseOrThrow(codeParam, req.params);
    const q = parseOrThrow(yearOnly, req.query);
    const lao = await registry.getLao(k, code, q.year);
    return reply.page(<LaoPage ctx={req.pageCtx()} lao={lao} />);
  });
}

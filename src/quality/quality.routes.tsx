import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { getCatalog } from '../catalog/catalog.service.ts';
import { requireActor } from '../plugins/session.ts';
import { datasetParams, laoYearParams } from '../records/records.schemas.ts';
import { requireAccess } from '../records/records.service.ts';
import { getProvince } from '../registry/registry.service.ts';
import { api } from '../system/api-doc.ts';
import { AppError, bi } from '../util/errors.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import { parseOrThrow } from '../util/validation.ts';
import {
  explainBody,
  flagSchema,
  laoFlagsAnswer,
  laoQualityQuery,
  provinceFlagsAnswer,
  provinceQualityParams,
  provinceQualityQuery,
} from './quality.schemas.ts';
import { explainFlag, flagsOf, provinceFlags } from './quality.service.ts';
import { ProvinceQualityPage } from './quality.views.tsx';

const tag = 'quality' as const;

/** Flagged values and their explanations: the JSON API and the province officer's page. */
export async function qualityRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;

  const province = async (code: string) => {
    const p = await getProvince(k, code);
    if (!p) throw new AppError('not_found', bi(`ไม่พบจังหวัดรหัส ${code}`, `No province ${code}`));
    return p;
  };

  app.get(
    '/api/v1/laos/:code/years/:year/quality',
    api({
      id: 'laoQuality',
      tag,
      summary:
        'The values the quality checks flag in an LAO’s year (of one aspect with ?aspect=), with their explanations',
      description:
        'Catalog warning rules (believable ranges, years before the LAO’s founding, areas beyond the LAO’s, places outside its district, counts out of proportion to its population), changes from last year beyond the catalog’s threshold, and 10-fold jumps (blocking: the LAO cannot certify the aspect until they are explained).',
      params: laoYearParams,
      query: laoQualityQuery,
      answer: laoFlagsAnswer,
    }),
    async (req) => {
      const p = parseOrThrow(laoYearParams, req.params);
      const q = parseOrThrow(laoQualityQuery, req.query);
      await requireAccess(k, requireActor(req), p.code, 'view');
      return { items: await flagsOf(k, p.code, p.year, q.aspect) };
    },
  );

  app.post(
    '/api/v1/laos/:code/years/:year/datasets/:datasetId/explanations',
    api({
      id: 'explainFlag',
      tag,
      summary: 'Say why a flagged value is right: { ruleId, rowId, text } of a flag the data shows now',
      description:
        'Kept with the data (who and when) for the value flagged; a different value later is flagged again. Whoever may record the data set may explain it. 422 when nothing is flagged by that rule on that row now.',
      params: datasetParams,
      body: explainBody,
      answer: flagSchema,
      status: 201,
    }),
    async (req, reply) => {
      const p = parseOrThrow(datasetParams, req.params);
      const actor = requireActor(req);
      const body = parseOrThrow(explainBody, req.body ?? {}, 'unprocessable');
      const flag = await explainFlag(k, actor, p.code, p.year, p.datasetId, body, { ip: req.ip });
      return reply.code(201).send(flag);
    },
  );

  app.get(
    '/api/v1/provinces/:code/quality',
    api({
      id: 'provinceQuality',
      tag,
      summary:
        'Every flagged value of a province’s LAOs in a fiscal year, LAO by LAO (its officers and the centre)',
      params: provinceQualityParams,
      query: provinceQualityQuery,
      answer: provinceFlagsAnswer,
    }),
    async (req) => {
      const p = parseOrThrow(provinceQualityParams, req.params);
      const year = parseOrThrow(provinceQualityQuery, req.query).year ?? fiscalYearOf();
      await province(p.code);
      return { items: await provinceFlags(k, requireActor(req), p.code, year, await getCatalog(k, year)) };
    },
  );

  app.get('/quality/provinces/:code/years/:year', async (req, reply) => {
    const p = parseOrThrow(provinceQualityParams.extend({ year: laoYearParams.shape.year }), req.params);
    const pv = await province(p.code);
    const catalog = await getCatalog(k, p.year);
    const laos = await provinceFlags(k, requireActor(req), p.code, p.year, catalog);
    return reply.page(
      <ProvinceQualityPage
        ctx={req.pageCtx()}
        provinceNameTh={req.lang === 'en' ? pv.name_en : pv.name_th}
        year={p.year}
        datasetOf={(id) => catalog.dataset(id)}
        laos={laos}
      />,
    );
  });
}

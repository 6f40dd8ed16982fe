import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { api } from '../system/api-doc.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import { parseOrThrow } from '../util/validation.ts';
import { catalogQuerySchema, datasetIdParamSchema, datasetPageParamsSchema } from './catalog.schemas.ts';
import * as catalog from './catalog.service.ts';
import { CatalogPage, DatasetPage } from './catalog.views.tsx';

/** The catalog: public JSON API and pages (sections → data sets → fields and rules) per fiscal year. */
export async function catalogRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;

  app.get(
    '/api/v1/catalog',
    api({
      id: 'getCatalog',
      tag: 'catalog',
      public: true,
      summary:
        'The catalog of a fiscal year: { year, sections: [{ no, key, nameTh, nameEn, kind: aspect|report|profile, datasets: [{ id, nameTh, nameEn, kind: form|list, appliesTo, source, fields: [{ key, labelTh, labelEn, type, unit, required, min, max, decimals, pattern, options }], rules: [{ id, severity, messageTh, messageEn }] }] }] }',
      description:
        'Values in the records API use these types: numbers, strings, enum option values, true/false, ISO dates (YYYY-MM-DD, CE) and { lat, lon }. Source tags: C confirmed, C~ confirmed for a related DLA set, B product brief, I inferred. Each year has its own copy of the catalog.',
      query: catalogQuerySchema,
      notes: {
        year: 'Buddhist-era fiscal year (default: the current one)',
        q: 'search text: a section by its names or other names (aliasesTh), else data sets by name, id or field label',
      },
    }),
    async (req) => {
      const q = parseOrThrow(catalogQuerySchema, req.query);
      return catalog.toApiCatalog(await catalog.getCatalog(k, q.year ?? fiscalYearOf()), q.q);
    },
  );

  app.get(
    '/api/v1/catalog/datasets/:id',
    api({
      id: 'getCatalogDataset',
      tag: 'catalog',
      public: true,
      summary:
        "One data set of a year: the listed shape plus year, section, descriptionTh/En, field unitEn, maxLength, helpTh/En, each rule's check and the archived fields",
      params: datasetIdParamSchema,
      query: catalogQuerySchema,
    }),
    async (req) => {
      const { id } = parseOrThrow(datasetIdParamSchema, req.params);
      const q = parseOrThrow(catalogQuerySchema, req.query);
      return catalog.toApiDatasetDetail(await catalog.getDataset(k, q.year ?? fiscalYearOf(), id));
    },
  );

  // Pages
  app.get('/catalog', async (req, reply) => {
    const q = parseOrThrow(catalogQuerySchema, req.query);
    const [cat, years] = await Promise.all([
      catalog.getCatalog(k, q.year ?? fiscalYearOf()),
      catalog.listCatalogYears(k),
    ]);
    return reply.page(
      <CatalogPage ctx={req.pageCtx()} catalog={cat} years={years.map((y) => y.year)} q={q.q ?? ''} />,
    );
  });

  app.get('/catalog/:year/datasets/:id', async (req, reply) => {
    const p = parseOrThrow(datasetPageParamsSchema, req.params);
    return reply.page(<DatasetPage ctx={req.pageCtx()} detail={await catalog.getDataset(k, p.year, p.id)} />);
  });
}

import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { api } from '../system/api-doc.ts';
import { parseOrThrow } from '../util/validation.ts';
import { datasetParams } from './exports.routes.ts';
import { dcatCatalog, openDataset, openDatasets } from './opendata.service.ts';
import { OpenDataIndexPage, OpenDatasetPage } from './opendata.views.tsx';

/** Open data: the public pages of each data set with certified data, and the DCAT catalog (JSON-LD). */
export async function opendataRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const k = db.kysely;

  app.get(
    '/api/v1/opendata/catalog',
    api({
      id: 'openDataCatalog',
      tag: 'open data',
      public: true,
      summary:
        'The open-data catalog in DCAT (JSON-LD): every data set with certified data, a distribution per fiscal year and format',
      description:
        'A dcat:Catalog with one dcat:Dataset per data set that has certified data in any fiscal year (its page /opendata/{datasetId} is its @id), each with the fields of the Thai government data catalog standard (GD-Catalog, as gdc: terms), the licence (CC BY 4.0) and the attribution to the Department of Local Administration, and one dcat:Distribution per fiscal year and format (CSV, .xlsx) whose downloadURL is /api/v1/exports/datasets/{datasetId}.csv?year=… The context is inline.',
      answer: { media: 'application/ld+json' },
    }),
    async (_req, reply) => {
      const body = await dcatCatalog(k, config.baseUrl);
      return reply
        .type('application/ld+json; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(JSON.stringify(body));
    },
  );

  app.get('/opendata', async (req, reply) =>
    reply.page(<OpenDataIndexPage ctx={req.pageCtx()} sets={await openDatasets(k)} />),
  );

  app.get('/opendata/:datasetId', async (req, reply) => {
    const p = parseOrThrow(datasetParams, req.params);
    return reply.page(<OpenDatasetPage ctx={req.pageCtx()} set={await openDataset(k, p.datasetId)} />);
  });
}

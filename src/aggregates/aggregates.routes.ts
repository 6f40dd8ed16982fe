import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';
import { requireActor } from '../plugins/session.ts';
import { api } from '../system/api-doc.ts';
import { parseOrThrow } from '../util/validation.ts';
import { sumQuery } from './aggregates.schemas.ts';
import * as aggregates from './aggregates.service.ts';

/** National and provincial aggregates of recorded data (JSON API, signed in). */
export async function aggregatesRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get(
    '/api/v1/aggregates/sum',
    api({
      id: 'sumByArea',
      tag: 'open data',
      summary:
        'Sum of a numeric field over every row of a data set, by province or district: { year, datasetId, field, by, items: [{ code, nameTh, nameEn, rows, values, sum }], total }',
      description:
        'Signed in. The central administrator sees the whole country; a province or district officer their own area; LAO roles their own LAO.',
      query: sumQuery,
      notes: {
        year: 'Buddhist-era fiscal year',
        dataset: 'data set id, e.g. local-roads',
        field: 'a numeric (integer or decimal) field of the data set, e.g. lengthKm',
        by: 'province (default) or district',
        province: '2-digit province code (narrows the result)',
      },
      refusals: { 422: 'A data set or province the registry and catalog do not have, named in the problem' },
    }),
    async (req) => {
      const actor = requireActor(req);
      const q = parseOrThrow(sumQuery, req.query);
      return aggregates.sumByArea(db.kysely, actor, q);
    },
  );
}

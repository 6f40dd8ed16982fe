import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requiredYear } from '../aggregates/aggregates.schemas.ts';
import type { AppDeps } from '../app.ts';
import { msg, parseOrThrow } from '../util/validation.ts';
import * as exportsService from './exports.service.ts';

const params = z.object({
  datasetId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, msg('รหัสชุดข้อมูลไม่ถูกต้อง', 'invalid data set id')),
});
const query = z.object({ year: requiredYear });

/** Open data: certified data sets of the whole country as streamed CSV (public, like the status search). */
export async function exportsRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get('/api/v1/exports/datasets/:datasetId.csv', async (req, reply) => {
    const p = parseOrThrow(params, req.params);
    const q = parseOrThrow(query, req.query);
    // No actor needed: data the LAO has certified is open data, as public as the status search.
    const csv = await exportsService.datasetCsv(db.kysely, q.year, p.datasetId);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${csv.filename}"`)
      .header('cache-control', 'public, max-age=300')
      .send(Readable.from(csv.lines));
  });
}

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requiredYear } from '../aggregates/aggregates.schemas.ts';
import type { AppDeps } from '../app.ts';
import { api } from '../system/api-doc.ts';
import { msg, parseOrThrow } from '../util/validation.ts';
import * as exportsService from './exports.service.ts';

const params = z.object({
  datasetId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, msg('รหัสชุดข้อมูลไม่ถูกต้อง', 'invalid data set id')),
});
const query = z.object({ year: requiredYear });

/** Open data: certified data sets of the whole country as streamed CSV (public, like the status search). */
export async function exportsRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get(
    '/api/v1/exports/datasets/:datasetId.csv',
    api({
      id: 'exportDatasetCsv',
      tag: 'open data',
      public: true,
      summary:
        'Open data: every certified row of a data set in a fiscal year, as CSV (UTF-8 with BOM), streamed',
      description:
        'Rows of aspects the LAO has certified (and not changed since), or of complete records in the sections nobody certifies (profile, debt report), in LAO code and row order. Columns: year, LAO code and name, province, district, row, then one column per field (Thai label and unit); dates dd/mm/yyyy in the Buddhist era. A cell that a spreadsheet would read as a formula starts with an apostrophe.',
      params,
      query,
      answer: { media: 'text/csv' },
    }),
    async (req, reply) => {
      const p = parseOrThrow(params, req.params);
      const q = parseOrThrow(query, req.query);
      // No actor needed: data the LAO has certified is open data, as public as the status search.
      const csv = await exportsService.datasetCsv(db.kysely, q.year, p.datasetId);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csv.filename}"`)
        .header('cache-control', 'public, max-age=300')
        .send(Readable.from(csv.lines));
    },
  );
}

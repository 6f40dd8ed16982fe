import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requiredYear } from '../aggregates/aggregates.schemas.ts';
import type { AppDeps } from '../app.ts';
import { api } from '../system/api-doc.ts';
import { msg, parseOrThrow } from '../util/validation.ts';
import * as exportsService from './exports.service.ts';
import { CSV_TYPE, csvReadable, XLSX_TYPE, xlsxStream } from './table.ts';

export const datasetParams = z.object({
  datasetId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, msg('รหัสชุดข้อมูลไม่ถูกต้อง', 'invalid data set id')),
});
export const datasetYearQuery = z.object({ year: requiredYear });

const columnsDoc =
  'Columns (header in row 1, no title rows): year, LAO code, full LAO name with its type prefix, LAO type, province, district, row, then per field its value as a person reads it (Thai option labels, ใช่/ไม่ใช่, dates dd/mm/yyyy in the Buddhist era) with, beside it, what a program reads (option codes, true/false, ISO 8601 dates; a point as latitude and longitude columns).';

/** Open data: certified data sets of the whole country as streamed CSV and .xlsx (public, like the status search). */
export async function exportsRoutes(app: FastifyInstance, { db }: AppDeps) {
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/v1/exports/datasets/:datasetId.${format}`,
      api({
        id: format === 'csv' ? 'exportDatasetCsv' : 'exportDatasetXlsx',
        tag: 'open data',
        public: true,
        summary:
          format === 'csv'
            ? 'Open data: every certified row of a data set in a fiscal year, as CSV (UTF-8 with BOM), streamed'
            : 'Open data: every certified row of a data set in a fiscal year, as an .xlsx workbook, streamed',
        description: `Rows of aspects the LAO has certified (and not changed since), or of complete records in the sections nobody certifies (profile, debt report), in LAO code and row order. ${columnsDoc} ${format === 'csv' ? 'A cell that a spreadsheet would read as a formula starts with an apostrophe.' : 'Text cells are text, never formulas.'} The data set's page: /opendata/{datasetId}; the catalog: /api/v1/opendata/catalog.`,
        params: datasetParams,
        query: datasetYearQuery,
        answer: { media: format === 'csv' ? 'text/csv' : XLSX_TYPE },
      }),
      async (req, reply) => {
        const p = parseOrThrow(datasetParams, req.params);
        const q = parseOrThrow(datasetYearQuery, req.query);
        // No actor needed: data the LAO has certified is open data, as public as the status search.
        const t = await exportsService.datasetTable(db.kysely, q.year, p.datasetId);
        reply
          .header('content-disposition', `attachment; filename="${t.name}.${format}"`)
          .header('cache-control', 'public, max-age=300');
        if (format === 'csv') return reply.type(CSV_TYPE).send(csvReadable(t.table));
        return reply.type(XLSX_TYPE).send(xlsxStream(t.table, t.name));
      },
    );
  }
}

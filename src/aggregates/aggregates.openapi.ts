const q = (
  name: string,
  description: string,
  schema: Record<string, unknown> = { type: 'string' },
  required = false,
) => ({
  name,
  in: 'query',
  required,
  description,
  schema,
});
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The aggregates' and the open-data exports' part of the OpenAPI document. */
export const aggregatesApiDoc = {
  '/api/v1/aggregates/sum': {
    get: {
      summary:
        'Sum of a numeric field over every row of a data set, by province or district: { year, datasetId, field, by, items: [{ code, nameTh, nameEn, rows, values, sum }], total }',
      description:
        'Signed in. The central administrator sees the whole country; a province or district officer their own area; LAO roles their own LAO.',
      parameters: [
        q('year', 'Buddhist-era fiscal year', { type: 'integer', minimum: 2550, maximum: 2700 }, true),
        q('dataset', 'data set id, e.g. local-roads', { type: 'string' }, true),
        q(
          'field',
          'a numeric (integer or decimal) field of the data set, e.g. lengthKm',
          { type: 'string' },
          true,
        ),
        q('by', 'province (default) or district', { type: 'string', enum: ['province', 'district'] }),
        q('province', '2-digit province code (narrows the result)'),
      ],
      responses: {
        200: { description: 'ok' },
        400: problem('A bad parameter, named in the problem'),
        401: problem('Not signed in'),
        403: problem('Outside the actor’s area'),
        422: problem('A data set or province the registry and catalog do not have, named in the problem'),
      },
    },
  },
  '/api/v1/exports/datasets/{datasetId}.csv': {
    get: {
      summary:
        'Open data: every certified row of a data set in a fiscal year, as CSV (UTF-8 with BOM), streamed',
      description:
        'Public. Rows of aspects the LAO has certified (and not changed since), or of complete records in the sections nobody certifies (profile, debt report), in LAO code and row order. Columns: year, LAO code and name, province, district, row, then one column per field (Thai label and unit); dates dd/mm/yyyy in the Buddhist era.',
      parameters: [
        { name: 'datasetId', in: 'path', required: true, schema: { type: 'string' } },
        q('year', 'Buddhist-era fiscal year', { type: 'integer', minimum: 2550, maximum: 2700 }, true),
      ],
      responses: {
        200: { description: 'text/csv', content: { 'text/csv': { schema: { type: 'string' } } } },
        400: problem('A bad parameter, named in the problem'),
        404: problem('No such year or data set'),
      },
    },
  },
};

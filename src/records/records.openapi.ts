import { pagedAnswer, pagingParams } from '../util/paging.ts';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const path = (name: string, schema: Record<string, unknown>) => ({
  name,
  in: 'path',
  required: true,
  schema,
});
const dataset = [
  path('code', { type: 'string', pattern: '^\\d{7}$' }),
  path('year', { type: 'integer', minimum: 2550, maximum: 2700 }),
  path('datasetId', { type: 'string' }),
];
const refusals = {
  400: problem('A bad parameter, named in the problem'),
  401: problem('Not signed in'),
  403: problem('Outside the caller’s scope'),
  404: problem('Unknown LAO, data set or version'),
};

/** The history of a data set: the recording API's lists. */
export const recordsApiDoc = {
  '/api/v1/laos/{code}/years/{year}/datasets/{datasetId}/history': {
    get: {
      summary:
        'The changes of a data set, newest first, a page at a time: items [{ version, at, by, kind, status, changeReason, changeCount, changes, changesUrl }]',
      description:
        '`changes` holds the row diffs ({ op: add|remove|change|none, row, rowId, values | fields }) when the change touched at most 20 rows, otherwise null: page through them at `changesUrl`.',
      parameters: [...dataset, ...pagingParams(20)],
      responses: { 200: pagedAnswer('one page of changes'), ...refusals },
    },
  },
  '/api/v1/laos/{code}/years/{year}/datasets/{datasetId}/history/{version}': {
    get: {
      summary:
        'One change of a data set with one page of its row diffs, in row order: { version, at, by, kind, status, changeReason, changeCount, items, total, page, pageSize, next }',
      parameters: [...dataset, path('version', { type: 'integer', minimum: 1 }), ...pagingParams(100)],
      responses: { 200: pagedAnswer('one page of row diffs'), ...refusals },
    },
  },
};

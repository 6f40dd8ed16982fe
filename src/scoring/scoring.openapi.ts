import { pagedAnswer, pagingParams } from '../util/paging.ts';
import { reasonCodes } from './scoring.engine.ts';

const q = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const asOf = q(
  'asOf',
  'The moment assessed: ISO 8601 with an offset (2026-05-15T15:30:00+07:00) or dd/mm/yyyy HH:MM:SS in the Buddhist era (Bangkok); default now. In the future or before the fiscal year starts: 400.',
);
const year = q('year', 'Buddhist-era fiscal year (default: the current one)', {
  type: 'integer',
  minimum: 2550,
  maximum: 2700,
});
const bad = {
  400: {
    description: 'A bad parameter (asOf in the future or before the fiscal year), named in the problem',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  },
};
const unknownCode = {
  422: {
    description: 'A province, district or LAO code the registry does not have, named in the problem',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  },
};
const reason = {
  type: 'object',
  properties: {
    code: {
      type: 'string',
      enum: [...reasonCodes],
    },
    aspect: { type: 'integer', minimum: 1, maximum: 8 },
    datasetId: { type: 'string' },
    message: {
      type: 'string',
      description: 'What is wrong and what to do (Thai, or English with Accept-Language: en)',
    },
  },
};
const score = {
  type: 'object',
  properties: {
    laoCode: { type: 'string' },
    score: { type: 'integer', minimum: 0, maximum: 5 },
    criterion: { type: 'string', description: 'The rubric level met' },
    reasons: { type: 'array', items: reason, description: 'The steps to reach 5; empty at 5' },
  },
};

/** The score's part of the OpenAPI document. */
export const scoringApiDoc = {
  '/api/v1/scores': {
    get: {
      summary: 'LPA indicator 4 scores of the country, a province or a district as of a moment (public)',
      description:
        'Computed in one pass for the whole scope; `distribution` counts every LAO of the scope, `score` filters the items only.',
      parameters: [
        year,
        asOf,
        q('province', '2-digit province code'),
        q('district', '4-digit district code'),
        q('score', 'only LAOs with this score', { type: 'integer', minimum: 0, maximum: 5 }),
        ...pagingParams(100),
      ],
      responses: {
        200: {
          description:
            '{ year, asOf, items, distribution: { "0": n, …, "5": n }, total, page, pageSize, next (the path of the next page, null on the last) }',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  items: { type: 'array', items: score },
                  distribution: { type: 'object', additionalProperties: { type: 'integer' } },
                  total: { type: 'integer' },
                  page: { type: 'integer' },
                  pageSize: { type: 'integer' },
                  next: { type: ['string', 'null'] },
                },
              },
            },
          },
        },
        ...bad,
        ...unknownCode,
      },
    },
  },
  '/api/v1/laos/{code}/years/{year}/score': {
    get: {
      summary: 'One LAO’s score as of a moment, with its reasons and the state of each aspect (public)',
      parameters: [
        { name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{7}$' } },
        { name: 'year', in: 'path', required: true, schema: { type: 'integer' } },
        asOf,
      ],
      responses: {
        200: { description: 'the score', content: { 'application/json': { schema: score } } },
        404: { description: 'unknown or retired LAO' },
        ...bad,
      },
    },
  },
  '/api/v1/assessments': {
    get: {
      summary:
        'Frozen assessments, newest first, a page at a time (public): items [{ id, year, asOf, scope, scopeCode, total, distribution, createdAt, createdBy }]',
      parameters: [year, q('province', '2-digit province code'), ...pagingParams(50)],
      responses: {
        200: pagedAnswer('one page of assessments'),
        ...bad,
        ...unknownCode,
      },
    },
    post: {
      summary: 'Record a frozen assessment of an LAO, a province or the country as of a moment',
      description:
        'Body { scope: "lao" | "province" | "country", code?, year, asOf, note? }. Central administrator, or a provincial officer for an LAO or the province of their own province (policy province.assess). The scores and reasons are stored and never changed.',
      responses: {
        201: { description: '{ id, total, distribution }' },
        401: { description: 'not signed in' },
        403: { description: 'out of scope' },
        ...bad,
        ...unknownCode,
      },
    },
  },
  '/api/v1/assessments/{id}': {
    get: {
      summary:
        'A frozen assessment with one page of its LAOs: each LAO’s stored score and reasons, with `differs` when a recomputation as of the same moment today gives another result (`differing` counts them all); total, page, pageSize, next as for every list',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
        ...pagingParams(100),
      ],
      responses: {
        200: pagedAnswer('the assessment with one page of its LAOs (and the Page fields)'),
        404: { description: 'unknown id' },
        ...bad,
      },
    },
  },
};

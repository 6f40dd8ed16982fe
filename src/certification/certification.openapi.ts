import { pagedAnswer, pagingParams } from '../util/paging.ts';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const path = (name: string, pattern: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', pattern },
});
const code = path('code', '^\\d{7}$', '7-digit LAO code');
const year = path('year', '^\\d{4}$', 'Buddhist-era fiscal year, e.g. 2569');
const no = path('no', '^[1-9]$', 'aspect 1–8, or 9 for the debt report');
const province = path('code', '^\\d{2}$', '2-digit province code');
const json = (schema: Record<string, unknown>) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const reason = json({
  type: 'object',
  required: ['reason'],
  properties: { reason: { type: 'string', minLength: 5, maxLength: 1000 } },
});
const refusals = {
  400: problem('A bad parameter or body field, named in the problem'),
  401: problem('Not signed in'),
  403: problem('Wrong role or outside the caller’s scope'),
  404: problem('Unknown LAO, retired LAO or no such aspect'),
  409: problem('Already certified, or another certification won the race; reload'),
  422: problem('Not allowed yet, with the reasons (e.g. the incomplete data sets as errors[])'),
};
const event =
  '{ id, laoCode, year, aspectNo, level, action, at (ISO 8601 +07:00), by, byRole, reason, snapshot: { datasetId: version } | null, aspect: { no, state, laoCertifiedAt, provinceCertifiedAt, returnedAt, returnReason, … } }';

/** Certification's part of the OpenAPI document. */
export const certificationApiDoc = {
  '/api/v1/laos/{code}/years/{year}/aspects/{no}/certifications': {
    post: {
      summary:
        'Certify an aspect: level "lao" (the LAO certifier) or "province" (its province officer, after the LAO)',
      description: `201 with the event: ${event}. The LAO level needs every applicable data set complete with no blocking error; a certification records the data sets’ versions as its snapshot.`,
      parameters: [code, year, no],
      requestBody: json({
        type: 'object',
        required: ['level'],
        properties: { level: { type: 'string', enum: ['lao', 'province'] } },
      }),
      responses: { 201: { description: 'certified' }, ...refusals },
    },
    get: {
      summary:
        'The certification log of the aspect, oldest first, a page at a time: { items: [event], total, page, pageSize, next }',
      parameters: [code, year, no, ...pagingParams(50)],
      responses: {
        200: pagedAnswer('one page of the log'),
        400: refusals[400],
        401: refusals[401],
        403: refusals[403],
        404: refusals[404],
      },
    },
  },
  '/api/v1/laos/{code}/years/{year}/aspects/{no}/returns': {
    post: {
      summary:
        'The province returns an aspect with a reason: neither certification counts; the LAO is told by mail',
      parameters: [code, year, no],
      requestBody: reason,
      responses: { 201: { description: 'returned' }, ...refusals },
    },
  },
  '/api/v1/laos/{code}/years/{year}/aspects/{no}/withdrawals': {
    post: {
      summary: 'The LAO certifier withdraws the certification (and the province’s) with a reason',
      parameters: [code, year, no],
      requestBody: reason,
      responses: { 201: { description: 'withdrawn' }, ...refusals },
    },
  },
  '/api/v1/laos/{code}/years/{year}/aspects': {
    get: {
      summary:
        'Every aspect of an LAO in a year with its state and timestamps, the data sets still missing, and for the next certifier the changes since the certified snapshot: changesSinceCertification { level, since, total, items } lists the first 100 saves; a save of more than 20 rows has changes null, its changeCount and changesUrl (its rows, paged)',
      parameters: [code, year],
      responses: { 200: { description: 'ok' }, 401: refusals[401], 403: refusals[403], 404: refusals[404] },
    },
  },
  '/api/v1/laos/{code}/years/{year}/certifications': {
    get: {
      summary:
        'The certification log of an LAO in a year, newest first, a page at a time: { items: [event], total, page, pageSize, next }',
      parameters: [code, year, ...pagingParams(50)],
      responses: {
        200: pagedAnswer('one page of the log'),
        400: refusals[400],
        401: refusals[401],
        403: refusals[403],
        404: refusals[404],
      },
    },
  },
  '/api/v1/provinces/{code}/years/{year}/certifications': {
    get: {
      summary:
        'The certification log of a province in a year, newest first: { items, total, page, pageSize, next }',
      parameters: [province, year, ...pagingParams(50)],
      responses: {
        200: pagedAnswer('one page of the log'),
        400: refusals[400],
        401: refusals[401],
        403: refusals[403],
      },
    },
    post: {
      summary:
        'The province certifies many (LAO, aspect) pairs: { items: [{ laoCode, aspectNo }] } → { results: [{ laoCode, aspectNo, ok, status, certification | message, errors }], certified, refused }',
      parameters: [province, year],
      requestBody: json({
        type: 'object',
        required: ['items'],
        properties: {
          items: {
            type: 'array',
            maxItems: 500,
            items: {
              type: 'object',
              properties: {
                laoCode: { type: 'string' },
                aspectNo: { type: 'integer', minimum: 1, maximum: 9 },
              },
            },
          },
        },
      }),
      responses: {
        200: { description: 'a result per pair' },
        400: refusals[400],
        401: refusals[401],
        403: refusals[403],
      },
    },
  },
};

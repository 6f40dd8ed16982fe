const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const year = {
  name: 'year',
  in: 'query',
  required: false,
  description: 'Buddhist-era fiscal year (default: the current one)',
  schema: { type: 'integer', minimum: 2550, maximum: 2700 },
};
const p = (name: string, pattern: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', pattern },
});
const q = (name: string, description: string) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema: { type: 'string' },
});
const scoped = {
  400: problem('A bad parameter, named in the problem'),
  401: problem('Not signed in'),
  403: problem('Outside the caller’s scope'),
};
const summary =
  '{ year, deadline, totals: { laos, aspects, recorded, laoCertified, provinceCertified, …Share }, provinces: [{ code, nameTh, nameEn, laos, aspects, recorded, laoCertified, provinceCertified, recordedShare, laoCertifiedShare, provinceCertifiedShare }], progress: [{ date, recorded, laoCertified, provinceCertified }] }';

/** The dashboards' and deadline extensions' part of the OpenAPI document. */
export const dashboardsApiDoc = {
  '/api/v1/dashboards/summary': {
    get: {
      summary: `The public national summary of a fiscal year (aspects 1–8): ${summary}`,
      description: 'recorded = data complete; progress is day by day from 1 October (Bangkok days).',
      parameters: [year],
      responses: { 200: { description: 'ok' }, 400: scoped[400] },
    },
  },
  '/api/v1/dashboards/national': {
    get: {
      summary:
        'The national dashboard (central administrator): the summary, with per province the LAOs behind the deadline and the extensions, and every extension',
      parameters: [year],
      responses: { 200: { description: 'ok' }, ...scoped },
    },
  },
  '/api/v1/dashboards/provinces/{code}': {
    get: {
      summary:
        'A province dashboard: { counts per state, laos: [{ code, nameTh, type, districtCode, aspects: [{ no, state }], certified, dueDate, extension }], behind, extensions, progress }',
      description: 'A district officer must give their own district.',
      parameters: [
        p('code', '^\\d{2}$'),
        year,
        q('district', '4-digit district code'),
        q('type', 'LAO type'),
        q('state', 'keep LAOs with an aspect in this state'),
      ],
      responses: {
        200: { description: 'ok' },
        ...scoped,
        404: problem('Unknown province'),
        422: problem('A district not of this province, named in the problem'),
      },
    },
  },
  '/api/v1/laos/{code}/years/{year}/deadline-extension': {
    get: {
      summary:
        'An LAO’s extension: { deadline, extension: { dueDate, reason, grantedBy, grantedAt } | null, effectiveDueDate }',
      parameters: [p('code', '^\\d{7}$'), p('year', '^\\d{4}$')],
      responses: { 200: { description: 'ok' }, ...scoped, 404: problem('Unknown LAO') },
    },
    put: {
      summary:
        'The province extends an LAO’s deadline: { dueDate: yyyy-mm-dd (CE, after the year’s deadline, inside the year), reason }',
      parameters: [p('code', '^\\d{7}$'), p('year', '^\\d{4}$')],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['dueDate', 'reason'],
              properties: {
                dueDate: { type: 'string', format: 'date' },
                reason: { type: 'string', minLength: 5 },
              },
            },
          },
        },
      },
      responses: {
        200: { description: 'granted' },
        ...scoped,
        404: problem('Unknown LAO'),
        422: problem('No deadline set yet, or the date is not after it / outside the year'),
      },
    },
    delete: {
      summary: 'The province withdraws the extension',
      parameters: [p('code', '^\\d{7}$'), p('year', '^\\d{4}$')],
      responses: { 204: { description: 'revoked' }, ...scoped, 404: problem('No extension') },
    },
  },
  '/api/v1/provinces/{code}/years/{year}/deadline-extensions': {
    get: {
      summary:
        'The extensions of a province in a year: { items: [{ laoCode, laoNameTh, dueDate, reason, grantedBy, grantedAt }] }',
      parameters: [p('code', '^\\d{2}$'), p('year', '^\\d{4}$')],
      responses: { 200: { description: 'ok' }, ...scoped },
    },
  },
};

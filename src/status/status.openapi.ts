import { pagedAnswer } from '../util/paging.ts';

const q = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

/** The status search's part of the OpenAPI document. */
export const statusApiDoc = {
  '/api/v1/status': {
    get: {
      summary:
        'The public certification status (no sign-in): { items: [{ laoCode, laoNameTh, provinceCode, provinceNameTh, provinceNameEn, districtCode, districtNameTh, districtNameEn, aspects: [{ no, state, laoCertifiedAt, provinceCertifiedAt, returnedAt, returnReason }], debtReport: { no: 9, state, … } }], total, page, pageSize, next }',
      description:
        'Aspects 1–8 and the debt report (section 9, certified the same way) of every active LAO as the registry stands in the fiscal year, in registry order. state is one of not_started, in_progress, complete, lao_certified, province_certified, returned, changed_after_certification; timestamps are ISO 8601 with +07:00. The same search as a page: /status (and /status.csv, /status.xlsx for the whole filtered result).',
      parameters: [
        q('year', 'Buddhist-era fiscal year (default: the current one)', {
          type: 'integer',
          minimum: 2550,
          maximum: 2700,
        }),
        q('province', '2-digit province code'),
        q('district', '4-digit district code'),
        q('lao', '7-digit LAO code'),
        q('page', 'from 1', { type: 'integer', minimum: 1 }),
        q('pageSize', '10 (default), 25, 50 or 100', { type: 'integer', enum: [10, 25, 50, 100] }),
      ],
      responses: {
        200: pagedAnswer('one page of LAOs with their aspects'),
        400: {
          description: 'A bad parameter, named in the problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
        422: {
          description: 'A province, district or LAO code the registry does not have, named in the problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
    },
  },
};

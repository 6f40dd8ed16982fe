import { pagedAnswer, pagingParams } from '../util/paging.ts';
import { laoTypes } from './lao-names.ts';

const q = (name: string, description: string, schema: Record<string, unknown> = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const year = q(
  'year',
  'Buddhist-era fiscal year (default: the current one); the registry as it stands in that year',
  {
    type: 'integer',
    minimum: 2550,
    maximum: 2700,
  },
);
const bad = {
  400: {
    description: 'A bad parameter, named in the problem',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  },
};
const unknownCode = {
  422: {
    description: 'A province, district or LAO code the registry does not have, named in the problem',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  },
};

/** The registry's part of the OpenAPI document. */
export const registryApiDoc = {
  '/api/v1/provinces': {
    get: {
      summary: 'The 76 provinces that have LAOs (no Bangkok): [{ code, nameTh, nameEn }]',
      responses: { 200: { description: 'ok' } },
    },
  },
  '/api/v1/districts': {
    get: {
      summary: 'Districts, optionally of one province: [{ code, provinceCode, nameTh, nameEn }]',
      parameters: [q('province', '2-digit province code')],
      responses: { 200: { description: 'ok' }, ...bad, ...unknownCode },
    },
  },
  '/api/v1/laos': {
    get: {
      summary:
        'Search LAOs: { items: [{ code, name, nameTh, type, provinceCode, provinceNameTh, districtCode, districtNameTh }], total, page, pageSize, next }',
      description:
        'q matches the name ignoring spaces and the type prefix (ทต., เทศบาลเมือง…), or a code prefix.',
      parameters: [
        year,
        q('province', '2-digit province code'),
        q('district', '4-digit district code'),
        q('type', 'LAO type', { type: 'string', enum: laoTypes }),
        q('q', 'name or code'),
        ...pagingParams(20),
      ],
      responses: { 200: pagedAnswer('one page of LAOs'), ...bad, ...unknownCode },
    },
  },
  '/api/v1/laos/summary': {
    get: {
      summary: 'Counts of LAOs by type and the total in a year',
      parameters: [year],
      responses: { 200: { description: 'ok' }, ...bad },
    },
  },
  '/api/v1/laos/{code}': {
    get: {
      summary: 'One LAO as it stands in a year, with its type and name history',
      parameters: [
        { name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{7}$' } },
        year,
      ],
      responses: { 200: { description: 'ok' }, 404: { description: 'unknown code' }, ...bad },
    },
  },
};

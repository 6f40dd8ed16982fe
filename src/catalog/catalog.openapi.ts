const year = {
  name: 'year',
  in: 'query',
  required: false,
  description:
    'Buddhist-era fiscal year (default: the current one); each year has its own copy of the catalog',
  schema: { type: 'integer', minimum: 2550, maximum: 2700 },
};
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const fieldShape =
  'fields: [{ key, labelTh, labelEn, type: integer|decimal|text|enum|multi_enum|boolean|date|geo, unit, required, min, max, decimals, pattern, options: [{ value, labelTh, labelEn }] }]';

/** The catalog's part of the OpenAPI document. */
export const catalogApiDoc = {
  '/api/v1/catalog': {
    get: {
      summary: `The catalog of a fiscal year: { year, sections: [{ no, key, nameTh, nameEn, kind: aspect|report|profile, datasets: [{ id, nameTh, nameEn, kind: form|list, appliesTo, source, ${fieldShape}, rules: [{ id, severity, messageTh, messageEn }] }] }] }`,
      description:
        'Values in the records API use these types: numbers, strings, enum option values, true/false, ISO dates (YYYY-MM-DD, CE) and { lat, lon }. Source tags: C confirmed, C~ confirmed for a related DLA set, B product brief, I inferred.',
      parameters: [year],
      responses: {
        200: { description: 'ok' },
        400: problem('A bad year, named in the problem'),
        404: problem('No catalog for that year'),
      },
    },
  },
  '/api/v1/catalog/datasets/{id}': {
    get: {
      summary:
        "One data set of a year: the listed shape plus year, section, descriptionTh/En, field unitEn, maxLength, helpTh/En, each rule's check and the archived fields",
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
        },
        year,
      ],
      responses: {
        200: { description: 'ok' },
        400: problem('A bad id or year, named in the problem'),
        404: problem('No such data set in that year, or no catalog for that year'),
      },
    },
  },
};

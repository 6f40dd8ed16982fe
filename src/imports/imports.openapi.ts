import { importLimits } from './grid.ts';

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
const params = [
  path('code', { type: 'string', pattern: '^\\d{7}$' }),
  path('year', { type: 'integer', minimum: 2550, maximum: 2700, description: 'Buddhist-era fiscal year' }),
  path('datasetId', { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
];
const withImport = [...params, path('importId', { type: 'string', format: 'uuid' })];
const auth = {
  401: problem('Not signed in (send Authorization: Bearer <token>)'),
  403: problem('No right to this LAO, or (upload, apply) to record this data set'),
  404: problem('Unknown LAO, data set, or import (kept 7 days)'),
};
const issue = {
  type: 'object',
  properties: {
    row: { type: 'integer', description: 'the row number a person sees in the spreadsheet' },
    column: { type: ['string', 'null'], description: 'the spreadsheet column, e.g. C' },
    field: { type: 'string' },
    code: { type: 'string' },
    message: { type: 'string', description: 'Thai; English with Accept-Language: en' },
  },
};
const preview = {
  description: 'The preview',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          importId: { type: 'string', format: 'uuid' },
          added: { type: 'integer' },
          changed: { type: 'integer' },
          removed: { type: 'integer' },
          unchanged: { type: 'integer' },
          total: { type: 'integer', description: 'rows of the data set after applying' },
          errorCount: { type: 'integer' },
          errors: { type: 'array', items: issue, description: 'the first 1,000 errors' },
          missingCount: { type: 'integer' },
          missing: { type: 'array', items: issue, description: 'required cells left empty (allowed)' },
          warnings: {
            type: 'array',
            items: { type: 'string' },
            description:
              'about the file as a whole, never blocking: a workbook marked fullCalcOnLoad whose saved formula values may be stale',
          },
          baseVersion: { type: 'integer' },
          currentVersion: { type: 'integer' },
          stale: { type: 'boolean' },
          fileName: { type: 'string' },
          format: { type: 'string', enum: ['xlsx', 'csv'] },
          appliedAt: { type: ['string', 'null'] },
          appliedVersion: { type: ['integer', 'null'] },
        },
      },
    },
  },
};

/** The Excel and CSV import's part of the OpenAPI document. */
export const importsApiDoc = {
  '/api/v1/laos/{code}/years/{year}/datasets/{datasetId}/template.xlsx': {
    get: {
      summary: 'The Excel template of a data set for an LAO, prefilled with its current rows',
      description:
        'Sheet ข้อมูล: Thai headers with units (row 1), the field keys (hidden row 2), the row ids (hidden column A), ' +
        'drop-downs of Thai labels for choices; sheet คำอธิบาย: every field and rule, in Thai with English.',
      parameters: params,
      responses: {
        200: {
          description: 'the workbook',
          content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} },
        },
        ...auth,
      },
    },
  },
  '/api/v1/laos/{code}/years/{year}/datasets/{datasetId}/imports': {
    post: {
      summary:
        'Upload an .xlsx or .csv (UTF-8, BOM optional) and get a preview; nothing is stored in the data set',
      description:
        `Multipart, field \`file\`; at most ${importLimits.fileBytes / 1024 / 1024} MB and ${importLimits.rows.toLocaleString('en-US')} rows. ` +
        'A signed-in browser form sends its CSRF token as the field `_csrf` before `file` (or the header `x-csrf-token`). ' +
        'At most 2 files are read at once per server; beyond a short queue the answer is 429 with Retry-After. ' +
        'Columns match by field key or Thai label (units and * allowed). Rows with an id column update those rows and ' +
        'rows absent from the file are removed; without ids the file replaces the rows. Formulas are read by their saved ' +
        'values (0, FALSE and empty text included); one without a value is an error naming the cell. Cell errors come ' +
        'back in `errors` with 200.',
      parameters: params,
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: { file: { type: 'string', format: 'binary' } },
              required: ['file'],
            },
          },
        },
      },
      responses: {
        200: preview,
        400: problem('No file, or not .xlsx / .csv'),
        ...auth,
        413: problem('File larger than the limit'),
        422: problem(
          'A file that cannot be read: not a real workbook, damaged, too large unpacked, no header, unknown or duplicate columns (listed), too many rows, cells, texts or styles, a cell over 32,767 characters, or more time or memory than one file may use',
        ),
        429: problem('Too many files being read: try again after Retry-After seconds'),
      },
    },
  },
  '/api/v1/laos/{code}/years/{year}/datasets/{datasetId}/imports/{importId}': {
    get: { summary: 'A stored preview', parameters: withImport, responses: { 200: preview, ...auth } },
  },
  '/api/v1/laos/{code}/years/{year}/datasets/{datasetId}/imports/{importId}/apply': {
    post: {
      summary: 'Apply a preview in one step: { version, status, changed }',
      description:
        'All rows in one save (history kind `import`). Needs the right to record the data set. A certified aspect needs ' +
        '`changeReason`.',
      parameters: withImport,
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: { type: 'object', properties: { changeReason: { type: 'string', maxLength: 1000 } } },
          },
        },
      },
      responses: {
        200: { description: 'applied' },
        ...auth,
        409: problem('Already applied, or the data set changed since the upload (upload again)'),
        422: problem('The preview has errors: errors [{ row, field, code, message }], nothing stored'),
      },
    },
  },
};

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
const laoCode = path('code', { type: 'string', pattern: '^\\d{7}$' });
const year = path('year', { type: 'integer', minimum: 2550, maximum: 2700, examples: [2569] });
const auth = {
  401: problem('Not signed in (send Authorization: Bearer <token>)'),
  403: problem('Outside the scope of this LAO (writing: the LAO administrator or the centre only)'),
};
const json = (schema: Record<string, unknown>) => ({
  required: true,
  content: { 'application/json': { schema } },
});
const isoDate = { type: 'string', format: 'date', examples: ['2026-05-15'] };
const bad = (what: string) => ({
  422: problem(`${what}: errors [{ field, code, message }] in Thai, nothing stored`),
});

const assignmentItem = {
  type: 'object',
  required: ['sectionNo', 'divisionId'],
  properties: {
    sectionNo: { type: 'integer', description: '1–8 the aspects, 9 the debt report, 0 the profile' },
    datasetId: { type: ['string', 'null'], description: 'null or absent: the whole section' },
    divisionId: { type: 'string', description: 'one of the LAO’s divisions (GET …/divisions)' },
    responsibleUsername: { type: ['string', 'null'], description: 'staff of that division' },
    dueDate: { ...isoDate, type: ['string', 'null'], description: 'yyyy-mm-dd (CE), inside the fiscal year' },
  },
};

const assignmentsShape =
  '{ laoCode, year, lao, nationalDeadline, sections: [{ no, nameTh, divisionId, divisionNameTh, responsibleUsername, dueDate, source: assigned section|default|none, datasets: [{ id, override, divisionId, dueDate, … }] }], divisions, staff, assignments: [{ sectionNo, datasetId, divisionId, responsibleUsername, dueDate, assignedBy, assignedAt }] }';

/** Divisions, assignments, my work and national deadlines in the OpenAPI document. */
export const assignmentsApiDoc = {
  '/api/v1/laos/{code}/divisions': {
    get: {
      summary:
        "The LAO's divisions (created from the defaults by LAO type on the first visit): { laoCode, divisions: [{ id, nameTh, nameEn, position, staff, assignments }], staff: [{ username, displayName, role, disabled, divisionIds }] }",
      parameters: [laoCode],
      responses: { 200: { description: 'ok' }, ...auth, 404: problem('Unknown LAO') },
    },
    post: {
      summary: 'Adds a division: { nameTh, nameEn? } → 201 { id, nameTh, nameEn, position }',
      parameters: [laoCode],
      requestBody: json({
        type: 'object',
        required: ['nameTh'],
        properties: {
          nameTh: { type: 'string', minLength: 2, maxLength: 120 },
          nameEn: { type: ['string', 'null'] },
        },
      }),
      responses: {
        201: { description: 'added' },
        ...auth,
        409: problem('The LAO already has that name'),
        ...bad('A bad name'),
      },
    },
  },
  '/api/v1/laos/{code}/divisions/{id}': {
    put: {
      summary: 'Renames a division: { nameTh, nameEn? } (an absent nameEn keeps the old one)',
      parameters: [laoCode, path('id', { type: 'string' })],
      responses: {
        200: { description: 'renamed' },
        ...auth,
        404: problem('No such division'),
        409: problem('Name taken'),
      },
    },
    delete: {
      summary: 'Removes a division → 204',
      description:
        'Refused with 409 (the problem names them, with assignments and staff lists) while any assignment of any year or any staff member points at it, and for the last division.',
      parameters: [laoCode, path('id', { type: 'string' })],
      responses: {
        204: { description: 'removed' },
        ...auth,
        404: problem('No such division'),
        409: problem('Still in use'),
      },
    },
  },
  '/api/v1/laos/{code}/staff/{username}/divisions': {
    put: {
      summary:
        'Sets the divisions an account of the LAO belongs to: { divisionIds: [] } → { username, divisionIds }',
      parameters: [laoCode, path('username', { type: 'string' })],
      requestBody: json({
        type: 'object',
        properties: { divisionIds: { type: 'array', items: { type: 'string' } } },
      }),
      responses: {
        200: { description: 'saved' },
        ...auth,
        404: problem('No such account in this LAO'),
        ...bad('A division of another LAO'),
      },
    },
  },
  '/api/v1/laos/{code}/years/{year}/assignments': {
    get: {
      summary: `Who records what, by when, in a fiscal year: ${assignmentsShape}`,
      description:
        'A data set is recorded by the division of its own assignment, else its section’s, else the division named as the section’s default in the catalog (the seed memo).',
      parameters: [laoCode, year],
      responses: { 200: { description: 'ok' }, ...auth, 404: problem('Unknown or retired LAO') },
    },
    put: {
      summary:
        'Replaces the year’s assignments: { assignments: [...] } → the GET shape plus changed and warnings',
      description:
        'All or nothing. Sections left out fall back to their default division. A due date after the national deadline is accepted with a warning. Logged in the activity log.',
      parameters: [laoCode, year],
      requestBody: json({
        type: 'object',
        required: ['assignments'],
        properties: { assignments: { type: 'array', items: assignmentItem } },
      }),
      responses: {
        200: { description: 'saved (or unchanged)' },
        ...auth,
        ...bad('Unknown section, data set, division or person, or a due date outside the fiscal year'),
      },
    },
  },
  '/api/v1/laos/{code}/years/{year}/assignments/seed': {
    post: {
      summary:
        'Applies the seed memo: every section to its default division with { dueDate? }, replacing the year’s assignments; → the GET shape plus skipped: [{ sectionNo, divisionTh }]',
      parameters: [laoCode, year],
      requestBody: json({
        type: 'object',
        properties: { dueDate: { ...isoDate, type: ['string', 'null'] } },
      }),
      responses: { 200: { description: 'applied' }, ...auth, ...bad('A due date outside the fiscal year') },
    },
  },
  '/api/v1/me/work': {
    get: {
      summary:
        'My work: { laoCode, laoNameTh, year, today, nationalDeadline, divisions, items: [{ datasetId, sectionNo, nameTh, status, updatedAt, updatedBy, divisionNameTh, responsibleUsername, dueDate, dueSource: dataset|section|national, overdue, returned, canRecord, href }], returns: [{ sectionNo, action: return|withdraw, at, by, byName, reason, sectionNameTh, sectionNameEn }] }',
      description:
        'LAO users only: staff see the data sets of their divisions, the LAO administrator and certifier all. An aspect the province returned, or whose certification the LAO certifier withdrew, and that is not certified again is in `returns` and its data sets carry it as `returned` (else null); they come first, then by due date.',
      parameters: [
        {
          name: 'year',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 2550, maximum: 2700 },
        },
      ],
      responses: { 200: { description: 'ok' }, 400: problem('A bad year'), ...auth },
    },
  },
  '/api/v1/years/{year}/deadline': {
    get: {
      summary: 'A fiscal year’s national deadline (public): { year, dueDate (yyyy-mm-dd or null), setAt }',
      parameters: [year],
      responses: { 200: { description: 'ok' } },
    },
    put: {
      summary: 'Sets the national deadline: { dueDate: "2026-05-15" } → { year, dueDate, setBy, setAt }',
      description: 'The central administrator only; the date must fall inside the fiscal year. Logged.',
      parameters: [year],
      requestBody: json({ type: 'object', required: ['dueDate'], properties: { dueDate: isoDate } }),
      responses: { 200: { description: 'saved' }, ...auth, ...bad('Not a date inside the fiscal year') },
    },
  },
};

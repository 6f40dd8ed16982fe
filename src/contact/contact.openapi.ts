import { pagedAnswer, pagingParams } from '../util/paging.ts';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const laoCode = { name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{7}$' } };
const auth = {
  401: problem('Not signed in (send Authorization: Bearer <token>)'),
  403: problem('Signed in, but outside the scope of this LAO or province'),
};
const contactShape =
  '{ laoCode, responsibleName, responsiblePosition, responsibleDivision, phone, email, emailVerified, emailVerifiedAt, updatedAt, updatedBy }';

/** The central e-mail registration's part of the OpenAPI document. */
export const contactApiDoc = {
  '/api/v1/laos/{code}/contact': {
    get: {
      summary: `An LAO's central e-mail registration: ${contactShape}`,
      description: "Readable by the LAO's users, its province and district officers and the centre.",
      parameters: [laoCode],
      responses: { 200: { description: 'ok' }, ...auth, 404: problem('Unknown LAO, or not registered yet') },
    },
    put: {
      summary: `Registers or changes the responsible person and the central e-mail; returns ${contactShape} plus verificationSent and warnings: [{ field, message }]`,
      description:
        "The LAO's administrator or the centre. A new or changed address becomes unverified and a single-use link (7 days) is e-mailed to it. " +
        'An address not starting with saraban is accepted with a warning. Phone: a Thai number of 9–10 digits (dashes and spaces allowed), stored as 0XX-XXX-XXXX.',
      parameters: [laoCode],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['responsibleName', 'responsiblePosition', 'responsibleDivision', 'phone', 'email'],
              properties: {
                responsibleName: { type: 'string', maxLength: 200 },
                responsiblePosition: { type: 'string', maxLength: 200 },
                responsibleDivision: { type: 'string', maxLength: 200 },
                phone: { type: 'string', examples: ['044-611-111', '081-234-5678'] },
                email: { type: 'string', format: 'email', examples: ['saraban@banbua.go.th'] },
              },
            },
          },
        },
      },
      responses: {
        200: { description: 'saved (or unchanged)' },
        ...auth,
        404: problem('Unknown LAO'),
        409: problem('Registered by someone else at the same moment'),
        422: problem('Bad values: errors [{ field, message }], nothing stored'),
      },
    },
  },
  '/api/v1/laos/{code}/contact/history': {
    get: {
      summary:
        'The changes of the registration, newest first, a page at a time: { laoCode, items: [{ at, by, change: registered|updated|verification_sent|verified, snapshot }], total, page, pageSize, next }',
      parameters: [laoCode, ...pagingParams(50)],
      responses: {
        200: pagedAnswer('one page of the history'),
        400: problem('A bad parameter, named in the problem'),
        ...auth,
        404: problem('Unknown LAO'),
      },
    },
  },
  '/api/v1/laos/{code}/contact/verification': {
    post: {
      summary: 'Sends a new verification link to the registered address (the previous link stops working)',
      parameters: [laoCode],
      responses: {
        200: { description: `sent: ${contactShape} plus verificationSent` },
        ...auth,
        404: problem('Unknown LAO, or not registered'),
        409: problem('Already verified'),
      },
    },
  },
  '/api/v1/provinces/{code}/contacts': {
    get: {
      summary:
        'The registration state of every active LAO of a province this fiscal year: { provinceCode, provinceNameTh, year, state, counts: { unregistered, pending, verified, total }, items: [{ code, nameTh, districtCode, districtNameTh, state, responsibleName, phone, email, emailVerifiedAt, updatedAt }] }',
      description: "The province's officers and the centre. state narrows the items, not the counts.",
      parameters: [
        { name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{2}$' } },
        {
          name: 'state',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['unregistered', 'pending', 'verified'] },
        },
      ],
      responses: {
        200: { description: 'ok' },
        400: problem('A bad state'),
        ...auth,
        404: problem('Unknown province'),
      },
    },
  },
};

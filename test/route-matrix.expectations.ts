/**
 * Who may use each route, in terms of the users of createRoleMatrixUsers (test/factories.ts). Parameters are the
 * own scope: LAO 5310108, province 31, district 3101, fiscal year 2569, aspect 1 and its data set
 * waste-management (recorded by t.own.staff's division). Adding a route means adding a line here.
 */

export const actorNames = [
  't.admin',
  't.own.province',
  't.own.district',
  't.own.laoadmin',
  't.own.certifier',
  't.own.staff',
  't.other.province',
  't.other.district',
  't.other.laoadmin',
  't.other.certifier',
  't.other.staff',
] as const;
export type ActorName = (typeof actorNames)[number];

/** A staff account of the own LAO that allowed requests may disable, enable and reassign. */
export const SPARE_STAFF = 't.own.spare';
/** A division of the own LAO, with nobody in it, that allowed requests may rename or delete. */
export const SPARE_DIVISION = 'กองทดสอบสิทธิ์';

export type Expectation = {
  allow: 'public' | readonly ActorName[];
  /** Values for path parameters other than the defaults of the own scope ($name: an id made in the setup). */
  params?: Record<string, string>;
  query?: string;
  /** JSON body for API routes (default {}): chosen so that an allowed request is refused or changes nothing. */
  body?: unknown;
  /** Form fields for page routes (the CSRF token is added). */
  form?: Record<string, string>;
  /** The route ends the session it is called with: each actor calls it on a fresh session of its own. */
  ownSession?: boolean;
  /** Runs after every other route (it changes an account or a session). */
  last?: boolean;
  /**
   * The route validates its body (or finds its target) before it asks the policy, so a denied actor with the
   * refused body gets 400/404/409/422 instead of 403; the matrix still checks that nothing changed.
   */
  validatesFirst?: boolean;
  /** An allowed actor may be sent on to the sign-in page (the second step of a sign-in not started). */
  loginRedirectOk?: boolean;
};

const SIGNED_IN = actorNames;
const ADMIN = ['t.admin'] as const;
/** lao.view on 5310108: the centre, its province and district, and the LAO's own people. */
const VIEW_OWN_LAO = [
  't.admin',
  't.own.province',
  't.own.district',
  't.own.laoadmin',
  't.own.certifier',
  't.own.staff',
] as const;
/** lao.record on aspect 1 of 5310108: the centre, the LAO administrator and the staff of the assigned division. */
const RECORD = ['t.admin', 't.own.laoadmin', 't.own.staff'] as const;
/** lao.manage / lao.contact.edit on 5310108. */
const MANAGE = ['t.admin', 't.own.laoadmin'] as const;
/** province.view / province.certify on province 31. */
const PROVINCE = ['t.admin', 't.own.province'] as const;
/** Lists scoped to the actor's own area: every role that manages accounts. */
const ACCOUNT_MANAGERS = [
  't.admin',
  't.own.province',
  't.own.laoadmin',
  't.other.province',
  't.other.laoadmin',
] as const;
/** Work of one LAO's own people. */
const LAO_PEOPLE = [
  't.own.laoadmin',
  't.own.certifier',
  't.own.staff',
  't.other.laoadmin',
  't.other.certifier',
  't.other.staff',
] as const;
const V = { validatesFirst: true } as const;

const P = { allow: 'public' } as const;
const uuid = '00000000-0000-4000-8000-000000000000';

/*
 * Certification bodies are valid but refused by the state machine (aspect 1 is neither complete nor certified),
 * so a denied actor must get 403 and an allowed one 409/422.
 */
export const expectations: Record<string, Expectation> = {
  // System
  'GET /': P,
  'GET /healthz': P,
  // Loopback may read the metrics (inject comes from 127.0.0.1); another address is refused (metrics.test.ts).
  'GET /metrics': P,
  'GET /api/openapi.json': P,
  'GET /api/docs': P,

  // Sign-in, sessions, own account
  'POST /api/v1/auth/login': P,
  'POST /api/v1/auth/logout': { allow: SIGNED_IN, ownSession: true, last: true },
  'GET /api/v1/auth/me': { allow: SIGNED_IN },
  'POST /api/v1/account/password': { allow: SIGNED_IN },
  'GET /api/v1/account/tokens': { allow: SIGNED_IN },
  'POST /api/v1/account/tokens': { allow: SIGNED_IN },
  'DELETE /api/v1/account/tokens/:id': { allow: SIGNED_IN },
  'GET /login': P,
  'POST /login': P,
  'GET /login/2fa': { allow: 'public', loginRedirectOk: true },
  'POST /login/2fa': { allow: 'public', loginRedirectOk: true },
  'POST /logout': { allow: 'public', ownSession: true, last: true },
  'GET /account': { allow: SIGNED_IN },
  'GET /account/password': { allow: SIGNED_IN },
  'POST /account/password': { allow: SIGNED_IN },
  'POST /account/tokens': { allow: SIGNED_IN },
  'POST /account/reminders': { allow: SIGNED_IN, form: { reminders: 'on' } },
  'POST /account/tokens/:id/revoke': { allow: SIGNED_IN },
  'GET /account/2fa': { allow: SIGNED_IN },
  'POST /account/2fa': { allow: SIGNED_IN },
  'GET /forgot-password': P,
  'POST /forgot-password': P,
  'GET /reset-password/:token': P,
  'POST /reset-password/:token': P,

  // Managing people (the target is a spare staff account of the own LAO; an existing username is refused)
  'GET /api/v1/users': { allow: ACCOUNT_MANAGERS },
  'POST /api/v1/users': {
    allow: MANAGE,
    body: { username: 't.own.staff', displayName: 'x', role: 'lao_staff', laoCode: '5310108' },
  },
  'POST /api/v1/users/:username/disable': { allow: MANAGE, last: true },
  'POST /api/v1/users/:username/enable': { allow: MANAGE, last: true },
  'PUT /api/v1/admin/mfa-policy': { allow: ADMIN, body: { role: 'lao_staff', required: false } },
  'GET /admin/users': { allow: ACCOUNT_MANAGERS },
  'POST /admin/users': {
    allow: MANAGE,
    form: { username: 't.own.staff', displayName: 'x', role: 'lao_staff', laoCode: '5310108' },
  },
  'POST /admin/users/:username/:op': { allow: MANAGE, last: true },
  'GET /admin/mfa': { allow: ADMIN },
  'POST /admin/mfa': { allow: ADMIN },

  // Registry and catalog: public
  'GET /api/v1/provinces': P,
  'GET /api/v1/districts': P,
  'GET /api/v1/laos': P,
  'GET /api/v1/laos/summary': P,
  'GET /api/v1/laos/:code': P,
  'GET /registry': P,
  'GET /registry/provinces/:code': P,
  'GET /registry/districts/:code': P,
  'GET /registry/laos/:code': P,
  'GET /api/v1/catalog': P,
  'GET /api/v1/catalog/datasets/:id': { allow: 'public', params: { id: 'waste-management' } },
  'GET /catalog': P,
  'GET /catalog/:year/datasets/:id': { allow: 'public', params: { id: 'waste-management' } },

  // Recording
  'GET /api/v1/laos/:code/years/:year/datasets': { allow: VIEW_OWN_LAO },
  'GET /api/v1/laos/:code/years/:year/datasets/:datasetId': { allow: VIEW_OWN_LAO },
  'PUT /api/v1/laos/:code/years/:year/datasets/:datasetId': {
    allow: RECORD,
    body: { version: 999, rows: [] },
  },
  'GET /api/v1/laos/:code/years/:year/datasets/:datasetId/history': { allow: VIEW_OWN_LAO },
  'GET /api/v1/laos/:code/years/:year/datasets/:datasetId/history/:version': {
    allow: VIEW_OWN_LAO,
    params: { version: '1' },
  },
  'GET /records': { allow: SIGNED_IN },
  'GET /records/aspects/:no': { allow: SIGNED_IN },
  'GET /laos/:code': P,
  'GET /laos/:code/years/:year': { allow: VIEW_OWN_LAO },
  'GET /laos/:code/years/:year/datasets/:datasetId': { allow: VIEW_OWN_LAO },
  'POST /laos/:code/years/:year/datasets/:datasetId': { allow: RECORD },
  'POST /laos/:code/years/:year/datasets/:datasetId/rows': { allow: RECORD },
  'POST /laos/:code/years/:year/datasets/:datasetId/rows/:rowId': { allow: RECORD, ...V },
  'GET /laos/:code/years/:year/datasets/:datasetId/rows/:rowId/delete': { allow: RECORD },
  'POST /laos/:code/years/:year/datasets/:datasetId/rows/:rowId/delete': { allow: RECORD },
  'POST /laos/:code/years/:year/datasets/:datasetId/none': { allow: RECORD },
  'POST /laos/:code/years/:year/datasets/:datasetId/copy-last-year': { allow: RECORD, ...V },
  'GET /laos/:code/years/:year/datasets/:datasetId/history': { allow: VIEW_OWN_LAO },
  'GET /laos/:code/years/:year/datasets/:datasetId/history/:version': {
    allow: VIEW_OWN_LAO,
    params: { version: '1' },
  },
  'POST /laos/:code/years/:year/datasets/:datasetId/history/:version/rows/:rowId/restore': {
    allow: RECORD,
    params: { version: '1' },
  },

  // Excel import
  'GET /api/v1/laos/:code/years/:year/datasets/:datasetId/template.xlsx': { allow: VIEW_OWN_LAO },
  'POST /api/v1/laos/:code/years/:year/datasets/:datasetId/imports': { allow: RECORD },
  'GET /api/v1/laos/:code/years/:year/datasets/:datasetId/imports/:importId': { allow: RECORD },
  'POST /api/v1/laos/:code/years/:year/datasets/:datasetId/imports/:importId/apply': { allow: RECORD },
  'GET /laos/:code/years/:year/datasets/:datasetId/template.xlsx': { allow: VIEW_OWN_LAO },
  'GET /laos/:code/years/:year/datasets/:datasetId/import': { allow: RECORD },
  'POST /laos/:code/years/:year/datasets/:datasetId/import': { allow: RECORD },
  'GET /laos/:code/years/:year/datasets/:datasetId/imports/:importId': { allow: RECORD },
  'POST /laos/:code/years/:year/datasets/:datasetId/imports/:importId/apply': { allow: RECORD },
  'GET /laos/:code/years/:year/datasets/:datasetId/imports/:importId/result': { allow: RECORD },

  // The central e-mail registration
  'GET /api/v1/laos/:code/contact': { allow: VIEW_OWN_LAO },
  'PUT /api/v1/laos/:code/contact': { allow: MANAGE },
  'GET /api/v1/laos/:code/contact/history': { allow: VIEW_OWN_LAO },
  'POST /api/v1/laos/:code/contact/verification': { allow: MANAGE },
  'GET /api/v1/provinces/:code/contacts': { allow: PROVINCE },
  'GET /contact': { allow: SIGNED_IN },
  'GET /laos/:code/contact': { allow: VIEW_OWN_LAO },
  'GET /laos/:code/contact/edit': { allow: MANAGE },
  'POST /laos/:code/contact/edit': { allow: MANAGE },
  'POST /laos/:code/contact/resend': { allow: MANAGE },
  'GET /contact/verify/:token': P,
  'GET /province/contacts': { allow: [...PROVINCE, 't.other.province'] },

  // Certification
  'POST /api/v1/laos/:code/years/:year/aspects/:no/certifications': {
    allow: ['t.admin', 't.own.certifier'],
    body: { level: 'lao' },
  },
  'POST /api/v1/laos/:code/years/:year/aspects/:no/returns': {
    allow: PROVINCE,
    body: { reason: 'ทดสอบสิทธิ์การตีกลับ' },
  },
  'POST /api/v1/laos/:code/years/:year/aspects/:no/withdrawals': {
    allow: ['t.admin', 't.own.certifier'],
    body: { reason: 'ทดสอบสิทธิ์การถอน' },
  },
  'GET /api/v1/laos/:code/years/:year/aspects/:no/certifications': { allow: VIEW_OWN_LAO },
  'GET /api/v1/laos/:code/years/:year/aspects': { allow: VIEW_OWN_LAO },
  'GET /api/v1/laos/:code/years/:year/certifications': { allow: VIEW_OWN_LAO },
  'GET /api/v1/provinces/:code/years/:year/certifications': { allow: PROVINCE },
  'POST /api/v1/provinces/:code/years/:year/certifications': {
    allow: PROVINCE,
    body: { items: [{ laoCode: '5310108', aspectNo: 1 }] },
  },
  'GET /certification': { allow: SIGNED_IN },
  'GET /certification/laos/:code/years/:year': { allow: VIEW_OWN_LAO },
  'GET /certification/laos/:code/years/:year/aspects/:no/certify': {
    allow: ['t.admin', 't.own.certifier'],
    query: 'level=lao',
  },
  'POST /certification/laos/:code/years/:year/aspects/:no/certify': {
    allow: ['t.admin', 't.own.certifier', 't.own.province'],
    ...V,
  },
  'POST /certification/laos/:code/years/:year/aspects/:no/withdraw': {
    allow: ['t.admin', 't.own.certifier'],
    ...V,
  },
  'POST /certification/laos/:code/years/:year/aspects/:no/return': { allow: PROVINCE, ...V },
  'GET /certification/laos/:code/years/:year/log': { allow: VIEW_OWN_LAO },
  'GET /certification/provinces/:code/years/:year/log': { allow: PROVINCE },

  // Data quality: nothing is flagged in the matrix's data, so an allowed explanation is a 422 that changes nothing
  'GET /api/v1/laos/:code/years/:year/quality': { allow: VIEW_OWN_LAO },
  'POST /api/v1/laos/:code/years/:year/datasets/:datasetId/explanations': {
    allow: RECORD,
    body: { ruleId: 'waste-change', rowId: '', text: 'ปริมาณขยะเพิ่มขึ้นจากตลาดนัดแห่งใหม่' },
  },
  'POST /laos/:code/years/:year/datasets/:datasetId/explanations': {
    allow: RECORD,
    form: { ruleId: 'waste-change', rowId: '', text: 'ปริมาณขยะเพิ่มขึ้นจากตลาดนัดแห่งใหม่' },
  },
  'GET /api/v1/provinces/:code/quality': { allow: PROVINCE, query: 'year=2569' },
  'GET /quality/provinces/:code/years/:year': { allow: PROVINCE },

  // Status search: public
  'GET /api/v1/status': { allow: 'public', query: 'province=31' },
  'GET /status': { allow: 'public', query: 'province=31' },
  'GET /status.csv': { allow: 'public', query: 'province=31' },
  'GET /status.xlsx': { allow: 'public', query: 'province=31' },

  // Dashboards and deadline extensions
  'GET /api/v1/dashboards/summary': P,
  'GET /api/v1/dashboards/national': { allow: ADMIN },
  'GET /api/v1/dashboards/provinces/:code': { allow: PROVINCE },
  'GET /api/v1/laos/:code/years/:year/deadline-extension': { allow: VIEW_OWN_LAO },
  'PUT /api/v1/laos/:code/years/:year/deadline-extension': { allow: PROVINCE, ...V },
  'DELETE /api/v1/laos/:code/years/:year/deadline-extension': { allow: PROVINCE },
  'GET /api/v1/provinces/:code/years/:year/deadline-extensions': { allow: [...PROVINCE, 't.own.district'] },
  'GET /dashboards/summary': P,
  'GET /dashboards/national': { allow: ADMIN },
  'GET /dashboards/province/:code': { allow: [...PROVINCE, 't.own.district'] },
  'POST /dashboards/province/:code/certify': { allow: PROVINCE, ...V },
  'GET /dashboards/province/:code/extensions': { allow: [...PROVINCE, 't.own.district'] },
  'POST /dashboards/province/:code/extensions': { allow: PROVINCE, ...V },
  'POST /dashboards/province/:code/extensions/:lao/delete': { allow: PROVINCE, ...V },

  // Outbox and activity
  'GET /admin/outbox': { allow: ADMIN },
  'GET /admin/outbox/:id': { allow: ADMIN, params: { id: uuid } },
  'POST /admin/outbox/:id/resend': { allow: ADMIN, params: { id: uuid } },
  'GET /reminders': {
    allow: ['t.admin', 't.own.province', 't.other.province', 't.own.laoadmin', 't.other.laoadmin'],
  },
  'GET /api/v1/activity': { allow: SIGNED_IN },
  'GET /activity': { allow: SIGNED_IN },
  'GET /activity.csv': { allow: SIGNED_IN },

  // Notifications (each person only their own: any id but one's own is a 404)
  'GET /api/v1/notifications': { allow: SIGNED_IN },
  'POST /api/v1/notifications/:id/read': { allow: SIGNED_IN, params: { id: uuid } },
  'POST /api/v1/notifications/read-all': { allow: SIGNED_IN },
  'GET /notifications': { allow: SIGNED_IN },
  'POST /notifications/:id/read': { allow: SIGNED_IN, params: { id: uuid } },
  'POST /notifications/read-all': { allow: SIGNED_IN },

  // Divisions (the spare division is the one renamed or deleted)
  'GET /api/v1/laos/:code/divisions': { allow: VIEW_OWN_LAO },
  'POST /api/v1/laos/:code/divisions': { allow: MANAGE },
  'PUT /api/v1/laos/:code/divisions/:id': { allow: MANAGE, params: { id: '$divisionId' } },
  'DELETE /api/v1/laos/:code/divisions/:id': { allow: MANAGE, params: { id: '$divisionId' }, last: true },
  'PUT /api/v1/laos/:code/staff/:username/divisions': { allow: MANAGE },
  'GET /laos/:code/divisions': { allow: VIEW_OWN_LAO },
  'POST /laos/:code/divisions': { allow: MANAGE },
  'GET /laos/:code/divisions/:id/edit': { allow: MANAGE, params: { id: '$divisionId' } },
  'POST /laos/:code/divisions/:id/edit': { allow: MANAGE, params: { id: '$divisionId' } },
  'POST /laos/:code/divisions/:id/delete': { allow: MANAGE, params: { id: '$divisionId' }, last: true },
  'POST /laos/:code/divisions/staff/:username': { allow: MANAGE },

  // Assignments and deadlines
  'GET /api/v1/laos/:code/years/:year/assignments': { allow: VIEW_OWN_LAO },
  'PUT /api/v1/laos/:code/years/:year/assignments': { allow: MANAGE },
  'POST /api/v1/laos/:code/years/:year/assignments/seed': { allow: MANAGE },
  'GET /api/v1/me/work': { allow: LAO_PEOPLE },
  'GET /api/v1/years/:year/deadline': P,
  'PUT /api/v1/years/:year/deadline': { allow: ADMIN, ...V },
  'GET /laos/:code/years/:year/assignments': { allow: VIEW_OWN_LAO },
  'POST /laos/:code/years/:year/assignments': { allow: MANAGE },
  'POST /laos/:code/years/:year/assignments/seed': { allow: MANAGE },
  'GET /laos/:code/years/:year/assignments/memo': { allow: VIEW_OWN_LAO },
  'GET /my-work': { allow: LAO_PEOPLE },
  'GET /admin/deadlines': { allow: ADMIN },
  'POST /admin/deadlines': { allow: ADMIN },

  // Aggregates and open data
  'GET /api/v1/aggregates/sum': { allow: SIGNED_IN },
  'GET /api/v1/exports/datasets/:datasetId.csv': { allow: 'public', query: 'year=2569' },
  'GET /api/v1/exports/datasets/:datasetId.xlsx': { allow: 'public', query: 'year=2569' },
  'GET /api/v1/opendata/catalog': { allow: 'public' },
  'GET /opendata': { allow: 'public' },
  'GET /opendata/:datasetId': { allow: 'public' },

  // Reports: certified data for everyone; basis=recorded only within one's own area
  'GET /api/v1/reports/fields': { allow: 'public', query: 'year=2569' },
  'GET /api/v1/reports/stats': {
    allow: 'public',
    query: 'year=2569&dataset=waste-management&field=generatedTonsPerDay&province=31',
  },
  'GET /reports': { allow: 'public', query: 'year=2569&province=31' },
  'GET /reports.csv': {
    allow: 'public',
    query: 'year=2569&dataset=waste-management&field=generatedTonsPerDay',
  },
  'GET /reports.xlsx': {
    allow: 'public',
    query: 'year=2569&dataset=waste-management&field=generatedTonsPerDay',
  },

  // Scores and assessments
  'GET /api/v1/scores': { allow: 'public', query: 'province=31' },
  'GET /api/v1/laos/:code/years/:year/score': P,
  'GET /api/v1/assessments': P,
  'POST /api/v1/assessments': { allow: PROVINCE, ...V },
  'GET /api/v1/assessments/:id': P,
  'GET /scores': { allow: 'public', query: 'province=31' },
  'GET /scores.csv': { allow: 'public', query: 'province=31' },
  'GET /scores.xlsx': { allow: 'public', query: 'province=31' },
  'GET /scores/by-province.csv': P,
  'GET /scores/by-province.xlsx': P,
  'GET /laos/:code/years/:year/score': P,
  'GET /laos/:code/years/:year/evidence': P,
  'GET /assessments': P,
  'POST /assessments': { allow: PROVINCE, ...V },
  'GET /assessments/:id': P,

  // Evidence files (a file id nobody has: 404 for those who pass the scope check, which needs the file first)
  'GET /files/:fileId': { allow: VIEW_OWN_LAO, params: { fileId: uuid }, ...V },
  'GET /api/v1/files/:fileId': { allow: VIEW_OWN_LAO, params: { fileId: uuid }, ...V },
  'GET /api/v1/laos/:code/years/:year/datasets/:datasetId/files': { allow: VIEW_OWN_LAO },
  'POST /api/v1/laos/:code/years/:year/datasets/:datasetId/files': { allow: RECORD },
  'POST /laos/:code/years/:year/datasets/:datasetId/files': { allow: RECORD },
  'GET /laos/:code/years/:year/files/:fileId/remove': { allow: RECORD, params: { fileId: uuid }, ...V },
  'POST /laos/:code/years/:year/files/:fileId/remove': { allow: RECORD, params: { fileId: uuid }, ...V },

  // Activities (aspect 1 is recorded by t.own.staff's division)
  'GET /api/v1/laos/:code/years/:year/activities': { allow: VIEW_OWN_LAO },
  'POST /api/v1/laos/:code/years/:year/activities': { allow: RECORD },
  'GET /api/v1/laos/:code/years/:year/activities/:id': { allow: VIEW_OWN_LAO },
  'PUT /api/v1/laos/:code/years/:year/activities/:id': { allow: RECORD },
  'DELETE /api/v1/laos/:code/years/:year/activities/:id': { allow: RECORD },
  'POST /api/v1/laos/:code/years/:year/activities/:id/files': { allow: RECORD },
  'GET /activities': { allow: SIGNED_IN },
  'GET /laos/:code/years/:year/activities': { allow: VIEW_OWN_LAO },
  'POST /laos/:code/years/:year/activities': { allow: RECORD },
  'GET /laos/:code/years/:year/activities/new': { allow: RECORD },
  'GET /laos/:code/years/:year/activities/:id': { allow: VIEW_OWN_LAO },
  'POST /laos/:code/years/:year/activities/:id': { allow: RECORD },
  'GET /laos/:code/years/:year/activities/:id/edit': { allow: RECORD },
  'GET /laos/:code/years/:year/activities/:id/delete': { allow: RECORD },
  'POST /laos/:code/years/:year/activities/:id/delete': { allow: RECORD },
  'POST /laos/:code/years/:year/activities/:id/files': { allow: RECORD },
  'GET /registry/laos/:code/activities': P,
};

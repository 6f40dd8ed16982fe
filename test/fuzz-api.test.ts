/**
 * JSON fuzzing of the API (issue 11): every /api route the app registers, read from Fastify itself as the route
 * matrix does, called by an actor its expectation allows, with arbitrary query strings and bodies — wrong types,
 * huge strings, NUL and lone surrogates, deep nesting, unknown keys, other scopes' ids. Never a 5xx, and a
 * refused request (4xx) leaves every table as it was (the matrix's fingerprint).
 *
 * Seeded and bounded: the same inputs on every run, RUNS per route on each database (FUZZ_RUNS to try more).
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import fc from 'fast-check';
import { ensureDefaultDivisions } from '../src/divisions/divisions.service.ts';
import { NEIGHBOUR, OTHER, OWN, TEST_PASSWORD } from './factories.ts';
import { describeEachDb } from './harness.ts';
import { type ActorName, actorNames, expectations, SPARE_STAFF } from './route-matrix.expectations.ts';
import { concreteUrl, fingerprint, prepareRouteTargets, type Route, registeredRoutes } from './routes.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = 2569;

/**
 * Routes whose refusals change the database by design: a failed sign-in or password check is counted (and may
 * lock the account). They are still fuzzed for 5xx.
 */
const COUNTS_REFUSALS = new Set(['POST /api/v1/auth/login', 'POST /api/v1/account/password']);
/** Ends the session it is called with: the fuzzing's sessions are shared. */
const SKIPPED = new Set(['POST /api/v1/auth/logout']);

// The names of every parameter and body field the API reads, so that generated objects hit real fields.
const KEYS = [
  'page',
  'pageSize',
  'year',
  'province',
  'district',
  'lao',
  'q',
  'role',
  'state',
  'action',
  'dataset',
  'field',
  'by',
  'asOf',
  'score',
  'format',
  'type',
  'code',
  'scope',
  'note',
  'reason',
  'level',
  'items',
  'laoCode',
  'aspectNo',
  'dueDate',
  'divisionIds',
  'divisionId',
  'assignments',
  'sectionNo',
  'datasetId',
  'responsibleUsername',
  'version',
  'rows',
  'none',
  'noneReason',
  'changeReason',
  'values',
  'id',
  'explanation',
  'nameTh',
  'nameEn',
  'username',
  'displayName',
  'email',
  'password',
  'name',
  'required',
  'responsibleName',
  'responsiblePosition',
  'responsibleDivision',
  'phone',
  'current',
  'next',
  'confirm',
  'totp',
  'lang',
  'generatedTonsPerDay',
  'roadName',
  'lengthKm',
  '__proto__',
  'constructor',
];

/** Characters no text column may hold. */
const REFUSED = ['\u0000', '\uD800', '\uDC00'];

/** Strings chosen to break things: other scopes' and unknown ids, NUL, lone surrogates, huge, SQL, formulas. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'ก\uD800',
    '\uDC00x',
    'a'.repeat(70_000),
    'ก'.repeat(5_000),
    '-1',
    '0',
    '1e309',
    'NaN',
    '2569',
    '2568',
    '99999999999999999999',
    OWN.lao,
    OTHER.lao,
    NEIGHBOUR.lao,
    '9999999',
    OWN.province,
    OTHER.province,
    '99',
    OWN.district,
    '9999',
    'waste-management',
    'local-roads',
    'no-such-set',
    '00000000-0000-4000-8000-000000000000',
    SPARE_STAFF,
    't.other.staff',
    'lao_staff',
    'dla_admin',
    '2026-02-30',
    '2026-06-30',
    '30/06/2569',
    '../../etc/passwd',
    "' or 1=1 --",
    '%_%',
    '<script>alert(1)</script>',
    '=HYPERLINK("x")',
    'lao',
    'province',
    'country',
    'csv',
    'en',
  ),
);

const leaf = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 1, 9, 2569, 1e308, -0, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 1, arbitrary: nastyString },
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  ),
}));

/** An array nested deeper than any schema expects. */
const deep = (depth: number, inner: unknown): unknown => {
  let v = inner;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

/**
 * A valid request of each route that takes one (values `$name` are the setup's ids; a # becomes a number of its
 * own in every request, for names that must be new), so that changing one part of it at a time reaches the code
 * behind validation. Routes not listed start from their matrix body.
 */
const EXAMPLES: Record<string, { body?: unknown; query?: Record<string, string> }> = {
  'POST /api/v1/users': {
    body: {
      username: 'fz.#',
      displayName: 'ทดสอบ',
      role: 'lao_staff',
      laoCode: OWN.lao,
      divisionIds: ['$divisionId'],
    },
  },
  'PUT /api/v1/admin/mfa-policy': { body: { role: 'lao_staff', required: false } },
  'POST /api/v1/account/tokens': { body: { name: 'สคริปต์' } },
  'PUT /api/v1/laos/:code/years/:year/datasets/:datasetId': {
    body: { version: 0, rows: [{ values: { generatedTonsPerDay: 3, collectedTonsPerDay: 2 } }] },
  },
  'PUT /api/v1/laos/:code/contact': {
    body: {
      responsibleName: 'นางสาวสมใจ ใจดี',
      responsiblePosition: 'นักวิชาการคอมพิวเตอร์',
      responsibleDivision: 'สำนักปลัด',
      phone: '044 611 111',
      email: 'saraban@banbua.go.th',
    },
  },
  'POST /api/v1/laos/:code/years/:year/aspects/:no/returns': { body: { reason: 'ข้อมูลยังไม่ครบถ้วน' } },
  'POST /api/v1/laos/:code/years/:year/aspects/:no/withdrawals': { body: { reason: 'แก้ไขข้อมูลก่อน' } },
  'POST /api/v1/provinces/:code/years/:year/certifications': {
    body: { items: [{ laoCode: OWN.lao, aspectNo: 1 }] },
  },
  'PUT /api/v1/laos/:code/years/:year/deadline-extension': {
    body: { dueDate: '2026-06-30', reason: 'ขยายเวลาเพราะน้ำท่วม' },
  },
  'POST /api/v1/laos/:code/divisions': { body: { nameTh: 'กองทดลองที่ #', nameEn: 'Trial' } },
  'PUT /api/v1/laos/:code/divisions/:id': { body: { nameTh: 'กองทดสอบสิทธิ์', nameEn: null } },
  'PUT /api/v1/laos/:code/staff/:username/divisions': { body: { divisionIds: ['$divisionId'] } },
  'PUT /api/v1/laos/:code/years/:year/assignments': {
    body: {
      assignments: [
        {
          sectionNo: 1,
          datasetId: null,
          divisionId: '$divisionId',
          responsibleUsername: null,
          dueDate: '2026-03-01',
        },
      ],
    },
  },
  'POST /api/v1/laos/:code/years/:year/assignments/seed': { body: { dueDate: '2026-03-01' } },
  'PUT /api/v1/years/:year/deadline': { body: { dueDate: '2026-05-15' } },
  'POST /api/v1/assessments': {
    body: { scope: 'lao', code: OWN.lao, year: 2569, asOf: '2026-03-01T10:00:00+07:00', note: 'ทดสอบ' },
  },
  'GET /api/v1/aggregates/sum': {
    query: { year: '2569', dataset: 'local-roads', field: 'lengthKm', by: 'district' },
  },
  'GET /api/v1/activity': { query: { lao: OWN.lao, action: 'division.' } },
  'GET /api/v1/users': { query: { lao: OWN.lao, role: 'lao_staff' } },
  'GET /api/v1/status': { query: { year: '2569', province: OWN.province, district: OWN.district } },
  'GET /api/v1/scores': { query: { year: '2569', province: OWN.province, score: '0' } },
  'GET /api/v1/laos': { query: { year: '2569', province: OWN.province, q: 'บ้าน' } },
  'GET /api/v1/exports/datasets/:datasetId.csv': { query: { year: '2569' } },
  'GET /api/v1/exports/datasets/:datasetId.xlsx': { query: { year: '2569' } },
  'GET /api/v1/reports/fields': { query: { year: '2569' } },
  'GET /api/v1/reports/stats': {
    query: {
      year: '2569',
      dataset: 'waste-management',
      field: 'generatedTonsPerDay',
      by: 'lao',
      province: OWN.province,
      basis: 'recorded',
    },
  },
  'GET /api/v1/provinces/:code/contacts': { query: { state: 'pending' } },
};

/** Ids from another scope, or from nowhere: every id-like field of an example is tried with each of them. */
const FOREIGN = [
  OTHER.lao,
  '9999999',
  OTHER.province,
  '99',
  OTHER.district,
  '9999',
  '00000000-0000-4000-8000-000000000000',
  '$otherDivision',
  't.other.staff',
  'no-such-set',
];
const ID_LIKE = /(id|ids|code|lao|province|district|username|dataset)$/i;

/**
 * The mutations every run tries before the random ones (fast-check's examples): each id-like field of the
 * example replaced by each foreign id, and each text given a NUL.
 */
function systematic(example: unknown): unknown[] {
  const out: unknown[] = [];
  for (const p of pathsOf(example)) {
    const v = p.reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], example);
    if (typeof v !== 'string') continue;
    const name = String(typeof p.at(-1) === 'number' ? p.at(-2) : p.at(-1));
    if (ID_LIKE.test(name)) for (const f of FOREIGN) out.push(replaced(example, p, f));
    out.push(replaced(example, p, `${v}\u0000`));
  }
  return out;
}

/** Fills `$name` placeholders with the setup's ids. */
function resolve(v: unknown, ids: Record<string, string>): unknown {
  if (typeof v === 'string' && v.startsWith('$')) return ids[v.slice(1)] ?? v;
  if (Array.isArray(v)) return v.map((x) => resolve(x, ids));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x, ids)]));
  return v;
}

/** Every path into a value (the value itself, each key and index on the way down). */
function pathsOf(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v))
    v.forEach((x, i) => {
      out.push(...pathsOf(x, [...at, i]));
    });
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...at, k]));
  return out;
}

/** A copy of a value with the part at a path replaced (or, with `drop`, removed). */
function replaced(v: unknown, path: (string | number)[], by: unknown, drop = false): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  if (drop && rest.length === 0) delete copy[head!];
  else copy[head!] = replaced(copy[head!], rest, by, drop);
  return copy;
}

/** One part of a valid example changed at a time: replaced by anything, removed, or joined by unknown keys. */
const mutationOf = (example: unknown) => {
  const paths = pathsOf(example);
  const texts = paths.filter(
    (p) => typeof p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], example) === 'string',
  );
  return fc.oneof(
    {
      // A valid text with a character the databases refuse in it.
      weight: texts.length ? 2 : 0,
      arbitrary: texts.length
        ? fc
            .tuple(fc.constantFrom(...texts), fc.constantFrom(...REFUSED))
            .map(([p, bad]) =>
              replaced(
                example,
                p,
                `${p.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], example)}${bad}`,
              ),
            )
        : fc.constant(example),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(...paths), value).map(([p, v]) => replaced(example, p, v)),
    },
    {
      weight: paths.length > 1 ? 1 : 0,
      arbitrary:
        paths.length > 1
          ? fc.constantFrom(...paths.slice(1)).map((p) => replaced(example, p, undefined, true))
          : fc.constant(example),
    },
    {
      weight: 1,
      arbitrary: fc
        .dictionary(key, value, { minKeys: 1, maxKeys: 3 })
        .map((extra) => (example && typeof example === 'object' ? { ...example, ...extra } : extra)),
    },
  );
};

/** A body: a valid example changed, any JSON value, an object of real and unknown keys, deep, or not JSON. */
const bodyFor = (example: unknown) =>
  fc.oneof(
    { weight: 6, arbitrary: mutationOf(example ?? {}).map((json) => ({ json })) },
    { weight: 1, arbitrary: value.map((json) => ({ json })) },
    { weight: 1, arbitrary: fc.dictionary(key, value, { maxKeys: 8 }).map((json) => ({ json })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { json: deep(3_000, 'x') },
        { json: { rows: deep(2_000, { values: {} }) } },
        { json: { items: Array.from({ length: 600 }, () => ({ laoCode: OTHER.lao, aspectNo: 1 })) } },
        { raw: '{"reason": "ขยายเวลา' },
        { raw: '[' },
        { raw: 'null' },
        { raw: '"\\u0000"' },
        { raw: '{"nameTh":"\\ud800"}' },
      ),
    },
  );

/** A query: a valid example with one parameter changed or added, or any parameters (repeated ones too). */
const queryFor = (example: Record<string, string> | undefined) =>
  fc.oneof(
    fc
      .tuple(fc.constantFrom(...Object.keys(example ?? { q: '' })), fc.constantFrom(...REFUSED))
      .map(([k, bad]) => Object.entries({ ...example, [k]: `${example?.[k] ?? ''}${bad}` })),
    fc.array(fc.tuple(key, nastyString), { maxLength: 6 }),
    fc
      .tuple(fc.oneof(fc.constantFrom(...Object.keys(example ?? { q: '' })), key), nastyString)
      .map(([k, v]) => Object.entries({ ...example, [k]: v })),
  );

type Session = { name: ActorName | 'anonymous'; token: string | null };

describeEachDb('JSON API under arbitrary input (fast-check)', (t) => {
  const ids: Record<string, string> = {};
  const sessions = new Map<ActorName, string>();
  let sent = 0;

  before(async () => {
    Object.assign(ids, await prepareRouteTargets(t.db.kysely));
    ids.otherDivision = (await ensureDefaultDivisions(t.db.kysely, OTHER.lao))[0]!.id;
    let n = 0;
    for (const name of actorNames) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: name, password: TEST_PASSWORD },
        remoteAddress: `10.7.0.${++n}`,
      });
      assert.equal(res.statusCode, 200, res.body);
      sessions.set(name, res.json().token);
    }
  });

  it(`never answers 5xx, and a refused request changes nothing (${RUNS} runs per route)`, async () => {
    const routes = registeredRoutes(t.app).filter(
      (r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && !SKIPPED.has(`${r.method} ${r.url}`),
    );
    assert.ok(routes.length > 60, `only ${routes.length} API routes`);
    const failures: string[] = [];
    // Tables change only when a request succeeds: the fingerprint after one request is the next one's before.
    let current = await fingerprint(t.db.kysely);
    for (const r of routes) {
      const routeKey = `${r.method} ${r.url}`;
      const e = expectations[routeKey];
      if (!e) {
        failures.push(`${routeKey}: no expectation in test/route-matrix.expectations.ts`);
        continue;
      }
      const who: Session[] =
        e.allow === 'public'
          ? [
              { name: 'anonymous', token: null },
              ...actorNames.map((name) => ({ name, token: sessions.get(name)! })),
            ]
          : e.allow.map((name) => ({ name, token: sessions.get(name)! }));
      const url = concreteUrl({ ...r }, { ...e, query: undefined }, ids);
      const mutating = r.method !== 'GET';
      const example = EXAMPLES[routeKey];
      const body = resolve(example?.body ?? e.body, ids);
      const query = Object.entries(example?.query ?? {});
      // The systematic cases, as the last allowed actor (the most scoped): other scopes' ids, NULs in every field.
      const examples: [Session, [string, string][], { json: unknown } | null][] = mutating
        ? systematic(body).map((json) => [who.at(-1)!, [], { json: resolve(json, ids) }])
        : systematic(Object.fromEntries(query)).map((q) => [
            who.at(-1)!,
            Object.entries(resolve(q, ids) as Record<string, string>),
            null,
          ]);
      try {
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...who),
            queryFor(example?.query),
            mutating ? bodyFor(body) : fc.constant(null),
            async (s, query, body) => {
              const res = await send(r, url, s, query, body);
              assert.ok(res.statusCode < 500, `${res.statusCode} ${res.body.slice(0, 300)}`);
              if (!mutating) return;
              const after = await fingerprint(t.db.kysely);
              const was = current;
              current = after;
              if (res.statusCode >= 400 && !COUNTS_REFUSALS.has(routeKey))
                assert.equal(after, was, `refused with ${res.statusCode} but the database changed`);
            },
          ),
          { seed: SEED, numRuns: RUNS + examples.length, endOnFailure: true, examples },
        );
      } catch (err) {
        failures.push(`${routeKey}: ${String((err as Error).message).slice(0, 1200)}`);
      }
    }
    assert.equal(failures.length, 0, `${failures.length} routes failed:\n\n${failures.join('\n\n')}`);
  });

  function send(
    r: Route,
    url: string,
    s: Session,
    query: [string, string][],
    body: { json?: unknown; raw?: string } | null,
  ) {
    const qs = new URLSearchParams();
    for (const [k, v] of query) qs.append(k, v);
    const headers: Record<string, string> = s.token ? { authorization: `Bearer ${s.token}` } : {};
    const full = qs.size ? `${url}${url.includes('?') ? '&' : '?'}${qs}` : url;
    if (!body) return t.app.inject({ method: r.method as 'GET', url: full, headers });
    return t.app.inject({
      method: r.method as 'POST',
      url: full,
      headers: { ...headers, 'content-type': 'application/json' },
      payload: (body.raw ?? JSON.stringify(body.json === undefined ? null : body.json)).replaceAll(
        '#',
        String(++sent),
      ),
    });
  }
});

/**
 * The route authorisation matrix (issue 3): every route the app registers, for every role in its own scope and
 * in another scope, plus the anonymous public. A route without an expectation fails the suite, so a new route
 * cannot be added without deciding who may use it (test/route-matrix.expectations.ts).
 *
 * Denied: 403 (401 for anonymous on the API, a 303 to /login for an anonymous page GET, 403 for an anonymous
 * form POST without the CSRF cookie) and the database unchanged. Allowed: neither 401 nor 403 — mutating routes
 * get empty or deliberately refused bodies, so allowed requests stop at validation (400/404/409/422).
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { openSession } from '../src/users/users.service.ts';
import { TEST_PASSWORD } from './factories.ts';
import { describeEachDb } from './harness.ts';
import { type ActorName, actorNames, type Expectation, expectations } from './route-matrix.expectations.ts';
import { concreteUrl, fingerprint, prepareRouteTargets, type Route, registeredRoutes } from './routes.ts';

type Who = { name: ActorName | 'anonymous'; sid: string | null; csrf: string | null };

describeEachDb('route authorisation matrix', (t) => {
  const sessions = new Map<ActorName, { sid: string; csrf: string }>();
  const ids: Record<string, string> = {};
  let addr = 0;

  /** The CSRF token of a session's forms. */
  async function csrfOf(sid: string) {
    const page = await t.app.inject({ url: '/account', cookies: { info_sid: sid } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!csrf) throw new Error('no csrf token on /account');
    return csrf;
  }

  /** Signs in from an address of its own (the per-address sign-in limit stays out of the way). */
  async function signIn(username: string) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: TEST_PASSWORD },
      remoteAddress: `10.9.${Math.floor(addr / 200)}.${(addr++ % 200) + 1}`,
    });
    if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    const sid = res.json().token as string;
    return { sid, csrf: await csrfOf(sid) };
  }

  /** A session of its own for a route that ends it, opened by the service (no second password check). */
  async function freshSession(username: string) {
    const user = await t.db.kysely
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    const { sid } = await openSession(t.db.kysely, user, {
      ip: '10.8.0.1',
      userAgent: null,
      mfaPending: false,
    });
    return { sid, csrf: await csrfOf(sid) };
  }

  before(async () => {
    Object.assign(ids, await prepareRouteTargets(t.db.kysely));
    for (const name of actorNames) sessions.set(name, await signIn(name));
  });

  it('has an expectation for every registered route, and no expectation for a route that is gone', () => {
    const routes = registeredRoutes(t.app);
    assert.ok(routes.length > 100, `only ${routes.length} routes parsed`);
    for (const r of routes.filter((x) => x.url !== '/*')) {
      assert.ok(
        t.app.hasRoute({ method: r.method as 'GET', url: r.url }),
        `parsed a route that is not there: ${r.method} ${r.url}`,
      );
    }
    const keys = new Set(routes.filter((r) => !skipped(r)).map((r) => `${r.method} ${r.url}`));
    const missing = [...keys].filter((key) => !expectations[key]);
    assert.deepEqual(
      missing,
      [],
      `routes without an expectation in test/route-matrix.expectations.ts:\n${missing.join('\n')}`,
    );
    const stale = Object.keys(expectations).filter((key) => !keys.has(key));
    assert.deepEqual(stale, [], 'expectations for routes that no longer exist');
  });

  it('allows exactly the expected actors on every route, and a denied request changes nothing', async () => {
    const routes = registeredRoutes(t.app).filter((r) => !skipped(r));
    // Routes that end a session or an account run last, each on sessions of their own.
    routes.sort(
      (a, b) =>
        Number(Boolean(expectations[`${a.method} ${a.url}`]?.last)) -
        Number(Boolean(expectations[`${b.method} ${b.url}`]?.last)),
    );
    const anonCsrf = await anonymousCsrf(t.app);
    const failures: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.url}`;
      const e = expectations[key]!;
      const url = concreteUrl(r, e, ids);
      const allowed = (name: Who['name']) =>
        e.allow === 'public' || (name !== 'anonymous' && e.allow.includes(name));
      const who: Who[] = [{ name: 'anonymous', sid: null, csrf: null }];
      for (const name of actorNames) {
        const s = e.ownSession ? await freshSession(name) : sessions.get(name)!;
        who.push({ name, sid: s.sid, csrf: s.csrf });
      }
      const denied = who.filter((w) => !allowed(w.name));
      const mutating = r.method !== 'GET';
      const before = mutating ? await fingerprint(t.db.kysely) : '';
      for (const w of denied) {
        for (const via of channels(r, w)) {
          const res = await send(t.app, r, url, e, w, via, anonCsrf);
          const want = deniedStatus(r, w);
          const ok =
            (res.statusCode === want &&
              (want !== 303 || String(res.headers.location ?? '').startsWith('/login'))) ||
            (e.validatesFirst && [400, 404, 409, 422].includes(res.statusCode));
          if (!ok)
            failures.push(
              `${key} as ${w.name} (${via}): expected ${want}, got ${res.statusCode} ${res.body.slice(0, 160)}`,
            );
        }
      }
      // The anonymous form POST without the CSRF cookie is refused for every state-changing page route.
      if (mutating && !r.url.startsWith('/api/')) {
        const res = await send(t.app, r, url, e, who[0]!, 'cookie', null);
        if (res.statusCode !== 403)
          failures.push(`${key} anonymous without CSRF: expected 403, got ${res.statusCode}`);
      }
      if (mutating && (await fingerprint(t.db.kysely)) !== before)
        failures.push(
          `${key}: a denied request changed the database (denied: ${denied.map((w) => w.name).join(', ')})`,
        );
      for (const w of who.filter((x) => allowed(x.name))) {
        const via = channels(r, w)[0]!;
        const res = await send(t.app, r, url, e, w, via, anonCsrf);
        const refused =
          res.statusCode === 401 ||
          res.statusCode === 403 ||
          res.statusCode >= 500 ||
          (res.statusCode === 303 &&
            String(res.headers.location ?? '').startsWith('/login') &&
            !e.loginRedirectOk);
        if (refused)
          failures.push(
            `${key} as ${w.name} (${via}): allowed but got ${res.statusCode} ${res.body.slice(0, 160)}`,
          );
      }
    }
    assert.equal(failures.length, 0, `${failures.length} failures:\n${failures.join('\n')}`);
  });
});

/** HEAD mirrors GET; static assets and the not-found handler's wildcard are not protected routes. */
function skipped(r: Route) {
  return r.method === 'HEAD' || r.url.startsWith('/assets/') || r.url === '/*';
}

/** Anonymous requests and page routes go by cookie; API routes by bearer token (the session's id). */
function channels(r: Route, w: Who): ('cookie' | 'bearer')[] {
  if (w.name === 'anonymous') return ['cookie'];
  return r.url.startsWith('/api/') ? ['bearer'] : ['cookie'];
}

/** A signed-in actor is forbidden; the public is asked to sign in (a page GET is sent to /login). */
function deniedStatus(r: Route, w: Who): number {
  if (w.name !== 'anonymous') return 403;
  return r.method === 'GET' && !r.url.startsWith('/api/') ? 303 : 401;
}

/** A signed-out visitor's double-submit CSRF cookie and token, from the sign-in page. */
async function anonymousCsrf(app: FastifyInstance) {
  const res = await app.inject({ url: '/login' });
  const cookie = res.cookies.find((c) => c.name === 'info_csrf')!.value;
  const token = /name="_csrf" value="([^"]+)"/.exec(res.body)![1]!;
  return { cookie, token };
}

async function send(
  app: FastifyInstance,
  r: Route,
  url: string,
  e: Expectation,
  w: Who,
  via: 'cookie' | 'bearer',
  anon: { cookie: string; token: string } | null,
) {
  const method = r.method as 'GET' | 'POST' | 'PUT' | 'DELETE';
  const api = r.url.startsWith('/api/');
  const headers: Record<string, string> = {};
  const cookies: Record<string, string> = {};
  if (w.sid && via === 'bearer') headers.authorization = `Bearer ${w.sid}`;
  if (w.sid && via === 'cookie') cookies.info_sid = w.sid;
  if (!w.sid && anon) cookies.info_csrf = anon.cookie;
  const csrf = w.sid ? w.csrf : (anon?.token ?? null);
  if (method === 'GET') return app.inject({ method, url, headers, cookies });
  if (method === 'DELETE') {
    if (via === 'cookie' && csrf) headers['x-csrf-token'] = csrf;
    return app.inject({ method, url, headers, cookies });
  }
  if (api) {
    if (via === 'cookie' && csrf) headers['x-csrf-token'] = csrf;
    return app.inject({ method, url, headers, cookies, payload: e.body ?? {} });
  }
  const form = new URLSearchParams({ ...(e.form ?? {}), ...(csrf ? { _csrf: csrf } : {}) });
  headers['content-type'] = 'application/x-www-form-urlencoded';
  return app.inject({ method, url, headers, cookies, payload: form.toString() });
}

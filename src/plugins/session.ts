import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../app.ts';
import type { Actor, Viewer } from '../policy/policy.ts';
import {
  actorOf,
  mfaRequiredFor,
  type ResolvedSession,
  resolveBearer,
  resolveSession,
} from '../users/users.service.ts';
import type { AppUserTable } from '../users/users.table.ts';
import { AppError, bi } from '../util/errors.ts';
import { redactUrl } from './request-log.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Viewer;
    authUser: AppUserTable | null;
    session: ResolvedSession | null;
    /** The raw session id from the cookie (to revoke it at sign-out). */
    sessionId: string | null;
    via: 'cookie' | 'bearer' | null;
    /** A multipart form's token is still to be checked by its route (checkMultipartCsrf) before the file is read. */
    csrfPending: boolean;
  }
  interface FastifyContextConfig {
    /** The route takes a multipart form whose token is its first field, checked with checkMultipartCsrf. */
    multipartCsrf?: boolean;
  }
}

export const SESSION_COOKIE = 'info_sid';
const ANON_CSRF_COOKIE = 'info_csrf';

const safeEqual = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const unsafe = (m: string) => !['GET', 'HEAD', 'OPTIONS'].includes(m);

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure behind HTTPS. */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, sid: string) {
  reply.setCookie(SESSION_COOKIE, sid, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: 7 * 24 * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

// Never from the URL: a token in a query string lands in access logs and Referer headers.
function csrfFrom(req: FastifyRequest): string | null {
  const h = req.headers['x-csrf-token'];
  if (typeof h === 'string') return h;
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body._csrf === 'string') return body._csrf;
  return null;
}

/** 403 unless `given` is the token this request must carry: the session's, or a signed-out form's cookie. */
function assertCsrf(req: FastifyRequest, given: string | null) {
  const expected = req.session ? req.session.csrf : req.cookies[ANON_CSRF_COOKIE];
  if (!given || !expected || !safeEqual(given, expected)) {
    req.log.warn({ url: redactUrl(req.url) }, 'csrf refused');
    throw new AppError(
      'forbidden',
      bi(
        'แบบฟอร์มหมดอายุหรือไม่ได้ส่งมาจากระบบนี้ (CSRF) โปรดเปิดหน้าใหม่แล้วลองอีกครั้ง',
        'The form expired or did not come from this site (CSRF); reload the page and try again',
      ),
    );
  }
}

/**
 * For a route that takes a multipart form (config.multipartCsrf): checks the token among the fields sent before
 * the file (the form's first field) before any of the file is read; a token after the file does not count.
 * Nothing to do when the request carried it in the header or needs none (a bearer token).
 */
export function checkMultipartCsrf(req: FastifyRequest, fieldsBeforeFile: Record<string, unknown>) {
  if (!req.csrfPending) return;
  const f = fieldsBeforeFile._csrf as { type?: unknown; value?: unknown } | undefined;
  assertCsrf(req, f?.type === 'field' && typeof f.value === 'string' ? f.value : null);
  req.csrfPending = false;
}

/**
 * Who is asking: a bearer token (API clients) or the session cookie. Also enforces CSRF on every
 * cookie-authenticated or form request that changes state: the session's token, or for signed-out forms
 * (sign-in, password reset) a double-submit cookie.
 */
export const sessionPlugin = fp(async (app: FastifyInstance, { db }: AppDeps) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('authUser', null);
  app.decorateRequest('session', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('via', null);
  app.decorateRequest('csrfPending', false);

  app.addHook('preHandler', async (req, reply) => {
    // Static files and the metrics (their own token) carry no session.
    if (req.url.startsWith('/assets/') || req.url === '/metrics') return;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const bearer = await resolveBearer(db.kysely, auth.slice(7).trim());
      if (!bearer)
        throw new AppError('unauthorized', bi('โทเคนไม่ถูกต้องหรือหมดอายุ', 'The token is invalid or expired'));
      req.authUser = bearer.user;
      req.actor = await actorOf(db.kysely, bearer.user, bearer.divisionIds);
      req.via = 'bearer';
      // Bearer requests carry no ambient credentials: no CSRF check.
      return gate(req, reply, db.kysely);
    }
    const sid = req.cookies[SESSION_COOKIE];
    if (sid) {
      const s = await resolveSession(db.kysely, sid);
      if (s) {
        req.session = s;
        req.sessionId = sid;
        req.csrfToken = s.csrf;
        req.via = 'cookie';
        if (!s.mfaPending) {
          req.authUser = s.user;
          req.actor = await actorOf(db.kysely, s.user, s.divisionIds);
          req.pageUser = {
            username: s.user.username,
            displayName: s.user.display_name,
            role: s.user.role,
            laoCode: s.user.lao_code,
            provinceCode: req.actor?.provinceCode ?? null,
            districtCode: req.actor?.districtCode ?? null,
          };
        }
      } else clearSessionCookie(reply);
    }
    if (req.authUser) {
      const r = await gate(req, reply, db.kysely);
      if (r) return r;
    }
    // Signed-out forms are pages: the JSON API never needs the double-submit cookie (nor its random bytes).
    if (!req.session && !req.url.startsWith('/api/')) {
      let anon = req.cookies[ANON_CSRF_COOKIE];
      if (!anon || !/^[\w-]{20,64}$/.test(anon)) {
        anon = randomBytes(18).toString('base64url');
        reply.setCookie(ANON_CSRF_COOKIE, anon, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: req.protocol === 'https',
        });
      }
      req.csrfToken = anon;
    }
    if (!unsafe(req.method)) return;
    const ct = String(req.headers['content-type'] ?? '');
    const isForm = ct.startsWith('application/x-www-form-urlencoded') || ct.startsWith('multipart/form-data');
    // JSON from a client without our cookie cannot be forged cross-site; everything else must carry the token.
    if (!req.session && !isForm) return;
    const given = csrfFrom(req);
    // A multipart body is still unread here: its form's first field is checked by the route before the file.
    if (!given && ct.startsWith('multipart/form-data') && req.routeOptions.config.multipartCsrf) {
      req.csrfPending = true;
      return;
    }
    assertCsrf(req, given);
  });
});

const gateFree = /^\/(logout|account\/(password|2fa)|assets\/|api\/v1\/auth\/|api\/v1\/account\/password)/;

/** A first password to change, or 2FA the role requires: nothing else until it is done. */
async function gate(req: FastifyRequest, reply: FastifyReply, k: AppDeps['db']['kysely']) {
  const u = req.authUser!;
  if (gateFree.test(req.url.slice(0, 40))) return;
  const needPassword = u.must_change_password === 1;
  const needMfa = !needPassword && u.totp_enabled !== 1 && (await mfaRequiredFor(k, u.role));
  if (!needPassword && !needMfa) return;
  if (req.url.startsWith('/api/')) {
    throw new AppError(
      'forbidden',
      needPassword
        ? bi('เปลี่ยนรหัสผ่านครั้งแรกก่อนใช้งาน', 'Change your first password before using the system')
        : bi(
            'บทบาทของคุณต้องเปิดใช้การยืนยันตัวตนสองขั้นตอนก่อน',
            'Your role must turn on two-factor authentication first',
          ),
    );
  }
  return reply.redirect(needPassword ? '/account/password' : '/account/2fa', 303);
}

/** Throws 401 unless someone is signed in; returns the actor. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) {
    throw new AppError('unauthorized', bi('กรุณาเข้าสู่ระบบก่อน', 'Please sign in first'));
  }
  return req.actor;
}

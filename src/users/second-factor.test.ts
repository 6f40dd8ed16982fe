import assert from 'node:assert/strict';
import { it } from 'node:test';
import { browserSession, createRoleMatrixUsers, TEST_PASSWORD } from '../../test/factories.ts';
import { describeEachDb, type TestCtx } from '../../test/harness.ts';
import { totpCode } from './totp.ts';
import { IP_MAX_FAILURES, MFA_PENDING_MS } from './users.service.ts';

/** Turns 2FA on for an account (as enrolment would leave it) and returns its secret. */
async function withTotp(t: TestCtx, username: string) {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  await t.db.kysely
    .updateTable('app_user')
    .set({ totp_secret: secret, totp_enabled: 1, totp_last_step: null })
    .where('username', '=', username)
    .execute();
  return secret;
}

const apiSignIn = (t: TestCtx, username: string, ip: string, totp?: string, password = TEST_PASSWORD) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: ip,
    payload: { username, password, ...(totp ? { totp } : {}) },
  });

/** A six-digit code that is none of the codes accepted now (this step and one either side). */
const wrongCodeFor = (secret: string) => {
  const now = Date.now();
  const live = new Set([-1, 0, 1].map((d) => totpCode(secret, now + d * 30_000)));
  return ['000000', '111111', '222222', '333333'].find((c) => !live.has(c))!;
};

/** Signs in on the page with the password: a session waiting for the code, and its cookie and CSRF token. */
async function pagePassword(t: TestCtx, username: string, ip: string) {
  const form = await t.app.inject({ url: '/login', remoteAddress: ip });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const anon = form.cookies.find((c) => c.name === 'info_csrf')!.value;
  const res = await t.app.inject({
    method: 'POST',
    url: '/login',
    remoteAddress: ip,
    cookies: { info_csrf: anon },
    payload: { username, password: TEST_PASSWORD, _csrf: csrf, next: '/account' },
  });
  assert.equal(res.statusCode, 303);
  assert.match(String(res.headers.location), /^\/login\/2fa/);
  const sid = res.cookies.find((c) => c.name === 'info_sid')!.value;
  const page = await t.app.inject({ url: '/login/2fa', remoteAddress: ip, cookies: { info_sid: sid } });
  assert.equal(page.statusCode, 200);
  const pending = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return { sid, csrf: pending };
}

const giveCode = (t: TestCtx, s: { sid: string; csrf: string }, code: string, ip: string) =>
  t.app.inject({
    method: 'POST',
    url: '/login/2fa',
    remoteAddress: ip,
    cookies: { info_sid: s.sid },
    payload: { code, _csrf: s.csrf, next: '/account' },
  });

const signedIn = async (t: TestCtx, sid: string) =>
  (await t.app.inject({ url: '/api/v1/auth/me', cookies: { info_sid: sid } })).statusCode === 200;

describeEachDb(
  'second factor: codes used once, counted like passwords, a waiting sign-in that ends',
  (t) => {
    it('accepts a TOTP code once: the same code in a second sign-in is refused and says to wait for the next', async () => {
      const secret = await withTotp(t, 't.own.laoadmin');
      const code = totpCode(secret);
      const first = await apiSignIn(t, 't.own.laoadmin', '10.80.0.1', code);
      assert.equal(first.statusCode, 200, first.body);
      const replay = await apiSignIn(t, 't.own.laoadmin', '10.80.0.2', code);
      assert.equal(replay.statusCode, 401);
      assert.match(replay.json().detail, /ถูกใช้ไปแล้ว รอรหัสถัดไป/);
      assert.equal(replay.headers['set-cookie'], undefined, 'no session for a replayed code');
      const stored = await t.db.kysely
        .selectFrom('app_user')
        .select('totp_last_step')
        .where('username', '=', 't.own.laoadmin')
        .executeTakeFirstOrThrow();
      assert.ok(Number(stored.totp_last_step) >= Math.floor(Date.now() / 30_000) - 1);
    });

    it('counts wrong codes toward the lock: the fifth wrong code in a row locks the name, even with the right code after', async () => {
      const secret = await withTotp(t, 't.own.certifier');
      const wrong = wrongCodeFor(secret);
      for (let i = 0; i < 4; i++) {
        const r = await apiSignIn(t, 't.own.certifier', '10.81.0.1', wrong);
        assert.equal(r.statusCode, 401, `wrong code ${i + 1}`);
        assert.match(r.json().detail, /รหัสยืนยันตัวตน 6 หลักไม่ถูกต้อง/);
      }
      const fifth = await apiSignIn(t, 't.own.certifier', '10.81.0.1', wrong);
      assert.equal(fifth.statusCode, 429);
      assert.match(fifth.json().detail, /บัญชีถูกล็อกชั่วคราว/);
      assert.ok(Number(fifth.headers['retry-after']) > 850);
      const right = await apiSignIn(t, 't.own.certifier', '10.81.0.2', totpCode(secret));
      assert.equal(right.statusCode, 429, 'locked: neither password nor code is looked at');
      const sessions = await t.db.kysely
        .selectFrom('session as s')
        .innerJoin('app_user as u', 'u.id', 's.user_id')
        .select('s.id_hash')
        .where('u.username', '=', 't.own.certifier')
        .execute();
      assert.equal(sessions.length, 0, 'no session was opened');
    });

    it('counts wrong codes toward the per-address limit', async () => {
      const secret = await withTotp(t, 't.other.laoadmin');
      const ip = '10.82.0.1';
      const madeUp = await Promise.all(
        Array.from({ length: IP_MAX_FAILURES - 4 }, (_, i) =>
          apiSignIn(t, `made.up.${i}`, ip, undefined, 'wrong-password-x'),
        ),
      );
      assert.deepEqual(new Set(madeUp.map((r) => r.statusCode)), new Set([401]));
      for (let i = 0; i < 4; i++) {
        assert.equal((await apiSignIn(t, 't.other.laoadmin', ip, wrongCodeFor(secret))).statusCode, 401);
      }
      const next = await apiSignIn(t, 't.other.laoadmin', ip, totpCode(secret));
      assert.equal(next.statusCode, 429);
      assert.match(next.json().detail, /จากเครื่องนี้บ่อยเกินไป/);
    });

    it('ends a sign-in still waiting for its code after 5 minutes: the right code then signs nobody in', async () => {
      const secret = await withTotp(t, 't.other.certifier');
      const s = await pagePassword(t, 't.other.certifier', '10.83.0.1');
      await t.db.kysely
        .updateTable('session')
        .set({ created_at: new Date(Date.now() - MFA_PENDING_MS - 1000).toISOString() })
        .where('mfa_pending', '=', 1)
        .execute();
      const page = await t.app.inject({ url: '/login/2fa', cookies: { info_sid: s.sid } });
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, '/login');
      const late = await giveCode(t, s, totpCode(secret), '10.83.0.1');
      assert.notEqual(late.statusCode, 200);
      assert.ok(!(await signedIn(t, s.sid)), 'the late code did not sign in');
    });

    it('ends a waiting sign-in after 5 wrong codes and sends the person back to sign in with the password', async () => {
      const secret = await withTotp(t, 't.other.staff');
      const s = await pagePassword(t, 't.other.staff', '10.84.0.1');
      const wrong = wrongCodeFor(secret);
      for (let i = 0; i < 4; i++) {
        const r = await giveCode(t, s, wrong, '10.84.0.1');
        assert.equal(r.statusCode, 400);
        assert.match(r.body, /action="\/login\/2fa"/, 'still the code page');
      }
      const fifth = await giveCode(t, s, wrong, '10.84.0.1');
      assert.ok([400, 429].includes(fifth.statusCode), String(fifth.statusCode));
      assert.match(fifth.body, /action="\/login"/, 'back to the sign-in page');
      const row = await t.db.kysely
        .selectFrom('session')
        .select(['revoked_at', 'mfa_failures'])
        .where('mfa_pending', '=', 1)
        .where('ip', '=', '10.84.0.1')
        .executeTakeFirstOrThrow();
      assert.ok(row.revoked_at, 'the waiting session is ended');
      assert.equal(row.mfa_failures, 5);
      await giveCode(t, s, totpCode(secret), '10.84.0.1');
      assert.ok(!(await signedIn(t, s.sid)), 'the right code afterwards signs nobody in');
    });

    it('shows /account/2fa without changing anything; the start button (POST) makes the secret the page then shows', async () => {
      const b = await browserSession(t.app, 't.own.staff');
      const secretOf = async () =>
        await t.db.kysely
          .selectFrom('app_user')
          .select(['totp_secret', 'totp_enabled', 'updated_at'])
          .where('username', '=', 't.own.staff')
          .executeTakeFirstOrThrow();
      const before = await secretOf();
      const look = await t.app.inject({ url: '/account/2fa', cookies: b.cookies });
      const again = await t.app.inject({ url: '/account/2fa', cookies: b.cookies });
      assert.equal(look.statusCode, 200);
      assert.equal(look.body, again.body);
      assert.deepEqual(await secretOf(), before, 'looking changed nothing');
      assert.equal(before.totp_secret, null);
      assert.match(look.body, /<input type="hidden" name="action" value="start"/);
      assert.doesNotMatch(look.body, /id="totp-secret"/);

      const start = await t.app.inject({
        method: 'POST',
        url: '/account/2fa',
        cookies: b.cookies,
        payload: { action: 'start', _csrf: b.csrf },
      });
      assert.equal(start.statusCode, 303);
      assert.equal(start.headers.location, '/account/2fa');
      const pending = await secretOf();
      assert.match(pending.totp_secret!, /^[A-Z2-7]{32}$/);
      assert.equal(pending.totp_enabled, 0);
      const shown = await t.app.inject({ url: '/account/2fa', cookies: b.cookies });
      assert.match(shown.body, new RegExp(`<code id="totp-secret">${pending.totp_secret}</code>`));
      assert.equal((await t.app.inject({ url: '/account/2fa', cookies: b.cookies })).body, shown.body);
      assert.deepEqual(await secretOf(), pending, 'showing it again changed nothing');

      const on = await t.app.inject({
        method: 'POST',
        url: '/account/2fa',
        cookies: b.cookies,
        payload: { action: 'enable', code: totpCode(pending.totp_secret!), _csrf: b.csrf },
      });
      assert.equal(on.statusCode, 303);
      assert.equal(on.headers.location, '/account?done=2fa_on');
      assert.equal((await secretOf()).totp_enabled, 1);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  browserSession,
  createRoleMatrixUsers,
  OTHER,
  OWN,
  TEST_PASSWORD,
  tokenFor,
} from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';
import { totpCode } from './totp.ts';
import { beginTotp, findUserByUsername } from './users.service.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeEachDb(
  'sign-in, sessions and accounts',
  (t) => {
    it('signs in through the API with a token, the user and an HttpOnly SameSite=Lax cookie', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.own.laoadmin', password: TEST_PASSWORD },
      });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.match(body.token, /^[\w-]{40,}$/);
      assert.deepEqual(body.user, {
        username: 't.own.laoadmin',
        displayName: 't.own.laoadmin',
        role: 'lao_admin',
        laoCode: OWN.lao,
        provinceCode: OWN.province,
        districtCode: OWN.district,
      });
      const cookie = String(res.headers['set-cookie']);
      assert.match(cookie, /info_sid=/);
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(body.token) });
      assert.equal(me.json().username, 't.own.laoadmin');
    });

    it('answers a wrong password with 401 and one generic message, and logs it', async () => {
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.own.staff', password: 'wrong-password-x' },
      });
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'nobody.here', password: 'wrong-password-x' },
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.equal(wrong.json().detail, unknown.json().detail);
      assert.equal(wrong.json().detail, 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง');
      const log = await t.db.kysely
        .selectFrom('activity_log')
        .selectAll()
        .where('action', '=', 'auth.login_failed')
        .where('target', '=', 't.own.staff')
        .execute();
      assert.equal(log.length, 1);
    });

    it('locks an account after five wrong passwords in a row and says when to try again', async () => {
      for (let i = 0; i < 4; i++) {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 't.own.district', password: `wrong-password-${i}` },
        });
        assert.equal(r.statusCode, 401);
      }
      const fifth = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.own.district', password: 'wrong-password-5' },
      });
      assert.equal(fifth.statusCode, 429);
      const right = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.own.district', password: TEST_PASSWORD },
      });
      assert.equal(right.statusCode, 429);
      assert.match(right.json().detail, /ลองใหม่ได้หลังเวลา \d\d:\d\d:\d\d น\./);
      assert.ok(Number(right.headers['retry-after']) > 800);
      const en = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'accept-language': 'en' },
        payload: { username: 't.own.district', password: TEST_PASSWORD },
      });
      assert.match(en.json().detail, /try again after \d\d:\d\d:\d\d/);
    });

    it('ends a session at sign-out and refuses its token afterwards', async () => {
      const token = await tokenFor(t.app, 't.own.certifier');
      const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) });
      assert.equal(out.statusCode, 204);
      const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) });
      assert.equal(me.statusCode, 401);
    });

    it('gives a new session id at every sign-in and revokes the one the browser had', async () => {
      const first = await browserSession(t.app, 't.own.certifier');
      const res = await t.app.inject({
        method: 'POST',
        url: '/login',
        cookies: first.cookies,
        payload: { username: 't.own.certifier', password: TEST_PASSWORD, _csrf: first.csrf },
      });
      assert.equal(res.statusCode, 303);
      const second = res.cookies.find((c) => c.name === 'info_sid')!.value;
      assert.notEqual(second, first.cookies.info_sid);
      const old = await t.app.inject({ url: '/api/v1/auth/me', cookies: first.cookies });
      assert.equal(old.statusCode, 401);
    });

    it('expires a session idle for more than 8 hours', async () => {
      const token = await tokenFor(t.app, 't.other.staff');
      await t.db.kysely
        .updateTable('session')
        .set({ last_seen_at: new Date(Date.now() - 9 * 3600_000).toISOString() })
        .execute();
      const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) });
      assert.equal(me.statusCode, 401);
    });

    it('refuses a cookie-authenticated change without the CSRF token, and accepts it with the token', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const forged = await t.app.inject({
        method: 'POST',
        url: '/account/tokens',
        cookies: s.cookies,
        payload: { name: 'forged' },
      });
      assert.equal(forged.statusCode, 403);
      const forgedJson = await t.app.inject({
        method: 'POST',
        url: '/api/v1/account/tokens',
        cookies: s.cookies,
        payload: { name: 'forged' },
      });
      assert.equal(forgedJson.statusCode, 403);
      const tokens = await t.db.kysely
        .selectFrom('api_token')
        .selectAll()
        .where('name', '=', 'forged')
        .execute();
      assert.equal(tokens.length, 0);
      const ok = await t.app.inject({
        method: 'POST',
        url: '/account/tokens',
        cookies: s.cookies,
        payload: { name: 'script', _csrf: s.csrf },
      });
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /lit_[\w-]+/);
    });

    it('refuses a signed-out form post without the CSRF cookie (login CSRF)', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        payload: `username=t.own.staff&password=${encodeURIComponent(TEST_PASSWORD)}`,
      });
      assert.equal(res.statusCode, 403);
      assert.ok(!res.cookies.some((c) => c.name === 'info_sid'));
    });

    it('issues personal API tokens shown once, stored hashed, and revocable', async () => {
      const token = await tokenFor(t.app, 't.own.staff');
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/account/tokens',
        headers: bearer(token),
        payload: { name: 'import script' },
      });
      assert.equal(created.statusCode, 201);
      const raw = created.json().token as string;
      const stored = await t.db.kysely
        .selectFrom('api_token')
        .selectAll()
        .where('name', '=', 'import script')
        .executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, raw);
      assert.equal((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(raw) })).statusCode, 200);
      await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/account/tokens/${stored.id}`,
        headers: bearer(token),
      });
      assert.equal((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(raw) })).statusCode, 401);
    });

    it('makes a created account change its password first, refusing common and short ones', async () => {
      const admin = await tokenFor(t.app, 't.own.laoadmin');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(admin),
        payload: {
          username: 'new.staff',
          displayName: 'พนักงานใหม่',
          role: 'lao_staff',
          laoCode: OWN.lao,
          password: 'Initial-pass-77',
        },
      });
      assert.equal(res.statusCode, 201);
      const token = await tokenFor(t.app, 'new.staff', 'Initial-pass-77');
      const blocked = await t.app.inject({ url: '/api/v1/users', headers: bearer(token) });
      assert.equal(blocked.statusCode, 403);
      assert.match(blocked.json().detail, /เปลี่ยนรหัสผ่าน/);
      const common = await t.app.inject({
        method: 'POST',
        url: '/api/v1/account/password',
        headers: bearer(token),
        payload: { current: 'Initial-pass-77', next: 'qwertyuiop' },
      });
      assert.equal(common.statusCode, 422);
      assert.equal(common.json().errors[0].field, 'next');
      const short = await t.app.inject({
        method: 'POST',
        url: '/api/v1/account/password',
        headers: bearer(token),
        payload: { current: 'Initial-pass-77', next: 'short' },
      });
      assert.equal(short.statusCode, 422);
      const good = await t.app.inject({
        method: 'POST',
        url: '/api/v1/account/password',
        headers: bearer(token),
        payload: { current: 'Initial-pass-77', next: 'Ban-Bua-river-2569' },
      });
      assert.equal(good.statusCode, 200);
      assert.equal(good.json().tokensRevoked, 0);
      const me = await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) });
      assert.equal(me.statusCode, 200);
    });

    it('lets a province officer create administrators and certifiers of its own LAOs only', async () => {
      const p = await tokenFor(t.app, 't.own.province');
      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(p),
        payload: { username: 'banbua.cert2', displayName: 'นายก', role: 'lao_certifier', laoCode: OWN.lao },
      });
      assert.equal(ok.statusCode, 201);
      assert.match(ok.json().initialPassword, /.{10,}/);
      const otherProvince = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(p),
        payload: { username: 'x.admin', displayName: 'x', role: 'lao_admin', laoCode: OTHER.lao },
      });
      assert.equal(otherProvince.statusCode, 403);
      const staff = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer(p),
        payload: { username: 'x.staff', displayName: 'x', role: 'lao_staff', laoCode: OWN.lao },
      });
      assert.equal(staff.statusCode, 403);
      const log = await t.db.kysely
        .selectFrom('activity_log')
        .selectAll()
        .where('action', '=', 'user.created')
        .where('target', '=', 'banbua.cert2')
        .execute();
      assert.equal(log.length, 1);
    });

    it('ends every session of an account when it is disabled', async () => {
      const victim = await tokenFor(t.app, 't.other.certifier');
      const admin = await tokenFor(t.app, 't.admin');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users/t.other.certifier/disable',
        headers: bearer(admin),
      });
      assert.equal(res.statusCode, 204);
      assert.equal((await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(victim) })).statusCode, 401);
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.other.certifier', password: TEST_PASSWORD },
      });
      assert.equal(again.statusCode, 401);
    });

    it('asks for the TOTP code of an account with 2FA, and accepts the right one', async () => {
      const user = (await findUserByUsername(t.db.kysely, 't.other.laoadmin'))!;
      const secret = await beginTotp(t.db.kysely, user);
      await t.db.kysely.updateTable('app_user').set({ totp_enabled: 1 }).where('id', '=', user.id).execute();
      const without = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.other.laoadmin', password: TEST_PASSWORD },
      });
      assert.equal(without.statusCode, 401);
      assert.equal(without.json().mfaRequired, true);
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.other.laoadmin', password: TEST_PASSWORD, totp: '000000' },
      });
      assert.equal(wrong.statusCode, 401);
      const right = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.other.laoadmin', password: TEST_PASSWORD, totp: totpCode(secret) },
      });
      assert.equal(right.statusCode, 200);
    });

    it('lets the centre make 2FA mandatory for a role, which then must enrol before anything else', async () => {
      const admin = await tokenFor(t.app, 't.admin');
      const set = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/admin/mfa-policy',
        headers: bearer(admin),
        payload: { role: 'district_officer', required: true },
      });
      assert.equal(set.statusCode, 200);
      const token = await tokenFor(t.app, 't.other.district');
      const blocked = await t.app.inject({ url: '/api/v1/users', headers: bearer(token) });
      assert.equal(blocked.statusCode, 403);
      assert.match(blocked.json().detail, /สองขั้นตอน/);
      const page = await t.app.inject({ url: '/registry', cookies: (await browserSessionNoGate()).cookies });
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, '/account/2fa');
      const notAdmin = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/admin/mfa-policy',
        headers: bearer(await tokenFor(t.app, 't.own.province')),
        payload: { role: 'lao_staff', required: true },
      });
      assert.equal(notAdmin.statusCode, 403);
      await t.app.inject({
        method: 'PUT',
        url: '/api/v1/admin/mfa-policy',
        headers: bearer(admin),
        payload: { role: 'district_officer', required: false },
      });
    });

    async function browserSessionNoGate() {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.other.district', password: TEST_PASSWORD },
      });
      return { cookies: { info_sid: res.cookies.find((c) => c.name === 'info_sid')!.value } };
    }

    it('resets a forgotten password by a single-use e-mailed link', async () => {
      const form = await t.app.inject({ url: '/forgot-password' });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const anon = form.cookies.find((c) => c.name === 'info_csrf')!.value;
      const sent = await t.app.inject({
        method: 'POST',
        url: '/forgot-password',
        cookies: { info_csrf: anon },
        payload: { username: 't.own.staff', _csrf: csrf },
      });
      assert.equal(sent.statusCode, 200);
      const mail = await t.db.kysely
        .selectFrom('mail_outbox')
        .selectAll()
        .where('to_address', '=', 't.own.staff@test.example')
        .executeTakeFirstOrThrow();
      assert.equal(mail.kind, 'password_reset');
      const link = /\/reset-password\/([\w-]+)/.exec(mail.body_text)![1]!;
      const done = await t.app.inject({
        method: 'POST',
        url: `/reset-password/${link}`,
        cookies: { info_csrf: anon },
        payload: { password: 'New-river-pass-99', confirm: 'New-river-pass-99', _csrf: csrf },
      });
      assert.equal(done.statusCode, 303);
      assert.equal(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: 't.own.staff', password: 'New-river-pass-99' },
          })
        ).statusCode,
        200,
      );
      const reuse = await t.app.inject({
        method: 'POST',
        url: `/reset-password/${link}`,
        cookies: { info_csrf: anon },
        payload: { password: 'Another-pass-777', confirm: 'Another-pass-777', _csrf: csrf },
      });
      assert.equal(reuse.statusCode, 400);
    });

    it('keeps values and shows the error summary on a failed sign-in page', async () => {
      const form = await t.app.inject({ url: '/login' });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const anon = form.cookies.find((c) => c.name === 'info_csrf')!.value;
      const res = await t.app.inject({
        method: 'POST',
        url: '/login',
        cookies: { info_csrf: anon },
        payload: { username: 't.own.laoadmin', password: 'nope-nope-nope', _csrf: csrf },
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<title>ข้อผิดพลาด: /);
      assert.match(res.body, /role="alert"/);
      assert.match(res.body, /value="t.own.laoadmin"/);
      assert.match(res.body, /href="#username"/);
    });

    it('lands a provincial officer on the province dashboard, with it in the menu; a page asked for wins', async () => {
      const signIn = async (username: string, next?: string) => {
        const form = await t.app.inject({ url: next ? `/login?next=${encodeURIComponent(next)}` : '/login' });
        const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
        const anon = form.cookies.find((c) => c.name === 'info_csrf')!.value;
        return t.app.inject({
          method: 'POST',
          url: '/login',
          cookies: { info_csrf: anon },
          payload: { username, password: TEST_PASSWORD, _csrf: csrf, ...(next ? { next } : {}) },
        });
      };
      const officer = await signIn('t.own.province');
      assert.equal(officer.statusCode, 303);
      assert.equal(officer.headers.location, '/dashboards/province/31');
      const sid = officer.cookies.find((c) => c.name === 'info_sid')!.value;
      const home = await t.app.inject({ url: '/', cookies: { info_sid: sid } });
      assert.match(home.body, /<a class="app-nav__link" href="\/dashboards\/province\/31">ภาพรวมจังหวัด<\/a>/);
      assert.equal((await signIn('t.own.province', '/status')).headers.location, '/status');
      assert.equal((await signIn('t.own.certifier')).headers.location, '/');
    });

    it('shows the public the pages that need sign-in, marked so and signing in first', async () => {
      const home = await t.app.inject({ url: '/' });
      assert.match(
        home.body,
        /href="\/login\?next=%2Fmy-work">งานของฉัน<span class="app-nav__note"> \(ต้องเข้าสู่ระบบ\)<\/span>/,
      );
      assert.doesNotMatch(home.body, /href="\/admin\/users"/);
      // The INFO menu is for LAO staff: the public is told so, and its links sign in first.
      assert.match(home.body, /id="info-menu-note">สำหรับเจ้าหน้าที่ อปท\. \(ต้องเข้าสู่ระบบ\)/);
      assert.match(home.body, /href="\/login\?next=%2Frecords%2Faspects%2F1"/);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

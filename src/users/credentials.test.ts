import assert from 'node:assert/strict';
import { it } from 'node:test';
import { browserSession, createRoleMatrixUsers, TEST_PASSWORD, tokenFor } from '../../test/factories.ts';
import { describeEachDb, type TestCtx } from '../../test/harness.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const works = async (t: TestCtx, token: string) =>
  (await t.app.inject({ url: '/api/v1/auth/me', headers: bearer(token) })).statusCode === 200;

async function apiToken(t: TestCtx, session: string, name: string) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/account/tokens',
    headers: bearer(session),
    payload: { name },
  });
  assert.equal(r.statusCode, 201);
  return r.json().token as string;
}

/** The reset link e-mailed for an account, asked for on the page. */
async function resetLink(t: TestCtx, username: string) {
  const form = await t.app.inject({ url: '/forgot-password' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const anon = form.cookies.find((c) => c.name === 'info_csrf')!.value;
  const sent = await t.app.inject({
    method: 'POST',
    url: '/forgot-password',
    cookies: { info_csrf: anon },
    payload: { username, _csrf: csrf },
  });
  assert.equal(sent.statusCode, 200);
  const mail = await t.db.kysely
    .selectFrom('mail_outbox')
    .select('body_text')
    .where('to_address', '=', `${username}@test.example`)
    .where('kind', '=', 'password_reset')
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
  return { path: /\/reset-password\/[\w-]+/.exec(mail.body_text)![0], csrf, anon };
}

describeEachDb(
  'credentials: a new password ends API tokens too; re-enabling brings nothing back',
  (t) => {
    it('revokes every personal API token when the password is changed, and the JSON answer says how many', async () => {
      const session = await tokenFor(t.app, 't.own.staff');
      const [a, b] = [await apiToken(t, session, 'script a'), await apiToken(t, session, 'script b')];
      assert.ok((await works(t, a)) && (await works(t, b)));
      const changed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/account/password',
        headers: bearer(session),
        payload: { current: TEST_PASSWORD, next: 'Lotus-pond-2569-new' },
      });
      assert.equal(changed.statusCode, 200);
      assert.equal(changed.json().tokensRevoked, 2);
      assert.match(changed.json().message, /ยกเลิกโทเคน API 2 รายการ/);
      assert.ok(!(await works(t, a)) && !(await works(t, b)), 'both tokens are revoked');
      assert.ok(await works(t, session), 'the session that made the change goes on');
      const en = await t.app.inject({
        method: 'POST',
        url: '/api/v1/account/password',
        headers: { ...bearer(session), 'accept-language': 'en' },
        payload: { current: 'Lotus-pond-2569-new', next: 'Lotus-pond-2569-again' },
      });
      assert.equal(en.json().tokensRevoked, 0);
      assert.match(en.json().message, /0 API token\(s\) revoked/);
    });

    it('says on the account page how many tokens a password change on the page revoked', async () => {
      const s = await browserSession(t.app, 't.own.certifier');
      const session = await tokenFor(t.app, 't.own.certifier');
      const token = await apiToken(t, session, 'nightly export');
      const res = await t.app.inject({
        method: 'POST',
        url: '/account/password',
        cookies: s.cookies,
        payload: {
          current: TEST_PASSWORD,
          next: 'Rice-field-2569-x',
          confirm: 'Rice-field-2569-x',
          _csrf: s.csrf,
        },
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/account?done=password&tokens=1');
      const page = await t.app.inject({ url: String(res.headers.location), cookies: s.cookies });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /เปลี่ยนรหัสผ่านแล้ว ออกจากระบบในเครื่องอื่นทั้งหมด และยกเลิกโทเคน API 1 รายการ/);
      assert.ok(!(await works(t, token)));
      assert.ok(!(await works(t, session)), 'the other session ended');
    });

    it('revokes API tokens when a password is reset by e-mail, and the sign-in page says how many', async () => {
      const session = await tokenFor(t.app, 't.own.district');
      const token = await apiToken(t, session, 'dashboard feed');
      const link = await resetLink(t, 't.own.district');
      const done = await t.app.inject({
        method: 'POST',
        url: link.path,
        cookies: { info_csrf: link.anon },
        payload: { password: 'Reset-river-2569-y', confirm: 'Reset-river-2569-y', _csrf: link.csrf },
      });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/login?done=reset&tokens=1');
      const login = await t.app.inject({ url: String(done.headers.location) });
      assert.match(login.body, /ตั้งรหัสผ่านใหม่แล้ว ออกจากระบบทุกเครื่อง ยกเลิกโทเคน API 1 รายการ/);
      assert.ok(!(await works(t, token)));
      assert.ok(!(await works(t, session)));
    });

    it('does not bring old API tokens, sessions or reset links back when a disabled account is enabled again', async () => {
      const session = await tokenFor(t.app, 't.other.staff');
      const token = await apiToken(t, session, 'old script');
      const link = await resetLink(t, 't.other.staff');
      const admin = await tokenFor(t.app, 't.admin');
      for (const op of ['disable', 'enable']) {
        const r = await t.app.inject({
          method: 'POST',
          url: `/api/v1/users/t.other.staff/${op}`,
          headers: bearer(admin),
        });
        assert.equal(r.statusCode, 204);
      }
      assert.ok(!(await works(t, token)), 'the API token stays revoked');
      assert.ok(!(await works(t, session)), 'the session stays ended');
      const reuse = await t.app.inject({
        method: 'POST',
        url: link.path,
        cookies: { info_csrf: link.anon },
        payload: { password: 'Back-again-2569-z', confirm: 'Back-again-2569-z', _csrf: link.csrf },
      });
      assert.equal(reuse.statusCode, 400, 'the reset link from before stays dead');
      assert.ok(await tokenFor(t.app, 't.other.staff'), 'the account itself signs in again');
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

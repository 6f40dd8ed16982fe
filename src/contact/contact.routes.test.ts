import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  browserSession,
  createRoleMatrixUsers,
  NEIGHBOUR,
  OTHER,
  OWN,
  TEST_PASSWORD,
  tokenFor,
} from '../../test/factories.ts';
import { describeEachDb, type TestCtx } from '../../test/harness.ts';
import { createUser } from '../users/users.service.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const valid = {
  responsibleName: 'นางสาวสมใจ ใจดี',
  responsiblePosition: 'นักวิชาการคอมพิวเตอร์',
  responsibleDivision: 'สำนักปลัด',
  phone: '044 611 111',
  email: 'saraban@banbua.go.th',
};

/** Bearer tokens by username, signed in once per suite. */
function tokens(t: TestCtx) {
  const cache = new Map<string, string>();
  return async (username: string) => {
    let tk = cache.get(username);
    if (!tk) {
      tk = await tokenFor(t.app, username);
      cache.set(username, tk);
    }
    return bearer(tk);
  };
}

async function setup(t: TestCtx) {
  await createRoleMatrixUsers(t.db.kysely);
  await createUser(t.db.kysely, 'system', {
    username: 't.neighbour.staff',
    displayName: 'เจ้าหน้าที่ อปท. ข้างเคียง',
    password: TEST_PASSWORD,
    role: 'lao_staff',
    laoCode: NEIGHBOUR.lao,
    mustChangePassword: false,
  });
}

/** The verification link of the newest message to an address, read from the outbox as a tester would. */
async function linkFromOutbox(t: TestCtx, to: string) {
  const m = await t.db.kysely
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to_address', '=', to)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const match = /\/contact\/verify\/([\w-]+)/.exec(m.body_text);
  assert.ok(match, m.body_text);
  return { path: `/contact/verify/${match[1]}`, token: match[1]!, message: m };
}

const history = (t: TestCtx, lao: string) =>
  t.db.kysely
    .selectFrom('lao_contact_history')
    .selectAll()
    .where('lao_code', '=', lao)
    .orderBy('at')
    .orderBy('id')
    .execute();

describeEachDb(
  'central e-mail registration: GET/PUT /api/v1/laos/:code/contact',
  (t) => {
    const as = tokens(t);
    const put = async (
      who: string | null,
      lao: string,
      payload: unknown,
      headers: Record<string, string> = {},
    ) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/laos/${lao}/contact`,
        headers: { ...(who ? await as(who) : {}), ...headers },
        payload: payload as Record<string, unknown>,
      });

    it('lets the LAO administrator register their LAO: 200, unverified, link e-mailed, phone normalised', async () => {
      const res = await put('t.own.laoadmin', OWN.lao, valid);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.laoCode, OWN.lao);
      assert.equal(body.responsibleName, 'นางสาวสมใจ ใจดี');
      assert.equal(body.phone, '044-611-111');
      assert.equal(body.email, 'saraban@banbua.go.th');
      assert.equal(body.emailVerified, false);
      assert.equal(body.emailVerifiedAt, null);
      assert.equal(body.updatedBy, 't.own.laoadmin');
      assert.equal(body.verificationSent, true);
      assert.deepEqual(body.warnings, []);
      const { message } = await linkFromOutbox(t, 'saraban@banbua.go.th');
      assert.equal(message.kind, 'contact_verification');
      assert.match(message.subject, /ยืนยันที่อยู่ e-mail กลางของ เทศบาลเมืองบ้านบัว/);
      assert.match(message.body_text, new RegExp(`${t.config.baseUrl}/contact/verify/[\\w-]{40,}`));
      assert.match(message.body_text, /ภายใน 7 วัน/);
      const row = await t.db.kysely
        .selectFrom('lao_contact')
        .selectAll()
        .where('lao_code', '=', OWN.lao)
        .executeTakeFirstOrThrow();
      assert.match(row.verify_token_hash!, /^[0-9a-f]{64}$/);
      assert.ok(
        !message.body_text.includes(row.verify_token_hash!),
        'only the hash is stored, never the token',
      );
      const days = (Date.parse(row.verify_expires_at!) - Date.now()) / 86_400_000;
      assert.ok(days > 6.9 && days <= 7, String(days));
    });

    it('lets the LAO, its province and district, and the centre read it; 404 for an LAO not registered', async () => {
      for (const who of [
        't.own.laoadmin',
        't.own.staff',
        't.own.certifier',
        't.own.province',
        't.own.district',
        't.admin',
      ]) {
        const res = await t.app.inject({ url: `/api/v1/laos/${OWN.lao}/contact`, headers: await as(who) });
        assert.equal(res.statusCode, 200, who);
        assert.equal(res.json().email, 'saraban@banbua.go.th');
      }
      const none = await t.app.inject({
        url: `/api/v1/laos/${NEIGHBOUR.lao}/contact`,
        headers: await as('t.own.province'),
      });
      assert.equal(none.statusCode, 404);
      assert.match(none.json().detail, /ยังไม่ได้ลงทะเบียน/);
    });

    it('refuses readers outside the scope (403) and the public (401)', async () => {
      for (const who of ['t.other.province', 't.other.staff', 't.other.laoadmin', 't.neighbour.staff']) {
        const res = await t.app.inject({ url: `/api/v1/laos/${OWN.lao}/contact`, headers: await as(who) });
        assert.equal(res.statusCode, 403, who);
      }
      assert.equal((await t.app.inject({ url: `/api/v1/laos/${OWN.lao}/contact` })).statusCode, 401);
    });

    it('gives 403 to staff of another LAO, a province officer of another province and even of the same province', async () => {
      const before = await history(t, OWN.lao);
      const changed = { ...valid, responsibleName: 'ผู้บุกรุก' };
      for (const who of [
        't.other.staff',
        't.neighbour.staff',
        't.other.province',
        't.own.province',
        't.own.staff',
        't.own.certifier',
        't.own.district',
      ]) {
        const res = await put(who, OWN.lao, changed);
        assert.equal(res.statusCode, 403, who);
        assert.match(res.json().detail, /เฉพาะผู้ดูแลระบบของ อปท. นี้/);
      }
      assert.equal((await put(null, OWN.lao, changed)).statusCode, 401);
      // A stranger's bad values are still a 403, not a validation report.
      assert.equal((await put('t.other.staff', OWN.lao, { phone: 'x' })).statusCode, 403);
      assert.deepEqual(await history(t, OWN.lao), before);
    });

    it('answers 404 for an unknown LAO and 400 for a malformed code', async () => {
      const unknown = await put('t.admin', '9999999', valid);
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.json().detail, /ไม่พบ อปท. รหัส 9999999/);
      assert.equal((await put('t.admin', '53101', valid)).statusCode, 400);
    });

    it('refuses bad values with 422 and Thai messages per field, and stores nothing', async () => {
      const before = await history(t, OWN.lao);
      const res = await put('t.own.laoadmin', OWN.lao, {
        ...valid,
        responsibleName: '  ',
        phone: '12345',
        email: 'saraban at banbua',
      });
      assert.equal(res.statusCode, 422);
      const errors = res.json().errors as { field: string; message: string }[];
      assert.deepEqual(errors.map((e) => e.field).sort(), ['email', 'phone', 'responsibleName']);
      assert.match(errors.find((e) => e.field === 'phone')!.message, /หมายเลขโทรศัพท์ของไทย 9–10 หลัก/);
      assert.match(errors.find((e) => e.field === 'email')!.message, /กรอกที่อยู่ e-mail ให้ถูกต้อง/);
      const en = await put(
        't.own.laoadmin',
        OWN.lao,
        { ...valid, phone: '0812' },
        { 'accept-language': 'en' },
      );
      assert.equal(en.statusCode, 422);
      assert.match(en.json().errors[0].message, /Enter a Thai phone number/);
      assert.equal((await put('t.own.laoadmin', OWN.lao, {})).statusCode, 422);
      assert.deepEqual(await history(t, OWN.lao), before);
      const now = await t.app.inject({
        url: `/api/v1/laos/${OWN.lao}/contact`,
        headers: await as('t.own.laoadmin'),
      });
      assert.equal(now.json().responsibleName, valid.responsibleName);
    });

    it('accepts phone numbers written the usual ways and refuses non-Thai ones', async () => {
      for (const [typed, stored] of [
        ['081-234-5678', '081-234-5678'],
        ['0812345678', '081-234-5678'],
        ['+66 81 234 5678', '081-234-5678'],
        ['02 123 4567', '02-123-4567'],
      ]) {
        const res = await put('t.own.laoadmin', OWN.lao, { ...valid, phone: typed });
        assert.equal(res.statusCode, 200, typed);
        assert.equal(res.json().phone, stored);
      }
      for (const typed of ['081-234-567', '1234567890', '0012345678', '08123456789', 'โทร 044']) {
        assert.equal(
          (await put('t.own.laoadmin', OWN.lao, { ...valid, phone: typed })).statusCode,
          422,
          typed,
        );
      }
      assert.equal((await put('t.own.laoadmin', OWN.lao, valid)).statusCode, 200);
    });

    it('accepts an address that does not start with saraban, with a warning', async () => {
      const res = await put('t.admin', NEIGHBOUR.lao, { ...valid, email: 'office@neighbour.go.th' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().warnings, [
        { field: 'email', message: 'ที่อยู่ e-mail กลางของ อปท. ตามหนังสือสั่งการมักขึ้นต้นด้วย saraban' },
      ]);
      const en = await put(
        't.admin',
        NEIGHBOUR.lao,
        { ...valid, email: 'office@neighbour.go.th' },
        { 'accept-language': 'en' },
      );
      assert.match(en.json().warnings[0].message, /usually starts with saraban/);
      assert.equal(en.json().verificationSent, false, 'the same values change nothing');
    });

    it('verifies the address through the e-mailed link once, without signing in', async () => {
      const link = await linkFromOutbox(t, 'saraban@banbua.go.th');
      const page = await t.app.inject({ url: link.path });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /ยืนยัน e-mail กลางเรียบร้อย/);
      assert.match(page.body, /saraban@banbua.go.th/);
      const c = (
        await t.app.inject({ url: `/api/v1/laos/${OWN.lao}/contact`, headers: await as('t.own.province') })
      ).json();
      assert.equal(c.emailVerified, true);
      assert.ok(Date.parse(c.emailVerifiedAt) <= Date.now());
      const again = await t.app.inject({ url: link.path });
      assert.equal(again.statusCode, 410);
      assert.match(again.body, /ลิงก์นี้ถูกใช้ไปแล้ว/);
      const bogus = await t.app.inject({ url: '/contact/verify/not-a-real-token-at-all-000000000' });
      assert.equal(bogus.statusCode, 404);
      assert.match(bogus.body, /ลิงก์ยืนยันใช้ไม่ได้/);
    });

    it('keeps the verification when only the phone changes; a new address needs a new verification', async () => {
      const phone = await put('t.own.laoadmin', OWN.lao, { ...valid, phone: '044-611-222' });
      assert.equal(phone.json().emailVerified, true);
      assert.equal(phone.json().verificationSent, false);
      const moved = await put('t.own.laoadmin', OWN.lao, {
        ...valid,
        phone: '044-611-222',
        email: 'saraban.new@banbua.go.th',
      });
      assert.equal(moved.json().emailVerified, false);
      assert.equal(moved.json().verificationSent, true);
      const link = await linkFromOutbox(t, 'saraban.new@banbua.go.th');
      assert.equal((await t.app.inject({ url: link.path })).statusCode, 200);
    });

    it('shows a clear message for an expired link and resends a new one; the old link stops working', async () => {
      await put('t.own.laoadmin', OWN.lao, { ...valid, email: 'saraban.x@banbua.go.th' });
      const first = await linkFromOutbox(t, 'saraban.x@banbua.go.th');
      await t.db.kysely
        .updateTable('lao_contact')
        .set({ verify_expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('lao_code', '=', OWN.lao)
        .execute();
      const expired = await t.app.inject({ url: first.path });
      assert.equal(expired.statusCode, 410);
      assert.match(expired.body, /ลิงก์นี้หมดอายุแล้ว \(ใช้ได้ 7 วัน\)/);
      assert.equal(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/laos/${OWN.lao}/contact/verification`,
            headers: await as('t.own.province'),
          })
        ).statusCode,
        403,
      );
      const resent = await t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OWN.lao}/contact/verification`,
        headers: await as('t.own.laoadmin'),
      });
      assert.equal(resent.statusCode, 200);
      const second = await linkFromOutbox(t, 'saraban.x@banbua.go.th');
      assert.notEqual(second.token, first.token);
      assert.equal((await t.app.inject({ url: first.path })).statusCode, 404);
      assert.equal((await t.app.inject({ url: second.path })).statusCode, 200);
      const done = await t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OWN.lao}/contact/verification`,
        headers: await as('t.own.laoadmin'),
      });
      assert.equal(done.statusCode, 409);
      const none = await t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OTHER.lao}/contact/verification`,
        headers: await as('t.admin'),
      });
      assert.equal(none.statusCode, 404);
    });

    it('keeps every change with who and when in the history and the activity log', async () => {
      const res = await t.app.inject({
        url: `/api/v1/laos/${OWN.lao}/contact/history`,
        headers: await as('t.own.certifier'),
      });
      assert.equal(res.statusCode, 200);
      const items = res.json().items as {
        at: string;
        by: string;
        change: string;
        snapshot: Record<string, string>;
      }[];
      const oldest = items.at(-1)!;
      assert.equal(oldest.change, 'registered');
      assert.equal(oldest.by, 't.own.laoadmin');
      assert.equal(oldest.snapshot.email, 'saraban@banbua.go.th');
      assert.equal(oldest.snapshot.phone, '044-611-111');
      const kinds = items.map((i) => i.change);
      for (const k of ['registered', 'updated', 'verification_sent', 'verified'])
        assert.ok(kinds.includes(k), k);
      const verified = items.find((i) => i.change === 'verified')!;
      assert.equal(verified.by, 'saraban.x@banbua.go.th', 'the mailbox holder verified it');
      assert.ok(
        items.every((i, n) => n === 0 || items[n - 1]!.at >= i.at),
        'newest first',
      );
      const log = await t.db.kysely
        .selectFrom('activity_log')
        .select(['action', 'actor_username', 'lao_code', 'province_code'])
        .where('lao_code', '=', OWN.lao)
        .where('action', 'like', 'contact.%')
        .execute();
      assert.equal(log.length, items.length);
      assert.ok(log.every((l) => l.province_code === OWN.province));
      assert.ok(log.some((l) => l.action === 'contact.verified'));
      assert.equal(
        (
          await t.app.inject({
            url: `/api/v1/laos/${OWN.lao}/contact/history`,
            headers: await as('t.other.province'),
          })
        ).statusCode,
        403,
      );
    });
  },
  { setup },
);

describeEachDb(
  'central e-mail registration: pages, CSRF and the province list',
  (t) => {
    const as = tokens(t);

    it('shows the edit form with a CSRF field and refuses a cross-site post without it (403), changing nothing', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const form = await t.app.inject({ url: `/laos/${OWN.lao}/contact/edit`, cookies: s.cookies });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /name="_csrf" value="[^"]+"/);
      assert.match(form.body, /name="responsibleName"/);
      const forged = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/contact/edit`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        payload: new URLSearchParams(valid).toString(),
      });
      assert.equal(forged.statusCode, 403);
      assert.match(forged.body, /CSRF/);
      const forgedForm = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/contact/edit`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...valid, _csrf: 'guessed' }).toString(),
      });
      assert.equal(forgedForm.statusCode, 403);
      const row = await t.db.kysely
        .selectFrom('lao_contact')
        .selectAll()
        .where('lao_code', '=', OWN.lao)
        .executeTakeFirst();
      assert.equal(row, undefined);
      assert.equal((await history(t, OWN.lao)).length, 0);
    });

    it('re-renders a bad form with 400, the error summary and the values kept', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const res = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/contact/edit`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...valid, phone: '12-34', _csrf: s.csrf }).toString(),
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<title>ข้อผิดพลาด: /);
      assert.match(res.body, /role="alert"/);
      assert.match(res.body, /<a href="#phone">กรอกหมายเลขโทรศัพท์ของไทย/);
      assert.match(res.body, /aria-describedby="phone-hint phone-error"/);
      assert.match(res.body, /value="12-34"/);
      assert.match(res.body, /value="นางสาวสมใจ ใจดี"/);
      assert.equal((await history(t, OWN.lao)).length, 0);
    });

    it('saves a good form, redirects (303) and shows the registration, its state, the warning and BE times', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const res = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/contact/edit`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ...valid, email: 'it@banbua.go.th', _csrf: s.csrf }).toString(),
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, `/laos/${OWN.lao}/contact?done=saved`);
      const page = await t.app.inject({ url: res.headers.location, cookies: s.cookies });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /ระบบส่งลิงก์ยืนยันไปที่ it@banbua.go.th/);
      assert.match(page.body, /รอยืนยัน e-mail/);
      assert.match(page.body, /มักขึ้นต้นด้วย saraban/);
      assert.match(page.body, /ส่งลิงก์ยืนยัน e-mail อีกครั้ง/);
      const year = new Date().getUTCFullYear() + 543;
      assert.match(page.body, new RegExp(`\\d\\d/\\d\\d/(${year}|${year + 1}) \\d\\d:\\d\\d:\\d\\d`));
      assert.match(page.body, /ลงทะเบียน<\/td>/);
    });

    it('resends the link from the page with the CSRF token', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const before = await t.db.kysely
        .selectFrom('mail_outbox')
        .select('id')
        .where('to_address', '=', 'it@banbua.go.th')
        .execute();
      const res = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/contact/resend`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(s.csrf)}`,
      });
      assert.equal(res.statusCode, 303);
      const after = await t.db.kysely
        .selectFrom('mail_outbox')
        .select('id')
        .where('to_address', '=', 'it@banbua.go.th')
        .execute();
      assert.equal(after.length, before.length + 1);
    });

    it('shows the page read-only to the province and refuses the edit form to it (403)', async () => {
      const s = await browserSession(t.app, 't.own.province');
      const page = await t.app.inject({ url: `/laos/${OWN.lao}/contact`, cookies: s.cookies });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /it@banbua.go.th/);
      assert.ok(!page.body.includes(`/laos/${OWN.lao}/contact/edit`));
      assert.equal(
        (await t.app.inject({ url: `/laos/${OWN.lao}/contact/edit`, cookies: s.cookies })).statusCode,
        403,
      );
      const other = await browserSession(t.app, 't.other.province');
      assert.equal(
        (await t.app.inject({ url: `/laos/${OWN.lao}/contact`, cookies: other.cookies })).statusCode,
        403,
      );
    });

    it('sends an LAO user from /contact to their LAO, offers others a chooser, and the public to sign in', async () => {
      const lao = await browserSession(t.app, 't.own.staff');
      const r = await t.app.inject({ url: '/contact', cookies: lao.cookies });
      assert.equal(r.statusCode, 303);
      assert.equal(r.headers.location, `/laos/${OWN.lao}/contact`);
      const prov = await browserSession(t.app, 't.own.province');
      const chooser = await t.app.inject({ url: '/contact', cookies: prov.cookies });
      assert.equal(chooser.statusCode, 200);
      assert.match(chooser.body, /name="lao"/);
      assert.match(chooser.body, /href="\/province\/contacts"/);
      const picked = await t.app.inject({ url: `/contact?lao=${NEIGHBOUR.lao}`, cookies: prov.cookies });
      assert.equal(picked.headers.location, `/laos/${NEIGHBOUR.lao}/contact`);
      const bad = await t.app.inject({ url: '/contact?lao=12', cookies: prov.cookies });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /กรอกรหัส อปท. เป็นตัวเลข 7 หลัก/);
      const anon = await t.app.inject({ url: '/contact' });
      assert.equal(anon.statusCode, 303);
      assert.match(String(anon.headers.location), /^\/login\?next=/);
    });

    it('lists every LAO of the province with its state and counts, in one answer, filtered by state', async () => {
      // OWN is pending (saved above); register and verify NEIGHBOUR.
      await t.app.inject({
        method: 'PUT',
        url: `/api/v1/laos/${NEIGHBOUR.lao}/contact`,
        headers: await as('t.admin'),
        payload: { ...valid, email: 'saraban@neighbour.go.th' },
      });
      const link = await linkFromOutbox(t, 'saraban@neighbour.go.th');
      await t.app.inject({ url: link.path });
      const res = await t.app.inject({
        url: `/api/v1/provinces/${OWN.province}/contacts`,
        headers: await as('t.own.province'),
      });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.provinceNameTh, 'บุรีรัมย์');
      assert.equal(body.counts.pending, 1);
      assert.equal(body.counts.verified, 1);
      assert.equal(body.counts.total, body.items.length);
      assert.ok(body.counts.total > 100, String(body.counts.total));
      assert.equal(body.counts.unregistered, body.counts.total - 2);
      const own = body.items.find((x: { code: string }) => x.code === OWN.lao);
      assert.equal(own.state, 'pending');
      assert.equal(own.nameTh, 'เทศบาลเมืองบ้านบัว');
      assert.equal(body.items.find((x: { code: string }) => x.code === NEIGHBOUR.lao).state, 'verified');
      assert.ok(
        !body.items.some((x: { code: string }) => x.code === '5310103'),
        'merged LAOs are not listed',
      );
      const verified = (
        await t.app.inject({
          url: `/api/v1/provinces/31/contacts?state=verified`,
          headers: await as('t.admin'),
        })
      ).json();
      assert.deepEqual(
        verified.items.map((x: { code: string }) => x.code),
        [NEIGHBOUR.lao],
      );
      assert.equal(verified.counts.pending, 1);
      assert.equal(
        (await t.app.inject({ url: '/api/v1/provinces/31/contacts?state=x', headers: await as('t.admin') }))
          .statusCode,
        400,
      );
      assert.equal(
        (await t.app.inject({ url: '/api/v1/provinces/31/contacts', headers: await as('t.other.province') }))
          .statusCode,
        403,
      );
      assert.equal(
        (await t.app.inject({ url: '/api/v1/provinces/31/contacts', headers: await as('t.own.laoadmin') }))
          .statusCode,
        403,
      );
      assert.equal(
        (await t.app.inject({ url: '/api/v1/provinces/99/contacts', headers: await as('t.admin') }))
          .statusCode,
        404,
      );
    });

    it('describes its endpoints in the OpenAPI document', async () => {
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
      for (const p of [
        '/api/v1/laos/{code}/contact',
        '/api/v1/laos/{code}/contact/history',
        '/api/v1/laos/{code}/contact/verification',
        '/api/v1/provinces/{code}/contacts',
        '/api/v1/activity',
      ]) {
        assert.ok(doc.paths[p], p);
      }
      assert.ok(doc.paths['/api/v1/laos/{code}/contact'].put.responses[422]);
    });

    it('shows the province page with Thai states and counts; the centre picks the province', async () => {
      const s = await browserSession(t.app, 't.own.province');
      const page = await t.app.inject({ url: '/province/contacts?state=pending', cookies: s.cookies });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /จังหวัดบุรีรัมย์/);
      assert.match(page.body, /ยังไม่ลงทะเบียน/);
      assert.match(page.body, /<span id="count-verified">\(1\)<\/span>/);
      assert.match(page.body, /เทศบาลเมืองบ้านบัว/);
      assert.ok(!page.body.includes(`/laos/${NEIGHBOUR.lao}/contact`), 'filtered to pending');
      const admin = await browserSession(t.app, 't.admin');
      const central = await t.app.inject({
        url: `/province/contacts?province=${OTHER.province}`,
        cookies: admin.cookies,
      });
      assert.equal(central.statusCode, 200);
      assert.match(central.body, /จังหวัดสุรินทร์/);
      assert.match(central.body, /<select/);
      const staff = await browserSession(t.app, 't.own.staff');
      assert.equal(
        (await t.app.inject({ url: '/province/contacts', cookies: staff.cookies })).statusCode,
        403,
      );
    });
  },
  { setup },
);

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bearers, createRoleMatrixUsers, NEIGHBOUR, OTHER, OWN } from '../../test/factories.ts';
import { describeEachDb, type TestCtx } from '../../test/harness.ts';
import { createUser, RESET_PER_ADDRESS_PER_HOUR, RESET_PER_NAME_PER_HOUR } from '../users/users.service.ts';
import { MAIL_PER_LAO_PER_HOUR, MAIL_PER_RECIPIENT_PER_HOUR } from './mail.service.ts';

const registration = (email: string) => ({
  responsibleName: 'นางสาวสมใจ ใจดี',
  responsiblePosition: 'นักวิชาการคอมพิวเตอร์',
  responsibleDivision: 'สำนักปลัด',
  phone: '044-611-111',
  email,
});

const mailsTo = (t: TestCtx, to: string) =>
  t.db.kysely.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).execute();

const contactRow = (t: TestCtx, lao: string) =>
  t.db.kysely.selectFrom('lao_contact').selectAll().where('lao_code', '=', lao).executeTakeFirst();
const historyCount = async (t: TestCtx, lao: string) =>
  (await t.db.kysely.selectFrom('lao_contact_history').select('id').where('lao_code', '=', lao).execute())
    .length;

/** Every link in a text: each must be ours. */
const links = (text: string) => text.match(/[a-z][a-z0-9+.-]*:\/\/\S+/gi) ?? [];

/** The forgotten-password form of a signed-out visitor at an address. */
async function forgotForm(t: TestCtx, ip: string) {
  const form = await t.app.inject({ url: '/forgot-password', remoteAddress: ip });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const anon = form.cookies.find((c) => c.name === 'info_csrf')!.value;
  return (username: string, lang = 'th') =>
    t.app.inject({
      method: 'POST',
      url: '/forgot-password',
      remoteAddress: ip,
      cookies: { info_csrf: anon, lang },
      payload: { username, _csrf: csrf },
    });
}

const timeless = (s: string) => s.replace(/\d\d:\d\d:\d\d/g, 'hh:mm:ss');

describeEachDb(
  'mail abuse: verification and reset mails are limited and carry no link but ours',
  (t) => {
    const as = bearers(t);

    it(`sends at most ${MAIL_PER_RECIPIENT_PER_HOUR} verification mails an hour to one address: then 429 with Retry-After, nothing sent or saved`, async () => {
      const to = 'saraban@banbua.go.th';
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/laos/${OWN.lao}/contact`,
        headers: await as('t.own.laoadmin'),
        payload: registration(to),
      });
      assert.equal(put.statusCode, 200);
      const resend = async (lang = 'th') =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/laos/${OWN.lao}/contact/verification`,
          headers: { ...(await as('t.own.laoadmin')), 'accept-language': lang },
        });
      for (let i = 1; i < MAIL_PER_RECIPIENT_PER_HOUR; i++) assert.equal((await resend()).statusCode, 200);
      const before = await contactRow(t, OWN.lao);
      const history = await historyCount(t, OWN.lao);
      const refused = await resend();
      assert.equal(refused.statusCode, 429);
      assert.match(
        refused.json().detail,
        new RegExp(
          `ส่งอีเมลไปที่ saraban@banbua\\.go\\.th ครบ ${MAIL_PER_RECIPIENT_PER_HOUR} ฉบับใน 1 ชั่วโมงแล้ว ยังไม่ได้ส่งฉบับใหม่ .*ลองใหม่ได้หลังเวลา \\d\\d:\\d\\d:\\d\\d น\\.`,
        ),
      );
      const wait = Number(refused.headers['retry-after']);
      assert.ok(wait > 3500 && wait <= 3600, String(wait));
      assert.match((await resend('en')).json().detail, /nothing was sent/);
      assert.equal((await mailsTo(t, to)).length, MAIL_PER_RECIPIENT_PER_HOUR);
      assert.deepEqual(await contactRow(t, OWN.lao), before, 'the live link is the one sent last');
      assert.equal(await historyCount(t, OWN.lao), history);
    });

    it(`sends at most ${MAIL_PER_LAO_PER_HOUR} verification mails an hour for one LAO, whatever the address; the form says so with Retry-After`, async () => {
      const admin = await as('t.admin');
      for (let i = 0; i < MAIL_PER_LAO_PER_HOUR; i++) {
        const r = await t.app.inject({
          method: 'PUT',
          url: `/api/v1/laos/${NEIGHBOUR.lao}/contact`,
          headers: admin,
          payload: registration(`saraban${i}@neighbour.go.th`),
        });
        assert.equal(r.statusCode, 200, r.body);
      }
      const before = await contactRow(t, NEIGHBOUR.lao);
      const refused = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/laos/${NEIGHBOUR.lao}/contact`,
        headers: admin,
        payload: registration('one.more@neighbour.go.th'),
      });
      assert.equal(refused.statusCode, 429);
      assert.match(refused.json().detail, /อปท\. นี้ส่งอีเมลยืนยันครบ 10 ฉบับใน 1 ชั่วโมงแล้ว/);
      assert.ok(Number(refused.headers['retry-after']) > 3500);
      assert.deepEqual(await contactRow(t, NEIGHBOUR.lao), before, 'the new address was not saved');
      assert.equal((await mailsTo(t, 'one.more@neighbour.go.th')).length, 0);

      const page = await t.app.inject({ url: `/laos/${NEIGHBOUR.lao}/contact/edit`, headers: admin });
      assert.equal(page.statusCode, 200);
      const form = await t.app.inject({
        method: 'POST',
        url: `/laos/${NEIGHBOUR.lao}/contact/edit`,
        headers: admin,
        payload: registration('from.the.form@neighbour.go.th'),
      });
      assert.equal(form.statusCode, 429);
      assert.ok(Number(form.headers['retry-after']) > 3500);
      assert.match(form.body, /<title>ข้อผิดพลาด: /);
      assert.match(form.body, /ส่งอีเมลยืนยันครบ 10 ฉบับ/);
      assert.match(form.body, /value="from.the.form@neighbour.go.th"/, 'the values are kept');
      assert.equal((await mailsTo(t, 'from.the.form@neighbour.go.th')).length, 0);
    });

    it('never makes a link of what someone typed: in a verification mail only BASE_URL links remain', async () => {
      const to = 'saraban@other.go.th';
      const r = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/laos/${OTHER.lao}/contact`,
        headers: await as('t.admin'),
        payload: {
          ...registration(to),
          responsibleName: 'http://evil.example/login?next=x',
          responsiblePosition: 'ติดต่อ www.evil.example ด่วน',
          responsibleDivision: 'ส่งให้ admin@evil.example',
        },
      });
      assert.equal(r.statusCode, 200, r.body);
      const [mail] = await mailsTo(t, to);
      const text = mail!.body_text;
      assert.deepEqual(
        links(text).filter((l) => !l.startsWith(`${t.config.baseUrl}/`)),
        [],
        'only links to BASE_URL',
      );
      assert.ok(links(text).some((l) => l.startsWith(`${t.config.baseUrl}/contact/verify/`)));
      for (const bad of ['evil.example', 'www.evil', '@evil', 'http://evil'])
        assert.ok(!text.includes(bad), bad);
      assert.match(
        text,
        /http\[:\]\/\/evil\[\.\]example\/login\?next=x/,
        'written out, readable, not a link',
      );
      assert.match(text, /ติดต่อ www\[\.\]evil\[\.\]example ด่วน/);
      assert.match(text, /admin\[at\]evil\[\.\]example/);
    });

    it('never makes a link of a display name in a password-reset mail', async () => {
      await createUser(t.db.kysely, 'system', {
        username: 'evil.name',
        displayName: 'http://evil.example/reset\nเปิดลิงก์นี้ด่วน',
        email: 'evil.name@test.example',
        password: 'Some-long-pass-2569',
        role: 'lao_staff',
        laoCode: OWN.lao,
        mustChangePassword: false,
      });
      const ask = await forgotForm(t, '10.90.0.1');
      assert.equal((await ask('evil.name')).statusCode, 200);
      const [mail] = await mailsTo(t, 'evil.name@test.example');
      const text = mail!.body_text;
      assert.deepEqual(
        links(text).filter((l) => !l.startsWith(`${t.config.baseUrl}/reset-password/`)),
        [],
      );
      assert.ok(!text.includes('evil.example'));
      assert.match(text, /^เรียน http\[:\]\/\/evil\[\.\]example\/reset เปิดลิงก์นี้ด่วน$/m, 'one line, no link');
    });

    it(`answers reset requests for one name ${RESET_PER_NAME_PER_HOUR} times an hour, then 429 the same whether or not it has an account`, async () => {
      const ask = await forgotForm(t, '10.91.0.1');
      for (let i = 0; i < RESET_PER_NAME_PER_HOUR; i++) {
        assert.equal((await ask('t.own.staff')).statusCode, 200);
        assert.equal((await ask('nobody.by.this.name')).statusCode, 200);
      }
      const known = await ask('t.own.staff');
      const unknown = await ask('nobody.by.this.name');
      for (const r of [known, unknown]) {
        assert.equal(r.statusCode, 429);
        assert.ok(Number(r.headers['retry-after']) > 3500);
        assert.match(r.body, /ขอลิงก์ตั้งรหัสผ่านใหม่ของชื่อผู้ใช้นี้ครบ 3 ครั้งใน 1 ชั่วโมงแล้ว/);
      }
      assert.equal(
        timeless(known.body).replaceAll('t.own.staff', 'NAME'),
        timeless(unknown.body).replaceAll('nobody.by.this.name', 'NAME'),
      );
      assert.equal((await mailsTo(t, 't.own.staff@test.example')).length, RESET_PER_NAME_PER_HOUR);
    });

    it(`answers at most ${RESET_PER_ADDRESS_PER_HOUR} reset requests an hour from one address`, async () => {
      const ask = await forgotForm(t, '10.92.0.1');
      const answers = await Promise.all(
        Array.from({ length: RESET_PER_ADDRESS_PER_HOUR }, (_, i) => ask(`someone.${i}`)),
      );
      assert.deepEqual(new Set(answers.map((r) => r.statusCode)), new Set([200]));
      const refused = await ask('t.own.laoadmin', 'en');
      assert.equal(refused.statusCode, 429);
      assert.match(refused.body, /Too many reset requests from this address/);
      assert.equal((await mailsTo(t, 't.own.laoadmin@test.example')).length, 0);
    });

    it('sends no more reset mails to one address than the hourly limit, without saying so (that would reveal the account)', async () => {
      for (const username of ['shared.one', 'shared.two'])
        await createUser(t.db.kysely, 'system', {
          username,
          displayName: username,
          email: 'shared@test.example',
          password: 'Some-long-pass-2569',
          role: 'lao_staff',
          laoCode: OTHER.lao,
          mustChangePassword: false,
        });
      const ask = await forgotForm(t, '10.93.0.1');
      for (let i = 0; i < MAIL_PER_RECIPIENT_PER_HOUR; i++)
        assert.equal((await ask('shared.one')).statusCode, 200);
      const quiet = await ask('shared.two');
      assert.equal(quiet.statusCode, 200);
      assert.match(quiet.body, /หากบัญชีนี้มีอีเมล ระบบได้ส่งลิงก์ตั้งรหัสผ่านใหม่ให้แล้ว/);
      assert.equal((await mailsTo(t, 'shared@test.example')).length, MAIL_PER_RECIPIENT_PER_HOUR);
      const log = await t.db.kysely
        .selectFrom('activity_log')
        .select('target')
        .where('action', '=', 'user.password_reset_throttled')
        .execute();
      assert.deepEqual(
        log.map((l) => l.target),
        ['shared.two'],
      );
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

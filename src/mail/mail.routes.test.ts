import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { it, mock } from 'node:test';
import { fileURLToPath } from 'node:url';
import { browserSession, createRoleMatrixUsers } from '../../test/factories.ts';
import { describeEachDb, type TestCtx } from '../../test/harness.ts';
import { outboxReport } from '../cli/mail-outbox.ts';
import { queueMail } from './mail.service.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

async function setup(t: TestCtx) {
  await createRoleMatrixUsers(t.db.kysely);
  await queueMail(t.db.kysely, t.config, {
    to: 'saraban@banbua.go.th',
    kind: 'contact_verification',
    subject: 'ยืนยันที่อยู่ e-mail กลางของ เทศบาลเมืองบ้านบัว',
    text: `เรียน ผู้รับผิดชอบ\nเปิดลิงก์นี้ภายใน 7 วัน:\n${t.config.baseUrl}/contact/verify/abc123-token-for-the-test\n`,
  });
  await queueMail(t.db.kysely, t.config, {
    to: 'someone@test.example',
    kind: 'password_reset',
    subject: 'ตั้งรหัสผ่านใหม่ <script>',
    text: 'ลิงก์ตั้งรหัสผ่านใหม่',
  });
}

describeEachDb(
  'the outbox: /admin/outbox and lao-info mail outbox',
  (t) => {
    it('lists the newest messages for the central administrator with BE times, kind and status', async () => {
      const s = await browserSession(t.app, 't.admin');
      const res = await t.app.inject({ url: '/admin/outbox', cookies: s.cookies });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /กล่องจดหมายขาออก/);
      assert.match(res.body, /saraban@banbua.go.th/);
      assert.match(res.body, /ยืนยัน e-mail กลาง<\/td>/);
      assert.match(res.body, /เก็บในกล่องขาออก \(ไม่ได้ตั้ง SMTP\)/);
      assert.match(res.body, /ตั้งรหัสผ่านใหม่ &lt;script>/, 'subjects are escaped');
      const year = new Date().getUTCFullYear() + 543;
      assert.match(res.body, new RegExp(`\\d\\d/\\d\\d/(${year}|${year + 1}) \\d\\d:\\d\\d:\\d\\d`));
      assert.ok(
        res.body.indexOf('someone@test.example') < res.body.indexOf('saraban@banbua.go.th'),
        'newest first',
      );
      const filtered = await t.app.inject({
        url: '/admin/outbox?to=saraban%40banbua.go.th',
        cookies: s.cookies,
      });
      assert.ok(!filtered.body.includes('someone@test.example'));
    });

    it('shows one message with its full text, so the link can be followed', async () => {
      const s = await browserSession(t.app, 't.admin');
      const list = await t.app.inject({ url: '/admin/outbox', cookies: s.cookies });
      const id = /href="\/admin\/outbox\/([0-9a-f-]{36})">ยืนยันที่อยู่/.exec(list.body)?.[1];
      assert.ok(id);
      const one = await t.app.inject({ url: `/admin/outbox/${id}`, cookies: s.cookies });
      assert.equal(one.statusCode, 200);
      assert.match(one.body, /\/contact\/verify\/abc123-token-for-the-test/);
      const missing = await t.app.inject({
        url: '/admin/outbox/00000000-0000-4000-8000-000000000000',
        cookies: s.cookies,
      });
      assert.equal(missing.statusCode, 404);
    });

    it('is refused to everyone but the central administrator (403), and sends the public to sign in', async () => {
      for (const who of ['t.own.province', 't.own.laoadmin', 't.own.staff', 't.own.district']) {
        const s = await browserSession(t.app, who);
        const res = await t.app.inject({ url: '/admin/outbox', cookies: s.cookies });
        assert.equal(res.statusCode, 403, who);
        assert.match(res.body, /เฉพาะผู้ดูแลระบบส่วนกลาง/);
        assert.ok(!res.body.includes('abc123-token'));
      }
      const anon = await t.app.inject({ url: '/admin/outbox' });
      assert.equal(anon.statusCode, 303);
      assert.match(String(anon.headers.location), /^\/login/);
    });

    it('prints the messages with their full text for the CLI, or JSON, filtered by address', async () => {
      const text = await outboxReport(t.db.kysely, { limit: 10, json: false });
      assert.match(text, /ถึง \/ to: {4}saraban@banbua.go.th/);
      assert.match(text, /\/contact\/verify\/abc123-token-for-the-test/);
      const json = JSON.parse(
        await outboxReport(t.db.kysely, { to: 'saraban@banbua.go.th', limit: 10, json: true }),
      );
      assert.equal(json.length, 1);
      assert.equal(json[0].kind, 'contact_verification');
      assert.match(json[0].text, /abc123-token-for-the-test/);
      assert.equal(JSON.parse(await outboxReport(t.db.kysely, { limit: 1, json: true })).length, 1);
      assert.match(
        await outboxReport(t.db.kysely, { to: 'nobody@x.example', limit: 5, json: false }),
        /no messages/,
      );
    });

    it('is the "mail outbox" command of the CLI', { skip: t.dialect !== 'sqlite' }, () => {
      if (t.config.database.kind !== 'sqlite') return;
      const r = spawnSync(
        process.execPath,
        [path.join(root, 'bin/lao-info.js'), 'mail', 'outbox', '--to', 'saraban@banbua.go.th', '--json'],
        {
          cwd: root,
          encoding: 'utf8',
          env: {
            ...process.env,
            DATA_DIR: path.dirname(t.config.database.file),
            DATABASE_URL: '',
            LOG_LEVEL: 'silent',
            DEMO: 'off',
          },
        },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.match(JSON.parse(r.stdout)[0].text, /abc123-token-for-the-test/);
      const bad = spawnSync(
        process.execPath,
        [path.join(root, 'bin/lao-info.js'), 'mail', 'outbox', '--limit', '0'],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, DATA_DIR: path.dirname(t.config.database.file), DATABASE_URL: '' },
        },
      );
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--limit/);
    });

    it('lists messages written in the same millisecond newest first, in the order they were written', async () => {
      // The clock stands still: every message gets the same created_at, only the id can order them.
      mock.timers.enable({ apis: ['Date'], now: Date.now() });
      try {
        for (let i = 1; i <= 30; i++)
          await queueMail(t.db.kysely, t.config, {
            to: 'order@test.example',
            kind: 'password_reset',
            subject: `ลำดับที่ ${String(i).padStart(2, '0')}`,
            text: 'x',
          });
      } finally {
        mock.timers.reset();
      }
      const s = await browserSession(t.app, 't.admin');
      const subjects = async (query: string) => {
        const res = await t.app.inject({
          url: `/admin/outbox?to=order%40test.example&${query}`,
          cookies: s.cookies,
        });
        assert.equal(res.statusCode, 200);
        return [...res.body.matchAll(/>ลำดับที่ (\d\d)</g)].map((m) => Number(m[1]));
      };
      const want = Array.from({ length: 30 }, (_, i) => 30 - i);
      assert.deepEqual(await subjects('pageSize=100'), want);
      assert.deepEqual(await subjects('pageSize=100'), want, 'the same order when asked again');
    });

    it('pages the outbox: 1–500 a page, a pager, and 400 naming a page size out of range', async () => {
      const s = await browserSession(t.app, 't.admin');
      const res = await t.app.inject({
        url: '/admin/outbox?to=order%40test.example&pageSize=10&page=3',
        cookies: s.cookies,
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /21 ถึง 30 จาก 30/);
      assert.deepEqual(
        [...res.body.matchAll(/>ลำดับที่ (\d\d)</g)].map((m) => Number(m[1])),
        [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
      );
      assert.match(res.body, /href="\/admin\/outbox\?to=order%40test.example&amp;page=2&amp;pageSize=10"/);
      for (const bad of ['pageSize=501', 'pageSize=0', 'page=0', 'page=x']) {
        const r = await t.app.inject({ url: `/admin/outbox?${bad}`, cookies: s.cookies });
        assert.equal(r.statusCode, 400, bad);
        assert.match(r.body, new RegExp(bad.split('=')[0]!), bad);
      }
    });
  },
  { setup },
);

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { browserSession, createRoleMatrixUsers, OTHER, OWN, tokenFor } from '../../test/factories.ts';
import { fillAspect } from '../../test/fill.ts';
import { dialects, seededDb, testConfig } from '../../test/harness.ts';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import type { Db, DbTarget } from '../db/connection.ts';

/** A node's DATABASE_URL for a target (a PostgreSQL schema as the connection's search_path). */
function withSchema(url: string, schema: string | undefined) {
  if (!schema) return url;
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

import { type Reminded, runReminders } from './reminders.service.ts';

const Y = 2569;
/** The national deadline of FY 2569 in the test, and the clock moved to 7 days before it (10:00 Bangkok). */
const DUE = '2026-05-15';
const SEVEN_DAYS_BEFORE = new Date('2026-05-08T03:00:00Z');

for (const dialect of dialects()) {
  describe(`[${dialect}] reminders`, () => {
    let db: Db;
    let config: Config;
    let app: FastifyInstance;
    let drop: () => Promise<void>;
    let target: DbTarget;

    before(async () => {
      const fresh = await seededDb(dialect);
      db = fresh.db;
      drop = fresh.drop;
      target = fresh.target;
      config = testConfig(fresh.target);
      app = await buildApp({ config, db }, { logger: false });
      await createRoleMatrixUsers(db.kysely);
      const k = db.kysely;
      await k
        .insertInto('year_deadline')
        .values({ year: Y, due_date: DUE, set_by: 't.admin', set_at: new Date().toISOString() })
        .execute();
      // A second staff member of the same division who turned reminders off.
      const staff = await k
        .selectFrom('app_user')
        .selectAll()
        .where('username', '=', 't.own.staff')
        .executeTakeFirstOrThrow();
      const quietId = randomUUID();
      await k
        .insertInto('app_user')
        .values({
          ...staff,
          id: quietId,
          username: 't.own.quiet',
          email: 'quiet@test.example',
          reminders_off_at: new Date().toISOString(),
        })
        .execute();
      const links = await k.selectFrom('user_division').selectAll().where('user_id', '=', staff.id).execute();
      for (const l of links)
        await k
          .insertInto('user_division')
          .values({ user_id: quietId, division_id: l.division_id })
          .execute();
      // Aspect 2 of the own LAO complete and not certified: its certifier is reminded.
      await fillAspect(app, await tokenFor(app, 't.own.laoadmin'), {
        lao: OWN.lao,
        year: Y,
        aspect: 2,
        lists: 'none',
      });
    });
    after(async () => {
      await app.close();
      await db.close();
      await drop();
    });

    it('7 days before the due date reminds exactly the right people once each, with two app processes running at once', async () => {
      // Two app processes (the CLI's `reminders run`, the job the server runs hourly) on this database, started
      // together, with the clock moved to 7 days before the due date.
      const env = {
        ...process.env,
        DEMO: 'off',
        LOG_LEVEL: 'silent',
        ...(target.kind === 'sqlite'
          ? { DATA_DIR: path.dirname(target.file), DATABASE_URL: '' }
          : { DATA_DIR: os.tmpdir(), DATABASE_URL: withSchema(target.url, target.schema) }),
      };
      const runNode = () =>
        new Promise<Reminded[]>((resolve, reject) => {
          const p = spawn(
            process.execPath,
            [
              path.resolve('bin/lao-info.js'),
              'reminders',
              'run',
              '--json',
              '--now',
              SEVEN_DAYS_BEFORE.toISOString(),
            ],
            { env, stdio: ['ignore', 'pipe', 'pipe'] },
          );
          let out = '';
          let err = '';
          p.stdout.on('data', (d) => {
            out += d;
          });
          p.stderr.on('data', (d) => {
            err += d;
          });
          p.on('exit', (code) =>
            code === 0
              ? resolve(JSON.parse(out.trim().split('\n').pop()!))
              : reject(new Error(`exit ${code}: ${err}`)),
          );
        });
      const runs = await Promise.all([runNode(), runNode()]);
      const all = runs
        .flat()
        .map((r) => `${r.kind} ${r.username} ${r.laoCode}`)
        .sort();
      assert.deepEqual(all, [
        `certify t.own.certifier ${OWN.lao}`,
        `due_7 t.other.staff ${OTHER.lao}`,
        `due_7 t.own.staff ${OWN.lao}`,
      ]);
      const mails = await db.kysely
        .selectFrom('mail_outbox')
        .selectAll()
        .where('kind', 'like', 'reminder.%')
        .orderBy('to_address')
        .execute();
      assert.deepEqual(
        mails.map((m) => m.to_address),
        ['t.other.staff@test.example', 't.own.certifier@test.example', 't.own.staff@test.example'],
      );
      const own = mails.find((m) => m.to_address === 't.own.staff@test.example')!;
      assert.match(own.subject, /ครบกำหนด 15\/05\/2569 \(อีก 7 วัน\)/);
      assert.match(own.body_text, /- ด้านที่ 1: /);
      assert.match(own.body_text, new RegExp(`${config.baseUrl}/my-work\\?year=2569`));
      const cert = mails.find((m) => m.to_address === 't.own.certifier@test.example')!;
      assert.match(cert.body_text, /ข้อมูลด้านที่ 2 ของ เทศบาลเมืองบ้านบัว ปีงบประมาณ 2569 บันทึกครบแล้วแต่ยังไม่ได้รับรอง/);
      assert.match(cert.body_text, new RegExp(`/certification/laos/${OWN.lao}/years/2569`));
      const rows = await db.kysely.selectFrom('reminder_sent').selectAll().execute();
      assert.equal(rows.length, 3);
      // Each reminded person also finds it where they work: one notification each, linking to where they act.
      const notes = await db.kysely
        .selectFrom('notification')
        .innerJoin('app_user', 'app_user.id', 'notification.user_id')
        .select(['app_user.username', 'notification.kind', 'notification.href', 'notification.text_th'])
        .where('notification.kind', '=', 'reminder')
        .orderBy('app_user.username')
        .execute();
      assert.deepEqual(
        notes.map((n) => `${n.username} ${n.href}`),
        [
          `t.other.staff /my-work?year=2569`,
          `t.own.certifier /certification/laos/${OWN.lao}/years/2569`,
          `t.own.staff /my-work?year=2569`,
        ],
      );
      assert.match(notes[2]!.text_th ?? '', /กำหนดแล้วเสร็จ 15\/05\/2569 \(อีก 7 วัน\)/);
    });

    it('sends nothing again on a re-run of the same day, and nothing on a day that is not 14, 7 or 1 days before', async () => {
      assert.deepEqual(
        await runReminders(db.kysely, config, { now: new Date(SEVEN_DAYS_BEFORE.getTime() + 3600_000) }),
        [],
      );
      const sixDays = await runReminders(db.kysely, config, { now: new Date('2026-05-09T03:00:00Z') });
      assert.deepEqual(sixDays, []);
      const oneDay = await runReminders(db.kysely, config, { now: new Date('2026-05-14T03:00:00Z') });
      assert.deepEqual(
        oneDay.map((r) => `${r.kind} ${r.username}`).sort(),
        ['certify t.own.certifier', 'due_1 t.other.staff', 'due_1 t.own.staff'],
        'the next week: one day before, and the weekly certification reminder',
      );
    });

    it('past the deadline, tells each province officer once a week of the province’s LAOs behind it', async () => {
      // Wednesday 20 May 2569: five days past the national deadline, nothing certified anywhere.
      const week = await runReminders(db.kysely, config, { now: new Date('2026-05-20T03:00:00Z') });
      const weekly = week.filter((r) => r.kind === 'province_weekly');
      assert.deepEqual(weekly.map((r) => `${r.username} ${r.provinceCode} ${r.laoCode}`).sort(), [
        `t.other.province ${OTHER.province} null`,
        `t.own.province ${OWN.province} null`,
      ]);
      const mail = await db.kysely
        .selectFrom('mail_outbox')
        .selectAll()
        .where('to_address', '=', 't.own.province@test.example')
        .where('kind', '=', 'reminder.province_weekly')
        .executeTakeFirstOrThrow();
      assert.match(mail.subject, /อปท\. \d+ แห่งของจังหวัดบุรีรัมย์ เลยกำหนดส่งข้อมูลแล้ว/);
      const n = Number(/อปท\. (\d+) แห่ง/.exec(mail.subject)![1]);
      assert.ok(n > 30, `${n} LAOs behind`);
      assert.match(mail.body_text, /รับรองแล้ว 0 ด้าน กำหนดส่ง 15\/05\/2569/);
      assert.match(mail.body_text, new RegExp(`และอีก ${n - 30} แห่ง`));
      assert.match(mail.body_text, new RegExp(`/dashboards/province/${OWN.province}\\?year=2569`));
      const note = await db.kysely
        .selectFrom('notification')
        .innerJoin('app_user', 'app_user.id', 'notification.user_id')
        .select(['notification.href'])
        .where('app_user.username', '=', 't.own.province')
        .where('notification.kind', '=', 'reminder')
        .execute();
      assert.deepEqual(
        note.map((x) => x.href),
        [`/dashboards/province/${OWN.province}?year=2569`],
      );
      // Later the same week: nothing again.
      const later = await runReminders(db.kysely, config, { now: new Date('2026-05-22T03:00:00Z') });
      assert.deepEqual(
        later.filter((r) => r.kind === 'province_weekly'),
        [],
      );
    });

    it('lets a user turn reminders off and on from the account page (CSRF, logged), and an off user gets none', async () => {
      const s = await browserSession(app, 't.own.staff');
      const page = await app.inject({ url: '/account', cookies: s.cookies });
      assert.match(
        page.body,
        /<input class="govuk-checkboxes__input" id="reminders" name="reminders" type="checkbox" value="on" checked/,
      );
      const form = (body: string) => ({
        method: 'POST' as const,
        url: '/account/reminders',
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      });
      assert.equal((await app.inject(form('_csrf=guessed'))).statusCode, 403);
      const bad = await app.inject(form(`_csrf=${s.csrf}&reminders=yes`));
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<title>ข้อผิดพลาด: /);
      const off = await app.inject(form(`_csrf=${s.csrf}`));
      assert.equal(off.statusCode, 303);
      assert.equal(off.headers.location, '/account?done=reminders_off');
      const u = () =>
        db.kysely
          .selectFrom('app_user')
          .selectAll()
          .where('username', '=', 't.own.staff')
          .executeTakeFirstOrThrow();
      assert.ok((await u()).reminders_off_at);
      const again = await runReminders(db.kysely, config, { now: new Date('2026-05-01T03:00:00Z') });
      assert.ok(
        !again.some((r) => r.username === 't.own.staff'),
        '14 days before: not the user who turned them off',
      );
      assert.ok(again.some((r) => r.username === 't.other.staff' && r.kind === 'due_14'));
      const on = await app.inject(form(`_csrf=${s.csrf}&reminders=on`));
      assert.equal(on.headers.location, '/account?done=reminders_on');
      assert.equal((await u()).reminders_off_at, null);
      const logged = await db.kysely
        .selectFrom('activity_log')
        .select('action')
        .where('action', 'like', 'user.reminders_%')
        .execute();
      assert.deepEqual(logged.map((l) => l.action).sort(), ['user.reminders_off', 'user.reminders_on']);
    });

    it('shows what was sent and when: the centre all, a province its own, an LAO administrator their LAO', async () => {
      const page = async (user: string) => {
        const s = await browserSession(app, user);
        return app.inject({ url: '/reminders', cookies: s.cookies });
      };
      const centre = await page('t.admin');
      assert.equal(centre.statusCode, 200);
      assert.match(centre.body, /การแจ้งเตือนที่ส่งแล้ว/);
      assert.match(centre.body, /t\.own\.staff/);
      assert.match(centre.body, /t\.other\.staff/);
      assert.match(centre.body, /\d\d\/\d\d\/25\d\d \d\d:\d\d:\d\d/);
      assert.match(centre.body, /ก่อนครบกำหนด 7 วัน/);
      const own = await page('t.own.laoadmin');
      assert.match(own.body, /t\.own\.certifier/);
      assert.ok(!own.body.includes('t.other.staff'));
      const province = await page('t.other.province');
      assert.match(province.body, /t\.other\.staff/);
      assert.ok(!province.body.includes('t.own.staff'));
      assert.equal((await page('t.own.staff')).statusCode, 403);
    });
  });
}

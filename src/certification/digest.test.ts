import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createRoleMatrixUsers, OTHER, OWN, tokenFor } from '../../test/factories.ts';
import { certify, fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { bangkokIsoDate } from '../util/thai-date.ts';
import { DIGEST_JOB, sendDailyDigest } from './digest.service.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const Y = 2569;

describeEachDb(
  'the daily digest of LAO certifications',
  (t) => {
    const today = bangkokIsoDate(new Date());
    const digests = () =>
      t.db.kysely.selectFrom('mail_outbox').selectAll().where('kind', '=', 'certification.digest').execute();

    before(async () => {
      const staff = await tokenFor(t.app, 't.own.staff');
      const certifier = await tokenFor(t.app, 't.own.certifier');
      const province = await tokenFor(t.app, 't.own.province');
      await fillAspect(t.app, staff, { lao: OWN.lao, year: Y, aspect: 1 });
      await certify(t.app, certifier, { lao: OWN.lao, year: Y, aspect: 1, level: 'lao' });
      await certify(t.app, province, { lao: OWN.lao, year: Y, aspect: 1, level: 'province' });
      // Another province's LAO certified on another day: in that day's digest, not today's.
      await t.db.kysely
        .insertInto('certification_event')
        .values({
          id: randomUUID(),
          lao_code: OTHER.lao,
          year: Y,
          section_no: 2,
          level: 'lao',
          action: 'certify',
          at: '2026-05-14T08:19:29.000Z',
          by_username: 't.other.certifier',
          by_role: 'lao_certifier',
          reason: null,
          snapshot_json: '{}',
        })
        .execute();
    });

    it("mails each province's officers the LAO certifications of the day, once", async () => {
      const r = await sendDailyDigest(t.db.kysely, t.config, today);
      assert.deepEqual(r, { day: today, skipped: null, certifications: 1, provinces: 1, messages: 1 });
      const [m] = await digests();
      assert.equal(m!.to_address, 't.own.province@test.example');
      assert.match(m!.subject, /สรุปการรับรองข้อมูลของ อปท\. วันที่ \d\d\/\d\d\/25\d\d — จังหวัดบุรีรัมย์ \(1 รายการ\)/);
      assert.match(
        m!.body_text,
        // A user name is written the way no mail program makes a link of (see plainMailText).
        /- เทศบาลเมืองบ้านบัว \(5310108\) ด้านที่ 1 ปีงบประมาณ 2569 เวลา \d\d:\d\d:\d\d โดย t\[\.\]own\[\.\]certifier/,
      );
      assert.match(m!.body_text, /\/certification\/laos\/5310108\/years\/2569/);
      const again = await sendDailyDigest(t.db.kysely, t.config, today);
      assert.equal(again.skipped, 'already_sent');
      assert.equal((await digests()).length, 1);
    });

    it('is sent by exactly one of several nodes asking at the same time, in Bangkok days', async () => {
      const runs = await Promise.all(
        ['node-a', 'node-b', 'node-c'].map((node) =>
          sendDailyDigest(t.db.kysely, t.config, '2026-05-14', { node }),
        ),
      );
      assert.equal(runs.filter((r) => r.skipped === null).length, 1);
      const sent = runs.find((r) => r.skipped === null)!;
      assert.equal(sent.certifications, 1);
      const mails = (await digests()).filter((m) => m.subject.includes('14/05/2569'));
      assert.deepEqual(
        mails.map((m) => m.to_address),
        ['t.other.province@test.example'],
      );
      assert.match(mails[0]!.body_text, /ด้านที่ 2 ปีงบประมาณ 2569 เวลา 15:19:29/);
      const row = await t.db.kysely
        .selectFrom('scheduled_run')
        .selectAll()
        .where('job', '=', DIGEST_JOB)
        .where('run_key', '=', '2026-05-14')
        .executeTakeFirstOrThrow();
      assert.ok(row.finished_at);
      assert.equal(JSON.parse(row.result_json!).messages, 1);
    });

    it('takes over a run a dead node left unfinished, but not one still running', async () => {
      const insert = (key: string, startedAt: string) =>
        t.db.kysely
          .insertInto('scheduled_run')
          .values({
            job: DIGEST_JOB,
            run_key: key,
            started_at: startedAt,
            node: 'dead',
            finished_at: null,
            result_json: null,
          })
          .execute();
      await insert('2026-05-01', new Date(Date.now() - 2 * 3600_000).toISOString());
      await insert('2026-05-02', new Date().toISOString());
      assert.equal((await sendDailyDigest(t.db.kysely, t.config, '2026-05-01')).skipped, null);
      assert.equal((await sendDailyDigest(t.db.kysely, t.config, '2026-05-02')).skipped, 'already_sent');
    });

    it('is a CLI command: lao-info digest send --date', { skip: t.dialect !== 'sqlite' }, () => {
      const file = (t.config.database as { file: string }).file;
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [path.join(root, 'bin/lao-info.js'), 'digest', 'send', ...args], {
          cwd: root,
          encoding: 'utf8',
          env: {
            ...process.env,
            DATA_DIR: path.dirname(file),
            DATABASE_URL: '',
            LOG_LEVEL: 'silent',
            DEMO: 'off',
          },
        });
      const bad = cli('--date', '14/05/2569');
      assert.equal(bad.status, 2);
      const first = cli('--date', '2026-05-20');
      assert.equal(first.status, 0, first.stderr);
      assert.match(first.stdout, /การรับรอง 0 รายการ/);
      const second = cli('--date', '2026-05-20');
      assert.match(second.stdout, /ส่งไปแล้ว/);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

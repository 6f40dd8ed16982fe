import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { browserSession, createRoleMatrixUsers, OWN, tokenFor } from '../../test/factories.ts';
import { certify, fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { announceChange, onChange } from '../db/change-feed.ts';
import { openDb } from '../db/connection.ts';
import { StatusAnswers, statusChanged } from './status.cache.ts';

const Y = 2569;

describe('the status answers cache', () => {
  it('computes once, then answers from memory until a change of one of its LAOs', async () => {
    const answers = new StatusAnswers<string>('test');
    const db = {};
    let computed = 0;
    const compute = async () => ({ value: `v${++computed}`, codes: ['1000001', '1000002'] });
    assert.equal(await answers.get(db, 'k', compute), 'v1');
    assert.equal(await answers.get(db, 'k', compute), 'v1');
    statusChanged('1999999');
    assert.equal(await answers.get(db, 'k', compute), 'v1', 'another LAO changed: still fresh');
    statusChanged('1000002');
    assert.equal(await answers.get(db, 'k', compute), 'v2');
    statusChanged();
    assert.equal(await answers.get(db, 'k', compute), 'v3', 'a registry change drops every answer');
    assert.equal(await answers.get({}, 'k', compute), 'v4', 'each database has its own answers');
  });

  it('never keeps an answer computed while one of its LAOs changed', async () => {
    const answers = new StatusAnswers<string>('test');
    const db = {};
    let computed = 0;
    const compute = async () => {
      computed += 1;
      // A save commits while this answer is being read.
      if (computed === 1) statusChanged('1000003');
      return { value: `v${computed}`, codes: ['1000003'] };
    };
    assert.equal(await answers.get(db, 'k', compute), 'v1');
    assert.equal(
      await answers.get(db, 'k', compute),
      'v2',
      'the answer read during the change is not served',
    );
    assert.equal(await answers.get(db, 'k', compute), 'v2');
  });
});

type Aspect = { no: number; state: string };

describeEachDb(
  'the status search answers from its cache',
  (t) => {
    const ownAspect1 = async () => {
      const res = await t.app.inject({ url: `/api/v1/status?year=${Y}&lao=${OWN.lao}` });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      return (res.json().items[0].aspects as Aspect[]).find((a) => a.no === 1)!.state;
    };
    const ownPage = async (cookies?: Record<string, string>) =>
      (await t.app.inject({ url: `/status?year=${Y}&lao=${OWN.lao}`, ...(cookies ? { cookies } : {}) })).body;

    it('shows a save and each certification at once, on the JSON API and the page', async () => {
      const staff = await tokenFor(t.app, 't.own.staff');
      assert.equal(await ownAspect1(), 'not_started');
      const before = await ownPage();
      await fillAspect(t.app, staff, { lao: OWN.lao, year: Y, aspect: 1 });
      assert.equal(await ownAspect1(), 'complete');
      assert.notEqual(await ownPage(), before, 'the anonymous page is not served stale');
      await certify(t.app, await tokenFor(t.app, 't.own.certifier'), {
        lao: OWN.lao,
        year: Y,
        aspect: 1,
        level: 'lao',
      });
      assert.equal(await ownAspect1(), 'lao_certified');
      await certify(t.app, await tokenFor(t.app, 't.own.province'), {
        lao: OWN.lao,
        year: Y,
        aspect: 1,
        level: 'province',
      });
      assert.equal(await ownAspect1(), 'province_certified');
      assert.match(await ownPage(), /รับรองแล้ว|province/i);
    });

    it('renders the page for a signed-in user (their name), never the anonymous copy', async () => {
      const anonymous = await ownPage();
      const s = await browserSession(t.app, 't.own.staff');
      const signedIn = await ownPage(s.cookies);
      assert.ok(!anonymous.includes('/logout'), 'the anonymous page has no sign-out form');
      assert.ok(signedIn.includes('/logout'), 'the signed-in page has the sign-out form');
      assert.ok(signedIn.includes(s.csrf), 'with the session token');
      assert.ok(!(await ownPage()).includes(s.csrf), 'and the anonymous copy never has it');
      const en = await t.app.inject({ url: `/status?year=${Y}&lao=${OWN.lao}&lang=en` });
      assert.match(en.body, /<html lang="en"/);
    });

    it('shows a change committed by another process (SQLite) or another node (PostgreSQL) in the next answer', async () => {
      const state = await ownAspect1();
      const returned = {
        returned_at: '2026-05-15T02:00:00.000Z',
        return_reason: 'ทดสอบ',
        lao_certified_at: null,
        province_certified_at: null,
        lao_certified_by: null,
        province_certified_by: null,
      };
      // A write this process makes without saying so (no statusChanged, no announcement): the kept answer.
      await t.db.kysely
        .updateTable('aspect_status')
        .set({ return_reason: 'ไม่ได้แจ้ง' })
        .where('lao_code', '=', OWN.lao)
        .where('year', '=', Y)
        .where('section_no', '=', 1)
        .execute();
      assert.equal(await ownAspect1(), state, 'this process was not told: the kept answer');
      if (t.dialect === 'sqlite') {
        // Another process writing the same file (a CLI, a second server): its commit moves data_version.
        const other = new SQLite(t.db.sqlite!.name);
        other
          .prepare(
            `update aspect_status set returned_at = ?, return_reason = ?, lao_certified_at = null,
               province_certified_at = null, lao_certified_by = null, province_certified_by = null
             where lao_code = ? and year = ? and section_no = 1`,
          )
          .run(returned.returned_at, returned.return_reason, OWN.lao, Y);
        other.close();
      } else {
        // Another node: its own pool, the change announced in its transaction; this node follows the feed.
        const feed = t.db.followChanges(() => {});
        await feed.ready;
        const told = new Promise<void>((resolve) =>
          onChange('status', (db, key) => {
            if (db === t.db.kysely && key === OWN.lao) resolve();
          }),
        );
        const other = openDb(t.config.database);
        try {
          await other.kysely.transaction().execute(async (trx) => {
            await trx
              .updateTable('aspect_status')
              .set(returned)
              .where('lao_code', '=', OWN.lao)
              .where('year', '=', Y)
              .where('section_no', '=', 1)
              .execute();
            await announceChange(trx, 'status', OWN.lao);
          });
          await told;
        } finally {
          await other.close();
          await feed.stop();
        }
      }
      assert.equal(await ownAspect1(), 'returned');
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

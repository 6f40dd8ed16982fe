import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDb } from '../../test/harness.ts';
import { flagsOf } from '../quality/quality.service.ts';
import { DEMO_PASSWORD, ensureDemoAccounts } from './demo.service.ts';
import { ensureDemoData } from './demo-data.ts';

describeEachDb(
  'demo mode',
  (t) => {
    it('signs in the demo province officer and shows every state of the seed in FY 2569', async () => {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'buriram', password: DEMO_PASSWORD },
      });
      assert.equal(login.statusCode, 200);
      const status = (await t.app.inject({ url: '/api/v1/status?year=2569&lao=5310108' })).json();
      const states = status.items[0].aspects.map((a: { state: string }) => a.state);
      assert.deepEqual(states, [
        'province_certified',
        'province_certified',
        'returned',
        'changed_after_certification',
        'lao_certified',
        'in_progress',
        'in_progress',
        'not_started',
      ]);
      const fy68 = (await t.app.inject({ url: '/api/v1/status?year=2568&lao=5310108' })).json();
      assert.ok(fy68.items[0].aspects.every((a: { state: string }) => a.state === 'province_certified'));
    });

    it('has last year to copy and every data set status on the dashboard', async () => {
      const token = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'banbua.admin', password: DEMO_PASSWORD },
        })
      ).json().token;
      const list = (
        await t.app.inject({
          url: '/api/v1/laos/5310108/years/2569/datasets',
          headers: { authorization: `Bearer ${token}` },
        })
      ).json();
      const statuses = new Set(list.map((d: { status: string }) => d.status));
      for (const s of ['empty', 'partial', 'complete', 'none']) assert.ok(statuses.has(s), s);
    });

    it('holds values its own plausibility rules believe: no flag in either year', async () => {
      for (const year of [2568, 2569]) {
        const flags = await flagsOf(t.db.kysely, '5310108', year);
        assert.deepEqual(
          flags.map((f) => `${f.datasetId} ${f.ruleId}: ${f.message.en}`),
          [],
          `FY ${year}`,
        );
      }
    });

    it('does nothing on a second start', async () => {
      assert.deepEqual(await ensureDemoAccounts(t.db.kysely), []);
      assert.equal(await ensureDemoData(t.db.kysely, t.config), false);
    });
  },
  {
    setup: async (t) => {
      await ensureDemoAccounts(t.db.kysely);
      await ensureDemoData(t.db.kysely, t.config);
    },
  },
);

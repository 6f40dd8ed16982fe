import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { bearers, browserSession, createRoleMatrixUsers, OWN } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

const contact = {
  responsibleName: 'นางสาวสมใจ ใจดี',
  responsiblePosition: 'นักวิชาการคอมพิวเตอร์',
  responsibleDivision: 'สำนักปลัด',
  phone: '044 611 111',
  email: 'saraban@banbua.go.th',
};

describeEachDb(
  'the history of a central e-mail registration is paged',
  (t) => {
    const as = bearers(t);
    const history = `/api/v1/laos/${OWN.lao}/contact/history`;

    before(async () => {
      // Registered, its link sent, then 24 changes of the person responsible (the address stays: no new mail).
      for (let i = 0; i <= 24; i++) {
        const res = await t.app.inject({
          method: 'PUT',
          url: `/api/v1/laos/${OWN.lao}/contact`,
          headers: await as('t.own.laoadmin'),
          payload: { ...contact, responsibleName: `ผู้รับผิดชอบคนที่ ${i}` },
        });
        assert.equal(res.statusCode, 200, res.body);
      }
    });

    it('answers a page of changes, newest first, with the total and the next page', async () => {
      const res = await t.app.inject({ url: `${history}?pageSize=10`, headers: await as('t.own.district') });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.laoCode, OWN.lao);
      assert.equal(body.total, 26);
      assert.equal(body.items.length, 10);
      assert.equal(body.items[0].snapshot.responsibleName, 'ผู้รับผิดชอบคนที่ 24');
      assert.equal(body.next, `${history}?pageSize=10&page=2`);
      const last = (
        await t.app.inject({ url: `${history}?pageSize=10&page=3`, headers: await as('t.own.district') })
      ).json();
      assert.equal(last.items.length, 6);
      assert.equal(last.next, null);
      assert.equal(last.items.at(-1).change, 'registered');
    });

    it('pages the history on the registration page', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const res = await t.app.inject({ url: `/laos/${OWN.lao}/contact?page=2`, cookies: s.cookies });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(/(\d+) ถึง (\d+) จาก (\d+)/.exec(res.body)?.slice(1), ['21', '26', '26']);
      // The registration as it stands comes first, then the history's page 2: the oldest six changes.
      assert.deepEqual(
        [...res.body.matchAll(/ผู้รับผิดชอบคนที่ (\d+)/g)].map((m) => m[1]),
        ['24', '4', '3', '2', '1', '0', '0'],
      );
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

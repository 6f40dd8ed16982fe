import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  browserSession,
  createRoleMatrixUsers,
  NEIGHBOUR,
  OTHER,
  OWN,
  tokenFor,
} from '../../test/factories.ts';
import { describeEachDb, type TestCtx } from '../../test/harness.ts';
import { logActivity } from './audit.service.ts';

type Item = {
  action: string;
  actionLabel: string;
  actorUsername: string | null;
  laoCode: string | null;
  provinceCode: string | null;
  at: string;
};

const contact = {
  responsibleName: 'นายทดสอบ ระบบ',
  responsiblePosition: 'นักวิชาการคอมพิวเตอร์',
  responsibleDivision: 'สำนักปลัด',
  phone: '044-611-111',
  email: 'saraban@test.go.th',
};

async function setup(t: TestCtx) {
  await createRoleMatrixUsers(t.db.kysely);
  // Activity in three places: OWN (Buri Ram), NEIGHBOUR (Buri Ram), OTHER (Surin), plus sign-ins of everyone.
  const admin = { authorization: `Bearer ${await tokenFor(t.app, 't.admin')}` };
  for (const lao of [OWN.lao, NEIGHBOUR.lao, OTHER.lao]) {
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/laos/${lao}/contact`,
      headers: admin,
      payload: contact,
    });
    assert.equal(r.statusCode, 200);
  }
  await logActivity(t.db.kysely, {
    actor: { username: 'someone' },
    action: 'catalog.something_new',
    laoCode: OWN.lao,
  });
}

describeEachDb(
  'the activity log: GET /api/v1/activity and /activity',
  (t) => {
    const signedIn = new Map<string, string>();
    const get = async (who: string | null, query = '') => {
      if (who && !signedIn.has(who)) signedIn.set(who, await tokenFor(t.app, who));
      return t.app.inject({
        url: `/api/v1/activity${query}`,
        headers: who ? { authorization: `Bearer ${signedIn.get(who)}` } : {},
      });
    };

    it('shows the centre everything, newest first, with Thai labels and paging', async () => {
      const res = await get('t.admin', '?pageSize=100');
      assert.equal(res.statusCode, 200);
      const body = res.json() as { items: Item[]; total: number; page: number; pageSize: number };
      assert.equal(body.page, 1);
      assert.equal(body.pageSize, 100);
      const laos = new Set(body.items.map((i) => i.laoCode));
      for (const l of [OWN.lao, NEIGHBOUR.lao, OTHER.lao]) assert.ok(laos.has(l), l);
      assert.ok(body.items.every((x, n) => n === 0 || body.items[n - 1]!.at >= x.at));
      const reg = body.items.find((i) => i.action === 'contact.registered')!;
      assert.equal(reg.actionLabel, 'ลงทะเบียนผู้รับผิดชอบ e-mail กลาง');
      assert.equal(body.items.find((i) => i.action === 'auth.login')!.actionLabel, 'เข้าสู่ระบบ');
      assert.equal(
        body.items.find((i) => i.action === 'catalog.something_new')!.actionLabel,
        'กิจกรรมอื่นของระบบ',
      );
      const page2 = (await get('t.admin', '?pageSize=2&page=2')).json();
      assert.equal(page2.items.length, 2);
      assert.equal(page2.total, body.total);
      const surin = (await get('t.admin', `?province=${OTHER.province}&action=contact.`)).json();
      assert.ok(surin.items.length >= 2);
      assert.ok(
        surin.items.every((i: Item) => i.provinceCode === OTHER.province && i.action.startsWith('contact.')),
      );
    });

    it('shows a province officer only their province and refuses another (403)', async () => {
      const res = await get('t.own.province', '?pageSize=100');
      assert.equal(res.statusCode, 200);
      const items = res.json().items as Item[];
      assert.ok(items.length > 0);
      assert.ok(items.every((i) => i.provinceCode === OWN.province));
      assert.ok(items.some((i) => i.laoCode === NEIGHBOUR.lao));
      assert.equal((await get('t.own.province', `?province=${OTHER.province}`)).statusCode, 403);
      assert.equal((await get('t.own.province', `?lao=${OTHER.lao}`)).statusCode, 403);
      const one = (await get('t.own.province', `?lao=${NEIGHBOUR.lao}`)).json().items as Item[];
      assert.ok(one.length > 0 && one.every((i) => i.laoCode === NEIGHBOUR.lao));
    });

    it('shows LAO administrators and certifiers only their LAO', async () => {
      for (const who of ['t.own.laoadmin', 't.own.certifier']) {
        const items = (await get(who, '?pageSize=100')).json().items as Item[];
        assert.ok(
          items.some((i) => i.action === 'contact.registered'),
          who,
        );
        assert.ok(
          items.every((i) => i.laoCode === OWN.lao),
          who,
        );
        assert.equal((await get(who, `?lao=${NEIGHBOUR.lao}`)).statusCode, 403, who);
      }
    });

    it('shows staff and district officers only their own actions', async () => {
      for (const who of ['t.own.staff', 't.own.district']) {
        const items = (await get(who, '?pageSize=100')).json().items as Item[];
        assert.ok(items.length > 0, who);
        assert.ok(
          items.every((i) => i.actorUsername === who),
          who,
        );
        const narrowed = (await get(who, `?lao=${OWN.lao}&action=contact.`)).json().items as Item[];
        assert.deepEqual(narrowed, []);
      }
    });

    it('links each page to the next with the same filters, until the last; 500 a page at most', async () => {
      const first = (await get('t.admin', '?action=contact.&pageSize=1')).json();
      assert.ok(first.total >= 3);
      assert.equal(first.next, '/api/v1/activity?action=contact.&pageSize=1&page=2');
      const ids: string[] = [];
      let next: string | null = '/api/v1/activity?action=contact.&pageSize=1';
      while (next) {
        const body: { items: (Item & { id: string })[]; next: string | null } = (
          await get('t.admin', next.slice('/api/v1/activity'.length))
        ).json();
        ids.push(...body.items.map((i) => i.id));
        next = body.next;
      }
      assert.equal(ids.length, first.total);
      assert.equal(new Set(ids).size, ids.length, 'no entry twice, none left out');
      assert.equal((await get('t.admin', '?pageSize=500')).statusCode, 200);
      const big = await t.app.inject({
        url: '/api/v1/activity?pageSize=501',
        headers: { authorization: `Bearer ${signedIn.get('t.admin')}`, 'accept-language': 'en' },
      });
      assert.equal(big.statusCode, 400);
      assert.equal(big.json().errors[0].field, 'pageSize');
      assert.match(big.json().errors[0].message, /pageSize must be at most 500/);
    });

    it('answers 401 to the public and 400 to a bad parameter', async () => {
      assert.equal((await get(null)).statusCode, 401);
      const bad = await get('t.admin', '?lao=12&pageSize=1000');
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(
        bad
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
        ['lao', 'pageSize'],
      );
      const unknown = await get('t.admin', '?lao=9999999');
      assert.equal(unknown.statusCode, 422);
      assert.equal(unknown.json().errors[0].field, 'lao');
    });

    it('renders the page in scope with Thai labels, BE times and a pager; the public is sent to sign in', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const res = await t.app.inject({ url: '/activity?pageSize=2', cookies: s.cookies });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1 class="govuk-heading-l">ประวัติการดำเนินการ<\/h1>/);
      assert.match(res.body, /แสดงกิจกรรมของ อปท. รหัส 5310108/);
      assert.match(res.body, /1 ถึง 2 จาก \d+/);
      assert.match(res.body, /href="\/activity\?pageSize=2&amp;page=2"/);
      const year = new Date().getUTCFullYear() + 543;
      assert.match(res.body, new RegExp(`\\d\\d/\\d\\d/(${year}|${year + 1}) \\d\\d:\\d\\d:\\d\\d`));
      const contactOnly = await t.app.inject({ url: '/activity?action=contact.', cookies: s.cookies });
      assert.match(contactOnly.body, /ลงทะเบียนผู้รับผิดชอบ e-mail กลาง/);
      assert.ok(!contactOnly.body.includes(OTHER.lao));
      const bad = await t.app.inject({ url: '/activity?lao=abc', cookies: s.cookies });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /lao ต้องเป็นรหัสตัวเลข 7 หลัก/);
      const anon = await t.app.inject({ url: '/activity' });
      assert.equal(anon.statusCode, 303);
      assert.equal(anon.headers.location, '/login?next=%2Factivity');
    });
  },
  { setup },
);

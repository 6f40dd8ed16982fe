import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { browserSession, createRoleMatrixUsers, OWN, tokenFor } from '../../test/factories.ts';
import { certify, fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';

const Y = 2569;
const REASON = 'ตัวเลขขยะไม่ตรงกับรายงานของจังหวัด';
type Item = { id: string; kind: string; text: string; href: string; read: boolean; aspectNo: number };

describeEachDb(
  'notifications: created by a real return or certification, the bell, reading them, only one’s own',
  (t) => {
    const tok: Record<string, string> = {};
    const list = async (who: string) => {
      const r = await t.app.inject({
        url: '/api/v1/notifications?pageSize=100',
        headers: { authorization: `Bearer ${tok[who]}` },
      });
      assert.equal(r.statusCode, 200, r.body);
      return r.json() as { items: Item[]; unread: number; total: number };
    };
    const bell = (html: string) => {
      const m = /<a class="app-header__link app-bell" href="\/notifications">([\s\S]*?)<\/a>/.exec(html);
      assert.ok(m, 'a bell on the page');
      return m[1]!
        .replace(/<[^>]*>/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    };

    before(async () => {
      for (const u of [
        't.own.laoadmin',
        't.own.certifier',
        't.own.staff',
        't.own.province',
        't.other.province',
        't.other.laoadmin',
      ])
        tok[u] = await tokenFor(t.app, u);
      await fillAspect(t.app, tok['t.own.laoadmin']!, { lao: OWN.lao, year: Y, aspect: 1 });
      await certify(t.app, tok['t.own.certifier']!, { lao: OWN.lao, year: Y, aspect: 1, level: 'lao' });
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OWN.lao}/years/${Y}/aspects/1/returns`,
        headers: { authorization: `Bearer ${tok['t.own.province']}` },
        payload: { reason: REASON },
      });
      assert.equal(r.statusCode, 201, r.body);
      await certify(t.app, tok['t.own.certifier']!, { lao: OWN.lao, year: Y, aspect: 1, level: 'lao' });
      await certify(t.app, tok['t.own.province']!, { lao: OWN.lao, year: Y, aspect: 1, level: 'province' });
    });

    it('tells the province officers of the province of each LAO certification, and no other province', async () => {
      const own = await list('t.own.province');
      const kinds = own.items.map((i) => i.kind);
      assert.deepEqual(kinds, ['certification.lao_certified', 'certification.lao_certified']);
      assert.equal(own.items[0]!.href, `/certification/laos/${OWN.lao}/years/${Y}`);
      assert.match(own.items[0]!.text, /อปท\. 5310108 รับรองข้อมูลด้านที่ 1 ปีงบประมาณ 2569 แล้ว รอจังหวัดตรวจสอบ/);
      assert.equal((await list('t.other.province')).total, 0);
      assert.equal((await list('t.other.laoadmin')).total, 0);
    });

    it('tells the staff who record the aspect and the LAO administrator of a return, with the reason', async () => {
      for (const who of ['t.own.staff', 't.own.laoadmin']) {
        const r = (await list(who)).items.find((i) => i.kind === 'certification.returned');
        assert.ok(r, who);
        assert.match(
          r.text,
          new RegExp(`จังหวัดส่งคืนข้อมูลด้านที่ 1 ปีงบประมาณ 2569 ของ อปท\\. 5310108 ให้แก้ไข .*${REASON}`),
        );
      }
      assert.ok(!(await list('t.own.certifier')).items.some((i) => i.kind === 'certification.returned'));
    });

    it('tells the LAO administrator and certifier of a province certification, newest first', async () => {
      for (const who of ['t.own.laoadmin', 't.own.certifier']) {
        const items = (await list(who)).items;
        assert.equal(items[0]!.kind, 'certification.province_certified', who);
      }
      assert.ok(
        !(await list('t.own.staff')).items.some((i) => i.kind === 'certification.province_certified'),
      );
    });

    it('shows the bell with the unread count on every page, a plain link that works without JavaScript', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const n = (await list('t.own.laoadmin')).unread;
      assert.equal(n, 2);
      for (const url of ['/', '/activity', '/notifications']) {
        const page = await t.app.inject({ url, cookies: s.cookies });
        assert.equal(bell(page.body), `การแจ้งเตือน ${n} รายการที่ยังไม่อ่าน`, url);
      }
      const page = await t.app.inject({ url: '/notifications', cookies: s.cookies });
      assert.match(page.body, /<h1 class="govuk-heading-l">การแจ้งเตือน<\/h1>/);
      assert.match(page.body, /href="\/certification\/laos\/5310108\/years\/2569"/);
      assert.match(page.body, /action="\/notifications\/[0-9a-f-]{36}\/read"/);
      const anon = await t.app.inject({ url: '/' });
      assert.doesNotMatch(anon.body, /app-bell/);
    });

    it('marks one read by a form (CSRF), refuses another person’s id, then all read by the API', async () => {
      const s = await browserSession(t.app, 't.own.certifier');
      const before = await list('t.own.certifier');
      const first = before.items.find((i) => !i.read)!;
      const noToken = await t.app.inject({
        method: 'POST',
        url: `/notifications/${first.id}/read`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: '',
      });
      assert.equal(noToken.statusCode, 403);
      const ok = await t.app.inject({
        method: 'POST',
        url: `/notifications/${first.id}/read`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: s.csrf }).toString(),
      });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/notifications');
      const after = await list('t.own.certifier');
      assert.equal(after.unread, before.unread - 1);
      assert.ok(after.items.find((i) => i.id === first.id)!.read);
      // Someone else's notification: as unknown as a made-up id, and still unread.
      const admin = (await list('t.own.laoadmin')).items.find((i) => !i.read)!;
      const foreign = await t.app.inject({
        method: 'POST',
        url: `/api/v1/notifications/${admin.id}/read`,
        headers: { authorization: `Bearer ${tok['t.own.certifier']}` },
      });
      assert.equal(foreign.statusCode, 404);
      assert.ok(!(await list('t.own.laoadmin')).items.find((i) => i.id === admin.id)!.read);
      const all = await t.app.inject({
        method: 'POST',
        url: '/api/v1/notifications/read-all',
        headers: { authorization: `Bearer ${tok['t.own.laoadmin']}` },
      });
      assert.equal(all.statusCode, 200);
      assert.deepEqual(all.json(), { marked: 2, unread: 0 });
      const s2 = await browserSession(t.app, 't.own.laoadmin');
      const page = await t.app.inject({ url: '/', cookies: s2.cookies });
      assert.equal(bell(page.body), 'การแจ้งเตือน');
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

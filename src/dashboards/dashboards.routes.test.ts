import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  browserSession,
  createRoleMatrixUsers,
  NEIGHBOUR,
  OTHER,
  OWN,
  tokenFor,
} from '../../test/factories.ts';
import { certify as certifyAspect, fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { fiscalYearDays, todayIso } from '../assignments/due-dates.ts';
import { fiscalYearOf } from '../util/thai-date.ts';

const Y = 2569;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const form = (cookies: Record<string, string>, csrf: string, body: Record<string, string | string[]>) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...body, _csrf: csrf }))
    for (const x of Array.isArray(v) ? v : [v]) qs.append(k, x);
  return {
    cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: qs.toString(),
  };
};

describeEachDb(
  'province and national dashboards, deadline extensions',
  (t) => {
    const tok: Record<string, string> = {};
    const get = (url: string, who?: string) =>
      t.app.inject({ url, ...(who ? { headers: bearer(tok[who]!) } : {}) });
    const certify = (lao: string, aspect: number, who: string, level: 'lao' | 'province') =>
      certifyAspect(t.app, tok[who]!, { lao, year: Y, aspect, level });

    before(async () => {
      for (const u of ['certifier', 'staff', 'laoadmin', 'province', 'district'])
        tok[u] = await tokenFor(t.app, `t.own.${u}`);
      tok.otherProvince = await tokenFor(t.app, 't.other.province');
      tok.admin = await tokenFor(t.app, 't.admin');
      // Own LAO: aspect 1 certified by the LAO and the province; neighbour: aspect 8 by the LAO only.
      await fillAspect(t.app, tok.staff!, { lao: OWN.lao, year: Y, aspect: 1 });
      await certify(OWN.lao, 1, 'certifier', 'lao');
      await certify(OWN.lao, 1, 'province', 'province');
      await fillAspect(t.app, tok.admin!, { lao: NEIGHBOUR.lao, year: Y, aspect: 8, lists: 'none' });
      await certify(NEIGHBOUR.lao, 8, 'admin', 'lao');
      await t.db.kysely
        .insertInto('year_deadline')
        .values({ year: Y, due_date: '2026-05-15', set_by: 'setup', set_at: new Date().toISOString() })
        .execute();
    });

    it('publishes a national summary per province: shares recorded, LAO-certified, province-certified', async () => {
      const res = await get(`/api/v1/dashboards/summary?year=${Y}`);
      assert.equal(res.statusCode, 200, res.body);
      const s = res.json();
      const registry = (await get(`/api/v1/laos/summary?year=${Y}`)).json().total;
      assert.equal(s.totals.laos, registry);
      assert.equal(s.totals.aspects, registry * 8);
      assert.equal(s.deadline, '2026-05-15');
      assert.equal(s.provinces.length, 76);
      const buriram = s.provinces.find((p: { code: string }) => p.code === '31');
      assert.equal(buriram.recorded, 2);
      assert.equal(buriram.laoCertified, 2);
      assert.equal(buriram.provinceCertified, 1);
      assert.equal(buriram.laoCertifiedShare, Math.round((2 / buriram.aspects) * 10000) / 10000);
      assert.equal(s.totals.laoCertified, 2);
      assert.equal(s.provinces.find((p: { code: string }) => p.code === '32').laoCertified, 0);
      const last = s.progress.at(-1);
      assert.deepEqual([last.recorded, last.laoCertified, last.provinceCertified], [2, 2, 1]);
      assert.equal(s.progress[0].date, '2025-10-01');
    });

    it('renders the public summary and the admin’s national dashboard with an SVG chart and a table alternative', async () => {
      const page = await get(`/dashboards/summary?year=${Y}`);
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        /<svg[^>]*role="img"[^>]*aria-labelledby="national-progress-title national-progress-desc"/,
      );
      assert.match(page.body, /<title id="national-progress-title">/);
      assert.match(page.body, /<polyline/);
      assert.match(page.body, /กำหนดส่ง 15\/05\/2569/);
      assert.match(page.body, /id="national-progress-table"/);
      assert.match(page.body, /01\/10\/2568/);
      assert.doesNotMatch(page.body, /ล่าช้า \(แห่ง\)/);
      const admin = await browserSession(t.app, 't.admin');
      const national = await t.app.inject({ url: `/dashboards/national?year=${Y}`, cookies: admin.cookies });
      assert.equal(national.statusCode, 200);
      assert.match(national.body, /ล่าช้า \(แห่ง\)/);
      assert.match(national.body, /href="\/dashboards\/province\/31\?year=2569"/);
      assert.equal((await get(`/api/v1/dashboards/national?year=${Y}`, 'province')).statusCode, 403);
      assert.equal((await get(`/api/v1/dashboards/national?year=${Y}`)).statusCode, 401);
      const api = (await get(`/api/v1/dashboards/national?year=${Y}`, 'admin')).json();
      const buriram = api.provinces.find((p: { code: string }) => p.code === '31');
      assert.equal(buriram.behind, buriram.laos);
    });

    it('shows the province LAOs × aspects with counts per state, and its filters combine', async () => {
      const res = await get(`/api/v1/dashboards/provinces/31?year=${Y}`, 'province');
      assert.equal(res.statusCode, 200, res.body);
      const d = res.json();
      const total = Object.values(d.counts as Record<string, number>).reduce((a, b) => a + b, 0);
      assert.equal(total, d.laos.length * 8);
      assert.equal(d.counts.province_certified, 1);
      assert.equal(d.counts.lao_certified, 1);
      const own = d.laos.find((l: { code: string }) => l.code === OWN.lao);
      assert.equal(own.aspects[0].state, 'province_certified');
      assert.equal(own.certified, 1);
      const district = (
        await get(`/api/v1/dashboards/provinces/31?year=${Y}&district=3101`, 'province')
      ).json();
      assert.ok(district.laos.length > 1 && district.laos.length < d.laos.length);
      assert.ok(district.laos.every((l: { districtCode: string }) => l.districtCode === '3101'));
      const towns = (
        await get(
          `/api/v1/dashboards/provinces/31?year=${Y}&district=3101&type=town_municipality`,
          'province',
        )
      ).json();
      assert.ok(towns.laos.some((l: { code: string }) => l.code === OWN.lao));
      assert.ok(towns.laos.every((l: { type: string }) => l.type === 'town_municipality'));
      const certified = (
        await get(`/api/v1/dashboards/provinces/31?year=${Y}&state=lao_certified`, 'province')
      ).json();
      assert.deepEqual(
        certified.laos.map((l: { code: string }) => l.code),
        [NEIGHBOUR.lao],
      );
      assert.equal(
        (await get(`/api/v1/dashboards/provinces/31?year=${Y}&state=nope`, 'province')).statusCode,
        400,
      );
      assert.equal((await get(`/api/v1/dashboards/provinces/31?year=${Y}`, 'otherProvince')).statusCode, 403);
      assert.equal((await get(`/api/v1/dashboards/provinces/31?year=${Y}`, 'staff')).statusCode, 403);
      assert.equal((await get(`/api/v1/dashboards/provinces/31?year=${Y}`, 'district')).statusCode, 403);
      assert.equal(
        (await get(`/api/v1/dashboards/provinces/31?year=${Y}&district=3101`, 'district')).statusCode,
        200,
      );
    });

    it('lists the LAOs behind the deadline, counting a granted extension', async () => {
      const d = (await get(`/api/v1/dashboards/provinces/31?year=${Y}`, 'province')).json();
      assert.equal(
        d.behind.length,
        d.laos.length,
        'FY 2569 ended: every LAO without 8 certified aspects is behind',
      );
      // In the current fiscal year, an extension to its last day takes an LAO off the list.
      const fy = fiscalYearOf();
      const days = fiscalYearDays(fy);
      await t.db.kysely
        .insertInto('year_deadline')
        .values({ year: fy, due_date: days.first, set_by: 'setup', set_at: new Date().toISOString() })
        .execute();
      const ext = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/laos/${OWN.lao}/years/${fy}/deadline-extension`,
        headers: bearer(tok.province!),
        payload: { dueDate: days.last, reason: 'น้ำท่วมสำนักงานเทศบาล' },
      });
      assert.equal(ext.statusCode, 200, ext.body);
      const now = (await get(`/api/v1/dashboards/provinces/31?year=${fy}&district=3101`, 'province')).json();
      const behind = now.behind.map((l: { code: string }) => l.code);
      assert.ok(!behind.includes(OWN.lao));
      if (todayIso() > days.first) assert.ok(behind.includes(NEIGHBOUR.lao));
      const own = now.laos.find((l: { code: string }) => l.code === OWN.lao);
      assert.deepEqual(own.extension, { dueDate: days.last, reason: 'น้ำท่วมสำนักงานเทศบาล' });
    });

    it('grants, lists and revokes deadline extensions by the province only, with a reason and a later date', async () => {
      const url = `/api/v1/laos/${OWN.lao}/years/${Y}/deadline-extension`;
      const put = (who: string, payload: object) =>
        t.app.inject({ method: 'PUT', url, headers: bearer(tok[who]!), payload });
      assert.equal(
        (await put('otherProvince', { dueDate: '2026-06-30', reason: 'เหตุผลที่ยาวพอ' })).statusCode,
        403,
      );
      assert.equal(
        (await put('certifier', { dueDate: '2026-06-30', reason: 'เหตุผลที่ยาวพอ' })).statusCode,
        403,
      );
      const noReason = await put('province', { dueDate: '2026-06-30' });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().errors[0].field, 'reason');
      const early = await put('province', { dueDate: '2026-05-01', reason: 'เหตุผลที่ยาวพอ' });
      assert.equal(early.statusCode, 422);
      assert.equal(early.json().errors[0].field, 'dueDate');
      assert.match(early.json().errors[0].message, /15\/05\/2569/);
      assert.equal((await put('province', { dueDate: '2026-10-30', reason: 'เหตุผลที่ยาวพอ' })).statusCode, 422);
      const ok = await put('province', { dueDate: '2026-06-30', reason: 'ระบบไฟฟ้าขัดข้อง' });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().grantedBy, 't.own.province');
      const seen = (await get(url, 'certifier')).json();
      assert.equal(seen.effectiveDueDate, '2026-06-30');
      assert.equal(seen.deadline, '2026-05-15');
      const list = (await get(`/api/v1/provinces/31/years/${Y}/deadline-extensions`, 'province')).json()
        .items;
      assert.deepEqual(
        list.map((x: { laoCode: string; reason: string }) => [x.laoCode, x.reason]),
        [[OWN.lao, 'ระบบไฟฟ้าขัดข้อง']],
      );
      const national = (await get(`/api/v1/dashboards/national?year=${Y}`, 'admin')).json();
      assert.equal(national.extensions.length, 1);
      assert.equal(national.provinces.find((p: { code: string }) => p.code === '31').extensions, 1);
      const log = await t.db.kysely
        .selectFrom('activity_log')
        .select('action')
        .where('action', '=', 'deadline.extended')
        .execute();
      assert.ok(log.length >= 1);
      const del = await t.app.inject({ method: 'DELETE', url, headers: bearer(tok.province!) });
      assert.equal(del.statusCode, 204);
      assert.equal(
        (await t.app.inject({ method: 'DELETE', url, headers: bearer(tok.province!) })).statusCode,
        404,
      );
      assert.equal((await get(url, 'certifier')).json().extension, null);
    });

    it('certifies ticked pairs from the province page in one POST, with a result per pair', async () => {
      const s = await browserSession(t.app, 't.own.province');
      const page = await t.app.inject({
        url: `/dashboards/province/31?year=${Y}&district=3101`,
        cookies: s.cookies,
      });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`name="pair" value="${NEIGHBOUR.lao}:8"`));
      assert.doesNotMatch(page.body, new RegExp(`name="pair" value="${OWN.lao}:1"`));
      assert.match(page.body, /id="behind-table"/);
      const none = await t.app.inject({
        method: 'POST',
        url: '/dashboards/province/31/certify',
        ...form(s.cookies, s.csrf, { year: String(Y) }),
      });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /govuk-error-summary/);
      const res = await t.app.inject({
        method: 'POST',
        url: '/dashboards/province/31/certify',
        ...form(s.cookies, s.csrf, {
          year: String(Y),
          pair: [`${NEIGHBOUR.lao}:8`, `${OWN.lao}:2`, `${OTHER.lao}:1`],
        }),
      });
      assert.equal(res.statusCode, 200, res.body.slice(0, 300));
      assert.match(res.body, /รับรองแล้ว 1 รายการ ไม่สำเร็จ 2 รายการ/);
      assert.match(res.body, /อปท\. ยังไม่ได้รับรอง/);
      const after = (await get(`/api/v1/status?year=${Y}&lao=${NEIGHBOUR.lao}`)).json().items[0].aspects[7];
      assert.equal(after.state, 'province_certified');
      const other = await browserSession(t.app, 't.other.province');
      const denied = await t.app.inject({
        method: 'POST',
        url: '/dashboards/province/31/certify',
        ...form(other.cookies, other.csrf, { year: String(Y), pair: [`${NEIGHBOUR.lao}:8`] }),
      });
      assert.equal(denied.statusCode, 403);
      // Now nothing on the page waits for the province: no bulk button over it, a sentence instead.
      const done = await t.app.inject({
        url: `/dashboards/province/31?year=${Y}&district=3101`,
        cookies: s.cookies,
      });
      assert.doesNotMatch(done.body, /name="pair"/);
      assert.doesNotMatch(done.body, /รับรองรายการที่เลือก<\/button>/);
      assert.match(done.body, /id="nothing-to-certify"/);
    });

    it('grants and revokes an extension on the extensions page (BE date), re-rendering a bad form with 400', async () => {
      const s = await browserSession(t.app, 't.own.province');
      const bad = await t.app.inject({
        method: 'POST',
        url: '/dashboards/province/31/extensions',
        ...form(s.cookies, s.csrf, {
          year: String(Y),
          lao: OWN.lao,
          dueDate: '31/02/2569',
          reason: 'ไฟไหม้อาคาร',
        }),
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /href="#dueDate"/);
      assert.match(bad.body, /value="31\/02\/2569"/);
      const early = await t.app.inject({
        method: 'POST',
        url: '/dashboards/province/31/extensions',
        ...form(s.cookies, s.csrf, {
          year: String(Y),
          lao: OWN.lao,
          dueDate: '01/05/2569',
          reason: 'ไฟไหม้อาคาร',
        }),
      });
      assert.equal(early.statusCode, 400);
      assert.match(early.body, /หลัง 15\/05\/2569/);
      const ok = await t.app.inject({
        method: 'POST',
        url: '/dashboards/province/31/extensions',
        ...form(s.cookies, s.csrf, {
          year: String(Y),
          lao: OWN.lao,
          dueDate: '30/06/2569',
          reason: 'ไฟไหม้อาคาร',
        }),
      });
      assert.equal(ok.statusCode, 303);
      const list = await t.app.inject({
        url: `/dashboards/province/31/extensions?year=${Y}&done=granted`,
        cookies: s.cookies,
      });
      assert.match(list.body, /30\/06\/2569/);
      assert.match(list.body, /ไฟไหม้อาคาร/);
      assert.match(list.body, /บันทึกการขยายกำหนดส่งแล้ว/);
      const revoke = await t.app.inject({
        method: 'POST',
        url: `/dashboards/province/31/extensions/${OWN.lao}/delete`,
        ...form(s.cookies, s.csrf, { year: String(Y) }),
      });
      assert.equal(revoke.statusCode, 303);
      const after = await t.app.inject({
        url: `/dashboards/province/31/extensions?year=${Y}`,
        cookies: s.cookies,
      });
      assert.match(after.body, /ยังไม่มีการขยายกำหนดส่ง/);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { browserSession, createRoleMatrixUsers, OWN, tokenFor } from '../../test/factories.ts';
import { fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { fingerprint } from '../../test/routes.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const DS = 'waste-management';
const EXPLAINED = 'เปิดตลาดนัดและโรงงานแห่งใหม่ในเขตเทศบาล ขยะจึงเพิ่มขึ้นมาก';

describeEachDb(
  'a value that jumps 10× from last year',
  (t) => {
    const tok: Record<string, string> = {};
    let generated = 0;
    const url = (year: number) => `/api/v1/laos/${OWN.lao}/years/${year}/datasets/${DS}`;
    const page = async (who: string, path: string) => {
      const s = await browserSession(t.app, who);
      return t.app.inject({ url: path, cookies: s.cookies });
    };

    before(async () => {
      for (const u of ['certifier', 'laoadmin', 'staff', 'province'])
        tok[u] = await tokenFor(t.app, `t.own.${u}`);
      tok.other = await tokenFor(t.app, 't.other.staff');
      // FY 2569 complete; FY 2568 holds the same waste record; then this year's waste is 12 times last year's.
      await fillAspect(t.app, tok.laoadmin!, { lao: OWN.lao, year: 2569, aspect: 1 });
      const cur = (await t.app.inject({ url: url(2569), headers: bearer(tok.laoadmin!) })).json();
      const values = cur.rows[0].values;
      generated = values.generatedTonsPerDay;
      const last = await t.app.inject({
        method: 'PUT',
        url: url(2568),
        headers: bearer(tok.laoadmin!),
        payload: { version: 0, rows: [{ values }] },
      });
      assert.equal(last.statusCode, 200, last.body);
      const jump = await t.app.inject({
        method: 'PUT',
        url: url(2569),
        headers: bearer(tok.laoadmin!),
        payload: {
          version: cur.version,
          rows: [{ id: cur.rows[0].id, values: { ...values, generatedTonsPerDay: generated * 12 } }],
        },
      });
      assert.equal(jump.statusCode, 200, jump.body);
    });

    it('is flagged in the API as blocking, with last year’s and this year’s values', async () => {
      const res = await t.app.inject({
        url: `/api/v1/laos/${OWN.lao}/years/2569/quality?aspect=1`,
        headers: bearer(tok.certifier!),
      });
      assert.equal(res.statusCode, 200);
      const flag = res.json().items.find((f: { ruleId: string }) => f.ruleId === 'waste-change');
      assert.ok(flag, res.body);
      assert.equal(flag.blocking, true);
      assert.equal(flag.explanation, null);
      assert.match(flag.message.th, /ปริมาณขยะที่เกิดขึ้นเปลี่ยนจากปีก่อนเกิน ±50%.*ปีก่อน .* ปีนี้ /);
    });

    it('keeps the LAO from certifying the aspect, saying what to do', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OWN.lao}/years/2569/aspects/1/certifications`,
        headers: { ...bearer(tok.certifier!), 'accept-language': 'th' },
        payload: { level: 'lao' },
      });
      assert.equal(res.statusCode, 422, res.body);
      assert.match(res.body, /ด้านที่ 1 ยังรับรองไม่ได้: มีค่าที่เปลี่ยนจากปีก่อน 10 เท่าขึ้นไป 1 รายการที่ยังไม่มีคำอธิบาย/);
    });

    it('shows the flag to the certifier before certifying, and to the province officer in the province list', async () => {
      const confirm = await page(
        't.own.certifier',
        `/certification/laos/${OWN.lao}/years/2569/aspects/1/certify?level=lao`,
      );
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /ค่าที่ระบบทักท้วง \d+ รายการ และคำอธิบาย/);
      assert.match(confirm.body, /ปีก่อน [\d,.]+ ปีนี้ [\d,.]+ ตัน\/วัน/);
      assert.match(confirm.body, /ต้องอธิบายก่อนรับรอง/);
      const province = await page('t.own.province', '/quality/provinces/31/years/2569');
      assert.equal(province.statusCode, 200);
      assert.match(province.body, /เทศบาลเมืองบ้านบัว/);
      assert.match(province.body, /ปริมาณขยะที่เกิดขึ้นเปลี่ยนจากปีก่อนเกิน ±50%/);
      const other = await page('t.other.province', '/quality/provinces/31/years/2569');
      assert.equal(other.statusCode, 403);
    });

    it('refuses an explanation from another LAO, a too-short one and one of nothing flagged, changing nothing', async () => {
      const before = await fingerprint(t.db.kysely);
      const post = (token: string, payload: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: `${url(2569)}/explanations`, headers: bearer(token), payload });
      assert.equal(
        (await post(tok.other!, { ruleId: 'waste-change', rowId: '', text: EXPLAINED })).statusCode,
        403,
      );
      const short = await post(tok.staff!, { ruleId: 'waste-change', rowId: '', text: 'ok' });
      assert.equal(short.statusCode, 422);
      assert.match(short.body, /"field":"text"/);
      const none = await post(tok.staff!, { ruleId: 'waste-per-person', rowId: '', text: EXPLAINED });
      assert.equal(none.statusCode, 422);
      assert.match(none.body, /ไม่มีค่าที่ระบบทักท้วงตามกฎนี้/);
      assert.equal(await fingerprint(t.db.kysely), before);
    });

    it('lets the clerk explain it on the data set page, after which the LAO certifies and everyone reads why', async () => {
      const s = await browserSession(t.app, 't.own.staff');
      const dataset = `/laos/${OWN.lao}/years/2569/datasets/${DS}`;
      const shown = await t.app.inject({ url: dataset, cookies: s.cookies });
      assert.match(shown.body, /ค่าที่ควรตรวจสอบ 1 รายการ/);
      assert.match(shown.body, /มีค่าที่เปลี่ยนจากปีก่อน 10 เท่าขึ้นไป/);
      const rowId = /name="rowId" value="([^"]*)"/.exec(shown.body)?.[1];
      assert.ok(rowId, 'the explanation form names the row');
      const saved = await t.app.inject({
        method: 'POST',
        url: `${dataset}/explanations`,
        cookies: s.cookies,
        headers: FORM,
        payload: new URLSearchParams({
          _csrf: s.csrf,
          ruleId: 'waste-change',
          rowId,
          text: EXPLAINED,
        }).toString(),
      });
      assert.equal(saved.statusCode, 303, saved.body);
      const after = await t.app.inject({ url: dataset, cookies: s.cookies });
      assert.match(after.body, /อธิบายแล้ว/);
      assert.match(after.body, new RegExp(EXPLAINED));

      const certified = await t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OWN.lao}/years/2569/aspects/1/certifications`,
        headers: bearer(tok.certifier!),
        payload: { level: 'lao' },
      });
      assert.equal(certified.statusCode, 201, certified.body);
      const province = await page('t.own.province', '/quality/provinces/31/years/2569');
      assert.match(province.body, new RegExp(EXPLAINED));
      assert.match(province.body, /t\.own\.staff/);
      const log = await t.app.inject({
        url: `/api/v1/activity?lao=${OWN.lao}&action=quality.explained`,
        headers: bearer(tok.laoadmin!),
      });
      assert.equal(log.statusCode, 200, log.body);
      assert.equal(log.json().total, 1);
    });

    it('asks again when the value changes after its explanation', async () => {
      const cur = (await t.app.inject({ url: url(2569), headers: bearer(tok.laoadmin!) })).json();
      const r = await t.app.inject({
        method: 'PUT',
        url: url(2569),
        headers: bearer(tok.laoadmin!),
        payload: {
          version: cur.version,
          changeReason: 'แก้ตัวเลขตามรายงานฉบับใหม่',
          rows: [
            { id: cur.rows[0].id, values: { ...cur.rows[0].values, generatedTonsPerDay: generated * 15 } },
          ],
        },
      });
      assert.equal(r.statusCode, 200, r.body);
      const flags = (
        await t.app.inject({ url: `/api/v1/laos/${OWN.lao}/years/2569/quality`, headers: bearer(tok.staff!) })
      ).json().items;
      assert.equal(flags.find((f: { ruleId: string }) => f.ruleId === 'waste-change').explanation, null);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

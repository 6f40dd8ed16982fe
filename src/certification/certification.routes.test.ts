import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import {
  browserSession,
  createRoleMatrixUsers,
  NEIGHBOUR,
  OTHER,
  OWN,
  tokenFor,
} from '../../test/factories.ts';
import { certify, datasetDef, editFirstRow, fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { prng, sampleRow } from '../catalog/sample-values.ts';
import { updateCertification } from './certification.repository.ts';

const Y = 2569;
const base = (lao = OWN.lao, no = 1, year = Y) => `/api/v1/laos/${lao}/years/${year}/aspects/${no}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ISO_BKK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;

describeEachDb(
  'certification by the LAO and the province',
  (t) => {
    const tok: Record<string, string> = {};
    const post = (url: string, who: string, payload: unknown) =>
      t.app.inject({ method: 'POST', url, headers: bearer(tok[who]!), payload: payload as object });
    const aspect = async (no: number, who = 'certifier', lao = OWN.lao) =>
      (
        (
          await t.app.inject({ url: `/api/v1/laos/${lao}/years/${Y}/aspects`, headers: bearer(tok[who]!) })
        ).json().aspects as { no: number; state: string; changesSinceCertification: any }[]
      ).find((a) => a.no === no)!;

    before(async () => {
      for (const u of ['certifier', 'staff', 'laoadmin', 'province', 'district'])
        tok[u] = await tokenFor(t.app, `t.own.${u}`);
      tok.otherProvince = await tokenFor(t.app, 't.other.province');
      tok.otherCertifier = await tokenFor(t.app, 't.other.certifier');
      tok.admin = await tokenFor(t.app, 't.admin');
    });

    it('refuses to certify an incomplete aspect with 422 listing every incomplete data set by name', async () => {
      await fillAspect(t.app, tok.staff!, { lao: OWN.lao, year: Y, aspect: 1, skip: ['health-facilities'] });
      const res = await post(`${base()}/certifications`, 'certifier', { level: 'lao' });
      assert.equal(res.statusCode, 422, res.body);
      const errors = res.json().errors as { field: string; message: string }[];
      assert.deepEqual(
        errors.map((e) => e.field),
        ['health-facilities'],
      );
      assert.match(errors[0]!.message, /สถานพยาบาล|ยังไม่ได้บันทึก/);
      const two = await post(`${base(OWN.lao, 2)}/certifications`, 'certifier', { level: 'lao' });
      assert.equal(two.statusCode, 422);
      assert.equal(two.json().errors.length, 5);
      assert.match(two.json().detail, /ด้านที่ 2/);
      const en = await t.app.inject({
        method: 'POST',
        url: `${base(OWN.lao, 2)}/certifications`,
        headers: { ...bearer(tok.certifier!), 'accept-language': 'en' },
        payload: { level: 'lao' },
      });
      assert.match(en.json().errors[0].message, /not recorded/);
    });

    it('gives 401 to the public, 403 to staff, another LAO’s certifier and another province, 400 for a bad level', async () => {
      const anon = await t.app.inject({
        method: 'POST',
        url: `${base()}/certifications`,
        payload: { level: 'lao' },
      });
      assert.equal(anon.statusCode, 401);
      assert.equal((await post(`${base()}/certifications`, 'staff', { level: 'lao' })).statusCode, 403);
      assert.equal((await post(`${base()}/certifications`, 'laoadmin', { level: 'lao' })).statusCode, 403);
      assert.equal(
        (await post(`${base()}/certifications`, 'otherCertifier', { level: 'lao' })).statusCode,
        403,
      );
      assert.equal(
        (await post(`${base()}/certifications`, 'certifier', { level: 'province' })).statusCode,
        403,
      );
      assert.equal(
        (await post(`${base()}/certifications`, 'otherProvince', { level: 'province' })).statusCode,
        403,
      );
      assert.equal(
        (await post(`${base()}/certifications`, 'district', { level: 'province' })).statusCode,
        403,
      );
      assert.equal(
        (await post(`${base()}/returns`, 'otherProvince', { reason: 'ข้อมูลไม่ถูกต้อง' })).statusCode,
        403,
      );
      const bad = await post(`${base()}/certifications`, 'certifier', { level: 'nation' });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'level');
      assert.equal(
        (await post(`${base(OWN.lao, 0)}/certifications`, 'certifier', { level: 'lao' })).statusCode,
        400,
      );
      assert.equal(
        (await post(`${base('1234567')}/certifications`, 'certifier', { level: 'lao' })).statusCode,
        404,
      );
    });

    it('refuses a province certification before the LAO’s with 422', async () => {
      await fillAspect(t.app, tok.staff!, { lao: OWN.lao, year: Y, aspect: 1 });
      const res = await post(`${base()}/certifications`, 'province', { level: 'province' });
      assert.equal(res.statusCode, 422, res.body);
      assert.match(res.json().detail, /อปท\. ยังไม่ได้รับรอง/);
      assert.equal((await aspect(1)).state, 'complete');
    });

    it('certifies at the LAO level (201, snapshot of every data set), then at the province level', async () => {
      const lao = await post(`${base()}/certifications`, 'certifier', { level: 'lao' });
      assert.equal(lao.statusCode, 201, lao.body);
      const c = lao.json();
      assert.equal(c.level, 'lao');
      assert.equal(c.action, 'certify');
      assert.equal(c.by, 't.own.certifier');
      assert.match(c.at, ISO_BKK);
      assert.equal(Object.keys(c.snapshot).length, 7);
      assert.ok(Object.values(c.snapshot).every((v) => typeof v === 'number' && v >= 1));
      assert.equal(c.aspect.state, 'lao_certified');
      const prov = await post(`${base()}/certifications`, 'province', { level: 'province' });
      assert.equal(prov.statusCode, 201, prov.body);
      assert.equal(prov.json().aspect.state, 'province_certified');
      assert.match(prov.json().aspect.provinceCertifiedAt, ISO_BKK);
      assert.equal(prov.json().aspect.laoCertifiedAt, c.at);
      const again = await post(`${base()}/certifications`, 'province', { level: 'province' });
      assert.equal(again.statusCode, 409);
    });

    it('refuses an edit of a certified aspect without a reason and stores nothing; with one marks it changed', async () => {
      const before = (
        await t.app.inject({
          url: `/api/v1/laos/${OWN.lao}/years/${Y}/datasets/waste-management`,
          headers: bearer(tok.staff!),
        })
      ).json();
      const refused = await editFirstRow(t.app, tok.staff!, {
        lao: OWN.lao,
        year: Y,
        datasetId: 'waste-management',
        set: { servedPopulation: 4321 },
      });
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().errors[0].field, 'changeReason');
      const after = (
        await t.app.inject({
          url: `/api/v1/laos/${OWN.lao}/years/${Y}/datasets/waste-management`,
          headers: bearer(tok.staff!),
        })
      ).json();
      assert.deepEqual(after, before);
      assert.equal((await aspect(1)).state, 'province_certified');

      const ok = await editFirstRow(t.app, tok.staff!, {
        lao: OWN.lao,
        year: Y,
        datasetId: 'waste-management',
        set: { servedPopulation: 4321 },
        changeReason: 'สำรวจประชากรใหม่',
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await aspect(1)).state, 'changed_after_certification');
      const status = (await t.app.inject({ url: `/api/v1/status?year=${Y}&lao=${OWN.lao}` })).json();
      assert.equal(status.items[0].aspects[0].state, 'changed_after_certification');
      const log = (
        await t.app.inject({ url: `${base()}/certifications`, headers: bearer(tok.certifier!) })
      ).json().items;
      assert.deepEqual(
        log.map((e: { level: string; action: string }) => `${e.level}.${e.action}`),
        ['lao.certify', 'province.certify', 'lao.edit_after_certification'],
      );
      assert.equal(log[2].reason, 'สำรวจประชากรใหม่');
      assert.equal(log[2].by, 't.own.staff');
    });

    it('shows the next certifier the diff since the certified snapshot: data set, row, field, old → new', async () => {
      const diff = (await aspect(1)).changesSinceCertification;
      assert.equal(diff.level, 'lao');
      assert.match(diff.since, ISO_BKK);
      assert.equal(diff.items.length, 1);
      const item = diff.items[0];
      assert.equal(item.datasetId, 'waste-management');
      assert.equal(item.reason, 'สำรวจประชากรใหม่');
      assert.equal(item.changes[0].op, 'change');
      assert.equal(item.changes[0].row, 1);
      assert.equal(item.changes[0].fields.servedPopulation.new, 4321);
      const page = await t.app.inject({
        url: `/certification/laos/${OWN.lao}/years/${Y}`,
        cookies: (await browserSession(t.app, 't.own.certifier')).cookies,
      });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="diff-1"/);
      assert.match(page.body, /การจัดการขยะมูลฝอย/);
      assert.match(page.body, /ประชากรที่ได้รับบริการเก็บขน/);
      assert.match(page.body, /<ins>4,321 คน<\/ins>/);
      assert.match(page.body, /แก้ไขหลังรับรอง/);
    });

    it('refuses the province while the data changed after certification; the LAO certifies again, then the province', async () => {
      const early = await post(`${base()}/certifications`, 'province', { level: 'province' });
      assert.equal(early.statusCode, 422);
      assert.match(early.json().detail, /แก้ไขหลังการรับรอง/);
      assert.equal((await post(`${base()}/certifications`, 'certifier', { level: 'lao' })).statusCode, 201);
      assert.equal((await aspect(1)).state, 'lao_certified');
      assert.equal((await aspect(1)).changesSinceCertification, null);
      // The province sees what changed since it last certified.
      const forProvince = (await aspect(1, 'province')).changesSinceCertification;
      assert.equal(forProvince.level, 'province');
      assert.equal(forProvince.items[0].changes[0].fields.servedPopulation.new, 4321);
      assert.equal(
        (await post(`${base()}/certifications`, 'province', { level: 'province' })).statusCode,
        201,
      );
      assert.equal((await aspect(1)).state, 'province_certified');
    });

    it('lets only one of two simultaneous certifications succeed; the other gets 409', async () => {
      await fillAspect(t.app, tok.laoadmin!, { lao: OWN.lao, year: Y, aspect: 3, lists: 'none' });
      const [a, b] = await Promise.all([
        post(`${base(OWN.lao, 3)}/certifications`, 'certifier', { level: 'lao' }),
        post(`${base(OWN.lao, 3)}/certifications`, 'admin', { level: 'lao' }),
      ]);
      assert.deepEqual([a.statusCode, b.statusCode].sort(), [201, 409]);
      const log = (
        await t.app.inject({ url: `${base(OWN.lao, 3)}/certifications`, headers: bearer(tok.certifier!) })
      ).json();
      assert.equal(log.items.length, 1);
      // The guard itself: an update from a stale cert_version changes nothing.
      const row = await t.db.kysely
        .selectFrom('aspect_status')
        .selectAll()
        .where('lao_code', '=', OWN.lao)
        .where('year', '=', Y)
        .where('section_no', '=', 3)
        .executeTakeFirstOrThrow();
      const stale = await updateCertification(
        t.db.kysely,
        { lao: OWN.lao, year: Y, sectionNo: 3 },
        Number(row.cert_version) - 1,
        { lao_certified_at: null },
      );
      assert.equal(stale, false);
    });

    it('returns with a reason: 400 without one; both certifications stop counting; the LAO is told by mail', async () => {
      const none = await post(`${base(OWN.lao, 3)}/returns`, 'province', { reason: '' });
      assert.equal(none.statusCode, 400);
      assert.equal(none.json().errors[0].field, 'reason');
      const res = await post(`${base(OWN.lao, 3)}/returns`, 'province', {
        reason: 'จำนวน อปพร. ไม่ตรงกับทะเบียนของจังหวัด',
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().aspect.state, 'returned');
      assert.equal(res.json().aspect.returnReason, 'จำนวน อปพร. ไม่ตรงกับทะเบียนของจังหวัด');
      assert.equal(res.json().aspect.laoCertifiedAt, null);
      const mails = await t.db.kysely
        .selectFrom('mail_outbox')
        .selectAll()
        .where('kind', '=', 'certification.returned')
        .execute();
      assert.deepEqual(mails.map((m) => m.to_address).sort(), [
        'central@banbua.example',
        'responsible@banbua.example',
      ]);
      assert.match(mails[0]!.body_text, /จำนวน อปพร\. ไม่ตรงกับทะเบียนของจังหวัด/);
      assert.match(mails[0]!.subject, /ด้านที่ 3/);
      const page = await t.app.inject({
        url: `/certification/laos/${OWN.lao}/years/${Y}`,
        cookies: (await browserSession(t.app, 't.own.certifier')).cookies,
      });
      assert.match(page.body, /จังหวัดส่งคืน/);
      assert.match(page.body, /จำนวน อปพร\. ไม่ตรงกับทะเบียนของจังหวัด/);
      assert.equal(
        (await post(`${base(OWN.lao, 3)}/returns`, 'province', { reason: 'ส่งคืนซ้ำอีกครั้ง' })).statusCode,
        422,
      );
    });

    it('lets the certifier withdraw with a reason, and refuses a withdrawal of nothing', async () => {
      assert.equal(
        (await post(`${base(OWN.lao, 3)}/withdrawals`, 'certifier', { reason: 'ไม่มีอะไรให้ถอน' })).statusCode,
        422,
      );
      assert.equal(
        (await post(`${base(OWN.lao, 3)}/certifications`, 'certifier', { level: 'lao' })).statusCode,
        201,
      );
      assert.equal(
        (await post(`${base(OWN.lao, 3)}/withdrawals`, 'province', { reason: 'ไม่ใช่หน้าที่จังหวัด' })).statusCode,
        403,
      );
      const res = await post(`${base(OWN.lao, 3)}/withdrawals`, 'certifier', {
        reason: 'ต้องปรับปรุงข้อมูลรถดับเพลิง',
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().aspect.state, 'complete');
      assert.equal(res.json().reason, 'ต้องปรับปรุงข้อมูลรถดับเพลิง');
    });

    it('keeps the log per LAO and per province with who, role, when and reason, exportable as CSV', async () => {
      const lao = (
        await t.app.inject({
          url: `/api/v1/laos/${OWN.lao}/years/${Y}/certifications`,
          headers: bearer(tok.district!),
        })
      ).json().items;
      assert.ok(lao.length >= 8);
      assert.equal(lao[0].action, 'withdraw');
      assert.equal(lao[0].byRole, 'lao_certifier');
      const csv = await t.app.inject({
        url: `/certification/laos/${OWN.lao}/years/${Y}/log?format=csv`,
        cookies: (await browserSession(t.app, 't.own.certifier')).cookies,
      });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      const lines = csv.body
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      assert.equal(lines.length, lao.length + 1);
      assert.match(lines[0]!, /^วันเวลา,รหัส อปท\.,อปท\./);
      assert.match(
        lines[1]!,
        /^\d{2}\/\d{2}\/25\d\d \d{2}:\d{2}:\d{2},5310108,เทศบาลเมืองบ้านบัว,2569,3,lao,ถอนการรับรอง,t\.own\.certifier,ผู้รับรองข้อมูล อปท\.,ต้องปรับปรุงข้อมูลรถดับเพลิง/,
      );
      const prov = await t.app.inject({
        url: `/api/v1/provinces/${OWN.province}/years/${Y}/certifications`,
        headers: bearer(tok.province!),
      });
      assert.equal(prov.statusCode, 200);
      assert.equal(prov.json().total, lao.length);
      assert.equal(prov.json().items[0].laoNameTh, 'เทศบาลเมืองบ้านบัว');
      const other = await t.app.inject({
        url: `/api/v1/provinces/${OWN.province}/years/${Y}/certifications`,
        headers: bearer(tok.otherProvince!),
      });
      assert.equal(other.statusCode, 403);
      const page = await t.app.inject({
        url: `/certification/provinces/${OWN.province}/years/${Y}/log`,
        cookies: (await browserSession(t.app, 't.own.province')).cookies,
      });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /บันทึกการรับรองข้อมูล/);
      assert.match(page.body, /จำนวน อปพร\./);
    });

    it('certifies many (LAO, aspect) pairs for the province in one request, with a result per pair', async () => {
      await fillAspect(t.app, tok.admin!, { lao: NEIGHBOUR.lao, year: Y, aspect: 8, lists: 'none' });
      assert.equal(
        (await post(`${base(NEIGHBOUR.lao, 8)}/certifications`, 'admin', { level: 'lao' })).statusCode,
        201,
      );
      const res = await post(`/api/v1/provinces/${OWN.province}/years/${Y}/certifications`, 'province', {
        items: [
          { laoCode: NEIGHBOUR.lao, aspectNo: 8 },
          { laoCode: OWN.lao, aspectNo: 2 },
          { laoCode: OTHER.lao, aspectNo: 1 },
        ],
      });
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json();
      assert.equal(r.certified, 1);
      assert.deepEqual(
        r.results.map((x: { ok: boolean; status: number }) => [x.ok, x.status]),
        [
          [true, 201],
          [false, 422],
          [false, 404],
        ],
      );
      assert.equal(r.results[0].certification.aspect.state, 'province_certified');
      const denied = await post(
        `/api/v1/provinces/${OWN.province}/years/${Y}/certifications`,
        'otherProvince',
        {
          items: [{ laoCode: NEIGHBOUR.lao, aspectNo: 8 }],
        },
      );
      assert.equal(denied.statusCode, 403);
    });

    it('certifies, withdraws and returns through the page forms with CSRF after a confirmation; a failed form re-renders with its errors', async () => {
      const aspect = (no: number) =>
        t.db.kysely
          .selectFrom('aspect_status')
          .selectAll()
          .where('lao_code', '=', OWN.lao)
          .where('year', '=', Y)
          .where('section_no', '=', no)
          .executeTakeFirst();
      const s = await browserSession(t.app, 't.own.certifier');
      const url = `/certification/laos/${OWN.lao}/years/${Y}`;
      const page = await t.app.inject({ url, cookies: s.cookies });
      assert.match(page.body, /รับรองข้อมูลด้านที่ 3/);
      assert.doesNotMatch(page.body, /aspects\/2\/certify/, 'no certify button on an incomplete aspect');
      const noCsrf = await t.app.inject({
        method: 'POST',
        url: `${url}/aspects/3/certify`,
        cookies: s.cookies,
        payload: { level: 'lao' },
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(noCsrf.statusCode, 403);
      const form = (path: string, body: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: `${url}/aspects/${path}`,
          cookies: s.cookies,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ ...body, _csrf: s.csrf }).toString(),
        });
      const incomplete = await form('2/certify', { level: 'lao' });
      assert.equal(incomplete.statusCode, 422);
      assert.match(incomplete.body, /<title>ข้อผิดพลาด: /);
      assert.match(incomplete.body, /govuk-error-summary/);
      assert.match(incomplete.body, /href="#aspect-2"/);
      const ask = await form('3/certify', { level: 'lao' });
      assert.equal(ask.statusCode, 200, 'a form without confirmation is answered with the confirmation page');
      assert.match(ask.body, /รับรองข้อมูลด้านที่ 3 ใช่หรือไม่/);
      assert.match(ask.body, /name="confirmed" value="yes"/);
      assert.equal(
        (await aspect(3))?.lao_certified_at ?? null,
        null,
        'nothing certified before the confirmation',
      );
      const asked = await t.app.inject({ url: `${url}/aspects/3/certify?level=lao`, cookies: s.cookies });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /ยืนยันการรับรอง/);
      assert.equal((await aspect(3))?.lao_certified_at ?? null, null, 'nothing certified by the GET');
      const ok = await form('3/certify', { level: 'lao', confirmed: 'yes' });
      assert.equal(ok.statusCode, 303);
      assert.match(String(ok.headers.location), /done=certify-lao-3/);
      const askWithdraw = await form('3/withdraw', { reason: 'ตัวเลขผิด ขอแก้ไขก่อน' });
      assert.equal(askWithdraw.statusCode, 200);
      assert.match(askWithdraw.body, /ถอนการรับรองด้านที่ 3 ใช่หรือไม่/);
      assert.ok((await aspect(3))?.lao_certified_at, 'a withdrawal is not made before its confirmation');
      const noReason = await form('3/withdraw', { reason: 'ab' });
      assert.equal(noReason.statusCode, 400);
      assert.match(noReason.body, /href="#reason-withdraw-3"/);
      assert.match(noReason.body, />ab<\/textarea>/);
      const done = await t.app.inject({ url: `${url}?done=certify-lao-3`, cookies: s.cookies });
      assert.match(done.body, /รับรองข้อมูลด้านที่ 3 แล้ว/);
      const p = await browserSession(t.app, 't.own.province');
      const returned = await t.app.inject({
        method: 'POST',
        url: `${url}/aspects/3/return`,
        cookies: p.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ reason: 'ตรวจสอบแล้วพบข้อผิดพลาด', _csrf: p.csrf }).toString(),
      });
      assert.equal(returned.statusCode, 200, 'the return asks first');
      assert.match(returned.body, /ส่งคืนด้านที่ 3 ใช่หรือไม่/);
      assert.match(returned.body, /name="reason" value="ตรวจสอบแล้วพบข้อผิดพลาด"/);
      assert.ok((await aspect(3))?.lao_certified_at, 'still certified before the confirmation');
      const confirmed = await t.app.inject({
        method: 'POST',
        url: `${url}/aspects/3/return`,
        cookies: p.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          reason: 'ตรวจสอบแล้วพบข้อผิดพลาด',
          confirmed: 'yes',
          _csrf: p.csrf,
        }).toString(),
      });
      assert.equal(confirmed.statusCode, 303);
      const staff = await browserSession(t.app, 't.own.staff');
      const seen = await t.app.inject({ url, cookies: staff.cookies });
      assert.equal(seen.statusCode, 200);
      assert.match(seen.body, /ตรวจสอบแล้วพบข้อผิดพลาด/);
      assert.doesNotMatch(seen.body, /action="[^"]*\/certify"/);
    });

    it('sends /certification to the LAO page or the province dashboard by role', async () => {
      const c = await t.app.inject({
        url: '/certification',
        cookies: (await browserSession(t.app, 't.own.certifier')).cookies,
      });
      assert.equal(c.statusCode, 303);
      assert.match(String(c.headers.location), /^\/certification\/laos\/5310108\/years\/\d{4}$/);
      const p = await t.app.inject({
        url: '/certification',
        cookies: (await browserSession(t.app, 't.own.province')).cookies,
      });
      assert.match(String(p.headers.location), /^\/dashboards\/province\/31\?year=/);
      const anon = await t.app.inject({ url: '/certification' });
      assert.equal(anon.statusCode, 303);
      assert.match(String(anon.headers.location), /^\/login/);
    });
  },
  {
    setup: async (t) => {
      await createRoleMatrixUsers(t.db.kysely);
      const k = t.db.kysely;
      const now = new Date().toISOString();
      await k
        .insertInto('lao_contact')
        .values({
          lao_code: OWN.lao,
          responsible_name: 'นางสาวทดสอบ ระบบ',
          responsible_position: 'นักวิเคราะห์นโยบายและแผน',
          responsible_division: 'สำนักปลัด',
          phone: '044611111',
          email: 'central@banbua.example',
          email_verified_at: now,
          verify_token_hash: null,
          verify_expires_at: null,
          updated_at: now,
          updated_by: 'setup',
        })
        .execute();
      const responsible = randomUUID();
      await k
        .insertInto('app_user')
        .values({
          id: responsible,
          username: 't.own.responsible',
          display_name: 'ผู้รับผิดชอบด้านที่ 3',
          email: 'responsible@banbua.example',
          password_hash: 'x',
          role: 'lao_staff',
          province_code: null,
          district_code: null,
          lao_code: OWN.lao,
          must_change_password: 0,
          totp_secret: null,
          totp_enabled: 0,
          totp_last_step: null,
          disabled_at: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const division = await k
        .selectFrom('division')
        .select('id')
        .where('lao_code', '=', OWN.lao)
        .executeTakeFirstOrThrow();
      await k
        .insertInto('assignment')
        .values({
          lao_code: OWN.lao,
          year: Y,
          section_no: 3,
          dataset_id: '',
          division_id: division.id,
          responsible_user_id: responsible,
          due_date: null,
          assigned_by: 'setup',
          assigned_at: now,
        })
        .execute();
    },
  },
);

describeEachDb(
  'the changes since a certification are bounded',
  (t) => {
    it('lists at most 100 saves with their total, and a save of many rows by its count and a link', async () => {
      const admin = await tokenFor(t.app, 't.own.laoadmin');
      const certifier = await tokenFor(t.app, 't.own.certifier');
      await fillAspect(t.app, admin, { lao: OWN.lao, year: Y, aspect: 1 });
      await certify(t.app, certifier, { lao: OWN.lao, year: Y, aspect: 1, level: 'lao' });
      const facilities = `/api/v1/laos/${OWN.lao}/years/${Y}/datasets/waste-facilities`;
      const def = await datasetDef(t.app, 'waste-facilities', Y);
      const r = prng(5);
      const cur = (await t.app.inject({ url: facilities, headers: bearer(admin) })).json();
      const big = await t.app.inject({
        method: 'PUT',
        url: facilities,
        headers: bearer(admin),
        payload: {
          version: cur.version,
          changeReason: 'สำรวจสถานที่ใหม่ทั้งหมด',
          rows: Array.from({ length: 30 }, (_, i) => ({
            values: sampleRow(def, r, i, Y),
            explanation: 'ข้อมูลทดสอบ ตรวจสอบแล้วถูกต้อง',
          })),
        },
      });
      assert.equal(big.statusCode, 200, big.body);
      for (let n = 1; n <= 100; n++) {
        const res = await editFirstRow(t.app, admin, {
          lao: OWN.lao,
          year: Y,
          datasetId: 'waste-management',
          set: { servedPopulation: 1000 + n },
          changeReason: 'ปรับจำนวนประชากร',
        });
        assert.equal(res.statusCode, 200, res.body);
      }
      const aspects = await t.app.inject({
        url: `/api/v1/laos/${OWN.lao}/years/${Y}/aspects`,
        headers: bearer(certifier),
      });
      const diff = aspects.json().aspects.find((a: { no: number }) => a.no === 1).changesSinceCertification;
      assert.equal(diff.total, 101);
      assert.equal(diff.items.length, 100);
      const first = diff.items[0];
      assert.equal(first.datasetId, 'waste-facilities');
      assert.equal(first.changeCount, 32, '30 rows added, 2 removed');
      assert.equal(first.changes, null);
      assert.equal(first.changesUrl, `${facilities}/history/${big.json().version}`);
      assert.equal(diff.items[1].changes[0].fields.servedPopulation.new, 1001);
      const page = await t.app.inject({
        url: `/certification/laos/${OWN.lao}/years/${Y}`,
        cookies: (await browserSession(t.app, 't.own.certifier')).cookies,
      });
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        new RegExp(
          `href="/laos/${OWN.lao}/years/${Y}/datasets/waste-facilities/history/${big.json().version}">เปลี่ยน 32 แถว`,
        ),
      );
      assert.match(page.body, /แสดงการบันทึก 100 ครั้งแรกจาก 101 ครั้ง/);
    });

    it('pages the logs of an aspect (oldest first) and of the LAO (newest first), with next links', async () => {
      const certifier = await tokenFor(t.app, 't.own.certifier');
      const base = `/api/v1/laos/${OWN.lao}/years/${Y}/aspects/1`;
      const get = async (url: string) => {
        const res = await t.app.inject({ url, headers: bearer(certifier) });
        assert.equal(res.statusCode, 200, res.body);
        return res.json() as {
          items: { action: string; reason: string | null }[];
          total: number;
          pageSize: number;
          next: string | null;
        };
      };
      const before = (await get(`${base}/certifications`)).total;
      for (let i = 1; i <= 15; i++) {
        const w = await t.app.inject({
          method: 'POST',
          url: `${base}/withdrawals`,
          headers: bearer(certifier),
          payload: { reason: `ถอนเพื่อแก้ไขครั้งที่ ${i}` },
        });
        assert.equal(w.statusCode, 201, w.body);
        await certify(t.app, certifier, { lao: OWN.lao, year: Y, aspect: 1, level: 'lao' });
      }
      const total = before + 30;
      const first = await get(`${base}/certifications?pageSize=10`);
      assert.equal(first.total, total);
      assert.equal(first.items.length, 10);
      assert.equal(first.items[0]!.action, 'certify', 'the first certification comes first');
      assert.equal(first.next, `${base}/certifications?pageSize=10&page=2`);
      const lastPage = Math.ceil(total / 10);
      const last = await get(`${base}/certifications?pageSize=10&page=${lastPage}`);
      assert.equal(last.next, null);
      assert.deepEqual(
        last.items.slice(-2).map((e) => [e.action, e.reason]),
        [
          ['withdraw', 'ถอนเพื่อแก้ไขครั้งที่ 15'],
          ['certify', null],
        ],
      );
      const log = `/api/v1/laos/${OWN.lao}/years/${Y}/certifications`;
      const newest = await get(log);
      assert.equal(newest.pageSize, 50);
      assert.equal(newest.total, total);
      assert.deepEqual(
        newest.items.slice(0, 2).map((e) => e.action),
        ['certify', 'withdraw'],
      );
      assert.equal(newest.next, `${log}?page=2`);
      const oldest = await get(`${log}?pageSize=10&page=${lastPage}`);
      assert.equal(oldest.items.at(-1)!.action, 'certify', 'the oldest event is last');
      assert.equal(oldest.next, null);
      const page = await t.app.inject({
        url: `/certification/laos/${OWN.lao}/years/${Y}/log?page=2`,
        cookies: (await browserSession(t.app, 't.own.certifier')).cookies,
      });
      assert.equal(page.statusCode, 200);
      assert.deepEqual(/(\d+) ถึง (\d+) จาก (\d+)/.exec(page.body)?.slice(1), ['51', '100', String(total)]);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

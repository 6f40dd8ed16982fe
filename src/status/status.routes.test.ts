import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createRoleMatrixUsers, NEIGHBOUR, OWN, tokenFor } from '../../test/factories.ts';
import { aspectStatusRow, certify, fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';

const Y = 2569;
type Item = {
  laoCode: string;
  laoNameTh: string;
  provinceCode: string;
  provinceNameTh: string;
  districtCode: string;
  districtNameTh: string;
  aspects: {
    no: number;
    state: string;
    laoCertifiedAt: string | null;
    provinceCertifiedAt: string | null;
    returnedAt: string | null;
    returnReason: string | null;
  }[];
  debtReport: {
    no: number;
    state: string;
    laoCertifiedAt: string | null;
    provinceCertifiedAt: string | null;
  };
};

describeEachDb(
  'the public status search',
  (t) => {
    let total = 0;
    const api = async (qs: string) => {
      const res = await t.app.inject({ url: `/api/v1/status?${qs}` });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as {
        items: Item[];
        total: number;
        page: number;
        pageSize: number;
        next: string | null;
      };
    };

    before(async () => {
      total = (await t.app.inject({ url: `/api/v1/laos/summary?year=${Y}` })).json().total;
      const staff = await tokenFor(t.app, 't.own.staff');
      const certifier = await tokenFor(t.app, 't.own.certifier');
      const province = await tokenFor(t.app, 't.own.province');
      await fillAspect(t.app, staff, { lao: OWN.lao, year: Y, aspect: 1 });
      await certify(t.app, certifier, { lao: OWN.lao, year: Y, aspect: 1, level: 'lao' });
      await certify(t.app, province, { lao: OWN.lao, year: Y, aspect: 1, level: 'province' });
      // The seed's example: certified by the LAO on 14/05/2569 at 15:19:29 Bangkok time (08:19:29 UTC); aspect 2
      // returned; aspect 3 changed after certification.
      const row = (no: number, over: Record<string, string | null>) =>
        aspectStatusRow(NEIGHBOUR.lao, Y, no, over);
      await t.db.kysely
        .insertInto('aspect_status')
        .values([
          row(1, { lao_certified_at: '2026-05-14T08:19:29.000Z', lao_certified_by: 'x' }),
          row(2, { returned_at: '2026-05-15T02:00:00.000Z', return_reason: 'ข้อมูลถนนไม่ครบ' }),
          row(3, {
            lao_certified_at: '2026-05-14T08:12:18.000Z',
            lao_certified_by: 'x',
            changed_after_certification_at: '2026-05-20T03:00:00.000Z',
          }),
          // The debt report, certified by both like an aspect.
          row(9, {
            lao_certified_at: '2026-05-14T08:30:00.000Z',
            lao_certified_by: 'x',
            province_certified_at: '2026-05-16T03:00:00.000Z',
            province_certified_by: 'y',
          }),
        ])
        .execute();
    });

    it('answers the whole country page by page: every active LAO exactly once, in registry order', async () => {
      const first = await api(`year=${Y}&pageSize=100`);
      assert.equal(first.total, total);
      assert.ok(total > 7800);
      assert.equal(first.items.length, 100);
      const seen = new Set<string>();
      let prev = '';
      const pages = Math.ceil(total / 100);
      const results = [first];
      // Eight pages at a time: the order of the requests does not matter, only what each page holds.
      for (let page = 2; page <= pages; page += 8) {
        const batch = Array.from({ length: Math.min(8, pages - page + 1) }, (_, i) =>
          api(`year=${Y}&pageSize=100&page=${page + i}`),
        );
        results.push(...(await Promise.all(batch)));
      }
      for (const [n, r] of results.entries()) {
        assert.equal(r.page, n + 1);
        for (const i of r.items) {
          const key = `${i.provinceCode}${i.districtCode}${i.laoCode}`;
          assert.ok(key > prev, `order at ${i.laoCode}`);
          prev = key;
          seen.add(i.laoCode);
          assert.equal(i.aspects.length, 8);
        }
      }
      assert.equal(results.at(-1)!.items.length, total - (pages - 1) * 100);
      assert.equal(first.next, `/api/v1/status?year=${Y}&pageSize=100&page=2`);
      assert.equal(results.at(-1)!.next, null);
      assert.equal(seen.size, total);
      assert.deepEqual((await api(`year=${Y}&pageSize=100&page=${pages + 1}`)).items, []);
    });

    it('combines the filters: province, district (of the province), LAO', async () => {
      const inProvince = (await t.app.inject({ url: `/api/v1/laos?year=${Y}&province=31&pageSize=1` })).json()
        .total;
      const p = await api(`year=${Y}&province=31&pageSize=100`);
      assert.equal(p.total, inProvince);
      assert.ok(p.items.every((i) => i.provinceCode === '31'));
      const d = await api(`year=${Y}&province=31&district=3101&pageSize=100`);
      assert.ok(d.total > 1 && d.total < p.total);
      assert.ok(d.items.every((i) => i.districtCode === '3101' && i.provinceNameTh === 'บุรีรัมย์'));
      const one = await api(`year=${Y}&province=31&district=3101&lao=${OWN.lao}&page=1&pageSize=10`);
      assert.equal(one.total, 1);
      assert.equal(one.items[0]!.laoNameTh, 'เทศบาลเมืองบ้านบัว');
      assert.equal(one.items[0]!.districtNameTh, 'เมืองบุรีรัมย์');
      assert.equal((await api(`year=${Y}&province=32&district=3101`)).total, 0);
      assert.equal((await api(`year=${Y}&province=32&lao=${OWN.lao}`)).total, 0);
      // The registry as it stood: in FY 2568 บ้านบัว was still a ทต.
      assert.equal((await api(`year=2568&lao=${OWN.lao}`)).items[0]!.laoNameTh, 'เทศบาลตำบลบ้านบัว');
    });

    it('shows both timestamps after both certifications, ISO 8601 with +07:00, in the documented shape', async () => {
      const r = await api(`year=${Y}&lao=${OWN.lao}`);
      assert.deepEqual(Object.keys(r).sort(), ['items', 'next', 'page', 'pageSize', 'total']);
      const i = r.items[0]!;
      assert.deepEqual(Object.keys(i).sort(), [
        'aspects',
        'debtReport',
        'districtCode',
        'districtNameEn',
        'districtNameTh',
        'laoCode',
        'laoNameTh',
        'provinceCode',
        'provinceNameEn',
        'provinceNameTh',
      ]);
      const a1 = i.aspects[0]!;
      assert.deepEqual(Object.keys(a1).sort(), [
        'laoCertifiedAt',
        'no',
        'provinceCertifiedAt',
        'returnReason',
        'returnedAt',
        'state',
      ]);
      assert.equal(a1.state, 'province_certified');
      assert.match(a1.laoCertifiedAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
      assert.match(a1.provinceCertifiedAt!, /\+07:00$/);
      assert.deepEqual(
        i.aspects.slice(1).map((a) => a.state),
        [
          'not_started',
          'not_started',
          'not_started',
          'not_started',
          'not_started',
          'not_started',
          'not_started',
        ],
      );
      const n = (await api(`year=${Y}&lao=${NEIGHBOUR.lao}`)).items[0]!;
      assert.equal(n.aspects[0]!.laoCertifiedAt, '2026-05-14T15:19:29+07:00');
      assert.deepEqual(
        n.aspects.slice(0, 3).map((a) => a.state),
        ['lao_certified', 'returned', 'changed_after_certification'],
      );
      assert.equal(n.aspects[1]!.returnReason, 'ข้อมูลถนนไม่ครบ');
      assert.deepEqual(n.debtReport, {
        no: 9,
        state: 'province_certified',
        laoCertifiedAt: '2026-05-14T15:30:00+07:00',
        provinceCertifiedAt: '2026-05-16T10:00:00+07:00',
        returnedAt: null,
        returnReason: null,
      });
      assert.equal(i.debtReport.state, 'not_started');
    });

    it('renders the page without sign-in: ✓ with "ณ วันที่ dd/mm/2569 HH:MM:SS" in Bangkok time and distinct marks', async () => {
      const res = await t.app.inject({
        url: `/status?year=${Y}&province=31&district=3101&page=1&pageSize=100`,
      });
      assert.equal(res.statusCode, 200);
      const body = res.body;
      assert.match(body, /ณ วันที่ 14\/05\/2569 15:19:29/);
      const own = (await api(`year=${Y}&lao=${OWN.lao}`)).items[0]!.aspects[0]!;
      assert.match(body, new RegExp(`ณ วันที่ ${formatDateTimeBE(own.laoCertifiedAt!).replace(/\//g, '\\/')}`));
      assert.match(formatDateTimeBE(own.laoCertifiedAt!), /^\d\d\/\d\d\/25\d\d \d\d:\d\d:\d\d$/);
      assert.equal(
        formatDateTimeBE(own.laoCertifiedAt!).slice(11),
        own.laoCertifiedAt!.slice(11, 19),
        'the page shows the Bangkok wall-clock time the API gives',
      );
      assert.match(body, />✓<\/span> <span class="govuk-visually-hidden">อปท\. รับรองแล้ว /);
      assert.match(body, />✓✓<\/span> <span class="govuk-visually-hidden">อปท\. และจังหวัดรับรองแล้ว /);
      assert.match(body, />↩<\/span> <span class="govuk-visually-hidden">จังหวัดส่งคืน /);
      assert.match(body, />⚠<\/span> <span class="govuk-visually-hidden">แก้ไขหลังรับรอง /);
      for (const h of ['ลำดับ', 'จังหวัด', 'อำเภอ', 'อปท.', 'ด้านที่ 1', 'ด้านที่ 8', 'รายงานหนี้'])
        assert.ok(body.includes(`>${h}</th>`), h);
      // The debt report is the column after aspect 8, and each cell names its column for the phone's cards.
      assert.match(body, />ด้านที่ 8<\/th><th scope="col" class="govuk-table__header">รายงานหนี้<\/th>/);
      assert.match(body, /<td class="govuk-table__cell" data-label="รายงานหนี้">/);
      assert.ok(body.includes('ณ วันที่ 14/05/2569 15:30:00'), 'the debt report certified by the LAO');
      assert.ok(body.includes('จังหวัด ณ วันที่ 16/05/2569 10:00:00'), 'and by the province');
      for (const b of ['ค้นหา', 'แสดงทั้งหมด', 'เริ่มค้นหาใหม่']) assert.ok(body.includes(`>${b}</button>`), b);
      assert.match(body, /1 ถึง \d+ จาก \d+/);
      assert.match(body, /<option value="3101" selected>เมืองบุรีรัมย์<\/option>/);
      assert.match(body, /<option value="5310108">เทศบาลเมืองบ้านบัว<\/option>/);
      assert.match(body, /<option value="100" selected>100 รายการ<\/option>/);
    });

    it('shows the empty form at a bare /status, pages with "1 ถึง 10 จาก N", and refuses a bad page size with 400', async () => {
      const bare = await t.app.inject({ url: '/status' });
      assert.equal(bare.statusCode, 200);
      assert.doesNotMatch(bare.body, /<table class="govuk-table app-status-table"/);
      const all = await t.app.inject({ url: `/status?year=${Y}` });
      assert.ok(all.body.includes(`1 ถึง 10 จาก ${total.toLocaleString('th')}`));
      assert.match(all.body, /href="\/status\?year=2569&amp;pageSize=10&amp;page=2"/);
      const showAll = await t.app.inject({
        url: `/status?province=31&district=3101&year=${Y}&pageSize=25&show=all`,
      });
      assert.equal(showAll.statusCode, 303);
      assert.equal(showAll.headers.location, `/status?year=${Y}&pageSize=25`);
      const reset = await t.app.inject({ url: `/status?province=31&year=${Y}&show=reset` });
      assert.equal(reset.headers.location, '/status');
      const bad = await t.app.inject({ url: `/status?year=${Y}&pageSize=7` });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<title>ข้อผิดพลาด: /);
      assert.match(bad.body, /href="#pageSize"/);
      const badApi = await t.app.inject({
        url: `/api/v1/status?pageSize=7`,
        headers: { 'accept-language': 'en' },
      });
      assert.equal(badApi.statusCode, 400);
      assert.equal(badApi.json().errors[0].field, 'pageSize');
      assert.match(badApi.json().errors[0].message, /10, 25, 50, 100/);
    });

    it('exports the filtered result as CSV and .xlsx', async () => {
      const csv = await t.app.inject({ url: `/status.csv?year=${Y}&province=31&district=3101` });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-disposition']), /lao-info-status-2569-31-3101\.csv/);
      const lines = csv.body
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      const count = (await api(`year=${Y}&district=3101`)).total;
      assert.equal(lines.length, count + 1);
      assert.match(
        lines[0]!,
        /^ลำดับ,รหัส อปท\.,จังหวัด,อำเภอ,อปท\.,ด้านที่ 1,ด้านที่ 1 อปท\. รับรอง ณ วันที่,ด้านที่ 1 จังหวัดรับรอง ณ วันที่,ด้านที่ 2/,
      );
      const neighbour = lines.find((l) => l.includes(NEIGHBOUR.lao))!;
      assert.match(
        neighbour,
        /,อปท\. รับรองแล้ว,14\/05\/2569 15:19:29,,จังหวัดส่งคืน,,,แก้ไขหลังรับรอง,14\/05\/2569 15:12:18,/,
      );
      assert.match(
        lines[0]!,
        /,ด้านที่ 8 จังหวัดรับรอง ณ วันที่,รายงานหนี้,รายงานหนี้ อปท\. รับรอง ณ วันที่,รายงานหนี้ จังหวัดรับรอง ณ วันที่$/,
      );
      assert.match(neighbour, /,จังหวัดรับรองแล้ว,14\/05\/2569 15:30:00,16\/05\/2569 10:00:00$/);
      const own = lines.find((l) => l.includes(OWN.lao))!;
      assert.match(
        own,
        /,เทศบาลเมืองบ้านบัว,จังหวัดรับรองแล้ว,\d\d\/\d\d\/25\d\d \d\d:\d\d:\d\d,\d\d\/\d\d\/25\d\d/,
      );

      const xlsx = await t.app.inject({ url: `/status.xlsx?year=${Y}&lao=${NEIGHBOUR.lao}` });
      assert.equal(xlsx.statusCode, 200);
      assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.equal(ws.rowCount, 2);
      assert.equal(ws.getCell('A1').value, 'ลำดับ');
      assert.equal(ws.getCell('B2').value, NEIGHBOUR.lao);
      assert.equal(ws.getCell('F2').value, 'อปท. รับรองแล้ว');
      assert.equal(ws.getCell('G2').value, '14/05/2569 15:19:29');
      assert.equal(ws.getCell('I2').value, 'จังหวัดส่งคืน');
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

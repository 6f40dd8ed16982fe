import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import ExcelJS from 'exceljs';
import { bearers, browserSession, createRoleMatrixUsers, OWN } from '../../test/factories.ts';
import { describeEachDb, type TestCtx } from '../../test/harness.ts';
import { fingerprint } from '../../test/routes.ts';
import { readZip, writeZip } from '../imports/zip.ts';
import { AppError } from '../util/errors.ts';

// Text PostgreSQL refuses: U+0000 and half a surrogate pair. JSON.stringify writes a lone surrogate as the
// escape \ud800, which the server's JSON.parse turns back into the lone surrogate.
const NUL = 'ถนน\u0000สายหลัก';
const LONE = 'กองช่าง\uD800';
const LOW = '\uDC00โทเคน';

type Case = {
  name: string;
  method: 'POST' | 'PUT';
  url: string;
  who: string;
  bad: unknown;
  good: unknown;
  field: string;
};

const cases: Case[] = [
  {
    name: 'a reason (deadline extension)',
    method: 'PUT',
    url: `/api/v1/laos/${OWN.lao}/years/2569/deadline-extension`,
    who: 't.own.province',
    bad: { dueDate: '2026-06-30', reason: `ขยายเวลาเพราะ${NUL}` },
    good: { dueDate: '2026-06-30', reason: 'ขยายเวลาเพราะน้ำท่วม' },
    field: 'reason',
  },
  {
    name: 'a reason for none in our area',
    method: 'PUT',
    url: `/api/v1/laos/${OWN.lao}/years/2569/datasets/waste-facilities`,
    who: 't.own.staff',
    bad: { version: 0, none: true, noneReason: `ไม่มีสถานที่${LONE}` },
    good: { version: 0, none: true, noneReason: 'ไม่มีสถานที่กำจัดขยะในพื้นที่' },
    field: 'noneReason',
  },
  {
    name: 'a division’s name',
    method: 'POST',
    url: `/api/v1/laos/${OWN.lao}/divisions`,
    who: 't.own.laoadmin',
    bad: { nameTh: LONE },
    good: { nameTh: 'กองช่างสุขาภิบาล' },
    field: 'nameTh',
  },
  {
    name: 'a token’s name',
    method: 'POST',
    url: '/api/v1/account/tokens',
    who: 't.own.staff',
    bad: { name: LOW },
    good: { name: 'สคริปต์นำเข้า' },
    field: 'name',
  },
  {
    name: 'the central e-mail registration',
    method: 'PUT',
    url: `/api/v1/laos/${OWN.lao}/contact`,
    who: 't.own.laoadmin',
    bad: {
      responsibleName: `นางสาว${NUL}`,
      responsiblePosition: 'นักวิชาการคอมพิวเตอร์',
      responsibleDivision: 'สำนักปลัด',
      phone: '044 611 111',
      email: 'saraban@banbua.go.th',
    },
    good: {
      responsibleName: 'นางสาวสมใจ ใจดี',
      responsiblePosition: 'นักวิชาการคอมพิวเตอร์',
      responsibleDivision: 'สำนักปลัด',
      phone: '044 611 111',
      email: 'saraban@banbua.go.th',
    },
    field: 'responsibleName',
  },
  {
    name: 'a data set’s text field and a row’s explanation',
    method: 'PUT',
    url: `/api/v1/laos/${OWN.lao}/years/2569/datasets/waste-management`,
    who: 't.own.staff',
    bad: { version: 0, rows: [{ values: { generatedTonsPerDay: 3 }, explanation: LONE }] },
    good: { version: 0, rows: [{ values: { generatedTonsPerDay: 3 } }] },
    field: 'rows.0.explanation',
  },
  {
    name: 'an account’s name',
    method: 'POST',
    url: '/api/v1/users',
    who: 't.own.laoadmin',
    bad: {
      username: 'new.staff',
      displayName: NUL,
      role: 'lao_staff',
      laoCode: OWN.lao,
      password: 'Ban-Bua-river-2569',
    },
    good: {
      username: 'new.staff',
      displayName: 'ใหม่ ใจดี',
      role: 'lao_staff',
      laoCode: OWN.lao,
      password: 'Ban-Bua-river-2569',
    },
    field: 'displayName',
  },
];

async function send(t: TestCtx, as: ReturnType<typeof bearers>, c: Case, body: unknown) {
  return t.app.inject({
    method: c.method,
    url: c.url,
    headers: { ...(await as(c.who)), 'content-type': 'application/json', 'accept-language': 'en' },
    payload: JSON.stringify(body),
  });
}

describeEachDb(
  'text the databases cannot store is refused with 422 naming the field',
  (t) => {
    const as = bearers(t);

    for (const c of cases) {
      it(`in ${c.name}: 422 naming ${c.field}, nothing stored; the same without it is saved`, async () => {
        await as(c.who);
        const before = await fingerprint(t.db.kysely);
        const res = await send(t, as, c, c.bad);
        assert.equal(res.statusCode, 422, res.body);
        const field = res.json().errors[0].field;
        assert.equal(field, c.field);
        assert.match(res.json().errors[0].message, /cannot be stored.*remove it/);
        assert.equal(await fingerprint(t.db.kysely), before, 'nothing changed');
        const ok = await send(t, as, c, c.good);
        assert.ok(ok.statusCode < 300, `${ok.statusCode} ${ok.body}`);
      });
    }

    it('in a row’s values, keys included', async () => {
      const url = `/api/v1/laos/${OWN.lao}/years/2569/datasets/local-roads`;
      await as('t.own.laoadmin');
      const before = await fingerprint(t.db.kysely);
      for (const [values, field] of [
        [{ roadName: NUL }, 'rows.0.values.roadName'],
        [{ [`road\u0000Name`]: 'x' }, 'rows.0.values.road\u0000Name'],
      ] as const) {
        const res = await t.app.inject({
          method: 'PUT',
          url,
          headers: { ...(await as('t.own.laoadmin')), 'content-type': 'application/json' },
          payload: JSON.stringify({ version: 0, rows: [{ values }] }),
        });
        assert.equal(res.statusCode, 422, res.body);
        assert.equal(res.json().errors[0].field, field);
        assert.match(res.json().errors[0].message, /อักขระที่ระบบเก็บไม่ได้/);
      }
      assert.equal(await fingerprint(t.db.kysely), before);
    });

    it('in a query string that reaches SQL (the registry search): 422 naming q', async () => {
      const res = await t.app.inject({ url: '/api/v1/laos?q=%E0%B8%9A%E0%B9%89%E0%B8%B2%E0%B8%99%00' });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().errors[0].field, 'q');
    });

    it('in a form of a page: 422, nothing added', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const before = await fingerprint(t.db.kysely);
      const res = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/divisions`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(s.csrf)}&nameTh=${encodeURIComponent('กองคลัง\u0000')}`,
      });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /nameTh มีอักขระที่ระบบเก็บไม่ได้/);
      assert.equal(await fingerprint(t.db.kysely), before);
    });

    it('in a cell of an uploaded workbook: the preview names the row and column, the data set stays as it was', async () => {
      // Excel writes U+0000 in a cell as the escape _x0000_; ExcelJS reads it back as the character.
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('ข้อมูล');
      ws.addRow(['roadName', 'lengthKm']);
      ws.addRow(['ถนนดี', 1.5]);
      ws.addRow(['ถนนMARKสายหลัก', 2]);
      const parts = readZip(Buffer.from(await wb.xlsx.writeBuffer()), {
        maxEntries: 100,
        maxTotalBytes: 1e7,
      });
      const file = writeZip(
        [...parts].map(([name, data]) => ({
          name,
          data:
            name === 'xl/sharedStrings.xml'
              ? Buffer.from(data.toString('utf8').replace('MARK', '_x0000_'))
              : data,
        })),
      );
      const boundary = `----lao-info-${randomBytes(8).toString('hex')}`;
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="roads.xlsx"\r\n\r\n`,
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const url = `/api/v1/laos/${OWN.lao}/years/2569/datasets/local-roads`;
      const headers = await as('t.own.laoadmin');
      const before = (await t.app.inject({ url, headers })).json();
      const res = await t.app.inject({
        method: 'POST',
        url: `${url}/imports`,
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      assert.equal(res.statusCode, 200, res.body);
      const errors = res.json().errors as { row: number; field: string; code: string }[];
      assert.deepEqual(
        errors.map((e) => [e.row, e.field, e.code]),
        [[3, 'roadName', 'unstorable_text']],
      );
      const apply = await t.app.inject({
        method: 'POST',
        url: `${url}/imports/${res.json().importId}/apply`,
        headers,
        payload: {},
      });
      assert.equal(apply.statusCode, 422);
      assert.deepEqual((await t.app.inject({ url, headers })).json(), before);
    });

    it('at the database, whatever the way in: 422 naming the column, nothing written', async () => {
      const k = t.db.kysely;
      const row = {
        id: '00000000-0000-4000-8000-00000000d1d1',
        lao_code: OWN.lao,
        name_th: `กอง${NUL}`,
        name_en: null,
        position: 99,
        created_at: new Date().toISOString(),
      };
      const refused = (column: string) => (err: unknown) =>
        err instanceof AppError && err.status === 422 && err.fieldErrors[0]?.field === column;
      await assert.rejects(k.insertInto('division').values(row).execute(), refused('name_th'));
      await assert.rejects(
        k.updateTable('division').set({ name_en: LONE }).where('lao_code', '=', OWN.lao).execute(),
        refused('name_en'),
      );
      await assert.rejects(
        k.selectFrom('division').selectAll().where('name_th', '=', NUL).execute(),
        refused('value'),
      );
      const n = await k.selectFrom('division').select('id').where('id', '=', row.id).execute();
      assert.equal(n.length, 0);
      await k
        .insertInto('division')
        .values({ ...row, name_th: 'กองทดสอบ' })
        .execute();
    });
  },
  {
    setup: async (t) => {
      await createRoleMatrixUsers(t.db.kysely);
      // A deadline to extend.
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/years/2569/deadline',
        headers: await bearers(t)('t.admin'),
        payload: { dueDate: '2026-05-15' },
      });
      assert.equal(res.statusCode, 200, res.body);
    },
  },
);

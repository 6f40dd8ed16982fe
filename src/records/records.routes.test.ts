import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { browserSession, createRoleMatrixUsers, NEIGHBOUR, OWN, tokenFor } from '../../test/factories.ts';
import { datasetDef } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { prng, sampleRow } from '../catalog/sample-values.ts';

const url = (lao: string, ds = 'waste-management', year = 2569) =>
  `/api/v1/laos/${lao}/years/${year}/datasets/${ds}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const waste = {
  generatedTonsPerDay: 12.5,
  collectedTonsPerDay: 10,
  recycledTonsPerDay: 2,
};

describeEachDb(
  'recording data through the API',
  (t) => {
    let staff: string;
    let admin: string;
    before(async () => {
      staff = await tokenFor(t.app, 't.own.staff'); // กองสาธารณสุขและสิ่งแวดล้อม: aspect 1 by default
      admin = await tokenFor(t.app, 't.own.laoadmin');
    });

    it('lists every applicable data set with its status', async () => {
      const res = await t.app.inject({
        url: `/api/v1/laos/${OWN.lao}/years/2569/datasets`,
        headers: bearer(staff),
      });
      assert.equal(res.statusCode, 200);
      const list = res.json();
      assert.ok(list.length >= 40);
      const w = list.find((d: { datasetId: string }) => d.datasetId === 'waste-management');
      assert.equal(w.status, 'empty');
      assert.equal(w.version, 0);
      assert.equal(w.sectionNo, 1);
    });

    it('saves a valid form: 200 and version 1; a stale version gives 409 naming who changed it', async () => {
      const get0 = (await t.app.inject({ url: url(OWN.lao), headers: bearer(staff) })).json();
      const ds = await t.app.inject({ url: `/api/v1/catalog/datasets/waste-management?year=2569` });
      const fields = ds.json().fields as {
        key: string;
        required: boolean;
        type: string;
        options: { value: string }[];
      }[];
      const values: Record<string, unknown> = { ...waste };
      for (const f of fields) {
        if (values[f.key] !== undefined || !f.required) continue;
        values[f.key] =
          f.type === 'enum'
            ? f.options[0]!.value
            : f.type === 'integer'
              ? 5
              : f.type === 'decimal'
                ? 1
                : f.type === 'boolean'
                  ? true
                  : 'x';
      }
      const put = await t.app.inject({
        method: 'PUT',
        url: url(OWN.lao),
        headers: bearer(staff),
        payload: { version: get0.version, rows: [{ values }] },
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().version, 1);
      assert.equal(put.json().status, 'complete');
      const stale = await t.app.inject({
        method: 'PUT',
        url: url(OWN.lao),
        headers: bearer(admin),
        payload: { version: 0, rows: [{ values: { ...values, generatedTonsPerDay: 13 } }] },
      });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.json().detail, /t\.own\.staff/);
      assert.equal(stale.json().updatedBy, 't.own.staff');
    });

    it('refuses a negative tonnage with 422 naming the field, in Thai and English, and stores nothing', async () => {
      const before = (await t.app.inject({ url: url(OWN.lao), headers: bearer(staff) })).json();
      const bad = await t.app.inject({
        method: 'PUT',
        url: url(OWN.lao),
        headers: bearer(staff),
        payload: { version: before.version, rows: [{ values: { ...waste, generatedTonsPerDay: -3 } }] },
      });
      assert.equal(bad.statusCode, 422);
      const err = bad.json().errors.find((e: { field: string }) => e.field === 'generatedTonsPerDay');
      assert.equal(err.row, 1);
      assert.ok(err.code);
      assert.match(err.message, /ปริมาณขยะที่เกิดขึ้น/);
      const en = await t.app.inject({
        method: 'PUT',
        url: url(OWN.lao),
        headers: { ...bearer(staff), 'accept-language': 'en' },
        payload: { version: before.version, rows: [{ values: { ...waste, generatedTonsPerDay: -3 } }] },
      });
      assert.match(
        en.json().errors.find((e: { field: string }) => e.field === 'generatedTonsPerDay').message,
        /[Ww]aste generated/,
      );
      const after = (await t.app.inject({ url: url(OWN.lao), headers: bearer(staff) })).json();
      assert.deepEqual(after, before);
    });

    it('refuses collected > generated (an error rule) and stores nothing', async () => {
      const before = (await t.app.inject({ url: url(OWN.lao), headers: bearer(staff) })).json();
      const bad = await t.app.inject({
        method: 'PUT',
        url: url(OWN.lao),
        headers: bearer(staff),
        payload: { version: before.version, rows: [{ values: { ...waste, collectedTonsPerDay: 50 } }] },
      });
      assert.equal(bad.statusCode, 422);
      assert.equal(bad.json().errors[0].code, 'rule');
    });

    it('gives 403 on another LAO and on a data set of another division', async () => {
      const other = await t.app.inject({
        method: 'PUT',
        url: url(NEIGHBOUR.lao),
        headers: bearer(staff),
        payload: { version: 0, rows: [{ values: waste }] },
      });
      assert.equal(other.statusCode, 403);
      const roads = await t.app.inject({
        method: 'PUT',
        url: url(OWN.lao, 'local-roads'),
        headers: bearer(staff),
        payload: { version: 0, none: true, noneReason: 'ไม่มีถนน' },
      });
      assert.equal(roads.statusCode, 403);
      assert.match(roads.json().detail, /มอบหมาย/);
      const anon = await t.app.inject({ url: url(OWN.lao) });
      assert.equal(anon.statusCode, 401);
    });

    it('records "none in our area" with a reason, different from not filled in', async () => {
      const res = await t.app.inject({
        method: 'PUT',
        url: url(OWN.lao, 'local-roads'),
        headers: bearer(admin),
        payload: { version: 0, none: true, noneReason: 'ไม่มีถนนในความรับผิดชอบ' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'none');
      const got = (await t.app.inject({ url: url(OWN.lao, 'local-roads'), headers: bearer(admin) })).json();
      assert.equal(got.none, true);
      assert.equal(got.noneReason, 'ไม่มีถนนในความรับผิดชอบ');
      const noReason = await t.app.inject({
        method: 'PUT',
        url: url(OWN.lao, 'bridges-culverts'),
        headers: bearer(admin),
        payload: { version: 0, none: true, noneReason: '' },
      });
      assert.equal(noReason.statusCode, 422);
    });

    it('keeps every change with who, when and old → new per field', async () => {
      const cur = (await t.app.inject({ url: url(OWN.lao), headers: bearer(staff) })).json();
      const values = { ...cur.rows[0].values, generatedTonsPerDay: 14 };
      const put = await t.app.inject({
        method: 'PUT',
        url: url(OWN.lao),
        headers: bearer(staff),
        payload: { version: cur.version, rows: [{ id: cur.rows[0].id, values }] },
      });
      assert.equal(put.statusCode, 200);
      const hist = (await t.app.inject({ url: `${url(OWN.lao)}/history`, headers: bearer(staff) })).json()
        .items;
      assert.equal(hist[0].version, cur.version + 1);
      assert.equal(hist[0].by, 't.own.staff');
      assert.deepEqual(hist[0].changes, [
        {
          op: 'change',
          row: 1,
          rowId: cur.rows[0].id,
          fields: { generatedTonsPerDay: { old: 12.5, new: 14 } },
        },
      ]);
      assert.equal(hist.at(-1).changes[0].op, 'add');
    });

    it('answers an unknown data set with 404 and a bad year with 400', async () => {
      assert.equal(
        (await t.app.inject({ url: url(OWN.lao, 'no-such-set'), headers: bearer(staff) })).statusCode,
        404,
      );
      assert.equal(
        (await t.app.inject({ url: url(OWN.lao, 'waste-management', 1990), headers: bearer(staff) }))
          .statusCode,
        400,
      );
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

describeEachDb(
  'the history of a data set: paged, one change’s rows paged too',
  (t) => {
    const roads = url(OWN.lao, 'local-roads');
    let admin: Record<string, string>;
    const get = (path: string, headers = admin) => t.app.inject({ url: path, headers });
    const put = async (rows: { id?: string; values: Record<string, unknown> }[]) => {
      const cur = (await get(roads)).json();
      const res = await t.app.inject({
        method: 'PUT',
        url: roads,
        headers: admin,
        payload: { version: cur.version, rows },
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().version as number;
    };
    let big: number;

    before(async () => {
      admin = bearer(await tokenFor(t.app, 't.own.laoadmin'));
      const def = await datasetDef(t.app, 'local-roads', 2569);
      const r = prng(11);
      // Version 1: 45 roads at once; then 24 saves that rename the first road.
      const rows = Array.from({ length: 45 }, (_, i) => ({ values: sampleRow(def, r, i, 2569) }));
      big = await put(rows);
      for (let n = 1; n <= 24; n++) {
        const cur = (await get(roads)).json();
        await put(
          cur.rows.map((row: { id: string; values: Record<string, unknown> }, i: number) => ({
            id: row.id,
            values: i === 0 ? { ...row.values, roadName: `ถนนสายที่ ${n}` } : row.values,
          })),
        );
      }
    });

    it('lists 20 changes a page, newest first, with the total and the path of the next page', async () => {
      const one = await get(`${roads}/history`);
      assert.equal(one.statusCode, 200);
      const p1 = one.json();
      assert.equal(p1.total, 25);
      assert.equal(p1.page, 1);
      assert.equal(p1.pageSize, 20);
      assert.deepEqual(
        p1.items.map((c: { version: number }) => c.version),
        Array.from({ length: 20 }, (_, i) => 25 - i),
      );
      assert.equal(p1.next, `${roads}/history?page=2`);
      const p2 = (await get(p1.next)).json();
      assert.deepEqual(
        p2.items.map((c: { version: number }) => c.version),
        [5, 4, 3, 2, 1],
      );
      assert.equal(p2.next, null);
      const small = (await get(`${roads}/history?pageSize=2&page=3`)).json();
      assert.deepEqual(
        small.items.map((c: { version: number }) => c.version),
        [21, 20],
      );
      assert.equal(small.next, `${roads}/history?pageSize=2&page=4`, 'the same page size on the next page');
    });

    it('gives a change’s diffs inline only when it has few; a change of 45 rows is counted and linked', async () => {
      const items = (await get(`${roads}/history?pageSize=100`)).json().items;
      const latest = items[0];
      assert.equal(latest.changeCount, 1);
      assert.equal(latest.changes.length, 1);
      assert.equal(latest.changes[0].fields.roadName.new, 'ถนนสายที่ 24');
      const first = items.find((c: { version: number }) => c.version === big);
      assert.equal(first.changeCount, 45);
      assert.equal(first.changes, null);
      assert.equal(first.changesUrl, `${roads}/history/${big}`);
    });

    it('pages the rows of one change in row order, with the change’s who, when and kind', async () => {
      const res = await get(`${roads}/history/${big}?pageSize=20&page=3`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.version, big);
      assert.equal(body.by, 't.own.laoadmin');
      assert.equal(body.kind, 'save');
      assert.equal(body.total, 45);
      assert.deepEqual(
        body.items.map((d: { op: string; row: number }) => `${d.op}${d.row}`),
        ['add41', 'add42', 'add43', 'add44', 'add45'],
      );
      assert.equal(body.next, null);
      const p1 = (await get(`${roads}/history/${big}?pageSize=20`)).json();
      assert.equal(p1.items.length, 20);
      assert.equal(p1.items[0].row, 1);
      assert.equal(p1.next, `${roads}/history/${big}?pageSize=20&page=2`);
    });

    it('refuses a page size or page out of range with 400 naming it, and an unknown version with 404', async () => {
      for (const [query, field] of <[string, string][]>[
        ['pageSize=501', 'pageSize'],
        ['pageSize=0', 'pageSize'],
        ['page=0', 'page'],
        ['page=abc', 'page'],
      ]) {
        const res = await t.app.inject({
          url: `${roads}/history?${query}`,
          headers: { ...admin, 'accept-language': 'en' },
        });
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json().errors[0].field, field, query);
        assert.match(res.json().errors[0].message, new RegExp(field), query);
      }
      assert.equal((await get(`${roads}/history/0`)).statusCode, 400);
      const missing = await get(`${roads}/history/999`);
      assert.equal(missing.statusCode, 404);
      assert.match(missing.json().detail, /999/);
    });

    it('refuses a row id of another data set with 422 naming it, and stores nothing', async () => {
      const roadId = (await get(roads)).json().rows[0].id as string;
      const waste = url(OWN.lao);
      const before = (await get(waste)).json();
      const res = await t.app.inject({
        method: 'PUT',
        url: waste,
        headers: { ...admin, 'accept-language': 'en' },
        payload: { version: before.version, rows: [{ id: roadId, values: { generatedTonsPerDay: 3 } }] },
      });
      assert.equal(res.statusCode, 422, res.body);
      assert.deepEqual(
        res.json().errors.map((e: { row: number; field: string }) => [e.row, e.field]),
        [[1, 'id']],
      );
      assert.match(res.json().errors[0].message, /leave id out for a new row/);
      const after = (await get(waste)).json();
      assert.equal(after.version, before.version);
      assert.deepEqual(after.rows, before.rows);
      assert.equal((await get(roads)).json().rows[0].id, roadId);
    });

    it('refuses a row added through the form past 20,000 rows with 422 naming rows, and stores nothing', async () => {
      const k = t.db.kysely;
      const ds = { lao_code: OWN.lao, year: 2568, dataset_id: 'local-roads' };
      await k
        .insertInto('dataset_record')
        .values({
          ...ds,
          section_no: 4,
          version: 1,
          none: 0,
          none_reason: null,
          status: 'partial',
          error_count: 0,
          row_count: 20_000,
          updated_at: new Date().toISOString(),
          updated_by: 't.own.laoadmin',
        })
        .execute();
      for (let i = 0; i < 20_000; i += 500)
        await k
          .insertInto('dataset_row')
          .values(
            Array.from({ length: 500 }, (_, j) => ({
              ...ds,
              id: `00000000-0000-7000-8000-${String(i + j).padStart(12, '0')}`,
              position: i + j + 1,
              values_json: '{}',
              explanation: null,
            })),
          )
          .execute();
      const s = await browserSession(t.app, 't.own.laoadmin');
      const res = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/years/2568/datasets/local-roads/rows`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, version: '1', 'v.roadName': 'ถนนเพิ่ม' },
      });
      assert.equal(res.statusCode, 422, res.body.slice(0, 300));
      assert.match(res.body, /มีได้ไม่เกิน 20,000 แถว/);
      const n = await k
        .selectFrom('dataset_row')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('lao_code', '=', OWN.lao)
        .where('year', '=', 2568)
        .where('dataset_id', '=', 'local-roads')
        .executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 20_000);
      const record = await k
        .selectFrom('dataset_record')
        .select('version')
        .where('lao_code', '=', OWN.lao)
        .where('year', '=', 2568)
        .where('dataset_id', '=', 'local-roads')
        .executeTakeFirstOrThrow();
      assert.equal(record.version, 1);
    });

    it('pages the history page and links a large change to its own paged page', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const page = `/laos/${OWN.lao}/years/2569/datasets/local-roads/history`;
      const p2 = await t.app.inject({ url: `${page}?page=2`, cookies: s.cookies });
      assert.equal(p2.statusCode, 200);
      assert.match(p2.body, /21 ถึง 25 จาก 25/);
      assert.match(p2.body, new RegExp(`href="${page}/${big}">ดูการเปลี่ยนแปลงทั้ง 45 แถวของรุ่นที่ ${big}`));
      const entry = await t.app.inject({ url: `${page}/${big}?page=1`, cookies: s.cookies });
      assert.equal(entry.statusCode, 200);
      assert.match(entry.body, /1 ถึง 45 จาก 45/);
      assert.equal((entry.body.match(/เพิ่มแถว \d+:/g) ?? []).length, 45);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

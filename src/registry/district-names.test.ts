import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEachDb } from '../../test/harness.ts';
import districts from './data/districts.json' with { type: 'json' };
import { loadRegistry } from './registry.service.ts';

const en = (code: number) => districts.find((d) => d.districtCode === code)?.districtNameEn;

/** Districts whose romanisation the upstream file had wrong (another district's name), and their neighbours. */
const known: [number, string, string][] = [
  [3101, 'เมืองบุรีรัมย์', 'Mueang Buri Ram'],
  [3117, 'โนนสุวรรณ', 'Non Suwan'],
  [3120, 'โนนดินแดง', 'Non Din Daeng'],
  [4106, 'หนองหาน', 'Nong Han'],
  [4121, 'หนองแสง', 'Nong Saeng'],
  [4903, 'ดอนตาล', 'Don Tan'],
  [4904, 'ดงหลวง', 'Dong Luang'],
  [5401, 'เมืองแพร่', 'Mueang Phrae'],
  [5402, 'ร้องกวาง', 'Rong Kwang'],
  [8418, 'ชัยบุรี', 'Chai Buri'],
  [8419, 'วิภาวดี', 'Wiphawadi'],
  [9602, 'ตากใบ', 'Tak Bai'],
  [9603, 'บาเจาะ', 'Bacho'],
];

describe('district names in English (src/registry/data/districts.json)', () => {
  for (const [code, th, name] of known)
    it(`${code} ${th} is "${name}"`, () => {
      assert.equal(districts.find((d) => d.districtCode === code)?.districtNameTh, th);
      assert.equal(en(code), name);
    });

  it('no two districts of a province share an English name, but บางไทร and บางซ้าย (both Bang Sai in RTGS)', () => {
    const seen = new Map<string, string[]>();
    for (const d of districts) {
      const key = `${d.provinceCode} ${d.districtNameEn}`;
      seen.set(key, [...(seen.get(key) ?? []), d.districtNameTh]);
    }
    const shared = [...seen].filter(([, v]) => v.length > 1).map(([k, v]) => `${k}: ${v.join(', ')}`);
    assert.deepEqual(shared, ['14 Bang Sai: บางไทร, บางซ้าย']);
  });
});

describeEachDb('English district names in the database and on the pages', (t) => {
  it('a database loaded before the fix gets the corrected name on the next start', async () => {
    await t.db.kysely
      .updateTable('district')
      .set({ name_en: 'Non Din Daeng' })
      .where('code', '=', '3117')
      .execute();
    await loadRegistry(t.db.kysely);
    const row = await t.db.kysely
      .selectFrom('district')
      .select('name_en')
      .where('code', '=', '3117')
      .executeTakeFirst();
    assert.equal(row?.name_en, 'Non Suwan');
  });

  it('the status search in English names the district the same in its choices and its table', async () => {
    const res = await t.app.inject({ url: '/status?lang=en&year=2569&province=31&district=3117&all=1' });
    assert.equal(res.statusCode, 200);
    assert.match(
      res.body,
      /<option value="3117" selected="">Non Suwan<\/option>|<option value="3117" selected>Non Suwan<\/option>/,
    );
    assert.match(res.body, /data-label="District">Non Suwan</);
    assert.doesNotMatch(res.body, /Non Din Daeng<\/td>/);
  });

  it('the score table in English uses the same district names', async () => {
    const res = await t.app.inject({ url: '/scores?lang=en&year=2569&province=31&district=3117' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /data-label="District">Non Suwan</);
  });
});

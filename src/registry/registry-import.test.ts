import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDb } from '../../test/harness.ts';
import { csvLine } from '../util/csv.ts';
import {
  allLaos,
  getDistrict,
  getProvince,
  invalidateRegistrySnapshots,
  listDistricts,
  listProvinces,
} from './registry.repository.ts';
import { getLao, importRegistryCsv, loadRegistry, summary } from './registry.service.ts';

async function officialCsv(
  t: { db: { kysely: Parameters<typeof allLaos>[0] } },
  edit: (rows: string[][]) => string[][],
) {
  const rows = (await allLaos(t.db.kysely, { year: 2570 })).map((r) => [
    r.code,
    r.name,
    r.type,
    r.province_code,
    r.district_code,
  ]);
  const header = ['code', 'name_th', 'type', 'province_code', 'district_code'];
  return `\ufeff${[header, ...edit(rows)].map(csvLine).join('')}`;
}

describeEachDb('registry import', (t) => {
  it('refuses a file with a bad row and changes nothing', async () => {
    const before = await summary(t.db.kysely, 2570);
    const csv = await officialCsv(t, (rows) => [...rows, ['12345', 'ผิด', 'city', '31', '']]);
    await assert.rejects(
      importRegistryCsv(t.db.kysely, csv, { year: 2570 }),
      (err: { status: number; fieldErrors: { message: { th: string } }[] }) => {
        assert.equal(err.status, 422);
        assert.ok(err.fieldErrors.some((f) => /แถว \d+ คอลัมน์ code/.test(f.message.th)));
        assert.ok(err.fieldErrors.some((f) => /คอลัมน์ type/.test(f.message.th)));
        return true;
      },
    );
    assert.deepEqual(await summary(t.db.kysely, 2570), before);
  });

  it('names the row a spreadsheet shows, blank lines counted', async () => {
    const header = 'code,name_th,type,province_code\r\n';
    const csv = `${header}5310108,บ้านบัว,town_municipality,31\r\n\r\n\r\n12345,ผิด,town_municipality,31\r\n`;
    await assert.rejects(
      importRegistryCsv(t.db.kysely, csv, { year: 2570, dryRun: true }),
      (err: { fieldErrors: { message: { th: string } }[] }) => {
        assert.ok(
          err.fieldErrors.some((f) => /^แถว 5 คอลัมน์ code/.test(f.message.th)),
          JSON.stringify(err.fieldErrors.map((f) => f.message.th)),
        );
        return true;
      },
    );
  });

  it('reports added, changed and retired, and applies them from the given year only', async () => {
    const csv = await officialCsv(t, (rows) => [
      ...rows
        .filter((r) => r[0] !== '6310105')
        .map((r) => (r[0] === '5310108' ? [r[0], r[1]!, 'city_municipality', r[3]!, r[4]!] : r)),
      ['6319999', 'ทดสอบใหม่', 'subdistrict_admin_org', '31', '3101'],
    ]);
    const dry = await importRegistryCsv(t.db.kysely, csv, { year: 2570, dryRun: true });
    assert.equal(dry.applied, false);
    assert.equal((await getLao(t.db.kysely, '5310108', 2570)).type, 'town_municipality');

    const r = await importRegistryCsv(t.db.kysely, csv, { year: 2570 });
    assert.equal(r.applied, true);
    assert.deepEqual(r.added, ['6319999']);
    assert.deepEqual(r.retired, ['6310105']);
    assert.deepEqual(r.changed, [{ code: '5310108', what: 'type town_municipality → city_municipality' }]);
    assert.equal((await getLao(t.db.kysely, '5310108', 2570)).type, 'city_municipality');
    assert.equal((await getLao(t.db.kysely, '5310108', 2569)).type, 'town_municipality');
    assert.equal((await getLao(t.db.kysely, '6310105', 2570)).status, 'retired');
    assert.equal((await getLao(t.db.kysely, '6310105', 2569)).status, 'active');
    await assert.rejects(getLao(t.db.kysely, '6319999', 2569), /No LAO/);
    assert.equal((await summary(t.db.kysely, 2570)).total, 7848);
  });

  it('loads the shipped registry idempotently', async () => {
    const before = await summary(t.db.kysely, 2567);
    const r = await loadRegistry(t.db.kysely);
    assert.equal(r.loaded, false);
    assert.deepEqual(await summary(t.db.kysely, 2567), before);
  });
});

describeEachDb('provinces and districts kept in memory', (t) => {
  it('answers from memory until a registry change drops them; a transaction reads the tables', async () => {
    const k = t.db.kysely;
    assert.equal((await getProvince(k, '31'))?.name_th, 'บุรีรัมย์');
    // Written behind the cache's back: the kept answer stands, a transaction sees the table.
    await k.updateTable('province').set({ name_th: 'บุรีรัมย์ (ทดสอบ)' }).where('code', '=', '31').execute();
    assert.equal((await getProvince(k, '31'))?.name_th, 'บุรีรัมย์');
    await k.transaction().execute(async (trx) => {
      assert.equal((await getProvince(trx, '31'))?.name_th, 'บุรีรัมย์ (ทดสอบ)');
    });
    // What a registry import (on this node, or announced by another) does.
    invalidateRegistrySnapshots(k);
    assert.equal((await getProvince(k, '31'))?.name_th, 'บุรีรัมย์ (ทดสอบ)');
    assert.ok((await listProvinces(k)).some((p) => p.name_th === 'บุรีรัมย์ (ทดสอบ)'));
    await k.updateTable('province').set({ name_th: 'บุรีรัมย์' }).where('code', '=', '31').execute();
    invalidateRegistrySnapshots(k);
    // A caller's sort or filter does not reach the kept list.
    const districts = await listDistricts(k, '31');
    assert.ok(districts.length > 10 && districts.every((d) => d.province_code === '31'));
    (await listProvinces(k)).reverse();
    assert.deepEqual(
      (await listProvinces(k)).map((p) => p.code),
      (await k.selectFrom('province').select('code').orderBy('name_th').execute()).map((p) => p.code),
    );
    assert.equal(await getDistrict(k, '9999'), undefined);
  });
});

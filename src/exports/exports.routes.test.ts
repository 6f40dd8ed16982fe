import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import ExcelJS from 'exceljs';
import { describeEachDb } from '../../test/harness.ts';
import { seedNationwide } from '../seed/nationwide.service.ts';
import { parseCsv } from '../util/csv.ts';

// ภูเก็ต (83): 19 LAOs, some of whose aspects are certified, seeded with the nationwide generator.
describeEachDb('GET /api/v1/exports/datasets/:datasetId.csv', (ctx) => {
  before(async () => {
    await seedNationwide(ctx.db.kysely, { year: 2569, fill: 0.85, seed: 7, provinces: ['83'] });
  });

  /** The rows of aspect 4 the LAO has certified and nobody changed since, from the tables. */
  async function certifiedRoads() {
    return ctx.db.kysely
      .selectFrom('dataset_row as r')
      .innerJoin('aspect_status as a', (j) =>
        j.onRef('a.lao_code', '=', 'r.lao_code').onRef('a.year', '=', 'r.year').on('a.section_no', '=', 4),
      )
      .select(['r.lao_code', 'r.position', 'r.values_json'])
      .where('r.year', '=', 2569)
      .where('r.dataset_id', '=', 'local-roads')
      .where('a.lao_certified_at', 'is not', null)
      .where('a.changed_after_certification_at', 'is', null)
      .execute();
  }

  it('streams every certified row, publicly, as UTF-8 CSV with a BOM, in LAO and row order', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/exports/datasets/local-roads.csv?year=2569' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(res.headers['content-disposition']), /filename="local-roads-2569.csv"/);
    assert.ok(res.body.startsWith('\ufeffปีงบประมาณ,รหัส อปท.,อปท.,ประเภท อปท.,จังหวัด,อำเภอ,ลำดับ,'));
    assert.ok(res.rawPayload.length > 2 * 64 * 1024, 'several 64 KB writes: no line cut at their seams');
    const lines = parseCsv(res.body.slice(1));
    const header = lines[0]!;
    assert.ok(header.includes('ความยาว (กม.)'));
    const rows = lines.slice(1);
    const want = await certifiedRoads();
    assert.ok(want.length > 0, 'some roads are certified');
    assert.equal(rows.length, want.length);
    const keys = rows.map((r) => `${r[1]}/${String(r[6]).padStart(5, '0')}`);
    assert.deepEqual(keys, [...keys].sort(), 'LAO code, then row order');
    const first = want.find((w) => w.lao_code === rows[0]![1] && w.position === Number(rows[0]![6]))!;
    const values = JSON.parse(first.values_json);
    assert.equal(rows[0]![0], '2569');
    assert.equal(rows[0]![4], 'ภูเก็ต');
    assert.match(rows[0]![2]!, /^(องค์การบริหารส่วน|เทศบาล)/, 'the full name with its type prefix');
    assert.equal(rows[0]![header.indexOf('ชื่อสายทาง')], values.roadName);
    assert.equal(Number(rows[0]![header.indexOf('ความยาว (กม.)')]), values.lengthKm);
  });

  it('leaves out rows of aspects that are not certified', async () => {
    const all = await ctx.db.kysely
      .selectFrom('dataset_row')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('year', '=', 2569)
      .where('dataset_id', '=', 'local-roads')
      .executeTakeFirstOrThrow();
    const res = await ctx.app.inject({ url: '/api/v1/exports/datasets/local-roads.csv?year=2569' });
    assert.ok(parseCsv(res.body.slice(1)).length - 1 < Number(all.n));
  });

  it('writes dates in the Buddhist era as a person reads them', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/exports/datasets/executives-council.csv?year=2568' });
    assert.equal(res.statusCode, 200);
    const [header, row] = parseCsv(res.body.slice(1));
    assert.match(row![header!.indexOf('วันเริ่มวาระ (วว/ดด/ปปปป พ.ศ.)')]!, /^\d{2}\/\d{2}\/25\d{2}$/);
    // Beside it, the same day in ISO 8601 for programs and spreadsheets that misread Buddhist-era years.
    const iso = row![header!.indexOf('วันเริ่มวาระ (ISO 8601)')]!;
    assert.match(iso, /^\d{4}-\d{2}-\d{2}$/);
    const [d, m, y] = row![header!.indexOf('วันเริ่มวาระ (วว/ดด/ปปปป พ.ศ.)')]!.split('/');
    assert.equal(iso, `${Number(y) - 543}-${m}-${d}`);
  });

  it('writes Thai option labels with their codes beside them, and a point as latitude and longitude', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/exports/datasets/local-roads.csv?year=2569' });
    const [header, ...rows] = parseCsv(res.body.slice(1));
    const label = header!.indexOf('ประเภทผิวจราจร');
    const code = header!.indexOf('ประเภทผิวจราจร (รหัส)');
    assert.ok(label > 0 && code === label + 1, header!.join('|'));
    const row = rows.find((r) => r[code])!;
    assert.match(row[code]!, /^[a-z0-9_]+$/);
    assert.match(row[label]!, /[\u0e00-\u0e7f]/, 'a Thai label, not the code');
    assert.ok(header!.includes('พิกัดที่ตั้ง (ละติจูด)') && header!.includes('พิกัดที่ตั้ง (ลองจิจูด)'));
  });

  it('neutralises a =HYPERLINK(…) value in the CSV, and keeps it a text cell in the .xlsx', async () => {
    const [row] = await certifiedRoads();
    const values = { ...JSON.parse(row!.values_json), roadName: '=HYPERLINK("http://evil.example","ดูถนน")' };
    await ctx.db.kysely
      .updateTable('dataset_row')
      .set({ values_json: JSON.stringify(values) })
      .where('lao_code', '=', row!.lao_code)
      .where('year', '=', 2569)
      .where('dataset_id', '=', 'local-roads')
      .where('position', '=', row!.position)
      .execute();
    const csv = await ctx.app.inject({ url: '/api/v1/exports/datasets/local-roads.csv?year=2569' });
    const lines = parseCsv(csv.body.slice(1));
    const name = lines[0]!.indexOf('ชื่อสายทาง');
    const cells = lines.slice(1).map((r) => r[name]!);
    assert.ok(cells.includes(`'${values.roadName}`), 'an apostrophe first: the spreadsheet reads text');
    assert.ok(!cells.some((c) => c.startsWith('=')));

    const xlsx = await ctx.app.inject({ url: '/api/v1/exports/datasets/local-roads.xlsx?year=2569' });
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    assert.equal(ws.getRow(1).getCell(1).value, 'ปีงบประมาณ', 'the header in row 1, no title above it');
    assert.equal(ws.rowCount - 1, lines.length - 1, 'the same rows as the CSV');
    const col = (ws.getRow(1).values as unknown[]).indexOf('ชื่อสายทาง');
    let found = false;
    ws.eachRow((r) => {
      const c = r.getCell(col);
      if (c.value === values.roadName) {
        found = true;
        assert.equal(c.type, ExcelJS.ValueType.String);
        assert.equal(c.formula, undefined);
      }
    });
    assert.ok(found, 'the value is in the sheet, as text');
  });

  it('answers 404 for an unknown data set or year and 400 naming a missing year, before sending any CSV', async () => {
    const unknown = await ctx.app.inject({ url: '/api/v1/exports/datasets/no-such-set.csv?year=2569' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.json().detail, /no-such-set/);
    const noYear = await ctx.app.inject({
      url: '/api/v1/exports/datasets/local-roads.csv',
      headers: { 'accept-language': 'en' },
    });
    assert.equal(noYear.statusCode, 400);
    assert.equal(noYear.json().errors[0].field, 'year');
    assert.match(noYear.json().errors[0].message, /give year/);
    const badYear = await ctx.app.inject({ url: '/api/v1/exports/datasets/local-roads.csv?year=1999' });
    assert.equal(badYear.statusCode, 400);
  });
});

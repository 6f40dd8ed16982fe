import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatasetDef } from '../catalog/catalog.schemas.ts';
import { defaultCatalogFiles } from '../catalog/catalog-files.ts';
import { AppError } from '../util/errors.ts';
import type { Grid } from './grid.ts';
import { buildPreview, type CurrentRow } from './preview.ts';

const roads = defaultCatalogFiles()
  .flatMap((f) => f.datasets)
  .find((d) => d.id === 'local-roads')!;
/** Local roads with a warning rule, and conditions labelled 1, 2, 3 (a choice typed as a number). */
const def: DatasetDef = {
  ...roads,
  fields: roads.fields.map((f) =>
    f.key === 'condition'
      ? { ...f, options: f.options.map((o, i) => ({ ...o, labelTh: String(i + 1) })) }
      : f,
  ),
  rules: [
    {
      id: 'shoulder-le-width',
      severity: 'warning',
      check: { op: 'lte', left: 'shoulderM', right: 'widthM' },
      messageTh: 'ไหล่ทางไม่ควรกว้างกว่าผิวจราจร',
      messageEn: 'The shoulder should not be wider than the carriageway',
    },
  ],
};
const pick = (v: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, v[k]]));

const grid = (rows: (string | number | null)[][]): Grid => ({
  format: 'csv',
  rows: rows.map((r, i) => ({ no: i + 1, cells: r.map((value) => ({ value })) })),
  warnings: [],
});

const road = { surfaceType: 'asphalt', widthM: 6, shoulderM: null, condition: 'good' };
const current: CurrentRow[] = [
  { id: 'r1', values: { ...road, roadName: 'สายหนึ่ง', lengthKm: 10 }, explanation: null },
  { id: 'r2', values: { ...road, roadName: 'สายสอง', lengthKm: 5 }, explanation: null },
];

const fileError = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AppError);
    assert.equal(err.status, 422);
    return err.text.th;
  }
  assert.fail('no error');
};

describe('buildPreview', () => {
  it('matches columns by Thai label with unit and star, English label or key, in any order', () => {
    const p = buildPreview(
      def,
      [],
      grid([
        ['ความยาว (กม.) *', 'Road name', 'surfaceType', 'สภาพ', 'ความกว้างผิวจราจร (ม.)'],
        [1.5, 'สายใหม่', 'ดิน', 2, 5],
      ]),
    );
    assert.deepEqual(p.errors, []);
    assert.equal(p.rows[0]!.row, 2);
    assert.equal(p.rows[0]!.id, null);
    assert.deepEqual(
      pick(p.rows[0]!.values, ['roadName', 'lengthKm', 'surfaceType', 'condition', 'widthM']),
      {
        roadName: 'สายใหม่',
        lengthKm: 1.5,
        surfaceType: 'earth',
        condition: 'fair',
        widthM: 5,
      },
    );
    assert.deepEqual(
      p.summary.columns.map((c) => `${c.column}:${c.key}`),
      ['A:lengthKm', 'B:roadName', 'C:surfaceType', 'D:condition', 'E:widthM'],
    );
  });

  it('reads the row of keys under the Thai headers, and numbers rows as the sheet does', () => {
    const p = buildPreview(
      def,
      current,
      grid([
        ['รหัสแถว', 'ชื่อสายทาง', 'ความยาว'],
        ['id', 'roadName', 'lengthKm'],
        ['r2', 'สายสอง', 'ห้า'],
      ]),
    );
    assert.equal(p.errors.length, 1);
    assert.deepEqual([p.errors[0]!.row, p.errors[0]!.column, p.errors[0]!.field], [3, 'C', 'lengthKm']);
    assert.match(p.errors[0]!.message.th, /ความยาว/);
  });

  it('updates the row an id names, keeps the columns the file leaves out, removes rows not in the file', () => {
    const p = buildPreview(
      def,
      current,
      grid([
        ['id', 'lengthKm'],
        ['r1', 11],
      ]),
    );
    assert.equal(p.rows[0]!.id, 'r1');
    assert.deepEqual(pick(p.rows[0]!.values, ['roadName', 'lengthKm', 'widthM', 'condition']), {
      roadName: 'สายหนึ่ง',
      lengthKm: 11,
      widthM: 6,
      condition: 'good',
    });
    assert.deepEqual(
      [p.summary.added, p.summary.changed, p.summary.removed, p.summary.unchanged],
      [0, 1, 1, 0],
    );
    assert.deepEqual(p.summary.changes[0], {
      op: 'change',
      row: 2,
      rowId: 'r1',
      fields: { lengthKm: { old: 10, new: 11 } },
    });
  });

  it('without ids replaces the rows, keeping the identity of identical ones', () => {
    const p = buildPreview(
      def,
      current,
      grid([
        ['roadName', 'surfaceType', 'lengthKm', 'widthM', 'condition'],
        ['สายสอง', 'asphalt', 5, 6, 1],
        ['สายสาม', 'asphalt', 1, 6, 1],
      ]),
    );
    assert.deepEqual(
      p.rows.map((r) => r.id),
      ['r2', null],
    );
    assert.deepEqual(
      [p.summary.added, p.summary.changed, p.summary.removed, p.summary.unchanged],
      [1, 0, 1, 1],
    );
  });

  it('asks for an explanation when a warning rule is broken, and keeps it when given', () => {
    const rows: (string | number | null)[][] = [
      ['roadName', 'surfaceType', 'lengthKm', 'widthM', 'shoulderM', 'explanation'],
      ['สายไหล่กว้าง', 'ดิน', 1, 4, 6, null],
    ];
    const without = buildPreview(def, [], grid(rows));
    assert.equal(without.errors[0]!.code, 'explanation_required');
    assert.equal(without.errors[0]!.column, 'E');
    assert.match(without.errors[0]!.message.th, /คอลัมน์คำอธิบาย/);
    rows[1]![5] = 'ไหล่ทางใช้เป็นที่จอดรถตลาดนัด';
    const withIt = buildPreview(def, [], grid(rows));
    assert.deepEqual(withIt.errors, []);
    assert.equal(withIt.rows[0]!.explanation, 'ไหล่ทางใช้เป็นที่จอดรถตลาดนัด');
  });

  it('notes empty required cells without blocking', () => {
    const p = buildPreview(def, [], grid([['roadName'], ['สายว่าง']]));
    assert.deepEqual(p.errors, []);
    assert.deepEqual(
      p.summary.missing.map((m) => m.field),
      ['surfaceType', 'lengthKm', 'widthM'],
    );
  });

  it('refuses a file without a header, with unknown or twice the same columns, naming them', () => {
    assert.match(
      fileError(() => buildPreview(def, [], grid([['สายหนึ่ง', 3]]))),
      /ไม่พบหัวคอลัมน์ของชุดข้อมูล/,
    );
    assert.match(
      fileError(() => buildPreview(def, [], grid([['roadName', 'สี', 'ความสูง (ม.)']]))),
      /B “สี”, C “ความสูง \(ม\.\)”/,
    );
    assert.match(
      fileError(() => buildPreview(def, [], grid([['roadName', 'ชื่อสายทาง']]))),
      /คอลัมน์ A และ B เป็นชื่อสายทางซ้ำกัน/,
    );
  });
});

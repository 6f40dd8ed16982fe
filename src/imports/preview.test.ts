import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { datasetDefSchema, type FieldDef } from '../catalog/catalog.schemas.ts';
import { AppError } from '../util/errors.ts';
import type { Grid } from './grid.ts';
import { buildPreview, type CurrentRow } from './preview.ts';

const field = (f: Partial<FieldDef> & Pick<FieldDef, 'key' | 'labelTh' | 'labelEn' | 'type'>): FieldDef => ({
  unit: null,
  unitEn: null,
  required: false,
  min: null,
  max: null,
  decimals: null,
  pattern: null,
  maxLength: null,
  options: [],
  helpTh: null,
  helpEn: null,
  ...f,
});

const def = datasetDefSchema.parse({
  id: 'street-lamps',
  nameTh: 'โคมไฟถนน',
  nameEn: 'Street lamps',
  kind: 'list',
  appliesTo: 'all',
  source: 'I',
  descriptionTh: 'ทดสอบ',
  descriptionEn: 'test',
  fields: [
    field({ key: 'name', labelTh: 'ชื่อถนน', labelEn: 'Road', type: 'text', required: true, maxLength: 50 }),
    field({
      key: 'points',
      labelTh: 'จุดติดตั้ง',
      labelEn: 'Points',
      type: 'integer',
      unit: 'จุด',
      unitEn: 'points',
      required: true,
      min: 0,
      max: 1000,
    }),
    field({
      key: 'solar',
      labelTh: 'โคมโซลาร์เซลล์',
      labelEn: 'Solar lamps',
      type: 'integer',
      unit: 'จุด',
      unitEn: 'points',
      min: 0,
      max: 1000,
    }),
    field({
      key: 'zone',
      labelTh: 'เขต',
      labelEn: 'Zone',
      type: 'enum',
      options: [
        { value: 'z1', labelTh: '1', labelEn: '1' },
        { value: 'z2', labelTh: '2', labelEn: '2' },
      ],
    }),
  ],
  rules: [
    {
      id: 'solar-le-points',
      severity: 'warning',
      check: { op: 'lte', left: 'solar', right: 'points' },
      messageTh: 'โคมโซลาร์เซลล์ไม่ควรมากกว่าจุดติดตั้ง',
      messageEn: 'Solar lamps should not exceed points',
    },
  ],
});

const grid = (rows: (string | number | null)[][]): Grid => ({
  format: 'csv',
  rows: rows.map((r, i) => ({ no: i + 1, cells: r.map((value) => ({ value })) })),
});

const current: CurrentRow[] = [
  { id: 'r1', values: { name: 'สายหนึ่ง', points: 10, solar: 2, zone: 'z1' }, explanation: null },
  { id: 'r2', values: { name: 'สายสอง', points: 5, solar: null, zone: null }, explanation: null },
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
        ['จุดติดตั้ง (จุด) *', 'Road', 'zone'],
        [12, 'สายใหม่', 2],
      ]),
    );
    assert.deepEqual(p.errors, []);
    assert.deepEqual(p.rows, [
      {
        row: 2,
        id: null,
        values: { name: 'สายใหม่', points: 12, solar: null, zone: 'z2' },
        explanation: null,
      },
    ]);
    assert.deepEqual(p.summary.columns, [
      { column: 'A', key: 'points' },
      { column: 'B', key: 'name' },
      { column: 'C', key: 'zone' },
    ]);
  });

  it('reads the row of keys under the Thai headers, and numbers rows as the sheet does', () => {
    const p = buildPreview(
      def,
      current,
      grid([
        ['รหัสแถว', 'ชื่อถนน', 'จุดติดตั้ง'],
        ['id', 'name', 'points'],
        ['r2', 'สายสอง', 'ห้า'],
      ]),
    );
    assert.equal(p.errors.length, 1);
    assert.deepEqual([p.errors[0]!.row, p.errors[0]!.column, p.errors[0]!.field], [3, 'C', 'points']);
    assert.match(p.errors[0]!.message.th, /จุดติดตั้ง/);
  });

  it('updates the row an id names, keeps the columns the file leaves out, removes rows not in the file', () => {
    const p = buildPreview(
      def,
      current,
      grid([
        ['id', 'points'],
        ['r1', 11],
      ]),
    );
    assert.deepEqual(p.rows[0], {
      row: 2,
      id: 'r1',
      values: { name: 'สายหนึ่ง', points: 11, solar: 2, zone: 'z1' },
      explanation: null,
    });
    assert.deepEqual(
      [p.summary.added, p.summary.changed, p.summary.removed, p.summary.unchanged],
      [0, 1, 1, 0],
    );
    assert.deepEqual(p.summary.changes[0], {
      op: 'change',
      row: 2,
      rowId: 'r1',
      fields: { points: { old: 10, new: 11 } },
    });
  });

  it('without ids replaces the rows, keeping the identity of identical ones', () => {
    const p = buildPreview(
      def,
      current,
      grid([
        ['name', 'points', 'solar', 'zone'],
        ['สายสอง', 5, null, null],
        ['สายสาม', 1, null, null],
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
      ['name', 'points', 'solar', 'explanation'],
      ['สายโซลาร์', 2, 5, null],
    ];
    const without = buildPreview(def, [], grid(rows));
    assert.equal(without.errors[0]!.code, 'explanation_required');
    assert.match(without.errors[0]!.message.th, /คอลัมน์คำอธิบาย/);
    rows[1]![3] = 'มีโคมโซลาร์ที่ติดตั้งบนเสาเดิม';
    const withIt = buildPreview(def, [], grid(rows));
    assert.deepEqual(withIt.errors, []);
    assert.equal(withIt.rows[0]!.explanation, 'มีโคมโซลาร์ที่ติดตั้งบนเสาเดิม');
  });

  it('notes empty required cells without blocking', () => {
    const p = buildPreview(
      def,
      [],
      grid([
        ['name', 'points'],
        ['สายว่าง', null],
      ]),
    );
    assert.deepEqual(p.errors, []);
    assert.equal(p.summary.missingCount, 1);
    assert.equal(p.summary.missing[0]!.field, 'points');
  });

  it('refuses a file without a header, with unknown or twice the same columns, naming them', () => {
    assert.match(
      fileError(() => buildPreview(def, [], grid([['สายหนึ่ง', 3]]))),
      /ไม่พบหัวคอลัมน์ของชุดข้อมูลโคมไฟถนน/,
    );
    assert.match(
      fileError(() => buildPreview(def, [], grid([['name', 'สี', 'ความสูง (ม.)']]))),
      /B “สี”, C “ความสูง \(ม\.\)”/,
    );
    assert.match(
      fileError(() => buildPreview(def, [], grid([['name', 'ชื่อถนน']]))),
      /คอลัมน์ A และ B เป็นชื่อถนนซ้ำกัน/,
    );
  });
});

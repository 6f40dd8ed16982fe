import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../util/errors.ts';
import { readCsv, slices } from './upload.ts';

/** The pieces of a file, counting how many the reader asked for. */
function counted(data: Buffer, size = 64 * 1024) {
  const seen = { pieces: 0, total: Math.ceil(data.length / size) };
  function* gen() {
    for (const piece of slices(data, size)) {
      seen.pieces++;
      yield piece;
    }
  }
  return { pieces: gen(), seen };
}

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.status, 422);
    assert.equal(err.fieldErrors[0]?.field, 'file');
    return err.text.th;
  }
  assert.fail('the file was read');
};

describe('readCsv', () => {
  it('stops at the row past the limit, without reading the rest of a 10 MB file of short lines', () => {
    const data = Buffer.from(`roadName\n${'ก\n'.repeat(2_500_000)}`.slice(0, 10 * 1024 * 1024));
    const file = counted(data);
    assert.match(
      refusal(() => readCsv(file.pieces)),
      /เกิน 20,000 แถว/,
    );
    assert.ok(
      file.seen.pieces < file.seen.total / 10,
      `read ${file.seen.pieces} of ${file.seen.total} pieces`,
    );
  });

  it('stops at the cell past 200 columns, and at a cell over 32,767 characters naming it', () => {
    const wide = counted(Buffer.from(`${'a,'.repeat(5_000_000)}\n`), 16 * 1024);
    assert.match(
      refusal(() => readCsv(wide.pieces)),
      /เกิน 200 คอลัมน์/,
    );
    assert.ok(wide.seen.pieces < 3, `read ${wide.seen.pieces} pieces`);
    const long = counted(Buffer.from(`roadName,x\nก,"${'ข'.repeat(3_000_000)}"\n`), 16 * 1024);
    assert.match(
      refusal(() => readCsv(long.pieces)),
      /^เซลล์ B2 ยาวเกิน 32,767 ตัวอักษร/,
    );
    assert.ok(long.seen.pieces < 10, `read ${long.seen.pieces} pieces`);
  });

  it('reads UTF-8 with or without a BOM even when a piece ends inside a Thai character', () => {
    const text = 'ชื่อสายทาง,ความยาว (กม.)\r\n"ถนน ""สายกลาง""",1.5\r\n';
    for (const bom of [true, false]) {
      const data = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text)]);
      for (const size of [1, 2, 3, 5, 64]) {
        const g = readCsv(slices(data, size));
        assert.deepEqual(
          g.rows.map((r) => r.cells.map((c) => (c && 'value' in c ? c.value : null))),
          [
            ['ชื่อสายทาง', 'ความยาว (กม.)'],
            ['ถนน "สายกลาง"', '1.5'],
          ],
          `bom ${bom}, pieces of ${size}`,
        );
      }
    }
    assert.match(
      refusal(() => readCsv(slices(Buffer.from([0x61, 0x2c, 0xe0, 0xb8]), 1))),
      /UTF-8/,
    );
  });

  // ชื่อสายทาง,ความยาว / ถนนบ้านบัว,1.5 in Windows-874 (TIS-620): one byte a Thai letter, U+0E01 → 0xA1.
  const tis620 = (text: string) =>
    Buffer.from(
      [...text].map((c) => (c.charCodeAt(0) >= 0x0e01 ? c.charCodeAt(0) - 0x0e01 + 0xa1 : c.charCodeAt(0))),
    );

  it('reads a CSV Thai Excel saved in Windows-874, and says so in the preview', () => {
    const grid = readCsv(slices(tis620('ชื่อสายทาง,ความยาว\nถนนบ้านบัว,1.5\n')));
    assert.deepEqual(
      grid.rows.map((r) => r.cells.map((c) => (c && 'value' in c ? c.value : null))),
      [
        ['ชื่อสายทาง', 'ความยาว'],
        ['ถนนบ้านบัว', '1.5'],
      ],
    );
    assert.match(grid.warnings[0]!.th, /Windows-874/);
  });

  it('reads UTF-8 as UTF-8 (no warning), and Windows-874 when it is chosen on the form', () => {
    const utf8 = readCsv(slices(Buffer.from('ชื่อสายทาง\nถนนบ้านบัว\n')));
    assert.deepEqual(utf8.warnings, []);
    assert.equal((utf8.rows[1]!.cells[0] as { value: string }).value, 'ถนนบ้านบัว');
    const chosen = readCsv(slices(tis620('ถนน\n')), 'windows-874');
    assert.equal((chosen.rows[0]!.cells[0] as { value: string }).value, 'ถนน');
  });

  it('refuses bytes that are not UTF-8 when UTF-8 is chosen, pointing to the Windows-874 choice', () => {
    assert.match(
      refusal(() => readCsv(slices(tis620('ถนน\n')), 'utf-8')),
      /เลือกการเข้ารหัส "ภาษาไทย Windows-874"/,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { AppError } from '../util/errors.ts';
import { stripElements } from './xlsx.ts';
import { crc32, readZip, writeZip, ZipError } from './zip.ts';

const limits = { maxEntries: 10, maxTotalBytes: 1000 };
const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof ZipError ? err.reason : String(err);
  }
  return 'no error';
};

describe('readZip', () => {
  it('reads back what writeZip wrote, stored or deflated', () => {
    const text = Buffer.from('สวัสดี '.repeat(20));
    const zip = writeZip([
      { name: 'a.txt', data: Buffer.from('hello') },
      { name: 'dir/b.txt', deflated: deflateRawSync(text), size: text.length, crc: crc32(text) },
    ]);
    const out = readZip(zip, limits);
    assert.deepEqual([...out.keys()], ['a.txt', 'dir/b.txt']);
    assert.equal(out.get('dir/b.txt')!.toString(), text.toString());
  });

  it('counts what an entry really inflates to, whatever the directory claims', () => {
    const big = Buffer.alloc(5000);
    const zip = writeZip([{ name: 'x', deflated: deflateRawSync(big), size: 10, crc: 0 }]);
    assert.equal(
      reason(() => readZip(zip, limits)),
      'too_large',
    );
  });

  it('refuses what is not a plain zip: other bytes, too many entries, encryption', () => {
    assert.equal(
      reason(() => readZip(Buffer.from('not a zip at all, not at all'), limits)),
      'not_zip',
    );
    const many = writeZip(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') })));
    assert.equal(
      reason(() => readZip(many, limits)),
      'too_many_entries',
    );
    const enc = writeZip([{ name: 'a', data: Buffer.from('x') }]);
    enc.writeUInt16LE(1, enc.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
    assert.equal(
      reason(() => readZip(enc, limits)),
      'encrypted',
    );
    const cut = writeZip([{ name: 'a', data: Buffer.from('x'.repeat(100)) }]);
    assert.equal(
      reason(() => readZip(Buffer.concat([cut.subarray(0, 40), cut.subarray(-22)]), limits)),
      'corrupt',
    );
  });
});

describe('stripElements', () => {
  it('removes elements with or without a prefix, self-closing or not, and keeps the rest', () => {
    const xml =
      '<worksheet><sheetData><row r="1"/></sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:B2"/></x:mergeCells>' +
      '<drawing r:id="rId1"/><dataValidations><dataValidation sqref="A1"/></dataValidations><pageMargins/></worksheet>';
    assert.equal(
      stripElements(xml, ['mergeCells', 'drawing', 'dataValidations']),
      '<worksheet><sheetData><row r="1"/></sheetData><pageMargins/></worksheet>',
    );
  });

  it('refuses an element that is never closed', () => {
    assert.throws(() => stripElements('<a><mergeCells><mergeCell/></a>', ['mergeCells']), AppError);
  });
});

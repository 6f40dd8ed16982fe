import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { crc32, inflateEntry, readZip, writeZip, ZipError, zipEntries } from './zip.ts';

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

describe('inflateEntry', () => {
  const text = Buffer.from('<row/>'.repeat(50_000));
  const zip = writeZip([
    { name: 'sheet.xml', deflated: deflateRawSync(text), size: 10, crc: 0 },
    { name: 'plain.txt', data: Buffer.from('hello') },
  ]);

  it('hands over an entry a piece at a time, stored or deflated, whatever the directory claims', async () => {
    const entries = zipEntries(zip, 10);
    const pieces: Buffer[] = [];
    await inflateEntry(zip, entries.get('sheet.xml')!, { left: 1_000_000 }, (c) => pieces.push(c));
    assert.ok(pieces.length > 1, 'more than one piece');
    assert.ok(Buffer.concat(pieces).equals(text));
    const plain: Buffer[] = [];
    await inflateEntry(zip, entries.get('plain.txt')!, { left: 10 }, (c) => plain.push(c));
    assert.equal(Buffer.concat(plain).toString(), 'hello');
  });

  it('stops one byte over the budget shared by the entries, and lets the reader stop it too', async () => {
    const entries = zipEntries(zip, 10);
    let seen = 0;
    const budget = { left: 100_000 };
    await assert.rejects(
      inflateEntry(zip, entries.get('sheet.xml')!, budget, (c) => {
        seen += c.length;
      }),
      (e: unknown) => e instanceof ZipError && e.reason === 'too_large',
    );
    assert.ok(seen <= 100_000, `handed over ${seen} bytes`);
    await assert.rejects(
      inflateEntry(zip, entries.get('sheet.xml')!, { left: 1_000_000 }, () => {
        throw new RangeError('enough');
      }),
      (e: unknown) => e instanceof RangeError,
    );
  });

  it('calls a damaged deflate stream corrupt', async () => {
    const bad = writeZip([{ name: 'x', deflated: Buffer.from([0xff, 0xff, 0xff, 0x00]), size: 10, crc: 0 }]);
    await assert.rejects(
      inflateEntry(bad, zipEntries(bad, 10).get('x')!, { left: 1000 }, () => {}),
      (e: unknown) => e instanceof ZipError && e.reason === 'corrupt',
    );
  });
});

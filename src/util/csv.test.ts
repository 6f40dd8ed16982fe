import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CsvLimitError, CsvReader, csvLine, parseCsv, parseCsvRows } from './csv.ts';

/** Reads a text pushed in the given pieces. */
function readPieces(pieces: string[], limits?: { cells: number; chars: number }) {
  const rows: { no: number; cells: string[] }[] = [];
  const r = new CsvReader((no, cells) => rows.push({ no, cells }), limits);
  for (const p of pieces) r.push(p);
  r.end();
  return rows;
}

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, CRLF and a BOM', () => {
    const rows = parseCsv('\ufeffcode,name\r\n"5310108","บ้าน ""บัว"", เมือง"\r\n6310105,กระสัง\n');
    assert.deepEqual(rows, [
      ['code', 'name'],
      ['5310108', 'บ้าน "บัว", เมือง'],
      ['6310105', 'กระสัง'],
    ]);
  });
  it('keeps a newline inside quotes and skips blank lines', () => {
    assert.deepEqual(parseCsv('a,"x\ny"\n\n'), [['a', 'x\ny']]);
  });
  it('numbers records as a spreadsheet shows them: blank lines count, a quoted line break does not', () => {
    const rows = parseCsvRows('h1,h2\r\n\r\na,"x\ny"\nb,2\n\n\nc,3');
    assert.deepEqual(
      rows.map((r) => [r.no, r.cells[0]]),
      [
        [1, 'h1'],
        [3, 'a'],
        [4, 'b'],
        [7, 'c'],
      ],
    );
  });
});

describe('CsvReader', () => {
  it('reads the same records however the text is cut into pieces (quotes, CRLF and BOM included)', () => {
    const alphabet = fc.constantFrom('a', 'ก', ',', '"', '\r', '\n', ' ', '""', '\r\n');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (parts, bom, cuts) => {
          const text = (bom ? '\ufeff' : '') + parts.join('');
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
          const pieces = [0, ...at].map((from, i) => text.slice(from, at[i] ?? text.length));
          assert.deepEqual(readPieces(pieces), parseCsvRows(text));
        },
      ),
      { seed: 20261205, numRuns: 500 },
    );
  });

  it('refuses a record with too many cells or a cell too long as soon as it gets there, naming the row', () => {
    const seen: number[] = [];
    const r = new CsvReader((no) => seen.push(no), { cells: 3, chars: 5 });
    r.push('a,b,c\n\nd,e,f,');
    assert.throws(
      () => r.push('g\n'),
      (e: unknown) => e instanceof CsvLimitError && e.limit === 'cells' && e.row === 3 && e.cell === 3,
    );
    assert.deepEqual(seen, [1]);
    const long = new CsvReader(() => {}, { cells: 3, chars: 5 });
    // Still inside the quotes, no line end yet: the cell is already too long.
    assert.throws(
      () => long.push('x,"123456'),
      (e: unknown) => e instanceof CsvLimitError && e.limit === 'chars' && e.row === 1 && e.cell === 1,
    );
  });
});

describe('csvLine', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    assert.equal(csvLine(['a,b', '=cmd()', -5, null]), '"a,b",\'=cmd(),-5,\r\n');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvLine, parseCsv, parseCsvRows } from './csv.ts';

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

describe('csvLine', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    assert.equal(csvLine(['a,b', '=cmd()', -5, null]), '"a,b",\'=cmd(),-5,\r\n');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvLine, parseCsv } from './csv.ts';

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
});

describe('csvLine', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    assert.equal(csvLine(['a,b', '=cmd()', -5, null]), '"a,b",\'=cmd(),-5,\r\n');
  });
});

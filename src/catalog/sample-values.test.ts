import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalogFiles } from './catalog-files.ts';
import { prng, sampleRow } from './sample-values.ts';
import { datasetCompleteness, validateRow } from './validation.ts';

describe('sampleRow', () => {
  const datasets = defaultCatalogFiles().flatMap((f) => f.datasets);
  it('makes a valid, complete row for every data set of the default catalog', () => {
    const r = prng(42);
    for (const d of datasets) {
      for (let i = 0; i < 5; i++) {
        const row = sampleRow(d, r, i);
        const res = validateRow(d, row, 'api');
        assert.deepEqual(res.errors, [], `${d.id} row ${i}`);
        assert.deepEqual(res.warnings, [], `${d.id} row ${i} warnings`);
        assert.equal(datasetCompleteness(d, { none: false, rows: [row] }).status, 'complete', d.id);
      }
    }
  });
  it('is deterministic for a seed', () => {
    const d = datasets[0]!;
    assert.deepEqual(sampleRow(d, prng(7)), sampleRow(d, prng(7)));
  });
});

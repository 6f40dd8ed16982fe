import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  fiscalYearOf,
  fiscalYearRange,
  formatDateBE,
  formatDateLong,
  formatDateTimeBE,
  parseDateBE,
  toBangkokIso,
} from './thai-date.ts';

describe('Buddhist-era dates in Bangkok time', () => {
  it('writes the official long form: day, Thai month name, Buddhist-era year (never 2,569)', () => {
    assert.equal(formatDateLong('2026-05-15'), '15 พฤษภาคม 2569');
    assert.equal(formatDateLong('2025-10-01T00:00:00+07:00'), '1 ตุลาคม 2568');
    assert.equal(formatDateLong('2026-05-14T17:00:00Z'), '15 พฤษภาคม 2569');
    assert.equal(formatDateLong('2026-05-15', 'en'), '15 May 2569');
  });
  it('formats a UTC moment as the Bangkok wall clock in the Buddhist era', () => {
    assert.equal(formatDateTimeBE('2026-05-14T08:19:29Z'), '14/05/2569 15:19:29');
  });
  it('rolls over to the next Bangkok day at 17:00 UTC', () => {
    assert.equal(formatDateBE('2026-05-14T16:59:59Z'), '14/05/2569');
    assert.equal(formatDateBE('2026-05-14T17:00:00Z'), '15/05/2569');
  });
  it('writes ISO 8601 with the +07:00 offset', () => {
    assert.equal(toBangkokIso('2026-05-14T08:19:29.500Z'), '2026-05-14T15:19:29+07:00');
  });
  it('parses dd/mm/yyyy BE as Bangkok midnight', () => {
    assert.equal(parseDateBE('15/05/2569')?.toISOString(), '2026-05-14T17:00:00.000Z');
    assert.equal(parseDateBE('1/1/2569')?.toISOString(), '2025-12-31T17:00:00.000Z');
  });
  it('refuses impossible dates and CE years', () => {
    assert.equal(parseDateBE('31/02/2569'), null);
    assert.equal(parseDateBE('29/02/2569'), null); // 2026 is not a leap year
    assert.equal(parseDateBE('29/02/2567')?.toISOString(), '2024-02-28T17:00:00.000Z');
    assert.equal(parseDateBE('15/05/2026'), null);
    assert.equal(parseDateBE('2026-05-15'), null);
  });
});

describe('fiscal years', () => {
  it('starts FY 2569 at 1 October 2025 00:00 Bangkok', () => {
    assert.equal(fiscalYearOf('2025-09-30T16:59:59Z'), 2568);
    assert.equal(fiscalYearOf('2025-09-30T17:00:00Z'), 2569);
  });
  it('ends FY 2569 at 30 September 2026 24:00 Bangkok', () => {
    assert.equal(fiscalYearOf('2026-09-30T16:59:59.999Z'), 2569);
    assert.equal(fiscalYearOf('2026-09-30T17:00:00Z'), 2570);
  });
  it('gives the half-open range of a fiscal year', () => {
    const r = fiscalYearRange(2569);
    assert.equal(r.start.toISOString(), '2025-09-30T17:00:00.000Z');
    assert.equal(r.end.toISOString(), '2026-09-30T17:00:00.000Z');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { daysBetween, progressSeries, weekly } from './progress.ts';

const ev = (lao: string, no: number, level: 'lao' | 'province', action: any, at: string) => ({
  lao_code: lao,
  section_no: no,
  level,
  action,
  at,
});

describe('progressSeries', () => {
  it('counts each day in Bangkok time: 17:30 UTC on 1 Oct is 2 Oct', () => {
    const points = progressSeries(
      [ev('A', 1, 'lao', 'certify', '2025-10-01T17:30:00.000Z')],
      [{ first_at: '2025-10-01T16:59:59.000Z' }],
      '2025-10-01',
      '2025-10-03',
    );
    assert.deepEqual(points, [
      { date: '2025-10-01', recorded: 1, laoCertified: 0, provinceCertified: 0 },
      { date: '2025-10-02', recorded: 1, laoCertified: 1, provinceCertified: 0 },
      { date: '2025-10-03', recorded: 1, laoCertified: 1, provinceCertified: 0 },
    ]);
  });

  it('replays the log with the certification semantics: edits, returns and withdrawals stop the counts', () => {
    const points = progressSeries(
      [
        ev('A', 1, 'lao', 'certify', '2025-10-02T03:00:00Z'),
        ev('A', 1, 'province', 'certify', '2025-10-02T04:00:00Z'),
        ev('B', 1, 'province', 'certify', '2025-10-02T05:00:00Z'),
        ev('A', 1, 'lao', 'edit_after_certification', '2025-10-03T03:00:00Z'),
        ev('A', 1, 'lao', 'certify', '2025-10-04T03:00:00Z'),
        ev('A', 1, 'province', 'return', '2025-10-05T03:00:00Z'),
      ],
      [],
      '2025-10-01',
      '2025-10-05',
    );
    assert.deepEqual(
      points.map((p) => [p.laoCertified, p.provinceCertified]),
      [
        [0, 0],
        [1, 1],
        [0, 0],
        [1, 0],
        [0, 0],
      ],
    );
  });

  it('starts from what happened before the first day and accumulates first recordings', () => {
    const points = progressSeries(
      [ev('A', 2, 'lao', 'certify', '2025-09-01T00:00:00Z')],
      [{ first_at: '2025-09-01T00:00:00Z' }, { first_at: '2025-10-02T00:00:00Z' }, { first_at: null }],
      '2025-10-01',
      '2025-10-02',
    );
    assert.deepEqual(
      points.map((p) => [p.recorded, p.laoCertified]),
      [
        [1, 1],
        [2, 1],
      ],
    );
  });

  it('has one point per day, none when the range is empty; the weekly table keeps every 7th day and the last', () => {
    assert.equal(daysBetween('2025-10-01', '2026-09-30').length, 365);
    assert.deepEqual(progressSeries([], [], '2025-10-02', '2025-10-01'), []);
    const points = progressSeries([], [], '2025-10-01', '2025-10-20');
    assert.deepEqual(
      weekly(points).map((p) => p.date),
      ['2025-10-01', '2025-10-08', '2025-10-15', '2025-10-20'],
    );
  });
});

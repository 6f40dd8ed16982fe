import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AspectStatusLike,
  applyEvent,
  aspectState,
  type CertReplay,
  initialReplay,
  replayState,
} from './certification.state.ts';

const row = (over: Partial<AspectStatusLike> = {}): AspectStatusLike => ({
  data_state: 'complete',
  lao_certified_at: null,
  province_certified_at: null,
  returned_at: null,
  changed_after_certification_at: null,
  ...over,
});
const T = '2026-05-14T08:12:18.000Z';

describe('aspectState', () => {
  it('is not_started without a row', () => {
    assert.equal(aspectState(null), 'not_started');
    assert.equal(aspectState(undefined), 'not_started');
  });

  it('follows the data while nothing is certified or returned', () => {
    assert.equal(aspectState(row({ data_state: 'not_started' })), 'not_started');
    assert.equal(aspectState(row({ data_state: 'in_progress' })), 'in_progress');
    assert.equal(aspectState(row({ data_state: 'complete' })), 'complete');
  });

  it('is lao_certified, then province_certified', () => {
    assert.equal(aspectState(row({ lao_certified_at: T })), 'lao_certified');
    assert.equal(aspectState(row({ lao_certified_at: T, province_certified_at: T })), 'province_certified');
  });

  it('is changed_after_certification when data changed under a certification, at either level', () => {
    assert.equal(
      aspectState(row({ lao_certified_at: T, changed_after_certification_at: T })),
      'changed_after_certification',
    );
    assert.equal(
      aspectState(row({ lao_certified_at: T, province_certified_at: T, changed_after_certification_at: T })),
      'changed_after_certification',
    );
  });

  it('is returned after a return until the LAO certifies again, whatever the data does', () => {
    assert.equal(aspectState(row({ returned_at: T, data_state: 'in_progress' })), 'returned');
    assert.equal(aspectState(row({ returned_at: T, lao_certified_at: T })), 'lao_certified');
  });

  it('ignores a stale changed-after mark without a certification', () => {
    assert.equal(aspectState(row({ changed_after_certification_at: T })), 'complete');
  });
});

describe('applyEvent (replaying the certification log)', () => {
  const run = (events: Parameters<typeof applyEvent>[1][]) =>
    events.reduce<CertReplay>((s, e) => applyEvent(s, e), initialReplay);

  it('LAO then province certification', () => {
    const s = run([
      { level: 'lao', action: 'certify' },
      { level: 'province', action: 'certify' },
    ]);
    assert.equal(replayState(s, 'complete'), 'province_certified');
  });

  it('a province certification without a standing LAO certification counts for nothing', () => {
    assert.equal(replayState(run([{ level: 'province', action: 'certify' }]), 'complete'), 'complete');
    const changed = run([
      { level: 'lao', action: 'certify' },
      { level: 'lao', action: 'edit_after_certification' },
      { level: 'province', action: 'certify' },
    ]);
    assert.equal(replayState(changed, 'complete'), 'changed_after_certification');
  });

  it('an edit after certification stops both counting until the LAO certifies again', () => {
    const s = run([
      { level: 'lao', action: 'certify' },
      { level: 'province', action: 'certify' },
      { level: 'lao', action: 'edit_after_certification' },
    ]);
    assert.equal(replayState(s, 'complete'), 'changed_after_certification');
    const again = applyEvent(s, { level: 'lao', action: 'certify' });
    assert.equal(replayState(again, 'complete'), 'lao_certified');
  });

  it('a return clears both and is shown until the LAO certifies again; a withdrawal clears both', () => {
    const returned = run([
      { level: 'lao', action: 'certify' },
      { level: 'province', action: 'return' },
    ]);
    assert.equal(replayState(returned, 'in_progress'), 'returned');
    assert.equal(
      replayState(applyEvent(returned, { level: 'lao', action: 'certify' }), 'complete'),
      'lao_certified',
    );
    const withdrawn = run([
      { level: 'lao', action: 'certify' },
      { level: 'province', action: 'certify' },
      { level: 'lao', action: 'withdraw' },
    ]);
    assert.equal(replayState(withdrawn, 'complete'), 'complete');
  });

  it('agrees with aspectState on every reachable combination', () => {
    for (const s of [
      initialReplay,
      { lao: true, province: false, returned: false, changed: false },
      { lao: true, province: true, returned: false, changed: true },
      { lao: false, province: false, returned: true, changed: false },
    ]) {
      const direct = aspectState(
        row({
          lao_certified_at: s.lao ? T : null,
          province_certified_at: s.province ? T : null,
          returned_at: s.returned ? T : null,
          changed_after_certification_at: s.changed ? T : null,
        }),
      );
      assert.equal(replayState(s, 'complete'), direct);
    }
  });
});

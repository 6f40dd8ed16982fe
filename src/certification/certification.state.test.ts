import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type AspectStatusLike,
  aspectState,
  type Certification,
  type CertificationStep,
  certificationCounts,
  countsAsCertified,
  transition,
  uncertified,
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

describe('transition (the service, the replays and the seeder all use it)', () => {
  let n = 0;
  const step = (level: 'lao' | 'province', action: CertificationStep['action'], reason?: string) => ({
    level,
    action,
    at: `2026-05-14T08:${String(n++ % 60).padStart(2, '0')}:00.000Z`,
    by: level === 'lao' ? 'certifier' : 'officer',
    reason: reason ?? null,
  });
  const run = (events: CertificationStep[], from: Certification = uncertified) =>
    events.reduce(transition, from);
  const state = (s: Certification, data: AspectStatusLike['data_state'] = 'complete') =>
    aspectState({ ...s, data_state: data });

  it('LAO then province certification, each with who and when', () => {
    const lao = step('lao', 'certify');
    const province = step('province', 'certify');
    const s = run([lao, province]);
    assert.equal(state(s), 'province_certified');
    assert.equal(s.lao_certified_at, lao.at);
    assert.equal(s.lao_certified_by, 'certifier');
    assert.equal(s.province_certified_at, province.at);
    assert.equal(s.province_certified_by, 'officer');
  });

  it('a province certification without a standing LAO certification changes nothing', () => {
    assert.equal(run([step('province', 'certify')]), uncertified);
    const changed = run([step('lao', 'certify'), step('lao', 'edit_after_certification')]);
    assert.equal(transition(changed, step('province', 'certify')), changed);
    assert.equal(state(changed), 'changed_after_certification');
  });

  it('an edit after certification stops both counting until the LAO certifies again, which clears it', () => {
    const s = run([
      step('lao', 'certify'),
      step('province', 'certify'),
      step('lao', 'edit_after_certification'),
    ]);
    assert.equal(state(s), 'changed_after_certification');
    assert.deepEqual(certificationCounts(s), { lao: false, province: false });
    const again = transition(s, step('lao', 'certify'));
    assert.equal(state(again), 'lao_certified');
    assert.equal(again.changed_after_certification_at, null);
    assert.equal(again.province_certified_at, null);
  });

  it('an edit before any certification changes nothing', () => {
    assert.equal(transition(uncertified, step('lao', 'edit_after_certification')), uncertified);
  });

  it('a return clears both and keeps its moment and reason until the LAO certifies again; a withdrawal clears all', () => {
    const ret = step('province', 'return', 'ข้อมูลถนนไม่ครบ');
    const returned = run([step('lao', 'certify'), ret]);
    assert.equal(state(returned, 'in_progress'), 'returned');
    assert.equal(returned.returned_at, ret.at);
    assert.equal(returned.return_reason, 'ข้อมูลถนนไม่ครบ');
    assert.equal(state(transition(returned, step('lao', 'certify'))), 'lao_certified');
    const withdrawn = run([step('lao', 'certify'), step('province', 'certify'), step('lao', 'withdraw')]);
    assert.deepEqual(withdrawn, uncertified);
  });

  it('counts certifications exactly as the state reads them, over any sequence of actions (fast-check)', () => {
    const anyStep = fc.record({
      level: fc.constantFrom('lao' as const, 'province' as const),
      action: fc.constantFrom(
        'certify' as const,
        'withdraw' as const,
        'return' as const,
        'edit_after_certification' as const,
      ),
    });
    fc.assert(
      fc.property(fc.array(anyStep, { maxLength: 12 }), (steps) => {
        const s = run(steps.map((x) => step(x.level, x.action, 'r')));
        const st = state(s);
        const c = certificationCounts(s);
        assert.equal(c.lao, countsAsCertified(st, 'lao'));
        assert.equal(c.province, countsAsCertified(st, 'province'));
        // A province certification never stands without the LAO's.
        if (s.province_certified_at) assert.ok(s.lao_certified_at);
      }),
      { seed: 4, numRuns: 500 },
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isCurrent, landingFor, type NavActor, navigationFor } from './navigation.ts';

const labels = (a: NavActor) => navigationFor(a).map((i) => (i.signIn ? `${i.en} (sign in)` : i.en));
const hrefOf = (a: NavActor, en: string) => navigationFor(a).find((i) => i.en === en)?.href;
const lao = (role: string): NavActor => ({ role, laoCode: '5310108', provinceCode: '31' });
const pub = ['Home', 'Status', 'Scores', 'LAO registry', 'Reports', 'Data catalog'];

describe('navigationFor (the top menu per role)', () => {
  it('shows the public what it may open, and marks the LAO pages as needing sign-in', () => {
    assert.deepEqual(labels(null), [...pub, 'My work (sign in)', 'Certification (sign in)']);
    assert.equal(hrefOf(null, 'My work'), '/login?next=%2Fmy-work');
    assert.equal(hrefOf(null, 'Certification'), '/login?next=%2Fcertification');
  });
  it('gives division staff and the certifier their work and the certification page', () => {
    assert.deepEqual(labels(lao('lao_staff')), [...pub, 'My work', 'Activities', 'Certification']);
    assert.deepEqual(labels(lao('lao_certifier')), [...pub, 'My work', 'Activities', 'Certification']);
  });
  it('gives the LAO administrator the accounts too', () => {
    assert.deepEqual(labels(lao('lao_admin')), [
      ...pub,
      'My work',
      'Activities',
      'Certification',
      'Accounts',
    ]);
  });
  it('gives a provincial officer their province dashboard', () => {
    const officer: NavActor = { role: 'province_officer', laoCode: null, provinceCode: '31' };
    assert.deepEqual(labels(officer), [...pub, 'Province dashboard', 'Certification', 'Accounts']);
    assert.equal(hrefOf(officer, 'Province dashboard'), '/dashboards/province/31');
  });
  it('gives a district officer the province dashboard (filtered to the district there)', () => {
    assert.deepEqual(labels({ role: 'district_officer', laoCode: null, provinceCode: '31' }), [
      ...pub,
      'Province dashboard',
    ]);
  });
  it('gives the central administrator the national dashboard, deadlines and accounts', () => {
    assert.deepEqual(labels({ role: 'dla_admin', laoCode: null, provinceCode: null }), [
      ...pub,
      'National dashboard',
      'Deadlines',
      'Accounts',
    ]);
  });
});

describe('landingFor (where sign-in leads when no page was asked for)', () => {
  it('takes a provincial officer to the province dashboard, everyone else home', () => {
    assert.equal(
      landingFor({ role: 'province_officer', laoCode: null, provinceCode: '31' }),
      '/dashboards/province/31',
    );
    assert.equal(landingFor(lao('lao_staff')), '/');
    assert.equal(landingFor({ role: 'dla_admin', laoCode: null, provinceCode: null }), '/');
  });
});

describe('isCurrent', () => {
  it('marks the home page only on itself, other entries on their sub-pages, sign-in entries never', () => {
    const [home, status] = navigationFor(null);
    assert.equal(isCurrent(home!, '/'), true);
    assert.equal(isCurrent(home!, '/status'), false);
    assert.equal(isCurrent(status!, '/status'), true);
    assert.equal(isCurrent(navigationFor(null).at(-1)!, '/certification'), false);
  });
});

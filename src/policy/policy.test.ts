import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../users/users.table.ts';
import { type Action, type Actor, can, type Resource, roles } from './policy.ts';

const OWN = { laoCode: '5310108', provinceCode: '31', districtCode: '3101' };
const OTHER = { laoCode: '6320602', provinceCode: '32', districtCode: '3206' };
const NEIGHBOUR = { laoCode: '6310105', provinceCode: '31', districtCode: '3101' };

function actor(role: Role, divisionIds: string[] = ['d-health']): Actor {
  return {
    id: role,
    username: role,
    displayName: role,
    role,
    provinceCode: role === 'dla_admin' ? null : OWN.provinceCode,
    districtCode: role === 'dla_admin' || role === 'province_officer' ? null : OWN.districtCode,
    laoCode: role.startsWith('lao_') ? OWN.laoCode : null,
    divisionIds,
  };
}

// Expected answers for the own scope; every role is refused everything in another province's LAO
// (except the centre), and LAO roles are refused a neighbouring LAO of their own province.
const ownScope: Record<Role, Action[]> = {
  dla_admin: [
    'lao.view',
    'lao.record',
    'lao.manage',
    'lao.contact.edit',
    'lao.certify',
    'province.view',
    'province.certify',
    'province.assess',
    'system.admin',
  ],
  province_officer: ['lao.view', 'province.view', 'province.certify', 'province.assess'],
  district_officer: ['lao.view', 'province.view'],
  lao_admin: ['lao.view', 'lao.record', 'lao.manage', 'lao.contact.edit'],
  lao_certifier: ['lao.view', 'lao.certify'],
  lao_staff: ['lao.view', 'lao.record'],
};
const actions: Action[] = [
  'lao.view',
  'lao.record',
  'lao.manage',
  'lao.contact.edit',
  'lao.certify',
  'province.view',
  'province.certify',
  'province.assess',
  'system.admin',
];

describe('can(actor, action, resource): the full matrix', () => {
  for (const role of roles) {
    for (const action of actions) {
      const res: Resource = { ...OWN, assignedDivisionIds: ['d-health'] };
      it(`${role} ${ownScope[role].includes(action) ? 'may' : 'may not'} ${action} in its own scope`, () => {
        assert.equal(can(actor(role), action, res), ownScope[role].includes(action));
      });
      it(`${role} may ${role === 'dla_admin' ? '' : 'not '}${action} in another province`, () => {
        assert.equal(
          can(actor(role), action, { ...OTHER, assignedDivisionIds: ['d-health'] }),
          role === 'dla_admin',
        );
      });
      const neighbourOk =
        role === 'dla_admin' ||
        (role === 'province_officer' && ownScope[role].includes(action)) ||
        (role === 'district_officer' && ownScope[role].includes(action));
      it(`${role} ${neighbourOk ? 'may' : 'may not'} ${action} in a neighbouring LAO of the same district`, () => {
        assert.equal(
          can(actor(role), action, { ...NEIGHBOUR, assignedDivisionIds: ['d-health'] }),
          neighbourOk,
        );
      });
    }
  }

  it('refuses the public everything', () => {
    for (const a of actions) assert.equal(can(null, a, OWN), false);
  });

  it('lets staff record only sections assigned to one of their divisions', () => {
    const staff = actor('lao_staff', ['d-health']);
    assert.equal(can(staff, 'lao.record', { ...OWN, assignedDivisionIds: ['d-works'] }), false);
    assert.equal(can(staff, 'lao.record', { ...OWN, assignedDivisionIds: [] }), false);
    assert.equal(can(staff, 'lao.record', { ...OWN, assignedDivisionIds: ['d-works', 'd-health'] }), true);
  });

  it('lets a province create LAO administrators and certifiers of its LAOs, and nothing else', () => {
    const p = actor('province_officer');
    assert.equal(can(p, 'user.manage', { ...OWN, targetRole: 'lao_admin' }), true);
    assert.equal(can(p, 'user.manage', { ...OWN, targetRole: 'lao_certifier' }), true);
    assert.equal(can(p, 'user.manage', { ...OWN, targetRole: 'lao_staff' }), false);
    assert.equal(can(p, 'user.manage', { ...OWN, targetRole: 'province_officer' }), false);
    assert.equal(can(p, 'user.manage', { ...OTHER, targetRole: 'lao_admin' }), false);
  });

  it('lets an LAO administrator manage only its own staff', () => {
    const a = actor('lao_admin');
    assert.equal(can(a, 'user.manage', { ...OWN, targetRole: 'lao_staff' }), true);
    assert.equal(can(a, 'user.manage', { ...OWN, targetRole: 'lao_certifier' }), false);
    assert.equal(can(a, 'user.manage', { ...NEIGHBOUR, targetRole: 'lao_staff' }), false);
  });
});

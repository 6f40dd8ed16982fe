import type { Role } from '../users/users.table.ts';

/** Who is asking: a signed-in user with their scope. */
export type Actor = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  provinceCode: string | null;
  districtCode: string | null;
  laoCode: string | null;
  divisionIds: string[];
};

/** Who is asking where the public may ask too: a signed-in user, or null for the public. */
export type Viewer = Actor | null;

/**
 * What an actor may do. Scoped actions take a resource that names the LAO (with its province and district from
 * the registry) or a province.
 */
export type Action =
  | 'lao.view' // see an LAO's recorded data, dashboard, assignments
  | 'lao.record' // record data (staff: only the sections assigned to one of their divisions)
  | 'lao.manage' // divisions, assignments, the LAO's staff
  | 'lao.contact.edit' // the central e-mail registration
  | 'lao.certify' // certify or withdraw an aspect at LAO level
  | 'province.view' // province dashboards and follow-up
  | 'province.certify' // certify or return an aspect at province level; deadline extensions
  | 'province.assess' // record a frozen assessment for an LAO or the province
  | 'user.manage' // create, disable, reset accounts (scope and target role checked)
  | 'system.admin'; // catalog, fiscal years, national deadlines, registry, outbox, 2FA policy

export type Resource = {
  laoCode?: string | null;
  provinceCode?: string | null;
  districtCode?: string | null;
  /** For lao.record: the divisions the section or data set is assigned to. */
  assignedDivisionIds?: string[];
  /** For user.manage: the role of the account being created or changed. */
  targetRole?: Role;
};

export const roles: Role[] = [
  'dla_admin',
  'province_officer',
  'district_officer',
  'lao_admin',
  'lao_certifier',
  'lao_staff',
];

/** Whether a string names a role (a stored or typed value). */
export const isRole = (r: string): r is Role => (roles as string[]).includes(r);

const roleNames: Record<Role, { th: string; en: string }> = {
  dla_admin: { th: 'ผู้ดูแลระบบส่วนกลาง (สถ.)', en: 'Central administrator (DLA)' },
  province_officer: { th: 'เจ้าหน้าที่สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด', en: 'Provincial officer' },
  district_officer: { th: 'เจ้าหน้าที่ท้องถิ่นอำเภอ', en: 'District officer' },
  lao_admin: { th: 'ผู้ดูแลระบบ อปท.', en: 'LAO administrator' },
  lao_certifier: { th: 'ผู้รับรองข้อมูล อปท.', en: 'LAO certifier' },
  lao_staff: { th: 'เจ้าหน้าที่กอง', en: 'Division staff' },
};

/** A role's name in Thai or English. */
export const roleName = (role: Role, lang: 'th' | 'en') => roleNames[role][lang];

const sameLao = (a: Actor, r: Resource) => Boolean(a.laoCode && r.laoCode && a.laoCode === r.laoCode);
const sameProvince = (a: Actor, r: Resource) =>
  Boolean(a.provinceCode && r.provinceCode && a.provinceCode === r.provinceCode);
const sameDistrict = (a: Actor, r: Resource) =>
  Boolean(a.districtCode && r.districtCode && a.districtCode === r.districtCode);

/** The one authorisation rule: every route, page and command asks it before touching scoped data. */
export function can(actor: Viewer, action: Action, resource: Resource = {}): boolean {
  if (!actor) return false;
  if (actor.role === 'dla_admin') return true;
  switch (actor.role) {
    case 'province_officer':
      switch (action) {
        case 'lao.view':
        case 'province.view':
        case 'province.certify':
        case 'province.assess':
          return sameProvince(actor, resource);
        case 'user.manage':
          // A province creates and disables the administrators and certifiers of its LAOs.
          return (
            sameProvince(actor, resource) &&
            Boolean(resource.laoCode) &&
            (resource.targetRole === 'lao_admin' || resource.targetRole === 'lao_certifier')
          );
        default:
          return false;
      }
    case 'district_officer':
      return (action === 'lao.view' || action === 'province.view') && sameDistrict(actor, resource);
    case 'lao_admin':
      switch (action) {
        case 'lao.view':
        case 'lao.record':
        case 'lao.manage':
        case 'lao.contact.edit':
          return sameLao(actor, resource);
        case 'user.manage':
          return sameLao(actor, resource) && resource.targetRole === 'lao_staff';
        default:
          return false;
      }
    case 'lao_certifier':
      return (action === 'lao.view' || action === 'lao.certify') && sameLao(actor, resource);
    case 'lao_staff':
      if (action === 'lao.view') return sameLao(actor, resource);
      if (action === 'lao.record') {
        const assigned = resource.assignedDivisionIds ?? [];
        return sameLao(actor, resource) && assigned.some((d) => actor.divisionIds.includes(d));
      }
      return false;
    default:
      return false;
  }
}

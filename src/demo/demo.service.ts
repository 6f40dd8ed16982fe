import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { ensureDefaultDivisions } from '../divisions/divisions.service.ts';
import { countUsers, createUser } from '../users/users.service.ts';
import type { Role } from '../users/users.table.ts';

export const DEMO_PASSWORD = 'info-demo-2569';
export const DEMO_LAO = '5310108';

export type DemoAccount = {
  username: string;
  displayName: string;
  role: Role;
  provinceCode?: string;
  districtCode?: string;
  laoCode?: string;
  division?: string;
  email?: string;
};

/** The demo cast: the centre, Buri Ram's office, เทศบาลเมืองบ้านบัว's people by the seed memo, and others to try scope with. */
export const demoAccounts: DemoAccount[] = [
  {
    username: 'admin',
    displayName: 'ผู้ดูแลระบบส่วนกลาง กรมส่งเสริมการปกครองท้องถิ่น',
    role: 'dla_admin',
    email: 'admin@dla.example',
  },
  {
    username: 'buriram',
    displayName: 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดบุรีรัมย์',
    role: 'province_officer',
    provinceCode: '31',
    email: 'buriram@dla.example',
  },
  {
    username: 'surin',
    displayName: 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสุรินทร์',
    role: 'province_officer',
    provinceCode: '32',
  },
  {
    username: 'muang-buriram',
    displayName: 'ท้องถิ่นอำเภอเมืองบุรีรัมย์',
    role: 'district_officer',
    districtCode: '3101',
  },
  {
    username: 'banbua.admin',
    displayName: 'ผู้ดูแลระบบ ทม.บ้านบัว',
    role: 'lao_admin',
    laoCode: DEMO_LAO,
    email: 'banbua.admin@banbua.example',
  },
  {
    username: 'banbua.certifier',
    displayName: 'ปลัดเทศบาลเมืองบ้านบัว',
    role: 'lao_certifier',
    laoCode: DEMO_LAO,
  },
  {
    username: 'banbua.health',
    displayName: 'เจ้าหน้าที่กองสาธารณสุขและสิ่งแวดล้อม',
    role: 'lao_staff',
    laoCode: DEMO_LAO,
    division: 'กองสาธารณสุขและสิ่งแวดล้อม',
  },
  {
    username: 'banbua.edu',
    displayName: 'เจ้าหน้าที่กองการศึกษา',
    role: 'lao_staff',
    laoCode: DEMO_LAO,
    division: 'กองการศึกษา',
  },
  {
    username: 'banbua.disaster',
    displayName: 'เจ้าหน้าที่งานป้องกันฯ ฝ่ายอำนวยการ',
    role: 'lao_staff',
    laoCode: DEMO_LAO,
    division: 'งานป้องกันและบรรเทาสาธารณภัย ฝ่ายอำนวยการ',
  },
  {
    username: 'banbua.works',
    displayName: 'เจ้าหน้าที่กองช่าง',
    role: 'lao_staff',
    laoCode: DEMO_LAO,
    division: 'กองช่าง',
  },
  {
    username: 'banbua.audit',
    displayName: 'เจ้าหน้าที่หน่วยตรวจสอบภายใน',
    role: 'lao_staff',
    laoCode: DEMO_LAO,
    division: 'หน่วยตรวจสอบภายใน',
  },
  {
    username: 'banbua.pr',
    displayName: 'เจ้าหน้าที่ฝ่ายอำนวยการ งานประชาสัมพันธ์',
    role: 'lao_staff',
    laoCode: DEMO_LAO,
    division: 'ฝ่ายอำนวยการ งานประชาสัมพันธ์',
  },
  {
    username: 'banbua.finance',
    displayName: 'เจ้าหน้าที่กองคลัง',
    role: 'lao_staff',
    laoCode: DEMO_LAO,
    division: 'กองคลัง',
  },
  {
    username: 'banbua.office',
    displayName: 'เจ้าหน้าที่สำนักปลัด',
    role: 'lao_staff',
    laoCode: DEMO_LAO,
    division: 'สำนักปลัด',
  },
  {
    username: 'krasang.staff',
    displayName: 'เจ้าหน้าที่ อบต.กระสัง',
    role: 'lao_staff',
    laoCode: '6310105',
    division: 'สำนักปลัด',
  },
];

/** On the first start of an empty database, creates the demo accounts; returns them (empty when users exist). */
export async function ensureDemoAccounts(db: Kysely<Database>): Promise<DemoAccount[]> {
  if ((await countUsers(db)) > 0) return [];
  for (const a of demoAccounts) {
    const divisions = a.laoCode ? await ensureDefaultDivisions(db, a.laoCode) : [];
    const division = divisions.find((d) => d.name_th === a.division);
    await createUser(db, 'system', {
      username: a.username,
      displayName: a.displayName,
      email: a.email ?? null,
      password: DEMO_PASSWORD,
      role: a.role,
      provinceCode: a.provinceCode ?? null,
      districtCode: a.districtCode ?? null,
      laoCode: a.laoCode ?? null,
      divisionIds: division ? [division.id] : [],
      mustChangePassword: false,
    });
  }
  return demoAccounts;
}

/** The demo logins as lines for the console. */
export function demoLoginLines(accounts: DemoAccount[]): string[] {
  return [
    'Demo accounts (password for all: ' + DEMO_PASSWORD + '):',
    ...accounts.map((a) => {
      const scope = a.laoCode
        ? `LAO ${a.laoCode}${a.division ? ` · ${a.division}` : ''}`
        : a.districtCode
          ? `district ${a.districtCode}`
          : a.provinceCode
            ? `province ${a.provinceCode}`
            : 'whole country';
      return `  ${a.username.padEnd(18)} ${a.role.padEnd(17)} ${scope}`;
    }),
  ];
}

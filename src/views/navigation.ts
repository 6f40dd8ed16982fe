import type { PageUser } from './page-ctx.ts';

/** One entry of the top navigation; `signIn` marks an entry the visitor must sign in to open. */
export type NavItem = { th: string; en: string; href: string; signIn?: true };

/** Who is looking, as far as the menu cares. */
export type NavActor = Pick<PageUser, 'role' | 'laoCode' | 'provinceCode'> | null;

/** A link that signs in first and then opens the page. */
export const loginFor = (path: string) => `/login?next=${encodeURIComponent(path)}`;

/** The province dashboard of a provincial officer (their landing page). */
const provinceDashboard = (code: string) => `/dashboards/province/${code}`;

/**
 * The top navigation as a pure function of who is looking: the public sees what it may open plus the
 * LAO's own pages marked "(ต้องเข้าสู่ระบบ)" with a link that signs in first; LAO staff get their work and
 * certification; an LAO administrator also the accounts; a provincial officer the province dashboard and
 * certification; the central administrator the national dashboard, deadlines and accounts.
 */
export function navigationFor(actor: NavActor): NavItem[] {
  const pub: NavItem[] = [
    { th: 'หน้าแรก', en: 'Home', href: '/' },
    { th: 'สถานะการรับรอง', en: 'Status', href: '/status' },
    { th: 'คะแนนตัวชี้วัด', en: 'Scores', href: '/scores' },
    { th: 'ทะเบียน อปท.', en: 'LAO registry', href: '/registry' },
    { th: 'รายงาน', en: 'Reports', href: '/reports' },
    { th: 'ชุดข้อมูล', en: 'Data catalog', href: '/catalog' },
  ];
  if (actor === null)
    return [
      ...pub,
      { th: 'งานของฉัน', en: 'My work', href: loginFor('/my-work'), signIn: true },
      { th: 'การรับรองข้อมูล', en: 'Certification', href: loginFor('/certification'), signIn: true },
    ];
  const own: NavItem[] = [];
  switch (actor.role) {
    case 'lao_staff':
    case 'lao_certifier':
    case 'lao_admin':
      if (actor.laoCode) own.push({ th: 'งานของฉัน', en: 'My work', href: '/my-work' });
      if (actor.laoCode) own.push({ th: 'กิจกรรม', en: 'Activities', href: '/activities' });
      own.push({ th: 'การรับรองข้อมูล', en: 'Certification', href: '/certification' });
      if (actor.role === 'lao_admin') own.push({ th: 'บัญชีผู้ใช้', en: 'Accounts', href: '/admin/users' });
      break;
    case 'province_officer':
      if (actor.provinceCode)
        own.push({
          th: 'ภาพรวมจังหวัด',
          en: 'Province dashboard',
          href: provinceDashboard(actor.provinceCode),
        });
      own.push({ th: 'การรับรองข้อมูล', en: 'Certification', href: '/certification' });
      own.push({ th: 'บัญชีผู้ใช้', en: 'Accounts', href: '/admin/users' });
      break;
    case 'district_officer':
      if (actor.provinceCode)
        own.push({
          th: 'ภาพรวมจังหวัด',
          en: 'Province dashboard',
          href: provinceDashboard(actor.provinceCode),
        });
      break;
    case 'dla_admin':
      own.push({ th: 'ภาพรวมประเทศ', en: 'National dashboard', href: '/dashboards/national' });
      own.push({ th: 'กำหนดส่ง', en: 'Deadlines', href: '/admin/deadlines' });
      own.push({ th: 'บัญชีผู้ใช้', en: 'Accounts', href: '/admin/users' });
      break;
  }
  return [...pub, ...own];
}

/**
 * Where a person lands after signing in when they asked for no page: a provincial officer on their
 * province dashboard, everyone else on the home page.
 */
export function landingFor(actor: NavActor): string {
  if (actor?.role === 'province_officer' && actor.provinceCode) return provinceDashboard(actor.provinceCode);
  return '/';
}

/** Whether a navigation entry is the current page (the home page only on itself). */
export function isCurrent(item: NavItem, path: string): boolean {
  if (item.signIn) return false;
  const href = item.href.split('?')[0] ?? item.href;
  return href === path || (href !== '/' && path.startsWith(href));
}

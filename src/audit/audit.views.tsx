import { translator } from '../plugins/i18n.ts';
import type { ProvinceTable } from '../registry/registry.table.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  ErrorSummary,
  hrefWith,
  Pager,
  ScrollBox,
  Select,
  TextInput,
  type ViewFieldError,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';

type T = (th: string, en: string) => string;

const actionLabels: Record<string, [string, string]> = {
  'auth.login': ['เข้าสู่ระบบ', 'Signed in'],
  'auth.login_failed': ['เข้าสู่ระบบไม่สำเร็จ', 'Failed sign-in'],
  'auth.account_locked': ['บัญชีถูกล็อกชั่วคราว (รหัสผ่านผิด 5 ครั้ง)', 'Account locked (5 wrong passwords)'],
  'auth.login_refused_locked': ['ปฏิเสธการเข้าสู่ระบบ บัญชีถูกล็อกอยู่', 'Sign-in refused: account locked'],
  'auth.logout': ['ออกจากระบบ', 'Signed out'],
  'auth.mfa_failed': ['รหัสยืนยันตัวตนสองขั้นตอนไม่ถูกต้อง', 'Wrong two-factor code'],
  'user.created': ['สร้างบัญชีผู้ใช้', 'Account created'],
  'user.disabled': ['ระงับบัญชีผู้ใช้', 'Account disabled'],
  'user.enabled': ['เปิดใช้บัญชีผู้ใช้อีกครั้ง', 'Account enabled'],
  'user.role_changed': ['เปลี่ยนบทบาทหรือขอบเขต', 'Role or scope changed'],
  'user.password_changed': ['เปลี่ยนรหัสผ่าน', 'Password changed'],
  'user.password_reset': ['ตั้งรหัสผ่านใหม่ด้วยลิงก์ทาง e-mail', 'Password reset by e-mailed link'],
  'user.password_reset_requested': ['ขอลิงก์ตั้งรหัสผ่านใหม่', 'Password reset requested'],
  'user.mfa_enabled': ['เปิดใช้การยืนยันตัวตนสองขั้นตอน', 'Two-factor authentication turned on'],
  'user.mfa_disabled': ['ปิดการยืนยันตัวตนสองขั้นตอน', 'Two-factor authentication turned off'],
  'user.api_token_created': ['สร้างโทเคน API', 'API token created'],
  'user.api_token_revoked': ['ยกเลิกโทเคน API', 'API token revoked'],
  'policy.mfa_changed': ['เปลี่ยนนโยบายการยืนยันตัวตนสองขั้นตอน', 'Two-factor policy changed'],
  'contact.registered': ['ลงทะเบียนผู้รับผิดชอบ e-mail กลาง', 'Central e-mail registered'],
  'contact.updated': ['แก้ไขการลงทะเบียน e-mail กลาง', 'Central e-mail registration changed'],
  'contact.verification_sent': ['ส่งลิงก์ยืนยัน e-mail กลาง', 'Central e-mail verification link sent'],
  'contact.verified': ['ยืนยัน e-mail กลางแล้ว', 'Central e-mail verified'],
  'activity.created': ['บันทึกกิจกรรม', 'Activity recorded'],
  'activity.updated': ['แก้ไขกิจกรรม', 'Activity changed'],
  'activity.deleted': ['ลบกิจกรรม', 'Activity deleted'],
  'evidence.attached': ['แนบไฟล์หลักฐาน', 'Evidence attached'],
  'evidence.removed': ['ลบไฟล์หลักฐาน', 'Evidence removed'],
};

/** The Thai (or English) label of a known action; an unknown action is shown as it is. */
export function actionLabel(action: string, lang: 'th' | 'en'): string {
  const l = actionLabels[action];
  return l ? l[lang === 'en' ? 1 : 0] : action;
}

/** The action groups the page filters by (a prefix of the action). */
export const actionGroups = (t: T) => [
  { value: 'auth.', label: t('การเข้าสู่ระบบ', 'Signing in') },
  { value: 'user.', label: t('บัญชีผู้ใช้', 'Accounts') },
  { value: 'contact.', label: t('e-mail กลาง', 'Central e-mail') },
  { value: 'policy.', label: t('นโยบายระบบ', 'System policy') },
  { value: 'activity.', label: t('กิจกรรมของ อปท.', 'LAO activities') },
  { value: 'evidence.', label: t('ไฟล์หลักฐาน', 'Evidence files') },
];

export type ActivityItem = {
  id: string;
  at: string;
  actorUsername: string | null;
  actorRole: string | null;
  action: string;
  laoCode: string | null;
  provinceCode: string | null;
  target: string | null;
  detail: Record<string, unknown> | null;
  ip: string | null;
};

const detailText = (d: Record<string, unknown> | null) =>
  d
    ? Object.entries(d)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' · ')
    : '';

/** The activity log, newest first, within the viewer's scope. */
export function ActivityPage(p: {
  ctx: PageCtx;
  items: ActivityItem[];
  total: number;
  page: number;
  pageSize: number;
  query: { lao?: string | undefined; province?: string | undefined; action?: string | undefined };
  scopeNote: string;
  provinces: ProvinceTable[] | null;
  showLaoFilter: boolean;
  errors: ViewFieldError[];
}) {
  const t = translator(p.ctx.lang);
  const title = t('กิจกรรม', 'Activity');
  const q = p.query;
  return (
    <Layout ctx={p.ctx} title={title} wide hasErrors={p.errors.length > 0}>
      <ErrorSummary errors={p.errors} lang={p.ctx.lang} />
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">{p.scopeNote}</p>
      <form method="get" action="/activity" class="app-search-row" novalidate>
        {p.provinces ? (
          <Select
            name="province"
            label={t('จังหวัด', 'Province')}
            empty={t('ทุกจังหวัด', 'All provinces')}
            options={p.provinces.map((x) => ({ value: x.code, label: x.name_th }))}
            value={q.province}
            error={errorFor(p.errors, 'province')}
          />
        ) : null}
        {p.showLaoFilter ? (
          <TextInput
            name="lao"
            label={t('รหัส อปท.', 'LAO code')}
            inputmode="numeric"
            width="10"
            value={q.lao}
            error={errorFor(p.errors, 'lao')}
          />
        ) : null}
        <Select
          name="action"
          label={t('ประเภทกิจกรรม', 'Kind of activity')}
          empty={t('ทุกประเภท', 'All kinds')}
          options={actionGroups(t)}
          value={q.action}
          error={errorFor(p.errors, 'action')}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          {t('ค้นหา', 'Search')}
        </button>
      </form>
      <ScrollBox label={title}>
        <table class="govuk-table">
          <caption class="govuk-visually-hidden">{title}</caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">
                {t('วันเวลา', 'When')}
              </th>
              <th scope="col" class="govuk-table__header">
                {t('ผู้ใช้', 'User')}
              </th>
              <th scope="col" class="govuk-table__header">
                {t('กิจกรรม', 'Activity')}
              </th>
              <th scope="col" class="govuk-table__header">
                {t('อปท.', 'LAO')}
              </th>
              <th scope="col" class="govuk-table__header">
                {t('รายละเอียด', 'Details')}
              </th>
              <th scope="col" class="govuk-table__header">
                IP
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {p.items.map((x) => (
              <tr class="govuk-table__row" key={x.id}>
                <td class="govuk-table__cell">{formatDateTimeBE(x.at)}</td>
                <td class="govuk-table__cell">{x.actorUsername ?? '–'}</td>
                <td class="govuk-table__cell" data-action={x.action}>
                  {actionLabel(x.action, p.ctx.lang)}
                </td>
                <td class="govuk-table__cell">
                  {x.laoCode ? (
                    <a class="govuk-link" href={`/registry/laos/${x.laoCode}`}>
                      {x.laoCode}
                    </a>
                  ) : (
                    '–'
                  )}
                </td>
                <td class="govuk-table__cell">
                  {x.target ?? ''}
                  {x.target && x.detail ? ' · ' : ''}
                  <span class="app-muted">{detailText(x.detail)}</span>
                </td>
                <td class="govuk-table__cell">{x.ip ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <Pager
        page={p.page}
        pageSize={p.pageSize}
        total={p.total}
        lang={p.ctx.lang}
        href={(n) =>
          hrefWith('/activity', {
            province: q.province,
            lao: q.lao,
            action: q.action,
            pageSize: p.pageSize === 20 ? null : p.pageSize,
            page: n,
          })
        }
      />
    </Layout>
  );
}

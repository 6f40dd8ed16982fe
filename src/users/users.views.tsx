import { translator } from '../plugins/i18n.ts';
import { type Actor, roleName, roles } from '../policy/policy.ts';
import type { Paging } from '../util/paging.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  hrefWith,
  NoticeBanner,
  Pager,
  Select,
  SummaryList,
  TextInput,
  type ViewFieldError,
  WarningText,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { totpUri } from './totp.ts';
import type { ApiTokenTable, AppUserTable, Role } from './users.table.ts';

const when = (v: string | null) => (v ? formatDateTimeBE(v) : '–');

export function AccountPage(p: {
  ctx: PageCtx;
  user: AppUserTable;
  tokens: { items: ApiTokenTable[]; total: number; paging: Paging };
  divisions: { id: string; name_th: string }[];
  newToken: string | null;
  done?: string | undefined;
  /** After a password change: how many personal API tokens it revoked. */
  tokensRevoked?: number | null;
  errors?: ViewFieldError[];
}) {
  const t = translator(p.ctx.lang);
  const u = p.user;
  const n = p.tokensRevoked ?? null;
  const errors = p.errors ?? [];
  const scope = u.lao_code ?? u.district_code ?? u.province_code ?? t('ทั้งประเทศ', 'Whole country');
  const doneText: Record<string, string> = {
    password:
      n === null
        ? t('เปลี่ยนรหัสผ่านแล้ว', 'Your password was changed')
        : t(
            `เปลี่ยนรหัสผ่านแล้ว ออกจากระบบในเครื่องอื่นทั้งหมด และยกเลิกโทเคน API ${n} รายการ (สร้างใหม่ได้ด้านล่าง)`,
            `Your password was changed; every other session ended and ${n} API token(s) were revoked (make new ones below)`,
          ),
    '2fa_on': t('เปิดใช้การยืนยันตัวตนสองขั้นตอนแล้ว', 'Two-factor authentication is on'),
    '2fa_off': t('ปิดการยืนยันตัวตนสองขั้นตอนแล้ว', 'Two-factor authentication is off'),
    token_revoked: t('ยกเลิกโทเคนแล้ว', 'The token was revoked'),
    reminders_on: t('เปิดรับอีเมลแจ้งเตือนแล้ว', 'Reminder mails are on'),
    reminders_off: t('ปิดอีเมลแจ้งเตือนแล้ว', 'Reminder mails are off'),
  };
  return (
    <Layout ctx={p.ctx} title={t('บัญชีของฉัน', 'My account')} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} lang={p.ctx.lang} />
      <NoticeBanner text={p.done ? doneText[p.done] : null} lang={p.ctx.lang} />
      <h1 class="govuk-heading-l">{t('บัญชีของฉัน', 'My account')}</h1>
      <SummaryList
        rows={[
          [t('ชื่อผู้ใช้', 'Username'), u.username],
          [t('ชื่อ', 'Name'), u.display_name],
          [t('บทบาท', 'Role'), roleName(u.role, p.ctx.lang)],
          [t('ขอบเขต', 'Scope'), scope],
          [t('กอง', 'Divisions'), p.divisions.map((d) => d.name_th).join(', ') || '–'],
          [t('อีเมล', 'E-mail'), u.email ?? '–'],
          [
            t('ยืนยันตัวตนสองขั้นตอน', 'Two-factor authentication'),
            u.totp_enabled ? t('เปิดใช้', 'On') : t('ไม่ได้เปิด', 'Off'),
          ],
        ]}
      />
      <p class="govuk-body">
        <a class="govuk-link" href="/account/password">
          {t('เปลี่ยนรหัสผ่าน', 'Change password')}
        </a>
        {' · '}
        <a class="govuk-link" href="/account/2fa">
          {t('ตั้งค่าการยืนยันตัวตนสองขั้นตอน', 'Two-factor authentication')}
        </a>
      </p>
      <h2 class="govuk-heading-m">{t('อีเมลแจ้งเตือน', 'Reminder mails')}</h2>
      <form method="post" action="/account/reminders">
        <CsrfField token={p.ctx.csrfToken} />
        <div class="govuk-form-group">
          <div class="govuk-checkboxes" data-module="govuk-checkboxes">
            <div class="govuk-checkboxes__item">
              <input
                class="govuk-checkboxes__input"
                id="reminders"
                name="reminders"
                type="checkbox"
                value="on"
                checked={!u.reminders_off_at}
                aria-describedby="reminders-hint"
              />
              <label class="govuk-label govuk-checkboxes__label" for="reminders">
                {t('รับอีเมลแจ้งเตือน', 'Send me reminder mails')}
              </label>
              <div id="reminders-hint" class="govuk-hint govuk-checkboxes__hint">
                {t(
                  'เตือนชุดข้อมูลที่ยังไม่ครบก่อนครบกำหนด 14, 7 และ 1 วัน และด้านที่ข้อมูลครบแล้วรอรับรอง (สัปดาห์ละครั้ง)',
                  'Incomplete data sets 14, 7 and 1 days before they are due, and complete aspects waiting for certification (weekly)',
                )}
              </div>
            </div>
          </div>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">
          {t('บันทึกการตั้งค่า', 'Save setting')}
        </button>
      </form>
      <h2 class="govuk-heading-m">{t('โทเคน API ส่วนตัว', 'Personal API tokens')}</h2>
      {p.newToken ? (
        <div class="govuk-inset-text">
          <p class="govuk-body">
            {t('คัดลอกโทเคนนี้เก็บไว้ ระบบจะแสดงเพียงครั้งเดียว:', 'Copy this token now; it is shown only once:')}
          </p>
          <p class="govuk-body">
            <code id="new-token">{p.newToken}</code>
          </p>
        </div>
      ) : null}
      <DataTable
        caption={t('โทเคน', 'Tokens')}
        rows={p.tokens.items}
        rowKey={(tk) => tk.id}
        columns={[
          { label: t('ชื่อ', 'Name'), cell: (tk) => tk.name },
          { label: t('สร้างเมื่อ', 'Created'), cell: (tk) => when(tk.created_at) },
          { label: t('ใช้ล่าสุด', 'Last used'), cell: (tk) => when(tk.last_used_at) },
          {
            label: t('สถานะ', 'Status'),
            cell: (tk) =>
              tk.revoked_at ? (
                t('ยกเลิกแล้ว', 'Revoked')
              ) : (
                <form method="post" action={`/account/tokens/${tk.id}/revoke`} class="app-inline-form">
                  <CsrfField token={p.ctx.csrfToken} />
                  <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                    {t('ยกเลิก', 'Revoke')}
                    <span class="govuk-visually-hidden"> {tk.name}</span>
                  </button>
                </form>
              ),
          },
        ]}
      />
      {p.tokens.total > p.tokens.paging.pageSize ? (
        <Pager
          page={p.tokens.paging.page}
          pageSize={p.tokens.paging.pageSize}
          total={p.tokens.total}
          lang={p.ctx.lang}
          href={(page) => hrefWith('/account', { page })}
        />
      ) : null}
      <form method="post" action="/account/tokens">
        <CsrfField token={p.ctx.csrfToken} />
        <TextInput
          name="name"
          label={t('ชื่อโทเคนใหม่', 'New token name')}
          width="one-half"
          error={errorFor(errors, 'name')}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          {t('สร้างโทเคน', 'Create token')}
        </button>
      </form>
    </Layout>
  );
}

export function TotpEnrolPage(p: {
  ctx: PageCtx;
  user: AppUserTable;
  secret: string | null;
  required: boolean;
  errors?: ViewFieldError[];
}) {
  const t = translator(p.ctx.lang);
  const errors = p.errors ?? [];
  const enabled = p.user.totp_enabled === 1;
  return (
    <Layout
      ctx={p.ctx}
      title={t('ยืนยันตัวตนสองขั้นตอน', 'Two-factor authentication')}
      hasErrors={errors.length > 0}
    >
      <ErrorSummary errors={errors} lang={p.ctx.lang} />
      <h1 class="govuk-heading-l">{t('ยืนยันตัวตนสองขั้นตอน', 'Two-factor authentication')}</h1>
      {p.required && !enabled ? (
        <WarningText lang={p.ctx.lang}>
          {t(
            'บทบาทของคุณต้องเปิดใช้การยืนยันตัวตนสองขั้นตอนก่อนใช้งานระบบ',
            'Your role must turn on two-factor authentication before using the system',
          )}
        </WarningText>
      ) : null}
      {enabled ? (
        <p class="govuk-body">
          {t(
            'เปิดใช้อยู่ หากต้องการปิด ใส่รหัส 6 หลักล่าสุด',
            'It is on. To turn it off, enter a current 6-digit code.',
          )}
        </p>
      ) : p.secret ? (
        <>
          <p class="govuk-body">
            {t(
              '1. เปิดแอปยืนยันตัวตน (เช่น Google Authenticator, Microsoft Authenticator) แล้วเพิ่มบัญชีด้วยรหัสลับนี้:',
              '1. In an authenticator app, add an account with this secret:',
            )}
          </p>
          <p class="govuk-body">
            <code id="totp-secret">{p.secret}</code>
          </p>
          <p class="govuk-body-s app-muted app-break">{totpUri(p.secret, p.user.username)}</p>
          <p class="govuk-body">{t('2. ใส่รหัส 6 หลักที่แอปแสดง', '2. Enter the 6-digit code the app shows')}</p>
        </>
      ) : (
        <p class="govuk-body">
          {t(
            'ใช้แอปยืนยันตัวตนในโทรศัพท์ (เช่น Google Authenticator, Microsoft Authenticator) สร้างรหัส 6 หลักทุกครั้งที่เข้าสู่ระบบ กด "เริ่มตั้งค่า" เพื่อรับรหัสลับสำหรับเพิ่มในแอป',
            'An authenticator app on your phone gives a 6-digit code at every sign-in. Press "Start" to get the secret to add to the app.',
          )}
        </p>
      )}
      {enabled || p.secret ? (
        <form method="post" action="/account/2fa">
          <CsrfField token={p.ctx.csrfToken} />
          <input type="hidden" name="action" value={enabled ? 'disable' : 'enable'} />
          <TextInput
            name="code"
            label={t('รหัส 6 หลัก', '6-digit code')}
            width="5"
            inputmode="numeric"
            autocomplete="one-time-code"
            error={errorFor(errors, 'code')}
          />
          <button type="submit" class={`govuk-button${enabled ? ' govuk-button--warning' : ''}`}>
            {enabled ? t('ปิดการยืนยันตัวตนสองขั้นตอน', 'Turn off') : t('เปิดใช้', 'Turn on')}
          </button>
        </form>
      ) : null}
      {enabled ? null : (
        <form method="post" action="/account/2fa">
          <CsrfField token={p.ctx.csrfToken} />
          <input type="hidden" name="action" value="start" />
          <button type="submit" class={`govuk-button${p.secret ? ' govuk-button--secondary' : ''}`}>
            {p.secret ? t('เริ่มใหม่ด้วยรหัสลับใหม่', 'Start again with a new secret') : t('เริ่มตั้งค่า', 'Start')}
          </button>
        </form>
      )}
    </Layout>
  );
}

export function UsersPage(p: {
  ctx: PageCtx;
  actor: Actor;
  users: { items: AppUserTable[]; total: number };
  paging: Paging;
  /** The search the list is narrowed by (kept while paging). */
  q?: string | undefined;
  divisions: { id: string; name_th: string }[];
  values: Record<string, string | undefined>;
  errors: ViewFieldError[];
  created: { username: string; password: string | null } | null;
}) {
  const t = translator(p.ctx.lang);
  const allowed: Role[] =
    p.actor.role === 'dla_admin'
      ? roles
      : p.actor.role === 'province_officer'
        ? ['lao_admin', 'lao_certifier']
        : ['lao_staff'];
  return (
    <Layout ctx={p.ctx} title={t('จัดการผู้ใช้', 'Manage users')} hasErrors={p.errors.length > 0} wide>
      <ErrorSummary errors={p.errors} lang={p.ctx.lang} />
      <h1 class="govuk-heading-l">{t('จัดการผู้ใช้', 'Manage users')}</h1>
      {p.created ? (
        <div class="govuk-inset-text" role="status">
          {t(`สร้างบัญชี ${p.created.username} แล้ว`, `Account ${p.created.username} created`)}
          {p.created.password ? (
            <>
              {t(
                ' รหัสผ่านเริ่มต้น (แสดงครั้งเดียว ผู้ใช้ต้องเปลี่ยนเมื่อเข้าสู่ระบบครั้งแรก): ',
                ' Initial password (shown once; to be changed at first sign-in): ',
              )}
              <code>{p.created.password}</code>
            </>
          ) : null}
        </div>
      ) : null}
      <DataTable
        caption={t('ผู้ใช้ในขอบเขตของคุณ', 'Users in your scope')}
        captionSize="m"
        rows={p.users.items}
        rowKey={(u) => u.id}
        columns={[
          { label: t('ชื่อผู้ใช้', 'Username'), cell: (u) => u.username },
          { label: t('ชื่อ', 'Name'), cell: (u) => u.display_name },
          { label: t('บทบาท', 'Role'), cell: (u) => roleName(u.role, p.ctx.lang) },
          {
            label: t('ขอบเขต', 'Scope'),
            cell: (u) => u.lao_code ?? u.district_code ?? u.province_code ?? '–',
          },
          {
            label: t('สถานะ', 'Status'),
            cell: (u) => (u.disabled_at ? t('ระงับ', 'Disabled') : t('ใช้งาน', 'Active')),
          },
          {
            label: t('การดำเนินการ', 'Action'),
            cell: (u) =>
              u.id !== p.actor.id && allowed.includes(u.role) ? (
                <form
                  method="post"
                  action={`/admin/users/${u.username}/${u.disabled_at ? 'enable' : 'disable'}`}
                  class="app-inline-form"
                >
                  <CsrfField token={p.ctx.csrfToken} />
                  <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
                    {u.disabled_at ? t('เปิดใช้', 'Enable') : t('ระงับ', 'Disable')}
                    <span class="govuk-visually-hidden"> {u.username}</span>
                  </button>
                </form>
              ) : null,
          },
        ]}
      />
      <Pager
        page={p.paging.page}
        pageSize={p.paging.pageSize}
        total={p.users.total}
        lang={p.ctx.lang}
        href={(page) =>
          hrefWith('/admin/users', {
            q: p.q,
            page,
            pageSize: p.paging.pageSize === 50 ? null : p.paging.pageSize,
          })
        }
      />
      <h2 class="govuk-heading-m">{t('เพิ่มผู้ใช้', 'Add a user')}</h2>
      <form method="post" action="/admin/users" novalidate>
        <CsrfField token={p.ctx.csrfToken} />
        <TextInput
          name="username"
          label={t('ชื่อผู้ใช้', 'Username')}
          width="one-half"
          value={p.values.username}
          error={errorFor(p.errors, 'username')}
        />
        <TextInput
          name="displayName"
          label={t('ชื่อ-สกุล', 'Full name')}
          width="one-half"
          value={p.values.displayName}
          error={errorFor(p.errors, 'displayName')}
        />
        <TextInput
          name="email"
          label={t('อีเมล (สำหรับลิงก์ตั้งรหัสผ่านใหม่)', 'E-mail (for password reset links)')}
          type="email"
          width="one-half"
          value={p.values.email}
          error={errorFor(p.errors, 'email')}
        />
        <Select
          name="role"
          label={t('บทบาท', 'Role')}
          value={p.values.role}
          options={allowed.map((r) => ({ value: r, label: roleName(r, p.ctx.lang) }))}
          error={errorFor(p.errors, 'role')}
        />
        {p.actor.role !== 'lao_admin' ? (
          <>
            <TextInput
              name="laoCode"
              label={t('รหัส อปท. (สำหรับบทบาทของ อปท.)', 'LAO code (for LAO roles)')}
              width="10"
              value={p.values.laoCode}
              error={errorFor(p.errors, 'laoCode') ?? errorFor(p.errors, 'lao')}
            />
            {p.actor.role === 'dla_admin' ? (
              <>
                <TextInput
                  name="provinceCode"
                  label={t('รหัสจังหวัด (เจ้าหน้าที่จังหวัด)', 'Province code (provincial officer)')}
                  width="5"
                  value={p.values.provinceCode}
                  error={errorFor(p.errors, 'provinceCode') ?? errorFor(p.errors, 'province')}
                />
                <TextInput
                  name="districtCode"
                  label={t('รหัสอำเภอ (เจ้าหน้าที่อำเภอ)', 'District code (district officer)')}
                  width="5"
                  value={p.values.districtCode}
                  error={errorFor(p.errors, 'districtCode') ?? errorFor(p.errors, 'district')}
                />
              </>
            ) : null}
          </>
        ) : null}
        {p.divisions.length ? (
          <div class="govuk-form-group">
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
                {t('กองที่สังกัด', 'Divisions')}
              </legend>
              <div class="govuk-checkboxes govuk-checkboxes--small">
                {p.divisions.map((d) => (
                  <div class="govuk-checkboxes__item" key={d.id}>
                    <input
                      class="govuk-checkboxes__input"
                      id={`div-${d.id}`}
                      name="divisionIds"
                      type="checkbox"
                      value={d.id}
                    />
                    <label class="govuk-label govuk-checkboxes__label" for={`div-${d.id}`}>
                      {d.name_th}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
        ) : null}
        <TextInput
          name="password"
          label={t('รหัสผ่านเริ่มต้น (เว้นว่างให้ระบบสร้าง)', 'Initial password (leave empty to generate one)')}
          type="password"
          width="one-half"
          error={errorFor(p.errors, 'password')}
        />
        <button type="submit" class="govuk-button">
          {t('เพิ่มผู้ใช้', 'Add user')}
        </button>
      </form>
    </Layout>
  );
}

export function MfaPolicyPage(p: { ctx: PageCtx; required: Record<Role, boolean> }) {
  const t = translator(p.ctx.lang);
  return (
    <Layout ctx={p.ctx} title={t('บังคับใช้การยืนยันตัวตนสองขั้นตอน', 'Require two-factor authentication')}>
      <h1 class="govuk-heading-l">{t('บังคับใช้การยืนยันตัวตนสองขั้นตอน', 'Require two-factor authentication')}</h1>
      <form method="post" action="/admin/mfa">
        <CsrfField token={p.ctx.csrfToken} />
        <div class="govuk-form-group">
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
              {t('บทบาทที่ต้องใช้', 'Roles that must use it')}
            </legend>
            <div class="govuk-checkboxes">
              {roles.map((r) => (
                <div class="govuk-checkboxes__item" key={r}>
                  <input
                    class="govuk-checkboxes__input"
                    id={`role-${r}`}
                    name="roles"
                    type="checkbox"
                    value={r}
                    checked={p.required[r]}
                  />
                  <label class="govuk-label govuk-checkboxes__label" for={`role-${r}`}>
                    {roleName(r, p.ctx.lang)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button type="submit" class="govuk-button">
          {t('บันทึก', 'Save')}
        </button>
      </form>
    </Layout>
  );
}

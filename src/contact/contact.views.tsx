import { translator } from '../plugins/i18n.ts';
import type { ProvinceTable } from '../registry/registry.table.ts';
import type { Paging } from '../util/paging.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  hrefWith,
  Pager,
  Select,
  SummaryList,
  Tag,
  type TagColour,
  TextInput,
  type ViewFieldError,
  WarningText,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { type ContactState, contactStates } from './contact.schemas.ts';
import type { ApiContact, ContactHistoryEntry, ProvinceContacts, VerifyOutcome } from './contact.service.ts';

type T = (th: string, en: string) => string;
export type LaoHead = { code: string; nameTh: string; provinceNameTh: string; districtNameTh: string };

const when = (v: string | null | undefined) => (v ? formatDateTimeBE(v) : '–');

export const stateLabel = (s: ContactState, t: T) =>
  ({
    unregistered: t('ยังไม่ลงทะเบียน', 'Not registered'),
    pending: t('รอยืนยัน e-mail', 'Awaiting e-mail confirmation'),
    verified: t('ยืนยันแล้ว', 'Verified'),
  })[s];

const stateColour: Record<ContactState, TagColour> = {
  unregistered: 'grey',
  pending: 'yellow',
  verified: 'green',
};

export function StateTag({ state, t }: { state: ContactState; t: T }) {
  return <Tag colour={stateColour[state]}>{stateLabel(state, t)}</Tag>;
}

const changeLabel = (c: string, t: T) =>
  ({
    registered: t('ลงทะเบียน', 'Registered'),
    updated: t('แก้ไขข้อมูล', 'Updated'),
    verification_sent: t('ส่งลิงก์ยืนยัน e-mail', 'Verification link sent'),
    verified: t('ยืนยัน e-mail แล้ว', 'E-mail verified'),
  })[c] ?? c;

function Banner({ title, text }: { title: string; text: string }) {
  return (
    <div
      class="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby="done-title"
    >
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="done-title">
          {title}
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">{text}</p>
      </div>
    </div>
  );
}

const title = (t: T) => t('ลงทะเบียนผู้รับผิดชอบ e-mail กลาง', 'Central e-mail registration');

/** One LAO's registration: summary, state, warnings, actions and the history of changes. */
export function ContactPage(p: {
  ctx: PageCtx;
  lao: LaoHead;
  contact: ApiContact | null;
  warnings: string[];
  history: { items: ContactHistoryEntry[]; total: number };
  historyPaging: Paging;
  canEdit: boolean;
  done?: string | undefined;
}) {
  const t = translator(p.ctx.lang);
  const c = p.contact;
  const state: ContactState = !c ? 'unregistered' : c.emailVerified ? 'verified' : 'pending';
  const doneText: Record<string, string> = {
    saved: c?.emailVerified
      ? t('บันทึกการลงทะเบียนแล้ว', 'The registration was saved')
      : t(
          `บันทึกแล้ว ระบบส่งลิงก์ยืนยันไปที่ ${c?.email ?? ''} ให้เปิดลิงก์ภายใน 7 วัน`,
          `Saved. A confirmation link was sent to ${c?.email ?? ''}; open it within 7 days`,
        ),
    resent: t(
      `ส่งลิงก์ยืนยันใหม่ไปที่ ${c?.email ?? ''} แล้ว`,
      `A new confirmation link was sent to ${c?.email ?? ''}`,
    ),
  };
  const base = `/laos/${p.lao.code}/contact`;
  return (
    <Layout
      ctx={p.ctx}
      title={`${title(t)} ${p.lao.nameTh}`}
      breadcrumbs={[
        { href: '/contact', label: title(t) },
        { href: `/registry/laos/${p.lao.code}`, label: p.lao.nameTh },
      ]}
    >
      {p.done && doneText[p.done] ? <Banner title={t('สำเร็จ', 'Success')} text={doneText[p.done]!} /> : null}
      <span class="govuk-caption-l">
        {p.lao.nameTh} · {t('อ.', 'District ')}
        {p.lao.districtNameTh} {t('จ.', 'Province ')}
        {p.lao.provinceNameTh} · {p.lao.code}
      </span>
      <h1 class="govuk-heading-l">{title(t)}</h1>
      <p class="govuk-body">
        {t('สถานะ', 'State')}: <StateTag state={state} t={t} />
      </p>
      {p.warnings.map((w) => (
        <WarningText key={w} lang={p.ctx.lang}>
          {w}
        </WarningText>
      ))}
      {c ? (
        <SummaryList
          rows={[
            [t('ชื่อ-สกุลผู้รับผิดชอบ', 'Person responsible'), c.responsibleName],
            [t('ตำแหน่ง', 'Position'), c.responsiblePosition],
            [t('กอง/ฝ่าย', 'Division'), c.responsibleDivision],
            [t('โทรศัพท์', 'Phone'), c.phone],
            [t('e-mail กลางของ อปท.', 'Central e-mail of the LAO'), c.email],
            [
              t('ยืนยัน e-mail', 'E-mail confirmed'),
              c.emailVerifiedAt
                ? `${t('ยืนยันแล้วเมื่อ', 'on')} ${when(c.emailVerifiedAt)}`
                : t('ยังไม่ยืนยัน', 'Not yet'),
            ],
            [t('แก้ไขล่าสุด', 'Last changed'), `${when(c.updatedAt)} ${t('โดย', 'by')} ${c.updatedBy}`],
          ]}
        />
      ) : (
        <p class="govuk-body">
          {t(
            'อปท. นี้ยังไม่ได้ลงทะเบียนผู้รับผิดชอบและที่อยู่ e-mail กลาง',
            'This LAO has not yet registered its responsible person and central e-mail',
          )}
        </p>
      )}
      {p.canEdit ? (
        <div class="govuk-button-group">
          <a class="govuk-button" href={`${base}/edit`} draggable={false}>
            {c ? t('แก้ไขการลงทะเบียน', 'Change the registration') : t('ลงทะเบียน', 'Register')}
          </a>
          {c && !c.emailVerified ? (
            <form method="post" action={`${base}/resend`} class="app-inline-form">
              <CsrfField token={p.ctx.csrfToken} />
              <button type="submit" class="govuk-button govuk-button--secondary">
                {t('ส่งลิงก์ยืนยัน e-mail อีกครั้ง', 'Send the confirmation link again')}
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      <h2 class="govuk-heading-m">{t('ประวัติการเปลี่ยนแปลง', 'History of changes')}</h2>
      {p.history.total ? (
        <DataTable
          caption={t('ประวัติการเปลี่ยนแปลง', 'History of changes')}
          rows={p.history.items}
          rowKey={(h, i) => `${h.at}${i}`}
          columns={[
            { label: t('วันเวลา', 'When'), cell: (h) => when(h.at) },
            { label: t('การเปลี่ยนแปลง', 'Change'), cell: (h) => changeLabel(h.change, t) },
            { label: t('โดย', 'By'), cell: (h) => h.by },
            {
              label: t('ผู้รับผิดชอบ', 'Responsible'),
              cell: (h) => (
                <>
                  {h.snapshot.responsibleName} ({h.snapshot.responsiblePosition},{' '}
                  {h.snapshot.responsibleDivision})
                </>
              ),
            },
            { label: t('โทรศัพท์', 'Phone'), cell: (h) => h.snapshot.phone },
            { label: 'e-mail', cell: (h) => h.snapshot.email },
          ]}
        />
      ) : (
        <p class="govuk-body">{t('ยังไม่มีการเปลี่ยนแปลง', 'No changes yet')}</p>
      )}
      {p.history.total > p.historyPaging.pageSize ? (
        <Pager
          page={p.historyPaging.page}
          pageSize={p.historyPaging.pageSize}
          total={p.history.total}
          lang={p.ctx.lang}
          href={(page) => hrefWith(`/laos/${p.lao.code}/contact`, { page })}
        />
      ) : null}
    </Layout>
  );
}

/** The registration form: error summary, values kept, the saraban hint. */
export function ContactFormPage(p: {
  ctx: PageCtx;
  lao: LaoHead;
  values: Record<string, string | undefined>;
  errors: ViewFieldError[];
  registered: boolean;
}) {
  const t = translator(p.ctx.lang);
  const e = p.errors;
  const heading = p.registered
    ? t('แก้ไขการลงทะเบียน e-mail กลาง', 'Change the central e-mail registration')
    : title(t);
  return (
    <Layout
      ctx={p.ctx}
      title={`${heading} ${p.lao.nameTh}`}
      hasErrors={e.length > 0}
      breadcrumbs={[
        { href: '/contact', label: title(t) },
        { href: `/laos/${p.lao.code}/contact`, label: p.lao.nameTh },
      ]}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={e} lang={p.ctx.lang} />
          <span class="govuk-caption-l">
            {p.lao.nameTh} · {p.lao.code}
          </span>
          <h1 class="govuk-heading-l">{heading}</h1>
          <form method="post" action={`/laos/${p.lao.code}/contact/edit`} novalidate>
            <CsrfField token={p.ctx.csrfToken} />
            <fieldset class="govuk-fieldset">
              <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                {t('ผู้รับผิดชอบ', 'Person responsible')}
              </legend>
              <TextInput
                name="responsibleName"
                label={t('ชื่อ-สกุล', 'Full name')}
                autocomplete="name"
                width="two-thirds"
                value={p.values.responsibleName}
                error={errorFor(e, 'responsibleName')}
              />
              <TextInput
                name="responsiblePosition"
                label={t('ตำแหน่ง', 'Position')}
                autocomplete="organization-title"
                width="two-thirds"
                value={p.values.responsiblePosition}
                error={errorFor(e, 'responsiblePosition')}
              />
              <TextInput
                name="responsibleDivision"
                label={t('กอง/ฝ่าย', 'Division')}
                hint={t('เช่น สำนักปลัด กองคลัง', 'e.g. office of the clerk, finance division')}
                width="two-thirds"
                value={p.values.responsibleDivision}
                error={errorFor(e, 'responsibleDivision')}
              />
              <TextInput
                name="phone"
                label={t('หมายเลขโทรศัพท์', 'Phone number')}
                hint={t('เช่น 044-611-111 หรือ 081-234-5678', 'e.g. 044-611-111 or 081-234-5678')}
                type="tel"
                autocomplete="tel"
                inputmode="tel"
                width="20"
                value={p.values.phone}
                error={errorFor(e, 'phone')}
              />
            </fieldset>
            <TextInput
              name="email"
              label={t('ที่อยู่ e-mail กลางของ อปท.', 'Central e-mail address of the LAO')}
              hint={t(
                'ที่อยู่ e-mail กลางตามหนังสือสั่งการมักขึ้นต้นด้วย saraban ระบบจะส่งลิงก์ยืนยันไปที่อยู่นี้',
                'Official central addresses usually start with saraban; a confirmation link is sent to it',
              )}
              type="email"
              autocomplete="email"
              inputmode="email"
              width="two-thirds"
              value={p.values.email}
              error={errorFor(e, 'email')}
            />
            <div class="govuk-button-group">
              <button type="submit" class="govuk-button">
                {t('บันทึก', 'Save')}
              </button>
              <a class="govuk-link" href={`/laos/${p.lao.code}/contact`}>
                {t('ยกเลิก', 'Cancel')}
              </a>
            </div>
          </form>
        </div>
      </div>
    </Layout>
  );
}

/** /contact for someone who is not of one LAO: choose an LAO by code. */
export function ContactChooserPage(p: {
  ctx: PageCtx;
  value: string;
  errors: ViewFieldError[];
  provinceLink: string | null;
}) {
  const t = translator(p.ctx.lang);
  return (
    <Layout ctx={p.ctx} title={title(t)} hasErrors={p.errors.length > 0}>
      <ErrorSummary errors={p.errors} lang={p.ctx.lang} />
      <h1 class="govuk-heading-l">{title(t)}</h1>
      {p.provinceLink ? (
        <p class="govuk-body">
          <a class="govuk-link" href={p.provinceLink}>
            {t('สถานะการลงทะเบียนของ อปท. ทุกแห่งในจังหวัด', 'Registration state of every LAO of the province')}
          </a>
        </p>
      ) : null}
      <form method="get" action="/contact" novalidate>
        <TextInput
          name="lao"
          label={t('รหัส อปท. 7 หลัก', '7-digit LAO code')}
          hint={t('เช่น 5310108 (เทศบาลเมืองบ้านบัว)', 'e.g. 5310108 (Ban Bua town municipality)')}
          inputmode="numeric"
          width="10"
          value={p.value}
          error={errorFor(p.errors, 'lao')}
        />
        <button type="submit" class="govuk-button">
          {t('เปิด', 'Open')}
        </button>
      </form>
    </Layout>
  );
}

/** The public page behind the e-mailed link. */
export function VerifyPage({ ctx, outcome }: { ctx: PageCtx; outcome: VerifyOutcome }) {
  const t = translator(ctx.lang);
  if (outcome.ok) {
    return (
      <Layout ctx={ctx} title={t('ยืนยัน e-mail กลางเรียบร้อย', 'Central e-mail confirmed')}>
        <div class="govuk-panel govuk-panel--confirmation">
          <h1 class="govuk-panel__title">{t('ยืนยัน e-mail กลางเรียบร้อย', 'Central e-mail confirmed')}</h1>
          <div class="govuk-panel__body">{outcome.email}</div>
        </div>
        <p class="govuk-body">
          {t(
            `ที่อยู่ ${outcome.email} ได้รับการยืนยันเป็น e-mail กลางของ${outcome.laoName} (รหัส ${outcome.laoCode}) แล้ว ไม่ต้องดำเนินการใดเพิ่มเติม`,
            `${outcome.email} is now confirmed as the central e-mail of ${outcome.laoName} (${outcome.laoCode}). Nothing more to do.`,
          )}
        </p>
      </Layout>
    );
  }
  const text = {
    used: t(
      'ลิงก์นี้ถูกใช้ไปแล้ว ที่อยู่ e-mail นี้ได้รับการยืนยันแล้ว ไม่ต้องดำเนินการใดเพิ่มเติม',
      'This link was already used: the address is confirmed. Nothing more to do.',
    ),
    expired: t(
      'ลิงก์นี้หมดอายุแล้ว (ใช้ได้ 7 วัน) ให้ผู้ดูแลระบบของ อปท. กด "ส่งลิงก์ยืนยัน e-mail อีกครั้ง" ที่หน้าลงทะเบียน e-mail กลาง',
      'This link has expired (7 days). Ask the LAO administrator to send the confirmation link again from the registration page.',
    ),
    unknown: t(
      'ลิงก์นี้ใช้ไม่ได้ อาจมีการส่งลิงก์ใหม่แทนแล้ว หรือเปลี่ยนที่อยู่ e-mail หลังส่งลิงก์นี้ ให้เปิดลิงก์ใน e-mail ฉบับล่าสุด',
      'This link is not valid: a newer link may have replaced it, or the address was changed since. Open the link in the latest e-mail.',
    ),
  }[outcome.reason];
  const heading =
    outcome.reason === 'used'
      ? t('ลิงก์นี้ถูกใช้ไปแล้ว', 'This link was already used')
      : outcome.reason === 'expired'
        ? t('ลิงก์หมดอายุ', 'The link has expired')
        : t('ลิงก์ยืนยันใช้ไม่ได้', 'The confirmation link is not valid');
  return (
    <Layout ctx={ctx} title={heading}>
      <h1 class="govuk-heading-l">{heading}</h1>
      <p class="govuk-body">{text}</p>
    </Layout>
  );
}

/** The province screen: every LAO with its registration state, counts per state, a filter by state. */
export function ProvinceContactsPage(p: {
  ctx: PageCtx;
  data: ProvinceContacts;
  provinces: ProvinceTable[] | null;
}) {
  const t = translator(p.ctx.lang);
  const d = p.data;
  const heading = t(
    `การลงทะเบียน e-mail กลางของ อปท. จังหวัด${d.provinceNameTh}`,
    `Central e-mail registration of the LAOs of ${d.provinceNameTh}`,
  );
  const href = (state: string | null) =>
    hrefWith('/province/contacts', { province: p.provinces ? d.provinceCode : null, state });
  return (
    <Layout ctx={p.ctx} title={heading} wide>
      <h1 class="govuk-heading-l">{heading}</h1>
      {p.provinces ? (
        <form method="get" action="/province/contacts" class="app-search-row">
          <Select
            name="province"
            label={t('จังหวัด', 'Province')}
            options={p.provinces.map((x) => ({ value: x.code, label: x.name_th }))}
            value={d.provinceCode}
          />
          <button type="submit" class="govuk-button govuk-button--secondary">
            {t('แสดง', 'Show')}
          </button>
        </form>
      ) : null}
      <p class="govuk-body">
        {t(
          `ปีงบประมาณ ${d.year} · อปท. ทั้งหมด ${d.counts.total} แห่ง`,
          `Fiscal year ${d.year} · ${d.counts.total} LAOs`,
        )}
      </p>
      <ul class="govuk-list" aria-label={t('กรองตามสถานะ', 'Filter by state')}>
        <li>
          <a class="govuk-link" href={href(null)} aria-current={d.state === null ? 'page' : undefined}>
            {t('ทั้งหมด', 'All')} ({d.counts.total})
          </a>
        </li>
        {contactStates.map((s) => (
          <li key={s}>
            <a class="govuk-link" href={href(s)} aria-current={d.state === s ? 'page' : undefined}>
              {stateLabel(s, t)}
            </a>{' '}
            <span id={`count-${s}`}>({d.counts[s]})</span>
          </li>
        ))}
      </ul>
      <DataTable
        caption={`${d.state ? stateLabel(d.state, t) : t('อปท. ทั้งหมด', 'All LAOs')} (${d.items.length})`}
        captionSize="m"
        rows={d.items}
        rowKey={(x) => x.code}
        columns={[
          { label: t('อำเภอ', 'District'), cell: (x) => x.districtNameTh },
          {
            label: t('อปท.', 'LAO'),
            cell: (x) => (
              <>
                <a class="govuk-link" href={`/laos/${x.code}/contact`}>
                  {x.nameTh}
                </a>{' '}
                <span class="app-muted">{x.code}</span>
              </>
            ),
          },
          { label: t('สถานะ', 'State'), cell: (x) => <StateTag state={x.state} t={t} /> },
          { label: 'e-mail', cell: (x) => x.email ?? '–' },
          {
            label: t('ผู้รับผิดชอบ', 'Responsible'),
            cell: (x) => `${x.responsibleName ?? '–'}${x.phone ? ` · ${x.phone}` : ''}`,
          },
          { label: t('แก้ไขล่าสุด', 'Last changed'), cell: (x) => when(x.updatedAt) },
        ]}
      />
    </Layout>
  );
}

import { translator } from '../plugins/i18n.ts';
import type { Paging } from '../util/paging.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { CsrfField, DataTable, hrefWith, Pager, TextInput } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { MailOutboxTable } from './mail.table.ts';

type T = (th: string, en: string) => string;

const statusLabel = (s: MailOutboxTable['status'], t: T) =>
  ({
    kept: t('เก็บในกล่องขาออก (ไม่ได้ตั้ง SMTP)', 'Kept in the outbox (no SMTP)'),
    queued: t('รอส่ง', 'Queued'),
    sending: t('กำลังส่ง', 'Sending'),
    sent: t('ส่งแล้ว', 'Sent'),
    dead: t('ส่งไม่สำเร็จ หยุดลองแล้ว', 'Dead: no more attempts'),
    failed: t('ส่งไม่สำเร็จ', 'Failed'),
  })[s] ?? s;

/** The state with what comes next: the attempts so far and the next try, for a message still in the queue. */
const stateText = (m: MailOutboxTable, t: T) =>
  [
    statusLabel(m.status, t),
    m.attempts ? t(`พยายามแล้ว ${m.attempts} ครั้ง`, `${m.attempts} attempts`) : '',
    m.status === 'queued' && m.next_attempt_at
      ? t(
          `ลองครั้งต่อไป ${formatDateTimeBE(m.next_attempt_at)}`,
          `next try ${formatDateTimeBE(m.next_attempt_at)}`,
        )
      : '',
  ]
    .filter(Boolean)
    .join(' · ');

/** The states the list can be narrowed to (dead letters first: they wait for someone). */
export const OUTBOX_STATES = ['dead', 'queued', 'sending', 'sent', 'kept', 'failed'] as const;

const kindLabel = (k: string, t: T) =>
  ({
    password_reset: t('ตั้งรหัสผ่านใหม่', 'Password reset'),
    contact_verification: t('ยืนยัน e-mail กลาง', 'Central e-mail verification'),
    'certification.returned': t('จังหวัดส่งคืนข้อมูล', 'Returned by the province'),
    'certification.digest': t('สรุปการรับรองประจำวัน', 'Daily certification digest'),
  })[k] ?? (k.startsWith('reminder.') ? t('การแจ้งเตือน', 'Reminder') : k);

const title = (t: T) => t('กล่องจดหมายขาออก', 'Outbox');

/** The newest messages the system sent or kept, for the central administrator. */
export function OutboxPage(p: {
  ctx: PageCtx;
  messages: MailOutboxTable[];
  to: string;
  status: string;
  /** How many messages are dead (no more attempts): the centre should look at them. */
  dead: number;
  paging: Paging;
  total: number;
}) {
  const t = translator(p.ctx.lang);
  return (
    <Layout ctx={p.ctx} title={title(t)} wide>
      <h1 class="govuk-heading-l">{title(t)}</h1>
      <p class="govuk-body">
        {t(
          'ข้อความที่ระบบส่งออก ใหม่สุดก่อน เมื่อไม่ได้ตั้งค่า SMTP_URL ข้อความจะเก็บไว้ที่นี่เท่านั้น',
          'The messages the system sent, newest first. Without SMTP_URL they are only kept here.',
        )}
      </p>
      {p.dead ? (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">{t('คำเตือน', 'Warning')}</span>
            {t(
              `มี ${p.dead} ข้อความที่ส่งไม่สำเร็จจนหยุดลองแล้ว เปิดข้อความเพื่อดูสาเหตุและส่งใหม่`,
              `${p.dead} messages could not be sent and are no longer tried; open one to see why and resend it`,
            )}{' '}
            <a class="govuk-link" href="/admin/outbox?status=dead">
              {t('ดูข้อความที่ส่งไม่สำเร็จ', 'Show dead messages')}
            </a>
          </strong>
        </div>
      ) : null}
      <form method="get" action="/admin/outbox" class="app-search-row">
        <TextInput
          name="to"
          label={t('ถึง (ที่อยู่ e-mail)', 'To (e-mail address)')}
          type="email"
          width="one-half"
          value={p.to}
        />
        <div class="govuk-form-group">
          <label class="govuk-label" for="status">
            {t('สถานะ', 'Status')}
          </label>
          <select class="govuk-select" id="status" name="status">
            <option value="" selected={p.status === ''}>
              {t('ทุกสถานะ', 'Any')}
            </option>
            {OUTBOX_STATES.map((s) => (
              <option value={s} selected={p.status === s} key={s}>
                {statusLabel(s, t)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="govuk-button govuk-button--secondary">
          {t('กรอง', 'Filter')}
        </button>
      </form>
      {p.messages.length ? (
        <DataTable
          caption={title(t)}
          rows={p.messages}
          rowKey={(m) => m.id}
          columns={[
            { label: t('เวลา', 'Time'), cell: (m) => formatDateTimeBE(m.created_at) },
            {
              label: t('ถึง', 'To'),
              cell: (m) => (
                <a class="govuk-link" href={hrefWith('/admin/outbox', { to: m.to_address })}>
                  {m.to_address}
                </a>
              ),
            },
            {
              label: t('เรื่อง', 'Subject'),
              cell: (m) => (
                <a class="govuk-link" href={`/admin/outbox/${m.id}`}>
                  {m.subject}
                </a>
              ),
            },
            { label: t('ประเภท', 'Kind'), cell: (m) => kindLabel(m.kind, t) },
            { label: t('สถานะ', 'Status'), cell: (m) => stateText(m, t) },
          ]}
        />
      ) : (
        <p class="govuk-body">{t('ไม่มีข้อความ', 'No messages')}</p>
      )}
      <Pager
        page={p.paging.page}
        pageSize={p.paging.pageSize}
        total={p.total}
        lang={p.ctx.lang}
        href={(page) =>
          hrefWith('/admin/outbox', {
            to: p.to,
            status: p.status,
            page,
            pageSize: p.paging.pageSize === 50 ? null : p.paging.pageSize,
          })
        }
      />
    </Layout>
  );
}

/** One message with its full text (so a tester can follow its link). */
export function MessagePage({ ctx, m, canResend }: { ctx: PageCtx; m: MailOutboxTable; canResend: boolean }) {
  const t = translator(ctx.lang);
  return (
    <Layout ctx={ctx} title={m.subject} breadcrumbs={[{ href: '/admin/outbox', label: title(t) }]}>
      <h1 class="govuk-heading-l">{m.subject}</h1>
      <dl class="govuk-summary-list">
        {[
          [t('เวลา', 'Time'), formatDateTimeBE(m.created_at)],
          [t('ถึง', 'To'), m.to_address],
          [t('ประเภท', 'Kind'), kindLabel(m.kind, t)],
          [t('สถานะ', 'Status'), stateText(m, t)],
          ...(m.sent_at ? [[t('ส่งเมื่อ', 'Sent at'), formatDateTimeBE(m.sent_at)]] : []),
          ...(m.error ? [[t('ข้อผิดพลาด', 'Error'), m.error]] : []),
        ].map(([k, v]) => (
          <div class="govuk-summary-list__row" key={k}>
            <dt class="govuk-summary-list__key">{k}</dt>
            <dd class="govuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      {canResend && (m.status === 'dead' || m.status === 'failed') ? (
        <form method="post" action={`/admin/outbox/${m.id}/resend`}>
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="govuk-button">
            {t('ส่งข้อความนี้ใหม่', 'Resend this message')}
          </button>
        </form>
      ) : null}
      <h2 class="govuk-heading-m">{t('ข้อความ', 'Text')}</h2>
      <pre class="govuk-body app-mail-text">{m.body_text}</pre>
    </Layout>
  );
}

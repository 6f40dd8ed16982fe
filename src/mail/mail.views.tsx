import { translator } from '../plugins/i18n.ts';
import type { Paging } from '../util/paging.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { hrefWith, Pager, ScrollBox, TextInput } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { MailOutboxTable } from './mail.table.ts';

type T = (th: string, en: string) => string;

const statusLabel = (s: MailOutboxTable['status'], t: T) =>
  ({
    kept: t('เก็บในกล่องขาออก (ไม่ได้ตั้ง SMTP)', 'Kept in the outbox (no SMTP)'),
    sent: t('ส่งแล้ว', 'Sent'),
    failed: t('ส่งไม่สำเร็จ', 'Failed'),
  })[s] ?? s;

const kindLabel = (k: string, t: T) =>
  ({
    password_reset: t('ตั้งรหัสผ่านใหม่', 'Password reset'),
    contact_verification: t('ยืนยัน e-mail กลาง', 'Central e-mail verification'),
  })[k] ?? k;

const title = (t: T) => t('กล่องจดหมายขาออก', 'Outbox');

/** The newest messages the system sent or kept, for the central administrator. */
export function OutboxPage(p: {
  ctx: PageCtx;
  messages: MailOutboxTable[];
  to: string;
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
      <form method="get" action="/admin/outbox" class="app-search-row">
        <TextInput
          name="to"
          label={t('ถึง (ที่อยู่ e-mail)', 'To (e-mail address)')}
          type="email"
          width="one-half"
          value={p.to}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          {t('กรอง', 'Filter')}
        </button>
      </form>
      {p.messages.length ? (
        <ScrollBox label={title(t)}>
          <table class="govuk-table">
            <caption class="govuk-visually-hidden">{title(t)}</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">
                  {t('เวลา', 'Time')}
                </th>
                <th scope="col" class="govuk-table__header">
                  {t('ถึง', 'To')}
                </th>
                <th scope="col" class="govuk-table__header">
                  {t('เรื่อง', 'Subject')}
                </th>
                <th scope="col" class="govuk-table__header">
                  {t('ประเภท', 'Kind')}
                </th>
                <th scope="col" class="govuk-table__header">
                  {t('สถานะ', 'Status')}
                </th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {p.messages.map((m) => (
                <tr class="govuk-table__row" key={m.id}>
                  <td class="govuk-table__cell">{formatDateTimeBE(m.created_at)}</td>
                  <td class="govuk-table__cell">
                    <a class="govuk-link" href={hrefWith('/admin/outbox', { to: m.to_address })}>
                      {m.to_address}
                    </a>
                  </td>
                  <td class="govuk-table__cell">
                    <a class="govuk-link" href={`/admin/outbox/${m.id}`}>
                      {m.subject}
                    </a>
                  </td>
                  <td class="govuk-table__cell">{kindLabel(m.kind, t)}</td>
                  <td class="govuk-table__cell">{statusLabel(m.status, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
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
            page,
            pageSize: p.paging.pageSize === 50 ? null : p.paging.pageSize,
          })
        }
      />
    </Layout>
  );
}

/** One message with its full text (so a tester can follow its link). */
export function MessagePage({ ctx, m }: { ctx: PageCtx; m: MailOutboxTable }) {
  const t = translator(ctx.lang);
  return (
    <Layout ctx={ctx} title={m.subject} breadcrumbs={[{ href: '/admin/outbox', label: title(t) }]}>
      <h1 class="govuk-heading-l">{m.subject}</h1>
      <dl class="govuk-summary-list">
        {[
          [t('เวลา', 'Time'), formatDateTimeBE(m.created_at)],
          [t('ถึง', 'To'), m.to_address],
          [t('ประเภท', 'Kind'), kindLabel(m.kind, t)],
          [t('สถานะ', 'Status'), statusLabel(m.status, t)],
          ...(m.sent_at ? [[t('ส่งเมื่อ', 'Sent at'), formatDateTimeBE(m.sent_at)]] : []),
          ...(m.error ? [[t('ข้อผิดพลาด', 'Error'), m.error]] : []),
        ].map(([k, v]) => (
          <div class="govuk-summary-list__row" key={k}>
            <dt class="govuk-summary-list__key">{k}</dt>
            <dd class="govuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      <h2 class="govuk-heading-m">{t('ข้อความ', 'Text')}</h2>
      <pre class="govuk-body app-mail-text">{m.body_text}</pre>
    </Layout>
  );
}

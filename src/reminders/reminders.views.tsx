import { translator } from '../plugins/i18n.ts';
import type { Paging } from '../util/paging.ts';
import { formatDateBE, formatDateTimeBE } from '../util/thai-date.ts';
import { DataTable, hrefWith, Pager } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';

export type SentRow = {
  kind: string;
  day: string;
  lao_code: string | null;
  province_code: string | null;
  to_address: string;
  summary: string;
  sent_at: string;
  username: string;
};

type T = (th: string, en: string) => string;
const kindLabel = (k: string, t: T) =>
  k.startsWith('due_')
    ? t(`ก่อนครบกำหนด ${k.slice(4)} วัน`, `${k.slice(4)} days before due`)
    : k === 'certify'
      ? t('รอรับรอง (รายสัปดาห์)', 'Waiting for certification (weekly)')
      : k === 'province_weekly'
        ? t('สรุป อปท. ที่เลยกำหนดส่ง (รายสัปดาห์)', 'LAOs past their deadline (weekly)')
        : k;

/** The reminders sent in the actor's scope, newest first, with Buddhist-era times. */
export function RemindersPage(p: { ctx: PageCtx; items: SentRow[]; total: number; paging: Paging }) {
  const t = translator(p.ctx.lang);
  const title = t('การแจ้งเตือนที่ส่งแล้ว', 'Reminders sent');
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">
        {t(
          'อีเมลแจ้งเตือนที่ระบบส่ง ใหม่สุดก่อน: ชุดข้อมูลที่ยังไม่ครบก่อนครบกำหนด 14, 7 และ 1 วัน และด้านที่รอรับรอง',
          'The reminder mails the system sent, newest first: incomplete data sets 14, 7 and 1 days before due, and aspects waiting for certification',
        )}
      </p>
      {p.items.length ? (
        <DataTable
          caption={title}
          rows={p.items}
          rowKey={(r, i) => `${r.sent_at}:${i}`}
          columns={[
            { label: t('ส่งเมื่อ', 'Sent'), cell: (r) => formatDateTimeBE(r.sent_at), rowHeader: true },
            { label: t('ถึง', 'To'), cell: (r) => `${r.username} (${r.to_address})` },
            {
              label: t('อปท.', 'LAO'),
              cell: (r) =>
                r.lao_code ??
                (r.province_code ? t(`จังหวัด ${r.province_code}`, `Province ${r.province_code}`) : '–'),
            },
            { label: t('ประเภท', 'Kind'), cell: (r) => kindLabel(r.kind, t) },
            { label: t('วันที่', 'Day'), cell: (r) => formatDateBE(`${r.day}T00:00:00+07:00`) },
            { label: t('เรื่อง', 'About'), cell: (r) => r.summary },
          ]}
        />
      ) : (
        <p class="govuk-body">{t('ยังไม่มีการแจ้งเตือน', 'No reminders yet')}</p>
      )}
      <Pager
        page={p.paging.page}
        pageSize={p.paging.pageSize}
        total={p.total}
        lang={p.ctx.lang}
        href={(page) => hrefWith('/reminders', { page })}
      />
    </Layout>
  );
}

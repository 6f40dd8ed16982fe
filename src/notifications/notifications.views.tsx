import { translator } from '../plugins/i18n.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { CsrfField, hrefWith, Pager } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { NotificationItem } from './notifications.service.ts';

/** The user's notifications, newest first, each with a link to act and a button to mark it read. */
export function NotificationsPage(p: {
  ctx: PageCtx;
  items: NotificationItem[];
  total: number;
  unread: number;
  page: number;
  pageSize: number;
}) {
  const t = translator(p.ctx.lang);
  const title = t('การแจ้งเตือน', 'Notifications');
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">
        {p.unread
          ? t(`ยังไม่อ่าน ${p.unread} รายการ`, `${p.unread} unread`)
          : t('อ่านครบทุกรายการแล้ว', 'Nothing unread')}
      </p>
      {p.unread ? (
        <form method="post" action="/notifications/read-all" class="app-inline-form">
          <CsrfField token={p.ctx.csrfToken} />
          <button type="submit" class="govuk-button govuk-button--secondary">
            {t('ทำเครื่องหมายว่าอ่านแล้วทั้งหมด', 'Mark all as read')}
          </button>
        </form>
      ) : null}
      {p.items.length === 0 ? (
        <p class="govuk-body">{t('ยังไม่มีการแจ้งเตือน', 'No notifications yet')}</p>
      ) : (
        <ul class="govuk-list app-notifications">
          {p.items.map((n) => (
            <li key={n.id} class={n.read ? 'app-notification' : 'app-notification app-notification--unread'}>
              <p class="govuk-body govuk-!-margin-bottom-1">
                {n.read ? null : <strong class="govuk-tag govuk-tag--blue">{t('ใหม่', 'New')}</strong>}{' '}
                {n.text}
              </p>
              <p class="govuk-body-s app-muted govuk-!-margin-bottom-1">{formatDateTimeBE(n.at)}</p>
              <p class="govuk-body-s">
                <a class="govuk-link" href={n.href}>
                  {t('ไปที่หน้าที่ต้องดำเนินการ', 'Go to where you act')}
                </a>
              </p>
              {n.read ? null : (
                <form method="post" action={`/notifications/${n.id}/read`} class="app-inline-form">
                  <CsrfField token={p.ctx.csrfToken} />
                  <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2">
                    {t('ทำเครื่องหมายว่าอ่านแล้ว', 'Mark as read')}
                    <span class="govuk-visually-hidden">: {n.text}</span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pager
        page={p.page}
        pageSize={p.pageSize}
        total={p.total}
        lang={p.ctx.lang}
        href={(n) => hrefWith('/notifications', { pageSize: p.pageSize === 20 ? null : p.pageSize, page: n })}
      />
    </Layout>
  );
}

import { translator } from '../plugins/i18n.ts';
import type { ProvinceTable } from '../registry/registry.table.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  DataTable,
  DateInput,
  ErrorSummary,
  hrefWith,
  Pager,
  Select,
  TextInput,
  type ViewFieldError,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { kindOptions } from './audit.kinds.ts';
import { type DescribedActivity, EXPORT_LIMIT } from './audit.service.ts';

export { actionLabel } from './audit.kinds.ts';

/** The activity log, newest first, within the viewer's scope. */
export function ActivityPage(p: {
  ctx: PageCtx;
  items: DescribedActivity[];
  total: number;
  page: number;
  pageSize: number;
  query: Record<'lao' | 'province' | 'action' | 'who' | 'aspect' | 'from' | 'to', string | undefined>;
  scopeNote: string;
  provinces: ProvinceTable[] | null;
  showLaoFilter: boolean;
  errors: ViewFieldError[];
}) {
  const t = translator(p.ctx.lang);
  const title = t('ประวัติการดำเนินการ', 'Activity log');
  const q = p.query;
  const filters = {
    province: q.province,
    lao: q.lao,
    who: q.who,
    action: q.action,
    aspect: q.aspect,
    from: q.from,
    to: q.to,
  };
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
        <TextInput
          name="who"
          label={t('ผู้ใช้ (ชื่อผู้ใช้)', 'User (username)')}
          width="10"
          value={q.who}
          error={errorFor(p.errors, 'who')}
        />
        <Select
          name="action"
          label={t('ประเภทการดำเนินการ', 'Kind of activity')}
          empty={t('ทุกประเภท', 'All kinds')}
          options={kindOptions(p.ctx.lang)}
          value={q.action}
          error={errorFor(p.errors, 'action')}
        />
        <Select
          name="aspect"
          label={t('ด้าน', 'Aspect')}
          empty={t('ทุกด้าน', 'All aspects')}
          options={[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({
            value: String(n),
            label: n === 9 ? t('รายงานเกี่ยวกับหนี้', 'Debt report') : t(`ด้านที่ ${n}`, `Aspect ${n}`),
          }))}
          value={q.aspect}
          error={errorFor(p.errors, 'aspect')}
        />
        <DateInput
          name="from"
          label={t('ตั้งแต่วันที่', 'From')}
          value={q.from}
          error={errorFor(p.errors, 'from')}
          lang={p.ctx.lang}
        />
        <DateInput
          name="to"
          label={t('ถึงวันที่', 'To')}
          value={q.to}
          error={errorFor(p.errors, 'to')}
          lang={p.ctx.lang}
        />
        <button type="submit" class="govuk-button govuk-button--secondary">
          {t('ค้นหา', 'Search')}
        </button>
      </form>
      {p.ctx.user && ['dla_admin', 'province_officer', 'lao_admin'].includes(p.ctx.user.role) ? (
        <p class="govuk-body">
          <a class="govuk-link" href="/reminders">
            {t('การแจ้งเตือนที่ส่งทางอีเมลแล้ว', 'Reminders sent by e-mail')}
          </a>
          {p.ctx.user.role === 'dla_admin' ? (
            <>
              {' · '}
              <a class="govuk-link" href="/admin/outbox">
                {t('กล่องจดหมายออก', 'Outbox')}
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      <p class="govuk-body">
        <a class="govuk-link" href={hrefWith('/activity.csv', filters)} download>
          {t('ดาวน์โหลด CSV ของรายการที่กรองนี้', 'Download this filtered view as CSV')}
        </a>{' '}
        <span class="app-muted">
          {t(
            `(ไม่เกิน ${EXPORT_LIMIT.toLocaleString('th-TH')} รายการล่าสุด)`,
            `(at most the latest ${EXPORT_LIMIT.toLocaleString('en')})`,
          )}
        </span>
      </p>
      <DataTable
        caption={title}
        rows={p.items}
        rowKey={(x) => x.id}
        columns={[
          { label: t('วันเวลา', 'When'), cell: (x) => formatDateTimeBE(x.at) },
          { label: t('ผู้ใช้', 'User'), cell: (x) => x.actorUsername ?? '–' },
          {
            label: t('การดำเนินการ', 'What happened'),
            cell: (x) => (
              <>
                <strong>{x.actionLabel}</strong>
                <br />
                {x.sentence}
              </>
            ),
          },
          {
            label: t('อปท.', 'LAO'),
            cell: (x) =>
              x.laoCode ? (
                <a class="govuk-link" href={`/activity?lao=${x.laoCode}`}>
                  {x.laoCode}
                </a>
              ) : (
                '–'
              ),
          },
          { label: 'IP', cell: (x) => x.ip ?? '' },
        ]}
      />
      <Pager
        page={p.page}
        pageSize={p.pageSize}
        total={p.total}
        lang={p.ctx.lang}
        href={(n) =>
          hrefWith('/activity', {
            ...filters,
            pageSize: p.pageSize === 20 ? null : p.pageSize,
            page: n,
          })
        }
      />
    </Layout>
  );
}

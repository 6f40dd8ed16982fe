import { BarChart } from '../dashboards/chart.tsx';
import { translator } from '../plugins/i18n.ts';
import { formatNumber } from '../util/numbers.ts';
import {
  DataTable,
  ErrorSummary,
  hrefWith,
  Select,
  SummaryList,
  type ViewFieldError,
  YearSelect,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { ReportBy } from './aggregates.schemas.ts';
import type { Report, ReportGroup } from './aggregates.service.ts';

export type ReportForm = {
  year: number;
  dataset: string;
  field: string;
  by: ReportBy;
  province?: string | undefined;
  district?: string | undefined;
  lao?: string | undefined;
  basis: 'certified' | 'recorded';
};

type Option = { value: string; label: string };

/** The groupings that make sense at each level of the drill-down: country → province → LAO. */
export function bysFor(f: {
  province?: string | undefined;
  district?: string | undefined;
  lao?: string | undefined;
}) {
  if (f.lao) return ['lao'] as const;
  if (f.district) return ['lao', 'type'] as const;
  if (f.province) return ['lao', 'district', 'type'] as const;
  return ['province', 'type'] as const;
}

const byLabel = (by: ReportBy, t: (th: string, en: string) => string) =>
  ({
    province: t('รายจังหวัด', 'By province'),
    district: t('รายอำเภอ', 'By district'),
    type: t('ตามประเภท อปท.', 'By LAO type'),
    lao: t('ราย อปท.', 'By LAO'),
  })[by];

/** The query of a report's page, downloads and API with the same conditions. */
export const reportHref = (path: string, f: ReportForm, more: Partial<ReportForm> = {}) => {
  const q = { ...f, ...more };
  return hrefWith(path, {
    year: q.year,
    dataset: q.dataset,
    field: q.field,
    by: q.by,
    province: q.province,
    district: q.district,
    lao: q.lao,
    basis: q.basis === 'certified' ? undefined : q.basis,
  });
};

/**
 * The report page: choose a fiscal year, a measure (a numeric field of a data set) and a grouping; read the
 * sums, counts, means and last year's sums as a bar chart (SVG) and a table; drill down from the country to a
 * province to an LAO; download the table as CSV or .xlsx. Works without JavaScript (a GET form).
 */
export function ReportPage(p: {
  ctx: PageCtx;
  form: ReportForm;
  years: number[];
  measures: Option[];
  report: Report | null;
  /** The names of the area drilled into, for the heading and the breadcrumbs. */
  area: {
    provinceName?: string | undefined;
    laoName?: string | undefined;
    districtName?: string | undefined;
  };
  signedIn: boolean;
  errors?: ViewFieldError[];
}) {
  const { ctx, form, report: r } = p;
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const errors = p.errors ?? [];
  const num = (n: number | null) => (n === null ? '–' : formatNumber(Math.round(n * 100) / 100, ctx.lang));
  const unit = r?.field.unit ? ` ${r.field.unit}` : '';
  const national = {
    ...form,
    province: undefined,
    district: undefined,
    lao: undefined,
    by: 'province' as const,
  };
  const crumbs = [
    { href: '/reports', label: t('รายงาน', 'Reports') },
    ...(form.province || form.lao
      ? [{ href: reportHref('/reports', national), label: t('ทั้งประเทศ', 'Whole country') }]
      : []),
    ...(form.lao && form.province
      ? [
          {
            href: reportHref('/reports', { ...national, province: form.province, by: 'lao' }),
            label: p.area.provinceName ?? form.province,
          },
        ]
      : []),
  ];
  const where = form.lao
    ? (p.area.laoName ?? form.lao)
    : form.district
      ? t(`อำเภอ${p.area.districtName ?? form.district}`, `District ${p.area.districtName ?? form.district}`)
      : form.province
        ? t(
            `จังหวัด${p.area.provinceName ?? form.province}`,
            `${p.area.provinceName ?? form.province} province`,
          )
        : t('ทั้งประเทศ', 'Whole country');
  const drill = (g: ReportGroup) => {
    if (r?.by === 'province') return reportHref('/reports', form, { province: g.code, by: 'lao' });
    if (r?.by === 'district') return reportHref('/reports', form, { district: g.code, by: 'lao' });
    if (r?.by === 'lao' && !form.lao) return reportHref('/reports', form, { lao: g.code, by: 'lao' });
    return null;
  };
  const pct = (c: number | null) => {
    if (c === null) return '–';
    // Rounded first, so that a tiny fall reads 0%, not -0%.
    const p = Math.round(c * 1000) / 10 || 0;
    return `${p > 0 ? '+' : ''}${formatNumber(p, ctx.lang)}%`;
  };
  const top = r ? [...r.items].sort((a, b) => b.sum - a.sum).slice(0, 25) : [];
  const title = r
    ? t(
        `${r.field.labelTh}${unit ? ` (${r.field.unit})` : ''} — ${r.dataset.nameTh} ปีงบประมาณ ${r.year} ${where}`,
        `${r.field.labelEn}${unit ? ` (${r.field.unit})` : ''} — ${r.dataset.nameEn}, fiscal year ${r.year}, ${where}`,
      )
    : t('รายงานข้อมูล', 'Reports');
  return (
    <Layout ctx={ctx} title={title} hasErrors={errors.length > 0} wide breadcrumbs={crumbs}>
      <ErrorSummary errors={errors} lang={ctx.lang} />
      <h1 class="govuk-heading-l">{r ? title : t('รายงานข้อมูล', 'Reports')}</h1>
      <p class="govuk-body">
        {t(
          'ผลรวม ค่าเฉลี่ย และจำนวน ของข้อมูลตัวเลขทุกชุดข้อมูล รายจังหวัด อำเภอ ประเภท อปท. และเทียบกับปีก่อน ประชาชนเห็นเฉพาะข้อมูลที่ อปท. รับรองแล้ว',
          'Totals, means and counts of every numeric field of every data set, by province, district and LAO type, and against last year. The public sees certified data only.',
        )}{' '}
        <a class="govuk-link" href="/opendata">
          {t('ดาวน์โหลดข้อมูลเปิด', 'Download the open data')}
        </a>
      </p>
      <form method="get" action="/reports" novalidate>
        <fieldset class="govuk-fieldset">
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
            {t('เลือกรายงาน', 'Choose a report')}
          </legend>
          <Select
            name="measure"
            label={t('ชุดข้อมูลและข้อมูลตัวเลข', 'Data set and numeric field')}
            value={`${form.dataset}:${form.field}`}
            options={p.measures}
            error={errorFor(errors, 'dataset') ?? errorFor(errors, 'field')}
          />
          <div class="app-search-row">
            <YearSelect lang={ctx.lang} years={p.years} value={form.year} error={errorFor(errors, 'year')} />
            <Select
              name="by"
              label={t('จัดกลุ่ม', 'Group')}
              value={form.by}
              options={bysFor(form).map((b) => ({ value: b, label: byLabel(b, t) }))}
              error={errorFor(errors, 'by')}
            />
            {p.signedIn ? (
              <Select
                name="basis"
                label={t('ข้อมูลที่ใช้', 'Data')}
                value={form.basis}
                options={[
                  {
                    value: 'certified',
                    label: t('ที่ อปท. รับรองแล้ว (ข้อมูลเปิด)', 'Certified by the LAO (open data)'),
                  },
                  {
                    value: 'recorded',
                    label: t('ที่บันทึกทั้งหมด ในพื้นที่ของฉัน', 'Everything recorded, in my area'),
                  },
                ]}
                error={errorFor(errors, 'basis')}
              />
            ) : null}
          </div>
          {form.province ? <input type="hidden" name="province" value={form.province} /> : null}
          {form.district ? <input type="hidden" name="district" value={form.district} /> : null}
          {form.lao ? <input type="hidden" name="lao" value={form.lao} /> : null}
        </fieldset>
        <button type="submit" class="govuk-button">
          {t('แสดงรายงาน', 'Show the report')}
        </button>
      </form>
      {r ? (
        <>
          <p class="govuk-body">
            {r.basis === 'certified'
              ? t('ข้อมูลที่ อปท. รับรองแล้วเท่านั้น', 'Data certified by the LAO only')
              : t('ข้อมูลที่บันทึกทั้งหมด รวมที่ยังไม่รับรอง', 'Everything recorded, certified or not')}
            {' · '}
            {t('ดาวน์โหลดตารางนี้:', 'Download this table:')}{' '}
            <a class="govuk-link" href={reportHref('/reports.csv', form)} download>
              CSV
            </a>
            {' · '}
            <a class="govuk-link" href={reportHref('/reports.xlsx', form)} download>
              Excel (.xlsx)
            </a>
            {' · '}
            <a class="govuk-link" href={reportHref('/api/v1/reports/stats', form)}>
              JSON
            </a>
          </p>
          <SummaryList
            rows={[
              [t('ผลรวม', 'Total'), `${num(r.total.sum)}${unit}`],
              [t('ค่าเฉลี่ย', 'Mean'), `${num(r.total.mean)}${unit}`],
              [t('จำนวน อปท. ที่มีข้อมูล', 'LAOs with data'), num(r.total.laos)],
              r.dataset.kind === 'list' && [t('จำนวนรายการ', 'Rows'), num(r.total.rows)],
              r.previousYear !== null && [
                t(`ปีงบประมาณ ${r.previousYear}`, `Fiscal year ${r.previousYear}`),
                `${num(r.total.previous?.sum ?? null)}${unit} (${t('เปลี่ยนแปลง', 'change')} ${pct(r.total.change)})`,
              ],
            ]}
          />
          {r.items.length === 0 ? (
            <p class="govuk-body">{t('ยังไม่มีข้อมูลตามเงื่อนไขนี้', 'No data for these conditions yet')}</p>
          ) : (
            <>
              {form.lao ? null : (
                <BarChart
                  id="report-chart"
                  title={t(
                    `ผลรวม${r.field.labelTh} ${byLabel(r.by, t)}${r.items.length > top.length ? ` ${top.length} อันดับแรก` : ''}`,
                    `Total ${r.field.labelEn} ${byLabel(r.by, t).toLowerCase()}${r.items.length > top.length ? `, top ${top.length}` : ''}`,
                  )}
                  desc={top
                    .slice(0, 5)
                    .map((g) => `${en ? g.nameEn : g.nameTh} ${num(g.sum)}${unit}`)
                    .join(', ')}
                  bars={top.map((g) => ({
                    key: g.code,
                    label: en ? g.nameEn : g.nameTh,
                    value: g.sum,
                    text: `${num(g.sum)}${unit}`,
                  }))}
                />
              )}
              <DataTable
                caption={t(
                  `${r.field.labelTh} ${byLabel(r.by, t)}`,
                  `${r.field.labelEn} ${byLabel(r.by, t)}`,
                )}
                captionSize="m"
                id="report-table"
                rows={r.items}
                rowKey={(g) => g.code}
                columns={[
                  {
                    label: byLabel(r.by, t)
                      .replace(/^(ราย|ตาม)/, '')
                      .replace(/^By /, ''),
                    rowHeader: true,
                    cell: (g) => {
                      const href = drill(g);
                      const name = en ? g.nameEn : g.nameTh;
                      return href ? (
                        <a class="govuk-link" href={href}>
                          {name}
                        </a>
                      ) : (
                        name
                      );
                    },
                  },
                  { label: t('อปท. ที่มีข้อมูล', 'LAOs with data'), numeric: true, cell: (g) => num(g.laos) },
                  r.dataset.kind === 'list' && {
                    label: t('จำนวนรายการ', 'Rows'),
                    numeric: true,
                    cell: (g) => num(g.rows),
                  },
                  { label: t(`ผลรวม${unit}`, `Total${unit}`), numeric: true, cell: (g) => num(g.sum) },
                  { label: t('ค่าเฉลี่ย', 'Mean'), numeric: true, cell: (g) => num(g.mean) },
                  { label: t('ต่ำสุด', 'Min'), numeric: true, cell: (g) => num(g.min) },
                  { label: t('สูงสุด', 'Max'), numeric: true, cell: (g) => num(g.max) },
                  r.previousYear !== null && {
                    label: t(`ผลรวมปี ${r.previousYear}`, `Total ${r.previousYear}`),
                    numeric: true,
                    cell: (g) => num(g.previous?.sum ?? null),
                  },
                  r.previousYear !== null && {
                    label: t('เปลี่ยนแปลง', 'Change'),
                    numeric: true,
                    cell: (g) => pct(g.change),
                  },
                ]}
              />
            </>
          )}
        </>
      ) : null}
    </Layout>
  );
}

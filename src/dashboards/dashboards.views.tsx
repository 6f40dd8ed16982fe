import { isoToBE } from '../assignments/due-dates.ts';

import { translator } from '../plugins/i18n.ts';
import { type Column, DataTable, hrefWith, SummaryList, YearSelect } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { ProgressChart } from './chart.tsx';
import type { Extension, NationalSummary } from './dashboards.service.ts';
import { ExtensionsTable } from './extensions.views.tsx';

type Lang = PageCtx['lang'];
export const pctText = (n: number, of: number, lang: Lang) =>
  `${(of > 0 ? (n / of) * 100 : 0).toLocaleString(lang === 'en' ? 'en' : 'th', { maximumFractionDigits: 1 })}%`;
export const num = (n: number, lang: Lang) => n.toLocaleString(lang === 'en' ? 'en' : 'th');

/** The LAO (linked to its certification page for the year, naming the row) and its district: two columns. */
export function laoColumns<R extends { code: string; nameTh: string; districtNameTh: string }>(
  year: number,
  t: (th: string, en: string) => string,
): Column<R>[] {
  return [
    {
      label: t('อปท.', 'LAO'),
      rowHeader: true,
      cell: (l) => (
        <a class="govuk-link" href={`/certification/laos/${l.code}/years/${year}`}>
          {l.nameTh}
        </a>
      ),
    },
    { label: t('อำเภอ', 'District'), cell: (l) => l.districtNameTh },
  ];
}

export function YearForm({
  ctx,
  action,
  year,
  years,
}: {
  ctx: PageCtx;
  action: string;
  year: number;
  years: number[];
}) {
  const t = translator(ctx.lang);
  return (
    <form method="get" action={action} class="app-search-row">
      <YearSelect lang={ctx.lang} years={years} value={year} />
      <div class="govuk-form-group">
        <button type="submit" class="govuk-button govuk-button--secondary">
          {t('แสดง', 'Show')}
        </button>
      </div>
    </form>
  );
}

export function DeadlineLine({
  deadline,
  year,
  lang,
}: {
  deadline: string | null;
  year: number;
  lang: Lang;
}) {
  const t = translator(lang);
  return (
    <p class="govuk-body">
      {deadline
        ? t(
            `กำหนดส่งข้อมูลปีงบประมาณ ${year}: ${isoToBE(deadline)}`,
            `Fiscal year ${year} deadline: ${isoToBE(deadline)}`,
          )
        : t(
            `ส่วนกลางยังไม่ได้กำหนดวันส่งข้อมูลของปีงบประมาณ ${year}`,
            `The centre has not set fiscal year ${year}'s deadline yet`,
          )}
    </p>
  );
}

/** The three headline shares of a summary. */
function Headline({ s, lang }: { s: NationalSummary['totals']; lang: Lang }) {
  const t = translator(lang);
  const items = [
    [t('ด้านที่บันทึกครบ', 'Aspects recorded'), s.recorded],
    [t('อปท. รับรองแล้ว', 'Certified by the LAO'), s.laoCertified],
    [t('จังหวัดรับรองแล้ว', 'Certified by the province'), s.provinceCertified],
  ] as const;
  return (
    <SummaryList
      rows={items.map(([label, n]) => [
        label,
        <>
          <strong>{pctText(n, s.aspects, lang)}</strong>{' '}
          {t(
            `(${num(n, lang)} จาก ${num(s.aspects, lang)} ด้าน)`,
            `(${num(n, lang)} of ${num(s.aspects, lang)} aspects)`,
          )}
        </>,
      ])}
    />
  );
}

type NationalRow = NationalSummary['provinces'][number] & { behind?: number; extensions?: number };

/**
 * The national dashboard: headline shares, the progress chart toward the deadline and a table per province.
 * `admin` adds the LAOs behind the deadline, the extensions and links to each province's dashboard.
 */
export function NationalPage(p: {
  ctx: PageCtx;
  s: Omit<NationalSummary, 'provinces'> & { provinces: NationalRow[] };
  years: number[];
  admin: boolean;
  behind?: number;
  extensions?: Extension[];
}) {
  const { ctx, s } = p;
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const title = p.admin
    ? t(`แดชบอร์ดระดับประเทศ ปีงบประมาณ ${s.year}`, `National dashboard, fiscal year ${s.year}`)
    : t(
        `ภาพรวมการบันทึกและรับรองข้อมูล ปีงบประมาณ ${s.year}`,
        `Recording and certification, fiscal year ${s.year}`,
      );
  return (
    <Layout ctx={ctx} title={title} wide>
      <h1 class="govuk-heading-l">{title}</h1>
      <YearForm
        ctx={ctx}
        action={p.admin ? '/dashboards/national' : '/dashboards/summary'}
        year={s.year}
        years={p.years}
      />
      <DeadlineLine deadline={s.deadline} year={s.year} lang={ctx.lang} />
      <p class="govuk-body">
        {t(
          `อปท. ${num(s.totals.laos, 'th')} แห่ง × 8 ด้าน = ${num(s.totals.aspects, 'th')} ด้าน`,
          `${num(s.totals.laos, 'en')} LAOs × 8 aspects = ${num(s.totals.aspects, 'en')} aspects`,
        )}
        {p.admin && p.behind !== undefined
          ? t(
              ` · ล่าช้ากว่ากำหนด ${num(p.behind, 'th')} แห่ง`,
              ` · ${num(p.behind, 'en')} LAOs behind the deadline`,
            )
          : ''}
      </p>
      <Headline s={s.totals} lang={ctx.lang} />
      <h2 class="govuk-heading-m">{t('ความก้าวหน้าเทียบกับกำหนดส่ง', 'Progress toward the deadline')}</h2>
      <ProgressChart
        ctx={ctx}
        id="national-progress"
        points={s.chart.points}
        total={s.totals.aspects}
        from={s.chart.from}
        to={s.chart.to}
        deadline={s.deadline}
        title={t(`ความก้าวหน้าทั้งประเทศ ปีงบประมาณ ${s.year}`, `National progress, fiscal year ${s.year}`)}
      />
      <h2 class="govuk-heading-m">{t('รายจังหวัด', 'By province')}</h2>
      <DataTable
        caption={t('ร้อยละของด้านรายจังหวัด', 'Shares of aspects by province')}
        mode="scroll"
        class="app-status-table"
        id="provinces"
        rows={s.provinces}
        rowKey={(r) => r.code}
        columns={[
          {
            label: t('จังหวัด', 'Province'),
            rowHeader: true,
            cell: (r) => (
              <a
                class="govuk-link"
                href={
                  p.admin
                    ? `/dashboards/province/${r.code}?year=${s.year}`
                    : hrefWith('/status', { year: s.year, province: r.code })
                }
              >
                {en ? r.nameEn : r.nameTh}
              </a>
            ),
          },
          { label: t('อปท.', 'LAOs'), numeric: true, cell: (r) => num(r.laos, ctx.lang) },
          {
            label: t('บันทึกครบ', 'Recorded'),
            numeric: true,
            cell: (r) => pctText(r.recorded, r.aspects, ctx.lang),
          },
          {
            label: t('อปท. รับรอง', 'LAO certified'),
            numeric: true,
            cell: (r) => pctText(r.laoCertified, r.aspects, ctx.lang),
          },
          {
            label: t('จังหวัดรับรอง', 'Province certified'),
            numeric: true,
            cell: (r) => pctText(r.provinceCertified, r.aspects, ctx.lang),
          },
          p.admin && {
            label: t('ล่าช้า (แห่ง)', 'Behind (LAOs)'),
            numeric: true,
            cell: (r) => num(r.behind ?? 0, ctx.lang),
          },
          p.admin && {
            label: t('ขยายเวลา', 'Extensions'),
            numeric: true,
            cell: (r) => num(r.extensions ?? 0, ctx.lang),
          },
        ]}
      />
      {p.admin && p.extensions ? <ExtensionsTable items={p.extensions} ctx={ctx} showProvince /> : null}
      {!p.admin ? (
        <p class="govuk-body">
          <a class="govuk-link" href={hrefWith('/status', { year: s.year })}>
            {t('ค้นหาสถานะการรับรองข้อมูลราย อปท.', 'Search the certification status of each LAO')}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

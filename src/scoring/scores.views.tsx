import { pick, translator } from '../plugins/i18n.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  DataTable,
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
import { type byProvince, criterionOf, type ScoreRow, type ScoreRun } from './scoring.service.ts';
import { AsOfInput, ExportLinks, scoreColours } from './scoring.views.tsx';

/** The distribution 0–5 as a server-rendered SVG bar chart (the table beside it is the text alternative). */
export function DistributionChart(p: { ctx: PageCtx; distribution: Record<string, number>; id: string }) {
  const t = translator(p.ctx.lang);
  const max = Math.max(1, ...Object.values(p.distribution));
  const w = 360;
  const h = 160;
  const bw = 44;
  return (
    <svg
      class="app-chart"
      viewBox={`0 0 ${w} ${h + 30}`}
      width={w}
      height={h + 30}
      role="img"
      aria-labelledby={`${p.id}-title`}
    >
      <title id={`${p.id}-title`}>
        {t('จำนวน อปท. ตามคะแนน 0–5', 'Number of LAOs by score 0–5')}:{' '}
        {[0, 1, 2, 3, 4, 5].map((s) => `${s}: ${p.distribution[String(s)] ?? 0}`).join(', ')}
      </title>
      {[0, 1, 2, 3, 4, 5].map((s) => {
        const n = p.distribution[String(s)] ?? 0;
        const bh = Math.round((n / max) * (h - 20));
        const x = 10 + s * (bw + 14);
        return (
          <g key={s}>
            <rect x={x} y={h - bh} width={bw} height={bh} fill={scoreColours[s]} />
            <text x={x + bw / 2} y={h - bh - 4} text-anchor="middle" font-size="12">
              {n.toLocaleString('en')}
            </text>
            <text x={x + bw / 2} y={h + 18} text-anchor="middle" font-size="13">
              {s}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** The distribution by province: one 100 % stacked bar per province, server-rendered SVG. */
export function ProvinceChart(p: { ctx: PageCtx; provinces: ReturnType<typeof byProvince> }) {
  const t = translator(p.ctx.lang);
  const row = 16;
  const label = 150;
  const w = 640;
  const h = p.provinces.length * row + 30;
  return (
    <svg
      class="app-chart"
      viewBox={`0 0 ${w} ${h}`}
      width="100%"
      role="img"
      aria-labelledby="province-chart-title"
    >
      <title id="province-chart-title">
        {t(
          'สัดส่วน อปท. ตามคะแนน 0–5 รายจังหวัด (ตัวเลขอยู่ในตารางถัดไป)',
          'Share of LAOs by score 0–5 in each province (the numbers are in the next table)',
        )}
      </title>
      {[0, 1, 2, 3, 4, 5].map((s) => (
        <g key={`legend-${s}`}>
          <rect x={label + s * 60} y={2} width={12} height={12} fill={scoreColours[s]} />
          <text x={label + s * 60 + 16} y={12} font-size="11">
            {t(`${s} คะแนน`, `score ${s}`)}
          </text>
        </g>
      ))}
      {p.provinces.map((pr, i) => {
        let x = label;
        const y = 24 + i * row;
        return (
          <g key={pr.code}>
            <text x={label - 6} y={y + 11} text-anchor="end" font-size="11">
              {p.ctx.lang === 'en' ? pr.nameEn : pr.nameTh}
            </text>
            {[0, 1, 2, 3, 4, 5].map((s) => {
              const width = ((pr.distribution[String(s)] ?? 0) / Math.max(1, pr.total)) * (w - label - 10);
              const r = <rect key={s} x={x} y={y} width={width} height={row - 3} fill={scoreColours[s]} />;
              x += width;
              return r;
            })}
          </g>
        );
      })}
    </svg>
  );
}

export function DistributionTable(p: {
  ctx: PageCtx;
  distribution: Record<string, number>;
  caption: string;
}) {
  const total = Object.values(p.distribution).reduce((a, b) => a + b, 0);
  const t = translator(p.ctx.lang);
  return (
    <DataTable
      caption={p.caption}
      captionSize="s"
      rows={[0, 1, 2, 3, 4, 5]}
      rowKey={(s) => s}
      columns={[
        { label: t('คะแนน', 'Score'), rowHeader: true, cell: (s) => s },
        {
          label: t('จำนวน อปท.', 'LAOs'),
          numeric: true,
          cell: (s) => (p.distribution[String(s)] ?? 0).toLocaleString('en'),
        },
        {
          label: '%',
          numeric: true,
          cell: (s) => (total ? (((p.distribution[String(s)] ?? 0) * 100) / total).toFixed(1) : '0.0'),
        },
      ]}
    />
  );
}

export type ScoresPageProps = {
  ctx: PageCtx;
  query: {
    year: number;
    asOf?: string | undefined;
    province?: string | undefined;
    district?: string | undefined;
    score?: number | undefined;
  };
  run: ScoreRun;
  distribution: Record<string, number>;
  rows: ScoreRow[];
  total: number;
  page: number;
  pageSize: number;
  provinces: { code: string; name_th: string; name_en: string }[];
  districts: { code: string; name_th: string; name_en: string }[];
  byProvince: ReturnType<typeof byProvince> | null;
  errors?: ViewFieldError[];
};

/** Provinces or districts as select options, named in the page's language. */
const placeOptions = (list: { code: string; name_th: string; name_en: string }[], lang: 'th' | 'en') =>
  list.map((x) => ({ value: x.code, label: lang === 'en' ? x.name_en : x.name_th }));

/** /scores: the province table (LAOs × score, distribution, filters) or, without a province, the national view. */
export function ScoresPage(p: ScoresPageProps) {
  const t = translator(p.ctx.lang);
  const q = p.query;
  const errors = p.errors ?? [];
  const qs = { year: q.year, asOf: q.asOf, province: q.province, district: q.district, score: q.score };
  const province = p.provinces.find((x) => x.code === q.province);
  const title = province
    ? t(`คะแนนตัวชี้วัดที่ 4 จังหวัด${province.name_th}`, `Indicator 4 scores: ${province.name_en}`)
    : t('คะแนนตัวชี้วัดที่ 4 ทั้งประเทศ', 'Indicator 4 scores: the whole country');
  return (
    <Layout ctx={p.ctx} title={title} wide hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} lang={p.ctx.lang} />
      <h1 class="govuk-heading-l">{title}</h1>
      <p class="govuk-body">
        {t('ปีงบประมาณ', 'Fiscal year')} {q.year} · {t('ณ วันที่', 'as of')} {formatDateTimeBE(p.run.asOf)} ·{' '}
        {t('อปท.', 'LAOs')} {p.run.results.length.toLocaleString('en')}
      </p>
      <form method="get" action="/scores" class="app-filters app-noprint">
        <div class="govuk-grid-row">
          <div class="govuk-grid-column-one-quarter">
            <TextInput
              name="year"
              label={t('ปีงบประมาณ', 'Fiscal year')}
              value={q.year}
              width="5"
              inputmode="numeric"
              error={errorFor(errors, 'year')}
            />
          </div>
          {[
            {
              name: 'province',
              label: t('จังหวัด', 'Province'),
              empty: t('ทั้งประเทศ', 'Whole country'),
              value: q.province,
              options: placeOptions(p.provinces, p.ctx.lang),
            },
            {
              name: 'district',
              label: t('อำเภอ', 'District'),
              empty: t('ทุกอำเภอ', 'All districts'),
              value: q.district,
              options: placeOptions(p.districts, p.ctx.lang),
            },
            {
              name: 'score',
              label: t('คะแนน', 'Score'),
              empty: t('ทุกคะแนน', 'Any score'),
              value: q.score === undefined ? '' : String(q.score),
              options: [0, 1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) })),
            },
          ].map((f) => (
            <div class="govuk-grid-column-one-quarter" key={f.name}>
              <Select {...f} error={errorFor(errors, f.name)} />
            </div>
          ))}
        </div>
        <AsOfInput
          ctx={p.ctx}
          label={t('ณ วันเวลา', 'As of')}
          value={q.asOf}
          error={errorFor(errors, 'asOf')}
        />
        <button type="submit" class="govuk-button">
          {t('แสดง', 'Show')}
        </button>
      </form>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-one-half">
          <DistributionChart ctx={p.ctx} distribution={p.distribution} id="dist-chart" />
        </div>
        <div class="govuk-grid-column-one-half">
          <DistributionTable
            ctx={p.ctx}
            distribution={p.distribution}
            caption={t('จำนวน อปท. ตามคะแนน', 'LAOs by score')}
          />
        </div>
      </div>
      <ExportLinks
        label={t('ส่งออกตาราง อปท.', 'Export the LAO table')}
        csv={hrefWith('/scores.csv', qs)}
        xlsx={hrefWith('/scores.xlsx', qs)}
      />
      {p.byProvince ? (
        <>
          <h2 class="govuk-heading-m">{t('การกระจายคะแนนรายจังหวัด', 'Distribution by province')}</h2>
          <ProvinceChart ctx={p.ctx} provinces={p.byProvince} />
          <div id="by-province">
            <DataTable
              mode="scroll"
              caption={t('จำนวน อปท. ตามคะแนน รายจังหวัด', 'LAOs by score in each province')}
              captionSize="s"
              rows={p.byProvince}
              rowKey={(pr) => pr.code}
              columns={[
                {
                  label: t('จังหวัด', 'Province'),
                  rowHeader: true,
                  cell: (pr) => (
                    <a
                      class="govuk-link"
                      href={hrefWith('/scores', { year: q.year, asOf: q.asOf, province: pr.code })}
                    >
                      {p.ctx.lang === 'en' ? pr.nameEn : pr.nameTh}
                    </a>
                  ),
                },
                ...[0, 1, 2, 3, 4, 5].map((s) => ({
                  label: t(`${s} คะแนน`, `Score ${s}`),
                  numeric: true,
                  cell: (pr: (typeof p.byProvince)[number]) => pr.distribution[String(s)],
                })),
                { label: t('รวม', 'Total'), numeric: true, cell: (pr) => pr.total },
                { label: t('เฉลี่ย', 'Mean'), numeric: true, cell: (pr) => pr.mean.toFixed(2) },
              ]}
            />
          </div>
          <ExportLinks
            label={t('ส่งออกตารางรายจังหวัด', 'Export the province table')}
            csv={hrefWith('/scores/by-province.csv', { year: q.year, asOf: q.asOf })}
            xlsx={hrefWith('/scores/by-province.xlsx', { year: q.year, asOf: q.asOf })}
          />
        </>
      ) : null}
      <h2 class="govuk-heading-m">{t('คะแนนราย อปท.', 'Score of each LAO')}</h2>
      <div id="scores">
        <DataTable
          caption={t('คะแนนราย อปท.', 'Score of each LAO')}
          rows={p.rows}
          rowKey={(r) => r.lao.code}
          columns={[
            { label: t('ลำดับ', 'No.'), cell: (_r, i) => (p.page - 1) * p.pageSize + i + 1 },
            {
              label: t('จังหวัด', 'Province'),
              cell: (r) => (p.ctx.lang === 'en' ? r.lao.province_name_en : r.lao.province_name_th),
            },
            {
              label: t('อำเภอ', 'District'),
              cell: (r) => (p.ctx.lang === 'en' ? r.lao.district_name_en : r.lao.district_name_th),
            },
            {
              label: t('อปท.', 'LAO'),
              rowHeader: true,
              cell: (r) => (
                <a
                  class="govuk-link"
                  href={hrefWith(`/laos/${r.lao.code}/years/${q.year}/score`, { asOf: q.asOf })}
                >
                  {fullNameTh(r.lao.type, r.lao.name)}
                </a>
              ),
            },
            { label: t('คะแนน', 'Score'), numeric: true, cell: (r) => r.result.score },
            {
              label: t('เกณฑ์ที่ได้', 'Criterion met'),
              cell: (r) => pick(p.ctx.lang, criterionOf(p.run.rubric.rubric, r.result.score)),
            },
          ]}
        />
      </div>
      <Pager
        page={p.page}
        pageSize={p.pageSize}
        total={p.total}
        lang={p.ctx.lang}
        href={(n) =>
          hrefWith('/scores', { ...qs, page: n, pageSize: p.pageSize === 50 ? undefined : p.pageSize })
        }
      />
    </Layout>
  );
}

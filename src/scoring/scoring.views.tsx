import { pick, translator } from '../plugins/i18n.ts';
import { roleName } from '../policy/policy.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import type { LaoRow } from '../registry/registry.repository.ts';
import type { Role } from '../users/users.table.ts';
import type { Paging } from '../util/paging.ts';
import { formatDateBE, formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  hrefWith,
  Pager,
  ScrollBox,
  Select,
  TableHead,
  Tag,
  TextInput,
  type ViewFieldError,
  WarningText,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { describeReason, type Reason, type ScoreResult } from './scoring.engine.ts';
import {
  type Assessment,
  type byProvince,
  criterionOf,
  type evidenceOf,
  type listAssessments,
  type ScoreRow,
  type ScoreRun,
} from './scoring.service.ts';

const scoreColours = ['#b10e1e', '#d4351c', '#f47738', '#ffdd00', '#85994b', '#00703c'];
const dataCodes = new Set<Reason['code']>([
  'aspect_no_data',
  'dataset_empty',
  'dataset_incomplete',
  'dataset_invalid',
  'dataset_not_current',
]);

/** Where a step leads: the data set to fix, or the aspect's certification page. */
export function stepHref(code: string, year: number, r: Reason) {
  if (r.datasetId) return `/laos/${code}/years/${year}/datasets/${r.datasetId}`;
  if (dataCodes.has(r.code)) return `/laos/${code}/years/${year}#aspect-${r.aspect}`;
  return `/certification/laos/${code}/years/${year}#aspect-${r.aspect}`;
}

/** The moment to score as of: Buddhist-era date and time, empty for now. */
function AsOfInput(p: {
  ctx: PageCtx;
  label: string;
  value: string | undefined;
  error?: string | undefined;
}) {
  const t = translator(p.ctx.lang);
  return (
    <TextInput
      name="asOf"
      label={p.label}
      hint={t(
        'วว/ดด/ปปปป ชช:นน (พ.ศ.) เช่น 15/05/2569 15:30 เว้นว่างคือขณะนี้',
        'dd/mm/yyyy HH:MM in the Buddhist era, e.g. 15/05/2569 15:30; empty for now',
      )}
      value={p.value}
      width="20"
      error={p.error}
    />
  );
}

/** The first columns of a table of LAOs: number, province, district, LAO (the evidence page is in Thai only). */
const laoCols = (t: (th: string, en: string) => string) => [
  t('ลำดับ', 'No.'),
  t('จังหวัด', 'Province'),
  t('อำเภอ', 'District'),
  t('อปท.', 'LAO'),
];

/** "Export …: CSV · Excel (.xlsx)" for a table that has both downloads. */
function ExportLinks(p: { label: string; csv: string; xlsx: string }) {
  return (
    <p class="govuk-body app-noprint">
      {p.label}:{' '}
      <a class="govuk-link" href={p.csv}>
        CSV
      </a>{' '}
      ·{' '}
      <a class="govuk-link" href={p.xlsx}>
        Excel (.xlsx)
      </a>
    </p>
  );
}

/**
 * The LAO's score panel (for the LAO dashboard and the score page): the score as of the moment, the criterion
 * met, and the steps to reach 5, each linked to the data set or the aspect's certification page.
 */
export function ScorePanel(p: {
  ctx: PageCtx;
  run: ScoreRun;
  result: ScoreResult;
  code: string;
  headingLevel?: 2 | 3;
  /** Fold the steps into a details element (the LAO dashboard, where the data sets come next). */
  collapsed?: boolean;
}) {
  const t = translator(p.ctx.lang);
  const { run, result } = p;
  const H = p.headingLevel === 3 ? 'h3' : 'h2';
  const data = result.reasons.filter((r) => dataCodes.has(r.code));
  const cert = result.reasons.filter((r) => !dataCodes.has(r.code));
  const step = (r: Reason) => (
    <li key={`${r.code}:${r.aspect}:${r.datasetId ?? ''}`}>
      <a class="govuk-link" href={stepHref(p.code, run.year, r)}>
        {pick(p.ctx.lang, describeReason(r, run.catalog, run.periodStart))}
      </a>
    </li>
  );
  const steps = (
    <>
      {data.length ? (
        <>
          <p class="govuk-body govuk-!-margin-bottom-1">
            {t('1. บันทึกและแก้ไขข้อมูล', '1. Record and correct the data')}
          </p>
          <ul class="govuk-list govuk-list--bullet" id="steps-data">
            {data.map(step)}
          </ul>
        </>
      ) : null}
      {cert.length ? (
        <>
          <p class="govuk-body govuk-!-margin-bottom-1">{t('2. รับรองข้อมูล', '2. Certify')}</p>
          <ul class="govuk-list govuk-list--bullet" id="steps-certification">
            {cert.map(step)}
          </ul>
        </>
      ) : null}
    </>
  );
  return (
    <section class="app-score-panel" aria-labelledby="score-heading">
      <H class="govuk-heading-m" id="score-heading">
        {t('คะแนนตัวชี้วัดที่ 4 (LPA)', 'LPA indicator 4 score')}
      </H>
      <p class="govuk-body">
        <strong class="app-score" data-score={result.score}>
          {t(`${result.score} จาก 5 คะแนน`, `${result.score} out of 5`)}
        </strong>
        {' · '}
        {t('ณ วันที่', 'as of')} {formatDateTimeBE(run.asOf)}
      </p>
      <p class="govuk-body">{pick(p.ctx.lang, criterionOf(run.rubric.rubric, result.score))}</p>
      {result.score === 5 ? (
        <p class="govuk-body">{t('ได้คะแนนเต็มแล้ว รักษาข้อมูลให้เป็นปัจจุบัน', 'Full score: keep the data current')}</p>
      ) : p.collapsed ? (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">
              {t(
                `สิ่งที่ต้องทำเพื่อให้ได้ 5 คะแนน (${result.reasons.length} รายการ)`,
                `Steps to reach 5 (${result.reasons.length})`,
              )}
            </span>
          </summary>
          <div class="govuk-details__text">{steps}</div>
        </details>
      ) : (
        <>
          <H class="govuk-heading-s">{t('สิ่งที่ต้องทำเพื่อให้ได้ 5 คะแนน', 'Steps to reach 5')}</H>
          {steps}
        </>
      )}
    </section>
  );
}

/** /laos/:code/years/:year/score: the panel on its own page, with a form to see the score as of another moment. */
export function ScorePage(p: {
  ctx: PageCtx;
  run: ScoreRun;
  result: ScoreResult;
  lao: LaoRow;
  asOfText: string;
}) {
  const t = translator(p.ctx.lang);
  const name = fullNameTh(p.lao.type, p.lao.name);
  const base = `/laos/${p.lao.code}/years/${p.run.year}`;
  return (
    <Layout
      ctx={p.ctx}
      title={t(`คะแนน ${name} ปีงบประมาณ ${p.run.year}`, `Score of ${name}, FY ${p.run.year}`)}
      breadcrumbs={[
        {
          href: hrefWith('/scores', { year: p.run.year, province: p.lao.province_code }),
          label: t('คะแนน', 'Scores'),
        },
        { href: `/registry/laos/${p.lao.code}`, label: name },
      ]}
    >
      <span class="govuk-caption-l">
        {p.lao.province_name_th} · {p.lao.district_name_th} · {t('ปีงบประมาณ', 'FY')} {p.run.year}
      </span>
      <h1 class="govuk-heading-l">{name}</h1>
      <ScorePanel ctx={p.ctx} run={p.run} result={p.result} code={p.lao.code} />
      <form method="get" action={`${base}/score`} class="app-noprint">
        <AsOfInput ctx={p.ctx} label={t('ดูคะแนน ณ วันเวลา', 'See the score as of')} value={p.asOfText} />
        <button type="submit" class="govuk-button govuk-button--secondary">
          {t('แสดงคะแนน', 'Show')}
        </button>
      </form>
      <p class="govuk-body">
        <a class="govuk-link" href={hrefWith(`${base}/evidence`, { asOf: p.asOfText || undefined })}>
          {t('หลักฐานสำหรับผู้ตรวจประเมิน (พิมพ์ได้)', 'Evidence for the assessor (printable)')}
        </a>
      </p>
      <p class="govuk-body-s">
        {t('เกณฑ์', 'Rubric')}:{' '}
        {pick(p.ctx.lang, { th: p.run.rubric.rubric.nameTh, en: p.run.rubric.rubric.nameEn })} ·{' '}
        {t('ช่วงการประเมิน', 'Period assessed')} {formatDateBE(p.run.periodStart)} –{' '}
        {formatDateTimeBE(p.run.asOf)}
      </p>
    </Layout>
  );
}

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

function DistributionTable(p: { ctx: PageCtx; distribution: Record<string, number>; caption: string }) {
  const total = Object.values(p.distribution).reduce((a, b) => a + b, 0);
  const t = translator(p.ctx.lang);
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-table__caption--s">{p.caption}</caption>
      <TableHead
        cols={[
          t('คะแนน', 'Score'),
          { label: t('จำนวน อปท.', 'LAOs'), numeric: true },
          { label: '%', numeric: true },
        ]}
      />
      <tbody class="govuk-table__body">
        {[0, 1, 2, 3, 4, 5].map((s) => (
          <tr class="govuk-table__row" key={s}>
            <td class="govuk-table__cell">{s}</td>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              {(p.distribution[String(s)] ?? 0).toLocaleString('en')}
            </td>
            <td class="govuk-table__cell govuk-table__cell--numeric">
              {total ? (((p.distribution[String(s)] ?? 0) * 100) / total).toFixed(1) : '0.0'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
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

const actionNames: Record<string, { th: string; en: string }> = {
  certify: { th: 'รับรอง', en: 'Certified' },
  withdraw: { th: 'ถอนการรับรอง', en: 'Withdrawn' },
  return: { th: 'ส่งคืน', en: 'Returned' },
  edit_after_certification: { th: 'แก้ไขหลังการรับรอง', en: 'Edited after certification' },
};
const levelNames: Record<string, { th: string; en: string }> = {
  lao: { th: 'อปท.', en: 'LAO' },
  province: { th: 'จังหวัด', en: 'Province' },
};

/** The assessor's evidence page: one LAO as of a moment, printable on A4 in Thai. */
export function EvidencePage(p: {
  ctx: PageCtx;
  ev: Awaited<ReturnType<typeof evidenceOf>>;
  asOfText: string;
}) {
  const t = translator(p.ctx.lang);
  const { run, lao, result, log } = p.ev;
  const name = fullNameTh(lao.type, lao.name);
  return (
    <Layout ctx={p.ctx} title={t(`หลักฐานตัวชี้วัดที่ 4 ${name}`, `Indicator 4 evidence: ${name}`)} wide>
      <div class="app-evidence">
        <h1 class="govuk-heading-l">
          {t(
            'หลักฐานการบันทึกข้อมูลในระบบข้อมูลกลาง อปท. (INFO) ตัวชี้วัดที่ 4',
            'Evidence of recording data in INFO: indicator 4',
          )}
        </h1>
        <p class="govuk-body">
          {name} · {t('อำเภอ', 'district')}
          {lao.district_name_th} · {t('จังหวัด', 'province')}
          {lao.province_name_th} · {t('ปีงบประมาณ', 'fiscal year')} {run.year}
          <br />
          {t('ข้อมูล ณ วันที่', 'Data as of')} {formatDateTimeBE(run.asOf)} ·{' '}
          {t('ช่วงการประเมิน', 'period assessed')} {formatDateBE(run.periodStart)} –{' '}
          {formatDateTimeBE(run.asOf)}
        </p>
        <h2 class="govuk-heading-m">{t('สถานะการรับรองข้อมูล', 'Certification status')}</h2>
        <ScrollBox label={t('สถานะการรับรองข้อมูล', 'Certification status')}>
          <table class="govuk-table app-status-row" id="status-row">
            <TableHead cols={[...laoCols(translator('th')), ...result.aspects.map((a) => `ด้านที่ ${a.no}`)]} />
            <tbody class="govuk-table__body">
              <tr class="govuk-table__row">
                <td class="govuk-table__cell">1</td>
                <td class="govuk-table__cell">{lao.province_name_th}</td>
                <td class="govuk-table__cell">{lao.district_name_th}</td>
                <td class="govuk-table__cell">{name}</td>
                {result.aspects.map((a) => (
                  <td class="govuk-table__cell" key={a.no}>
                    {a.laoCounts && a.laoCertifiedAt ? (
                      <>
                        <span aria-hidden="true">✓</span>
                        <span class="govuk-visually-hidden">{t('รับรองแล้ว', 'certified')}</span>
                        <br />ณ วันที่ {formatDateTimeBE(a.laoCertifiedAt)}
                        {a.provinceCounts && a.provinceCertifiedAt ? (
                          <>
                            <br />
                            {t('จังหวัดรับรอง', 'province')} {formatDateTimeBE(a.provinceCertifiedAt)}
                          </>
                        ) : null}
                      </>
                    ) : a.changedAfterCertificationAt ? (
                      t('แก้ไขหลังรับรอง', 'changed after certification')
                    ) : a.returnedAt ? (
                      t('ส่งคืน', 'returned')
                    ) : (
                      t('ยังไม่รับรอง', 'not certified')
                    )}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </ScrollBox>
        <h2 class="govuk-heading-m">{t('คะแนนและเหตุผล', 'Score and reasons')}</h2>
        <p class="govuk-body">
          <strong id="evidence-score">
            {t(`ได้ ${result.score} คะแนน จาก 5`, `${result.score} out of 5`)}
          </strong>{' '}
          — {pick(p.ctx.lang, criterionOf(run.rubric.rubric, result.score))}
        </p>
        {result.reasons.length ? (
          <ol class="govuk-list govuk-list--number" id="evidence-reasons">
            {result.reasons.map((r) => (
              <li key={`${r.code}:${r.aspect}:${r.datasetId ?? ''}`}>
                {pick(p.ctx.lang, describeReason(r, run.catalog, run.periodStart))}
              </li>
            ))}
          </ol>
        ) : (
          <p class="govuk-body">{t('ผ่านทุกเงื่อนไขของเกณฑ์', 'Every condition of the rubric is met')}</p>
        )}
        <h2 class="govuk-heading-m">{t('บันทึกการรับรองข้อมูล', 'Certification log')}</h2>
        {log.length ? (
          <table class="govuk-table" id="certification-log">
            <TableHead
              cols={[
                t('วันเวลา', 'When'),
                t('ด้าน', 'Aspect'),
                t('ระดับ', 'Level'),
                t('การดำเนินการ', 'Action'),
                t('โดย', 'By'),
                t('เหตุผล', 'Reason'),
              ]}
            />
            <tbody class="govuk-table__body">
              {log.map((e, i) => (
                <tr class="govuk-table__row" key={`${e.at}-${i}`}>
                  <td class="govuk-table__cell">{formatDateTimeBE(e.at)}</td>
                  <td class="govuk-table__cell">{e.sectionNo}</td>
                  <td class="govuk-table__cell">
                    {pick(p.ctx.lang, levelNames[e.level] ?? { th: e.level, en: e.level })}
                  </td>
                  <td class="govuk-table__cell">
                    {pick(p.ctx.lang, actionNames[e.action] ?? { th: e.action, en: e.action })}
                  </td>
                  <td class="govuk-table__cell">
                    {(e.byRole in
                    {
                      dla_admin: 1,
                      province_officer: 1,
                      district_officer: 1,
                      lao_admin: 1,
                      lao_certifier: 1,
                      lao_staff: 1,
                    }
                      ? roleName(e.byRole as Role, p.ctx.lang)
                      : e.byRole) + (e.byUsername ? ` (${e.byUsername})` : '')}
                  </td>
                  <td class="govuk-table__cell">{e.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p class="govuk-body">{t('ยังไม่มีการรับรองข้อมูลจนถึงวันเวลานี้', 'No certification up to this moment')}</p>
        )}
        <p class="govuk-body-s" id="generated">
          {t('จัดทำเมื่อ', 'Generated')} {formatDateTimeBE(p.ev.generatedAt)} ·{' '}
          {pick(p.ctx.lang, { th: run.rubric.rubric.nameTh, en: run.rubric.rubric.nameEn })} (
          {t('ฉบับ', 'revision')} {run.rubric.revision}) · lao-info
        </p>
        <p class="govuk-body app-noprint">
          <a
            class="govuk-link"
            href={hrefWith(`/laos/${lao.code}/years/${run.year}/score`, { asOf: p.asOfText || undefined })}
          >
            {t('กลับไปหน้าคะแนน', 'Back to the score')}
          </a>
        </p>
      </div>
    </Layout>
  );
}

const scopeLabel = (lang: 'th' | 'en', scope: string, code: string) =>
  scope === 'country'
    ? translator(lang)('ทั้งประเทศ', 'Whole country')
    : scope === 'province'
      ? translator(lang)(`จังหวัด ${code}`, `Province ${code}`)
      : translator(lang)(`อปท. ${code}`, `LAO ${code}`);

/** /assessments: frozen assessments and, for those who may, the form to record one. */
export function AssessmentsPage(p: {
  ctx: PageCtx;
  list: Awaited<ReturnType<typeof listAssessments>>;
  paging: Paging;
  canRecord: boolean;
  values?: Record<string, string | undefined>;
  errors?: ViewFieldError[];
}) {
  const t = translator(p.ctx.lang);
  const errors = p.errors ?? [];
  const v = p.values ?? {};
  return (
    <Layout ctx={p.ctx} title={t('การประเมินที่บันทึกไว้', 'Frozen assessments')} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} lang={p.ctx.lang} />
      <h1 class="govuk-heading-l">{t('การประเมินที่บันทึกไว้', 'Frozen assessments')}</h1>
      <p class="govuk-body">
        {t(
          'คะแนนและเหตุผล ณ วันที่ประเมินถูกบันทึกไว้และไม่เปลี่ยนแปลงตามการแก้ไขข้อมูลภายหลัง หากคำนวณใหม่แล้วได้ผลต่างจะมีเครื่องหมายแจ้ง',
          'The scores and reasons as of the assessment day are stored and never change with later edits; a recomputation that differs is flagged.',
        )}
      </p>
      {p.canRecord ? (
        <form method="post" action="/assessments" novalidate class="app-noprint">
          <CsrfField token={p.ctx.csrfToken} />
          <Select
            name="scope"
            label={t('ขอบเขต', 'Scope')}
            value={v.scope ?? 'lao'}
            options={[
              { value: 'lao', label: t('อปท. หนึ่งแห่ง', 'One LAO') },
              { value: 'province', label: t('ทั้งจังหวัด', 'A province') },
              { value: 'country', label: t('ทั้งประเทศ', 'The whole country') },
            ]}
            error={errorFor(errors, 'scope')}
          />
          <TextInput
            name="code"
            label={t(
              'รหัส อปท. (7 หลัก) หรือรหัสจังหวัด (2 หลัก)',
              'LAO code (7 digits) or province code (2 digits)',
            )}
            value={v.code}
            width="10"
            inputmode="numeric"
            error={errorFor(errors, 'code')}
          />
          <TextInput
            name="year"
            label={t('ปีงบประมาณ', 'Fiscal year')}
            value={v.year}
            width="5"
            inputmode="numeric"
            error={errorFor(errors, 'year')}
          />
          <TextInput
            name="asOf"
            label={t('วันเวลาที่ประเมิน', 'Assessment moment')}
            hint={t(
              'วว/ดด/ปปปป ชช:นน (พ.ศ.) เช่น 15/05/2569 15:30',
              'dd/mm/yyyy HH:MM in the Buddhist era, e.g. 15/05/2569 15:30',
            )}
            value={v.asOf}
            width="20"
            error={errorFor(errors, 'asOf')}
          />
          <TextInput
            name="note"
            label={t('หมายเหตุ (ถ้ามี)', 'Note (optional)')}
            value={v.note}
            error={errorFor(errors, 'note')}
          />
          <button type="submit" class="govuk-button">
            {t('บันทึกการประเมิน', 'Record the assessment')}
          </button>
        </form>
      ) : null}
      <DataTable
        caption={t('การประเมินที่บันทึกไว้', 'Recorded assessments')}
        rows={p.list.items}
        rowKey={(a) => a.id}
        columns={[
          {
            label: t('ขอบเขต', 'Scope'),
            rowHeader: true,
            cell: (a) => (
              <a class="govuk-link" href={`/assessments/${a.id}`}>
                {scopeLabel(p.ctx.lang, a.scope, a.scopeCode)}
              </a>
            ),
          },
          { label: t('ปีงบประมาณ', 'FY'), cell: (a) => a.year },
          { label: t('ณ วันที่', 'As of'), cell: (a) => formatDateTimeBE(a.asOf) },
          {
            label: t('บันทึกโดย', 'Recorded by'),
            cell: (a) => `${a.createdBy} · ${formatDateTimeBE(a.createdAt)}`,
          },
          { label: t('อปท.', 'LAOs'), numeric: true, cell: (a) => a.total },
        ]}
      />
      <Pager
        page={p.paging.page}
        pageSize={p.paging.pageSize}
        total={p.list.total}
        lang={p.ctx.lang}
        href={(page) => hrefWith('/assessments', { page })}
      />
    </Layout>
  );
}

/** /assessments/:id: the frozen items, each flagged when a recomputation today differs. */
export function AssessmentPage(p: { ctx: PageCtx; a: Assessment; page: number; pageSize: number }) {
  const t = translator(p.ctx.lang);
  const { a } = p;
  const items = a.items.slice((p.page - 1) * p.pageSize, p.page * p.pageSize);
  return (
    <Layout ctx={p.ctx} title={t('การประเมินที่บันทึกไว้', 'Frozen assessment')} wide>
      <h1 class="govuk-heading-l">
        {t('การประเมิน', 'Assessment')}: {scopeLabel(p.ctx.lang, a.scope, a.scopeCode)} ·{' '}
        {t('ปีงบประมาณ', 'FY')} {a.year}
      </h1>
      <p class="govuk-body">
        {t('ณ วันที่', 'As of')} {formatDateTimeBE(a.asOf)} · {t('บันทึกโดย', 'recorded by')} {a.createdBy}{' '}
        {formatDateTimeBE(a.createdAt)} · {pick(p.ctx.lang, a.rubricName)} ({t('ฉบับ', 'revision')}{' '}
        {a.rubricRevision}){a.note ? ` · ${a.note}` : ''}
      </p>
      {a.differing ? (
        <WarningText id="differs-warning" lang={p.ctx.lang}>
          {t(
            `คำนวณใหม่ ณ วันเวลาเดียวกันแล้วได้ผลต่างจากที่บันทึกไว้ ${a.differing} แห่ง (ค่าที่บันทึกไว้ไม่เปลี่ยน)`,
            `A recomputation as of the same moment differs for ${a.differing} LAO(s) (the frozen values stay as they are)`,
          )}
        </WarningText>
      ) : null}
      <DistributionTable
        ctx={p.ctx}
        distribution={a.distribution}
        caption={t('จำนวน อปท. ตามคะแนนที่บันทึกไว้', 'LAOs by frozen score')}
      />
      <table class="govuk-table" id="assessment-items">
        <TableHead
          cols={[
            t('อปท.', 'LAO'),
            { label: t('คะแนนที่บันทึกไว้', 'Frozen score'), numeric: true },
            t('เหตุผล', 'Reasons'),
            t('คำนวณใหม่', 'Recomputed'),
          ]}
        />
        <tbody class="govuk-table__body">
          {items.map((it) => (
            <tr class="govuk-table__row" key={it.laoCode}>
              <td class="govuk-table__cell">
                {it.laoNameTh} ({it.laoCode})
              </td>
              <td class="govuk-table__cell govuk-table__cell--numeric">{it.score}</td>
              <td class="govuk-table__cell">
                {it.reasons.length
                  ? `${it.reasons.length} ${t('ข้อ', 'reason(s)')}: ${p.ctx.lang === 'en' ? it.reasons[0]!.en : it.reasons[0]!.th}${it.reasons.length > 1 ? ' …' : ''}`
                  : '—'}
              </td>
              <td class="govuk-table__cell">
                {it.differs ? (
                  <Tag colour="red">
                    {t(`ต่างจากที่บันทึก: ${it.recomputedScore ?? '—'}`, `differs: ${it.recomputedScore ?? '—'}`)}
                  </Tag>
                ) : (
                  t('ตรงกัน', 'same')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager
        page={p.page}
        pageSize={p.pageSize}
        total={a.items.length}
        lang={p.ctx.lang}
        href={(n) => `/assessments/${a.id}?page=${n}`}
      />
    </Layout>
  );
}

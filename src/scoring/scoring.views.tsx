import { pick, translator } from '../plugins/i18n.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import type { LaoRow } from '../registry/registry.repository.ts';
import { formatDateBE, formatDateTimeBE } from '../util/thai-date.ts';
import { hrefWith, TextInput } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { describeReason, type Reason, type ScoreResult } from './scoring.engine.ts';
import { criterionOf, type ScoreRun } from './scoring.service.ts';

export const scoreColours = ['#b10e1e', '#d4351c', '#f47738', '#ffdd00', '#85994b', '#00703c'];
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
export function AsOfInput(p: {
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
export const laoCols = (t: (th: string, en: string) => string) => [
  t('ลำดับ', 'No.'),
  t('จังหวัด', 'Province'),
  t('อำเภอ', 'District'),
  t('อปท.', 'LAO'),
];

/** "Export …: CSV · Excel (.xlsx)" for a table that has both downloads. */
export function ExportLinks(p: { label: string; csv: string; xlsx: string }) {
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

import { pick, translator } from '../plugins/i18n.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import type { LaoRow } from '../registry/registry.repository.ts';
import { formatDateBE, formatDateLong, formatDateTimeBE } from '../util/thai-date.ts';
import { DataTable, hrefWith, SummaryList, Tag, TextInput } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { describeReason, type Reason, type ScoreResult } from './scoring.engine.ts';
import type { RubricFile } from './scoring.schemas.ts';
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
      <IndicatorFrame
        ctx={p.ctx}
        rubric={p.run.rubric.rubric}
        periodStart={p.run.periodStart}
        asOf={p.run.asOf}
      />
      <RubricLadder ctx={p.ctx} rubric={p.run.rubric.rubric} score={p.result.score} />
      <p class="govuk-body-s">
        {t('ช่วงการประเมิน', 'Period assessed')} {formatDateBE(p.run.periodStart)} –{' '}
        {formatDateTimeBE(p.run.asOf)} · <RubricRevision ctx={p.ctx} run={p.run} />
      </p>
    </Layout>
  );
}

type Level = RubricFile['levels'][number];

/** Whose words a level is, as a tag: the indicator's own, or the product's reading of them. */
function TextKindTag(p: { level: Level; t: (th: string, en: string) => string }) {
  if (p.level.text === 'official') return <Tag colour="green">{p.t('ถ้อยคำทางการ', 'Official wording')}</Tag>;
  if (p.level.text === 'interpretation')
    return <Tag colour="yellow">{p.t('การตีความของระบบ', 'Product reading')}</Tag>;
  return <>–</>;
}

/**
 * The whole 0–5 ladder of the rubric in force: each level's criterion, whose words it is, and — where the
 * product reads the indicator (scores 3 and 4 carry the same words) — the official words beside the
 * reading and why. The level reached is marked in words, not only by colour.
 */
export function RubricLadder(p: { ctx: PageCtx; rubric: RubricFile; score: number; id?: string }) {
  const t = translator(p.ctx.lang);
  const en = p.ctx.lang === 'en';
  return (
    <DataTable
      id={p.id ?? 'rubric-ladder'}
      class="app-ladder"
      caption={t('เกณฑ์การให้คะแนนทั้ง 6 ระดับ (0–5)', 'The scoring rubric: all six levels (0–5)')}
      captionSize="s"
      rows={p.rubric.levels}
      rowKey={(l) => l.score}
      rowClass={(l) => (l.score === p.score ? 'app-ladder__reached' : undefined)}
      columns={[
        {
          label: t('คะแนน', 'Score'),
          rowHeader: true,
          cell: (l) => (
            <>
              {l.score}
              {l.score === p.score ? (
                <>
                  {' '}
                  <Tag colour="blue" class="app-ladder__mark">
                    {t('ระดับที่ได้', 'Reached')}
                  </Tag>
                </>
              ) : null}
            </>
          ),
        },
        {
          label: t('เกณฑ์', 'Criterion'),
          cell: (l) => (
            <>
              <span class="app-ladder__criterion">{en ? l.criterionEn : l.criterionTh}</span>
              {l.text === 'interpretation' && l.officialTh ? (
                <div class="app-ladder__official">
                  <p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-1">
                    <strong>{t('ถ้อยคำในตัวชี้วัด', 'The indicator’s words')}:</strong>{' '}
                    <q lang="th">{l.officialTh}</q>
                    {en && l.officialEn ? ` (${l.officialEn})` : ''}
                  </p>
                  <p class="govuk-body-s govuk-!-margin-bottom-0">
                    <strong>{t('เหตุที่ระบบอ่านเช่นนี้', 'Why the product reads it so')}:</strong>{' '}
                    {en ? l.whyEn : l.whyTh}
                  </p>
                </div>
              ) : null}
            </>
          ),
        },
        {
          label: t('ที่มาของถ้อยคำ', 'Whose words'),
          cell: (l) => <TextKindTag level={l} t={t} />,
        },
      ]}
    />
  );
}

/**
 * The indicator's frame: its name, assessment unit, weight, goal, the period (the official wording and
 * the dates of this assessment, in the official long form) and the laws and letters it cites.
 */
export function IndicatorFrame(p: {
  ctx: PageCtx;
  rubric: RubricFile;
  periodStart: Date | string;
  asOf: Date | string;
}) {
  const t = translator(p.ctx.lang);
  const en = p.ctx.lang === 'en';
  const r = p.rubric;
  const f = r.indicator;
  const period = `${formatDateLong(p.periodStart, p.ctx.lang)} ${t('ถึง', 'to')} ${formatDateLong(p.asOf, p.ctx.lang)}`;
  return (
    <section class="app-indicator-frame" id="indicator-frame" aria-labelledby="indicator-frame-heading">
      <h2 class="govuk-heading-m" id="indicator-frame-heading">
        {t('ตัวชี้วัดและเกณฑ์', 'The indicator and its rubric')}
      </h2>
      <SummaryList
        rows={[
          [t('ตัวชี้วัด', 'Indicator'), en ? r.nameEn : r.nameTh],
          f && [t('หน่วยการประเมิน', 'Assessment unit'), en ? f.unitEn : f.unitTh],
          f && [t('น้ำหนัก', 'Weight'), String(f.weight)],
          f && [t('เป้าหมายของตัวชี้วัด', 'Goal'), en ? f.goalEn : f.goalTh],
          [
            t('ห้วงระยะเวลาที่ใช้ในการประเมิน', 'Period assessed'),
            <>
              {f ? (
                <>
                  <q lang="th">{f.periodOfficialTh}</q>
                  <br />
                </>
              ) : null}
              {t('การประเมินครั้งนี้', 'This assessment')}: <span id="indicator-period">{period}</span>
            </>,
          ],
          [
            t('ข้อมูลที่ถือว่าเป็นปัจจุบัน', 'What counts as current'),
            en ? r.current.descriptionEn : r.current.descriptionTh,
          ],
          f &&
            f.references.length > 0 && [
              t('กฎหมาย/ระเบียบและหนังสือที่เกี่ยวข้อง', 'Laws, regulations and letters cited'),
              <ol class="govuk-list govuk-list--number" id="indicator-references">
                {f.references.map((x) => (
                  <li key={x.th}>{en ? x.en : x.th}</li>
                ))}
              </ol>,
            ],
        ]}
      />
    </section>
  );
}

/**
 * Which rubric text scored: the one shipped with the product, or the revision an administrator imported
 * (never "revision 0", which means nothing to a reader).
 */
export function RubricRevision(p: { ctx: PageCtx; run: ScoreRun }) {
  const t = translator(p.ctx.lang);
  const r = p.run.rubric;
  if (r.revision === 0) return <>{t('เกณฑ์ที่มากับระบบ', 'the rubric shipped with the system')}</>;
  const when = r.importedAt ? ` (${formatDateLong(r.importedAt, p.ctx.lang)})` : '';
  return <>{t(`เกณฑ์ที่นำเข้าครั้งที่ ${r.revision}${when}`, `imported rubric no. ${r.revision}${when}`)}</>;
}

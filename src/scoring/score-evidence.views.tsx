import { pick, translator } from '../plugins/i18n.ts';
import { isRole, roleName } from '../policy/policy.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { formatDateLong, formatDateTimeBE, formatTime } from '../util/thai-date.ts';
import { DataTable, hrefWith } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { describeReason } from './scoring.engine.ts';
import { criterionOf, type evidenceOf } from './scoring.service.ts';
import { IndicatorFrame, RubricLadder, RubricRevision } from './scoring.views.tsx';

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
  // The status row is the seed's screen, in Thai whatever the page language.
  const th = translator('th');
  const { run, lao, result, log } = p.ev;
  const longDateTime = (v: Date | string) =>
    `${formatDateLong(v, p.ctx.lang)} ${t('เวลา', 'at')} ${formatTime(v)}${t(' น.', '')}`;
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
          {t('ข้อมูล ณ วันที่', 'Data as of')} <span id="evidence-as-of">{longDateTime(run.asOf)}</span>
        </p>
        <h2 class="govuk-heading-m">{t('สถานะการรับรองข้อมูล', 'Certification status')}</h2>
        <DataTable
          mode="scroll"
          id="status-row"
          class="app-status-row"
          caption={t('สถานะการรับรองข้อมูล', 'Certification status')}
          rows={[result]}
          rowKey={() => lao.code}
          columns={[
            { label: th('ลำดับ', 'No.'), cell: () => 1 },
            { label: th('จังหวัด', 'Province'), cell: () => lao.province_name_th },
            { label: th('อำเภอ', 'District'), cell: () => lao.district_name_th },
            { label: th('อปท.', 'LAO'), rowHeader: true, cell: () => name },
            ...result.aspects.map((a) => ({
              label: `ด้านที่ ${a.no}`,
              cell: () =>
                a.laoCounts && a.laoCertifiedAt ? (
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
                ),
            })),
          ]}
        />
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
        <RubricLadder ctx={p.ctx} rubric={run.rubric.rubric} score={result.score} id="evidence-ladder" />
        <IndicatorFrame
          ctx={p.ctx}
          rubric={run.rubric.rubric}
          periodStart={run.periodStart}
          asOf={run.asOf}
        />
        <h2 class="govuk-heading-m">{t('บันทึกการรับรองข้อมูล', 'Certification log')}</h2>
        {log.length ? (
          <DataTable
            id="certification-log"
            caption={t('บันทึกการรับรองข้อมูล', 'Certification log')}
            rows={log}
            rowKey={(e, i) => `${e.at}-${i}`}
            columns={[
              { label: t('วันเวลา', 'When'), cell: (e) => formatDateTimeBE(e.at) },
              { label: t('ด้าน', 'Aspect'), cell: (e) => e.sectionNo },
              {
                label: t('ระดับ', 'Level'),
                cell: (e) => pick(p.ctx.lang, levelNames[e.level] ?? { th: e.level, en: e.level }),
              },
              {
                label: t('การดำเนินการ', 'Action'),
                cell: (e) => pick(p.ctx.lang, actionNames[e.action] ?? { th: e.action, en: e.action }),
              },
              {
                label: t('โดย', 'By'),
                cell: (e) =>
                  (isRole(e.byRole) ? roleName(e.byRole, p.ctx.lang) : e.byRole) +
                  (e.byUsername ? ` (${e.byUsername})` : ''),
              },
              { label: t('เหตุผล', 'Reason'), cell: (e) => e.reason ?? '' },
            ]}
          />
        ) : (
          <p class="govuk-body">{t('ยังไม่มีการรับรองข้อมูลจนถึงวันเวลานี้', 'No certification up to this moment')}</p>
        )}
        <p class="govuk-body-s" id="generated">
          {t('จัดทำเมื่อ', 'Generated')} {longDateTime(p.ev.generatedAt)} ·{' '}
          {pick(p.ctx.lang, { th: run.rubric.rubric.nameTh, en: run.rubric.rubric.nameEn })} (
          <RubricRevision ctx={p.ctx} run={run} />) · lao-info
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

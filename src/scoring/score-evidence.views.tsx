import { pick, translator } from '../plugins/i18n.ts';
import { roleName } from '../policy/policy.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import type { Role } from '../users/users.table.ts';
import { formatDateBE, formatDateTimeBE } from '../util/thai-date.ts';
import { hrefWith, ScrollBox, TableHead } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { describeReason } from './scoring.engine.ts';
import { criterionOf, type evidenceOf } from './scoring.service.ts';
import { laoCols } from './scoring.views.tsx';

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

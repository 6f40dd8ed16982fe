import { ReturnNotice } from '../certification/certification.marks.tsx';
import type { OpenReturn } from '../certification/returns.ts';
import { translator } from '../plugins/i18n.ts';
import { formatDateBE, formatDateTimeBE } from '../util/thai-date.ts';
import { DataTable, Tag } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { StatusTag } from './records.marks.tsx';
import type { laoDashboard } from './records.service.ts';

const dueText = (d: string | null) => (d ? formatDateBE(`${d}T00:00:00+07:00`) : '–');

export function DashboardPage({
  ctx,
  data,
  years,
  returns,
  scorePanel,
}: {
  ctx: PageCtx;
  data: Awaited<ReturnType<typeof laoDashboard>>;
  years: number[];
  /** Open returns and withdrawals by aspect: shown as a block in the aspect they concern. */
  returns: Map<number, OpenReturn>;
  scorePanel?: preact.ComponentChildren;
}) {
  const t = translator(ctx.lang);
  const { lao, year } = data;
  const base = `/laos/${lao.code}/years/${year}`;
  return (
    <Layout ctx={ctx} title={`${lao.nameTh} ${t('ปีงบประมาณ', 'FY')} ${year}`} wide>
      <span class="govuk-caption-l">
        {lao.provinceNameTh} · {lao.districtNameTh}
      </span>
      <h1 class="govuk-heading-l">
        {lao.nameTh} <span class="app-muted">{t(`ปีงบประมาณ ${year}`, `fiscal year ${year}`)}</span>
      </h1>
      <nav class="app-year-nav" aria-label={t('ปีงบประมาณ', 'Fiscal years')}>
        {years.map((y) => (
          <a
            key={y}
            class="govuk-link app-year-link"
            href={`/laos/${lao.code}/years/${y}`}
            aria-current={y === year ? 'page' : undefined}
          >
            {y}
          </a>
        ))}
      </nav>
      {data.nationalDeadline ? (
        <p class="govuk-body">
          {t('กำหนดบันทึกข้อมูลให้เป็นปัจจุบันภายในวันที่ ', 'National deadline: ')}
          <strong>{dueText(data.nationalDeadline)}</strong>
        </p>
      ) : null}
      {scorePanel}
      {data.sections.map(({ section, datasets, division, dueDate, aspect }) => {
        const done = datasets.filter((d) => d.status === 'complete' || d.status === 'none').length;
        return (
          <section key={section.no} id={`aspect-${section.no}`} class="app-section">
            <h2 class="govuk-heading-m">
              {section.kind === 'aspect' ? t(`ด้านที่ ${section.no} `, `Aspect ${section.no}: `) : ''}
              {ctx.lang === 'en' ? section.nameEn : section.nameTh}
            </h2>
            <p class="govuk-body-s app-muted">
              {t('ผู้รับผิดชอบ: ', 'Division: ')}
              {division ?? t('ยังไม่มอบหมาย', 'not assigned')}
              {dueDate ? ` · ${t('กำหนดแล้วเสร็จ', 'due')} ${dueText(dueDate)}` : ''}
              {` · ${t('ครบถ้วน', 'complete')} ${done}/${datasets.length}`}
              {aspect?.changed_after_certification_at ? (
                <Tag colour="orange" class="app-ml">
                  {t('แก้ไขหลังรับรอง', 'Changed after certification')}
                </Tag>
              ) : null}
              {aspect?.lao_certified_at && !aspect.changed_after_certification_at ? (
                <Tag colour="green" class="app-ml">
                  {t('รับรองแล้ว ณ วันที่ ', 'Certified ')}
                  {formatDateTimeBE(aspect.lao_certified_at)}
                </Tag>
              ) : null}
            </p>
            {returns.get(section.no) ? (
              <ReturnNotice
                r={returns.get(section.no)!}
                sectionNo={section.no}
                lang={ctx.lang}
                level={3}
                certifyHref={`/certification/laos/${lao.code}/years/${year}#aspect-${section.no}`}
              />
            ) : null}
            <DataTable
              caption={ctx.lang === 'en' ? section.nameEn : section.nameTh}
              rows={datasets}
              rowKey={(d) => d.def.id}
              columns={[
                {
                  label: t('ชุดข้อมูล', 'Data set'),
                  cell: (d) => (
                    <>
                      <a class="govuk-link" href={`${base}/datasets/${d.def.id}`}>
                        {ctx.lang === 'en' ? d.def.nameEn : d.def.nameTh}
                      </a>
                      <span class="app-muted govuk-body-s">
                        {' '}
                        (
                        {d.def.kind === 'list'
                          ? t(`รายการ ${d.rowCount} แถว`, `list, ${d.rowCount} rows`)
                          : t('แบบฟอร์ม', 'form')}
                        )
                      </span>
                    </>
                  ),
                },
                {
                  label: t('สถานะ', 'Status'),
                  cell: (d) => (
                    <>
                      <StatusTag status={d.status} lang={ctx.lang} />
                    </>
                  ),
                },
                {
                  label: t('แก้ไขล่าสุด', 'Last change'),
                  cell: (d) => (d.updatedAt ? `${formatDateTimeBE(d.updatedAt)} · ${d.updatedBy}` : '–'),
                  class: 'govuk-body-s',
                },
              ]}
            />
          </section>
        );
      })}
    </Layout>
  );
}

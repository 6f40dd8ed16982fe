import type { DatasetDef } from '../catalog/catalog.schemas.ts';
import { type Lang, pick, translator } from '../plugins/i18n.ts';
import { displayValue } from '../records/records.format.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  DataTable,
  SummaryList,
  Tag,
  Textarea,
  type ViewFieldError,
  WarningText,
} from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import type { Flag } from './quality.service.ts';

/** The flag's value as a person reads it (a list's total is a plain number). */
function shownValue(def: DatasetDef | undefined, f: Flag, lang: Lang): string {
  const field = def?.fields.find((x) => x.key === f.field);
  if (!field || f.value === null) return '—';
  return displayValue(field, f.value, lang);
}

/** Where a flag is: the data set, and the row of a list. */
function place(def: DatasetDef | undefined, f: Flag, lang: Lang) {
  const t = translator(lang);
  const name = def ? (lang === 'en' ? def.nameEn : def.nameTh) : f.datasetId;
  return f.row !== null
    ? `${name} ${t(`แถวที่ ${f.row}`, `row ${f.row}`)}`
    : f.rowId === '' && def?.kind === 'list'
      ? `${name} ${t('(รวมทุกแถว)', '(all rows)')}`
      : name;
}

/** Whether it is explained, and by whom; or what it still needs. */
function ExplanationCell({ f, lang }: { f: Flag; lang: Lang }) {
  const t = translator(lang);
  if (f.explanation) {
    return (
      <>
        <Tag colour="green">{t('อธิบายแล้ว', 'Explained')}</Tag> {f.explanation.text}
        {f.explanation.by ? (
          <span class="govuk-body-s app-muted">
            {' '}
            ({f.explanation.by}
            {f.explanation.at ? ` ${formatDateTimeBE(f.explanation.at)}` : ''})
          </span>
        ) : null}
      </>
    );
  }
  return f.blocking ? (
    <Tag colour="red">{t('ต้องอธิบายก่อนรับรอง', 'Explain before certifying')}</Tag>
  ) : (
    <Tag colour="orange">{t('ยังไม่มีคำอธิบาย', 'Not explained yet')}</Tag>
  );
}

/**
 * The flagged values of a set of data sets with their explanations: what the certifier and the province officer
 * read before certifying, and (with `explainAction`) what the clerk answers on the data set page.
 */
export function FlagTable(p: {
  lang: Lang;
  flags: Flag[];
  /** The definition of a data set the flags name. */
  datasetOf: (id: string) => DatasetDef | undefined;
  caption: string;
  captionSize?: 'hidden' | 'm' | 's';
  /** Where a clerk sends an explanation (the data set page); no forms without it. */
  explainAction?: string;
  csrfToken?: string | null;
  errors?: ViewFieldError[];
}) {
  const t = translator(p.lang);
  return (
    <DataTable
      caption={p.caption}
      captionSize={p.captionSize ?? 's'}
      rows={p.flags}
      rowKey={(f) => `${f.laoCode}|${f.datasetId}|${f.ruleId}|${f.rowId}`}
      columns={[
        {
          label: t('ชุดข้อมูล', 'Data set'),
          rowHeader: true,
          cell: (f) => place(p.datasetOf(f.datasetId), f, p.lang),
        },
        { label: t('ค่า', 'Value'), cell: (f) => shownValue(p.datasetOf(f.datasetId), f, p.lang) },
        { label: t('ข้อสังเกต', 'Why it is flagged'), cell: (f) => pick(p.lang, f.message) },
        {
          label: t('คำอธิบาย', 'Explanation'),
          cell: (f, i) => (
            <>
              <ExplanationCell f={f} lang={p.lang} />
              {p.explainAction && f.explainable ? (
                <form method="post" action={p.explainAction} novalidate>
                  <CsrfField token={p.csrfToken ?? null} />
                  <input type="hidden" name="ruleId" value={f.ruleId} />
                  <input type="hidden" name="rowId" value={f.rowId} />
                  <Textarea
                    name="text"
                    id={`explain-${i}`}
                    rows={2}
                    label={
                      f.explanation
                        ? t('แก้ไขคำอธิบาย', 'Change the explanation')
                        : t('ทำไมค่านี้ถูกต้อง', 'Why this value is right')
                    }
                    value={f.explanation?.text ?? ''}
                    error={p.errors?.find((e) => e.field === `explain-${i}`)?.message}
                  />
                  <button type="submit" class="govuk-button govuk-button--secondary">
                    {t('บันทึกคำอธิบาย', 'Save the explanation')}
                  </button>
                </form>
              ) : null}
            </>
          ),
        },
      ]}
    />
  );
}

/** The data set page's panel: the values the checks flag, to correct or explain where they are edited. */
export function DatasetQualityPanel(p: {
  ctx: PageCtx;
  flags: Flag[];
  datasetOf: (id: string) => DatasetDef | undefined;
  explainAction: string | null;
  errors?: ViewFieldError[];
}) {
  if (p.flags.length === 0) return null;
  const t = translator(p.ctx.lang);
  const blocking = p.flags.some((f) => f.blocking && !f.explanation);
  return (
    <section id="quality" aria-labelledby="quality-heading">
      <h2 class="govuk-heading-m" id="quality-heading">
        {t(`ค่าที่ควรตรวจสอบ ${p.flags.length} รายการ`, `${p.flags.length} values to check`)}
      </h2>
      <WarningText lang={p.ctx.lang}>
        {blocking
          ? t(
              'มีค่าที่เปลี่ยนจากปีก่อน 10 เท่าขึ้นไป: แก้ไขให้ถูกต้อง หรืออธิบายว่าทำไมถูกต้อง ผู้รับรองข้อมูล อปท. จึงจะรับรองด้านนี้ได้',
              'A value changed 10-fold from last year: correct it, or explain why it is right, before the LAO certifier can certify this aspect',
            )
          : t(
              'ค่าเหล่านี้ผิดไปจากที่พบทั่วไป แก้ไขถ้าผิด หรืออธิบายว่าทำไมถูกต้อง ผู้รับรองข้อมูลและจังหวัดจะเห็นคำอธิบาย',
              'These values are unusual: correct them if wrong, or explain why they are right; the certifiers read the explanations',
            )}
      </WarningText>
      <FlagTable
        lang={p.ctx.lang}
        flags={p.flags}
        datasetOf={p.datasetOf}
        caption={t('ค่าที่ควรตรวจสอบ', 'Values to check')}
        captionSize="hidden"
        {...(p.explainAction ? { explainAction: p.explainAction } : {})}
        csrfToken={p.ctx.csrfToken}
        errors={p.errors ?? []}
      />
    </section>
  );
}

/** What the confirmation of a certification shows of an aspect's flags. */
export function CertifyQualityPanel(p: {
  lang: Lang;
  flags: Flag[];
  datasetOf: (id: string) => DatasetDef | undefined;
}) {
  const t = translator(p.lang);
  if (p.flags.length === 0)
    return <p class="govuk-body">{t('ไม่มีค่าที่ระบบทักท้วงในด้านนี้', 'No value of this aspect is flagged')}</p>;
  return (
    <FlagTable
      lang={p.lang}
      flags={p.flags}
      datasetOf={p.datasetOf}
      caption={t(
        `ค่าที่ระบบทักท้วง ${p.flags.length} รายการ และคำอธิบาย`,
        `${p.flags.length} flagged values and their explanations`,
      )}
    />
  );
}

/** The province officer's list: every flagged value of the province's LAOs in a year. */
export function ProvinceQualityPage(p: {
  ctx: PageCtx;
  provinceNameTh: string;
  year: number;
  datasetOf: (id: string) => DatasetDef | undefined;
  laos: { code: string; nameTh: string; districtNameTh: string; flags: Flag[] }[];
}) {
  const t = translator(p.ctx.lang);
  const title = t(
    `ค่าที่ระบบทักท้วง จังหวัด${p.provinceNameTh} ปีงบประมาณ ${p.year}`,
    `Flagged values, ${p.provinceNameTh}, FY ${p.year}`,
  );
  const total = p.laos.reduce((n, l) => n + l.flags.length, 0);
  const open = p.laos.reduce((n, l) => n + l.flags.filter((f) => !f.explanation).length, 0);
  return (
    <Layout ctx={p.ctx} title={title}>
      <h1 class="govuk-heading-l">{title}</h1>
      <SummaryList
        rows={[
          [t('อปท. ที่มีค่าที่ถูกทักท้วง', 'LAOs with flagged values'), String(p.laos.length)],
          [t('ค่าที่ถูกทักท้วง', 'Flagged values'), String(total)],
          [t('ยังไม่มีคำอธิบาย', 'Not explained'), String(open)],
        ]}
      />
      {p.laos.length === 0 ? (
        <p class="govuk-body">{t('ไม่มีค่าที่ระบบทักท้วงในจังหวัดนี้', 'No value is flagged in this province')}</p>
      ) : (
        p.laos.map((l) => (
          <section key={l.code} aria-labelledby={`lao-${l.code}`}>
            <h2 class="govuk-heading-m" id={`lao-${l.code}`}>
              <a class="govuk-link" href={`/certification/laos/${l.code}/years/${p.year}`}>
                {l.nameTh}
              </a>{' '}
              <span class="govuk-caption-m">
                {t(`อำเภอ${l.districtNameTh}`, `District ${l.districtNameTh}`)} · {l.code}
              </span>
            </h2>
            <FlagTable
              lang={p.ctx.lang}
              flags={l.flags}
              datasetOf={p.datasetOf}
              caption={t(`ค่าที่ถูกทักท้วงของ ${l.nameTh}`, `Flagged values of ${l.nameTh}`)}
              captionSize="hidden"
            />
          </section>
        ))
      )}
    </Layout>
  );
}

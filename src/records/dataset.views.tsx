import type { ComponentChildren } from 'preact';
import type { FieldDef } from '../catalog/catalog.schemas.ts';
import { ReturnNotice } from '../certification/certification.marks.tsx';
import type { OpenReturn } from '../certification/returns.ts';
import type { Lang } from '../plugins/i18n.ts';
import { translator } from '../plugins/i18n.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  ErrorSummary,
  NoticeBanner,
  Pager,
  ScrollBox,
  SummaryList,
  Textarea,
  type ViewFieldError,
} from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { FieldInput } from './records.fields.tsx';
import { displayValue, noneExample } from './records.format.ts';
import { StatusTag } from './records.marks.tsx';
import type { readDataset } from './records.service.ts';

type DatasetData = Awaited<ReturnType<typeof readDataset>>;

export type DatasetPageProps = {
  ctx: PageCtx;
  d: DatasetData;
  canRecord: boolean;
  certified: boolean;
  /** The aspect was returned or its certification withdrawn, and nobody has certified it again. */
  returned?: OpenReturn | null;
  errors: ViewFieldError[];
  /** Values typed in a failed form, by field key. */
  raw?: Record<string, string | string[]> | undefined;
  /** Values prefilled from last year (form data sets) awaiting review and save. */
  copied?: Record<string, unknown> | null;
  notice?: string | null;
  page?: number;
  pageSize?: number;
  editRowId?: string | null;
  /** A list's rows of last year shown for review, saved only by the button under them. */
  copyPreview?: boolean;
  /** The evidence files of the form or of the list's rows (src/files), below the data. */
  evidence?: ComponentChildren;
  /** The values the quality checks flag, with their explanations (src/quality), above the data. */
  quality?: ComponentChildren;
};

/** Why certified data is changed: asked on every form that changes the data of a certified aspect. */
export function ChangeReason({
  certified,
  lang,
  error,
  value,
  id,
}: {
  certified: boolean;
  lang: Lang;
  error?: string | undefined;
  value?: string | undefined;
  /** When a page has several such forms. */
  id?: string;
}) {
  const t = translator(lang);
  if (!certified) return null;
  return (
    <Textarea
      name="changeReason"
      id={id}
      label={t('เหตุผลที่แก้ไขข้อมูลที่รับรองแล้ว', 'Why certified data is being changed')}
      labelSize="s"
      hint={t(
        'ด้านนี้รับรองแล้ว การแก้ไขจะถูกบันทึกว่า "แก้ไขหลังรับรอง" และต้องรับรองใหม่',
        'This aspect is certified: the change is logged as "changed after certification" and must be certified again',
      )}
      error={error}
      value={value}
      rows={2}
    />
  );
}

/**
 * The way back from a data set, outermost first: a province officer came from the province dashboard and the LAO's
 * certification page; everyone else from the LAO's dashboard.
 */
export function datasetCrumbs(
  ctx: PageCtx,
  lao: { code: string; year: number; nameTh: string; provinceCode: string },
  sectionNo: number,
) {
  const t = translator(ctx.lang);
  const province = ctx.user?.role === 'province_officer';
  return [
    ...(province
      ? [
          {
            href: `/dashboards/province/${lao.provinceCode}?year=${lao.year}`,
            label: t('แดชบอร์ดจังหวัด', 'Province dashboard'),
          },
        ]
      : []),
    { href: `/laos/${lao.code}/years/${lao.year}#aspect-${sectionNo}`, label: `${lao.nameTh} ${lao.year}` },
    ...(province
      ? [
          {
            href: `/certification/laos/${lao.code}/years/${lao.year}#aspect-${sectionNo}`,
            label: t('การรับรองข้อมูล', 'Certification'),
          },
        ]
      : []),
  ];
}

export function DatasetPage(p: DatasetPageProps) {
  const { ctx, d } = p;
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const base = `/laos/${d.lao.code}/years/${d.lao.year}/datasets/${d.datasetId}`;
  const err = (field: string) => p.errors.find((e) => e.field === field)?.message;
  const title = en ? d.def.nameEn : d.def.nameTh;
  const lastYearForm = d.lastYear[0] ?? null;
  const formRow = p.copied ?? d.rows[0]?.values ?? {};
  const editRow = p.editRowId ? d.rows.find((r) => r.id === p.editRowId) : null;
  const page = p.page ?? 1;
  const pageSize = p.pageSize ?? 50;
  const shown = d.kind === 'list' ? d.rows.slice((page - 1) * pageSize, page * pageSize) : [];
  const descField = (f: FieldDef) => (en ? f.labelEn : f.labelTh);
  return (
    <Layout
      ctx={ctx}
      title={title}
      hasErrors={p.errors.length > 0}
      wide={d.kind === 'list'}
      scripts={['confirm.js']}
      breadcrumbs={datasetCrumbs(ctx, d.lao, d.section.no)}
    >
      <ErrorSummary errors={p.errors} lang={ctx.lang} />
      <NoticeBanner text={p.notice} lang={ctx.lang} />
      <span class="govuk-caption-m">
        {d.section.kind === 'aspect' ? t(`ด้านที่ ${d.section.no} `, `Aspect ${d.section.no}: `) : ''}
        {en ? d.section.nameEn : d.section.nameTh}
      </span>
      <h1 class="govuk-heading-l">{title}</h1>
      {p.returned ? (
        <ReturnNotice
          r={p.returned}
          sectionNo={d.section.no}
          name={en ? d.section.nameEn : d.section.nameTh}
          lang={ctx.lang}
          certifyHref={`/certification/laos/${d.lao.code}/years/${d.lao.year}#aspect-${d.section.no}`}
        />
      ) : null}
      <p class="govuk-body">
        <StatusTag status={d.status} lang={ctx.lang} />{' '}
        <span class="govuk-body-s app-muted">
          {d.updatedAt
            ? `${t('แก้ไขล่าสุด', 'Last change')} ${formatDateTimeBE(d.updatedAt)} ${t('โดย', 'by')} ${d.updatedBy} · `
            : ''}
          {t('รุ่นที่', 'version')} {d.version} ·{' '}
          <a class="govuk-link" href={`${base}/history`}>
            {t('ประวัติการแก้ไข', 'History')}
          </a>
          {' · '}
          <a class="govuk-link" href={`${base}/template.xlsx`}>
            {t('ดาวน์โหลดแบบฟอร์ม Excel', 'Excel template')}
          </a>
          {p.canRecord ? (
            <>
              {' · '}
              <a class="govuk-link" href={`${base}/import`}>
                {t('นำเข้าจาก Excel/CSV', 'Import Excel/CSV')}
              </a>
            </>
          ) : null}
        </span>
      </p>
      {p.quality}
      {d.none ? (
        <div class="govuk-inset-text">
          {t('บันทึกว่า "ไม่มีข้อมูลนี้ในพื้นที่": ', 'Recorded as "none in our area": ')}
          {d.noneReason}
        </div>
      ) : null}
      {p.copied ? (
        <NoticeBanner
          kind="info"
          lang={ctx.lang}
          text={t(
            'คัดลอกข้อมูลปีที่แล้วมาให้แล้ว ตรวจสอบและแก้ไข แล้วกด "บันทึก" เพื่อยืนยัน',
            'Last year’s data was copied in: check it, change what is different, then save to confirm',
          )}
        />
      ) : null}
      {d.kind === 'form' ? (
        p.canRecord ? (
          <form method="post" action={base} novalidate>
            <CsrfField token={ctx.csrfToken} />
            <input type="hidden" name="version" value={String(d.version)} />
            <input type="hidden" name="kind" value={p.copied ? 'copy' : 'save'} />
            {d.def.fields.map((f) => (
              <FieldInput
                key={f.key}
                field={f}
                value={formRow[f.key]}
                raw={p.raw?.[f.key]}
                error={err(`f-${f.key}`)}
                lastYear={lastYearForm?.[f.key]}
                lang={ctx.lang}
              />
            ))}
            <Explanation errors={p.errors} lang={ctx.lang} />
            <ChangeReason certified={p.certified} lang={ctx.lang} error={err('changeReason')} />
            <div class="govuk-button-group">
              <button type="submit" class="govuk-button">
                {t('บันทึก', 'Save')}
              </button>
              {lastYearForm && !p.copied ? (
                <a class="govuk-button govuk-button--secondary" href={`${base}?copy=last-year`}>
                  {t('คัดลอกข้อมูลปีที่แล้ว', 'Copy last year’s data')}
                </a>
              ) : null}
            </div>
          </form>
        ) : (
          <SummaryList
            rows={d.def.fields.map((f) => [descField(f), displayValue(f, formRow[f.key], ctx.lang)])}
          />
        )
      ) : (
        <>
          <ScrollBox label={t('แถวของชุดข้อมูล', 'Rows of the data set')}>
            <table class="govuk-table app-list-table">
              <caption class="govuk-table__caption govuk-table__caption--s">
                {t(`ทั้งหมด ${d.rows.length.toLocaleString('th')} แถว`, `${d.rows.length} rows`)}
              </caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">
                    #
                  </th>
                  {d.def.fields.map((f) => (
                    <th scope="col" class="govuk-table__header" key={f.key}>
                      {descField(f)}
                    </th>
                  ))}
                  {p.canRecord ? (
                    <th scope="col" class="govuk-table__header">
                      <span class="govuk-visually-hidden">{t('จัดการ', 'Actions')}</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {shown.map((r, i) => (
                  <tr class="govuk-table__row" key={r.id}>
                    <td class="govuk-table__cell">{(page - 1) * pageSize + i + 1}</td>
                    {d.def.fields.map((f) => (
                      <td class="govuk-table__cell" key={f.key}>
                        {displayValue(f, r.values[f.key], ctx.lang)}
                      </td>
                    ))}
                    {p.canRecord ? (
                      <td class="govuk-table__cell app-nowrap">
                        <a class="govuk-link" href={`${base}?edit=${r.id}#row-form`}>
                          {t('แก้ไข', 'Edit')}
                          <span class="govuk-visually-hidden">
                            {' '}
                            {t(
                              `แถวที่ ${(page - 1) * pageSize + i + 1}`,
                              `row ${(page - 1) * pageSize + i + 1}`,
                            )}
                          </span>
                        </a>{' '}
                        <form
                          method="post"
                          action={`${base}/rows/${r.id}/delete`}
                          class="app-inline-form"
                          data-confirm={t(
                            `ลบแถวที่ ${(page - 1) * pageSize + i + 1} ใช่หรือไม่ กู้คืนได้จากประวัติการแก้ไข`,
                            `Delete row ${(page - 1) * pageSize + i + 1}? It can be restored from the history.`,
                          )}
                          data-confirm-yes={t('ลบแถวนี้', 'Delete this row')}
                        >
                          <CsrfField token={ctx.csrfToken} />
                          <input type="hidden" name="version" value={String(d.version)} />
                          <button type="submit" class="app-link-button">
                            {t('ลบ', 'Delete')}
                            <span class="govuk-visually-hidden">
                              {' '}
                              {t(
                                `แถวที่ ${(page - 1) * pageSize + i + 1}`,
                                `row ${(page - 1) * pageSize + i + 1}`,
                              )}
                            </span>
                          </button>
                        </form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          {d.rows.length > pageSize ? (
            <Pager
              lang={ctx.lang}
              page={page}
              pageSize={pageSize}
              total={d.rows.length}
              href={(n) => `${base}?page=${n}`}
            />
          ) : null}
          {p.canRecord ? (
            <form
              method="post"
              action={editRow ? `${base}/rows/${editRow.id}` : `${base}/rows`}
              novalidate
              id="row-form"
            >
              <h2 class="govuk-heading-m">{editRow ? t('แก้ไขแถว', 'Edit row') : t('เพิ่มแถว', 'Add a row')}</h2>
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="version" value={String(d.version)} />
              {d.def.fields.map((f) => (
                <FieldInput
                  key={f.key}
                  field={f}
                  value={editRow?.values[f.key]}
                  raw={p.raw?.[f.key]}
                  error={err(`f-${f.key}`)}
                  lang={ctx.lang}
                />
              ))}
              <Explanation errors={p.errors} lang={ctx.lang} />
              <ChangeReason certified={p.certified} lang={ctx.lang} error={err('changeReason')} />
              <button type="submit" class="govuk-button">
                {editRow ? t('บันทึกแถว', 'Save row') : t('เพิ่มแถว', 'Add row')}
              </button>
            </form>
          ) : null}
          {p.canRecord && d.lastYear.length && d.rows.length === 0 && !p.copyPreview ? (
            <p class="govuk-body">
              {t(
                `ปีที่แล้วมี ${d.lastYear.length} แถว ดูก่อนแล้วบันทึกเป็นข้อมูลปีนี้ได้`,
                `Last year had ${d.lastYear.length} rows: look at them, then save them as this year’s`,
              )}{' '}
              <a class="govuk-button govuk-button--secondary" href={`${base}?copy=last-year#copy-preview`}>
                {t('คัดลอกข้อมูลปีที่แล้ว', 'Copy last year’s data')}
              </a>
            </p>
          ) : null}
          {p.canRecord && d.lastYear.length && d.rows.length === 0 && p.copyPreview ? (
            <form method="post" action={`${base}/copy-last-year`} id="copy-preview">
              <h2 class="govuk-heading-m">{t('ข้อมูลปีที่แล้ว', 'Last year’s data')}</h2>
              <p class="govuk-body">
                {t(
                  `ตรวจสอบ ${d.lastYear.length} แถวของปีที่แล้ว ยังไม่ได้บันทึกสิ่งใด กด "บันทึกเป็นข้อมูลปีนี้" เพื่อยืนยัน แล้วแก้ไขแถวที่เปลี่ยนไปได้`,
                  `Check last year’s ${d.lastYear.length} rows. Nothing is saved yet: “Save as this year’s data” saves them, then change the rows that differ.`,
                )}
              </p>
              <div class="app-table-scroll" tabIndex={0}>
                <table class="govuk-table app-list-table">
                  <caption class="govuk-visually-hidden">{t('ข้อมูลปีที่แล้ว', 'Last year’s data')}</caption>
                  <thead class="govuk-table__head">
                    <tr class="govuk-table__row">
                      <th scope="col" class="govuk-table__header">
                        #
                      </th>
                      {d.def.fields.map((f) => (
                        <th scope="col" class="govuk-table__header" key={f.key}>
                          {descField(f)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody class="govuk-table__body">
                    {d.lastYear.slice(0, 200).map((values, i) => (
                      <tr class="govuk-table__row" key={i}>
                        <td class="govuk-table__cell">{i + 1}</td>
                        {d.def.fields.map((f) => (
                          <td class="govuk-table__cell" key={f.key}>
                            {displayValue(f, values[f.key], ctx.lang)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="version" value={String(d.version)} />
              <input type="hidden" name="confirmed" value="yes" />
              <ChangeReason certified={p.certified} lang={ctx.lang} />
              <div class="govuk-button-group">
                <button type="submit" class="govuk-button">
                  {t('บันทึกเป็นข้อมูลปีนี้', 'Save as this year’s data')}
                </button>
                <a class="govuk-link" href={base}>
                  {t('ยกเลิก', 'Cancel')}
                </a>
              </div>
            </form>
          ) : null}
        </>
      )}
      {p.evidence}
      {p.canRecord ? (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">{t('ไม่มีข้อมูลนี้ในพื้นที่', 'None of this in our area')}</span>
          </summary>
          <div class="govuk-details__text">
            <form method="post" action={`${base}/none`} novalidate>
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name="version" value={String(d.version)} />
              <Textarea
                name="noneReason"
                label={t(
                  `เหตุผล (เช่น "${noneExample(d.def, 'th')}")`,
                  `Reason (e.g. "${noneExample(d.def, 'en')}")`,
                )}
                error={err('noneReason')}
                rows={2}
              />
              <ChangeReason certified={p.certified} lang={ctx.lang} />
              <button type="submit" class="govuk-button govuk-button--secondary">
                {t('บันทึกว่าไม่มีข้อมูลนี้ในพื้นที่', 'Record "none in our area"')}
              </button>
            </form>
          </div>
        </details>
      ) : null}
    </Layout>
  );
}

function Explanation({ errors, lang }: { errors: ViewFieldError[]; lang: Lang }) {
  const t = translator(lang);
  const error = errors.find((e) => e.field === 'explanation')?.message;
  if (!error) return null;
  return (
    <Textarea
      name="explanation"
      label={t('คำอธิบาย (ค่าที่ผิดปกติแต่ถูกต้อง)', 'Explanation (unusual but correct values)')}
      labelSize="s"
      error={error}
      rows={2}
    />
  );
}

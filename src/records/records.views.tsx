import type { FieldDef } from '../catalog/catalog.schemas.ts';
import { ReturnNotice } from '../certification/certification.marks.tsx';
import type { OpenReturn } from '../certification/returns.ts';
import type { Lang } from '../plugins/i18n.ts';
import { translator } from '../plugins/i18n.ts';
import type { Paging } from '../util/paging.ts';
import { formatDateBE, formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  ErrorSummary,
  hrefWith,
  NoticeBanner,
  Pager,
  ScrollBox,
  type ViewFieldError,
} from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { displayValue, formValue, statusLabel } from './records.format.ts';
import type { datasetHistory, historyEntry, laoDashboard, RowDiff, readDataset } from './records.service.ts';

const statusClass: Record<string, string> = {
  empty: 'govuk-tag--grey',
  partial: 'govuk-tag--yellow',
  complete: 'govuk-tag--green',
  none: 'govuk-tag--blue',
};

/** A data set's status as a tag. */
export function StatusTag({ status, lang }: { status: string; lang: Lang }) {
  return <strong class={`govuk-tag ${statusClass[status] ?? ''}`}>{statusLabel(status, lang)}</strong>;
}

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
                <strong class="govuk-tag govuk-tag--orange app-ml">
                  {t('แก้ไขหลังรับรอง', 'Changed after certification')}
                </strong>
              ) : null}
              {aspect?.lao_certified_at && !aspect.changed_after_certification_at ? (
                <strong class="govuk-tag govuk-tag--green app-ml">
                  {t('รับรองแล้ว ณ วันที่ ', 'Certified ')}
                  {formatDateTimeBE(aspect.lao_certified_at)}
                </strong>
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
            <table class="govuk-table">
              <caption class="govuk-visually-hidden">
                {ctx.lang === 'en' ? section.nameEn : section.nameTh}
              </caption>
              <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                  <th scope="col" class="govuk-table__header">
                    {t('ชุดข้อมูล', 'Data set')}
                  </th>
                  <th scope="col" class="govuk-table__header">
                    {t('สถานะ', 'Status')}
                  </th>
                  <th scope="col" class="govuk-table__header">
                    {t('แก้ไขล่าสุด', 'Last change')}
                  </th>
                </tr>
              </thead>
              <tbody class="govuk-table__body">
                {datasets.map((d) => (
                  <tr class="govuk-table__row" key={d.def.id}>
                    <td class="govuk-table__cell">
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
                    </td>
                    <td class="govuk-table__cell">
                      <StatusTag status={d.status} lang={ctx.lang} />
                    </td>
                    <td class="govuk-table__cell govuk-body-s">
                      {d.updatedAt ? `${formatDateTimeBE(d.updatedAt)} · ${d.updatedBy}` : '–'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
    </Layout>
  );
}

/** One input for one catalog field, with last year's value beside it and its error. */
export function FieldInput(p: {
  field: FieldDef;
  value: unknown;
  raw?: string | string[] | undefined;
  error?: string | undefined;
  lastYear?: unknown;
  lang: Lang;
  idPrefix?: string;
}) {
  const f = p.field;
  const t = translator(p.lang);
  const id = `${p.idPrefix ?? 'f'}-${f.key}`;
  const name = `v.${f.key}`;
  const label = `${p.lang === 'en' ? f.labelEn : f.labelTh}${f.required ? '' : t(' (ถ้ามี)', ' (optional)')}`;
  const unit = p.lang === 'en' ? (f.unitEn ?? f.unit) : f.unit;
  const text = p.raw !== undefined ? p.raw : formValue(f, p.value);
  const help = p.lang === 'en' ? f.helpEn : f.helpTh;
  const hintParts = [
    help,
    f.type === 'date'
      ? t('วว/ดด/ปปปป พ.ศ. เช่น 14/05/2569', 'dd/mm/yyyy, Buddhist era, e.g. 14/05/2569')
      : null,
    f.type === 'geo'
      ? t('ละติจูด, ลองจิจูด เช่น 14.9487, 103.0420', 'latitude, longitude, e.g. 14.9487, 103.0420')
      : null,
    p.lastYear !== undefined && p.lastYear !== null
      ? `${t('ปีที่แล้ว: ', 'Last year: ')}${displayValue(f, p.lastYear, p.lang)}`
      : null,
  ].filter(Boolean);
  const hintId = hintParts.length ? `${id}-hint` : undefined;
  const errId = p.error ? `${id}-error` : undefined;
  const described = [hintId, errId].filter(Boolean).join(' ') || undefined;
  const hintAndError = (
    <>
      {hintParts.length ? (
        <div id={hintId} class="govuk-hint">
          {hintParts.join(' · ')}
        </div>
      ) : null}
      {p.error ? (
        <p id={errId} class="govuk-error-message">
          {p.error}
        </p>
      ) : null}
    </>
  );
  const group = (children: preact.ComponentChildren, fieldset = false) => (
    <div class={`govuk-form-group${p.error ? ' govuk-form-group--error' : ''}`}>
      {fieldset ? (
        <fieldset class="govuk-fieldset" aria-describedby={described}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--s" id={id}>
            {label}
          </legend>
          {hintAndError}
          {children}
        </fieldset>
      ) : (
        <>
          <label class="govuk-label govuk-label--s" for={id}>
            {label}
          </label>
          {hintAndError}
          {children}
        </>
      )}
    </div>
  );
  if (f.type === 'enum') {
    return group(
      <select
        class={`govuk-select${p.error ? ' govuk-select--error' : ''}`}
        id={id}
        name={name}
        aria-describedby={described}
      >
        <option value="">{t('— เลือก —', '— choose —')}</option>
        {f.options.map((o) => (
          <option key={o.value} value={o.value} selected={text === o.value}>
            {p.lang === 'en' ? o.labelEn : o.labelTh}
          </option>
        ))}
      </select>,
    );
  }
  if (f.type === 'multi_enum') {
    const chosen = new Set(Array.isArray(text) ? text : text ? [text] : []);
    return group(
      <div class="govuk-checkboxes govuk-checkboxes--small">
        {f.options.map((o, i) => (
          <div class="govuk-checkboxes__item" key={o.value}>
            <input
              class="govuk-checkboxes__input"
              id={i === 0 ? `${id}-0` : `${id}-${i}`}
              name={name}
              type="checkbox"
              value={o.value}
              checked={chosen.has(o.value)}
            />
            <label class="govuk-label govuk-checkboxes__label" for={`${id}-${i}`}>
              {p.lang === 'en' ? o.labelEn : o.labelTh}
            </label>
          </div>
        ))}
      </div>,
      true,
    );
  }
  if (f.type === 'boolean') {
    return group(
      <div class="govuk-radios govuk-radios--small govuk-radios--inline">
        {[
          ['true', t('ใช่ / มี', 'Yes')],
          ['false', t('ไม่ใช่ / ไม่มี', 'No')],
        ].map(([v, l]) => (
          <div class="govuk-radios__item" key={v}>
            <input
              class="govuk-radios__input"
              id={`${id}-${v}`}
              name={name}
              type="radio"
              value={v}
              checked={text === v}
            />
            <label class="govuk-label govuk-radios__label" for={`${id}-${v}`}>
              {l}
            </label>
          </div>
        ))}
      </div>,
      true,
    );
  }
  const numeric = f.type === 'integer' || f.type === 'decimal';
  const input = (
    <input
      class={`govuk-input${numeric ? ' govuk-input--width-10' : f.type === 'date' ? ' govuk-input--width-10' : ''}${p.error ? ' govuk-input--error' : ''}`}
      id={id}
      name={name}
      type="text"
      value={Array.isArray(text) ? text.join(', ') : text}
      inputMode={f.type === 'integer' ? 'numeric' : f.type === 'decimal' ? 'decimal' : undefined}
      aria-describedby={described}
      spellcheck={false}
    />
  );
  return group(
    unit ? (
      <div class="govuk-input__wrapper">
        {input}
        <div class="govuk-input__suffix" aria-hidden="true">
          {unit}
        </div>
      </div>
    ) : (
      input
    ),
  );
}

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
  /** The evidence panel (src/files): the files of the form or of each row, and the upload. */
  evidence?: preact.ComponentChildren;
};

function ChangeReason({
  certified,
  lang,
  error,
}: {
  certified: boolean;
  lang: Lang;
  error?: string | undefined;
}) {
  const t = translator(lang);
  if (!certified) return null;
  return (
    <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label govuk-label--s" for="changeReason">
        {t('เหตุผลที่แก้ไขข้อมูลที่รับรองแล้ว', 'Why certified data is being changed')}
      </label>
      <div id="changeReason-hint" class="govuk-hint">
        {t(
          'ด้านนี้รับรองแล้ว การแก้ไขจะถูกบันทึกว่า "แก้ไขหลังรับรอง" และต้องรับรองใหม่',
          'This aspect is certified: the change is logged as "changed after certification" and must be certified again',
        )}
      </div>
      {error ? (
        <p id="changeReason-error" class="govuk-error-message">
          {error}
        </p>
      ) : null}
      <textarea
        class="govuk-textarea"
        id="changeReason"
        name="changeReason"
        rows={2}
        aria-describedby="changeReason-hint"
      />
    </div>
  );
}

/**
 * The way back from a data set, outermost first: a province officer came from the province dashboard and the LAO's
 * certification page; everyone else from the LAO's dashboard.
 */
function datasetCrumbs(
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
          <dl class="govuk-summary-list">
            {d.def.fields.map((f) => (
              <div class="govuk-summary-list__row" key={f.key}>
                <dt class="govuk-summary-list__key">{descField(f)}</dt>
                <dd class="govuk-summary-list__value">{displayValue(f, formRow[f.key], ctx.lang)}</dd>
              </div>
            ))}
          </dl>
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
              <div class={`govuk-form-group${err('noneReason') ? ' govuk-form-group--error' : ''}`}>
                <label class="govuk-label" for="noneReason">
                  {t('เหตุผล (เช่น "ไม่มีถนนในความรับผิดชอบ")', 'Reason (e.g. "no roads in our responsibility")')}
                </label>
                {err('noneReason') ? (
                  <p id="noneReason-error" class="govuk-error-message">
                    {err('noneReason')}
                  </p>
                ) : null}
                <textarea class="govuk-textarea" id="noneReason" name="noneReason" rows={2} />
              </div>
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
  const needs = errors.some((e) => e.field === 'explanation');
  if (!needs) return null;
  return (
    <div class="govuk-form-group govuk-form-group--error">
      <label class="govuk-label govuk-label--s" for="explanation">
        {t('คำอธิบาย (ค่าที่ผิดปกติแต่ถูกต้อง)', 'Explanation (unusual but correct values)')}
      </label>
      <p id="explanation-error" class="govuk-error-message">
        {errors.find((e) => e.field === 'explanation')?.message}
      </p>
      <textarea
        class="govuk-textarea"
        id="explanation"
        name="explanation"
        rows={2}
        aria-describedby="explanation-error"
      />
    </div>
  );
}

type HistoryData = Awaited<ReturnType<typeof datasetHistory>>;
type HistoryEntryData = Awaited<ReturnType<typeof historyEntry>>;

function kindLabels(t: (th: string, en: string) => string): Record<string, string> {
  return {
    save: t('บันทึก', 'save'),
    none: t('ไม่มีข้อมูลในพื้นที่', 'none'),
    import: t('นำเข้าแฟ้ม', 'import'),
    copy: t('คัดลอกปีที่แล้ว', 'copied from last year'),
    row_add: t('เพิ่มแถว', 'row added'),
    row_edit: t('แก้ไขแถว', 'row edited'),
    row_delete: t('ลบแถว', 'row deleted'),
    row_restore: t('กู้คืนแถว', 'row restored'),
  };
}

/** A removed row's restore button: its own form to the change's restore address. */
type Restore = {
  action: (rowId: string) => string;
  csrf: string | null;
  version: number;
  certified: boolean;
};

/** A change's row diffs as a list: row, field, old → new (added and removed rows by their first values). */
function DiffList({
  changes,
  def,
  lang,
  restore,
}: {
  changes: RowDiff[];
  def: HistoryData['def'];
  lang: Lang;
  restore?: Restore | null;
}) {
  const t = translator(lang);
  const en = lang === 'en';
  const field = (k: string) => def.fields.find((f) => f.key === k);
  const show = (k: string, v: unknown) => {
    const f = field(k);
    return f ? displayValue(f, v, lang) : JSON.stringify(v);
  };
  return (
    <ul class="govuk-list govuk-list--bullet govuk-body-s">
      {changes.map((c, i) => (
        <li key={i}>
          {c.op === 'none'
            ? c.new
              ? t(`บันทึกว่าไม่มีข้อมูลในพื้นที่: ${c.reason ?? ''}`, `Recorded none in our area: ${c.reason ?? ''}`)
              : t('ยกเลิก "ไม่มีข้อมูลในพื้นที่"', 'No longer "none in our area"')
            : c.op === 'change'
              ? `${t('แถว', 'Row')} ${c.row}: ${Object.entries(c.fields)
                  .map(
                    ([k, v]) =>
                      `${field(k) ? (en ? field(k)!.labelEn : field(k)!.labelTh) : k} ${show(k, v.old)} → ${show(k, v.new)}`,
                  )
                  .join('; ')}`
              : `${c.op === 'add' ? t('เพิ่มแถว', 'Added row') : t('ลบแถว', 'Removed row')} ${c.row}: ${Object.entries(
                  c.values,
                )
                  .filter(([, v]) => v !== null)
                  .slice(0, 4)
                  .map(([k, v]) => show(k, v))
                  .join(', ')}`}
          {c.op === 'remove' && restore ? (
            <form method="post" action={restore.action(c.rowId)} class="app-restore-form">
              <CsrfField token={restore.csrf} />
              <input type="hidden" name="version" value={String(restore.version)} />
              {restore.certified ? (
                <div class="govuk-form-group">
                  <label class="govuk-label govuk-label--s" for={`changeReason-${c.rowId}`}>
                    {t('เหตุผลที่แก้ไขข้อมูลที่รับรองแล้ว', 'Why certified data is being changed')}
                  </label>
                  <textarea
                    class="govuk-textarea"
                    id={`changeReason-${c.rowId}`}
                    name="changeReason"
                    rows={2}
                  />
                </div>
              ) : null}
              <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2">
                {t(`กู้คืนแถวที่ ${c.row}`, `Restore row ${c.row}`)}
              </button>
            </form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A change's heading: version, when, who, kind and the status it left. */
function ChangeHeading({
  c,
  lang,
}: {
  c: HistoryData['items'][number] | HistoryEntryData['change'];
  lang: Lang;
}) {
  const t = translator(lang);
  return (
    <>
      {t('รุ่นที่', 'Version')} {c.version} · {formatDateTimeBE(c.at)} · {c.by} ·{' '}
      {kindLabels(t)[c.kind] ?? c.kind} · {statusLabel(c.status, lang)}
    </>
  );
}

const historyBase = (h: { lao: { code: string; year: number }; datasetId: string }) =>
  `/laos/${h.lao.code}/years/${h.lao.year}/datasets/${h.datasetId}/history`;

/**
 * A data set's changes, newest first, a page at a time; a change of many rows links to its own paged page. Who
 * may record sees a restore button beside each removed row.
 */
export function HistoryPage({
  ctx,
  h,
  paging,
  canRecord = false,
  certified = false,
}: {
  ctx: PageCtx;
  h: HistoryData;
  paging: Paging;
  canRecord?: boolean;
  certified?: boolean;
}) {
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const name = en ? h.def.nameEn : h.def.nameTh;
  return (
    <Layout
      ctx={ctx}
      title={`${t('ประวัติ', 'History')}: ${name}`}
      breadcrumbs={[
        ...datasetCrumbs(ctx, h.lao, h.section.no),
        { href: `/laos/${h.lao.code}/years/${h.lao.year}/datasets/${h.datasetId}`, label: name },
      ]}
    >
      <h1 class="govuk-heading-l">
        {t('ประวัติการแก้ไข', 'History')}: {name}
      </h1>
      {h.total === 0 ? <p class="govuk-body">{t('ยังไม่มีการบันทึก', 'Nothing recorded yet')}</p> : null}
      {h.items.map((c) => (
        <section key={c.version} class="app-history">
          <h2 class="govuk-heading-s">
            <ChangeHeading c={c} lang={ctx.lang} />
          </h2>
          {c.changeReason ? (
            <p class="govuk-body-s">
              {t('เหตุผล: ', 'Reason: ')}
              {c.changeReason}
            </p>
          ) : null}
          {c.changes ? (
            <DiffList
              changes={c.changes}
              def={h.def}
              lang={ctx.lang}
              restore={
                canRecord && h.def.kind === 'list'
                  ? {
                      action: (rowId) => `${historyBase(h)}/${c.version}/rows/${rowId}/restore`,
                      csrf: ctx.csrfToken,
                      version: h.version,
                      certified,
                    }
                  : null
              }
            />
          ) : (
            <p class="govuk-body-s">
              <a class="govuk-link" href={`${historyBase(h)}/${c.version}`}>
                {t(
                  `ดูการเปลี่ยนแปลงทั้ง ${c.changeCount.toLocaleString('th')} แถวของรุ่นที่ ${c.version}`,
                  `See all ${c.changeCount.toLocaleString('en')} row changes of version ${c.version}`,
                )}
              </a>
            </p>
          )}
        </section>
      ))}
      <Pager
        page={paging.page}
        pageSize={paging.pageSize}
        total={h.total}
        lang={ctx.lang}
        href={(page) =>
          hrefWith(historyBase(h), { page, pageSize: paging.pageSize === 20 ? null : paging.pageSize })
        }
      />
    </Layout>
  );
}

/** One change of a data set with its row diffs, a page at a time. */
export function HistoryEntryPage({ ctx, h, paging }: { ctx: PageCtx; h: HistoryEntryData; paging: Paging }) {
  const t = translator(ctx.lang);
  const en = ctx.lang === 'en';
  const name = en ? h.def.nameEn : h.def.nameTh;
  const base = historyBase(h);
  return (
    <Layout
      ctx={ctx}
      title={`${t('รุ่นที่', 'Version')} ${h.change.version}: ${name}`}
      breadcrumbs={[
        { href: `/laos/${h.lao.code}/years/${h.lao.year}/datasets/${h.datasetId}`, label: name },
        { href: base, label: t('ประวัติการแก้ไข', 'History') },
      ]}
    >
      <h1 class="govuk-heading-l">
        {t('รุ่นที่', 'Version')} {h.change.version}: {name}
      </h1>
      <p class="govuk-body">
        <ChangeHeading c={h.change} lang={ctx.lang} />
      </p>
      {h.change.changeReason ? (
        <p class="govuk-body">
          {t('เหตุผล: ', 'Reason: ')}
          {h.change.changeReason}
        </p>
      ) : null}
      <DiffList changes={h.items} def={h.def} lang={ctx.lang} />
      <Pager
        page={paging.page}
        pageSize={paging.pageSize}
        total={h.change.changeCount}
        lang={ctx.lang}
        href={(page) =>
          hrefWith(`${base}/${h.change.version}`, {
            page,
            pageSize: paging.pageSize === 100 ? null : paging.pageSize,
          })
        }
      />
    </Layout>
  );
}

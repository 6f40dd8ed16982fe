import type { DatasetDef } from '../catalog/catalog.schemas.ts';
import { translator } from '../plugins/i18n.ts';
import { ChangeReason } from '../records/dataset.views.tsx';
import { displayValue, statusLabel } from '../records/records.format.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  CsrfField,
  DataTable,
  ErrorSummary,
  Select,
  SummaryList,
  Tag,
  type TagColour,
  type ViewFieldError,
  WarningText,
} from '../views/components.tsx';
import { errorFor } from '../views/forms.ts';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { importLimits } from './grid.ts';
import type { importContext, PreviewView } from './imports.service.ts';
import type { AmbiguousDate, PreviewChange } from './preview.ts';

type T = ReturnType<typeof translator>;
type Where = { code: string; year: number; datasetId: string };

const datasetHref = (w: Where) => `/laos/${w.code}/years/${w.year}/datasets/${w.datasetId}`;
const nf = (n: number, lang: string) => n.toLocaleString(lang === 'en' ? 'en' : 'th');

function Crumbs(w: Where & { def: DatasetDef; t: T }) {
  return [{ href: datasetHref(w), label: w.t(w.def.nameTh, w.def.nameEn) }];
}

/** /laos/:code/years/:year/datasets/:id/import — the template link and the upload form (works without script). */
export function ImportPage(
  p: Where & {
    ctx: PageCtx;
    context: Awaited<ReturnType<typeof importContext>>;
    errors: ViewFieldError[];
  },
) {
  const t = translator(p.ctx.lang);
  const { def, lao } = p.context;
  const error = errorFor(p.errors, 'file');
  const mb = importLimits.fileBytes / 1024 / 1024;
  const rows = nf(importLimits.rows, p.ctx.lang);
  return (
    <Layout
      ctx={p.ctx}
      title={t(`นำเข้าข้อมูล: ${def.nameTh}`, `Import: ${def.nameEn}`)}
      hasErrors={p.errors.length > 0}
      breadcrumbs={Crumbs({ ...p, def, t })}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <ErrorSummary errors={p.errors} lang={p.ctx.lang} />
          <span class="govuk-caption-l">
            {lao.nameTh} · {t(`ปีงบประมาณ ${p.year}`, `Fiscal year ${p.year}`)}
          </span>
          <h1 class="govuk-heading-l">
            {t(`นำเข้าข้อมูลจาก Excel หรือ CSV: ${def.nameTh}`, `Import from Excel or CSV: ${def.nameEn}`)}
          </h1>
          <p class="govuk-body">
            {t(
              `ข้อมูลปัจจุบัน ${nf(p.context.rowCount, 'th')} แถว รุ่นที่ ${p.context.version} สถานะ ${statusLabel(p.context.status, p.ctx.lang)}`,
              `Now: ${nf(p.context.rowCount, 'en')} rows, version ${p.context.version}, ${statusLabel(p.context.status, p.ctx.lang)}`,
            )}
          </p>
          <h2 class="govuk-heading-m">{t('1. ดาวน์โหลดแบบฟอร์ม', '1. Download the template')}</h2>
          <p class="govuk-body">
            <a class="govuk-link" href={`${datasetHref(p)}/template.xlsx`} download>
              {t(`แบบฟอร์ม Excel ของ${def.nameTh} (.xlsx)`, `Excel template of ${def.nameEn} (.xlsx)`)}
            </a>
            {t(
              ' — มีข้อมูลปัจจุบันอยู่แล้ว หัวคอลัมน์ภาษาไทยพร้อมหน่วย รายการให้เลือก และแผ่นงานคำอธิบาย',
              ' — with the current data, Thai headers with units, drop-down choices and an instructions sheet',
            )}
          </p>
          <ul class="govuk-list govuk-list--bullet">
            <li>
              {t(
                'แก้ไขหรือเพิ่มแถวในแผ่นงาน "ข้อมูล" ตั้งแต่แถวที่ 3 แถวที่ลบออกจากแฟ้มจะถูกลบออกจากระบบ',
                'Edit or add rows in the "ข้อมูล" sheet from row 3; a row deleted from the file is deleted',
              )}
            </li>
            <li>
              {t(
                'วันที่กรอกเป็น วว/ดด/ปปปป พ.ศ. ตัวเลขไม่ต้องใส่หน่วย สูตรคำนวณอ่านจากค่าที่บันทึกไว้ในแฟ้ม',
                'Dates as dd/mm/yyyy (Buddhist era), numbers without units; formulas are read by their saved values',
              )}
            </li>
            <li>
              {t(
                `รับแฟ้ม .xlsx หรือ .csv (UTF-8) ขนาดไม่เกิน ${mb} MB ไม่เกิน ${rows} แถว`,
                `.xlsx or .csv (UTF-8), at most ${mb} MB and ${rows} rows`,
              )}
            </li>
          </ul>
          <h2 class="govuk-heading-m">{t('2. อัปโหลดแฟ้มเพื่อตรวจสอบ', '2. Upload the file to check it')}</h2>
          <p class="govuk-body">
            {t(
              'ระบบจะแสดงแถวที่เพิ่ม แก้ไข และลบ พร้อมข้อผิดพลาดทุกแถวก่อน ยังไม่บันทึกจนกว่าคุณจะยืนยัน',
              'You will see the rows added, changed and removed and every error first; nothing is saved until you confirm',
            )}
          </p>
          {/* The token is the form's first field: the server checks it before it reads the file. */}
          <form method="post" action={`${datasetHref(p)}/import`} enctype="multipart/form-data" novalidate>
            <CsrfField token={p.ctx.csrfToken} />
            {/* Before the file: the fields after it are never read. */}
            <Select
              name="encoding"
              label={t('การเข้ารหัสของแฟ้ม CSV', 'Encoding of a CSV file')}
              hint={t(
                'แฟ้ม CSV จาก Excel ภาษาไทยมักเป็น Windows-874 ระบบตรวจให้เองได้ เลือกเองถ้าภาษาไทยในตัวอย่างอ่านไม่ออก',
                'CSV files from Thai Excel are often Windows-874; the system finds out by itself, choose if the Thai text of the preview does not read right',
              )}
              value="auto"
              options={[
                { value: 'auto', label: t('ตรวจให้อัตโนมัติ', 'Find out automatically') },
                { value: 'utf-8', label: 'UTF-8' },
                {
                  value: 'windows-874',
                  label: t('ภาษาไทย Windows-874 (TIS-620)', 'Thai Windows-874 (TIS-620)'),
                },
              ]}
            />
            <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
              <label class="govuk-label govuk-label--s" for="file">
                {t('แฟ้ม .xlsx หรือ .csv', 'File (.xlsx or .csv)')}
              </label>
              <div id="file-hint" class="govuk-hint">
                {t(`ไม่เกิน ${mb} MB`, `At most ${mb} MB`)}
              </div>
              {error ? (
                <p id="file-error" class="govuk-error-message">
                  <span class="govuk-visually-hidden">{t('ข้อผิดพลาด: ', 'Error: ')}</span>
                  {error}
                </p>
              ) : null}
              <input
                class={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
                id="file"
                name="file"
                type="file"
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                aria-describedby={error ? 'file-hint file-error' : 'file-hint'}
              />
            </div>
            <button type="submit" class="govuk-button">
              {t('อัปโหลดและตรวจสอบ', 'Upload and check')}
            </button>
          </form>
          <p class="govuk-body">
            <a class="govuk-link" href={datasetHref(p)}>
              {t('กลับไปที่ชุดข้อมูล', 'Back to the data set')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

function fieldLabel(def: DatasetDef, key: string, t: T) {
  const f = def.fields.find((x) => x.key === key);
  if (f) return t(f.labelTh, f.labelEn);
  if (key === 'rows') return t('จำนวนแถว', 'Rows');
  return key;
}

/** "label: value; …" of a row's filled values, in the page's language. */
function valuesText(def: DatasetDef, values: Record<string, unknown>, lang: 'th' | 'en') {
  return def.fields
    .filter((f) => values[f.key] !== null && values[f.key] !== undefined)
    .map((f) => `${lang === 'en' ? f.labelEn : f.labelTh}: ${displayValue(f, values[f.key], lang)}`)
    .join('; ');
}

function ChangeRow({ c, def, lang, t }: { c: PreviewChange; def: DatasetDef; lang: 'th' | 'en'; t: T }) {
  const tag: [TagColour, string] =
    c.op === 'add'
      ? ['green', t('เพิ่ม', 'Add')]
      : c.op === 'change'
        ? ['blue', t('แก้ไข', 'Change')]
        : ['red', t('ลบ', 'Remove')];
  let detail: string;
  if (c.op === 'change') {
    detail = Object.entries(c.fields)
      .map(([k, v]) => {
        const f = def.fields.find((x) => x.key === k);
        const show = (x: unknown) => (f ? displayValue(f, x, lang) : String(x ?? '–'));
        return `${fieldLabel(def, k, t)}: ${show(v.old)} → ${show(v.new)}`;
      })
      .join('; ');
  } else detail = valuesText(def, c.values, lang);
  return (
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">
        <Tag colour={tag[0]}>{tag[1]}</Tag>
      </td>
      <td class="govuk-table__cell govuk-table__cell--numeric">
        {c.op === 'remove' ? t(`(เดิมแถวที่ ${c.position})`, `(was row ${c.position})`) : c.row}
      </td>
      <td class="govuk-table__cell">{detail}</td>
    </tr>
  );
}

const SUMMARY_LINKS = 20;

/** The preview of an upload: counts, every error by row and column, the changes, and the apply button. */
export function PreviewPage(p: {
  ctx: PageCtx;
  preview: PreviewView;
  errors: ViewFieldError[];
  changeReason: string;
}) {
  const { preview: v, ctx } = p;
  const t = translator(ctx.lang);
  const lang = ctx.lang;
  const where = { code: v.laoCode, year: v.year, datasetId: v.datasetId };
  const s = v.summary;
  const fileErrors: ViewFieldError[] = v.errors.slice(0, SUMMARY_LINKS).map((e, i) => ({
    field: `err-${i}`,
    message: `${t(`แถว ${e.row}`, `Row ${e.row}`)}${e.column ? t(` คอลัมน์ ${e.column}`, ` column ${e.column}`) : ''} (${fieldLabel(v.def, e.field, t)}): ${t(e.message.th, e.message.en)}`,
  }));
  if (s.errorCount > SUMMARY_LINKS) {
    fileErrors.push({
      field: 'errors',
      message: t(
        `และอีก ${nf(s.errorCount - SUMMARY_LINKS, lang)} รายการ — ดูตารางข้อผิดพลาด`,
        `and ${nf(s.errorCount - SUMMARY_LINKS, lang)} more; see the table of errors`,
      ),
    });
  }
  const blocked = s.errorCount > 0 || v.stale;
  const applyError = errorFor(p.errors, 'apply');
  const reasonError = errorFor(p.errors, 'changeReason');
  const dateOrderError = errorFor(p.errors, 'dateOrder');
  const ambiguous = s.ambiguousDates ?? [];
  const count = (n: number) => nf(n, lang);
  return (
    <Layout
      ctx={ctx}
      title={t(`ตรวจสอบก่อนนำเข้า: ${v.def.nameTh}`, `Check before importing: ${v.def.nameEn}`)}
      hasErrors={p.errors.length > 0 || s.errorCount > 0}
      breadcrumbs={Crumbs({ ...where, def: v.def, t })}
      wide
    >
      <ErrorSummary errors={[...p.errors, ...fileErrors]} lang={lang} />
      <span class="govuk-caption-l">
        {v.lao.nameTh} · {t(`ปีงบประมาณ ${v.year}`, `Fiscal year ${v.year}`)}
      </span>
      <h1 class="govuk-heading-l">
        {t(`ตรวจสอบก่อนนำเข้า: ${v.def.nameTh}`, `Check before importing: ${v.def.nameEn}`)}
      </h1>
      <SummaryList
        rows={[
          [t('แฟ้ม', 'File'), `${v.fileName} (${v.format.toUpperCase()})`],
          [t('อัปโหลดโดย', 'Uploaded by'), `${v.createdBy} · ${formatDateTimeBE(v.createdAt)}`],
          [t('แถวที่จะเพิ่ม', 'Rows to add'), count(s.added)],
          [t('แถวที่จะแก้ไข', 'Rows to change'), count(s.changed)],
          [t('แถวที่จะลบ', 'Rows to remove'), count(s.removed)],
          [t('แถวที่ไม่เปลี่ยนแปลง', 'Rows unchanged'), count(s.unchanged)],
          [t('ข้อผิดพลาด', 'Errors'), count(s.errorCount)],
          [t('ช่องที่ต้องกรอกแต่ยังว่าง', 'Required cells left empty'), count(s.missingCount)],
        ]}
      />
      {v.stale ? (
        <WarningText lang={ctx.lang}>
          {t(
            `ชุดข้อมูลถูกแก้ไขหลังจากอัปโหลดแฟ้มนี้ (รุ่นที่ ${v.baseVersion} → ${v.currentVersion}) ดาวน์โหลดแบบฟอร์มใหม่แล้วอัปโหลดอีกครั้ง`,
            `The data set changed after this upload (version ${v.baseVersion} → ${v.currentVersion}); download the template again and re-upload`,
          )}
        </WarningText>
      ) : null}
      {s.warnings.map((w) => (
        <WarningText key={w.en} lang={ctx.lang}>
          {t(w.th, w.en)}
        </WarningText>
      ))}
      {v.none ? (
        <div class="govuk-inset-text">
          {t(
            'ชุดข้อมูลนี้บันทึกไว้ว่า "ไม่มีข้อมูลในพื้นที่" การนำเข้าจะแทนที่ด้วยแถวจากแฟ้ม',
            'This data set is recorded as "none in our area"; importing replaces that with the file’s rows',
          )}
        </div>
      ) : null}

      {s.errorCount > 0 ? (
        <>
          <h2 class="govuk-heading-m" id="errors" tabIndex={-1}>
            {t(`ข้อผิดพลาด ${count(s.errorCount)} รายการ`, `${count(s.errorCount)} errors`)}
          </h2>
          {s.errorCount > v.errors.length ? (
            <p class="govuk-body">
              {t(`แสดง ${count(v.errors.length)} รายการแรก`, `The first ${count(v.errors.length)} are shown`)}
            </p>
          ) : null}
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-visually-hidden">
              {t('ข้อผิดพลาดตามแถวและคอลัมน์', 'Errors by row and column')}
            </caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                  {t('แถว', 'Row')}
                </th>
                <th scope="col" class="govuk-table__header">
                  {t('คอลัมน์', 'Column')}
                </th>
                <th scope="col" class="govuk-table__header">
                  {t('ข้อมูล', 'Field')}
                </th>
                <th scope="col" class="govuk-table__header">
                  {t('ข้อผิดพลาด', 'Error')}
                </th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {v.errors.map((e, i) => (
                <tr class="govuk-table__row" id={`err-${i}`} key={`${e.row}-${e.field}-${i}`} tabIndex={-1}>
                  <td class="govuk-table__cell govuk-table__cell--numeric">{e.row}</td>
                  <td class="govuk-table__cell">{e.column ?? '–'}</td>
                  <td class="govuk-table__cell">{fieldLabel(v.def, e.field, t)}</td>
                  <td class="govuk-table__cell">{t(e.message.th, e.message.en)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      {s.missingCount > 0 ? (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">
              {t(
                `ช่องที่ต้องกรอกแต่ยังว่าง ${count(s.missingCount)} ช่อง (นำเข้าได้ แต่ชุดข้อมูลจะยังไม่ครบถ้วน)`,
                `${count(s.missingCount)} required cells are empty (the import is allowed; the data set stays partial)`,
              )}
            </span>
          </summary>
          <div class="govuk-details__text">
            <ul class="govuk-list">
              {s.missing.map((m, i) => (
                <li key={`${m.row}-${m.field}-${i}`}>
                  {t(`แถว ${m.row}`, `Row ${m.row}`)}
                  {m.column ? t(` คอลัมน์ ${m.column}`, ` column ${m.column}`) : ''}:{' '}
                  {t(m.message.th, m.message.en)}
                </li>
              ))}
            </ul>
          </div>
        </details>
      ) : null}

      <h2 class="govuk-heading-m">{t('การเปลี่ยนแปลง', 'Changes')}</h2>
      {s.changes.length === 0 ? (
        <p class="govuk-body">{t('ไม่มีการเปลี่ยนแปลงจากข้อมูลปัจจุบัน', 'No change from the current data')}</p>
      ) : (
        <table class="govuk-table">
          <caption class="govuk-table__caption govuk-table__caption--s">
            {s.added + s.changed + s.removed > s.changes.length
              ? t(
                  `แสดง ${count(s.changes.length)} รายการแรก`,
                  `The first ${count(s.changes.length)} are shown`,
                )
              : t('แถวที่จะเพิ่ม แก้ไข และลบ', 'Rows to be added, changed and removed')}
          </caption>
          <thead class="govuk-table__head">
            <tr class="govuk-table__row">
              <th scope="col" class="govuk-table__header">
                {t('การเปลี่ยนแปลง', 'Change')}
              </th>
              <th scope="col" class="govuk-table__header govuk-table__header--numeric">
                {t('แถวในแฟ้ม', 'Row in file')}
              </th>
              <th scope="col" class="govuk-table__header">
                {t('รายละเอียด', 'Details')}
              </th>
            </tr>
          </thead>
          <tbody class="govuk-table__body">
            {s.changes.map((c, i) => (
              <ChangeRow key={`${c.op}-${i}`} c={c} def={v.def} lang={lang} t={t} />
            ))}
          </tbody>
        </table>
      )}

      <form method="post" action={`${datasetHref(where)}/imports/${v.importId}/apply`} novalidate>
        <CsrfField token={ctx.csrfToken} />
        {ambiguous.length ? (
          <AmbiguousDates
            lang={lang}
            dates={ambiguous}
            label={(key) => fieldLabel(v.def, key, t)}
            error={dateOrderError}
          />
        ) : null}
        {v.certified ? (
          <ChangeReason certified lang={ctx.lang} error={reasonError} value={p.changeReason} />
        ) : null}
        <div class={`govuk-form-group${applyError ? ' govuk-form-group--error' : ''}`}>
          {applyError ? (
            <p id="apply-error" class="govuk-error-message">
              {applyError}
            </p>
          ) : null}
          {blocked ? (
            <p id="apply-hint" class="govuk-hint">
              {s.errorCount > 0
                ? t(
                    'นำเข้าไม่ได้จนกว่าจะแก้ข้อผิดพลาดทุกรายการ — แก้ไขแฟ้มแล้วอัปโหลดอีกครั้ง',
                    'This cannot be imported until every error is corrected: correct the file and upload it again',
                  )
                : t(
                    'นำเข้าไม่ได้เพราะข้อมูลถูกแก้ไขหลังอัปโหลด — อัปโหลดแฟ้มอีกครั้ง',
                    'This cannot be imported because the data changed after the upload: upload the file again',
                  )}
            </p>
          ) : null}
          <button
            type="submit"
            class={`govuk-button${blocked ? ' govuk-button--disabled' : ''}`}
            id="apply"
            disabled={blocked}
            aria-disabled={blocked ? 'true' : undefined}
            aria-describedby={
              [blocked ? 'apply-hint' : '', applyError ? 'apply-error' : ''].filter(Boolean).join(' ') ||
              undefined
            }
          >
            {t(
              `ยืนยันนำเข้า (เพิ่ม ${count(s.added)} แก้ไข ${count(s.changed)} ลบ ${count(s.removed)} แถว)`,
              `Import (add ${count(s.added)}, change ${count(s.changed)}, remove ${count(s.removed)} rows)`,
            )}
          </button>
        </div>
      </form>
      <p class="govuk-body">
        <a class="govuk-link" href={`${datasetHref(where)}/import`}>
          {t('อัปโหลดแฟ้มอื่น', 'Upload another file')}
        </a>
        {' · '}
        <a class="govuk-link" href={datasetHref(where)}>
          {t('กลับไปที่ชุดข้อมูล', 'Back to the data set')}
        </a>
      </p>
    </Layout>
  );
}

/** A day in words, Buddhist era: "3 พฤษภาคม 2569" / "3 May 2026". */
const longDate = (iso: string, lang: 'th' | 'en') =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'th-TH', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`));

/**
 * Date cells that read two ways (day and month both ≤ 12: typed 03/05/2569 on a computer set to month/day is
 * 5 March to Excel): both readings of each, and the choice applying needs.
 */
function AmbiguousDates(p: {
  lang: 'th' | 'en';
  dates: AmbiguousDate[];
  label: (key: string) => string;
  error: string | undefined;
}) {
  const t = translator(p.lang);
  const shown = p.dates.slice(0, 50);
  return (
    <div class={`govuk-form-group${p.error ? ' govuk-form-group--error' : ''}`} id="dateOrder">
      <DataTable
        caption={t(
          `วันที่ที่อ่านได้ 2 แบบ ${p.dates.length} เซลล์`,
          `${p.dates.length} date cells that read two ways`,
        )}
        captionSize="m"
        rows={shown}
        rowKey={(a) => `${a.row}|${a.field}`}
        columns={[
          { label: t('เซลล์', 'Cell'), rowHeader: true, cell: (a) => `${a.column}${a.row}` },
          { label: t('ช่อง', 'Field'), cell: (a) => p.label(a.field) },
          { label: t('อ่านตามที่แสดง', 'As shown'), cell: (a) => longDate(a.asRead, p.lang) },
          { label: t('สลับวันกับเดือน', 'Day and month swapped'), cell: (a) => longDate(a.swapped, p.lang) },
        ]}
      />
      <fieldset class="govuk-fieldset" aria-describedby={p.error ? 'dateOrder-error' : undefined}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">
          {t('วันที่ในแฟ้มนี้หมายถึงแบบใด', 'Which do the dates of this file mean?')}
        </legend>
        {p.error ? (
          <p id="dateOrder-error" class="govuk-error-message">
            <span class="govuk-visually-hidden">{t('ข้อผิดพลาด: ', 'Error: ')}</span>
            {p.error}
          </p>
        ) : null}
        <div class="govuk-radios" data-module="govuk-radios">
          {(
            [
              ['as_read', t('อ่านตามที่แสดง (วัน/เดือน/ปี)', 'As shown (day/month/year)')],
              [
                'swapped',
                t('สลับวันกับเดือน (แฟ้มพิมพ์เป็น เดือน/วัน/ปี)', 'Day and month swapped (typed as month/day/year)'),
              ],
            ] as const
          ).map(([value, text]) => (
            <div class="govuk-radios__item" key={value}>
              <input
                class="govuk-radios__input"
                id={`dateOrder-${value}`}
                name="dateOrder"
                type="radio"
                value={value}
              />
              <label class="govuk-label govuk-radios__label" for={`dateOrder-${value}`}>
                {text}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** After applying: the new version and status, with the way back to the data set. */
export function ResultPage({ ctx, preview: v }: { ctx: PageCtx; preview: PreviewView }) {
  const t = translator(ctx.lang);
  const where = { code: v.laoCode, year: v.year, datasetId: v.datasetId };
  const s = v.summary;
  return (
    <Layout
      ctx={ctx}
      title={t(`นำเข้าแล้ว: ${v.def.nameTh}`, `Imported: ${v.def.nameEn}`)}
      breadcrumbs={Crumbs({ ...where, def: v.def, t })}
    >
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <div class="govuk-panel govuk-panel--confirmation">
            <h1 class="govuk-panel__title">{t('นำเข้าข้อมูลเรียบร้อยแล้ว', 'Import complete')}</h1>
            <div class="govuk-panel__body">
              {t(`${v.def.nameTh} รุ่นที่ ${v.appliedVersion}`, `${v.def.nameEn}, version ${v.appliedVersion}`)}
            </div>
          </div>
          <p class="govuk-body">
            {t(
              `เพิ่ม ${nf(s.added, 'th')} แถว แก้ไข ${nf(s.changed, 'th')} แถว ลบ ${nf(s.removed, 'th')} แถว จากแฟ้ม ${v.fileName} โดย ${v.appliedBy} เมื่อ ${v.appliedAt ? formatDateTimeBE(v.appliedAt) : ''}`,
              `Added ${nf(s.added, 'en')}, changed ${nf(s.changed, 'en')}, removed ${nf(s.removed, 'en')} rows from ${v.fileName}, by ${v.appliedBy} at ${v.appliedAt ? formatDateTimeBE(v.appliedAt) : ''}`,
            )}
          </p>
          <p class="govuk-body">
            {t('สถานะชุดข้อมูลตอนนี้: ', 'The data set is now: ')}
            <Tag>{statusLabel(v.status, ctx.lang)}</Tag>
          </p>
          <p class="govuk-body">
            <a class="govuk-link" href={datasetHref(where)}>
              {t(`กลับไปที่ชุดข้อมูล${v.def.nameTh}`, `Back to ${v.def.nameEn}`)}
            </a>
            {' · '}
            <a class="govuk-link" href={`${datasetHref(where)}/import`}>
              {t('นำเข้าแฟ้มอื่น', 'Import another file')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

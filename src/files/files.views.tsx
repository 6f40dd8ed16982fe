import { translator } from '../plugins/i18n.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { CsrfField, ErrorSummary, type ViewFieldError } from '../views/components.tsx';
import { Layout } from '../views/layout.tsx';
import type { PageCtx } from '../views/page-ctx.ts';
import { type DatasetEvidence, evidenceLimits, MB } from './files.service.ts';
import type { EvidenceFileTable } from './files.table.ts';

const typeLabel: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
};

/** A size as a person reads it: 820 KB, 2.4 MB. */
export const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** The files of one owner: a link to each (type, size, who and when), and "remove" for those who may change them. */
export function EvidenceList(p: {
  ctx: PageCtx;
  files: EvidenceFileTable[];
  canRemove: boolean;
  /** The LAO's path, /laos/:code/years/:year, where the remove pages are. */
  laoBase: string;
  label?: string;
}) {
  const t = translator(p.ctx.lang);
  if (p.files.length === 0)
    return <p class="govuk-body-s app-muted">{t('ยังไม่มีไฟล์แนบ', 'No files attached yet')}</p>;
  return (
    <ul class="govuk-list app-evidence-list" aria-label={p.label}>
      {p.files.map((f) => (
        <li key={f.id}>
          <a class="govuk-link" href={`/files/${f.id}`}>
            {f.name}
          </a>{' '}
          <span class="govuk-body-s app-muted">
            ({typeLabel[f.media_type] ?? f.media_type}, {sizeText(f.size)}, {f.uploaded_by},{' '}
            {formatDateTimeBE(f.uploaded_at)})
          </span>
          {p.canRemove ? (
            <>
              {' '}
              <a class="govuk-link govuk-body-s" href={`${p.laoBase}/files/${f.id}/remove`}>
                {t('ลบไฟล์', 'Remove')}
                <span class="govuk-visually-hidden"> {f.name}</span>
              </a>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * The upload form: a multipart POST whose first field is the CSRF token (read before the files), an optional
 * row to attach to, and one or several files.
 */
export function EvidenceUpload(p: {
  ctx: PageCtx;
  action: string;
  choices?: { id: string; no: number }[];
  errors?: ViewFieldError[];
  id?: string;
}) {
  const t = translator(p.ctx.lang);
  const id = p.id ?? 'file';
  const err = p.errors?.find((e) => e.field === 'file' || e.field === 'form' || e.field === 'rowId')?.message;
  return (
    <form method="post" action={p.action} enctype="multipart/form-data" novalidate>
      <CsrfField token={p.ctx.csrfToken} />
      {p.choices ? (
        <div class="govuk-form-group">
          <label class="govuk-label" for={`${id}-row`}>
            {t('แนบกับแถวที่', 'Attach to row')}
          </label>
          <select class="govuk-select" id={`${id}-row`} name="rowId">
            {p.choices.map((c) => (
              <option key={c.id} value={c.id}>
                {t(`แถวที่ ${c.no}`, `Row ${c.no}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div class={`govuk-form-group${err ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label" for={id}>
          {t('ไฟล์หลักฐาน (PDF, JPEG หรือ PNG)', 'Evidence files (PDF, JPEG or PNG)')}
        </label>
        <div id={`${id}-hint`} class="govuk-hint">
          {t(
            `เลือกได้หลายไฟล์ ไฟล์ละไม่เกิน ${MB} MB รวมไม่เกิน ${evidenceLimits.perOwner} ไฟล์ต่อรายการ`,
            `Several files at once, up to ${MB} MB each and ${evidenceLimits.perOwner} per item`,
          )}
        </div>
        {err ? (
          <p id={`${id}-error`} class="govuk-error-message">
            <span class="govuk-visually-hidden">{'ข้อผิดพลาด: '}</span>
            {err}
          </p>
        ) : null}
        <input
          class={`govuk-file-upload${err ? ' govuk-file-upload--error' : ''}`}
          id={id}
          name="file"
          type="file"
          multiple
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          aria-describedby={`${id}-hint${err ? ` ${id}-error` : ''}`}
        />
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary">
        {t('แนบไฟล์', 'Attach files')}
      </button>
    </form>
  );
}

/** The evidence of a data set page: the form's files, or each row's, the files of deleted rows, and the upload. */
export function DatasetEvidencePanel({ ctx, e }: { ctx: PageCtx; e: DatasetEvidence }) {
  const t = translator(ctx.lang);
  const laoBase = e.base.replace(/\/datasets\/[^/]+$/, '');
  return (
    <section class="app-evidence" id="evidence" aria-labelledby="evidence-heading">
      <h2 class="govuk-heading-m" id="evidence-heading">
        {t('หลักฐานประกอบ', 'Evidence')}
      </h2>
      {e.kind === 'form' ? (
        <EvidenceList ctx={ctx} files={e.formFiles} canRemove={e.canRecord} laoBase={laoBase} />
      ) : e.rows.length === 0 ? (
        <p class="govuk-body-s app-muted">{t('ยังไม่มีไฟล์แนบกับแถวใด', 'No row has files yet')}</p>
      ) : (
        e.rows.map((r) => (
          <div key={r.id}>
            <h3 class="govuk-heading-s">{t(`แถวที่ ${r.no}`, `Row ${r.no}`)}</h3>
            <EvidenceList ctx={ctx} files={r.files} canRemove={e.canRecord} laoBase={laoBase} />
          </div>
        ))
      )}
      {e.deleted.length ? (
        <details class="govuk-details">
          <summary class="govuk-details__summary">
            <span class="govuk-details__summary-text">
              {t(`ไฟล์ของแถวที่ลบแล้ว (${e.deleted.length})`, `Files of deleted rows (${e.deleted.length})`)}
            </span>
          </summary>
          <div class="govuk-details__text">
            <p class="govuk-body-s">
              {t('เก็บไว้กับประวัติการแก้ไข', 'Kept with the history')} ·{' '}
              <a class="govuk-link" href={`${e.base}/history`}>
                {t('ประวัติการแก้ไข', 'History')}
              </a>
            </p>
            <EvidenceList ctx={ctx} files={e.deleted} canRemove={false} laoBase={laoBase} />
          </div>
        </details>
      ) : null}
      {e.canRecord && (e.kind === 'form' ? e.room > 0 : e.choices.length > 0) ? (
        <EvidenceUpload
          ctx={ctx}
          action={`${e.base}/files`}
          {...(e.kind === 'list' ? { choices: e.choices } : {})}
        />
      ) : null}
    </section>
  );
}

/** An upload refused: what to do, and the form again (a multipart form cannot keep its files). */
export function UploadFailedPage(p: {
  ctx: PageCtx;
  errors: ViewFieldError[];
  action: string;
  backHref: string;
  backLabel: string;
  choices?: { id: string; no: number }[];
}) {
  const t = translator(p.ctx.lang);
  const title = t('แนบไฟล์ไม่สำเร็จ', 'The files were not attached');
  const errors = p.errors.map((e) => ({ ...e, field: 'file' }));
  return (
    <Layout ctx={p.ctx} title={title} hasErrors>
      <ErrorSummary errors={errors} lang={p.ctx.lang} />
      <h1 class="govuk-heading-l">{title}</h1>
      <EvidenceUpload
        ctx={p.ctx}
        action={p.action}
        errors={errors}
        {...(p.choices ? { choices: p.choices } : {})}
      />
      <p class="govuk-body">
        <a class="govuk-link" href={p.backHref}>
          {p.backLabel}
        </a>
      </p>
    </Layout>
  );
}

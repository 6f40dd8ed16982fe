import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { logActivity } from '../audit/audit.service.ts';
import type { Database } from '../db/database.ts';
import type { Actor } from '../policy/policy.ts';
import { aspectCertified, readDataset, requireAccess, saveDataset } from '../records/records.service.ts';
import { AppError, bi } from '../util/errors.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import * as repo from './imports.repository.ts';
import type { ImportPreviewTable } from './imports.table.ts';
import { limiter } from './limiter.ts';
import { previewInWorker } from './parse-pool.ts';
import { KEEP, type PreviewIssue, type PreviewRow, type PreviewSummary } from './preview.ts';
import type { CsvEncoding } from './upload.ts';
import { writeTemplate } from './xlsx.ts';

export type UploadFile = { fileName: string; data: Buffer; encoding?: CsvEncoding };

/** How long an unapplied preview can still be applied (and an applied one shown) before it is deleted. */
export const PREVIEW_DAYS = 7;
/**
 * Files read at once by this node, each in its own worker thread (one per core of a 2-core node), and how many
 * may wait for one; beyond that a 429 (./limiter.ts). Each waiting upload holds its file (≤ 10 MB) in memory.
 */
export const PARSES_AT_ONCE = 2;
export const PARSES_WAITING = 4;
const parsing = limiter(PARSES_AT_ONCE, PARSES_WAITING);
const cutoff = () => new Date(Date.now() - PREVIEW_DAYS * 24 * 3600 * 1000).toISOString();

async function recordContext(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  year: number,
  datasetId: string,
) {
  const data = await readDataset(db, actor, code, year, datasetId);
  await requireAccess(db, actor, code, 'record', { year, section: data.section, datasetId });
  return data;
}

/** The template workbook of a data set for an LAO, prefilled with its current rows; needs the view right. */
export async function datasetTemplate(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  year: number,
  datasetId: string,
) {
  const d = await readDataset(db, actor, code, year, datasetId);
  const data = await writeTemplate({
    def: d.def,
    lao: { code, nameTh: d.lao.nameTh },
    year,
    version: d.version,
    rows: d.rows.map((r) => ({ id: r.id, values: r.values, explanation: r.explanation ?? null })),
  });
  return { fileName: `${datasetId}-${code}-${year}.xlsx`, data };
}

/** What the upload page shows: the data set, its state and version; needs the right to record it. */
export async function importContext(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  year: number,
  datasetId: string,
) {
  const d = await recordContext(db, actor, code, year, datasetId);
  return {
    lao: d.lao,
    def: d.def,
    section: d.section,
    status: d.status,
    version: d.version,
    rowCount: d.rows.length,
  };
}

/**
 * Reads an uploaded .xlsx or .csv against a data set and keeps the result as a preview: the rows it would store,
 * what they add, change and remove, and every error by row and column. Nothing of the data set changes. The record
 * right is checked before the file is read; a file that cannot be read at all is a 4xx with the reason.
 */
export async function createPreview(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  year: number,
  datasetId: string,
  readFile: () => Promise<UploadFile>,
  opts: { ip?: string | null } = {},
) {
  const d = await recordContext(db, actor, code, year, datasetId);
  // A full node says so before the file is even received.
  parsing.refuseIfFull();
  const file = await readFile();
  const current = d.rows.map((r) => ({ id: r.id, values: r.values, explanation: r.explanation ?? null }));
  const parsed = await parsing(() =>
    previewInWorker({
      fileName: file.fileName,
      data: file.data,
      def: d.def,
      current,
      encoding: file.encoding ?? 'auto',
    }),
  );
  const row: ImportPreviewTable = {
    id: randomUUID(),
    lao_code: code,
    year,
    dataset_id: datasetId,
    created_by: actor!.username,
    created_at: new Date().toISOString(),
    file_name: file.fileName.slice(0, 200),
    format: parsed.format,
    base_version: d.version,
    rows_json: parsed.rowsJson,
    summary_json: JSON.stringify(parsed.summary),
    errors_json: JSON.stringify(parsed.errors),
    error_count: parsed.summary.errorCount,
    applied_at: null,
    applied_by: null,
    applied_version: null,
  };
  await db.transaction().execute(async (trx) => {
    await repo.deleteCreatedBefore(trx, cutoff());
    await repo.insertPreview(trx, row);
    await logActivity(trx, {
      actor,
      action: 'import.previewed',
      laoCode: code,
      sectionNo: d.section.no,
      target: `${year}/${datasetId}`,
      detail: {
        importId: row.id,
        fileName: row.file_name,
        format: row.format,
        added: parsed.summary.added,
        changed: parsed.summary.changed,
        removed: parsed.summary.removed,
        errors: parsed.summary.errorCount,
      },
      ip: opts.ip ?? null,
    });
  });
  return toView(row, d, parsed.summary, parsed.errors);
}

function toView(
  p: ImportPreviewTable,
  d: Awaited<ReturnType<typeof readDataset>>,
  summary: PreviewSummary,
  errors: PreviewIssue[],
  certified = false,
) {
  return {
    importId: p.id,
    laoCode: p.lao_code,
    year: p.year,
    datasetId: p.dataset_id,
    lao: d.lao,
    def: d.def,
    fileName: p.file_name,
    format: p.format,
    createdAt: p.created_at,
    createdBy: p.created_by,
    baseVersion: p.base_version,
    currentVersion: d.version,
    stale: p.applied_at === null && d.version !== p.base_version,
    none: d.none,
    certified,
    // Previews kept from before warnings existed have none.
    summary: { ...summary, warnings: summary.warnings ?? [] },
    errors,
    appliedAt: p.applied_at,
    appliedBy: p.applied_by,
    appliedVersion: p.applied_version,
    status: d.status,
  };
}

export type PreviewView = ReturnType<typeof toView>;

async function loadPreview(
  db: Kysely<Database>,
  importId: string,
  code: string,
  year: number,
  datasetId: string,
): Promise<ImportPreviewTable> {
  const p = await repo.findPreview(db, importId);
  if (!p || p.lao_code !== code || p.year !== year || p.dataset_id !== datasetId || p.created_at < cutoff()) {
    throw new AppError(
      'not_found',
      bi(
        `ไม่พบการนำเข้า ${importId} ของชุดข้อมูลนี้ (เก็บไว้ ${PREVIEW_DAYS} วัน) — อัปโหลดแฟ้มอีกครั้ง`,
        `No import ${importId} of this data set (kept for ${PREVIEW_DAYS} days); upload the file again`,
      ),
    );
  }
  return p;
}

/**
 * A stored preview with the data set's current version (stale when it moved on). Like uploading and applying, it
 * needs the right to record the data set: a preview is a draft of the recording, not the LAO's data.
 */
export async function getPreview(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  year: number,
  datasetId: string,
  importId: string,
): Promise<PreviewView> {
  const d = await recordContext(db, actor, code, year, datasetId);
  const p = await loadPreview(db, importId, code, year, datasetId);
  const certified = await aspectCertified(db, code, year, d.section.no);
  return toView(
    p,
    d,
    JSON.parse(p.summary_json) as PreviewSummary,
    JSON.parse(p.errors_json) as PreviewIssue[],
    certified,
  );
}

/**
 * Applies a preview: all its rows in one save through the records service (validation, version, history of kind
 * 'import'). 422 while it has errors, 409 once applied or when the data set changed since the upload; the record
 * right is checked again. The preview is claimed first so two clicks cannot both apply it, and released when the
 * save is refused.
 */
export async function applyPreview(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  year: number,
  datasetId: string,
  importId: string,
  input: { changeReason?: string | null | undefined; dateOrder?: 'as_read' | 'swapped' | undefined },
  opts: { ip?: string | null } = {},
) {
  const ctx = await recordContext(db, actor, code, year, datasetId);
  const p = await loadPreview(db, importId, code, year, datasetId);
  const ambiguous = (JSON.parse(p.summary_json) as PreviewSummary).ambiguousDates ?? [];
  if (p.applied_at) {
    throw new AppError(
      'conflict',
      bi(
        `นำเข้าแฟ้มนี้แล้วโดย ${p.applied_by} เมื่อ ${formatDateTimeBE(p.applied_at)} — นำเข้าซ้ำไม่ได้`,
        `${p.applied_by} already applied this import at ${formatDateTimeBE(p.applied_at)}; it cannot be applied twice`,
      ),
    );
  }
  if (p.error_count > 0) {
    const errors = JSON.parse(p.errors_json) as PreviewIssue[];
    throw new AppError(
      'unprocessable',
      bi(
        `แฟ้มมีข้อผิดพลาด ${p.error_count} รายการ ยังไม่ได้บันทึก — แก้ไขแฟ้มแล้วอัปโหลดอีกครั้ง`,
        `The file has ${p.error_count} errors and nothing was saved; correct the file and upload it again`,
      ),
      errors
        .slice(0, KEEP.errors)
        .map((e) => ({ row: e.row, field: e.field, code: e.code, message: e.message })),
    );
  }
  if (ambiguous.length && !input.dateOrder) {
    const text = bi(
      `วันที่ในแฟ้ม ${ambiguous.length} เซลล์อ่านได้ 2 แบบ (วันและเดือนไม่เกิน 12 ทั้งคู่) — เลือกว่าอ่านตามที่แสดง หรือสลับวันกับเดือน`,
      `${ambiguous.length} date cells of the file read two ways (day and month both 12 or less); choose: as shown, or day and month swapped`,
    );
    throw new AppError('unprocessable', text, [
      { field: 'dateOrder', code: 'date_order_required', message: text },
    ]);
  }
  const at = new Date().toISOString();
  if (!(await repo.claimPreview(db, p.id, at, actor!.username))) {
    throw new AppError(
      'conflict',
      bi('การนำเข้านี้กำลังบันทึกหรือบันทึกไปแล้ว', 'This import is being applied or was already applied'),
    );
  }
  // The other reading of each two-way date, when chosen: day and month swapped.
  const swaps = new Map(
    input.dateOrder === 'swapped' ? ambiguous.map((a) => [`${a.row}|${a.field}`, a] as const) : [],
  );
  const rows = (JSON.parse(p.rows_json) as PreviewRow[]).map((r) => {
    const values = { ...r.values };
    for (const [k, v] of Object.entries(values)) {
      const a = swaps.get(`${r.row}|${k}`);
      if (a && v === a.asRead) values[k] = a.swapped;
    }
    return { id: r.id ?? undefined, values, explanation: r.explanation };
  });
  let saved: Awaited<ReturnType<typeof saveDataset>>;
  try {
    saved = await saveDataset(
      db,
      actor,
      code,
      year,
      datasetId,
      { version: p.base_version, rows, changeReason: input.changeReason ?? null },
      { source: 'api', kind: 'import', ip: opts.ip ?? null },
    );
  } catch (err) {
    await repo.releasePreview(db, p.id, at);
    throw err;
  }
  await db.transaction().execute(async (trx) => {
    await repo.setAppliedVersion(trx, p.id, saved.version);
    await logActivity(trx, {
      actor,
      action: 'import.applied',
      laoCode: code,
      sectionNo: ctx.section.no,
      target: `${year}/${datasetId}`,
      detail: { importId: p.id, version: saved.version, status: saved.status, changed: saved.changed },
      ip: opts.ip ?? null,
    });
  });
  return { version: saved.version, status: saved.status, changed: saved.changed };
}

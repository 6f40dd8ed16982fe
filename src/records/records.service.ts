import type { Kysely, Transaction } from 'kysely';
import { resolveAssignment } from '../assignments/assignment-rule.ts';
import { assignmentsOf, yearDeadline } from '../assignments/assignments.repository.ts';
import { activityWrite } from '../audit/audit.service.ts';
import type { DatasetDef } from '../catalog/catalog.schemas.ts';
import { type Catalog, type CatalogSection, getCatalog } from '../catalog/catalog.service.ts';
import {
  appliesTo,
  datasetCompleteness,
  type RowError,
  type ValueSource,
  validateRow,
} from '../catalog/validation.ts';
import { aspectStatus, aspectStatusesOf, noteDataChange } from '../certification/certification.repository.ts';
import type { DataState } from '../certification/certification.table.ts';
import type { Database } from '../db/database.ts';
import { type Write, writeTogether } from '../db/write-together.ts';
import { listDivisions } from '../divisions/divisions.service.ts';
import { type Actor, can } from '../policy/policy.ts';
import { requireLao } from '../policy/scope.ts';
import { laoInYear } from '../registry/registry.service.ts';
import type { LaoType } from '../registry/registry.table.ts';
import { statusChanged } from '../status/status.cache.ts';
import { AppError, bi, type FieldError } from '../util/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import type { Paging } from '../util/paging.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import * as repo from './records.repository.ts';
import type { ChangeKind, DatasetRowTable } from './records.table.ts';

type Values = Record<string, unknown>;
export type InputRow = { id?: string | undefined; values: Values; explanation?: string | null | undefined };
export type SaveInput = {
  version: number;
  rows?: InputRow[] | undefined;
  none?: boolean | undefined;
  noneReason?: string | null | undefined;
  changeReason?: string | null | undefined;
};

export type RowDiff =
  | { op: 'add'; row: number; rowId: string; values: Values }
  | { op: 'remove'; row: number; rowId: string; values: Values }
  | { op: 'change'; row: number; rowId: string; fields: Record<string, { old: unknown; new: unknown }> }
  | { op: 'none'; old: boolean; new: boolean; reason: string | null };

/** The LAO as it stands in the fiscal year, with its catalog; 404 for an unknown or retired LAO. */
export async function laoYear(db: Kysely<Database>, laoCode: string, year: number) {
  const lao = await laoInYear(db, laoCode, year);
  if (lao.status !== 'active') {
    throw new AppError(
      'not_found',
      bi(`${lao.nameTh} สิ้นสภาพในปีงบประมาณ ${year}`, `${lao.nameTh} no longer exists in fiscal year ${year}`),
    );
  }
  const catalog = await getCatalog(db, year);
  return { lao, catalog };
}

/** Data sets of a section that apply to an LAO type, in catalog order. */
export const applicable = (section: CatalogSection, type: LaoType) =>
  section.datasets.filter((d) => appliesTo(d, type));

/**
 * The divisions that record a data set: its own assignment, else its section's, else (no assignment yet) the
 * division named as the section's default in the catalog, as in the seed memo.
 */
export async function assignedDivisionIds(
  db: Kysely<Database>,
  laoCode: string,
  year: number,
  section: CatalogSection,
  datasetId: string,
) {
  const [all, divisions] = await Promise.all([assignmentsOf(db, laoCode, year), listDivisions(db, laoCode)]);
  const { divisionId } = resolveAssignment(all, divisions, section, datasetId);
  return divisionId ? [divisionId] : [];
}

/**
 * Checks that the actor may see (or record) the LAO's data; 404 for an unknown LAO, 403 otherwise. Recording a
 * data set needs it to be assigned to one of a staff member's divisions, which is records' own rule.
 */
export async function requireAccess(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  mode: 'view' | 'record',
  ctx?: { year: number; section: CatalogSection; datasetId: string },
) {
  const scope = await requireLao(db, actor, laoCode, 'lao.view');
  if (mode === 'view') return scope;
  const assigned =
    ctx && actor.role === 'lao_staff'
      ? await assignedDivisionIds(db, laoCode, ctx.year, ctx.section, ctx.datasetId)
      : [];
  if (ctx && can(actor, 'lao.record', { ...scope, assignedDivisionIds: assigned })) return scope;
  throw new AppError(
    'forbidden',
    ctx
      ? bi(
          'ข้อมูลชุดนี้ไม่ได้มอบหมายให้กองของคุณ ติดต่อผู้ดูแลระบบ อปท.',
          'This data set is not assigned to your division; ask your LAO administrator',
        )
      : bi('คุณไม่มีสิทธิ์เข้าถึงข้อมูลของ อปท. นี้', 'You may not access this LAO’s data'),
  );
}

function datasetOf(catalog: Catalog, datasetId: string, type: LaoType) {
  const def = catalog.dataset(datasetId);
  const section = catalog.sectionOf(datasetId);
  if (!def || !section)
    throw new AppError(
      'not_found',
      bi(
        `ไม่พบชุดข้อมูล ${datasetId} ในปีงบประมาณ ${catalog.year}`,
        `No data set ${datasetId} in fiscal year ${catalog.year}`,
      ),
    );
  if (!appliesTo(def, type))
    throw new AppError(
      'not_found',
      bi(`ชุดข้อมูล ${def.nameTh} ไม่ใช้กับ อปท. ประเภทนี้`, `${def.nameEn} does not apply to this type of LAO`),
    );
  return { def, section };
}

const parseValues = (r: DatasetRowTable) => JSON.parse(r.values_json) as Values;

/** Every applicable data set of an LAO in a year with its status, version and last change. */
export async function listDatasets(db: Kysely<Database>, actor: Actor, laoCode: string, year: number) {
  await requireAccess(db, actor, laoCode, 'view');
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const records = new Map((await repo.recordsOf(db, laoCode, year)).map((r) => [r.dataset_id, r]));
  return catalog.sections.flatMap((s) =>
    applicable(s, lao.type).map((d) => {
      const r = records.get(d.id);
      return {
        datasetId: d.id,
        sectionNo: s.no,
        nameTh: d.nameTh,
        nameEn: d.nameEn,
        kind: d.kind,
        status: r?.status ?? 'empty',
        none: r?.none === 1,
        rowCount: r?.row_count ?? 0,
        version: r?.version ?? 0,
        updatedAt: r?.updated_at ?? null,
        updatedBy: r?.updated_by ?? null,
      };
    }),
  );
}

/** One data set's data: rows, status, version, who changed it last; also last year's rows for comparison. */
export async function readDataset(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  datasetId: string,
) {
  await requireAccess(db, actor, laoCode, 'view');
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const { def, section } = datasetOf(catalog, datasetId, lao.type);
  const [record, [rows, lastYearRows]] = await Promise.all([
    repo.findRecord(db, laoCode, year, datasetId),
    repo.rowsWithLastYear(db, laoCode, year, datasetId),
  ]);
  return {
    lao,
    def,
    section,
    datasetId,
    kind: def.kind,
    status: record?.status ?? 'empty',
    none: record?.none === 1,
    noneReason: record?.none_reason ?? null,
    rows: rows.map((r) => ({ id: r.id, values: parseValues(r), explanation: r.explanation })),
    version: record?.version ?? 0,
    updatedAt: record?.updated_at ?? null,
    updatedBy: record?.updated_by ?? null,
    lastYear: lastYearRows.map((r) => parseValues(r)),
  };
}

const plain = (x: unknown) => typeof x !== 'object' || x === null;
function same(a: unknown, b: unknown) {
  if (a === b) return true;
  // Numbers, strings and booleans as they are (a missing value is null); lists and objects by their JSON.
  if (plain(a) && plain(b)) return (a ?? null) === (b ?? null);
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function diffRows(
  fields: string[],
  oldRows: { id: string; values: Values }[],
  newRows: { id: string; values: Values }[],
): RowDiff[] {
  const out: RowDiff[] = [];
  const oldById = new Map(oldRows.map((r, i) => [r.id, { r, i }]));
  const newIds = new Set(newRows.map((r) => r.id));
  newRows.forEach((r, i) => {
    const o = oldById.get(r.id);
    if (!o) {
      out.push({ op: 'add', row: i + 1, rowId: r.id, values: r.values });
      return;
    }
    const changed: Record<string, { old: unknown; new: unknown }> = {};
    for (const k of new Set([...fields, ...Object.keys(o.r.values), ...Object.keys(r.values)])) {
      if (!same(o.r.values[k], r.values[k]))
        changed[k] = { old: o.r.values[k] ?? null, new: r.values[k] ?? null };
    }
    if (Object.keys(changed).length) out.push({ op: 'change', row: i + 1, rowId: r.id, fields: changed });
  });
  oldRows.forEach((r, i) => {
    if (!newIds.has(r.id)) out.push({ op: 'remove', row: i + 1, rowId: r.id, values: r.values });
  });
  return out;
}

/** The most rows one data set holds (the most one import or PUT carries): what one read of it returns. */
export const MAX_ROWS = 20_000;

function validateInput(def: DatasetDef, input: SaveInput, source: ValueSource) {
  const errors: FieldError[] = [];
  const rows: { id: string | undefined; values: Values; explanation: string | null }[] = [];
  if (input.none) {
    if (!input.noneReason || input.noneReason.trim().length < 3) {
      errors.push({
        field: 'noneReason',
        code: 'required',
        message: bi(
          'ระบุเหตุผลที่ไม่มีข้อมูลนี้ในพื้นที่ อย่างน้อย 3 ตัวอักษร',
          'Say why there is none of this in your area (at least 3 characters)',
        ),
      });
    }
    return { errors, rows };
  }
  const input_rows = input.rows ?? [];
  if (input_rows.length > MAX_ROWS) {
    // Checked before the rows themselves: one row added at a time through the form must not pass it either.
    errors.push({
      field: 'rows',
      code: 'too_many_rows',
      message: bi(
        `ชุดข้อมูลหนึ่งมีได้ไม่เกิน ${MAX_ROWS.toLocaleString('en-US')} แถว — ลบแถวที่ไม่ใช้ก่อนเพิ่มแถวใหม่`,
        `A data set holds at most ${MAX_ROWS.toLocaleString('en-US')} rows; remove rows you no longer need first`,
      ),
    });
    return { errors, rows };
  }
  if (def.kind === 'form' && input_rows.length > 1) {
    errors.push({
      field: 'rows',
      code: 'too_many_rows',
      message: bi('ชุดข้อมูลแบบฟอร์มมีได้ 1 แถว', 'A form data set has one row'),
    });
  }
  input_rows.forEach((row, i) => {
    const r = validateRow(def, row.values ?? {}, source);
    const blocking: RowError[] = r.errors.filter((e) => e.code !== 'required');
    for (const e of blocking) errors.push({ row: i + 1, field: e.field, code: e.code, message: e.message });
    const explanation = row.explanation?.trim() || null;
    if (r.warnings.length && !explanation) {
      for (const w of r.warnings) {
        errors.push({
          row: i + 1,
          field: w.field,
          code: 'explanation_required',
          message: bi(
            `${w.message.th} — ถ้าถูกต้องแล้ว ให้ระบุคำอธิบาย`,
            `${w.message.en} — if it is right, give an explanation`,
          ),
        });
      }
    }
    rows.push({ id: row.id, values: r.values, explanation: r.warnings.length ? explanation : null });
  });
  return { errors, rows };
}

/** An aspect's data state from its applicable data sets' statuses (also what the nationwide seed writes). */
export function aspectDataState(
  section: CatalogSection,
  type: LaoType,
  statuses: Map<string, string>,
): DataState {
  const list = applicable(section, type).map((d) => statuses.get(d.id) ?? 'empty');
  if (list.length && list.every((s) => s === 'complete' || s === 'none')) return 'complete';
  if (list.every((s) => s === 'empty')) return 'not_started';
  return 'in_progress';
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    /UNIQUE|PRIMARY KEY/i.test(String(e?.code ?? '')) ||
    /UNIQUE constraint/i.test(String(e?.message ?? ''))
  );
};

function conflict(updatedBy: string | null | undefined, updatedAt: string | null | undefined) {
  const when = updatedAt ? formatDateTimeBE(updatedAt) : '';
  return new AppError(
    'conflict',
    bi(
      `ข้อมูลชุดนี้ถูกแก้ไขโดย ${updatedBy ?? 'ผู้อื่น'} เมื่อ ${when} หลังจากที่คุณเปิดอ่าน โหลดข้อมูลล่าสุดแล้วบันทึกอีกครั้ง`,
      `${updatedBy ?? 'Someone'} changed this data set at ${when} after you opened it; reload and save again`,
    ),
    [],
    { updatedBy: updatedBy ?? null, updatedAt: updatedAt ?? null },
  );
}

/**
 * Saves a data set as a whole (all rows, or "none in our area") in one transaction: validates every row
 * (invalid values and broken error rules refuse the save; missing required values are allowed and leave it
 * partial), checks the version (a stale one is a 409 naming who changed it), keeps the history with a
 * per-field diff, and updates the aspect's state. Editing a certified aspect needs a change reason.
 */
export async function saveDataset(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  datasetId: string,
  input: SaveInput,
  opts: {
    source: ValueSource;
    kind?: ChangeKind;
    ip?: string | null /** Seeding only: when the change happened. */;
    at?: string;
  } = { source: 'api' },
) {
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const { def, section } = datasetOf(catalog, datasetId, lao.type);
  await requireAccess(db, actor, laoCode, 'record', { year, section, datasetId });
  const { errors, rows } = validateInput(def, input, opts.source);
  if (errors.length) {
    throw new AppError(
      'unprocessable',
      bi(`ข้อมูลไม่ถูกต้อง ${errors.length} รายการ ยังไม่ได้บันทึก`, `${errors.length} problems; nothing was saved`),
      errors,
    );
  }
  const by = actor!.username;
  const now = opts.at ?? new Date().toISOString();
  const saved = await db.transaction().execute(async (trx) => {
    // The aspect first (locked on PostgreSQL: saves of one aspect queue here), then the aspect's records with
    // this data set's own in one statement: the states of the others are read under the lock.
    const aspect = await aspectStatus(trx, laoCode, year, section.no, { lock: true });
    const sectionRecords = await repo.recordsForSave(trx, laoCode, year, section.no, datasetId);
    const cur = sectionRecords.find((r) => r.dataset_id === datasetId);
    const curVersion = cur?.version ?? 0;
    if (input.version !== curVersion) throw conflict(cur?.updated_by, cur?.updated_at);
    const certified = Boolean(aspect?.lao_certified_at || aspect?.province_certified_at);
    const oldRows = (await repo.rowsOf(trx, laoCode, year, datasetId)).map((r) => ({
      ...r,
      values: parseValues(r),
    }));
    const oldById = new Map(oldRows.map((r) => [r.id, r]));
    const strangers = rows.flatMap((r, i) => (r.id !== undefined && !oldById.has(r.id) ? [i + 1] : []));
    if (strangers.length) {
      // An id names a row of this data set; one from elsewhere (another data set, LAO or year) is a mistake.
      throw new AppError(
        'unprocessable',
        bi(
          `ไม่พบแถวตาม id ที่ส่งมาในชุดข้อมูลนี้ (แถวที่ ${strangers.slice(0, 10).join(', ')}) — ละ id ไว้สำหรับแถวใหม่`,
          `No row of this data set has the id given (rows ${strangers.slice(0, 10).join(', ')}); leave id out for a new row`,
        ),
        strangers.slice(0, 100).map((row) => ({
          row,
          field: 'id',
          code: 'unknown_row',
          message: bi(
            'ไม่พบแถวตาม id นี้ในชุดข้อมูล อ่านข้อมูลล่าสุดอีกครั้ง หรือละ id ไว้สำหรับแถวใหม่',
            'No row of this data set has this id; read the data again, or leave id out for a new row',
          ),
        })),
      );
    }
    // Values of fields a later catalog import archived are kept with their row: never silently dropped.
    const current = new Set(def.fields.map((f) => f.key));
    const archivedOf = (o: (typeof oldRows)[number] | undefined) =>
      o ? Object.fromEntries(Object.entries(o.values).filter(([k]) => !current.has(k))) : {};
    const nextRows = (input.none ? [] : rows).map((r, i) => {
      const o = r.id ? oldById.get(r.id) : undefined;
      return {
        id: o ? o.id : uuidv7(),
        values: o ? { ...archivedOf(o), ...r.values } : r.values,
        explanation: r.explanation,
        position: i + 1,
      };
    });
    const none = Boolean(input.none);
    const diff = diffRows(
      def.fields.map((f) => f.key),
      oldRows,
      nextRows,
    );
    if ((cur?.none === 1) !== none || (none && cur?.none_reason !== input.noneReason)) {
      diff.unshift({
        op: 'none',
        old: cur?.none === 1,
        new: none,
        reason: none ? (input.noneReason ?? null) : null,
      });
    }
    const explanationsChanged = nextRows.some((r) => {
      const o = oldById.get(r.id);
      return o !== undefined && (o.explanation ?? null) !== r.explanation;
    });
    if (cur && diff.length === 0 && !explanationsChanged)
      return { version: curVersion, status: cur.status, changed: false };
    if (certified && !input.changeReason?.trim()) {
      throw new AppError(
        'unprocessable',
        bi(
          `ด้านที่ ${section.no} รับรองแล้ว การแก้ไขต้องระบุเหตุผล (changeReason)`,
          `Aspect ${section.no} is certified: give a reason for this change (changeReason)`,
        ),
        [
          {
            field: 'changeReason',
            code: 'change_reason_required',
            message: bi('ระบุเหตุผลที่แก้ไขข้อมูลที่รับรองแล้ว', 'Say why certified data is being changed'),
          },
        ],
      );
    }
    const completeness = datasetCompleteness(def, { none, rows: nextRows.map((r) => r.values) });
    const record = {
      lao_code: laoCode,
      year,
      dataset_id: datasetId,
      section_no: section.no,
      version: curVersion + 1,
      none: none ? 1 : 0,
      none_reason: none ? (input.noneReason?.trim() ?? null) : null,
      status: completeness.status,
      error_count: completeness.errorCount,
      row_count: nextRows.length,
      updated_at: now,
      updated_by: by,
    };
    const statuses = new Map<string, string>(
      sectionRecords.filter((r) => r.section_no === section.no).map((r) => [r.dataset_id, r.status]),
    );
    statuses.set(datasetId, completeness.status);
    // The record first: its write is the version check. The rest cannot depend on one another (one statement
    // on PostgreSQL, see src/db/write-together.ts); the status change is announced with them.
    const writes = [
      cur ? repo.advanceRecord(trx, record, curVersion) : repo.insertRecord(trx, record),
      ...rowWrites(trx, laoCode, year, datasetId, oldRows, nextRows),
      repo.insertChange(trx, {
        id: uuidv7(),
        lao_code: laoCode,
        year,
        dataset_id: datasetId,
        section_no: section.no,
        version: record.version,
        at: now,
        by_username: by,
        kind: opts.kind ?? (none ? 'none' : 'save'),
        status_after: completeness.status,
        error_count_after: completeness.errorCount,
        change_reason: input.changeReason?.trim() || null,
        diff_json: JSON.stringify(diff),
        change_count: diff.length,
      }),
      ...noteDataChange(
        trx,
        {
          lao_code: laoCode,
          year,
          section_no: section.no,
          data_state: aspectDataState(section, lao.type, statuses),
          data_changed_at: now,
        },
        aspect,
        {
          by,
          role: actor!.role,
          reason: input.changeReason?.trim() || null,
          snapshot: { [datasetId]: record.version },
        },
      ),
      activityWrite(trx, {
        actor,
        action: certified
          ? 'record.changed_after_certification'
          : opts.kind === 'row_restore'
            ? 'record.row_restored'
            : 'record.saved',
        laoCode,
        sectionNo: section.no,
        target: `${year}/${datasetId}`,
        detail: {
          version: record.version,
          status: completeness.status,
          kind: opts.kind ?? 'save',
          changes: diff.length,
          // The keys of the changed fields (the activity log names them by their catalog labels), at most 20.
          fields: [...new Set(diff.flatMap((d) => (d.op === 'change' ? Object.keys(d.fields) : [])))].slice(
            0,
            20,
          ),
          added: diff.filter((d) => d.op === 'add').length,
          removed: diff.filter((d) => d.op === 'remove').length,
        },
        ip: opts.ip ?? null,
      }),
    ];
    let counts: number[];
    try {
      counts = await writeTogether(trx, writes, { topic: 'status', key: laoCode });
    } catch (err) {
      // Two first saves of one data set at once: the second insert of its record is the one that loses.
      if (isUniqueViolation(err)) throw conflict(null, null);
      throw err;
    }
    // Someone moved the version after it was read (no lock on SQLite's reads): the transaction rolls back.
    if (counts[0] !== 1) throw conflict(null, null);
    return { version: record.version, status: completeness.status, changed: true };
  });
  if (saved.changed) statusChanged(laoCode);
  return saved;
}

/** The writes that make the stored rows `nextRows`: removed ones deleted, changed ones updated, new ones inserted. */
function rowWrites(
  trx: Transaction<Database>,
  laoCode: string,
  year: number,
  datasetId: string,
  oldRows: (DatasetRowTable & { values: Values })[],
  nextRows: { id: string; values: Values; explanation: string | null; position: number }[],
) {
  const oldById = new Map(oldRows.map((r) => [r.id, r]));
  const keep = new Set(nextRows.map((r) => r.id));
  const writes: Write[] = repo.deleteRows(
    trx,
    oldRows.filter((r) => !keep.has(r.id)).map((r) => r.id),
  );
  const inserts: DatasetRowTable[] = [];
  for (const r of nextRows) {
    const row = {
      id: r.id,
      lao_code: laoCode,
      year,
      dataset_id: datasetId,
      position: r.position,
      values_json: JSON.stringify(r.values),
      explanation: r.explanation,
    };
    const o = oldById.get(r.id);
    if (!o) inserts.push(row);
    else if (
      o.position !== r.position ||
      o.values_json !== row.values_json ||
      (o.explanation ?? null) !== r.explanation
    )
      writes.push(repo.updateRow(trx, row));
  }
  writes.push(...repo.insertRows(trx, inserts));
  return writes;
}

/** A change lists its row diffs inline up to this many; more are paged at the change's own address. */
export const HISTORY_INLINE = 20;

type ChangeHead = Awaited<ReturnType<typeof repo.findChange>> & {};

const changeOut = (c: ChangeHead) => ({
  version: Number(c.version),
  at: c.at,
  by: c.by_username,
  kind: c.kind,
  status: c.status_after,
  changeReason: c.change_reason,
  changeCount: Number(c.change_count),
});

/**
 * One page of a data set's changes, newest first: who, when, kind, reason, how many rows each changed, and
 * the per-field diffs themselves when there are at most HISTORY_INLINE (null otherwise: see historyEntry).
 */
export async function datasetHistory(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  datasetId: string,
  p: Paging,
) {
  await requireAccess(db, actor, laoCode, 'view');
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const { def, section } = datasetOf(catalog, datasetId, lao.type);
  const [changes, total, record] = await Promise.all([
    repo.changesPage(db, laoCode, year, datasetId, {
      limit: p.pageSize,
      offset: p.offset,
      inline: HISTORY_INLINE,
    }),
    repo.countChanges(db, laoCode, year, datasetId),
    repo.findRecord(db, laoCode, year, datasetId),
  ]);
  const items = changes.map((c) => ({
    ...changeOut(c),
    changes: c.diff_json === null ? null : (JSON.parse(c.diff_json) as RowDiff[]),
  }));
  return { lao, def, section, datasetId, items, total, version: record?.version ?? 0 };
}

/** One change of a data set with one page of its row diffs (in row order); 404 for a version it never had. */
export async function historyEntry(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  datasetId: string,
  version: number,
  p: Paging,
) {
  await requireAccess(db, actor, laoCode, 'view');
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const { def } = datasetOf(catalog, datasetId, lao.type);
  const c = await repo.findChange(db, laoCode, year, datasetId, version);
  if (!c)
    throw new AppError(
      'not_found',
      bi(
        `${def.nameTh} ไม่มีการบันทึกรุ่นที่ ${version} — ดูรุ่นที่มีในประวัติการแก้ไข`,
        `${def.nameEn} has no version ${version}; see its history for the versions it has`,
      ),
    );
  const diffs = await repo.changeDiffs(db, c.id, p.offset, p.pageSize);
  return { lao, def, datasetId, change: changeOut(c), items: diffs.map((d) => JSON.parse(d) as RowDiff) };
}

/**
 * Restores a list row that a change removed (a deletion seen in the data set's history): the row comes back
 * with the values it had, at its old position, as a new version of kind row_restore (in the history and, as
 * record.row_restored, in the audit log). Only someone who may record the data set may restore; 404 for a
 * change or row that does not exist, 409 when an identical row is already there (restored before).
 */
export async function restoreRow(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  datasetId: string,
  p: { fromVersion: number; rowId: string; version: number; changeReason?: string | null },
  opts: { ip?: string | null } = {},
) {
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const { def, section } = datasetOf(catalog, datasetId, lao.type);
  await requireAccess(db, actor, laoCode, 'record', { year, section, datasetId });
  const gone = () =>
    new AppError(
      'not_found',
      bi(
        `ไม่พบแถวที่ถูกลบในรุ่นที่ ${p.fromVersion} ของ${def.nameTh} — ดูประวัติการแก้ไข`,
        `No row deleted in version ${p.fromVersion} of ${def.nameEn}; see the history`,
      ),
    );
  const c = await repo.findChange(db, laoCode, year, datasetId, p.fromVersion);
  if (!c) throw gone();
  const diffs = (await repo.changeDiffs(db, c.id, 0, Number(c.change_count))).map(
    (d) => JSON.parse(d) as RowDiff,
  );
  const removed = diffs.find((d) => d.op === 'remove' && d.rowId === p.rowId);
  if (removed?.op !== 'remove') throw gone();
  const keys = new Set(def.fields.map((f) => f.key));
  const values = Object.fromEntries(Object.entries(removed.values).filter(([k]) => keys.has(k)));
  const rows = (await repo.rowsOf(db, laoCode, year, datasetId)).map((r) => ({
    id: r.id,
    values: parseValues(r),
    explanation: r.explanation,
  }));
  const equal = (a: Values) => [...keys].every((k) => same(a[k], values[k]));
  if (rows.some((r) => equal(r.values)))
    throw new AppError(
      'conflict',
      bi(
        'มีแถวที่มีข้อมูลเดียวกันอยู่แล้ว อาจกู้คืนไปแล้ว',
        'A row with the same values is already there; it may have been restored already',
      ),
    );
  const at = Math.min(Math.max(removed.row - 1, 0), rows.length);
  const next = [...rows.slice(0, at), { values, explanation: null }, ...rows.slice(at)];
  return saveDataset(
    db,
    actor,
    laoCode,
    year,
    datasetId,
    { version: p.version, rows: next, changeReason: p.changeReason ?? null },
    { source: 'form', kind: 'row_restore', ip: opts.ip ?? null },
  );
}

/** The applicable sections of a year for an LAO, each with its data sets' states and the aspect's status. */
export async function laoDashboard(db: Kysely<Database>, actor: Actor, laoCode: string, year: number) {
  await requireAccess(db, actor, laoCode, 'view');
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const [records, aspects, assignments, divisions, deadline] = await Promise.all([
    repo.recordsOf(db, laoCode, year),
    aspectStatusesOf(db, laoCode, year),
    assignmentsOf(db, laoCode, year),
    listDivisions(db, laoCode),
    yearDeadline(db, year),
  ]);
  const byId = new Map(records.map((r) => [r.dataset_id, r]));
  const divisionName = new Map(divisions.map((d) => [d.id, d.name_th]));
  const sections = catalog.sections.map((s) => {
    const sectionAssign = assignments.find((a) => a.section_no === s.no && a.dataset_id === '');
    const defaultDivision = divisions.find((d) => d.name_th === s.defaultDivisionTh);
    return {
      section: s,
      aspect: aspects.find((a) => a.section_no === s.no) ?? null,
      division: sectionAssign
        ? (divisionName.get(sectionAssign.division_id) ?? null)
        : (defaultDivision?.name_th ?? null),
      dueDate: sectionAssign?.due_date ?? null,
      datasets: applicable(s, lao.type).map((d) => {
        const r = byId.get(d.id);
        const own = assignments.find((a) => a.section_no === s.no && a.dataset_id === d.id);
        return {
          def: d,
          status: r?.status ?? 'empty',
          updatedAt: r?.updated_at ?? null,
          updatedBy: r?.updated_by ?? null,
          rowCount: r?.row_count ?? 0,
          division: own ? (divisionName.get(own.division_id) ?? null) : null,
          dueDate: own?.due_date ?? null,
        };
      }),
    };
  });
  return { lao, year, sections, nationalDeadline: deadline?.due_date ?? null };
}

/** Whether an aspect currently has a certification (so a change needs a reason). */
export async function aspectCertified(
  db: Kysely<Database>,
  laoCode: string,
  year: number,
  sectionNo: number,
) {
  const a = await aspectStatus(db, laoCode, year, sectionNo);
  return Boolean(a?.lao_certified_at || a?.province_certified_at);
}

/** Whether the actor may record this data set (no exception: for showing or hiding forms). */
export async function mayRecord(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  section: CatalogSection,
  datasetId: string,
) {
  try {
    await requireAccess(db, actor, laoCode, 'record', { year, section, datasetId });
    return true;
  } catch (err) {
    if (err instanceof AppError && err.status === 403) return false;
    throw err;
  }
}

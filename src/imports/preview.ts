// A file's rows turned into the data set's next rows: columns matched by key or Thai label, every cell checked by
// the one validation engine (src/catalog/validation.ts), rows matched to the current ones, and the difference.
import type { DatasetDef, FieldDef } from '../catalog/catalog.schemas.ts';
import { normalizeValue, type StoredValue, validateRow } from '../catalog/validation.ts';
import { type Bilingual, bi } from '../util/errors.ts';
import { tooManyRows, unreadable } from './file-errors.ts';
import {
  blankCell,
  colName,
  EXPLANATION_KEY,
  type Grid,
  type GridCell,
  type GridRow,
  headerText,
  ID_KEY,
  importLimits,
} from './grid.ts';

type Values = Record<string, StoredValue | null>;
export type CurrentRow = { id: string; values: Record<string, unknown>; explanation: string | null };

/** A row of the result: its row in the file, the existing row it updates (or null: a new row), stored values. */
export type PreviewRow = { row: number; id: string | null; values: Values; explanation: string | null };

/** A problem in a cell: the file's row and column, the field, what to do. */
export type PreviewIssue = {
  row: number;
  column: string | null;
  field: string;
  code: string;
  message: Bilingual;
};

export type PreviewChange =
  | { op: 'add'; row: number; values: Values }
  | { op: 'change'; row: number; rowId: string; fields: Record<string, { old: unknown; new: unknown }> }
  | { op: 'remove'; position: number; rowId: string; values: Record<string, unknown> };

export type PreviewSummary = {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Rows of the data set after applying. */
  total: number;
  errorCount: number;
  missingCount: number;
  /** How rows were matched to existing ones: by the id column, by identical content, or the form's one record. */
  matchedBy: 'id' | 'content' | 'form';
  columns: { column: string; key: string }[];
  /** The first changes, for the preview page. */
  changes: PreviewChange[];
  /** Required cells left empty (allowed: the data set stays partial), the first ones. */
  missing: PreviewIssue[];
  /** What to know about the file as a whole (saved formula values that may be stale); never blocks. */
  warnings: Bilingual[];
  /** Date cells that read two ways (day and month both ≤ 12): applying needs a choice (absent in old previews). */
  ambiguousDates?: AmbiguousDate[];
};

/** A date cell with two readings, as ISO dates: as Excel holds it, and with day and month swapped. */
export type AmbiguousDate = { row: number; column: string; field: string; asRead: string; swapped: string };

export type Preview = { rows: PreviewRow[]; errors: PreviewIssue[]; summary: PreviewSummary };

/** How many changes, errors and notices are kept for the page; the counts stay exact. */
export const KEEP = { changes: 200, errors: 1000, missing: 200 } as const;

// ---------------------------------------------------------------------------------------------------------
// Columns

const norm = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*\*$/, '')
    .trim()
    .toLowerCase();

const cellText = (c: GridCell | undefined) => (c && 'value' in c && c.value !== null ? String(c.value) : '');

function headerLookup(def: DatasetDef): Map<string, string> {
  const m = new Map<string, string>();
  const put = (text: string, key: string) => {
    const k = norm(text);
    if (k && !m.has(k)) m.set(k, key);
  };
  for (const f of def.fields) {
    put(f.key, f.key);
    put(headerText(f), f.key);
    put(f.labelTh, f.key);
    put(f.labelEn, f.key);
    if (f.unit) put(`${f.labelTh} (${f.unit})`, f.key);
    if (f.unitEn) put(`${f.labelEn} (${f.unitEn})`, f.key);
  }
  for (const t of [ID_KEY, 'รหัสแถว', 'รหัสแถว (ห้ามแก้ไข)', 'row id']) put(t, ID_KEY);
  for (const t of [EXPLANATION_KEY, 'คำอธิบาย', 'คำอธิบาย (เมื่อมีคำเตือน)']) put(t, EXPLANATION_KEY);
  return m;
}

/** The row of field keys (the template's hidden row 2, or a header written by a program). */
function asKeyRow(def: DatasetDef, row: GridRow | undefined): Map<number, string> | null {
  if (!row) return null;
  const keys = new Set([...def.fields.map((f) => f.key), ID_KEY, EXPLANATION_KEY]);
  const map = new Map<number, string>();
  for (const [i, c] of row.cells.entries()) {
    if (blankCell(c)) continue;
    const t = cellText(c).trim();
    if (!keys.has(t)) return null;
    map.set(i, t);
  }
  return [...map.values()].some((k) => k !== ID_KEY && k !== EXPLANATION_KEY) ? map : null;
}

const fileProblem = (th: string, en: string) => unreadable(bi(th, en));

/** Finds the header and maps each column to a field; 422 naming unknown, duplicate or missing columns. */
function mapColumns(def: DatasetDef, grid: Grid): { columns: Map<number, string>; data: GridRow[] } {
  const [first, second] = grid.rows;
  if (!first) {
    throw fileProblem(
      'แฟ้มไม่มีข้อมูล ไม่มีแม้แต่แถวหัวคอลัมน์ — ใช้แบบฟอร์มจากระบบ',
      'The file has no rows, not even a header; use the template from the system',
    );
  }
  let columns = asKeyRow(def, first);
  let headerIndex = 0;
  if (!columns) {
    columns = asKeyRow(def, second);
    if (columns) headerIndex = 1;
  }
  const headerRow = grid.rows[headerIndex]!;
  const unknown: string[] = [];
  if (!columns) {
    columns = new Map();
    const lookup = headerLookup(def);
    for (const [i, c] of first.cells.entries()) {
      if (blankCell(c)) continue;
      const h = norm(cellText(c));
      const key = lookup.get(h) ?? lookup.get(h.replace(/\s*\([^()]*\)$/, ''));
      if (key) columns.set(i, key);
      else unknown.push(`${colName(i)} “${cellText(c).trim().slice(0, 60)}”`);
    }
  }
  const fieldCols = [...columns.values()].filter((k) => k !== ID_KEY && k !== EXPLANATION_KEY);
  if (fieldCols.length === 0) {
    const expected = def.fields.map((f) => f.labelTh).join(', ');
    throw fileProblem(
      `ไม่พบหัวคอลัมน์ของชุดข้อมูล${def.nameTh}ในแถวที่ ${headerRow.no} — แถวแรกต้องเป็นหัวคอลัมน์ (${expected}) ใช้แบบฟอร์มจากระบบ`,
      `No column of ${def.nameEn} found in row ${headerRow.no}: the first row must be the header (${def.fields
        .map((f) => f.labelEn)
        .join(', ')}); use the template from the system`,
    );
  }
  const data = grid.rows.slice(headerIndex + 1);
  for (const r of data) {
    for (const [i, c] of r.cells.entries()) {
      if (!columns.has(i) && !blankCell(c) && !unknown.some((u) => u.startsWith(`${colName(i)} `))) {
        unknown.push(`${colName(i)} (ไม่มีหัวคอลัมน์ / no header)`);
      }
    }
  }
  if (unknown.length) {
    const names = unknown.slice(0, 20).join(', ') + (unknown.length > 20 ? ', …' : '');
    throw fileProblem(
      `คอลัมน์ที่ระบบไม่รู้จัก: ${names} — ลบออก หรือแก้หัวคอลัมน์ให้ตรงกับแบบฟอร์ม (${def.fields
        .map((f) => f.labelTh)
        .join(', ')})`,
      `Unknown columns: ${names}; remove them or use the template's headers (${def.fields
        .map((f) => f.labelEn)
        .join(', ')})`,
    );
  }
  const seen = new Map<string, number>();
  for (const [i, key] of columns) {
    const before = seen.get(key);
    if (before !== undefined) {
      const f = def.fields.find((x) => x.key === key);
      throw fileProblem(
        `คอลัมน์ ${colName(before)} และ ${colName(i)} เป็น${f?.labelTh ?? key}ซ้ำกัน — ลบคอลัมน์หนึ่งออก`,
        `Columns ${colName(before)} and ${colName(i)} are both ${f?.labelEn ?? key}; remove one of them`,
      );
    }
    seen.set(key, i);
  }
  return { columns, data };
}

// ---------------------------------------------------------------------------------------------------------
// Rows

const signature = (def: DatasetDef, v: Record<string, unknown>) =>
  JSON.stringify(def.fields.map((f) => v[f.key] ?? null));
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function explanationMessage(m: Bilingual): Bilingual {
  return bi(
    `${m.th} — ถ้าถูกต้องแล้ว ให้ระบุเหตุผลในคอลัมน์คำอธิบาย`,
    `${m.en}; if it is right, give a reason in the explanation column`,
  );
}

/**
 * Reads the file's rows into the data set's next rows. A row whose id (hidden column A of the template) names an
 * existing row updates it, and columns missing from the file keep that row's values; rows of the data set not in the
 * file are removed. Without an id column the file replaces the rows (identical rows keep their identity, a form's
 * one record is updated). Errors are those that would refuse the save; empty required cells are only noted.
 */
export function buildPreview(def: DatasetDef, current: CurrentRow[], grid: Grid): Preview {
  const { columns, data } = mapColumns(def, grid);
  const colOf = new Map([...columns].map(([i, k]) => [k, i]));
  const fieldsByKey = new Map<string, FieldDef>(def.fields.map((f) => [f.key, f]));
  const provided = new Set([...columns.values()].filter((k) => fieldsByKey.has(k)));
  const hasId = colOf.has(ID_KEY);
  const rowsIn = data.filter((r) => !r.cells.every(blankCell));
  if (rowsIn.length > importLimits.rows) throw tooManyRows();

  const errors: PreviewIssue[] = [];
  const missing: PreviewIssue[] = [];
  const ambiguous: AmbiguousDate[] = [];
  let errorCount = 0;
  let missingCount = 0;
  const issue = (list: PreviewIssue[], i: PreviewIssue) => {
    if (list === errors) errorCount++;
    else missingCount++;
    if (list.length < (list === errors ? KEEP.errors : KEEP.missing)) list.push(i);
  };
  const column = (key: string) => {
    const i = colOf.get(key);
    return i === undefined ? null : colName(i);
  };

  const byId = new Map(current.map((r) => [r.id, r]));
  const used = new Set<string>();
  const result: PreviewRow[] = [];
  for (const [n, r] of rowsIn.entries()) {
    if (def.kind === 'form' && n > 0) {
      issue(errors, {
        row: r.no,
        column: null,
        field: 'rows',
        code: 'too_many_rows',
        message: bi(
          `ชุดข้อมูลแบบฟอร์มมีได้ 1 แถว — ลบแถวที่ ${r.no} ออก`,
          `A form data set has one row; remove row ${r.no}`,
        ),
      });
      continue;
    }
    const raw: Record<string, unknown> = {};
    const invalid = new Set<string>();
    for (const key of provided) {
      const c = r.cells[colOf.get(key)!];
      if (c && 'problem' in c) {
        invalid.add(key);
        issue(errors, { row: r.no, column: column(key), field: key, code: 'cell', message: c.problem });
      } else {
        const v = c?.value ?? null;
        // A choice typed as a number in Excel (a label such as 1, 2, 3) is still its text.
        const choice = fieldsByKey.get(key)!.type === 'enum' || fieldsByKey.get(key)!.type === 'multi_enum';
        raw[key] = choice && typeof v === 'number' ? String(v) : v;
      }
    }
    const idText = hasId ? cellText(r.cells[colOf.get(ID_KEY)!]).trim() : '';
    let match: CurrentRow | undefined;
    if (idText && byId.has(idText) && !used.has(idText)) match = byId.get(idText);
    else if (def.kind === 'form' && current.length === 1 && !used.has(current[0]!.id)) match = current[0];
    if (match) used.add(match.id);

    // Cells as typed are read like the web form; the merged row is then checked as it will be stored.
    const typed = validateRow(def, raw, 'form');
    for (const key of provided) {
      const c = r.cells[colOf.get(key)!];
      const f = fieldsByKey.get(key)!;
      const asRead = typed.values[key];
      if (!c || !('swapped' in c) || !c.swapped || f.type !== 'date' || typeof asRead !== 'string') continue;
      const other = normalizeValue(f, c.swapped, 'form');
      if (other.ok && typeof other.value === 'string')
        ambiguous.push({
          row: r.no,
          column: column(key) ?? colName(colOf.get(key)!),
          field: key,
          asRead,
          swapped: other.value,
        });
    }
    for (const e of typed.errors) {
      if (!provided.has(e.field) || e.code === 'required' || e.code === 'rule' || invalid.has(e.field))
        continue;
      invalid.add(e.field);
      issue(errors, { row: r.no, column: column(e.field), field: e.field, code: e.code, message: e.message });
    }
    const merged: Record<string, unknown> = {};
    for (const f of def.fields) {
      merged[f.key] = provided.has(f.key)
        ? invalid.has(f.key)
          ? null
          : typed.values[f.key]
        : (match?.values[f.key] ?? null);
    }
    const checked = validateRow(def, merged, 'api');
    for (const e of checked.errors) {
      if (invalid.has(e.field)) continue;
      const entry = { row: r.no, column: column(e.field), field: e.field, code: e.code, message: e.message };
      issue(e.code === 'required' ? missing : errors, entry);
    }
    const explanation = colOf.has(EXPLANATION_KEY)
      ? cellText(r.cells[colOf.get(EXPLANATION_KEY)!]).trim() || null
      : (match?.explanation ?? null);
    if (checked.warnings.length && !explanation) {
      for (const w of checked.warnings) {
        issue(errors, {
          row: r.no,
          column: column(w.field),
          field: w.field,
          code: 'explanation_required',
          message: explanationMessage(w.message),
        });
      }
    }
    result.push({
      row: r.no,
      id: match?.id ?? null,
      values: checked.values,
      explanation: checked.warnings.length ? explanation : null,
    });
  }

  // Without ids, a row identical to an existing one is that row: only real differences show as changes.
  if (!hasId && def.kind === 'list') {
    const free = new Map<string, string[]>();
    for (const c of current) {
      const s = signature(def, c.values);
      free.set(s, [...(free.get(s) ?? []), c.id]);
    }
    for (const r of result) {
      const id = free.get(signature(def, r.values))?.shift();
      if (id) {
        r.id = id;
        used.add(id);
      }
    }
  }

  const changes: PreviewChange[] = [];
  let added = 0;
  let changed = 0;
  let unchanged = 0;
  const note = (c: PreviewChange) => {
    if (changes.length < KEEP.changes) changes.push(c);
  };
  for (const r of result) {
    const old = r.id ? byId.get(r.id) : undefined;
    if (!old) {
      added++;
      note({ op: 'add', row: r.row, values: r.values });
      continue;
    }
    const fields: Record<string, { old: unknown; new: unknown }> = {};
    for (const f of def.fields) {
      if (!same(old.values[f.key], r.values[f.key]))
        fields[f.key] = { old: old.values[f.key] ?? null, new: r.values[f.key] ?? null };
    }
    if (Object.keys(fields).length) {
      changed++;
      note({ op: 'change', row: r.row, rowId: old.id, fields });
    } else unchanged++;
  }
  let removed = 0;
  current.forEach((c, i) => {
    if (used.has(c.id)) return;
    removed++;
    note({ op: 'remove', position: i + 1, rowId: c.id, values: c.values });
  });

  return {
    rows: result,
    errors,
    summary: {
      added,
      changed,
      removed,
      unchanged,
      total: result.length,
      errorCount,
      missingCount,
      matchedBy: hasId ? 'id' : def.kind === 'form' ? 'form' : 'content',
      columns: [...columns].map(([i, key]) => ({ column: colName(i), key })),
      changes,
      missing,
      warnings: grid.warnings,
      ambiguousDates: ambiguous,
    },
  };
}

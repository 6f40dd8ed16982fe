import type { Bilingual } from '../util/errors.ts';

/** One cell as read from a file: a plain value, or why it cannot be read (a formula without a value, #N/A). */
export type GridCell = { value: string | number | boolean | null } | { problem: Bilingual };

/** One row of a file with the row number a person sees in a spreadsheet; cells by 0-based column. */
export type GridRow = { no: number; cells: (GridCell | undefined)[] };

/** A file read into rows, whatever its format. */
export type Grid = { format: 'xlsx' | 'csv'; rows: GridRow[] };

/** The spreadsheet name of a 0-based column: 0 → A, 26 → AA. */
export function colName(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Whether a cell holds nothing: missing, null or blank text. */
export const blankCell = (c: GridCell | undefined) =>
  c === undefined ||
  ('value' in c && (c.value === null || (typeof c.value === 'string' && c.value.trim() === '')));

/** What an upload may be: bytes of the file, data rows, bytes unzipped (xlsx), zip entries, columns. */
export const importLimits = {
  fileBytes: 10 * 1024 * 1024,
  rows: 20_000,
  unzippedBytes: 100 * 1024 * 1024,
  zipEntries: 1000,
  columns: 200,
} as const;

import type { FieldDef } from '../catalog/catalog.schemas.ts';
import type { Bilingual } from '../util/errors.ts';

/** One cell as read from a file: a plain value, or why it cannot be read (a formula without a value, #N/A). */
export type GridCell =
  | {
      value: string | number | boolean | null;
      /** A date cell whose day and month are both ≤ 12: the other reading (month and day swapped), dd/mm/yyyy. */
      swapped?: string;
    }
  | { problem: Bilingual };

/** One row of a file with the row number a person sees in a spreadsheet; cells by 0-based column. */
export type GridRow = { no: number; cells: (GridCell | undefined)[] };

/** A file read into rows, whatever its format, with what the person should know about the file as a whole. */
export type Grid = { format: 'xlsx' | 'csv'; rows: GridRow[]; warnings: Bilingual[] };

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

/**
 * What an upload may be: bytes of the file, data rows, bytes unzipped (xlsx), zip entries, columns; and, counted
 * while a workbook is read, cells, shared strings and styles of any real workbook of the allowed rows many times
 * over, and Excel's own limit on the characters of a cell.
 */
export const importLimits = {
  fileBytes: 10 * 1024 * 1024,
  rows: 20_000,
  unzippedBytes: 100 * 1024 * 1024,
  zipEntries: 1000,
  columns: 200,
  cells: 1_000_000,
  sharedStrings: 1_000_000,
  styles: 64_000,
  numberFormats: 1_000,
  cellChars: 32_767,
} as const;

// ---------------------------------------------------------------------------------------------------------
// The template's layout, which the readers look for.

/** Sheet names of the template; the reader looks for the data sheet by name first. */
export const DATA_SHEET = 'ข้อมูล';
export const HELP_SHEET = 'คำอธิบาย';
export const LISTS_SHEET = 'lists';
/** The template's row of Thai headers, its hidden row of field keys, and the first data row. */
export const HEADER_ROW = 1;
export const KEY_ROW = 2;
export const FIRST_DATA_ROW = 3;
/** Column keys besides the fields: the row id (hidden column A) and the explanation of a warning. */
export const ID_KEY = 'id';
export const EXPLANATION_KEY = 'explanation';

/** The header a person sees: label, unit and a star when required. */
export const headerText = (f: FieldDef) =>
  `${f.labelTh}${f.unit ? ` (${f.unit})` : ''}${f.required ? ' *' : ''}`;

/**
 * Parses RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, an optional UTF-8 BOM) into records with the row
 * number a spreadsheet shows for each (blank lines are skipped but still counted, so an error message names the
 * row the person sees; a quoted cell spanning lines is one row).
 */
export function parseCsvRows(text: string): { no: number; cells: string[] }[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: { no: number; cells: string[] }[] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let no = 0;
  const end = () => {
    row.push(cell);
    no += 1;
    if (!(row.length === 1 && row[0] === '')) rows.push({ no, cells: row });
    row = [];
    cell = '';
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      end();
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) end();
  return rows;
}

/** The cells of every non-blank record (see parseCsvRows for their row numbers). */
export const parseCsv = (text: string): string[][] => parseCsvRows(text).map((r) => r.cells);

// A value that is a number as a whole (-1, +1.5, 1e5, -.5): a spreadsheet reads it as that number and nothing else.
const WHOLE_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// What makes a spreadsheet read a cell as a formula (OWASP "CSV injection"): = + - @, a tab or a carriage return first.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A value as a spreadsheet may safely read it: left as is when the whole of it is a number, otherwise prefixed
 * with ' when it starts like a formula (so "-1+HYPERLINK(…)" and "+66 81 234 5678" stay text).
 */
export function neutraliseFormula(s: string): string {
  return FORMULA_START.test(s) && !WHOLE_NUMBER.test(s) ? `'${s}` : s;
}

/** Quotes a value for CSV when it needs it; a value that would start a formula is neutralised (see above). */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = neutraliseFormula(String(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line (CRLF-terminated) from a list of values. */
export const csvLine = (values: unknown[]) => `${values.map(csvCell).join(',')}\r\n`;

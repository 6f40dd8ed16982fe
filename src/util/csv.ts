/** A record longer than the reader allows: which limit, and where (the row a spreadsheet shows, 0-based cell). */
export class CsvLimitError extends Error {
  constructor(
    readonly limit: 'cells' | 'chars',
    readonly row: number,
    readonly cell: number,
  ) {
    super(`csv: too many ${limit} in row ${row}`);
  }
}

/**
 * Reads RFC 4180 CSV (quotes, doubled quotes, CRLF or LF) pushed a piece at a time, and hands over each record
 * with the row number a spreadsheet shows for it (blank lines are skipped but still counted, so an error message
 * names the row the person sees; a quoted cell spanning lines is one row). Only the record being read is held; a
 * record with more cells, or a cell with more characters, than the limits is refused (CsvLimitError) as soon as
 * it gets there.
 */
export class CsvReader {
  private row: string[] = [];
  private cell = '';
  private quoted = false;
  /** A quote inside a quoted cell: the end of the cell, or the first of a doubled quote. */
  private quoteSeen = false;
  /** A CR ended the last record: an LF right after it belongs to the same line end. */
  private afterCr = false;
  private no = 0;
  private started = false;

  constructor(
    private readonly onRecord: (no: number, cells: string[]) => void,
    private readonly limits: { cells: number; chars: number } = { cells: Infinity, chars: Infinity },
  ) {}

  push(text: string) {
    let s = text;
    if (!this.started) {
      this.started = s.length > 0;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    let from = 0;
    const take = (to: number) => {
      if (to > from) this.cell += s.slice(from, to);
      if (this.cell.length > this.limits.chars)
        throw new CsvLimitError('chars', this.no + 1, this.row.length);
    };
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (ch === 10) {
          from = i + 1;
          continue;
        }
      }
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === 34) {
            // A doubled quote is one quote in the cell.
            this.cell += '"';
            from = i + 1;
            continue;
          }
          this.quoted = false;
        } else {
          if (ch === 34) {
            take(i);
            this.quoteSeen = true;
            from = i + 1;
          }
          continue;
        }
      }
      if (ch === 34 && this.cell === '' && i === from) {
        this.quoted = true;
        from = i + 1;
      } else if (ch === 44) {
        take(i);
        this.endCell();
        from = i + 1;
      } else if (ch === 10 || ch === 13) {
        take(i);
        this.endRecord();
        this.afterCr = ch === 13;
        from = i + 1;
      }
    }
    take(s.length);
  }

  /** The end of the text: a last record without a line end is still a record. */
  end() {
    if (this.cell !== '' || this.row.length > 0 || this.quoted) this.endRecord();
  }

  private endCell() {
    this.row.push(this.cell);
    this.cell = '';
    this.quoted = false;
    this.quoteSeen = false;
    if (this.row.length > this.limits.cells)
      throw new CsvLimitError('cells', this.no + 1, this.row.length - 1);
  }

  private endRecord() {
    this.endCell();
    this.no += 1;
    const row = this.row;
    this.row = [];
    if (!(row.length === 1 && row[0] === '')) this.onRecord(this.no, row);
  }
}

/** Parses a whole CSV text into records with their row numbers (see CsvReader). */
export function parseCsvRows(text: string): { no: number; cells: string[] }[] {
  const rows: { no: number; cells: string[] }[] = [];
  const reader = new CsvReader((no, cells) => rows.push({ no, cells }));
  reader.push(text);
  reader.end();
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

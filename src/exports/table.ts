// The one writer of tables for people and programs: CSV (UTF-8 with a BOM, the header in row 1) and .xlsx
// (ExcelJS's streaming writer), from the same header and rows, streamed so a national table runs in constant memory.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvLine } from '../util/csv.ts';

/** A cell: text, a number, or empty. Text that a spreadsheet would read as a formula is neutralised in CSV. */
export type Cell = string | number | null;

/** A table to export: the header (row 1, no title rows above it) and its rows, in memory or streamed. */
export type Table = { header: string[]; rows: Iterable<Cell[]> | AsyncIterable<Cell[]> };

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const CHUNK_BYTES = 64 * 1024;

/**
 * The CSV of a table as a stream of 64 KB buffers: a BOM (so spreadsheet programs read the Thai as UTF-8), the
 * header, then the rows as they come. Fewer, larger writes than one per row, and no long string kept alive
 * across garbage collections (the server's memory stays flat). Formula-like cells are neutralised (csvCell).
 */
export async function* csvChunks(t: Table): AsyncGenerator<Buffer> {
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = chunk.write(`\ufeff${csvLine(t.header)}`);
  for await (const row of t.rows) {
    const line = csvLine(row);
    const bytes = Buffer.byteLength(line);
    if (used + bytes > CHUNK_BYTES && used > 0) {
      yield chunk.subarray(0, used);
      chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      used = 0;
    }
    if (bytes > CHUNK_BYTES) yield Buffer.from(line);
    else used += chunk.write(line, used);
  }
  if (used) yield chunk.subarray(0, used);
}

/** A table's CSV as one string (small tables already in memory). */
export async function csvText(t: Table): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of csvChunks(t)) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

/** How a sheet looks: column widths (characters) and how many columns stay in view when scrolling sideways. */
export type SheetLayout = { widths?: number[]; frozenColumns?: number };

/** An .xlsx sheet name: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (s: string) => s.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);

const PENDING_BYTES = 1024 * 1024;
const nextTurn = () => new Promise((resume) => setImmediate(resume));
// Node's streams and the readable-stream copies archiver uses (whose pipes are one object, not a list).
type Piped = {
  _writableState?: { length?: number };
  _readableState?: { length?: number; pipes?: unknown };
};

/**
 * The bytes written into the workbook and not yet read out of it: the sheet's uncompressed XML waiting for the
 * compressor (ExcelJS pipes a sheet into the zip without backpressure, so this is where a fast producer piles up)
 * and the compressed bytes the reader has not taken. The sheet's stream and its pipes are ExcelJS and archiver
 * internals, read defensively: when they are not there, only the output counts.
 */
function pending(ws: unknown, out: PassThrough): number {
  let total = out.readableLength;
  let next = (ws as { stream?: { pipes?: unknown[] } }).stream?.pipes?.[0] as Piped | undefined;
  for (let hop = 0; next && hop < 6; hop++) {
    total += (next._writableState?.length ?? 0) + (next._readableState?.length ?? 0);
    const pipes = next._readableState?.pipes;
    next = (Array.isArray(pipes) ? pipes[0] : pipes) as Piped | undefined;
  }
  return total;
}

/**
 * The .xlsx of a table as a stream: one sheet, the header in row 1 and frozen, rows committed as they are added
 * (no shared strings, no styles), waiting whenever the reader is behind so memory stays flat. Text cells are
 * written as text: a value like =HYPERLINK(…) is a string in the sheet, never a formula.
 */
export function xlsxStream(t: Table, sheet: string, opts: SheetLayout = {}): Readable {
  const { widths, frozenColumns = 0 } = opts;
  const out = new PassThrough({ highWaterMark: CHUNK_BYTES });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  wb.creator = 'lao-info';
  const ws = wb.addWorksheet(sheetName(sheet), {
    views: [{ state: 'frozen', ySplit: 1, xSplit: frozenColumns }],
  });
  ws.columns = t.header.map((h, i) => ({ width: widths?.[i] ?? Math.min(40, Math.max(10, h.length + 2)) }));
  (async () => {
    ws.addRow(t.header).commit();
    let n = 0;
    for await (const row of t.rows) {
      // Empty cells are left out of the sheet rather than written as empty strings.
      ws.addRow(row.map((v) => (v === '' ? null : v))).commit();
      // Every 200 rows, let the compressor catch up (it works off the event loop) before adding more.
      if (++n % 200 === 0) while (!out.destroyed && pending(ws, out) > PENDING_BYTES) await nextTurn();
    }
    ws.commit();
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err as Error));
  return out;
}

/** A table's .xlsx as one buffer (small tables already in memory). */
export async function xlsxBuffer(t: Table, sheet: string, opts: SheetLayout = {}): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of xlsxStream(t, sheet, opts)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/** A CSV stream as a Node Readable (for reply.send). */
export const csvReadable = (t: Table) => Readable.from(csvChunks(t));

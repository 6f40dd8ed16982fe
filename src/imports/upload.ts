// An upload read into a preview, start to end: the parse the import endpoint runs in a worker thread
// (./parse-pool.ts). Both formats are read as a stream and refused as soon as a limit is passed, never after
// building the whole file.
import type { DatasetDef } from '../catalog/catalog.schemas.ts';
import { CsvLimitError, CsvReader } from '../util/csv.ts';
import { AppError, type Bilingual, bi } from '../util/errors.ts';
import { cellTooLong, tooManyColumns, tooManyRows, unreadable } from './file-errors.ts';
import { colName, type Grid, type GridRow, importLimits } from './grid.ts';
import { buildPreview, type CurrentRow, type PreviewIssue, type PreviewSummary } from './preview.ts';
import { readXlsx } from './xlsx-read.ts';

const badType = (text: Bilingual) =>
  new AppError('bad_request', text, [{ field: 'file', code: 'file_type', message: text }]);

const notUtf8 = () =>
  unreadable(
    bi(
      'แฟ้ม CSV นี้ไม่ใช่ UTF-8 — ในหน้าอัปโหลดเลือกการเข้ารหัส "ภาษาไทย Windows-874" หรือใน Excel เลือกบันทึกเป็น "CSV UTF-8 (Comma delimited)"',
      'This CSV file is not UTF-8; choose the encoding "Thai Windows-874" on the upload form, or in Excel save it as "CSV UTF-8 (Comma delimited)"',
    ),
  );

/** How a CSV's bytes are read: found from the bytes (UTF-8, else Thai Excel's Windows-874), or as chosen. */
export const csvEncodings = ['auto', 'utf-8', 'windows-874'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

const readAsThai = bi(
  'อ่านแฟ้ม CSV เป็นภาษาไทยแบบ Windows-874 (ค่าเริ่มต้นของ Excel ภาษาไทย) — ตรวจสอบว่าข้อความภาษาไทยในตัวอย่างอ่านได้ถูกต้อง',
  'The CSV file was read as Thai Windows-874 (Thai Excel’s default); check the Thai text in the preview reads right',
);

/**
 * The decoder of a CSV from its first piece: a UTF-8 BOM or bytes that are valid UTF-8 → UTF-8 (strict); any
 * other bytes → Windows-874, which Thai Excel writes for "CSV (Comma delimited)". A choice on the form wins.
 */
function csvDecoder(first: Buffer, encoding: CsvEncoding): { decoder: TextDecoder; thai: boolean } {
  const utf8 = () => ({ decoder: new TextDecoder('utf-8', { fatal: true }), thai: false });
  const thai = () => ({ decoder: new TextDecoder('windows-874'), thai: true });
  if (encoding === 'utf-8') return utf8();
  if (encoding === 'windows-874') return thai();
  if (first.length >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf) return utf8();
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: true });
    return utf8();
  } catch {
    return thai();
  }
}

/** A file's bytes a slice at a time, as they would come off a stream. */
export function* slices(data: Buffer, size = 64 * 1024): Generator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

/**
 * An uploaded CSV as rows: UTF-8 with or without BOM, never binary, never a workbook under another name. Read as
 * the pieces come: past the row, column or cell-length limit it stops there, with the rows so far dropped.
 */
export function readCsv(pieces: Iterable<Buffer>, encoding: CsvEncoding = 'auto'): Grid {
  const rows: GridRow[] = [];
  const reader = new CsvReader(
    (no, cells) => {
      if (rows.length >= importLimits.rows + 2) throw tooManyRows();
      rows.push({ no, cells: cells.map((v) => ({ value: v === '' ? null : v })) });
    },
    { cells: importLimits.columns, chars: importLimits.cellChars },
  );
  let decoder: TextDecoder | null = null;
  let thai = false;
  let first = true;
  try {
    for (const piece of pieces) {
      if (first && piece.length >= 4 && piece.readUInt32LE(0) === 0x04034b50) {
        throw unreadable(
          bi(
            'แฟ้มนี้เป็นแฟ้ม Excel (.xlsx) แต่ชื่อลงท้ายด้วย .csv — เปลี่ยนชื่อให้ลงท้ายด้วย .xlsx',
            'This is an Excel (.xlsx) file named .csv; rename it to .xlsx',
          ),
        );
      }
      first = false;
      if (piece.includes(0)) {
        throw unreadable(
          bi(
            'แฟ้มนี้ไม่ใช่แฟ้มข้อความ CSV — ใน Excel เลือกบันทึกเป็น "CSV UTF-8 (Comma delimited)"',
            'This is not a CSV text file; in Excel save it as "CSV UTF-8 (Comma delimited)"',
          ),
        );
      }
      if (!decoder) ({ decoder, thai } = csvDecoder(piece, encoding));
      let text: string;
      try {
        text = decoder.decode(piece, { stream: true });
      } catch {
        throw notUtf8();
      }
      reader.push(text);
    }
    let rest: string;
    try {
      rest = decoder?.decode() ?? '';
    } catch {
      throw notUtf8();
    }
    reader.push(rest);
    reader.end();
  } catch (err) {
    if (!(err instanceof CsvLimitError)) throw err;
    throw err.limit === 'cells' ? tooManyColumns() : cellTooLong(`${colName(err.cell)}${err.row}`);
  }
  return { format: 'csv', rows, warnings: thai ? [readAsThai] : [] };
}

/** Reads an upload by its extension (.xlsx or .csv); 400 for another type, 422 for a file that cannot be read. */
export async function readUpload(
  fileName: string,
  data: Buffer,
  encoding: CsvEncoding = 'auto',
): Promise<Grid> {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (ext === 'ods') {
    throw badType(
      bi(
        'ระบบรับแฟ้ม .xlsx และ .csv เท่านั้น — เปิดแฟ้ม .ods ใน LibreOffice Calc เลือก ไฟล์ → บันทึกเป็น แล้วเลือกชนิด "Excel 2007-365 (.xlsx)" (หรือใน Excel: บันทึกเป็น "Excel Workbook (.xlsx)")',
        'Only .xlsx and .csv files are accepted; open the .ods file in LibreOffice Calc, choose File → Save As and the type "Excel 2007-365 (.xlsx)" (or in Excel: save as "Excel Workbook (.xlsx)")',
      ),
    );
  }
  if (ext === 'xls' || ext === 'xlsm' || ext === 'xlsb') {
    throw badType(
      bi(
        `ระบบรับแฟ้ม .xlsx และ .csv เท่านั้น — เปิดแฟ้ม .${ext} ใน Excel แล้วบันทึกเป็น "Excel Workbook (.xlsx)"`,
        `Only .xlsx and .csv files are accepted; open the .${ext} file in Excel and save it as "Excel Workbook (.xlsx)"`,
      ),
    );
  }
  if (ext !== 'xlsx' && ext !== 'csv') {
    throw badType(
      bi(
        `ระบบรับแฟ้ม .xlsx และ .csv เท่านั้น (แฟ้มที่ส่งมา: ${fileName || 'ไม่มีชื่อ'})`,
        `Only .xlsx and .csv files are accepted (got: ${fileName || 'no name'})`,
      ),
    );
  }
  if (data.length === 0) {
    throw unreadable(bi('แฟ้มว่างเปล่า — เลือกแฟ้มที่มีข้อมูล', 'The file is empty; choose a file with data'));
  }
  return ext === 'xlsx' ? readXlsx(data) : readCsv(slices(data), encoding);
}

/** What the parse of an upload needs: the file, and the data set it is read against with its current rows. */
export type UploadTask = {
  fileName: string;
  data: Uint8Array;
  def: DatasetDef;
  current: CurrentRow[];
  /** How a CSV's bytes are read (default: found from them). */
  encoding?: CsvEncoding;
};

/** A preview ready to keep: its rows already as the JSON stored, the summary and the errors for the answer. */
export type UploadResult = {
  format: Grid['format'];
  rowsJson: string;
  summary: PreviewSummary;
  errors: PreviewIssue[];
};

/** Reads an upload against its data set into a preview (see buildPreview); the file's own 4xx otherwise. */
export async function previewUpload(task: UploadTask): Promise<UploadResult> {
  const data = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
  const grid = await readUpload(task.fileName, data, task.encoding ?? 'auto');
  const preview = buildPreview(task.def, task.current, grid);
  return {
    format: grid.format,
    rowsJson: JSON.stringify(preview.rows),
    summary: preview.summary,
    errors: preview.errors,
  };
}

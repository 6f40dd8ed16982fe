import { parseCsvRows } from '../util/csv.ts';
import { AppError, type Bilingual, bi } from '../util/errors.ts';
import { type Grid, importLimits } from './grid.ts';
import { readXlsx, tooManyColumns, tooManyRows, unreadable } from './xlsx.ts';

const badType = (text: Bilingual) =>
  new AppError('bad_request', text, [{ field: 'file', code: 'file_type', message: text }]);

/** An uploaded CSV as rows: UTF-8 with or without BOM, never binary, never a workbook under another name. */
export function readCsv(data: Buffer): Grid {
  if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) {
    throw unreadable(
      bi(
        'แฟ้มนี้เป็นแฟ้ม Excel (.xlsx) แต่ชื่อลงท้ายด้วย .csv — เปลี่ยนชื่อให้ลงท้ายด้วย .xlsx',
        'This is an Excel (.xlsx) file named .csv; rename it to .xlsx',
      ),
    );
  }
  if (data.includes(0)) {
    throw unreadable(
      bi(
        'แฟ้มนี้ไม่ใช่แฟ้มข้อความ CSV — ใน Excel เลือกบันทึกเป็น "CSV UTF-8 (Comma delimited)"',
        'This is not a CSV text file; in Excel save it as "CSV UTF-8 (Comma delimited)"',
      ),
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw unreadable(
      bi(
        'แฟ้ม CSV ต้องเข้ารหัส UTF-8 — ใน Excel เลือกบันทึกเป็น "CSV UTF-8 (Comma delimited)"',
        'The CSV file must be UTF-8; in Excel save it as "CSV UTF-8 (Comma delimited)"',
      ),
    );
  }
  const rows = parseCsvRows(text);
  if (rows.length > importLimits.rows + 2) throw tooManyRows();
  if (rows.some((r) => r.cells.length > importLimits.columns)) throw tooManyColumns();
  return {
    format: 'csv',
    rows: rows.map((r) => ({ no: r.no, cells: r.cells.map((v) => ({ value: v === '' ? null : v })) })),
  };
}

/** Reads an upload by its extension (.xlsx or .csv); 400 for another type, 422 for a file that cannot be read. */
export async function readUpload(fileName: string, data: Buffer): Promise<Grid> {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (ext === 'xls' || ext === 'xlsm' || ext === 'xlsb' || ext === 'ods') {
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
  return ext === 'xlsx' ? readXlsx(data) : readCsv(data);
}

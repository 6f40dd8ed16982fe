// Why an uploaded file cannot be read at all: one 422 naming the field `file`, with what to do, in Thai and English.
import { AppError, type Bilingual, bi } from '../util/errors.ts';
import { importLimits } from './grid.ts';
import type { ZipProblem } from './zip.ts';

const n = (x: number) => x.toLocaleString('en-US');
const MB = (bytes: number) => bytes / 1024 / 1024;

/** 422 for a file that cannot be read, with the reason. */
export const unreadable = (text: Bilingual) =>
  new AppError('unprocessable', text, [{ field: 'file', code: 'file_unreadable', message: text }]);

/** What to tell a person about each way an archive can fail to open. */
export const zipReasons: Record<ZipProblem, Bilingual> = {
  not_zip: bi(
    'แฟ้มนี้ไม่ใช่แฟ้ม Excel .xlsx — เปิดใน Excel แล้วบันทึกเป็น "Excel Workbook (.xlsx)"',
    'This is not an Excel .xlsx file; open it in Excel and save it as "Excel Workbook (.xlsx)"',
  ),
  encrypted: bi(
    'แฟ้มถูกตั้งรหัสผ่านไว้ — ยกเลิกรหัสผ่านแล้วบันทึกใหม่ก่อนอัปโหลด',
    'The file is password-protected; remove the password and save it again',
  ),
  zip64: bi('แฟ้มมีขนาดใหญ่เกินกว่าที่ระบบรับได้', 'The file is larger than the system accepts'),
  method: bi(
    'แฟ้ม .xlsx ถูกบีบอัดด้วยวิธีที่ระบบไม่รองรับ — เปิดใน Excel แล้วบันทึกใหม่',
    'The .xlsx uses an unsupported compression; open it in Excel and save it again',
  ),
  too_many_entries: bi(
    'แฟ้ม .xlsx มีส่วนประกอบมากผิดปกติ — ใช้แบบฟอร์มจากระบบ',
    'The .xlsx has an unusual number of parts; use the template from the system',
  ),
  too_large: bi(
    `ข้อมูลในแฟ้มเมื่อขยายแล้วเกิน ${MB(importLimits.unzippedBytes)} MB — แบ่งแฟ้มให้เล็กลง`,
    `The file unpacks to more than ${MB(importLimits.unzippedBytes)} MB; split it into smaller files`,
  ),
  corrupt: bi(
    'แฟ้ม .xlsx เสียหายหรือไม่สมบูรณ์ — เปิดใน Excel แล้วบันทึกใหม่',
    'The .xlsx file is damaged or incomplete; open it in Excel and save it again',
  ),
};

/** 422: more rows than one import takes. */
export const tooManyRows = () =>
  unreadable(
    bi(
      `แฟ้มมีข้อมูลเกิน ${n(importLimits.rows)} แถว — แบ่งเป็นหลายแฟ้ม`,
      `The file has more than ${n(importLimits.rows)} rows; split it into several files`,
    ),
  );

/** 422: more cells than any real import of the allowed rows holds. */
export const tooManyCells = () =>
  unreadable(
    bi(
      `แฟ้มมีเซลล์เกิน ${n(importLimits.cells)} เซลล์ ซึ่งมากเกินกว่าที่นำเข้าได้ในครั้งเดียว — ลบแผ่นงานหรือคอลัมน์ที่ไม่ใช้ หรือแบ่งเป็นหลายแฟ้ม`,
      `The file holds more than ${n(importLimits.cells)} cells, more than one import takes; remove unused sheets or columns, or split it`,
    ),
  );

/** 422: wider than any data set (the id, every field and an explanation fit many times over). */
export const tooManyColumns = () =>
  unreadable(
    bi(
      `แฟ้มมีเกิน ${importLimits.columns} คอลัมน์ — ใช้แบบฟอร์มจากระบบ`,
      `The file has more than ${importLimits.columns} columns; use the template from the system`,
    ),
  );

/** 422: a shared-string table no workbook of the allowed size needs. */
export const tooManyStrings = () =>
  unreadable(
    bi(
      `แฟ้มมีข้อความต่างกันเกิน ${n(importLimits.sharedStrings)} รายการ — คัดลอกเฉพาะข้อมูลลงแบบฟอร์มจากระบบแล้วอัปโหลดใหม่`,
      `The file holds more than ${n(importLimits.sharedStrings)} distinct texts; copy only the data into the system's template and upload it again`,
    ),
  );

/** 422: more cell formats than Excel itself allows. */
export const tooManyStyles = () =>
  unreadable(
    bi(
      `แฟ้มมีรูปแบบเซลล์มากเกินกว่าที่ Excel รองรับ (เกิน ${n(importLimits.styles)} แบบ หรือรูปแบบตัวเลขเกิน ${n(importLimits.numberFormats)} แบบ) — คัดลอกเฉพาะข้อมูล (วางแบบค่า) ลงแบบฟอร์มจากระบบแล้วอัปโหลดใหม่`,
      `The file has more cell formats than Excel allows (over ${n(importLimits.styles)} styles or ${n(importLimits.numberFormats)} number formats); paste only the values into the system's template and upload it again`,
    ),
  );

/** 422: a cell (by address, or a text of the workbook not yet tied to one) longer than Excel lets a person type. */
export const cellTooLong = (address: string | null) =>
  unreadable(
    bi(
      `${address ? `เซลล์ ${address}` : 'ข้อความหนึ่งในแฟ้ม'} ยาวเกิน ${n(importLimits.cellChars)} ตัวอักษร ซึ่งเกินที่ Excel รองรับ — ตัดข้อความให้สั้นลง`,
      `${address ? `Cell ${address}` : 'A text of the file'} holds more than ${n(importLimits.cellChars)} characters, more than Excel allows in a cell; shorten it`,
    ),
  );

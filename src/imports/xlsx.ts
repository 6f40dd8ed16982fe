// The Excel side of the round trip: the template written for a data set and an LAO, and an uploaded workbook
// read back into rows. Uploads are unzipped by ./zip.ts within limits and stripped of the parts a spreadsheet
// library would expand cell by cell (merged ranges, validations, defined names) before ExcelJS parses them.
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { DatasetDef, FieldDef } from '../catalog/catalog.schemas.ts';
import { AppError, type Bilingual, bi } from '../util/errors.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { colName, type Grid, type GridCell, type GridRow, importLimits } from './grid.ts';
import { crc32, readZip, writeZip, ZipError, type ZipProblem } from './zip.ts';

/** Sheet names of the template; the reader looks for the data sheet by name first. */
export const DATA_SHEET = 'ข้อมูล';
export const HELP_SHEET = 'คำอธิบาย';
const LISTS_SHEET = 'lists';
/** The template's row of Thai headers, its hidden row of field keys, and the first data row. */
export const HEADER_ROW = 1;
export const KEY_ROW = 2;
export const FIRST_DATA_ROW = 3;
/** Column keys besides the fields: the row id (hidden column A) and the explanation of a warning. */
export const ID_KEY = 'id';
export const EXPLANATION_KEY = 'explanation';

// ---------------------------------------------------------------------------------------------------------
// Values as people read and type them.

const isoToBE = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${Number(m[1]) + 543}` : iso;
};

/** Whether a multi-choice field's labels can be written comma-separated and read back. */
const labelsSplittable = (f: FieldDef) => f.options.every((o) => !/[,;]/.test(o.labelTh));

/** A stored value as a person types it in a cell: Thai option labels, ใช่/ไม่ใช่, BE dates, "lat,lon". */
function sheetText(f: FieldDef, v: unknown): string {
  const label = (value: unknown) => f.options.find((x) => x.value === value)?.labelTh ?? String(value);
  switch (f.type) {
    case 'enum':
      return label(v);
    case 'multi_enum':
      return Array.isArray(v)
        ? v.map((x) => (labelsSplittable(f) ? label(x) : String(x))).join(', ')
        : String(v);
    case 'boolean':
      return v === true ? 'ใช่' : v === false ? 'ไม่ใช่' : String(v);
    case 'date':
      return typeof v === 'string' ? isoToBE(v) : String(v);
    case 'geo': {
      const g = v as { lat?: unknown; lon?: unknown };
      return typeof g === 'object' && g ? `${g.lat},${g.lon}` : String(v);
    }
    default:
      return String(v);
  }
}

/** What goes into a template cell: numbers stay numbers, everything else the Thai text a person would type. */
const sheetValue = (f: FieldDef, v: unknown): string | number | null =>
  v === null || v === undefined
    ? null
    : (f.type === 'integer' || f.type === 'decimal') && typeof v === 'number'
      ? v
      : sheetText(f, v);

/** The header a person sees: label, unit and a star when required. */
export const headerText = (f: FieldDef) =>
  `${f.labelTh}${f.unit ? ` (${f.unit})` : ''}${f.required ? ' *' : ''}`;

// ---------------------------------------------------------------------------------------------------------
// The template.

export type TemplateInput = {
  def: DatasetDef;
  lao: { code: string; nameTh: string };
  year: number;
  version: number;
  rows: { id: string; values: Record<string, unknown>; explanation: string | null }[];
};

const typeWords: Record<FieldDef['type'], string> = {
  integer: 'จำนวนเต็ม (whole number)',
  decimal: 'ตัวเลข มีทศนิยมได้ (number)',
  text: 'ข้อความ (text)',
  enum: 'เลือก 1 ข้อจากรายการ (one choice)',
  multi_enum: 'เลือกได้หลายข้อ คั่นด้วยจุลภาค (choices, comma-separated)',
  boolean: 'ใช่ / ไม่ใช่ (yes / no)',
  date: 'วันที่ วว/ดด/ปปปป พ.ศ. เช่น 14/05/2569 (date dd/mm/yyyy, Buddhist era)',
  geo: 'พิกัด ละติจูด,ลองจิจูด เช่น 14.9930,103.1029 (latitude,longitude)',
};

const num = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

function limitsText(f: FieldDef): string {
  const parts: string[] = [];
  if (f.min !== null) parts.push(`ไม่น้อยกว่า ${num(f.min)} (min ${num(f.min)})`);
  if (f.max !== null) parts.push(`ไม่เกิน ${num(f.max)} (max ${num(f.max)})`);
  if (f.decimals !== null) parts.push(`ทศนิยมไม่เกิน ${f.decimals} ตำแหน่ง (≤ ${f.decimals} decimals)`);
  if (f.maxLength !== null) parts.push(`ยาวไม่เกิน ${f.maxLength} ตัวอักษร (≤ ${f.maxLength} characters)`);
  if (f.pattern !== null) parts.push(`รูปแบบ (format): ${f.helpTh ?? f.pattern}`);
  return parts.join('; ');
}

function numFmtOf(f: FieldDef): string {
  if (f.type === 'integer') return f.min !== null && f.min >= 1000 ? '0' : '#,##0';
  if (f.type === 'decimal') return f.decimals ? `#,##0.${'0'.repeat(f.decimals)}` : 'General';
  return '@';
}

type Validations = { add(address: string, validation: ExcelJS.DataValidation): void };

const howTo = (def: DatasetDef) => [
  `1. กรอกหรือแก้ไขข้อมูลในแผ่นงาน "${DATA_SHEET}" ตั้งแต่แถวที่ ${FIRST_DATA_ROW} ${
    def.kind === 'form' ? 'ชุดข้อมูลนี้เป็นแบบฟอร์ม: กรอกแถวที่ 3 แถวเดียว' : 'หนึ่งแถวต่อหนึ่งรายการ'
  } / Fill in the "${DATA_SHEET}" sheet from row ${FIRST_DATA_ROW}${
    def.kind === 'form' ? ' (a form: row 3 only)' : ', one row per item'
  }.`,
  '2. อย่าแก้ไขแถวหัวตาราง (แถวที่ 1) และแถวรหัสฟิลด์ที่ซ่อนไว้ (แถวที่ 2) ระบบใช้จับคู่คอลัมน์ / Keep the header row (row 1) and the hidden row of field keys (row 2): they match the columns.',
  '3. คอลัมน์ A (ซ่อนไว้) คือรหัสของแถวที่มีอยู่แล้ว ใช้จับคู่แถวเดิมเมื่อนำเข้า แถวใหม่ให้เว้นว่าง แถวที่ลบออกจากแผ่นงานจะถูกลบออกจากระบบ / Hidden column A holds the id of each existing row; leave it empty for new rows. A row deleted from the sheet is deleted when imported.',
  '4. ช่องที่มีเครื่องหมาย * ต้องกรอก ถ้ายังไม่ครบ นำเข้าได้ แต่ชุดข้อมูลจะมีสถานะ "บันทึกบางส่วน" / Columns marked * are required; without them the import is accepted but the data set stays partial.',
  '5. ตัวเลขไม่ต้องใส่หน่วย ตัวเลือกให้เลือกจากรายการในช่อง วันที่กรอก วว/ดด/ปปปป พ.ศ. / Numbers without units; choose options from the drop-down; dates as dd/mm/yyyy in the Buddhist era.',
  '6. ช่องที่เป็นสูตร ระบบอ่านค่าที่คำนวณไว้ในแฟ้ม บันทึกแฟ้มจาก Excel ก่อนอัปโหลด สูตรที่ไม่มีค่าหรือมีค่าผิดพลาด (#N/A, #DIV/0!) จะถูกปฏิเสธ / Formulas are read by their saved values: save the file in Excel before uploading; a formula without a value or with an error is refused.',
  `7. แฟ้ม .xlsx หรือ .csv (UTF-8) ขนาดไม่เกิน ${importLimits.fileBytes / 1024 / 1024} MB ไม่เกิน ${importLimits.rows.toLocaleString('en-US')} แถว / .xlsx or .csv (UTF-8), at most ${importLimits.fileBytes / 1024 / 1024} MB and ${importLimits.rows.toLocaleString('en-US')} rows.`,
  '8. หลังอัปโหลด ระบบแสดงแถวที่จะเพิ่ม แก้ไข และลบ พร้อมข้อผิดพลาดทุกแถวและคอลัมน์ก่อนบันทึก และบันทึกทั้งแฟ้มในครั้งเดียว หรือไม่บันทึกเลย / After the upload you see the rows to be added, changed and removed, and every error by row and column; the file is then applied all at once, or not at all.',
];

/** The workbook for a data set and an LAO: data sheet (prefilled), instructions, and the hidden option lists. */
export async function writeTemplate(input: TemplateInput): Promise<Buffer> {
  const { def } = input;
  const explain = def.rules.some((r) => r.severity === 'warning');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'lao-info';
  wb.created = new Date();
  const ws = wb.addWorksheet(DATA_SHEET, {
    views: [{ state: 'frozen', ySplit: KEY_ROW, xSplit: 0 }],
  });
  const help = wb.addWorksheet(HELP_SHEET);
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });

  const headers = [
    'รหัสแถว (ห้ามแก้ไข)',
    ...def.fields.map(headerText),
    ...(explain ? ['คำอธิบาย (เมื่อมีคำเตือน)'] : []),
  ];
  const keys = [ID_KEY, ...def.fields.map((f) => f.key), ...(explain ? [EXPLANATION_KEY] : [])];
  ws.getRow(HEADER_ROW).values = headers;
  ws.getRow(KEY_ROW).values = keys;
  const head = ws.getRow(HEADER_ROW);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'top' };
  head.height = 48;
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEEDD' } };
  });
  ws.getRow(KEY_ROW).hidden = true;
  ws.getColumn(1).hidden = true;
  ws.getColumn(1).width = 38;

  const last = FIRST_DATA_ROW + importLimits.rows - 1;
  const validations = (ws as unknown as { dataValidations: Validations }).dataValidations;
  let listCol = 0;
  def.fields.forEach((f, i) => {
    const col = i + 2;
    const letter = colName(col - 1);
    const column = ws.getColumn(col);
    column.width = Math.min(40, Math.max(14, headerText(f).length + 2));
    const range = `${letter}${FIRST_DATA_ROW}:${letter}${last}`;
    const error = (th: string) => ({
      showErrorMessage: true,
      errorStyle: 'stop' as const,
      errorTitle: 'ค่าไม่ถูกต้อง',
      error: th.slice(0, 250),
    });
    if (f.type === 'enum') {
      listCol++;
      const lc = colName(listCol - 1);
      f.options.forEach((o, j) => {
        lists.getCell(`${lc}${j + 1}`).value = o.labelTh;
      });
      validations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [`${LISTS_SHEET}!$${lc}$1:$${lc}$${f.options.length}`],
        ...error(`เลือก${f.labelTh}จากรายการ`),
      });
    } else if (f.type === 'boolean') {
      validations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: ['"ใช่,ไม่ใช่"'],
        ...error(`เลือก ใช่ หรือ ไม่ใช่`),
      });
    } else if ((f.type === 'integer' || f.type === 'decimal') && f.min !== null && f.max !== null) {
      validations.add(range, {
        type: f.type === 'integer' ? 'whole' : 'decimal',
        operator: 'between',
        allowBlank: true,
        formulae: [f.min, f.max],
        ...error(`กรอก${f.labelTh}เป็นตัวเลข ${num(f.min)} – ${num(f.max)}${f.unit ? ` หน่วย ${f.unit}` : ''}`),
      });
    }
  });

  // Text, dates and choices stay text (a typed 14/05/2569 must not become an Excel date, 001 keeps its zeros).
  // Set on the columns before the rows are added: each new cell takes its column's format.
  def.fields.forEach((f, i) => {
    ws.getColumn(i + 2).numFmt = numFmtOf(f);
    ws.getCell(HEADER_ROW, i + 2).numFmt = '@';
    ws.getCell(KEY_ROW, i + 2).numFmt = '@';
  });
  input.rows.forEach((r, i) => {
    ws.getRow(FIRST_DATA_ROW + i).values = [
      r.id,
      ...def.fields.map((f) => sheetValue(f, r.values[f.key])),
      ...(explain ? [r.explanation ?? null] : []),
    ];
  });
  if (explain) ws.getColumn(keys.length).width = 40;

  writeHelp(help, input, keys);
  // ExcelJS compresses in JavaScript; storing and deflating with node's zlib is several times faster.
  const stored = Buffer.from(
    (await wb.xlsx.writeBuffer({
      zip: { compression: 'STORE' },
    } as Partial<ExcelJS.XlsxWriteOptions>)) as ArrayBuffer,
  );
  const entries = readZip(stored, { maxEntries: 1000, maxTotalBytes: Number.MAX_SAFE_INTEGER });
  return writeZip(
    [...entries].map(([name, data]) => ({
      name,
      deflated: deflateRawSync(data),
      size: data.length,
      crc: crc32(data),
    })),
  );
}

function writeHelp(help: ExcelJS.Worksheet, input: TemplateInput, keys: string[]) {
  const { def } = input;
  help.getColumn(1).width = 10;
  for (const c of [2, 3, 4, 5, 6, 7, 8, 9]) help.getColumn(c).width = c === 2 ? 36 : 24;
  const add = (values: (string | number | null)[], bold = false) => {
    const row = help.addRow(values);
    row.alignment = { wrapText: true, vertical: 'top' };
    if (bold) row.font = { bold: true };
    return row;
  };
  const title = add([`แบบฟอร์มนำเข้าข้อมูล: ${def.nameTh} / Import template: ${def.nameEn}`], true);
  title.font = { bold: true, size: 14 };
  add([
    `${input.lao.nameTh} (${input.lao.code}) ปีงบประมาณ ${input.year} — ข้อมูล ณ ${formatDateTimeBE(new Date())} รุ่นที่ ${input.version} / fiscal year ${input.year}, data as of version ${input.version}`,
  ]);
  add([def.descriptionTh]);
  add([]);
  add(['วิธีใช้ / How to use'], true);
  for (const line of howTo(def)) add([line]);
  add([]);
  add(['ฟิลด์ / Fields'], true);
  add(
    [
      'คอลัมน์ / Column',
      'ชื่อ / Label',
      'รหัส / Key',
      'ชนิด / Type',
      'หน่วย / Unit',
      'ต้องกรอก / Required',
      'ช่วงค่า / Limits',
      'ตัวเลือก / Options',
      'คำแนะนำ / Help',
    ],
    true,
  );
  def.fields.forEach((f, i) => {
    add([
      colName(i + 1),
      `${f.labelTh} / ${f.labelEn}`,
      f.key,
      typeWords[f.type],
      f.unit ? `${f.unit} (${f.unitEn})` : '',
      f.required ? 'ต้องกรอก / yes' : 'ไม่บังคับ / no',
      limitsText(f),
      f.options.map((o) => `${o.labelTh} (${o.labelEn})`).join('\n'),
      [f.helpTh, f.helpEn].filter(Boolean).join(' / '),
    ]);
  });
  if (keys.includes(EXPLANATION_KEY)) {
    add([
      colName(keys.length - 1),
      'คำอธิบาย / Explanation',
      EXPLANATION_KEY,
      typeWords.text,
      '',
      'เมื่อมีคำเตือน / when a warning applies',
      '',
      '',
      'ถ้าค่าถูกต้องแม้ขัดกับกฎแบบคำเตือน ให้อธิบายเหตุผล / Why a value that triggers a warning is right',
    ]);
  }
  if (def.rules.length) {
    add([]);
    add(['กฎตรวจสอบ / Rules'], true);
    for (const r of def.rules) {
      add([
        r.severity === 'error' ? 'ข้อผิดพลาด / error' : 'คำเตือน / warning',
        `${r.messageTh} / ${r.messageEn}`,
        r.severity === 'error'
          ? 'นำเข้าไม่ได้จนกว่าจะแก้ / blocks the import'
          : 'ต้องระบุคำอธิบายในคอลัมน์คำอธิบาย / needs an explanation',
      ]);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading an upload.

const zipReasons: Record<ZipProblem, Bilingual> = {
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
    `ข้อมูลในแฟ้มเมื่อขยายแล้วเกิน ${importLimits.unzippedBytes / 1024 / 1024} MB — แบ่งแฟ้มให้เล็กลง`,
    `The file unpacks to more than ${importLimits.unzippedBytes / 1024 / 1024} MB; split it into smaller files`,
  ),
  corrupt: bi(
    'แฟ้ม .xlsx เสียหายหรือไม่สมบูรณ์ — เปิดใน Excel แล้วบันทึกใหม่',
    'The .xlsx file is damaged or incomplete; open it in Excel and save it again',
  ),
};

const unreadable = (text: Bilingual) =>
  new AppError('unprocessable', text, [{ field: 'file', code: 'file_unreadable', message: text }]);

/** The parts of a workbook the reader needs; everything else (media, macros, links, drawings) is dropped. */
const wanted = (name: string) =>
  name === '[Content_Types].xml' ||
  name === '_rels/.rels' ||
  name === 'xl/workbook.xml' ||
  name === 'xl/_rels/workbook.xml.rels' ||
  name === 'xl/sharedStrings.xml' ||
  name === 'xl/styles.xml' ||
  /^xl\/worksheets\/sheet\d+\.xml$/.test(name);

const sheetStrip = [
  'mergeCells',
  'dataValidations',
  'conditionalFormatting',
  'hyperlinks',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'tableParts',
  'extLst',
  'picture',
  'oleObjects',
  'controls',
];

/**
 * Removes the named elements (any namespace prefix) from XML in one linear pass: ExcelJS expands a merged range
 * or a validated range into one object per cell, so A1:XFD1048576 in a hostile file would never finish.
 */
export function stripElements(xml: string, names: string[]): string {
  const open = new RegExp(`<(\\w+:)?(${names.join('|')})(?=[\\s/>])`, 'g');
  let out = '';
  let from = 0;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    const start = m.index;
    const gt = xml.indexOf('>', start);
    if (gt < 0) throw unreadable(zipReasons.corrupt);
    let stop: number;
    if (xml[gt - 1] === '/') stop = gt + 1;
    else {
      const close = `</${m[1] ?? ''}${m[2]}>`;
      const at = xml.indexOf(close, gt);
      if (at < 0) throw unreadable(zipReasons.corrupt);
      stop = at + close.length;
    }
    out += xml.slice(from, start);
    from = stop;
    open.lastIndex = stop;
  }
  return out + xml.slice(from);
}

const count = (xml: string, re: RegExp) => {
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(xml)) n++;
  return n;
};

/** Most cells any sheet may hold: the rows limit times a generous width (a real file has a dozen columns). */
const MAX_CELLS = (importLimits.rows + FIRST_DATA_ROW) * 50;

function sanitize(entries: Map<string, Buffer>): Buffer {
  const kept: { name: string; data: Buffer }[] = [];
  for (const [name, data] of entries) {
    if (!wanted(name)) continue;
    let out = data;
    if (name === 'xl/workbook.xml')
      out = Buffer.from(stripElements(data.toString('utf8'), ['definedNames', 'externalReferences']));
    else if (name.startsWith('xl/worksheets/')) {
      const xml = stripElements(data.toString('utf8'), sheetStrip);
      // Counted before ExcelJS builds an object per row and cell: a million tiny rows fit in the byte budget.
      if (count(xml, /<(?:\w+:)?row[\s>]/g) > importLimits.rows + FIRST_DATA_ROW) throw tooManyRows();
      if (count(xml, /<(?:\w+:)?c[\s>]/g) > MAX_CELLS) throw tooManyCells();
      out = Buffer.from(xml);
    }
    kept.push({ name, data: out });
  }
  return writeZip(kept);
}

// Excel keeps 15 significant digits: 0.1+0.2 computed in a cell is 0.3 to a person, not 0.30000000000000004.
const round15 = (n: number) => (Number.isInteger(n) ? n : Number(n.toPrecision(15)));

const pad2 = (n: number) => String(n).padStart(2, '0');
/** An Excel date (ExcelJS gives the calendar day at UTC midnight) as BE text; a BE year typed as CE stays. */
function dateCellText(d: Date): string {
  const y = d.getUTCFullYear();
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${y >= 2400 ? y : y + 543}`;
}

function plain(v: unknown): GridCell | null {
  if (v === null || v === undefined) return { value: null };
  if (typeof v === 'number') return Number.isFinite(v) ? { value: round15(v) } : null;
  if (typeof v === 'string' || typeof v === 'boolean') return { value: v };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : { value: dateCellText(v) };
  return null;
}

/** One ExcelJS cell value as a grid cell: formulas by their saved result, rich text joined, errors named. */
export function cellOf(v: ExcelJS.CellValue, address: string): GridCell {
  const p = plain(v);
  if (p) return p;
  const o = v as unknown as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) {
    const formula = String(o.formula ?? o.sharedFormula ?? '');
    const result = o.result;
    if (result === undefined || result === null)
      return {
        problem: bi(
          `เซลล์ ${address} เป็นสูตร =${formula} ที่ไม่มีค่าที่คำนวณไว้ — เปิดแฟ้มใน Excel แล้วบันทึกอีกครั้ง หรือคัดลอกแล้ววางเป็นค่า`,
          `Cell ${address} holds the formula =${formula} without a saved value; open the file in Excel and save it again, or paste it as a value`,
        ),
      };
    const r = plain(result);
    if (r) return r;
    const err = (result as { error?: unknown }).error;
    return {
      problem: bi(
        `เซลล์ ${address} สูตร =${formula} ให้ค่าผิดพลาด ${String(err ?? '')} — แก้สูตรหรือกรอกเป็นค่า`,
        `Cell ${address}: the formula =${formula} gives the error ${String(err ?? '')}; fix it or type the value`,
      ),
    };
  }
  if (Array.isArray(o.richText))
    return { value: (o.richText as { text?: unknown }[]).map((x) => String(x.text ?? '')).join('') };
  if ('hyperlink' in o && 'text' in o) {
    const t = o.text;
    if (typeof t === 'string') return { value: t };
    return cellOf(t as ExcelJS.CellValue, address);
  }
  if ('error' in o)
    return {
      problem: bi(
        `เซลล์ ${address} มีค่าผิดพลาด ${String(o.error)} — กรอกค่าที่ถูกต้อง`,
        `Cell ${address} holds the error ${String(o.error)}; type the right value`,
      ),
    };
  return {
    problem: bi(
      `อ่านค่าในเซลล์ ${address} ไม่ได้ — กรอกเป็นค่าธรรมดา`,
      `Cell ${address} cannot be read; type a plain value`,
    ),
  };
}

/** Which sheet holds the data: the template's data sheet, else the first that is not its instructions or lists. */
function dataSheet(wb: ExcelJS.Workbook): ExcelJS.Worksheet | undefined {
  return (
    wb.getWorksheet(DATA_SHEET) ??
    wb.worksheets.find((w) => w.name !== HELP_SHEET && w.name !== LISTS_SHEET && w.state === 'visible') ??
    wb.worksheets[0]
  );
}

/** An uploaded .xlsx as rows of cells; 422 with the reason for anything that is not a readable workbook. */
export async function readXlsx(data: Buffer): Promise<Grid> {
  if (data.length >= 8 && data.readUInt32BE(0) === 0xd0cf11e0) {
    throw unreadable(
      bi(
        'แฟ้มนี้เป็น Excel รุ่นเก่า (.xls) หรือถูกตั้งรหัสผ่าน — เปิดใน Excel แล้วบันทึกเป็น .xlsx โดยไม่ตั้งรหัสผ่าน',
        'This is an old Excel file (.xls) or a password-protected one; save it as .xlsx without a password',
      ),
    );
  }
  let entries: Map<string, Buffer>;
  try {
    entries = readZip(data, {
      maxEntries: importLimits.zipEntries,
      maxTotalBytes: importLimits.unzippedBytes,
    });
  } catch (err) {
    if (err instanceof ZipError) throw unreadable(zipReasons[err.reason]);
    throw err;
  }
  if (!entries.has('xl/workbook.xml') || ![...entries.keys()].some((n) => n.startsWith('xl/worksheets/'))) {
    throw unreadable(
      bi(
        'แฟ้มนี้ไม่ใช่แฟ้ม Excel .xlsx (ไม่มีแผ่นงาน) — ใช้แบบฟอร์มจากระบบ',
        'This is not an Excel .xlsx file (it has no worksheet); use the template from the system',
      ),
    );
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(sanitize(entries) as unknown as ArrayBuffer);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unreadable(zipReasons.corrupt);
  }
  const ws = dataSheet(wb);
  if (!ws) throw unreadable(zipReasons.corrupt);
  if (ws.actualRowCount > importLimits.rows + FIRST_DATA_ROW) throw tooManyRows();
  const rows: GridRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, no) => {
    const cells: (GridCell | undefined)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (col > importLimits.columns) throw tooManyColumns();
      cells[col - 1] = cellOf(cell.value, `${colName(col - 1)}${no}`);
    });
    rows.push({ no, cells });
  });
  return { format: 'xlsx', rows };
}

/** 422: more rows than one import takes. */
export const tooManyRows = () =>
  unreadable(
    bi(
      `แฟ้มมีข้อมูลเกิน ${importLimits.rows.toLocaleString('en-US')} แถว — แบ่งเป็นหลายแฟ้ม`,
      `The file has more than ${importLimits.rows.toLocaleString('en-US')} rows; split it into several files`,
    ),
  );

/** 422: more cells than any real import of the allowed rows holds. */
const tooManyCells = () =>
  unreadable(
    bi(
      'แฟ้มมีข้อมูลมากเกินกว่าที่นำเข้าได้ในครั้งเดียว — ลบแผ่นงานหรือคอลัมน์ที่ไม่ใช้ หรือแบ่งเป็นหลายแฟ้ม',
      'The file holds more cells than one import takes; remove unused sheets or columns, or split it',
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

export { unreadable };

// The Excel side of the round trip that ExcelJS writes: the template of a data set for an LAO. Uploads are read
// back by our own streaming reader (./xlsx-read.ts), which counts before it builds anything.
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { DatasetDef, FieldDef } from '../catalog/catalog.schemas.ts';
import { formatFieldNumber } from '../util/numbers.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import {
  colName,
  DATA_SHEET,
  EXPLANATION_KEY,
  FIRST_DATA_ROW,
  HEADER_ROW,
  HELP_SHEET,
  headerText,
  ID_KEY,
  importLimits,
  KEY_ROW,
  LISTS_SHEET,
} from './grid.ts';
import { crc32, readZip, writeZip } from './zip.ts';

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

function limitsText(f: FieldDef): string {
  const parts: string[] = [];
  const num = (n: number) => formatFieldNumber(f, n, 'en');
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
        ...error(
          `กรอก${f.labelTh}เป็นตัวเลข ${formatFieldNumber(f, f.min, 'en')} – ${formatFieldNumber(f, f.max, 'en')}${f.unit ? ` หน่วย ${f.unit}` : ''}`,
        ),
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

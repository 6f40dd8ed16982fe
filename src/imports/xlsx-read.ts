// An uploaded .xlsx read into rows by our own streaming reader (ADR 0014): each part it needs is inflated a piece
// at a time and tokenized once (./xml-scan.ts), rows, cells, shared strings and styles are counted as they go by
// and refused past the limits before anything is built, and only the data sheet's cells are kept. No spreadsheet
// library reads uploads: ExcelJS builds an object per row and cell (a few KB of `<row/>` became gigabytes) and
// drops a formula's saved value when it is 0, FALSE or empty.
import { type Bilingual, bi } from '../util/errors.ts';
import {
  cellTooLong,
  tooManyCells,
  tooManyColumns,
  tooManyRows,
  tooManyStrings,
  tooManyStyles,
  unreadable,
  zipReasons,
} from './file-errors.ts';
import {
  colName,
  DATA_SHEET,
  FIRST_DATA_ROW,
  type Grid,
  type GridCell,
  type GridRow,
  HELP_SHEET,
  importLimits,
  LISTS_SHEET,
} from './grid.ts';
import { attribute, attributes, decodeXml, XmlError, type XmlHandler, XmlScanner } from './xml-scan.ts';
import { inflateEntry, type ZipBudget, type ZipEntry, ZipError, zipEntries } from './zip.ts';

const corrupt = () => unreadable(zipReasons.corrupt);

/**
 * Excel's escapes inside cell text (ECMA-376 ST_Xstring): a character XML cannot hold, such as a control
 * character, is written `_xHHHH_` (U+0000 as `_x0000_`, CR as `_x000D_`), and a literal `_x` as `_x005F_x`.
 */
export const unescapeXstring = (text: string) =>
  text.includes('_x')
    ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text;

/** Raw (entity-encoded) text kept for one value before it is decoded: room for the longest cell, escaped. */
const MAX_RAW_TEXT = importLimits.cellChars * 8;

/** Stops reading a part early once the reader has what it needs (the shared strings the sheet uses). */
class Enough extends Error {}

type Archive = { data: Buffer; entries: Map<string, ZipEntry>; budget: ZipBudget };

/** Streams one part through a handler; a part that is not well-formed UTF-8 XML is a damaged file. */
async function scanPart(a: Archive, name: string, handler: XmlHandler, onElements?: (n: number) => void) {
  const entry = a.entries.get(name);
  if (!entry) throw corrupt();
  const scanner = new XmlScanner(handler);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    await inflateEntry(a.data, entry, a.budget, (chunk) => {
      scanner.write(decoder.decode(chunk, { stream: true }));
      onElements?.(scanner.elements);
    });
    scanner.write(decoder.decode());
    scanner.end();
  } catch (err) {
    if (err instanceof Enough) return;
    if (err instanceof ZipError) throw unreadable(zipReasons[err.reason]);
    if (err instanceof XmlError || err instanceof TypeError) throw corrupt();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The workbook: its sheets, where they are, and how it stores dates.

type SheetRef = { name: string; state: string; rid: string };
type Book = { sheets: SheetRef[]; date1904: boolean; fullCalcOnLoad: boolean };

const truthy = (v: string | null) => v === '1' || v === 'true';

async function readBook(a: Archive): Promise<Book> {
  const book: Book = { sheets: [], date1904: false, fullCalcOnLoad: false };
  await scanPart(a, 'xl/workbook.xml', {
    open(name, tag) {
      if (name === 'sheet') {
        // Every sheet is a part of the archive: more sheets than parts is not a workbook.
        if (book.sheets.length >= importLimits.zipEntries) throw corrupt();
        const at = attributes(tag);
        book.sheets.push({ name: at.name ?? '', state: at.state ?? 'visible', rid: at.id ?? '' });
      } else if (name === 'workbookPr') book.date1904 = truthy(attribute(tag, 'date1904'));
      else if (name === 'calcPr') book.fullCalcOnLoad = truthy(attribute(tag, 'fullCalcOnLoad'));
    },
    close() {},
    text() {},
  });
  return book;
}

/** The workbook's relationships: id → part name, and the part of a type (shared strings, styles). */
async function readRels(a: Archive) {
  const byId = new Map<string, string>();
  const byType = new Map<string, string>();
  const name = 'xl/_rels/workbook.xml.rels';
  if (!a.entries.has(name)) return { byId, byType };
  let count = 0;
  await scanPart(a, name, {
    open(el, tag) {
      if (el !== 'Relationship') return;
      if (++count > importLimits.zipEntries * 2) throw corrupt();
      const at = attributes(tag);
      if (!at.Id || !at.Target || at.TargetMode === 'External') return;
      const target = partName(at.Target);
      byId.set(at.Id, target);
      const type = (at.Type ?? '').split('/').pop() ?? '';
      if (!byType.has(type)) byType.set(type, target);
    },
    close() {},
    text() {},
  });
  return { byId, byType };
}

/** A relationship's target as an entry name: relative to xl/, or absolute from the package root. */
function partName(target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

// ---------------------------------------------------------------------------------------------------------
// Styles: which cell formats show a number as a date. Counted as they go by; nothing else is kept.

/** Built-in formats that are dates or times: Excel's own, the East Asian ones and Thai (71–81). */
const builtInDate = (id: number) =>
  (id >= 14 && id <= 22) ||
  (id >= 27 && id <= 36) ||
  (id >= 45 && id <= 47) ||
  (id >= 50 && id <= 58) ||
  (id >= 71 && id <= 81);

/** Whether a format code shows a date: a date or time letter outside quotes and brackets (Thai letters too). */
export const isDateFormat = (code: string) =>
  /[ymdhMsbวดปชนท]/.test(
    code
      .replace(/\[[^\]]*]/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/[\\_*]./g, ''),
  );

async function readDateStyles(a: Archive, name: string | null): Promise<boolean[]> {
  if (!name || !a.entries.has(name)) return [];
  const formats = new Map<number, string>();
  const xfNumFmt: number[] = [];
  let where: 'cellXfs' | 'other' | null = null;
  let styles = 0;
  await scanPart(
    a,
    name,
    {
      open(el, tag) {
        if (el === 'cellXfs') where = 'cellXfs';
        else if (el === 'cellStyleXfs' || el === 'dxfs') where = 'other';
        else if (el === 'numFmt') {
          if (formats.size >= importLimits.numberFormats) throw tooManyStyles();
          const id = Number(attribute(tag, 'numFmtId'));
          if (Number.isInteger(id)) formats.set(id, attribute(tag, 'formatCode') ?? '');
        } else if (el === 'xf') {
          if (++styles > importLimits.styles) throw tooManyStyles();
          if (where === 'cellXfs') xfNumFmt.push(Number(attribute(tag, 'numFmtId') ?? 0));
        }
      },
      close(el) {
        if (el === 'cellXfs' || el === 'cellStyleXfs' || el === 'dxfs') where = null;
      },
      text() {},
    },
    // Fonts, fills, borders: a real file has a few hundred; a flood of them is refused like one of formats.
    (n) => {
      if (n > importLimits.styles * 16) throw tooManyStyles();
    },
  );
  return xfNumFmt.map((id) => {
    const custom = formats.get(id);
    return custom !== undefined ? isDateFormat(custom) : builtInDate(id);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Values

// Excel keeps 15 significant digits: 0.1+0.2 computed in a cell is 0.3 to a person, not 0.30000000000000004.
const round15 = (n: number) => (Number.isInteger(n) ? n : Number(n.toPrecision(15)));

const pad2 = (n: number) => String(n).padStart(2, '0');
/** A calendar day as BE text dd/mm/yyyy; a BE year typed as CE (2569 in a date cell) stays. */
function dateText(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const y = d.getUTCFullYear();
  return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${y >= 2400 ? y : y + 543}`;
}

/** An Excel date serial as the day it shows (the 1900 or the 1904 date system). */
const serialDate = (serial: number, date1904: boolean) =>
  dateText(new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000)));

const unreadableCell = (address: string): GridCell => ({
  problem: bi(
    `อ่านค่าในเซลล์ ${address} ไม่ได้ — กรอกเป็นค่าธรรมดา`,
    `Cell ${address} cannot be read; type a plain value`,
  ),
});

const errorCell = (address: string, error: string): GridCell => ({
  problem: bi(
    `เซลล์ ${address} มีค่าผิดพลาด ${error} — กรอกค่าที่ถูกต้อง`,
    `Cell ${address} holds the error ${error}; type the right value`,
  ),
});

const noSavedValue = (address: string, formula: string): GridCell => ({
  problem: bi(
    `เซลล์ ${address} เป็นสูตร =${formula} ที่ไม่มีค่าที่คำนวณไว้ — เปิดแฟ้มใน Excel แล้วบันทึกอีกครั้ง หรือคัดลอกแล้ววางเป็นค่า`,
    `Cell ${address} holds the formula =${formula} without a saved value; open the file in Excel and save it again, or paste it as a value`,
  ),
});

const formulaError = (address: string, formula: string, error: string): GridCell => ({
  problem: bi(
    `เซลล์ ${address} สูตร =${formula} ให้ค่าผิดพลาด ${error} — แก้สูตรหรือกรอกเป็นค่า`,
    `Cell ${address}: the formula =${formula} gives the error ${error}; fix it or type the value`,
  ),
});

/** The 1-based column of a reference such as "AB12", or 0 when it has none. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
    if (col > 16_384) return -1;
  }
  return col;
}

// ---------------------------------------------------------------------------------------------------------
// The data sheet

/** A cell waiting for its shared string. */
type StringRef = { cell: { value: string | number | boolean | null }; index: number };

class SheetReader implements XmlHandler {
  readonly rows = new Map<number, GridRow>();
  readonly strings: StringRef[] = [];
  hasFormula = false;
  private rowCount = 0;
  private cellCount = 0;
  private rowNo = 0;
  private row: GridRow | null = null;
  private col = 0;
  // The open cell.
  private inCell = false;
  private t = '';
  private s = 0;
  private v: string | null = null;
  private f: string | null = null;
  private fShared: string | null = null;
  private fMaster = false;
  private inline: string | null = null;
  private inIs = false;
  private phonetic = 0;
  private capture: 'v' | 'f' | 't' | null = null;
  private raw = '';
  /** The text of each shared formula by its group, from the cell that defines it. */
  private readonly sharedFormulas = new Map<string, string>();

  constructor(
    private readonly dateStyles: boolean[],
    private readonly date1904: boolean,
  ) {}

  private address() {
    return `${colName(this.col - 1)}${this.rowNo}`;
  }

  open(name: string, tag: string) {
    switch (name) {
      case 'row': {
        // Counted before anything is built, whatever its form: <row/>, <row>, <x:row r="…">.
        if (++this.rowCount > importLimits.rows + FIRST_DATA_ROW) throw tooManyRows();
        const r = attribute(tag, 'r');
        const no = r === null ? this.rowNo + 1 : Number(r);
        if (!Number.isInteger(no) || no < 1 || no > 1_048_576) throw corrupt();
        this.rowNo = no;
        this.col = 0;
        this.row = this.rows.get(no) ?? { no, cells: [] };
        return;
      }
      case 'c': {
        if (++this.cellCount > importLimits.cells) throw tooManyCells();
        if (!this.row) throw corrupt();
        const r = attribute(tag, 'r');
        const col = r === null ? this.col + 1 : columnOf(r);
        if (col < 1) throw corrupt();
        this.col = col;
        this.inCell = true;
        this.t = attribute(tag, 't') ?? 'n';
        this.s = Number(attribute(tag, 's') ?? 0);
        this.v = null;
        this.f = null;
        this.fShared = null;
        this.fMaster = false;
        this.inline = null;
        return;
      }
      case 'v':
        if (this.inCell) this.startText('v');
        return;
      case 'f':
        if (!this.inCell) return;
        if (attribute(tag, 't') === 'shared') {
          this.fShared = attribute(tag, 'si');
          this.fMaster = attribute(tag, 'ref') !== null;
        }
        this.f = '';
        this.startText('f');
        return;
      case 'is':
        if (this.inCell) {
          this.inIs = true;
          this.inline = '';
        }
        return;
      case 'rPh':
        this.phonetic++;
        return;
      case 't':
        if (this.inIs && this.phonetic === 0) this.startText('t');
        return;
    }
  }

  private startText(what: 'v' | 'f' | 't') {
    this.capture = what;
    this.raw = '';
  }

  text(raw: string) {
    if (this.capture === null) return;
    this.raw += raw;
    if (this.raw.length > MAX_RAW_TEXT) throw cellTooLong(this.address());
  }

  close(name: string) {
    switch (name) {
      case 'v':
      case 'f':
      case 't':
        if (this.capture === name) {
          const text = this.decoded();
          if (name === 'v') this.v = text;
          else if (name === 'f') this.f = text;
          else this.inline = (this.inline ?? '') + unescapeXstring(text);
          if (name === 't' && this.inline!.length > importLimits.cellChars) throw cellTooLong(this.address());
          this.capture = null;
        }
        return;
      case 'is':
        this.inIs = false;
        return;
      case 'rPh':
        this.phonetic--;
        return;
      case 'c':
        if (this.inCell) this.endCell();
        return;
      case 'row':
        if (this.row && this.row.cells.length > 0) this.rows.set(this.row.no, this.row);
        this.row = null;
        return;
    }
  }

  private decoded(): string {
    const text = decodeXml(this.raw);
    if (text.length > importLimits.cellChars) throw cellTooLong(this.address());
    return text;
  }

  private endCell() {
    this.inCell = false;
    const cell = this.value();
    if (!cell) return;
    // A value beyond the widest data set; empty formatted cells out there are fine.
    if (this.col > importLimits.columns) throw tooManyColumns();
    this.row!.cells[this.col - 1] = cell;
  }

  private number(v: string): GridCell | null {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) return unreadableCell(this.address());
    if (this.dateStyles[this.s]) {
      const d = serialDate(n, this.date1904);
      if (d === null) return unreadableCell(this.address());
      // 03/05/2569 typed on a computer set to month/day is 5 March to Excel: both readings are possible.
      const [day = '', month = '', year = ''] = d.split('/');
      return Number(day) <= 12 && Number(month) <= 12 && day !== month
        ? { value: d, swapped: `${month}/${day}/${year}` }
        : { value: d };
    }
    return { value: round15(n) };
  }

  /** The cell as read: formulas by their saved result (0, FALSE and "" included), errors named. */
  private value(): GridCell | null {
    const { t, v } = this;
    const address = this.address();
    if (this.f !== null) {
      this.hasFormula = true;
      let formula = this.f;
      if (this.fShared !== null) {
        if (this.fMaster) this.sharedFormulas.set(this.fShared, formula);
        else formula ||= this.sharedFormulas.get(this.fShared) ?? '';
      }
      // No <v> at all: never calculated. An empty <v> is a saved empty text only for a text result.
      if (v === null || (v === '' && t !== 'str')) return noSavedValue(address, formula);
      if (t === 'str') return { value: unescapeXstring(v) };
      if (t === 'b') return { value: Number.parseInt(v, 10) !== 0 };
      if (t === 'e') return formulaError(address, formula, v);
      return this.number(v);
    }
    if (t === 'inlineStr') return this.inline !== null ? { value: this.inline } : null;
    if (v === null || v === '') return null;
    switch (t) {
      case 's': {
        const index = Number(v);
        if (!Number.isInteger(index) || index < 0) throw corrupt();
        if (index >= importLimits.sharedStrings) throw tooManyStrings();
        const cell = { value: null };
        this.strings.push({ cell, index });
        return cell;
      }
      case 'str':
        return { value: unescapeXstring(v) };
      case 'b':
        return { value: Number.parseInt(v, 10) !== 0 };
      case 'e':
        return errorCell(address, v);
      case 'd': {
        const d = /^\d{4}-\d{2}-\d{2}/.test(v) ? dateText(new Date(`${v.slice(0, 10)}T00:00:00Z`)) : null;
        return d === null ? unreadableCell(address) : { value: d };
      }
      default:
        return this.number(v);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shared strings: counted as they go by, only those the data sheet uses are kept, and reading stops after the last.

async function resolveStrings(a: Archive, name: string | null, refs: StringRef[]) {
  if (refs.length === 0) return;
  if (!name || !a.entries.has(name)) throw corrupt();
  const needed = new Set<number>();
  let last = 0;
  for (const r of refs) {
    needed.add(r.index);
    if (r.index > last) last = r.index;
  }
  const found = new Map<number, string>();
  let index = -1;
  let inSi = false;
  let phonetic = 0;
  let capture = false;
  let keep = false;
  let raw = '';
  let text = '';
  await scanPart(a, name, {
    open(el) {
      if (el === 'si') {
        if (++index >= importLimits.sharedStrings) throw tooManyStrings();
        if (index > last) throw new Enough();
        inSi = true;
        keep = needed.has(index);
        text = '';
      } else if (el === 'rPh') phonetic++;
      else if (el === 't' && inSi && keep && phonetic === 0) {
        capture = true;
        raw = '';
      }
    },
    text(r) {
      if (!capture) return;
      raw += r;
      if (raw.length > MAX_RAW_TEXT) throw cellTooLong(null);
    },
    close(el) {
      if (el === 't' && capture) {
        text += unescapeXstring(decodeXml(raw));
        if (text.length > importLimits.cellChars) throw cellTooLong(null);
        capture = false;
      } else if (el === 'rPh') phonetic--;
      else if (el === 'si') {
        if (keep) found.set(index, text);
        inSi = false;
      }
    },
  });
  for (const r of refs) {
    const s = found.get(r.index);
    if (s === undefined) throw corrupt();
    r.cell.value = s;
  }
}

// ---------------------------------------------------------------------------------------------------------

/** Which sheet holds the data: the template's data sheet, else the first that is not its instructions or lists. */
function dataSheet(sheets: SheetRef[]): number {
  const byName = sheets.findIndex((s) => s.name === DATA_SHEET);
  if (byName >= 0) return byName;
  const visible = sheets.findIndex(
    (s) => s.name !== HELP_SHEET && s.name !== LISTS_SHEET && s.state === 'visible',
  );
  return Math.max(visible, 0);
}

const staleWarning: Bilingual = bi(
  'แฟ้มนี้ตั้งให้ Excel คำนวณสูตรใหม่ทุกครั้งที่เปิด (fullCalcOnLoad) ค่าของสูตรที่บันทึกไว้ในแฟ้มอาจไม่ใช่ค่าล่าสุด — ตรวจค่าที่ได้จากสูตรในตัวอย่างนี้ หรือเปิดแฟ้มใน Excel แล้วบันทึกอีกครั้งก่อนอัปโหลด',
  'This workbook asks Excel to recalculate every formula when it is opened (fullCalcOnLoad): the values saved for its formulas may be out of date; check them in this preview, or open the file in Excel and save it again before uploading',
);

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
  let entries: Map<string, ZipEntry>;
  try {
    entries = zipEntries(data, importLimits.zipEntries);
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
  const a: Archive = { data, entries, budget: { left: importLimits.unzippedBytes } };
  const book = await readBook(a);
  if (book.sheets.length === 0) throw corrupt();
  const rels = await readRels(a);
  const chosen = dataSheet(book.sheets);
  const sheetPart = rels.byId.get(book.sheets[chosen]!.rid) ?? `xl/worksheets/sheet${chosen + 1}.xml`;
  const dateStyles = await readDateStyles(a, rels.byType.get('styles') ?? 'xl/styles.xml');
  const sheet = new SheetReader(dateStyles, book.date1904);
  await scanPart(a, sheetPart, sheet);
  await resolveStrings(a, rels.byType.get('sharedStrings') ?? 'xl/sharedStrings.xml', sheet.strings);
  const rows = [...sheet.rows.values()].sort((x, y) => x.no - y.no);
  return {
    format: 'xlsx',
    rows,
    warnings: book.fullCalcOnLoad && sheet.hasFormula ? [staleWarning] : [],
  };
}

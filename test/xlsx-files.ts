// Workbooks written part by part, for the reader's tests and the fuzzing: what Excel, LibreOffice or an attacker
// could put in each XML part, zipped as a real .xlsx would be.
import { deflateRawSync } from 'node:zlib';
import { crc32, writeZip } from '../src/imports/zip.ts';

export const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A worksheet part around the given `<row>` elements (and anything else placed after sheetData). */
export const sheetXml = (rows: string, after = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${REL}"><sheetData>${rows}</sheetData>${after}</worksheet>`;

/** A shared-string part of the given `<si>` items. */
export const sstXml = (items: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${items.length}" uniqueCount="${items.length}">${items.join('')}</sst>`;

/** A styles part: custom number formats and the cell formats (each a numFmtId). */
export const stylesXml = (numFmts: [number, string][], xfNumFmtIds: number[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}">` +
  (numFmts.length
    ? `<numFmts count="${numFmts.length}">${numFmts.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code}"/>`).join('')}</numFmts>`
    : '') +
  '<fonts count="1"><font><sz val="11"/></font></fonts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>' +
  `<cellXfs count="${xfNumFmtIds.length}">${xfNumFmtIds.map((id) => `<xf numFmtId="${id}" xfId="0" applyNumberFormat="1"/>`).join('')}</cellXfs></styleSheet>`;

/** A workbook part naming its sheets (all pointing at rId1, rId4, … in order) with extra elements after them. */
export const workbookXml = (sheets: string[] = ['Sheet1'], extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>${sheets
    .map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i === 0 ? 1 : i + 3}"/>`)
    .join('')}</sheets>${extra}</workbook>`;

const relsXml = (sheets: number) =>
  `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
  `<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/>` +
  Array.from(
    { length: sheets - 1 },
    (_, i) =>
      `<Relationship Id="rId${i + 4}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 2}.xml"/>`,
  ).join('') +
  '</Relationships>';

export type Parts = {
  /** The first sheet's XML (see sheetXml); more sheets in `sheets`. */
  sheet: string;
  sheets?: string[];
  workbook?: string;
  sst?: string;
  styles?: string;
  rels?: string;
  /** Any other entry, or a replacement of one above by its path. */
  extra?: Record<string, string | Buffer>;
};

/** The parts as an .xlsx archive, each deflated as Excel stores them. */
export function xlsxOf(p: Parts): Buffer {
  const more = p.sheets ?? [];
  const files: Record<string, string | Buffer> = {
    '[Content_Types].xml': `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    'xl/workbook.xml': p.workbook ?? workbookXml(['Sheet1', ...more.map((_, i) => `Sheet${i + 2}`)]),
    'xl/_rels/workbook.xml.rels': p.rels ?? relsXml(1 + more.length),
    'xl/worksheets/sheet1.xml': p.sheet,
    ...Object.fromEntries(more.map((x, i) => [`xl/worksheets/sheet${i + 2}.xml`, x])),
    ...(p.sst !== undefined ? { 'xl/sharedStrings.xml': p.sst } : {}),
    ...(p.styles !== undefined ? { 'xl/styles.xml': p.styles } : {}),
    ...p.extra,
  };
  return writeZip(
    Object.entries(files).map(([name, v]) => {
      const data = typeof v === 'string' ? Buffer.from(v) : v;
      return { name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) };
    }),
  );
}

/** One row of inline-string cells (A, B, …), the simplest thing a program writes. */
export const inlineRow = (no: number, cells: (string | number)[]) =>
  `<row r="${no}">${cells
    .map((v, i) =>
      typeof v === 'number'
        ? `<c r="${String.fromCharCode(65 + i)}${no}"><v>${v}</v></c>`
        : `<c r="${String.fromCharCode(65 + i)}${no}" t="inlineStr"><is><t>${v}</t></is></c>`,
    )
    .join('')}</row>`;

// Generated hostile uploads for the fuzzing (src/imports/upload.fuzz.test.ts) and the benchmark's flood row: what a
// broken program, a damaged disk or an attacker could send as .xlsx or .csv. Deterministic from fast-check's seed.
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { colName } from '../src/imports/grid.ts';
import { crc32, writeZip } from '../src/imports/zip.ts';
import { inlineRow, sheetXml, sstXml, stylesXml, workbookXml, xlsxOf } from './xlsx-files.ts';

export type HostileFile = { kind: string; fileName: string; data: Buffer };

const header = ['roadName', 'surfaceType', 'lengthKm', 'widthM'];
const goodRows = (n: number) =>
  inlineRow(1, header) +
  Array.from({ length: n }, (_, i) => inlineRow(i + 2, [`สาย ${i}`, 'ดิน', (i % 9) + 0.5, 4])).join('');

/** One element of each kind a part can be flooded with, in the part it belongs to. */
export const floodKinds = {
  'row/': { part: 'sheet', el: () => '<row/>' },
  'row></row': { part: 'sheet', el: () => '<row></row>' },
  'x:row': { part: 'sheet', el: (i: number) => `<x:row r="${i + 2}"/>` },
  'c/': { part: 'sheet', el: () => '<c/>' },
  'c r': { part: 'sheet', el: (i: number) => `<c r="A${i + 2}" s="1"/>` },
  'c v': { part: 'sheet', el: (i: number) => `<c r="B${(i % 20_000) + 2}"><v>${i}</v></c>` },
  unknown: { part: 'sheet', el: () => '<x/>' },
  si: { part: 'sst', el: (i: number) => `<si><t>${i}</t></si>` },
  xf: { part: 'styles', el: () => '<xf numFmtId="14"/>' },
  numFmt: { part: 'styles', el: (i: number) => `<numFmt numFmtId="${164 + i}" formatCode="0.0"/>` },
  font: { part: 'styles', el: () => '<font><b/></font>' },
  sheet: {
    part: 'workbook',
    el: (i: number) => `<sheet name="s${i}" sheetId="${i + 2}" r:id="rId${i + 9}"/>`,
  },
} as const;

/** A workbook whose one part holds `n` elements of a kind (a few KB of XML can hold millions). */
export function flood(kind: keyof typeof floodKinds, n: number): Buffer {
  const { part, el } = floodKinds[kind];
  const many = (rowEl: (i: number) => string) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(rowEl(i));
    return out.join('');
  };
  const x = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  if (part === 'sheet') {
    const body = kind.startsWith('c') ? `<row r="1">${many(el)}</row>` : many(el);
    return xlsxOf({ sheet: sheetXml(goodRows(2) + body).replace('<worksheet ', `<worksheet ${x} `) });
  }
  if (part === 'sst') {
    return xlsxOf({
      sheet: sheetXml(`<row r="1"><c r="A1" t="s"><v>${Math.max(0, n - 1)}</v></c></row>`),
      sst: sstXml([many(el)]),
    });
  }
  if (part === 'styles') {
    const inner = many(el);
    const styles =
      kind === 'numFmt'
        ? stylesXml([], [0]).replace('<fonts', `<numFmts>${inner}</numFmts><fonts`)
        : kind === 'font'
          ? stylesXml([], [0]).replace('<fonts count="1">', `<fonts>${inner}`)
          : stylesXml([], [0]).replace('<cellXfs count="1">', `<cellXfs>${inner}`);
    return xlsxOf({ sheet: sheetXml(goodRows(2)), styles });
  }
  return xlsxOf({
    sheet: sheetXml(goodRows(2)),
    workbook: workbookXml(['Sheet1']).replace('</sheets>', `${many(el)}</sheets>`),
  });
}

/**
 * A sheet just under the limits: 20,003 rows of 49 numbers (980,147 cells), every one kept until the first row
 * turns out not to be a header. The most a file can make the reader build.
 */
export function fullSheet(): Buffer {
  const cols = Array.from({ length: 49 }, (_, c) => colName(c));
  const rows: string[] = [];
  for (let r = 1; r <= 20_003; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < 49; c++) row += `<c r="${cols[c]}${r}"><v>${r * 100 + c}.25</v></c>`;
    rows.push(`${row}</row>`);
  }
  return xlsxOf({ sheet: sheetXml(rows.join('')) });
}

/** A zip whose sheet inflates to `bytes` of zeros while its directory claims a few bytes. */
export function zipBomb(bytes: number): Buffer {
  const zeros = deflateRawSync(Buffer.alloc(bytes), { level: 9 });
  return writeZip([
    { name: 'xl/workbook.xml', data: Buffer.from(workbookXml()) },
    { name: 'xl/worksheets/sheet1.xml', deflated: zeros, size: 1000, crc: 0 },
  ]);
}

const valid = () => xlsxOf({ sheet: sheetXml(goodRows(3)), sst: sstXml(['<si><t>ก</t></si>']) });

/** An archive with one 32-bit field of its central directory (or of a local header) changed. */
function lie(zip: Buffer, which: number, value: number): Buffer {
  const out = Buffer.from(zip);
  const cd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const spots = [cd + 20, cd + 24, cd + 42, cd + 28, eocd + 10, eocd + 12, eocd + 16, 18, 22, 26];
  const at = spots[which % spots.length]!;
  if (at + 4 <= out.length) {
    if (at === cd + 28 || at === eocd + 10 || at === 26) out.writeUInt16LE(value & 0xffff, at);
    else out.writeUInt32LE(value >>> 0, at);
  }
  return out;
}

/** A part stored as given bytes (not UTF-8 text), deflated. */
const rawPart = (name: string, data: Buffer) => ({
  name,
  deflated: deflateRawSync(data),
  size: data.length,
  crc: crc32(data),
});

const nasties = [
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
  '<c r="A1" t="inlineStr"><is><t>&a;&a;</t></is></c>',
  '<row r="0"><c r="A0"><v>1</v></c></row>',
  '<row r="-1"/>',
  '<row r="1e9"/>',
  '<row r="2"><c r="ZZZZ2"><v>1</v></c></row>',
  '<row r="2"><c r="A2" s="99999999"><v>1</v></c></row>',
  '<row r="2"><c r="A2" t="zz"><v>1</v></c></row>',
  '<row r="2"><c r="A2"><v>not a number</v></c></row>',
  '<row r="2"><c r="A2" t="s"><v>-3</v></c></row>',
  '<row r="2"><c r="A2" t="s"><v>7</v></c></row>',
  '<row r="2"><c r="A2" t="d"><v>yesterday</v></c></row>',
  '<row r="2"><c r="A2"><f>A2</f><v>1e400</v></c></row>',
  '<row r="2"><c r="A2" t="str"><v><![CDATA[<b>&</b>]]></v></c></row>',
  '<row r="2"><c r="A2"><!-- comment --><v>1</v><?pi x?></c></row>',
  '<row r="2"><c r="A2" t="inlineStr" x="a>b"><is><t>ok</t></is></c></row>',
  `${'<a>'.repeat(200)}${'</a>'.repeat(200)}`,
  '<row r="2"><c r="A2"><v>1</v></row>',
  '</sheetData><sheetData>',
  '<row r="2"><c r="A2" t="inlineStr"><is><t>&#0;</t></is></c></row>',
  '<row r="2"><c r="A2" t="inlineStr"><is><t>&#x110000;</t></is></c></row>',
  '<row r="2"><c r="A2" t="inlineStr"><is><t>AT&T</t></is></c></row>',
  '<row r="3"/><row r="2"><c r="B2"><v>2</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>',
  '<row r="2"><c r="A2"><f t="shared" si="9"/></c></row>',
];

/** Hostile or broken .xlsx files, each small enough to run by the thousand. */
export const hostileXlsx: fc.Arbitrary<HostileFile> = fc.oneof(
  fc
    .record({
      kind: fc.constantFrom(...(Object.keys(floodKinds) as (keyof typeof floodKinds)[])),
      n: fc.nat(30_000),
    })
    .map(({ kind, n }) => ({ kind: `flood ${kind} ×${n}`, fileName: 'f.xlsx', data: flood(kind, n) })),
  fc.nat().map((cut) => {
    const v = valid();
    return {
      kind: `truncated at ${cut % v.length}`,
      fileName: 't.xlsx',
      data: v.subarray(0, cut % v.length),
    };
  }),
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
    .map((flips) => {
      const v = valid();
      for (const [at, b] of flips) v[at % v.length] = b;
      return { kind: `bytes changed ${JSON.stringify(flips)}`, fileName: 'b.xlsx', data: v };
    }),
  fc
    .tuple(fc.nat(9), fc.oneof(fc.nat(), fc.constantFrom(0, 0xffff, 0xffffffff, 1 << 30)))
    .map(([which, value]) => ({
      kind: `lying directory ${which}=${value}`,
      fileName: 'l.xlsx',
      data: lie(valid(), which, value),
    })),
  fc.integer({ min: 1, max: 4 * 1024 * 1024 }).map((bytes) => ({
    kind: `zip bomb of ${bytes}`,
    fileName: 'z.xlsx',
    data: zipBomb(bytes),
  })),
  fc.constantFrom('utf16le', 'latin1', 'nul', 'invalid').map((enc) => {
    const xml = sheetXml(goodRows(2));
    const data =
      enc === 'utf16le'
        ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')])
        : enc === 'latin1'
          ? Buffer.from(xml.replace('สาย', '\u00e0\u00e1'), 'latin1')
          : enc === 'nul'
            ? Buffer.from(xml.replace('<sheetData>', '<sheetData>\u0000'))
            : Buffer.concat([
                Buffer.from(xml.slice(0, 60)),
                Buffer.from([0xc3, 0x28, 0xa0]),
                Buffer.from(xml.slice(60)),
              ]);
    return {
      kind: `sheet in ${enc}`,
      fileName: 'e.xlsx',
      data: writeZip([
        { name: 'xl/workbook.xml', data: Buffer.from(workbookXml()) },
        rawPart('xl/worksheets/sheet1.xml', data),
      ]),
    };
  }),
  fc
    .record({ len: fc.integer({ min: 32_700, max: 33_000 }), shared: fc.boolean() })
    .map(({ len, shared }) => ({
      kind: `one cell of ${len} characters${shared ? ' (shared)' : ''}`,
      fileName: 'h.xlsx',
      data: shared
        ? xlsxOf({
            sheet: sheetXml(`${inlineRow(1, header)}<row r="2"><c r="A2" t="s"><v>0</v></c></row>`),
            sst: sstXml([`<si><t>${'ข'.repeat(len)}</t></si>`]),
          })
        : xlsxOf({ sheet: sheetXml(inlineRow(1, header) + inlineRow(2, ['ก'.repeat(len), 'ดิน', 1, 4])) }),
    })),
  fc.subarray(nasties, { minLength: 1, maxLength: 4 }).map((bits) => ({
    kind: `nasty XML ${bits.join(' ')}`,
    fileName: 'n.xlsx',
    data: xlsxOf({
      sheet: bits[0]!.startsWith('<!DOCTYPE')
        ? bits[0] + sheetXml(goodRows(1) + bits.slice(1).join(''))
        : sheetXml(goodRows(1) + bits.join('')),
    }),
  })),
  fc.constantFrom('no workbook', 'no rels', 'rels to nowhere', 'no sheets', 'no sst').map((what) => ({
    kind: what,
    fileName: 'm.xlsx',
    data:
      what === 'no workbook'
        ? writeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml(goodRows(1))) }])
        : what === 'no rels'
          ? xlsxOf({ sheet: sheetXml(goodRows(1)), extra: { 'xl/_rels/workbook.xml.rels': '<x/>' } })
          : what === 'rels to nowhere'
            ? xlsxOf({
                sheet: sheetXml(goodRows(1)),
                rels: '<Relationships><Relationship Id="rId1" Target="../../../etc/passwd"/></Relationships>',
              })
            : what === 'no sheets'
              ? xlsxOf({ sheet: sheetXml(goodRows(1)), workbook: '<workbook><sheets/></workbook>' })
              : xlsxOf({ sheet: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }),
  })),
  fc.uint8Array({ maxLength: 4000 }).map((bytes) => ({
    kind: 'random bytes',
    fileName: 'r.xlsx',
    data: Buffer.from(bytes),
  })),
);

const csvPiece = fc.constantFrom(
  'a',
  'ก',
  '๑',
  ',',
  '"',
  '""',
  '\r',
  '\n',
  '\r\n',
  ' ',
  '1.5',
  '-',
  '\ufeff',
);

/** Hostile or broken .csv files. */
export const hostileCsv: fc.Arbitrary<HostileFile> = fc.oneof(
  fc.array(csvPiece, { maxLength: 300 }).map((parts) => ({
    kind: 'CSV soup',
    fileName: 's.csv',
    data: Buffer.from(`roadName,surfaceType,lengthKm,widthM\n${parts.join('')}`),
  })),
  fc
    .record({ rows: fc.integer({ min: 19_990, max: 20_010 }), blank: fc.boolean() })
    .map(({ rows, blank }) => ({
      kind: `${rows} rows${blank ? ' with blank lines' : ''}`,
      fileName: 'rows.csv',
      data: Buffer.from(`roadName\n${`ก\n${blank ? '\n' : ''}`.repeat(rows)}`),
    })),
  fc.integer({ min: 195, max: 205 }).map((cols) => ({
    kind: `${cols} columns`,
    fileName: 'wide.csv',
    data: Buffer.from(`${Array.from({ length: cols }, (_, i) => `c${i}`).join(',')}\n1\n`),
  })),
  fc
    .record({ len: fc.integer({ min: 32_760, max: 32_800 }), quoted: fc.boolean() })
    .map(({ len, quoted }) => ({
      kind: `one cell of ${len}`,
      fileName: 'long.csv',
      data: Buffer.from(`roadName\n${quoted ? `"${'ข'.repeat(len)}"` : 'ข'.repeat(len)}\n`),
    })),
  fc.uint8Array({ maxLength: 4000 }).map((bytes) => ({
    kind: 'random bytes',
    fileName: 'r.csv',
    data: Buffer.from(bytes),
  })),
  fc.constantFrom('tis620', 'utf16', 'xlsx', 'nul').map((what) => ({
    kind: `CSV ${what}`,
    fileName: 'x.csv',
    data:
      what === 'tis620'
        ? Buffer.from([0x72, 0x6f, 0x61, 0x64, 0x4e, 0x61, 0x6d, 0x65, 0x0a, 0xa1, 0xa2, 0x0a])
        : what === 'utf16'
          ? Buffer.from('\ufeffroadName\nก\n', 'utf16le')
          : what === 'xlsx'
            ? valid()
            : Buffer.from('roadName\n\u0000\n'),
  })),
);

/** Any hostile upload, with now and then a name the endpoint does not take. */
export const hostileFile: fc.Arbitrary<HostileFile> = fc
  .tuple(fc.oneof({ weight: 3, arbitrary: hostileXlsx }, { weight: 2, arbitrary: hostileCsv }), fc.nat(19))
  .map(([f, n]) => (n === 0 ? { ...f, fileName: 'x.xls' } : n === 1 ? { ...f, fileName: 'noextension' } : f));

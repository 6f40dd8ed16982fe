import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { inlineRow, sheetXml, sstXml, stylesXml, workbookXml, xlsxOf } from '../../test/xlsx-files.ts';
import { AppError } from '../util/errors.ts';
import type { GridCell } from './grid.ts';
import { isDateFormat, readXlsx } from './xlsx-read.ts';
import { writeZip } from './zip.ts';

const values = (cells: (GridCell | undefined)[]) =>
  Array.from(cells, (c) =>
    c === undefined ? undefined : 'value' in c ? c.value : `problem: ${c.problem.en}`,
  );

/** The refusal of a file: its status and Thai message. */
async function refusal(data: Buffer) {
  try {
    await readXlsx(data);
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.fieldErrors[0]?.field, 'file');
    return { status: err.status, th: err.text.th, en: err.text.en };
  }
  assert.fail('the file was read');
}

/** A sheet whose compressed part is cut off near its end: read as a stream, the start is all there is. */
function cutShort(xml: string, part = 'xl/worksheets/sheet1.xml', others: Record<string, string> = {}) {
  const deflated = deflateRawSync(Buffer.from(xml));
  return writeZip([
    { name: 'xl/workbook.xml', data: Buffer.from(workbookXml()) },
    ...Object.entries(others).map(([name, x]) => ({ name, data: Buffer.from(x) })),
    { name: part, deflated: deflated.subarray(0, deflated.length - 64), size: 0, crc: 0 },
  ]);
}

describe('readXlsx', () => {
  it('reads shared, inline and rich text, numbers, booleans and named errors as Excel shows them', async () => {
    const grid = await readXlsx(
      xlsxOf({
        sheet: sheetXml(
          '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><t>in</t></r><r><rPr><b/></rPr><t xml:space="preserve">line </t></r><rPh><t>ignored</t></rPh></is></c>' +
            '<c r="D1"><v>1.5</v></c><c r="E1"><v>0.30000000000000004</v></c><c r="F1" t="b"><v>1</v></c><c r="G1" t="b"><v>0</v></c>' +
            '<c r="H1" t="e"><v>#N/A</v></c><c r="I1" t="str"><v>a &amp; b &lt;c&gt; &#3585;</v></c><c r="J1" s="0"/></row>' +
            '<row r="4"><c r="B4" t="s"><v>2</v></c></row><row r="5"><c r="A5" s="1"/></row>',
        ),
        sst: sstXml([
          '<si><t>ชื่อสายทาง</t></si>',
          '<si><r><t>ri</t></r><r><rPr><i/></rPr><t>ch</t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></si>',
          '<si><t xml:space="preserve"> สาย &quot;หนึ่ง&quot; </t></si>',
        ]),
      }),
    );
    assert.equal(grid.format, 'xlsx');
    assert.deepEqual(grid.warnings, []);
    // Row 5 holds only a formatted empty cell: no row at all, as in Excel's "used" rows.
    assert.deepEqual(
      grid.rows.map((r) => r.no),
      [1, 4],
    );
    assert.deepEqual(values(grid.rows[0]!.cells), [
      'ชื่อสายทาง',
      'rich',
      'inline ',
      1.5,
      0.3,
      true,
      false,
      'problem: Cell H1 holds the error #N/A; type the right value',
      'a & b <c> ก',
    ]);
    assert.deepEqual(values(grid.rows[1]!.cells), [undefined, ' สาย "หนึ่ง" ']);
  });

  it("undoes Excel's _xHHHH_ escapes in shared, inline and formula text (a control character, a literal _x)", async () => {
    const grid = await readXlsx(
      xlsxOf({
        sheet: sheetXml(
          '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>x_x000D_y</t></is></c>' +
            '<c r="C1" t="str"><f>A1</f><v>p_x0009_q</v></c><c r="D1" t="s"><v>1</v></c></row>',
        ),
        sst: sstXml(['<si><t>ถนน_x0000_สาย</t></si>', '<si><t>a_x005F_x0041_b</t></si>']),
      }),
    );
    assert.deepEqual(values(grid.rows[0]!.cells), ['ถนน\u0000สาย', 'x\ry', 'p\tq', 'a_x0041_b']);
  });

  it('shows dates as Buddhist-era text: built-in, custom and Thai formats, in the 1900 and 1904 systems', async () => {
    // 46157 is 15 May 2026 in the 1900 system.
    const row =
      '<row r="1"><c r="A1" s="1"><v>46157</v></c><c r="B1" s="2"><v>46157</v></c><c r="C1" s="3"><v>46157</v></c><c r="D1" s="4"><v>46157.5</v></c><c r="E1" s="5"><v>46157</v></c><c r="F1" s="0"><v>46157</v></c><c r="G1" t="d"><v>2026-05-15T00:00:00</v></c></row>';
    const styles = stylesXml(
      [
        [164, 'dd/mm/yyyy'],
        [165, '#,##0.00 &quot;บาท&quot;'],
      ],
      [0, 14, 164, 71, 22, 165],
    );
    const g = await readXlsx(xlsxOf({ sheet: sheetXml(row), styles }));
    assert.deepEqual(values(g.rows[0]!.cells), [
      '15/05/2569',
      '15/05/2569',
      '15/05/2569',
      '15/05/2569',
      46157,
      46157,
      '15/05/2569',
    ]);
    // 46086 is 5 March 2026: day and month both ≤ 12, so the cell also carries the other reading.
    const twoWays = await readXlsx(
      xlsxOf({ sheet: sheetXml('<row r="1"><c r="A1" s="1"><v>46086</v></c></row>'), styles }),
    );
    assert.deepEqual(twoWays.rows[0]!.cells[0], { value: '05/03/2569', swapped: '03/05/2569' });
    assert.equal('swapped' in g.rows[0]!.cells[0]!, false, '15/05 reads one way only');
    const in1904 = await readXlsx(
      xlsxOf({
        sheet: sheetXml('<row r="1"><c r="A1" s="1"><v>44695</v></c></row>'),
        styles,
        workbook: workbookXml(['Sheet1'], '<workbookPr date1904="1"/>'),
      }),
    );
    assert.deepEqual(values(in1904.rows[0]!.cells), ['15/05/2569']);
    assert.equal(isDateFormat('[$-th-TH]ว/ด/ปปปป'), true);
    assert.equal(isDateFormat('#,##0 "วัน"'), false);
    assert.equal(isDateFormat('0\\ \\ด'), false);
  });

  it('reads elements with a namespace prefix (x:row, x:c, x:v) as the same elements', async () => {
    const x = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const g = await readXlsx(
      xlsxOf({
        sheet: `<x:worksheet ${x}><x:sheetData><x:row r="2"><x:c r="C2" t="inlineStr"><x:is><x:t>ก</x:t></x:is></x:c><x:c><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
        workbook: `<x:workbook ${x} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="S" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
      }),
    );
    assert.deepEqual(
      g.rows.map((r) => [r.no, values(r.cells)]),
      [[2, [undefined, undefined, 'ก', 7]]],
    );
  });

  it('reads a saved formula result of 0, FALSE or empty text, and refuses one never calculated, naming it', async () => {
    const g = await readXlsx(
      xlsxOf({
        sheet: sheetXml(
          '<row r="2"><c r="A2"><f>B2-B2</f><v>0</v></c><c r="B2" t="b"><f>1=2</f><v>0</v></c><c r="C2" t="str"><f>""</f><v></v></c>' +
            '<c r="D2"><f t="shared" ref="D2:D3" si="0">A2*2</f><v>0</v></c><c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
            '<row r="3"><c r="A3"><f>SUM(A1:A2)</f></c><c r="D3"><f t="shared" si="0"/></c><c r="E3" t="b"><f>TRUE()</f><v>1</v></c></row>',
        ),
      }),
    );
    assert.deepEqual(values(g.rows[0]!.cells), [
      0,
      false,
      '',
      0,
      'problem: Cell E2: the formula =1/0 gives the error #DIV/0!; fix it or type the value',
    ]);
    assert.deepEqual(values(g.rows[1]!.cells), [
      'problem: Cell A3 holds the formula =SUM(A1:A2) without a saved value; open the file in Excel and save it again, or paste it as a value',
      undefined,
      undefined,
      'problem: Cell D3 holds the formula =A2*2 without a saved value; open the file in Excel and save it again, or paste it as a value',
      true,
    ]);
    const th = g.rows[1]!.cells[0] as { problem: { th: string } };
    assert.match(th.problem.th, /^เซลล์ A3 เป็นสูตร =SUM\(A1:A2\) ที่ไม่มีค่าที่คำนวณไว้/);
  });

  it('warns that saved values may be stale when the workbook asks for a full recalculation and has formulas', async () => {
    const marked = workbookXml(['Sheet1'], '<calcPr calcId="191029" fullCalcOnLoad="1"/>');
    const withFormula = await readXlsx(
      xlsxOf({ sheet: sheetXml('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>'), workbook: marked }),
    );
    assert.equal(withFormula.warnings.length, 1);
    assert.match(withFormula.warnings[0]!.th, /fullCalcOnLoad/);
    assert.match(withFormula.warnings[0]!.th, /อาจไม่ใช่ค่าล่าสุด/);
    assert.match(withFormula.warnings[0]!.en, /may be out of date/);
    const plain = await readXlsx(xlsxOf({ sheet: sheetXml(inlineRow(1, ['a', 2])), workbook: marked }));
    assert.deepEqual(plain.warnings, []);
    const unmarked = await readXlsx(
      xlsxOf({ sheet: sheetXml('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>') }),
    );
    assert.deepEqual(unmarked.warnings, []);
  });

  it('counts rows in any form while it reads: a flood is refused before the rest of the part is even read', async () => {
    const floods = {
      '<row/>': '<row/>',
      '<row></row>': '<row></row>',
      '<x:row r="…"/>': null,
    };
    for (const [name, el] of Object.entries(floods)) {
      const body =
        el === null
          ? Array.from({ length: 500_000 }, (_, i) => `<x:row r="${i + 1}"/>`).join('')
          : el.repeat(2_000_000);
      const xml = sheetXml(body).replace('<worksheet ', '<worksheet xmlns:x="urn:x" ');
      const r = await refusal(xlsxOf({ sheet: xml }));
      assert.equal(r.status, 422, name);
      assert.match(r.th, /เกิน 20,000 แถว/, name);
      // Cut off near the end: a reader that inflated the whole part first would call it damaged.
      assert.match((await refusal(cutShort(xml))).th, /เกิน 20,000 แถว/, `${name}, cut short`);
    }
  });

  it('refuses floods of cells, shared strings, cell formats and number formats, counted as they go by', async () => {
    const cells = await refusal(xlsxOf({ sheet: sheetXml(`<row r="1">${'<c/>'.repeat(1_000_001)}</row>`) }));
    assert.match(cells.th, /เกิน 1,000,000 เซลล์/);
    assert.match(
      (await refusal(cutShort(sheetXml(`<row r="1">${'<c/>'.repeat(1_500_000)}</row>`)))).th,
      /เกิน 1,000,000 เซลล์/,
    );
    const strings = await refusal(
      xlsxOf({ sheet: sheetXml('<row r="1"><c r="A1" t="s"><v>1000000</v></c></row>'), sst: sstXml([]) }),
    );
    assert.match(strings.th, /ข้อความต่างกันเกิน 1,000,000 รายการ/);
    // Shared strings are read up to the last one the sheet uses, and no further: a flood after it costs nothing.
    const flood = sstXml([
      '<si><t>a</t></si>',
      '<si><t>b</t></si>',
      ...Array(3_000_000).fill('<si><t/></si>'),
    ]);
    const used = await readXlsx(
      cutShort(flood, 'xl/sharedStrings.xml', {
        'xl/worksheets/sheet1.xml': sheetXml('<row r="1"><c r="A1" t="s"><v>1</v></c></row>'),
      }),
    );
    assert.deepEqual(values(used.rows[0]!.cells), ['b']);
    const xfs = await refusal(
      xlsxOf({ sheet: sheetXml(inlineRow(1, ['a'])), styles: stylesXml([], Array(64_001).fill(0)) }),
    );
    assert.match(xfs.th, /รูปแบบเซลล์มากเกินกว่าที่ Excel รองรับ/);
    const fmts = await refusal(
      xlsxOf({
        sheet: sheetXml(inlineRow(1, ['a'])),
        styles: stylesXml(
          Array.from({ length: 1001 }, (_, i) => [164 + i, '0.0'] as [number, string]),
          [0],
        ),
      }),
    );
    assert.match(fmts.th, /รูปแบบเซลล์มากเกินกว่าที่ Excel รองรับ/);
    const fonts = await refusal(
      xlsxOf({
        sheet: sheetXml(inlineRow(1, ['a'])),
        styles: `<styleSheet xmlns="urn:x"><fonts>${'<font/>'.repeat(1_100_000)}</fonts></styleSheet>`,
      }),
    );
    assert.match(fonts.th, /รูปแบบเซลล์มาก/);
  });

  it('refuses a DTD, a cut-off part, a cell longer than Excel allows (naming it) and a value past column 200', async () => {
    const dtd = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${sheetXml(inlineRow(1, ['&a;']))}`;
    assert.match((await refusal(xlsxOf({ sheet: dtd }))).th, /เสียหาย/);
    assert.match(
      (await refusal(xlsxOf({ sheet: sheetXml(inlineRow(1, ['a'])).slice(0, -20) }))).th,
      /เสียหาย/,
    );
    assert.match((await refusal(xlsxOf({ sheet: sheetXml(inlineRow(1, ['&bogus;'])) }))).th, /เสียหาย/);
    const long = await refusal(xlsxOf({ sheet: sheetXml(inlineRow(3, ['a', 'ก'.repeat(32_768)])) }));
    assert.match(long.th, /^เซลล์ B3 ยาวเกิน 32,767 ตัวอักษร/);
    const wide = await refusal(
      xlsxOf({ sheet: sheetXml('<row r="1"><c r="A1"><v>1</v></c><c r="GS1"><v>1</v></c></row>') }),
    );
    assert.match(wide.th, /เกิน 200 คอลัมน์/);
    // An empty formatted cell out there is not a value.
    const formatted = await readXlsx(
      xlsxOf({ sheet: sheetXml('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="3"/></row>') }),
    );
    assert.deepEqual(values(formatted.rows[0]!.cells), [1]);
  });

  it('reads the data sheet: the template’s by name, else the first visible one that is not its help or lists', async () => {
    const sheets = [sheetXml(inlineRow(1, ['help'])), sheetXml(inlineRow(1, ['data']))];
    const byName = await readXlsx(
      xlsxOf({ sheet: sheets[0]!, sheets: [sheets[1]!], workbook: workbookXml(['คำอธิบาย', 'ข้อมูล']) }),
    );
    assert.deepEqual(values(byName.rows[0]!.cells), ['data']);
    const hidden = workbookXml(['Sheet1', 'Sheet2']).replace('sheetId="1"', 'sheetId="1" state="hidden"');
    const visible = await readXlsx(xlsxOf({ sheet: sheets[0]!, sheets: [sheets[1]!], workbook: hidden }));
    assert.deepEqual(values(visible.rows[0]!.cells), ['data']);
  });
});

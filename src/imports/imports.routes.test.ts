import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, it } from 'node:test';
import { createDeflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { browserSession, createRoleMatrixUsers, OTHER, OWN, tokenFor } from '../../test/factories.ts';
import { fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { multipart } from '../../test/multipart.ts';
import { sheetXml, stylesXml, xlsxOf } from '../../test/xlsx-files.ts';
import { readZip, writeZip } from './zip.ts';

const ds = (dataset: string, lao = OWN.lao, year = 2569) =>
  `/api/v1/laos/${lao}/years/${year}/datasets/${dataset}`;
const page = (dataset: string, lao = OWN.lao, year = 2569) =>
  `/laos/${lao}/years/${year}/datasets/${dataset}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A workbook with one sheet of the given rows (row 1 first). */
async function workbook(rows: ExcelJS.CellValue[][], name = 'Sheet1'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  rows.forEach((r, i) => {
    ws.getRow(i + 1).values = r;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function load(data: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb;
}

const save = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

/** Deflated zeros, streamed so the test never holds the inflated bytes. */
async function deflatedZeros(bytes: number): Promise<Buffer> {
  const z = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  z.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => z.on('end', resolve));
  const mb = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < bytes / mb.length; i++) if (!z.write(mb)) await new Promise((r) => z.once('drain', r));
  z.end();
  await done;
  return Buffer.concat(chunks);
}

const roadHeader = ['ชื่อสายทาง', 'ประเภทผิวจราจร', 'ความยาว (กม.)', 'ความกว้างผิวจราจร (ม.)', 'สภาพ'];
const road = (name: string, km: number, surface = 'reinforced_concrete') => ({
  values: { roadName: name, surfaceType: surface, lengthKm: km, widthM: 5, condition: 'good' },
});
const waste = {
  generatedTonsPerDay: 12.5,
  collectedTonsPerDay: 10,
  recycledTonsPerDay: 2,
  servedPopulation: 8000,
  disposalMethod: 'sanitary_landfill',
  disposalSite: 'cluster',
};

describeEachDb(
  'Excel and CSV import',
  (t) => {
    let staff: string;
    let admin: string;
    let otherStaff: string;
    let province: string;
    let certifier: string;
    before(async () => {
      staff = await tokenFor(t.app, 't.own.staff'); // aspect 1 only
      admin = await tokenFor(t.app, 't.own.laoadmin');
      otherStaff = await tokenFor(t.app, 't.other.staff');
      province = await tokenFor(t.app, 't.own.province');
      certifier = await tokenFor(t.app, 't.own.certifier');
    });

    const get = async (token: string, dataset: string) =>
      (await t.app.inject({ url: ds(dataset), headers: bearer(token) })).json();
    const put = async (token: string, dataset: string, body: Record<string, unknown>) => {
      const r = await t.app.inject({
        method: 'PUT',
        url: ds(dataset),
        headers: bearer(token),
        payload: body,
      });
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };
    const upload = (token: string, dataset: string, filename: string, data: Buffer, lang?: string) => {
      const m = multipart(filename, data);
      return t.app.inject({
        method: 'POST',
        url: `${ds(dataset)}/imports`,
        headers: { ...bearer(token), ...m.headers, ...(lang ? { 'accept-language': lang } : {}) },
        payload: m.payload,
      });
    };
    const apply = (token: string, dataset: string, importId: string, body: unknown = {}) =>
      t.app.inject({
        method: 'POST',
        url: `${ds(dataset)}/imports/${importId}/apply`,
        headers: bearer(token),
        payload: body as Record<string, unknown>,
      });
    const template = async (token: string, dataset: string) => {
      const r = await t.app.inject({ url: `${ds(dataset)}/template.xlsx`, headers: bearer(token) });
      assert.equal(r.statusCode, 200, r.body);
      return load(r.rawPayload);
    };

    it('gives a template with Thai headers and units, hidden keys, drop-downs, instructions and the current data', async () => {
      const cur = await get(admin, 'local-roads');
      await put(admin, 'local-roads', {
        version: cur.version,
        rows: [road('ถนนสายบ้านบัว-หนองแวง', 1.25), road('ซอยวัดบ้านบัว', 0.4, 'laterite')],
      });
      const saved = await get(admin, 'local-roads');
      const res = await t.app.inject({ url: `${ds('local-roads')}/template.xlsx`, headers: bearer(admin) });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      assert.match(String(res.headers['content-disposition']), /local-roads-5310108-2569\.xlsx/);
      const wb = await load(res.rawPayload);
      assert.deepEqual(
        wb.worksheets.map((w) => [w.name, w.state]),
        [
          ['ข้อมูล', 'visible'],
          ['คำอธิบาย', 'visible'],
          ['lists', 'hidden'],
        ],
      );
      const ws = wb.getWorksheet('ข้อมูล')!;
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      assert.ok(header.includes('ชื่อสายทาง *'));
      assert.ok(header.includes('ความยาว (กม.) *'));
      assert.ok(header.includes('ความกว้างผิวจราจร (ม.) *'));
      assert.deepEqual((ws.getRow(2).values as unknown[]).slice(1, 4), ['id', 'roadCode', 'roadName']);
      assert.equal(ws.getRow(2).hidden, true);
      assert.equal(ws.getColumn(1).hidden, true);
      // The current rows, ids included, choices as Thai labels.
      assert.equal(ws.getCell('A3').value, saved.rows[0].id);
      assert.equal(ws.getCell('C3').value, 'ถนนสายบ้านบัว-หนองแวง');
      assert.equal(ws.getCell('E3').value, 'คอนกรีตเสริมเหล็ก');
      assert.equal(ws.getCell('F3').value, 1.25);
      assert.equal(ws.getCell('F3').numFmt, '#,##0.000');
      assert.equal(ws.getCell('E4').value, 'ลูกรัง');
      // A drop-down of Thai labels for the enum, a range check for numbers.
      const dv = ws.getCell('E10').dataValidation;
      assert.equal(dv.type, 'list');
      const lists = wb.getWorksheet('lists')!;
      const ref = /^lists!\$([A-Z]+)\$1:\$\1\$(\d+)$/.exec(String(dv.formulae?.[0]));
      assert.ok(ref, String(dv.formulae?.[0]));
      assert.equal(ref[2], '5');
      assert.equal(lists.getCell(`${ref[1]}2`).value, 'คอนกรีตเสริมเหล็ก');
      const year = ws.getCell('J20').dataValidation;
      assert.equal(year.type, 'whole');
      assert.deepEqual(year.formulae, [2400, 2600]);
      // Instructions: Thai with English, each field with type, unit, required and options.
      const help: string[] = [];
      wb.getWorksheet('คำอธิบาย')!.eachRow((r) => {
        help.push((r.values as unknown[]).filter(Boolean).join(' | '));
      });
      const text = help.join('\n');
      assert.match(text, /ถนนในความรับผิดชอบ|ทางหลวงท้องถิ่น|Local roads/);
      assert.match(text, /ความยาว \/ Length \| lengthKm \| .*\| กม\. \(km\) \| ต้องกรอก \/ yes/);
      assert.match(text, /ลูกรัง \(Laterite\)/);
      assert.match(text, /วว\/ดด\/ปปปป/);
    });

    it('lists the rules of a form data set in its template, and lets a provincial officer read it', async () => {
      const wb = await template(province, 'waste-management');
      const ws = wb.getWorksheet('ข้อมูล')!;
      assert.ok((ws.getRow(1).values as unknown[]).includes('ปริมาณขยะที่เกิดขึ้น (ตัน/วัน) *'));
      const help: string[] = [];
      wb.getWorksheet('คำอธิบาย')!.eachRow((r) => {
        help.push((r.values as unknown[]).filter(Boolean).join(' | '));
      });
      assert.match(help.join('\n'), /ปริมาณขยะที่เก็บขนได้ต้องไม่มากกว่าปริมาณขยะที่เกิดขึ้น/);
    });

    it('shows an error in row 3 in the preview, refuses to apply it (422) and stores nothing', async () => {
      const wb = await template(staff, 'waste-management');
      const ws = wb.getWorksheet('ข้อมูล')!;
      // ExcelJS re-writes the 20,000-row drop-downs slowly; Excel does not, and the reader drops them anyway.
      (ws as unknown as { dataValidations: { model: object } }).dataValidations.model = {};
      const keys = (ws.getRow(2).values as unknown[]).slice(1) as string[];
      const fill = (values: Record<string, unknown>) => {
        keys.forEach((k, i) => {
          if (k in values) ws.getCell(3, i + 1).value = values[k] as ExcelJS.CellValue;
        });
      };
      fill({
        ...waste,
        generatedTonsPerDay: -5,
        disposalMethod: 'ฝังกลบถูกหลักวิชาการ',
        disposalSite: 'ศูนย์กำจัดขยะรวม (คลัสเตอร์)',
      });
      const res = await upload(staff, 'waste-management', 'ขยะ.xlsx', await save(wb));
      assert.equal(res.statusCode, 200, res.body);
      const p = res.json();
      assert.ok(p.importId);
      assert.equal(p.fileName, 'ขยะ.xlsx');
      assert.equal(p.added, 1);
      assert.equal(p.changed, 0);
      assert.equal(p.removed, 0);
      assert.equal(p.errors.length, 1);
      assert.deepEqual(
        { row: p.errors[0].row, column: p.errors[0].column, field: p.errors[0].field },
        { row: 3, column: 'B', field: 'generatedTonsPerDay' },
      );
      assert.match(p.errors[0].message, /ปริมาณขยะที่เกิดขึ้น/);
      const refused = await apply(staff, 'waste-management', p.importId);
      assert.equal(refused.statusCode, 422);
      assert.equal(refused.json().errors[0].row, 3);
      assert.equal(refused.json().errors[0].field, 'generatedTonsPerDay');
      const after = await get(staff, 'waste-management');
      assert.equal(after.version, 0);
      assert.deepEqual(after.rows, []);

      // The corrected file applies in one step: version + 1, the rows stored, history of kind import.
      fill({ generatedTonsPerDay: 12.5 });
      const fixed = await upload(staff, 'waste-management', 'ขยะ.xlsx', await save(wb));
      assert.equal(fixed.statusCode, 200, fixed.body);
      assert.deepEqual(fixed.json().errors, []);
      const done = await apply(staff, 'waste-management', fixed.json().importId);
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json().version, 1);
      assert.equal(done.json().status, 'complete');
      const stored = await get(staff, 'waste-management');
      assert.equal(stored.version, 1);
      assert.equal(stored.rows.length, 1);
      assert.equal(stored.rows[0].values.generatedTonsPerDay, 12.5);
      assert.equal(stored.rows[0].values.disposalMethod, 'sanitary_landfill');
      assert.equal(stored.rows[0].values.disposalSite, 'cluster');
      const hist = (
        await t.app.inject({ url: `${ds('waste-management')}/history`, headers: bearer(staff) })
      ).json().items;
      assert.equal(hist[0].kind, 'import');
      assert.equal(hist[0].by, 't.own.staff');
      // A preview is applied once.
      const again = await apply(staff, 'waste-management', fixed.json().importId);
      assert.equal(again.statusCode, 409);
      assert.equal((await get(staff, 'waste-management')).version, 1);
    });

    it('round-trips a list through its template: rows matched by id, changed, removed and added in one step', async () => {
      const before = await get(admin, 'local-roads');
      await put(admin, 'local-roads', {
        version: before.version,
        rows: [road('สายที่หนึ่ง', 1), road('สายที่สอง', 2), road('สายที่สาม', 3)],
      });
      const cur = await get(admin, 'local-roads');
      const wb = await template(admin, 'local-roads');
      const ws = wb.getWorksheet('ข้อมูล')!;
      ws.getCell('F4').value = 2.5; // สายที่สอง gets longer
      ws.spliceRows(5, 1); // สายที่สาม is deleted
      ws.getRow(5).values = [
        null,
        null,
        'สายใหม่',
        '5',
        'ดิน',
        '0.75',
        '4',
        null,
        'พอใช้',
        2566,
        '14.99,103.10',
      ];
      const res = await upload(admin, 'local-roads', 'roads.xlsx', await save(wb));
      assert.equal(res.statusCode, 200, res.body);
      const p = res.json();
      assert.deepEqual([p.added, p.changed, p.removed, p.unchanged, p.errors], [1, 1, 1, 1, []]);
      const done = await apply(admin, 'local-roads', p.importId);
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json().version, cur.version + 1);
      const after = await get(admin, 'local-roads');
      assert.deepEqual(
        after.rows.map((r: { values: { roadName: string } }) => r.values.roadName),
        ['สายที่หนึ่ง', 'สายที่สอง', 'สายใหม่'],
      );
      assert.equal(after.rows[0].id, cur.rows[0].id);
      assert.equal(after.rows[1].id, cur.rows[1].id);
      assert.equal(after.rows[1].values.lengthKm, 2.5);
      assert.deepEqual(after.rows[2].values.location, { lat: 14.99, lon: 103.1 });
      assert.equal(after.rows[2].values.yearBuilt, 2566);
      assert.equal(after.rows[2].values.surfaceType, 'earth');
      const hist = (
        await t.app.inject({ url: `${ds('local-roads')}/history`, headers: bearer(admin) })
      ).json().items;
      assert.equal(hist[0].kind, 'import');
      assert.deepEqual(hist[0].changes.map((c: { op: string }) => c.op).sort(), ['add', 'change', 'remove']);
    });

    it('reads CSV in UTF-8 with a BOM (Thai headers) and without one (field keys), messages in English on request', async () => {
      const withBom = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(
          `${roadHeader.join(',')}\r\n"ถนน ""สายกลาง""",คอนกรีตเสริมเหล็ก,1.5,6,ดี\r\nซอย ๒,ลูกรัง,๐.๕,3.5,ชำรุด\r\n`,
        ),
      ]);
      const a = await upload(admin, 'local-roads', 'roads.csv', withBom);
      assert.equal(a.statusCode, 200, a.body);
      assert.equal(a.json().format, 'csv');
      assert.deepEqual(a.json().errors, []);
      assert.equal(a.json().added, 2);
      const done = await apply(admin, 'local-roads', a.json().importId);
      assert.equal(done.statusCode, 200, done.body);
      const rows = (await get(admin, 'local-roads')).rows;
      assert.deepEqual(rows[0].values.roadName, 'ถนน "สายกลาง"');
      assert.equal(rows[1].values.lengthKm, 0.5);
      assert.equal(rows[1].values.condition, 'poor');

      // Thai Excel's "CSV (Comma delimited)": Windows-874, one byte a Thai letter (U+0E01 → 0xA1).
      const tis620 = Buffer.from(
        [...`${roadHeader.join(',')}\r\nถนนบ้านบัว,ลูกรัง,1.5,4,ดี\r\n`].map((ch) =>
          ch.charCodeAt(0) >= 0x0e01 ? ch.charCodeAt(0) - 0x0e01 + 0xa1 : ch.charCodeAt(0),
        ),
      );
      const thai = await upload(admin, 'local-roads', 'roads.csv', tis620);
      assert.equal(thai.statusCode, 200, thai.body);
      assert.deepEqual(thai.json().errors, []);
      assert.match(thai.json().warnings[0], /Windows-874/);

      const plain = Buffer.from(
        'roadName,surfaceType,lengthKm,widthM\nสายเหนือ,Laterite,2,4\nสายใต้,gravel,1,4\n',
        'utf8',
      );
      const b = await upload(admin, 'local-roads', 'roads.csv', plain, 'en');
      assert.equal(b.statusCode, 200, b.body);
      assert.equal(b.json().errors.length, 1);
      assert.deepEqual(
        { row: b.json().errors[0].row, column: b.json().errors[0].column, field: b.json().errors[0].field },
        { row: 3, column: 'B', field: 'surfaceType' },
      );
      assert.match(b.json().errors[0].message, /Surface/);
      assert.match(b.json().errors[0].message, /gravel/);

      // A blank line still counts as a row when the file is opened in a spreadsheet.
      const gaps = Buffer.from(
        'roadName,surfaceType,lengthKm,widthM\n\nสายเหนือ,ดิน,2,4\n\nสายใต้,gravel,1,4\n',
      );
      const c = await upload(admin, 'local-roads', 'roads.csv', gaps, 'en');
      assert.equal(c.statusCode, 200, c.body);
      assert.deepEqual(
        c.json().errors.map((e: { row: number; column: string }) => [e.row, e.column]),
        [[5, 'B']],
      );
    });

    it('reads a formula by its saved value and refuses one without a value, naming the cell', async () => {
      const cur = await get(admin, 'local-roads');
      const data = await workbook([
        ['ชื่อสายทาง', 'ประเภทผิวจราจร', 'ความยาว (กม.)', 'ความกว้างผิวจราจร (ม.)'],
        ['สายสูตร', 'ดิน', { formula: 'D2/4', result: 1.5 }, 6],
        ['สายทศนิยม', 'ดิน', { formula: '0.1+0.2', result: 0.30000000000000004 }, 4],
      ]);
      const ok = await upload(admin, 'local-roads', 'f.xlsx', data);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().errors, []);
      const done = await apply(admin, 'local-roads', ok.json().importId);
      assert.equal(done.statusCode, 200, done.body);
      const rows = (await get(admin, 'local-roads')).rows;
      assert.equal(rows[0].values.lengthKm, 1.5);
      assert.equal(rows[1].values.lengthKm, 0.3);
      assert.equal(done.json().version, cur.version + 1);

      const bad = await workbook([
        ['ชื่อสายทาง', 'ประเภทผิวจราจร', 'ความยาว (กม.)', 'ความกว้างผิวจราจร (ม.)'],
        ['สายสูตร', 'ดิน', { formula: 'D2/4' }, 6],
        ['สายหาร', 'ดิน', { formula: '1/0', result: { error: '#DIV/0!' } }, 6],
      ]);
      const r = await upload(admin, 'local-roads', 'f.xlsx', bad);
      assert.equal(r.statusCode, 200, r.body);
      const errs = r.json().errors;
      assert.equal(errs.length, 2);
      assert.deepEqual([errs[0].row, errs[0].column, errs[0].field], [2, 'C', 'lengthKm']);
      assert.match(errs[0].message, /C2/);
      assert.match(errs[0].message, /D2\/4/);
      assert.match(errs[1].message, /#DIV\/0!/);
      assert.equal((await apply(admin, 'local-roads', r.json().importId)).statusCode, 422);
    });

    it('refuses hostile and malformed files with a reason, never a crash', async () => {
      const valid = await workbook([roadHeader, ['สาย', 'ดิน', 1, 4, 'ดี']]);
      const parts = readZip(valid, { maxEntries: 100, maxTotalBytes: 10_000_000 });
      const rezip = (change: (name: string, data: Buffer) => Buffer | null) =>
        writeZip(
          [...parts]
            .map(([name, data]) => ({ name, data: change(name, data) }))
            .filter((e): e is { name: string; data: Buffer } => e.data !== null),
        );
      const zeros = await deflatedZeros(160 * 1024 * 1024);
      const bomb = writeZip([
        ...[...parts]
          .filter(([n]) => n !== 'xl/worksheets/sheet1.xml')
          .map(([name, data]) => ({ name, data })),
        { name: 'xl/worksheets/sheet1.xml', deflated: zeros, size: 1000, crc: 0 },
      ]);
      const encrypted = Buffer.from(valid);
      encrypted.writeUInt16LE(1, 6);
      const cdAt = encrypted.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      encrypted.writeUInt16LE(1, cdAt + 8);
      const laughs =
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol3;</t></si></sst>';
      const cases: [string, string, Buffer, number, RegExp][] = [
        ['random bytes', 'a.xlsx', randomBytes(5000), 422, /ไม่ใช่แฟ้ม Excel/],
        [
          'zip header then junk',
          'a.xlsx',
          Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(3000)]),
          422,
          /เสียหาย/,
        ],
        ['truncated workbook', 'a.xlsx', valid.subarray(0, Math.floor(valid.length / 2)), 422, /เสียหาย/],
        ['zip bomb', 'a.xlsx', bomb, 422, /เกิน 100 MB/],
        [
          'a zip that is not a workbook',
          'a.xlsx',
          writeZip([{ name: 'hello.txt', data: Buffer.from('hi') }]),
          422,
          /ไม่มีแผ่นงาน/,
        ],
        [
          'old .xls or password-protected',
          'a.xlsx',
          Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), randomBytes(500)]),
          422,
          /\.xls/,
        ],
        ['encrypted zip entries', 'a.xlsx', encrypted, 422, /รหัสผ่าน/],
        [
          'an entity bomb in the shared strings',
          'a.xlsx',
          rezip((n, d) => (n === 'xl/sharedStrings.xml' ? Buffer.from(laughs) : d)),
          422,
          /เสียหาย/,
        ],
        ['a .xls name', 'a.xls', valid, 400, /\.xlsx และ \.csv/],
        ['an OpenDocument spreadsheet', 'a.ods', valid, 400, /LibreOffice Calc.*Excel 2007-365 \(\.xlsx\)/],
        ['an unknown extension', 'a.exe', valid, 400, /\.xlsx และ \.csv/],
        [
          'binary junk named .csv',
          'a.csv',
          Buffer.concat([Buffer.from('a,b\n'), Buffer.from([0, 1, 2, 255])]),
          422,
          /ไม่ใช่แฟ้มข้อความ/,
        ],
        ['a workbook named .csv', 'a.csv', valid, 422, /ชื่อลงท้ายด้วย \.csv/],
        // Not UTF-8: read as Thai Windows-874, whose headers (a, กข) are not the data set's.
        ['CSV not in UTF-8', 'a.csv', Buffer.from([0x61, 0x2c, 0xa1, 0xa2, 0x0a]), 422, /ไม่พบหัวคอลัมน์/],
        ['an empty file', 'a.csv', Buffer.alloc(0), 422, /ว่างเปล่า/],
        ['CSV with no header', 'a.csv', Buffer.from('สายหนึ่ง,ดิน,1,4\n'), 422, /ไม่พบหัวคอลัมน์/],
        ['unknown columns', 'a.csv', Buffer.from('ชื่อสายทาง,ชื่อเล่น,ประเภทผิวจราจร\nก,ข,ดิน\n'), 422, /ชื่อเล่น/],
        [
          'data without a header',
          'a.csv',
          Buffer.from('ชื่อสายทาง,ประเภทผิวจราจร\nก,ดิน,เกิน\n'),
          422,
          /C \(ไม่มีหัวคอลัมน์/,
        ],
        ['the same column twice', 'a.csv', Buffer.from('ชื่อสายทาง,roadName\nก,ข\n'), 422, /ซ้ำกัน/],
        ['too many rows', 'a.csv', Buffer.from(`roadName\n${'ก\n'.repeat(20_001)}`), 422, /20,000 แถว/],
        [
          'a million tiny rows within the byte budget',
          'a.xlsx',
          rezip((n, d) =>
            n === 'xl/worksheets/sheet1.xml'
              ? Buffer.from(
                  d
                    .toString()
                    .replace(
                      '</sheetData>',
                      `${Array.from({ length: 30_000 }, (_, i) => `<row r="${i + 10}"/>`).join('')}</sheetData>`,
                    ),
                )
              : d,
          ),
          422,
          /20,000 แถว/,
        ],
        ['too large', 'a.csv', Buffer.alloc(10 * 1024 * 1024 + 1, 0x61), 413, /10 MB/],
      ];
      for (const [name, file, data, status, message] of cases) {
        const r = await upload(admin, 'local-roads', file, data);
        assert.equal(r.statusCode, status, `${name}: ${r.body}`);
        assert.match(r.json().detail, message, name);
        assert.equal(r.json().errors[0].field, 'file', name);
      }
      // Merged and validated ranges over the whole sheet are not expanded cell by cell: the file reads normally.
      const huge = rezip((n, d) =>
        n === 'xl/worksheets/sheet1.xml'
          ? Buffer.from(
              d
                .toString()
                .replace(
                  '</sheetData>',
                  '</sheetData><mergeCells count="1"><mergeCell ref="A10:XFD1048576"/></mergeCells><dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a"</formula1></dataValidation></dataValidations>',
                ),
            )
          : n === 'xl/workbook.xml'
            ? Buffer.from(
                d
                  .toString()
                  .replace(
                    '</sheets>',
                    '</sheets><definedNames><definedName name="all">Sheet1!$A$1:$XFD$1048576</definedName></definedNames>',
                  ),
              )
            : d,
      );
      const h = await upload(admin, 'local-roads', 'huge-ranges.xlsx', huge);
      assert.equal(h.statusCode, 200, h.body);
      assert.equal(h.json().added, 1);
      // Not multipart at all, or the file in another field.
      const json = await t.app.inject({
        method: 'POST',
        url: `${ds('local-roads')}/imports`,
        headers: bearer(admin),
        payload: { file: 'x' },
      });
      assert.equal(json.statusCode, 400);
      assert.equal(json.json().errors[0].field, 'file');
      const m = multipart('a.csv', Buffer.from('roadName\nก\n'), 'upload');
      const other = await t.app.inject({
        method: 'POST',
        url: `${ds('local-roads')}/imports`,
        headers: { ...bearer(admin), ...m.headers },
        payload: m.payload,
      });
      assert.equal(other.statusCode, 400);
      const broken = await t.app.inject({
        method: 'POST',
        url: `${ds('local-roads')}/imports`,
        headers: { ...bearer(admin), 'content-type': 'multipart/form-data; boundary=zzz' },
        payload: 'garbage without any boundary',
      });
      assert.equal(broken.statusCode, 400);
      // The server is still up.
      assert.equal((await t.app.inject({ url: '/healthz' })).statusCode, 200);
    });

    it('checks access: another LAO 403, anonymous 401, an unassigned division or a read-only role 403', async () => {
      const csv = Buffer.from('roadName,surfaceType,lengthKm,widthM\nก,ดิน,1,4\n');
      assert.equal(
        (await t.app.inject({ url: `${ds('local-roads')}/template.xlsx`, headers: bearer(otherStaff) }))
          .statusCode,
        403,
      );
      assert.equal((await t.app.inject({ url: `${ds('local-roads')}/template.xlsx` })).statusCode, 401);
      assert.equal((await upload(otherStaff, 'local-roads', 'a.csv', csv)).statusCode, 403);
      // Anonymous, even with a valid signed-out form token: 401 before the file is looked at.
      const home = await t.app.inject({ url: '/' });
      const anonToken = home.cookies.find((c) => c.name === 'info_csrf')!.value;
      const anon = multipart('a.csv', csv, 'file', { _csrf: anonToken });
      const anonUpload = await t.app.inject({
        method: 'POST',
        url: `${ds('local-roads')}/imports`,
        cookies: { info_csrf: anonToken },
        headers: anon.headers,
        payload: anon.payload,
      });
      assert.equal(anonUpload.statusCode, 401);
      const unassigned = await upload(staff, 'local-roads', 'a.csv', csv);
      assert.equal(unassigned.statusCode, 403);
      assert.match(unassigned.json().detail, /มอบหมาย/);
      assert.equal((await upload(province, 'local-roads', 'a.csv', csv)).statusCode, 403);
      assert.equal((await upload(certifier, 'local-roads', 'a.csv', csv)).statusCode, 403);
      // A preview is applied only by someone with the record right, and only through its own URL.
      const p = (await upload(admin, 'local-roads', 'a.csv', csv)).json();
      assert.equal((await apply(otherStaff, 'local-roads', p.importId)).statusCode, 403);
      assert.equal((await apply(certifier, 'local-roads', p.importId)).statusCode, 403);
      assert.equal((await apply(staff, 'local-roads', p.importId)).statusCode, 403);
      assert.equal((await apply(admin, 'bridges-culverts', p.importId)).statusCode, 404);
      const anonApply = await t.app.inject({
        method: 'POST',
        url: `${ds('local-roads')}/imports/${p.importId}/apply`,
        payload: {},
      });
      assert.equal(anonApply.statusCode, 401);
      // A preview is a draft of the recording: only those who may record the data set see it.
      const view = await t.app.inject({
        url: `${ds('local-roads')}/imports/${p.importId}`,
        headers: bearer(province),
      });
      assert.equal(view.statusCode, 403);
      const own = await t.app.inject({
        url: `${ds('local-roads')}/imports/${p.importId}`,
        headers: bearer(admin),
      });
      assert.equal(own.json().added, 1);
      assert.equal(
        (
          await t.app.inject({
            url: `${ds('local-roads', OTHER.lao)}/imports/${p.importId}`,
            headers: bearer(await tokenFor(t.app, 't.admin')),
          })
        ).statusCode,
        404,
      );
    });

    it('refuses a stale preview with 409 and changes nothing', async () => {
      const csv = Buffer.from('roadName,surfaceType,lengthKm,widthM\nสายเก่า,ดิน,1,4\n');
      const p = (await upload(admin, 'local-roads', 'a.csv', csv)).json();
      const cur = await get(admin, 'local-roads');
      await put(admin, 'local-roads', { version: cur.version, rows: [road('แก้ระหว่างนั้น', 9)] });
      const mid = await get(admin, 'local-roads');
      const r = await apply(admin, 'local-roads', p.importId);
      assert.equal(r.statusCode, 409);
      assert.match(r.json().detail, /t\.own\.laoadmin/);
      assert.deepEqual(await get(admin, 'local-roads'), mid);
      const view = (
        await t.app.inject({ url: `${ds('local-roads')}/imports/${p.importId}`, headers: bearer(admin) })
      ).json();
      assert.equal(view.stale, true);
      assert.equal(view.appliedAt, null);
      assert.equal((await apply(admin, 'local-roads', p.importId)).statusCode, 409);
    });

    it('asks for a reason to change a certified aspect, and keeps columns the file leaves out', async () => {
      await fillAspect(t.app, staff, { lao: OWN.lao, year: 2569, aspect: 1, changeReason: 'เติมข้อมูลให้ครบ' });
      const cert = await t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OWN.lao}/years/2569/aspects/1/certifications`,
        headers: bearer(certifier),
        payload: { level: 'lao' },
      });
      assert.equal(cert.statusCode, 201, cert.body);
      const cur = await get(staff, 'waste-management');
      const generated = cur.rows[0].values.generatedTonsPerDay + 1;
      const p = (
        await upload(staff, 'waste-management', 'w.csv', Buffer.from(`generatedTonsPerDay\n${generated}\n`))
      ).json();
      assert.deepEqual([p.added, p.changed, p.removed, p.errors], [0, 1, 0, []]);
      const s = await browserSession(t.app, 't.own.staff');
      const view = await t.app.inject({
        url: `${page('waste-management')}/imports/${p.importId}`,
        cookies: s.cookies,
      });
      assert.match(view.body, /id="changeReason"/);
      const noReason = await t.app.inject({
        method: 'POST',
        url: `${page('waste-management')}/imports/${p.importId}/apply`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf },
      });
      assert.equal(noReason.statusCode, 422);
      assert.match(noReason.body, /href="#changeReason"/);
      const api = await apply(staff, 'waste-management', p.importId);
      assert.equal(api.statusCode, 422);
      assert.equal(api.json().errors[0].field, 'changeReason');
      const ok = await apply(staff, 'waste-management', p.importId, { changeReason: 'ปรับตามการชั่งน้ำหนักจริง' });
      assert.equal(ok.statusCode, 200, ok.body);
      const after = await get(staff, 'waste-management');
      assert.equal(after.version, cur.version + 1);
      assert.equal(after.rows[0].id, cur.rows[0].id);
      assert.deepEqual(after.rows[0].values, { ...cur.rows[0].values, generatedTonsPerDay: generated });
    });

    it('shows both readings of a date cell whose day and month are both ≤ 12, and applies the one chosen', async () => {
      // 46086 is 5 March 2026 to Excel: 05/03/2569 as shown, or 3 May if it was typed month first.
      const cells = [
        'lender',
        'purpose',
        'contractDate',
        'loanAmount',
        'interestRatePercent',
        'termYears',
        'outstandingAmount',
      ];
      const header = `<row r="1">${cells.map((c, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`;
      const data =
        '<row r="2"><c r="A2" t="inlineStr"><is><t>mdf</t></is></c><c r="B2" t="inlineStr"><is><t>สร้างตลาดสด</t></is></c>' +
        '<c r="C2" s="1"><v>46086</v></c><c r="D2"><v>5000000</v></c><c r="E2"><v>3</v></c><c r="F2"><v>10</v></c><c r="G2"><v>4000000</v></c></row>';
      const file = xlsxOf({
        sheet: sheetXml(header + data),
        styles: stylesXml([[164, 'dd/mm/yyyy']], [0, 164]),
      });
      const up = await upload(admin, 'loans', 'loans.xlsx', file);
      assert.equal(up.statusCode, 200, up.body);
      assert.deepEqual(up.json().ambiguousDates, [
        { row: 2, column: 'C', field: 'contractDate', asRead: '2026-03-05', swapped: '2026-05-03' },
      ]);
      const page = await t.app.inject({
        url: `/laos/${OWN.lao}/years/2569/datasets/loans/imports/${up.json().importId}`,
        cookies: (await browserSession(t.app, 't.own.laoadmin')).cookies,
      });
      assert.match(page.body, /วันที่ที่อ่านได้ 2 แบบ 1 เซลล์/);
      assert.match(page.body, /5 มีนาคม 2569/);
      assert.match(page.body, /3 พฤษภาคม 2569/);
      const unchosen = await apply(admin, 'loans', up.json().importId);
      assert.equal(unchosen.statusCode, 422, unchosen.body);
      assert.match(unchosen.body, /dateOrder/);
      const done = await apply(admin, 'loans', up.json().importId, { dateOrder: 'swapped' });
      assert.equal(done.statusCode, 200, done.body);
      assert.equal((await get(admin, 'loans')).rows[0].values.contractDate, '2026-05-03');
    });

    it('documents its endpoints in the OpenAPI document', async () => {
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
      const base = '/api/v1/laos/{code}/years/{year}/datasets/{datasetId}';
      assert.ok(doc.paths[`${base}/template.xlsx`].get);
      assert.ok(doc.paths[`${base}/imports`].post.requestBody.content['multipart/form-data']);
      assert.ok(doc.paths[`${base}/imports/{importId}`].get);
      assert.ok(doc.paths[`${base}/imports/{importId}/apply`].post.responses[422]);
    });

    it('works as pages without JavaScript: upload form, preview with errors, apply, result', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const form = await t.app.inject({ url: `${page('local-roads')}/import`, cookies: s.cookies });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /enctype="multipart\/form-data"/);
      // The token is the form's first field, not in the address (it would land in access logs).
      assert.match(
        form.body,
        new RegExp(
          `<form method="post" action="${page('local-roads')}/import" enctype="multipart/form-data" novalidate><input type="hidden" name="_csrf" value="${s.csrf}"/>`,
        ),
      );
      assert.match(form.body, /template\.xlsx/);
      const post = (data: Buffer, name: string, token: string | null = s.csrf) => {
        const m = multipart(name, data, 'file', token ? { _csrf: token } : {});
        return t.app.inject({
          method: 'POST',
          url: `${page('local-roads')}/import`,
          cookies: s.cookies,
          headers: m.headers,
          payload: m.payload,
        });
      };
      // Without the token: refused.
      assert.equal((await post(Buffer.from('roadName\nก\n'), 'a.csv', null)).statusCode, 403);
      // A file that cannot be read: the same page again with the error summary.
      const junk = await post(randomBytes(100), 'a.xlsx');
      assert.equal(junk.statusCode, 422);
      assert.match(junk.body, /<title>ข้อผิดพลาด: /);
      assert.match(junk.body, /govuk-error-summary/);
      assert.match(junk.body, /href="#file"/);
      // A file with an error: the preview lists it by row and column and the button is disabled.
      const withError = await post(
        Buffer.from('roadName,surfaceType,lengthKm,widthM\nสายหนึ่ง,ดิน,1,4\nสายสอง,ดิน,-1,4\n'),
        'roads.csv',
      );
      assert.equal(withError.statusCode, 303);
      const previewUrl = String(withError.headers.location);
      assert.match(previewUrl, new RegExp(`^${page('local-roads')}/imports/[0-9a-f-]{36}$`));
      const preview = await t.app.inject({ url: previewUrl, cookies: s.cookies });
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /<title>ข้อผิดพลาด: /);
      assert.match(preview.body, /แถว 3 คอลัมน์ C/);
      assert.match(preview.body, /id="apply"[^>]*disabled/);
      const blocked = await t.app.inject({
        method: 'POST',
        url: `${previewUrl}/apply`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf },
      });
      assert.equal(blocked.statusCode, 422);
      assert.match(blocked.body, /แก้ไขแฟ้มแล้วอัปโหลดอีกครั้ง/);
      // A correct file: counts and rows shown, applied by the button, then the result page.
      const good = await post(
        Buffer.from('roadName,surfaceType,lengthKm,widthM\nสายหนึ่ง,ดิน,1,4\nสายสอง,ลูกรัง,2,4\n'),
        'roads.csv',
      );
      const goodUrl = String(good.headers.location);
      const gp = await t.app.inject({ url: goodUrl, cookies: s.cookies });
      assert.match(gp.body, /แถวที่จะเพิ่ม/);
      assert.match(gp.body, /สายสอง/);
      assert.doesNotMatch(gp.body, /id="apply"[^>]*disabled/);
      const applied = await t.app.inject({
        method: 'POST',
        url: `${goodUrl}/apply`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf },
      });
      assert.equal(applied.statusCode, 303, applied.body);
      assert.equal(applied.headers.location, `${goodUrl}/result`);
      const result = await t.app.inject({ url: `${goodUrl}/result`, cookies: s.cookies });
      assert.equal(result.statusCode, 200);
      assert.match(result.body, /นำเข้าข้อมูลเรียบร้อยแล้ว/);
      assert.match(result.body, new RegExp(`href="${page('local-roads')}"`));
      // The preview of an applied import leads to its result.
      const again = await t.app.inject({ url: goodUrl, cookies: s.cookies });
      assert.equal(again.statusCode, 303);
      const tpl = await t.app.inject({ url: `${page('local-roads')}/template.xlsx`, cookies: s.cookies });
      assert.equal(tpl.statusCode, 200);
      assert.equal((await load(tpl.rawPayload)).getWorksheet('ข้อมูล')!.getCell('C4').value, 'สายสอง');
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { ensureDefaultCatalog } from '../src/catalog/catalog.service.ts';
import { ensureDefaultDivisions } from '../src/divisions/divisions.service.ts';
import { createUser } from '../src/users/users.service.ts';
import { assertAccessible, launchBrowser } from '../test/browser.ts';
import { startTestServer } from '../test/server.ts';

const LAO = '5310108';
const PW = 'Waste-data-2569';
const DATASET = `/laos/${LAO}/years/2569/datasets/waste-management`;

describe('journey: import the waste data from the Excel template, fix an error, apply', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lao-info-import-'));
  before(async () => {
    server = await startTestServer(async (db) => {
      await ensureDefaultCatalog(db.kysely, [2569]);
      const health = (await ensureDefaultDivisions(db.kysely, LAO)).find(
        (d) => d.name_th === 'กองสาธารณสุขและสิ่งแวดล้อม',
      )!;
      await createUser(db.kysely, 'system', {
        username: 'e2e.waste',
        displayName: 'เจ้าหน้าที่กองสาธารณสุข',
        password: PW,
        role: 'lao_staff',
        laoCode: LAO,
        divisionIds: [health.id],
        mustChangePassword: false,
      });
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('downloads the template, sees the error of row 3, uploads the corrected file and applies it', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('ชื่อผู้ใช้').fill('e2e.waste');
    await page.getByLabel('รหัสผ่าน').fill(PW);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    await page.goto(`${server.url}${DATASET}/import`);
    assert.match(await page.locator('h1').innerText(), /นำเข้าข้อมูลจาก Excel หรือ CSV/);
    await assertAccessible(page, 'upload form');

    // A file that is not a workbook: the same page, with the error summary.
    const junk = path.join(dir, 'junk.xlsx');
    fs.writeFileSync(junk, 'this is not a spreadsheet');
    await page.locator('#file').setInputFiles(junk);
    await page.getByRole('button', { name: 'อัปโหลดและตรวจสอบ' }).click();
    assert.match(await page.locator('.govuk-error-summary').innerText(), /ไม่ใช่แฟ้ม Excel/);
    assert.match(await page.title(), /^ข้อผิดพลาด: /);
    await assertAccessible(page, 'upload error');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /แบบฟอร์ม Excel/ }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const ws = wb.getWorksheet('ข้อมูล')!;
    // ExcelJS re-writes the 20,000-row drop-downs slowly (Excel does not); the server drops them anyway.
    (ws as unknown as { dataValidations: { model: object } }).dataValidations.model = {};
    const col = (key: string) => (ws.getRow(2).values as unknown[]).indexOf(key);
    const row3 = ws.getRow(3);
    row3.getCell(col('generatedTonsPerDay')).value = -4;
    row3.getCell(col('collectedTonsPerDay')).value = 9;
    row3.getCell(col('recycledTonsPerDay')).value = 1.5;
    row3.getCell(col('servedPopulation')).value = 7200;
    row3.getCell(col('disposalMethod')).value = 'ฝังกลบถูกหลักวิชาการ';
    row3.getCell(col('disposalSite')).value = 'ของ อปท. เอง';
    const withError = path.join(dir, 'waste-error.xlsx');
    await wb.xlsx.writeFile(withError);

    await page.locator('#file').setInputFiles(withError);
    await page.getByRole('button', { name: 'อัปโหลดและตรวจสอบ' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    assert.match(await page.locator('.govuk-error-summary').innerText(), /แถว 3 คอลัมน์ B/);
    assert.equal(await page.locator('#apply').isDisabled(), true);
    await assertAccessible(page, 'preview with an error');

    row3.getCell(col('generatedTonsPerDay')).value = 10;
    const fixed = path.join(dir, 'waste.xlsx');
    await wb.xlsx.writeFile(fixed);
    await page.getByRole('link', { name: 'อัปโหลดแฟ้มอื่น' }).click();
    await page.locator('#file').setInputFiles(fixed);
    await page.getByRole('button', { name: 'อัปโหลดและตรวจสอบ' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    assert.equal(await page.locator('.govuk-error-summary').count(), 0);
    assert.match(await page.locator('main').innerText(), /ฝังกลบถูกหลักวิชาการ/);
    await assertAccessible(page, 'preview');

    await page.locator('#apply').click();
    await page.waitForURL(/\/result$/);
    assert.match(await page.locator('h1').innerText(), /นำเข้าข้อมูลเรียบร้อยแล้ว/);
    assert.match(await page.locator('main').innerText(), /ครบถ้วน/);
    await assertAccessible(page, 'result');
    await page.getByRole('link', { name: /กลับไปที่ชุดข้อมูล/ }).click();
    await page.waitForURL((u) => u.pathname === DATASET);
    await context.close();
  });
});

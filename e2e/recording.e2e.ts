import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { getCatalog } from '../src/catalog/catalog.service.ts';
import { prng, sampleRow } from '../src/catalog/sample-values.ts';
import { ensureDefaultDivisions } from '../src/divisions/divisions.service.ts';
import { saveDataset } from '../src/records/records.service.ts';
import { actorOf, createUser } from '../src/users/users.service.ts';
import { assertAccessible, launchBrowser } from '../test/browser.ts';
import { startTestServer } from '../test/server.ts';

const LAO = '5310108';
const PW = 'Health-div-2569';

describe('journey: staff record aspect 1 until it is complete', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  before(async () => {
    server = await startTestServer(async (db) => {
      const k = db.kysely;
      const divisions = await ensureDefaultDivisions(k, LAO);
      const health = divisions.find((d) => d.name_th === 'กองสาธารณสุขและสิ่งแวดล้อม')!;
      await createUser(k, 'system', {
        username: 'e2e.health',
        displayName: 'เจ้าหน้าที่กองสาธารณสุข',
        password: PW,
        role: 'lao_staff',
        laoCode: LAO,
        divisionIds: [health.id],
        mustChangePassword: false,
      });
      const { user } = await createUser(k, 'system', {
        username: 'e2e.admin',
        displayName: 'ผู้ดูแล',
        password: PW,
        role: 'lao_admin',
        laoCode: LAO,
        mustChangePassword: false,
      });
      const admin = await actorOf(k, user);
      const r = prng(1);
      const cat = await getCatalog(k, 2569);
      const def = (id: string) => cat.dataset(id)!;
      // Last year's primary health care (to copy), and this year's data sets the journey does not touch.
      const cat68 = await getCatalog(k, 2568);
      await saveDataset(k, admin, LAO, 2568, 'primary-health-care', {
        version: 0,
        rows: [{ values: sampleRow(cat68.dataset('primary-health-care')!, r) }],
      });
      for (const id of ['waste-facilities', 'wastewater-treatment-systems', 'septage-wastewater']) {
        await saveDataset(k, admin, LAO, 2569, id, { version: 0, rows: [{ values: sampleRow(def(id), r) }] });
      }
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('fixes a mistake through the error summary, adds list rows, imports an .xlsx, copies last year, and sees ครบถ้วน', async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    const base = `${server.url}/laos/${LAO}/years/2569`;
    await page.goto(`${server.url}/login`);
    await page.getByLabel('ชื่อผู้ใช้').fill('e2e.health');
    await page.getByLabel('รหัสผ่าน').fill(PW);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await page.waitForURL(`${server.url}/`);

    await page.goto(base);
    await assertAccessible(page, 'dashboard');
    assert.match(await page.locator('#aspect-1').innerText(), /ครบถ้วน 3\/7/);

    // A form with a mistake, fixed through the error summary.
    await page.getByRole('link', { name: 'การจัดการขยะมูลฝอย' }).click();
    await assertAccessible(page, 'waste form');
    await page.getByLabel('ปริมาณขยะที่เกิดขึ้น').fill('-12');
    await page.getByLabel('ปริมาณขยะที่เก็บขนได้').fill('10');
    await page.getByLabel('ปริมาณขยะที่นำกลับมาใช้ประโยชน์').fill('2');
    await page.getByLabel('ประชากรที่ได้รับบริการเก็บขน').fill('8,500');
    await page.locator('#f-disposalMethod').selectOption('sanitary_landfill');
    await page.locator('#f-disposalSite').selectOption('cluster');
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    const summary = page.locator('.govuk-error-summary');
    assert.match(await summary.innerText(), /ปริมาณขยะที่เกิดขึ้น/);
    assert.equal(await page.getByLabel('ประชากรที่ได้รับบริการเก็บขน').inputValue(), '8,500');
    await assertAccessible(page, 'waste form with errors');
    await summary.getByRole('link').first().click();
    assert.match(page.url(), /#f-generatedTonsPerDay$/);
    await page.locator('#f-generatedTonsPerDay').fill('12.5');
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await page.waitForURL(/saved=1/);
    assert.match(await page.locator('main').innerText(), /ครบถ้วน/);

    // List rows.
    await page.goto(`${base}/datasets/health-facilities`);
    await page.locator('#f-name').fill('รพ.สต.บ้านบัว');
    await page.locator('#f-facilityType').selectOption({ index: 1 });
    await page.locator('#f-staffCount').fill('7');
    await page.getByRole('button', { name: 'เพิ่มแถว' }).click();
    await page.waitForURL(/saved=1/);
    await page.locator('#f-name').fill('ศูนย์บริการสาธารณสุขเทศบาล');
    await page.locator('#f-facilityType').selectOption({ index: 2 });
    await page.locator('#f-staffCount').fill('4');
    await page.getByRole('button', { name: 'เพิ่มแถว' }).click();
    await page.waitForURL(/saved=1/);
    assert.match(
      await page.locator('table').first().innerText(),
      /รพ\.สต\.บ้านบัว[\s\S]*ศูนย์บริการสาธารณสุขเทศบาล/,
    );
    await assertAccessible(page, 'list page');

    // Copy last year's data, review, confirm.
    await page.goto(`${base}/datasets/primary-health-care`);
    await page.getByRole('link', { name: 'คัดลอกข้อมูลปีที่แล้ว' }).click();
    assert.match(await page.locator('main').innerText(), /คัดลอกข้อมูลปีที่แล้วมาให้แล้ว/);
    await assertAccessible(page, 'copied form');
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await page.waitForURL(/saved=1/);

    // Import an .xlsx made from the downloaded template.
    await page.goto(`${base}/datasets/public-health-facilities`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /แบบฟอร์ม Excel/ }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const ws = wb.getWorksheet('ข้อมูล')!;
    (ws as unknown as { dataValidations: { model: object } }).dataValidations.model = {};
    const col = (key: string) => (ws.getRow(2).values as unknown[]).indexOf(key);
    const def = (await (
      await page.request.get(`${server.url}/api/v1/catalog/datasets/public-health-facilities?year=2569`)
    ).json()) as {
      fields: { key: string; options: { value: string; labelTh: string }[] }[];
    };
    const option = (key: string, i: number) => def.fields.find((f) => f.key === key)!.options[i]!.labelTh;
    for (const [i, name] of ['ตลาดสดเทศบาลเมืองบ้านบัว', 'สวนสาธารณะหนองบัว'].entries()) {
      const row = ws.getRow(3 + i);
      row.getCell(col('name')).value = name;
      row.getCell(col('facilityType')).value = option('facilityType', i);
      row.getCell(col('operator')).value = option('operator', 0);
    }
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lao-info-rec-')), 'facilities.xlsx');
    await wb.xlsx.writeFile(file);
    await page.goto(`${base}/datasets/public-health-facilities/import`);
    await page.locator('#file').setInputFiles(file);
    await page.getByRole('button', { name: 'อัปโหลดและตรวจสอบ' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f-]{36}$/);
    await assertAccessible(page, 'import preview');
    await page.locator('#apply').click();
    await page.goto(`${base}/datasets/public-health-facilities`);
    assert.match(
      await page.locator('table').first().innerText(),
      /ตลาดสดเทศบาลเมืองบ้านบัว[\s\S]*สวนสาธารณะหนองบัว/,
    );

    // The history of the imported list: a page of changes, and one change's rows on a page of its own.
    await page.goto(`${base}/datasets/public-health-facilities/history`);
    await assertAccessible(page, 'history');
    await page.goto(`${base}/datasets/public-health-facilities/history/1`);
    assert.match(await page.locator('main').innerText(), /รุ่นที่ 1/);
    await assertAccessible(page, 'one change of the history');

    await page.goto(base);
    assert.match(await page.locator('#aspect-1').innerText(), /ครบถ้วน 7\/7/);
    await page.screenshot({ path: 'test-results/recording-dashboard.png', fullPage: false });
    const state = await server.db.kysely
      .selectFrom('aspect_status')
      .selectAll()
      .where('lao_code', '=', LAO)
      .where('year', '=', 2569)
      .where('section_no', '=', 1)
      .executeTakeFirstOrThrow();
    assert.equal(state.data_state, 'complete');
    await page.close();
  });

  it('deletes a row only after confirming, and restores it from the history', async () => {
    const page = await browser.newPage();
    const base = `${server.url}/laos/${LAO}/years/2569`;
    await page.goto(`${server.url}/login`);
    await page.getByLabel('ชื่อผู้ใช้').fill('e2e.health');
    await page.getByLabel('รหัสผ่าน').fill(PW);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await page.waitForURL(`${server.url}/`);
    await page.goto(`${base}/datasets/health-facilities`);
    const table = () => page.locator('table').first().innerText();
    assert.match(await table(), /รพ\.สต\.บ้านบัว/);

    // With script: a dialog asks; cancelling changes nothing.
    await page.getByRole('button', { name: 'ลบ แถวที่ 1' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /ลบแถวที่ 1 ใช่หรือไม่/);
    await assertAccessible(page, 'delete dialog');
    await dialog.getByRole('button', { name: 'ยกเลิก' }).click();
    assert.match(await table(), /รพ\.สต\.บ้านบัว/);
    await page.getByRole('button', { name: 'ลบ แถวที่ 1' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'ลบแถวนี้' }).click();
    await page.waitForURL(/saved=1/);
    assert.doesNotMatch(await table(), /รพ\.สต\.บ้านบัว/);

    // Without script the same question is a page of its own (GET), with a way back.
    const href = await page.locator('form[action$="/delete"]').first().getAttribute('action');
    await page.goto(`${server.url}${href}`);
    assert.match(await page.locator('h1').innerText(), /ลบแถวที่ 1 ใช่หรือไม่/);
    await assertAccessible(page, 'delete confirmation page');
    await page.getByRole('link', { name: /ยกเลิก/ }).click();
    await page.waitForURL(/health-facilities$/);

    // The history shows the deletion with a restore button.
    await page.goto(`${base}/datasets/health-facilities/history`);
    assert.match(await page.locator('main').innerText(), /ลบแถว/);
    await assertAccessible(page, 'history with a deleted row');
    await page.getByRole('button', { name: 'กู้คืนแถวที่ 1' }).click();
    await page.waitForURL(/restored=1/);
    assert.match(await table(), /รพ\.สต\.บ้านบัว/);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /กู้คืนแถวที่ถูกลบแล้ว/);
    await assertAccessible(page, 'list after the restore');
    await page.goto(`${base}/datasets/health-facilities/history`);
    assert.match(await page.locator('main').innerText(), /กู้คืนแถว/);
    await page.close();
  });
});

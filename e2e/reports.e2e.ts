import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { seedNationwide } from '../src/seed/nationwide.service.ts';
import { parseCsv } from '../src/util/csv.ts';
import { assertAccessible, launchBrowser } from '../test/browser.ts';
import { startTestServer } from '../test/server.ts';

describe('journey: the public opens a report, drills down to a province and downloads the CSV', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  before(async () => {
    // ภูเก็ต (83) and ระนอง (85): FY 2569 partly certified, FY 2568 certified behind it.
    server = await startTestServer(async (db) => {
      await seedNationwide(db.kysely, { year: 2569, fill: 0.85, seed: 7, provinces: ['83', '85'] });
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reads the national chart and table, drills into ภูเก็ต, downloads its CSV', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'รายงาน', exact: true }).first().click();
    await page.waitForURL(/\/reports/);

    // The form works without script: choose the year and the measure, then show.
    await page.locator('#year').selectOption('2569');
    await page.locator('#measure').selectOption('waste-management:generatedTonsPerDay');
    await page.getByRole('button', { name: 'แสดงรายงาน' }).click();
    await page.waitForURL(/year=2569/);
    const chart = page.getByRole('img', { name: /รายจังหวัด/ });
    assert.equal(await chart.count(), 1, 'the chart is an image with a name');
    assert.match(await page.locator('h1').innerText(), /ทั้งประเทศ/);
    await assertAccessible(page, 'report, whole country');

    // Drill down: the province's name in the table leads to its LAOs.
    await page.locator('#report-table').getByRole('link', { name: 'ภูเก็ต' }).click();
    await page.waitForURL(/province=83/);
    assert.match(await page.locator('h1').innerText(), /จังหวัดภูเก็ต/);
    const rows = await page.locator('#report-table tbody tr').count();
    assert.ok(rows > 1, 'one row per LAO of the province with certified data');
    await assertAccessible(page, 'report, province 83');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV', exact: true }).click(),
    ]);
    assert.match(
      download.suggestedFilename(),
      /^report-waste-management-generatedTonsPerDay-2569-83-lao\.csv$/,
    );
    const text = fs.readFileSync((await download.path())!, 'utf8');
    assert.ok(text.startsWith('\ufeffรหัส,ชื่อ,'), 'UTF-8 with a BOM, the header in row 1');
    const [header, ...lines] = parseCsv(text.slice(1));
    assert.ok(header!.some((h) => h.startsWith('ผลรวม')));
    assert.equal(lines.length, rows + 1, 'each LAO of the table, then the total');
    assert.match(lines[0]![1]!, /^(องค์การบริหารส่วน|เทศบาล)/, 'full LAO names');
    await context.close();
  });
});

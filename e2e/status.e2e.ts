import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, launchBrowser, sideways } from '../test/browser.ts';
import { aspectStatusRow } from '../test/fill.ts';
import { startTestServer } from '../test/server.ts';

const Y = 2569;
const LAO = '5310108';

describe('journey: a citizen on a phone finds one LAO status', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  before(async () => {
    server = await startTestServer(async (db) => {
      // The seed's example row: aspect 1 certified by the LAO on 14/05/2569 15:19:29 (Bangkok), the debt
      // report by the LAO and the province.
      const row = (no: number, over: Record<string, string | null>) => aspectStatusRow(LAO, Y, no, over);
      await db.kysely
        .insertInto('aspect_status')
        .values([
          row(1, { lao_certified_at: '2026-05-14T08:19:29.000Z', lao_certified_by: 'x' }),
          row(9, {
            lao_certified_at: '2026-05-14T08:30:00.000Z',
            lao_certified_by: 'x',
            province_certified_at: '2026-05-16T03:00:00.000Z',
            province_certified_by: 'y',
          }),
        ])
        .execute();
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('chooses province, district and LAO without reloading, reads a card, never scrolls sideways', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/status`);
    assert.ok((await sideways(page)) <= 0, 'the empty form fits the phone');
    await assertAccessible(page, 'status search on a phone');

    // Each choice fills the next one in place (no submit in between).
    const before = page.url();
    await page.locator('#province').selectOption('31');
    await page.locator('#district option[value="3101"]').waitFor({ state: 'attached' });
    await page.locator('#district').selectOption('3101');
    await page.locator(`#lao option[value="${LAO}"]`).waitFor({ state: 'attached' });
    assert.equal(page.url(), before, 'the district and LAO choices came without a page load');
    await page.locator('#lao').selectOption(LAO);
    await page.locator('#year').selectOption(String(Y));
    await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
    await page.waitForURL(/lao=5310108/);

    const card = page.locator('table.app-status-table tbody tr').first();
    // On a phone each cell shows its column's name beside it (the header row is hidden).
    const cell = async (label: string) => {
      const c = card.locator(`[data-label="${label}"]`);
      const shown = await c.evaluate((el) => getComputedStyle(el, '::before').content);
      assert.equal(shown, `"${label}"`, `${label} is labelled on the card`);
      return c.innerText();
    };
    assert.equal(await page.locator('thead').isVisible(), false);
    assert.equal(await cell('อปท.'), 'เทศบาลเมืองบ้านบัว');
    assert.match(await cell('ด้านที่ 1'), /✓\s+อปท\. รับรองแล้ว\s+ณ วันที่ 14\/05\/2569 15:19:29/);
    assert.match(
      await cell('รายงานหนี้'),
      /✓✓\s+อปท\. และจังหวัดรับรองแล้ว\s+ณ วันที่ 14\/05\/2569 15:30:00\s+จังหวัด ณ วันที่ 16\/05\/2569 10:00:00/,
    );
    assert.ok((await sideways(page)) <= 0, 'the result fits the phone');
    await assertAccessible(page, 'status result on a phone');
    await page.screenshot({ path: 'test-results/status-360.png', fullPage: true });

    await page.setViewportSize({ width: 1366, height: 800 });
    assert.ok((await sideways(page)) <= 0, 'the result fits a desktop screen');
    assert.equal(await page.locator('thead').isVisible(), true, 'a table with its header on a wide screen');
    await page.screenshot({ path: 'test-results/status-1366.png', fullPage: true });
    await context.close();
  });

  it('works without JavaScript: each search fills the next choice', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/status`);
    await page.locator('#province').selectOption('31');
    await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
    await page.locator('#district').selectOption('3101');
    await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
    await page.locator('#lao').selectOption(LAO);
    await page.getByRole('button', { name: 'ค้นหา', exact: true }).click();
    await page.waitForURL(/lao=5310108/);
    assert.match(await page.locator('main').innerText(), /1 ถึง 1 จาก 1/);
    assert.ok((await sideways(page)) <= 0);
    await context.close();
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, launchBrowser } from '../test/browser.ts';
import { startTestServer } from '../test/server.ts';

describe('journey: find an LAO in the registry', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('goes home → searches บ้านบัว → opens the LAO page, accessible at every step', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    assert.equal(await page.locator('h1').innerText(), 'ระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น');
    await assertAccessible(page, 'home');

    await page.getByLabel('ค้นหา อปท. ตามชื่อหรือรหัส').fill('บ้านบัว');
    await page.getByRole('button', { name: 'ค้นหา' }).click();
    await page.waitForURL(/\/registry\?/);
    const link = page.getByRole('link', { name: 'เทศบาลเมืองบ้านบัว', exact: true });
    assert.equal(await link.count(), 1);
    await assertAccessible(page, 'search results');

    await link.click();
    await page.waitForURL(/\/registry\/laos\/5310108/);
    assert.equal(await page.locator('h1').innerText(), 'เทศบาลเมืองบ้านบัว');
    assert.match(await page.locator('main').innerText(), /เมืองบุรีรัมย์/);
    await assertAccessible(page, 'LAO page');

    // The LAO page leads to its certification status: the public search, prefilled with this one LAO.
    await page.getByRole('link', { name: /^สถานะการรับรองข้อมูล ปีงบประมาณ/ }).click();
    await page.waitForURL(/\/status\?.*lao=5310108/);
    assert.equal(await page.locator('#lao').inputValue(), '5310108');
    assert.match(await page.locator('main').innerText(), /1 ถึง 1 จาก 1/);
    await assertAccessible(page, 'status from the registry');
    await page.goBack();

    await page.getByRole('link', { name: 'English' }).click();
    assert.match((await page.locator('html').getAttribute('lang')) ?? '', /en/);
    await page.screenshot({ path: 'test-results/registry-lao-en.png', fullPage: true });
    await page.close();
  });
});

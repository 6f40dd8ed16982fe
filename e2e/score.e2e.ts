import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { getCatalog } from '../src/catalog/catalog.service.ts';
import { prng, sampleRow } from '../src/catalog/sample-values.ts';
import { saveDataset } from '../src/records/records.service.ts';
import { actorOf, createUser } from '../src/users/users.service.ts';
import { fiscalYearOf } from '../src/util/thai-date.ts';
import { assertAccessible, launchBrowser } from '../test/browser.ts';
import { startTestServer } from '../test/server.ts';

const LAO = '5310108';
const PW = 'Score-admin-2569';
const YEAR = fiscalYearOf();

describe('journey: an LAO sees its score and follows a step to the data set to fix', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  before(async () => {
    server = await startTestServer(async (db) => {
      const k = db.kysely;
      const { user } = await createUser(k, 'system', {
        username: 'e2e.score',
        displayName: 'ผู้ดูแลระบบ อปท.',
        password: PW,
        role: 'lao_admin',
        laoCode: LAO,
        mustChangePassword: false,
      });
      const admin = await actorOf(k, user);
      const cat = await getCatalog(k, YEAR);
      const r = prng(7);
      // Data in aspect 1 only: the LAO scores 1, and the steps name every data set still to record.
      for (const d of cat.sections.find((s) => s.no === 1)!.datasets.slice(0, 2))
        await saveDataset(k, admin, LAO, YEAR, d.id, { version: 0, rows: [{ values: sampleRow(d, r) }] });
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in → score page (1 of 5) → the first step opens the data set → the evidence prints on A4', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/laos/${LAO}/years/${YEAR}/score`)}`);
    await page.getByLabel('ชื่อผู้ใช้').fill('e2e.score');
    await page.getByLabel('รหัสผ่าน').fill(PW);
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await page.waitForURL(new RegExp(`/laos/${LAO}/years/${YEAR}/score`));
    assert.equal(await page.locator('h1').innerText(), 'เทศบาลเมืองบ้านบัว');
    assert.equal(await page.locator('.app-score').innerText(), '1 จาก 5 คะแนน');
    // The whole ladder, the level reached named, score 3's reading beside the indicator's words.
    assert.equal(await page.locator('#rubric-ladder tbody tr').count(), 6);
    assert.match(await page.locator('#rubric-ladder .app-ladder__reached').innerText(), /^1\s+ระดับที่ได้/);
    assert.match(await page.locator('#rubric-ladder').innerText(), /ถ้อยคำในตัวชี้วัด/);
    await assertAccessible(page, 'score page');

    const step = page.locator('#steps-data a').first();
    const href = (await step.getAttribute('href')) ?? '';
    assert.match(href, new RegExp(`^/laos/${LAO}/years/${YEAR}/datasets/[a-z0-9-]+$`));
    await step.click();
    await page.waitForURL(new RegExp(`${href}$`));
    assert.equal(await page.locator('h1').count(), 1);
    await assertAccessible(page, 'the data set to fix');

    await page.goto(`${server.url}/laos/${LAO}/years/${YEAR}/evidence`);
    assert.match(await page.locator('#status-row').innerText(), /ด้านที่ 8/);
    assert.match(await page.locator('#evidence-score').innerText(), /ได้ 1 คะแนน จาก 5/);
    await assertAccessible(page, 'evidence page');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.app-sidebar').isVisible(), false);
    // Printed with the ladder, the indicator's frame and its references.
    for (const sel of ['#evidence-ladder', '#indicator-frame', '#indicator-references'])
      assert.equal(await page.locator(sel).isVisible(), true, sel);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    // A4 portrait: 595 × 842 points.
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
    assert.ok(box, 'the PDF names its page size');
    assert.deepEqual([Math.round(Number(box[1])), Math.round(Number(box[2]))], [595, 842]);
    await page.close();
  });

  it('the province table and the national view with its chart are accessible', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/scores?year=${YEAR}&province=31`);
    assert.match(await page.locator('h1').innerText(), /บุรีรัมย์/);
    assert.match(await page.locator('#scores').innerText(), /เทศบาลเมืองบ้านบัว/);
    await assertAccessible(page, 'province scores');
    await page.goto(`${server.url}/scores?year=${YEAR}`);
    assert.equal(await page.locator('svg.app-chart').count(), 2);
    assert.equal(await page.locator('#by-province tbody tr').count(), 76);
    await assertAccessible(page, 'national scores');
    await page.close();
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { ensureDefaultDivisions } from '../src/divisions/divisions.service.ts';
import { createUser } from '../src/users/users.service.ts';
import { assertAccessible, launchBrowser, signIn } from '../test/browser.ts';
import { startTestServer } from '../test/server.ts';

const LAO = '5310108';
const PW = 'Health-div-2569';
// A tiny real PNG (1×1, one grey pixel).
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==',
  'base64',
);

describe('journey: record an activity with a photo and see it in the activity log', () => {
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
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('records an activity with a photo from the menu, sees the photo, then finds it on the activity log', async () => {
    const page = await browser.newPage();
    await signIn(page, server.url, 'e2e.health', PW);
    assert.equal(new URL(page.url()).pathname, '/');

    await page.getByRole('link', { name: 'กิจกรรม', exact: true }).first().click();
    await page.waitForURL(/\/laos\/5310108\/years\/\d{4}\/activities$/);
    await assertAccessible(page, 'activities list');
    const year = /years\/(\d{4})/.exec(page.url())![1]!;

    await page.getByRole('link', { name: 'บันทึกกิจกรรม' }).click();
    await assertAccessible(page, 'new activity');
    // A date that does not exist, fixed through the error summary.
    await page.getByLabel('วันที่จัดกิจกรรม').fill(`31/02/${year}`);
    await page.getByLabel('ชื่อกิจกรรม').fill('รณรงค์คัดแยกขยะในชุมชน');
    await page.getByLabel('ด้านที่เกี่ยวข้อง').selectOption('1');
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await assertAccessible(page, 'new activity with an error');
    await page.locator('.govuk-error-summary a[href="#date"]').click();
    await page.getByLabel('วันที่จัดกิจกรรม').fill(`15/01/${year}`);
    await page.getByLabel('รายละเอียด').fill('ให้ความรู้การคัดแยกขยะ หมู่ 1–5');
    await page.getByLabel('จำนวนผู้เข้าร่วม (คน)').fill('120');
    await page.getByLabel('รูปภาพและเอกสาร (PDF, JPEG หรือ PNG)').setInputFiles({
      name: 'ภาพกิจกรรม.png',
      mimeType: 'image/png',
      buffer: PHOTO,
    });
    await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await page.waitForURL(/\/activities\/[0-9a-f-]{36}\?saved=1/);
    await assertAccessible(page, 'activity');
    assert.match(await page.locator('h1').innerText(), /รณรงค์คัดแยกขยะในชุมชน/);
    assert.match(await page.locator('.govuk-summary-list').innerText(), new RegExp(`15/01/${year}`));
    const photo = page.getByRole('link', { name: 'ภาพกิจกรรม.png', exact: true });
    const href = await photo.getAttribute('href');
    const res = await page.request.get(`${server.url}${href}`);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'image/png');

    // Evidence on a data set: a renamed executable is refused with the error summary, a PDF is attached.
    await page.goto(`${server.url}/laos/${LAO}/years/${year}/datasets/waste-management`);
    const fileInput = page.getByLabel('ไฟล์หลักฐาน (PDF, JPEG หรือ PNG)');
    await fileInput.setInputFiles({
      name: 'report.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ\x90\x00 not a pdf'),
    });
    await page.getByRole('button', { name: 'แนบไฟล์' }).click();
    await assertAccessible(page, 'evidence refused');
    assert.match(await page.locator('.govuk-error-summary').innerText(), /PDF, JPEG หรือ PNG/);
    await page.getByLabel('ไฟล์หลักฐาน (PDF, JPEG หรือ PNG)').setInputFiles({
      name: 'รายงานขยะ.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await page.getByRole('button', { name: 'แนบไฟล์' }).click();
    await page.waitForURL(/waste-management\?attached=1/);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /แนบไฟล์แล้ว/);
    await assertAccessible(page, 'data set with evidence');
    assert.match(await page.locator('#evidence').innerText(), /รายงานขยะ\.pdf/);

    await page.goto(`${server.url}/activity`);
    await assertAccessible(page, 'activity log');
    const log = await page.locator('main').innerText();
    assert.match(log, /บันทึกกิจกรรม/);
    assert.match(log, /แนบไฟล์หลักฐาน/);
    await page.close();
  });
});

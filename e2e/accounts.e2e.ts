import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { totpCode } from '../src/users/totp.ts';
import { createUser } from '../src/users/users.service.ts';
import { assertAccessible, launchBrowser } from '../test/browser.ts';
import { startTestServer } from '../test/server.ts';

describe('journey: first sign-in, change the password, register the central e-mail, verify it', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  before(async () => {
    server = await startTestServer(async (db) => {
      await createUser(db.kysely, 'system', {
        username: 'banbua.newadmin',
        displayName: 'ผู้ดูแลระบบคนใหม่',
        password: 'First-pass-2569',
        role: 'lao_admin',
        laoCode: '5310108',
        mustChangePassword: true,
      });
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('walks through it in Thai, accessible at every step', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await assertAccessible(page, 'sign-in');
    await page.getByLabel('ชื่อผู้ใช้').fill('banbua.newadmin');
    await page.getByLabel('รหัสผ่าน').fill('First-pass-2569');
    await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
    await page.waitForURL(/\/account\/password$/);
    assert.match(await page.locator('h1').innerText(), /ตั้งรหัสผ่านใหม่/);
    await assertAccessible(page, 'first password');

    // A common password is refused with the error summary; then a good one is accepted.
    await page.getByLabel('รหัสผ่านปัจจุบัน').fill('First-pass-2569');
    await page.getByLabel('รหัสผ่านใหม่', { exact: true }).fill('qwertyuiop');
    await page.getByLabel('ยืนยันรหัสผ่านใหม่').fill('qwertyuiop');
    await page.getByRole('button', { name: 'บันทึกรหัสผ่านใหม่' }).click();
    assert.match(await page.locator('.govuk-error-summary').innerText(), /ใช้กันมากที่สุด/);
    await assertAccessible(page, 'password error');
    await page.getByLabel('รหัสผ่านปัจจุบัน').fill('First-pass-2569');
    await page.getByLabel('รหัสผ่านใหม่', { exact: true }).fill('Ban-Bua-lotus-2569');
    await page.getByLabel('ยืนยันรหัสผ่านใหม่').fill('Ban-Bua-lotus-2569');
    await page.getByRole('button', { name: 'บันทึกรหัสผ่านใหม่' }).click();
    await page.waitForURL(/\/account\?done=password/);
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /ยกเลิกโทเคน API 0 รายการ/);

    // Two-factor authentication: looking at the page makes no secret; the start button does, then a code turns it on.
    await page.goto(`${server.url}/account/2fa`);
    assert.equal(await page.locator('#totp-secret').count(), 0);
    await assertAccessible(page, '2fa start');
    await page.getByRole('button', { name: 'เริ่มตั้งค่า' }).click();
    await page.waitForURL(/\/account\/2fa$/);
    const secret = await page.locator('#totp-secret').innerText();
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await assertAccessible(page, '2fa secret');
    await page.getByLabel('รหัส 6 หลัก').fill(totpCode(secret));
    await page.getByRole('button', { name: 'เปิดใช้' }).click();
    await page.waitForURL(/\/account\?done=2fa_on/);

    await page.goto(`${server.url}/contact`);
    await assertAccessible(page, 'contact');
    await page.goto(`${server.url}/laos/5310108/contact/edit`);
    await assertAccessible(page, 'contact form');
    await page.locator('#responsibleName').fill('นางสาวสมใจ ใจดี');
    await page.locator('#responsiblePosition').fill('นักวิเคราะห์นโยบายและแผน');
    await page.locator('#responsibleDivision').fill('สำนักปลัด');
    await page.locator('#phone').fill('044-611-234');
    await page.locator('#email').fill('saraban_05310108@dla.go.th');
    await page.locator('form button[type=submit]').last().click();
    await page.waitForURL(/\/laos\/5310108\/contact/);
    assert.match(await page.locator('main').innerText(), /saraban_05310108@dla\.go\.th/);
    await assertAccessible(page, 'contact registered');

    const mail = await server.db.kysely
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', 'saraban_05310108@dla.go.th')
      .executeTakeFirstOrThrow();
    const link = /https?:\/\/\S+\/contact\/verify\/[\w-]+/.exec(mail.body_text)![0];
    await page.goto(link.replace(/^https?:\/\/[^/]+/, server.url));
    assert.match(await page.locator('main').innerText(), /ยืนยัน/);
    await assertAccessible(page, 'verified');
    const row = await server.db.kysely
      .selectFrom('lao_contact')
      .selectAll()
      .where('lao_code', '=', '5310108')
      .executeTakeFirstOrThrow();
    assert.ok(row.email_verified_at);
    await page.close();
  });
});

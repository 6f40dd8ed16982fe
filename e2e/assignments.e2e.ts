import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, launchBrowser, signIn } from '../test/browser.ts';
import { createRoleMatrixUsers } from '../test/factories.ts';
import { startTestServer } from '../test/server.ts';

describe('journey: the centre sets the deadline, the LAO assigns the work, staff see it, the memo prints', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  before(async () => {
    server = await startTestServer(async (db) => void (await createRoleMatrixUsers(db.kysely)));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('walks through it in Thai, accessible at every step', async () => {
    const central = await browser.newPage();
    await signIn(central, server.url, 't.admin');
    await central.getByRole('link', { name: 'กำหนดส่ง' }).click();
    await central.waitForURL(/\/admin\/deadlines$/);
    await assertAccessible(central, 'deadlines');
    await central.getByLabel('ปีงบประมาณ (พ.ศ.)').fill('2569');
    await central.getByLabel('กำหนดส่ง', { exact: true }).fill('15/05/2569');
    await central.getByRole('button', { name: 'บันทึกกำหนดส่ง' }).click();
    await central.waitForURL(/done=saved/);
    assert.match(await central.locator('main').innerText(), /15\/05\/2569/);
    await central.close();

    const admin = await browser.newPage();
    await signIn(admin, server.url, 't.own.laoadmin');
    await admin.goto(`${server.url}/laos/5310108/divisions`);
    await assertAccessible(admin, 'divisions');
    await admin.getByLabel('ชื่อกอง/ฝ่าย (ภาษาไทย)').fill('ก');
    await admin.getByRole('button', { name: 'เพิ่มกอง' }).last().click();
    await assertAccessible(admin, 'division error');
    await admin.locator('.govuk-error-summary a').first().click();
    await admin.getByLabel('ชื่อกอง/ฝ่าย (ภาษาไทย)').fill('กองสวัสดิการสังคม');
    await admin.getByRole('button', { name: 'เพิ่มกอง' }).last().click();
    await admin.waitForURL(/done=added/);

    await admin.goto(`${server.url}/laos/5310108/years/2569/assignments`);
    await assertAccessible(admin, 'assignments');
    // A typo in a date is refused beside its field, then corrected.
    await admin.locator('#s4-division').selectOption({ label: 'กองสาธารณสุขและสิ่งแวดล้อม' });
    await admin.locator('#s4-due').fill('31/04/2569');
    await admin.getByRole('button', { name: 'บันทึกการมอบหมาย' }).click();
    assert.match(await admin.locator('.govuk-error-summary').innerText(), /ด้านที่ 4/);
    await assertAccessible(admin, 'assignments error');
    await admin.locator('.govuk-error-summary a').first().click();
    await admin.locator('#s4-due').fill('30/04/2569');
    await admin.getByRole('button', { name: 'บันทึกการมอบหมาย' }).click();
    await admin.waitForURL(/done=saved/);

    await admin.goto(`${server.url}/laos/5310108/years/2569/assignments/memo?date=01%2F04%2F2569`);
    await assertAccessible(admin, 'memo');
    const memo = await admin.locator('.app-memo').innerText();
    assert.match(memo, /วันที่ 1 เมษายน 2569/, 'an official memo writes its date in words');
    assert.match(memo, /โครงสร้างพื้นฐาน\s+กองสาธารณสุขและสิ่งแวดล้อม\s+30 เมษายน 2569/);
    // The LAO's own deadline in the table; the national one stated apart, in words.
    assert.match(memo, /ภายในวันที่ \d{1,2} [ก-๙]+ 2569/);
    await admin.emulateMedia({ media: 'print' });
    assert.equal(await admin.locator('.app-header').isVisible(), false, 'the header is not printed');
    await admin.pdf({ path: 'test-results/assignment-memo.pdf', format: 'A4' });
    await admin.close();

    const staff = await browser.newPage();
    await signIn(staff, server.url, 't.own.staff');
    await staff.getByRole('link', { name: 'งานของฉัน' }).click();
    await staff.waitForURL(/\/my-work/);
    await staff.goto(`${server.url}/my-work?year=2569`);
    await assertAccessible(staff, 'my work');
    const text = await staff.locator('main').innerText();
    assert.match(text, /ถนน\/ทางหลวงท้องถิ่น/);
    assert.match(text, /30\/04\/2569/);
    assert.match(text, /15\/05\/2569/);
    await staff.screenshot({ path: 'test-results/my-work.png', fullPage: true });
    await staff.close();
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, launchBrowser, signIn } from '../test/browser.ts';
import { createRoleMatrixUsers, OWN, tokenFor } from '../test/factories.ts';
import { certify, fillAspect } from '../test/fill.ts';
import { startTestServer } from '../test/server.ts';

const LAO = OWN.lao;
const Y = 2569;

describe('journey: the bell tells the province of a certification; the activity log reads it in words', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  before(async () => {
    server = await startTestServer(async (db, app) => {
      await createRoleMatrixUsers(db.kysely);
      await fillAspect(app, await tokenFor(app, 't.own.laoadmin'), { lao: LAO, year: Y, aspect: 1 });
      await certify(app, await tokenFor(app, 't.own.certifier'), {
        lao: LAO,
        year: Y,
        aspect: 1,
        level: 'lao',
      });
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signInAs(username: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, username);
    return page;
  }

  it('follows the bell (a plain link), marks the notification read with a form, then filters the province’s log by kind and date', async () => {
    const p = await signInAs('t.own.province');
    const bell = p.getByRole('link', { name: 'การแจ้งเตือน 1 รายการที่ยังไม่อ่าน' });
    await bell.click();
    await p.waitForURL(/\/notifications$/);
    assert.match(await p.locator('main').innerText(), /อปท\. 5310108 รับรองข้อมูลด้านที่ 1 ปีงบประมาณ 2569 แล้ว/);
    await assertAccessible(p, 'notifications page');
    await p.getByRole('button', { name: /^ทำเครื่องหมายว่าอ่านแล้ว\s*:/ }).click();
    await p.waitForURL(/\/notifications$/);
    assert.equal(await p.getByRole('link', { name: 'การแจ้งเตือน', exact: true }).count(), 1);

    await p.goto(`${server.url}/activity`);
    await p.getByLabel('ประเภทการดำเนินการ').selectOption('certification.lao.certify');
    await p.getByLabel('ด้าน').selectOption('1');
    await p.getByRole('button', { name: 'ค้นหา' }).click();
    const text = await p.locator('main').innerText();
    assert.match(text, /ผู้รับรองข้อมูล อปท\. รับรองข้อมูลด้านที่ 1 ปีงบประมาณ 2569/);
    assert.doesNotMatch(text, /certification\.lao\.certify/);
    await assertAccessible(p, 'activity log (province)');

    await p.getByLabel('ตั้งแต่วันที่').fill('31/02/2569');
    await p.getByRole('button', { name: 'ค้นหา' }).click();
    assert.match(await p.title(), /^ข้อผิดพลาด: /);
    assert.match(await p.locator('.govuk-error-summary').innerText(), /วันที่เริ่มต้องเป็นวันที่จริง/);
    await assertAccessible(p, 'activity log with an error');
    await p.context().close();
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { formatDateTimeBE } from '../src/util/thai-date.ts';
import { assertAccessible, launchBrowser, signIn } from '../test/browser.ts';
import { createRoleMatrixUsers, OWN, tokenFor } from '../test/factories.ts';
import { fillAspect } from '../test/fill.ts';
import { startTestServer } from '../test/server.ts';

const LAO = OWN.lao;
const Y = 2569;
const REASON = 'จำนวนอาสาสมัคร อปพร. ไม่ตรงกับทะเบียนของจังหวัด โปรดตรวจสอบ';

describe('journey: staff completes an aspect → the LAO certifies → the province certifies → the public sees it', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  before(async () => {
    server = await startTestServer(async (db, app) => {
      await createRoleMatrixUsers(db.kysely);
      // Aspect 1: every data set but one recorded already; the staff member finishes it in the browser.
      const staff = await tokenFor(app, 't.own.staff');
      await fillAspect(app, staff, { lao: LAO, year: Y, aspect: 1, skip: ['public-health-facilities'] });
      // Aspect 3: complete and certified by the LAO, for the province to return.
      await fillAspect(app, await tokenFor(app, 't.own.laoadmin'), {
        lao: LAO,
        year: Y,
        aspect: 3,
        lists: 'none',
      });
      const r = await app.inject({
        method: 'POST',
        url: `/api/v1/laos/${LAO}/years/${Y}/aspects/3/certifications`,
        headers: { authorization: `Bearer ${await tokenFor(app, 't.own.certifier')}` },
        payload: { level: 'lao' },
      });
      assert.equal(r.statusCode, 201, r.body);
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh browser context signed in as the user. */
  async function signInAs(username: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, username);
    return page;
  }

  it('goes through both certifications to the public tick, and a return reaches the LAO with its reason', async () => {
    // 1. Staff records the last data set of aspect 1 as none in the area.
    const staff = await signInAs('t.own.staff');
    await staff.goto(`${server.url}/laos/${LAO}/years/${Y}/datasets/public-health-facilities`);
    await staff.getByText('ไม่มีข้อมูลนี้ในพื้นที่').first().click();
    await staff.locator('#noneReason').fill('ไม่มีตลาด โรงฆ่าสัตว์ หรือฌาปนสถานในเขตเทศบาล');
    await staff.getByRole('button', { name: 'บันทึกว่าไม่มีข้อมูลนี้ในพื้นที่' }).click();
    await staff.waitForURL(/saved=1/);
    await staff.goto(`${server.url}/certification`);
    await staff.waitForURL(new RegExp(`/certification/laos/${LAO}/years/\\d{4}$`));
    await staff.goto(`${server.url}/certification/laos/${LAO}/years/${Y}`);
    assert.match(await staff.locator('#aspect-1').innerText(), /บันทึกครบ รอรับรอง/);
    assert.equal(await staff.getByRole('button', { name: 'รับรองข้อมูลด้านที่ 1' }).count(), 0);
    await assertAccessible(staff, 'certification page (staff)');
    await staff.context().close();

    // 2. The LAO certifier certifies aspect 1.
    const certifier = await signInAs('t.own.certifier');
    await certifier.goto(`${server.url}/certification/laos/${LAO}/years/${Y}`);
    await assertAccessible(certifier, 'certification page (certifier)');
    await certifier.getByRole('button', { name: 'รับรองข้อมูลด้านที่ 1' }).click();
    await certifier.getByRole('dialog').getByRole('button', { name: 'ยืนยันการรับรอง' }).click();
    await certifier.waitForURL(/done=certify-lao-1/);
    assert.match(await certifier.locator('.govuk-notification-banner').innerText(), /รับรองข้อมูลด้านที่ 1 แล้ว/);
    assert.match(await certifier.locator('#aspect-1').innerText(), /อปท\. รับรองแล้ว/);
    await assertAccessible(certifier, 'certification page after certifying');
    await certifier.context().close();

    // 3. The province officer certifies it from the province dashboard, and returns aspect 3 with a reason.
    const province = await signInAs('t.own.province');
    // A provincial officer lands on their province dashboard and has it in the top navigation.
    assert.equal(new URL(province.url()).pathname, '/dashboards/province/31');
    assert.equal(
      await province
        .getByRole('navigation', { name: 'เมนูหลัก' })
        .getByRole('link', { name: 'ภาพรวมจังหวัด' })
        .count(),
      1,
    );
    await province.goto(`${server.url}/certification`);
    await province.waitForURL(/\/dashboards\/province\/31\?year=\d{4}/);
    await province.goto(`${server.url}/dashboards/province/31?year=${Y}&district=3101`);
    await assertAccessible(province, 'province dashboard');
    await province.getByLabel(`เลือก เทศบาลเมืองบ้านบัว ด้านที่ 1`).check();
    await province.getByRole('button', { name: 'รับรองรายการที่เลือก' }).click();
    await province.waitForURL(/\/dashboards\/province\/31\/certify/);
    assert.match(await province.locator('main').innerText(), /รับรองแล้ว 1 รายการ ไม่สำเร็จ 0 รายการ/);
    await assertAccessible(province, 'batch result');
    await province.goto(`${server.url}/certification/laos/${LAO}/years/${Y}`);
    await province.getByText('ส่งคืนด้านที่ 3 ให้ อปท. แก้ไข').click();
    await province.locator('#reason-return-3').fill(REASON);
    await province.getByRole('button', { name: 'ส่งคืน', exact: true }).click();
    const ask = province.getByRole('dialog');
    assert.match(await ask.innerText(), /ส่งคืนด้านที่ 3/);
    await assertAccessible(province, 'return dialog');
    await ask.getByRole('button', { name: 'ยืนยันการส่งคืน' }).click();
    await province.waitForURL(/done=return-province-3/);
    await assertAccessible(province, 'certification page after the return');
    await province.goto(`${server.url}/certification/provinces/31/years/${Y}/log`);
    assert.match(await province.locator('main').innerText(), /จังหวัดส่งคืน/);
    await assertAccessible(province, 'province certification log');
    await province.goto(`${server.url}/dashboards/province/31/extensions?year=${Y}`);
    await assertAccessible(province, 'deadline extensions');
    await province.context().close();
    const admin = await signInAs('t.admin');
    await admin.goto(`${server.url}/dashboards/national?year=${Y}`);
    assert.match(await admin.locator('#provinces').innerText(), /บุรีรัมย์/);
    await assertAccessible(admin, 'national dashboard');
    await admin.context().close();

    // 4. The public status search shows the tick and the Bangkok timestamp of both certifications.
    const row = await server.db.kysely
      .selectFrom('aspect_status')
      .selectAll()
      .where('lao_code', '=', LAO)
      .where('year', '=', Y)
      .where('section_no', '=', 1)
      .executeTakeFirstOrThrow();
    const publicPage = await (await browser.newContext()).newPage();
    await publicPage.goto(`${server.url}/status`);
    await assertAccessible(publicPage, 'status search (empty)');
    await publicPage.locator('#province').selectOption('31');
    await publicPage.locator('#year').selectOption(String(Y));
    await publicPage.getByRole('button', { name: 'ค้นหา', exact: true }).click();
    await publicPage.locator('#district').selectOption('3101');
    await publicPage.getByRole('button', { name: 'ค้นหา', exact: true }).click();
    await publicPage.locator('#lao').selectOption(LAO);
    await publicPage.getByRole('button', { name: 'ค้นหา', exact: true }).click();
    await publicPage.waitForURL(/lao=5310108/);
    const shared = new URL(publicPage.url()).searchParams;
    assert.deepEqual(
      ['year', 'province', 'district', 'lao', 'pageSize'].map((k) => shared.get(k)),
      ['2569', '31', '3101', LAO, '10'],
      'the conditions are in the URL',
    );
    const table = await publicPage.locator('table.app-status-table').innerText();
    assert.match(table, /บุรีรัมย์\s+เมืองบุรีรัมย์\s+เทศบาลเมืองบ้านบัว/);
    assert.ok(table.includes('✓✓'));
    assert.ok(table.includes(`ณ วันที่ ${formatDateTimeBE(row.lao_certified_at!)}`));
    assert.ok(table.includes(`จังหวัด ณ วันที่ ${formatDateTimeBE(row.province_certified_at!)}`));
    assert.ok(table.includes('↩'));
    assert.match(await publicPage.locator('main').innerText(), /1 ถึง 1 จาก 1/);
    await assertAccessible(publicPage, 'status search result');
    await publicPage.goto(`${server.url}/dashboards/summary?year=${Y}`);
    await assertAccessible(publicPage, 'public summary');
    await publicPage.context().close();

    // 5. The LAO sees the return and its reason.
    const back = await signInAs('t.own.certifier');
    await back.goto(`${server.url}/certification/laos/${LAO}/years/${Y}`);
    const aspect3 = await back.locator('#aspect-3').innerText();
    assert.match(aspect3, /จังหวัดส่งคืน/);
    assert.ok(aspect3.includes(REASON));
    assert.equal(await back.getByRole('button', { name: 'รับรองข้อมูลด้านที่ 3' }).count(), 1);
    await assertAccessible(back, 'certification page with a return');
    await back.screenshot({ path: 'test-results/certification-returned.png', fullPage: true });
    await back.context().close();
  });

  it('the province reads the data and its diff, returns aspect 1; the clerk fixes it from my work; it is certified again', async () => {
    const FIX = 'จำนวนรถเก็บขนขยะไม่ตรงกับทะเบียนครุภัณฑ์ โปรดแก้ไข';
    // 1. The province officer reads a data set in one click from the certification page (read only) and returns.
    const province = await signInAs('t.own.province');
    await province.goto(`${server.url}/certification/laos/${LAO}/years/${Y}`);
    await province.locator('#aspect-1').getByRole('link', { name: 'การจัดการขยะมูลฝอย' }).click();
    await province.waitForURL(/\/datasets\/waste-management$/);
    assert.equal(await province.getByRole('button', { name: 'บันทึก', exact: true }).count(), 0, 'read only');
    await assertAccessible(province, 'data set read by the province');
    await province.goBack();
    await province.getByText('ส่งคืนด้านที่ 1 ให้ อปท. แก้ไข').click();
    await province.locator('#reason-return-1').fill(FIX);
    await province.getByRole('button', { name: 'ส่งคืน', exact: true }).click();
    await province.getByRole('dialog').getByRole('button', { name: 'ยืนยันการส่งคืน' }).click();
    await province.waitForURL(/done=return-province-1/);
    await province.context().close();

    // 2. The clerk of the division sees it on my work (the year of the return opens by itself) and fixes it.
    const clerk = await signInAs('t.own.staff');
    await clerk.goto(`${server.url}/my-work`);
    const work = await clerk.locator('main').innerText();
    assert.match(work, /ส่งคืนให้แก้ไข/);
    assert.ok(work.includes(FIX));
    await assertAccessible(clerk, 'my work with a return');
    await clerk.getByRole('link', { name: 'การจัดการขยะมูลฝอย' }).first().click();
    assert.ok((await clerk.locator('.app-return').innerText()).includes(FIX));
    await assertAccessible(clerk, 'data set with a return banner');
    await clerk.locator('#f-collectionTrucks').fill('417');
    await clerk.getByRole('button', { name: 'บันทึก', exact: true }).click();
    await clerk.waitForURL(/saved=1/);
    await clerk.context().close();

    // 3. The LAO certifier sees what changed since the certification and certifies again.
    const certifier = await signInAs('t.own.certifier');
    await certifier.goto(`${server.url}/certification/laos/${LAO}/years/${Y}`);
    assert.match(await certifier.locator('#diff-1').innerText(), /รถเก็บขนขยะ[\s\S]*417/);
    await certifier.getByRole('button', { name: 'รับรองข้อมูลด้านที่ 1' }).click();
    await certifier.getByRole('dialog').getByRole('button', { name: 'ยืนยันการรับรอง' }).click();
    await certifier.waitForURL(/done=certify-lao-1/);
    await certifier.context().close();

    // 4. The province reads the diff since its own certification, then certifies.
    const again = await signInAs('t.own.province');
    await again.goto(`${server.url}/certification/laos/${LAO}/years/${Y}`);
    const diff = await again.locator('#diff-1').innerText();
    assert.match(diff, /การจัดการขยะมูลฝอย/);
    assert.match(diff, /417/);
    await assertAccessible(again, 'certification page with the diff (province)');
    // The confirmation page (the way without script) asks the same question.
    await again.goto(`${server.url}/certification/laos/${LAO}/years/${Y}/aspects/1/certify?level=province`);
    assert.match(await again.locator('h1').innerText(), /จังหวัดรับรองด้านที่ 1 ใช่หรือไม่/);
    await assertAccessible(again, 'certification confirmation page');
    await again.getByRole('button', { name: 'ยืนยันการรับรอง' }).click();
    await again.waitForURL(/done=certify-province-1/);
    assert.match(await again.locator('#aspect-1').innerText(), /จังหวัดรับรองแล้ว/);
    await assertAccessible(again, 'certification page after the province certified again');
    await again.context().close();
    const staffAfter = await signInAs('t.own.staff');
    await staffAfter.goto(`${server.url}/my-work?year=${Y}`);
    assert.doesNotMatch(await staffAfter.locator('main').innerText(), /ส่งคืนให้แก้ไข/);
    await staffAfter.context().close();
  });
});

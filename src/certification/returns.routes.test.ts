import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { browserSession, createRoleMatrixUsers, OWN, tokenFor } from '../../test/factories.ts';
import { certify, fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';

const Y = 2569;
const REASON = 'ปริมาณขยะไม่ตรงกับรายงานของจังหวัด ตรวจสอบอีกครั้ง';
const WITHDRAWN = 'พบตัวเลขผิดในแบบฟอร์ม ขอแก้ไขก่อน';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const BE_TIME = /\d{2}\/\d{2}\/25\d{2} \d{2}:\d{2}:\d{2}/;

describeEachDb(
  'a return or a withdrawal reaches the people who must act',
  (t) => {
    const tok: Record<string, string> = {};
    const page = async (who: string, url: string) => {
      const s = await browserSession(t.app, who);
      return t.app.inject({ url, cookies: s.cookies });
    };

    before(async () => {
      for (const u of ['certifier', 'laoadmin', 'province']) tok[u] = await tokenFor(t.app, `t.own.${u}`);
      await fillAspect(t.app, tok.laoadmin!, { lao: OWN.lao, year: Y, aspect: 1 });
      await certify(t.app, tok.certifier!, { lao: OWN.lao, year: Y, aspect: 1, level: 'lao' });
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OWN.lao}/years/${Y}/aspects/1/returns`,
        headers: bearer(tok.province!),
        payload: { reason: REASON },
      });
      assert.equal(r.statusCode, 201, r.body);
    });

    it('shows the return on the clerk’s my work: the state, the reason, who and when', async () => {
      const res = await page('t.own.staff', `/my-work?year=${Y}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /ส่งคืนให้แก้ไข/);
      assert.match(res.body, new RegExp(REASON));
      assert.match(res.body, /t\.own\.province/);
      assert.match(res.body, BE_TIME);
      assert.match(res.body, /สิ่งที่ต้องทำ/);
    });

    it('shows a banner with the reason and what to do next on each data set page of the aspect, not of others', async () => {
      const own = await page('t.own.staff', `/laos/${OWN.lao}/years/${Y}/datasets/waste-management`);
      assert.equal(own.statusCode, 200);
      assert.match(own.body, /class="app-return"/);
      assert.match(own.body, new RegExp(REASON));
      assert.match(own.body, /ผู้รับรองข้อมูลของ อปท\. รับรองด้านนี้อีกครั้ง/);
      const other = await page('t.own.laoadmin', `/laos/${OWN.lao}/years/${Y}/datasets/local-roads`);
      assert.equal(other.statusCode, 200);
      assert.doesNotMatch(other.body, /class="app-return"/);
    });

    it('shows the return in the LAO dashboard as a readable block in its aspect', async () => {
      const res = await page('t.own.staff', `/laos/${OWN.lao}/years/${Y}`);
      assert.equal(res.statusCode, 200);
      const aspect1 = res.body.slice(res.body.indexOf('id="aspect-1"'), res.body.indexOf('id="aspect-2"'));
      assert.match(aspect1, /<section class="app-return"/);
      assert.match(aspect1, new RegExp(REASON));
      assert.doesNotMatch(res.body, /govuk-tag--red app-ml/, 'not a squeezed tag any more');
    });

    it('opens my work, the certification page and the LAO home on the year of the return', async () => {
      const work = await page('t.own.staff', '/my-work');
      assert.equal(work.statusCode, 200);
      assert.match(work.body, /ปีงบประมาณ 2569/);
      assert.match(
        work.body,
        /aria-current="page"[^>]*>ปีงบประมาณ 2569|href="\/my-work\?year=2569"[^>]*aria-current="page"/,
      );
      const s = await browserSession(t.app, 't.own.certifier');
      const cert = await t.app.inject({ url: '/certification', cookies: s.cookies });
      assert.equal(cert.headers.location, `/certification/laos/${OWN.lao}/years/${Y}`);
      const home = await t.app.inject({ url: '/records', cookies: s.cookies });
      assert.equal(home.headers.location, `/laos/${OWN.lao}/years/${Y}`);
    });

    it('offers only the catalog’s years, and every year link of my work answers 200', async () => {
      const s = await browserSession(t.app, 't.own.staff');
      const res = await t.app.inject({ url: `/my-work?year=${Y}`, cookies: s.cookies });
      const links = [...res.body.matchAll(/class="govuk-link app-year-link" href="([^"]+)"/g)].map((m) =>
        m[1]!.replace(/&amp;/g, '&'),
      );
      assert.deepEqual(
        links.map((l) => l.replace(/\D/g, '')),
        ['2568', '2569', '2570'],
      );
      assert.doesNotMatch(res.body, /2571/);
      for (const l of links) {
        const r = await t.app.inject({ url: l, cookies: s.cookies });
        assert.equal(r.statusCode, 200, `${l}: ${r.statusCode}`);
      }
    });

    it('lists each aspect’s data sets with links and quality notes for the province, which reads a data set in one click, read only', async () => {
      const s = await browserSession(t.app, 't.own.province');
      const res = await t.app.inject({
        url: `/certification/laos/${OWN.lao}/years/${Y}`,
        cookies: s.cookies,
      });
      assert.equal(res.statusCode, 200);
      const href = `/laos/${OWN.lao}/years/${Y}/datasets/waste-management`;
      assert.match(res.body, new RegExp(`href="${href}"`));
      assert.match(res.body, /คุณภาพข้อมูล/);
      // Breadcrumbs: the province dashboard, then the LAO.
      const crumbs = [...res.body.matchAll(/class="govuk-breadcrumbs__link" href="([^"]+)"/g)].map(
        (m) => m[1],
      );
      assert.deepEqual(crumbs, [
        `/dashboards/province/${OWN.province}?year=${Y}`,
        `/laos/${OWN.lao}/years/${Y}`,
      ]);
      const ds = await t.app.inject({ url: href, cookies: s.cookies });
      assert.equal(ds.statusCode, 200);
      assert.doesNotMatch(ds.body, new RegExp(`<form method="post" action="${href}"`), 'read only');
      const back = [...ds.body.matchAll(/class="govuk-breadcrumbs__link" href="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(back, [
        `/dashboards/province/${OWN.province}?year=${Y}`,
        `/laos/${OWN.lao}/years/${Y}#aspect-1`,
        `/certification/laos/${OWN.lao}/years/${Y}#aspect-1`,
      ]);
    });

    it('clears the return once the LAO certifies again; a withdrawal then reaches the clerk the same way', async () => {
      await certify(t.app, tok.certifier!, { lao: OWN.lao, year: Y, aspect: 1, level: 'lao' });
      const after = await page('t.own.staff', `/my-work?year=${Y}`);
      assert.doesNotMatch(after.body, /ส่งคืนให้แก้ไข/);
      const w = await t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OWN.lao}/years/${Y}/aspects/1/withdrawals`,
        headers: bearer(tok.certifier!),
        payload: { reason: WITHDRAWN },
      });
      assert.equal(w.statusCode, 201);
      const work = await page('t.own.staff', `/my-work?year=${Y}`);
      assert.match(work.body, /ถอนการรับรองเพื่อแก้ไข/);
      assert.match(work.body, new RegExp(WITHDRAWN));
      assert.match(work.body, /t\.own\.certifier/);
      const ds = await page('t.own.staff', `/laos/${OWN.lao}/years/${Y}/datasets/waste-management`);
      assert.match(ds.body, new RegExp(WITHDRAWN));
      const home = await page('t.own.staff', `/laos/${OWN.lao}/years/${Y}`);
      assert.match(home.body, new RegExp(WITHDRAWN));
      const api = await t.app.inject({ url: `/api/v1/me/work?year=${Y}`, headers: bearer(tok.laoadmin!) });
      const item = (api.json().items as { datasetId: string; returned: { action: string } | null }[]).find(
        (i) => i.datasetId === 'waste-management',
      );
      assert.equal(item?.returned?.action, 'withdraw');
    });

    it('opens the province on the year where an aspect waits for it', async () => {
      await certify(t.app, tok.certifier!, { lao: OWN.lao, year: Y, aspect: 1, level: 'lao' });
      const s = await browserSession(t.app, 't.own.province');
      const res = await t.app.inject({ url: '/certification', cookies: s.cookies });
      assert.equal(res.headers.location, `/dashboards/province/${OWN.province}?year=${Y}`);
    });

    it('opens a clerk on their own work: a return of another division’s aspect moves the certifier, not the clerk', async () => {
      await fillAspect(t.app, tok.laoadmin!, { lao: OWN.lao, year: 2568, aspect: 3, lists: 'none' });
      await certify(t.app, tok.certifier!, { lao: OWN.lao, year: 2568, aspect: 3, level: 'lao' });
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/laos/${OWN.lao}/years/2568/aspects/3/returns`,
        headers: bearer(tok.province!),
        payload: { reason: 'ตรวจสอบจำนวน อปพร. อีกครั้ง' },
      });
      assert.equal(r.statusCode, 201, r.body);
      const certifier = await browserSession(t.app, 't.own.certifier');
      const c = await t.app.inject({ url: '/certification', cookies: certifier.cookies });
      assert.equal(c.headers.location, `/certification/laos/${OWN.lao}/years/2568`);
      const clerk = await page('t.own.staff', '/my-work');
      assert.equal(clerk.statusCode, 200);
      assert.match(clerk.body, /href="\/my-work\?year=\d{4}" aria-current="page"/);
      assert.doesNotMatch(clerk.body, /href="\/my-work\?year=2568" aria-current="page"/);
      assert.doesNotMatch(clerk.body, /ส่งคืนให้แก้ไข/);
      const theirs = await page('t.own.staff', '/my-work?year=2568');
      assert.doesNotMatch(theirs.body, /ส่งคืนให้แก้ไข/, 'aspect 3 is not the clerk’s division');
      const admin = await page('t.own.laoadmin', '/my-work?year=2568');
      assert.match(admin.body, /ส่งคืนให้แก้ไข/);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachDb } from '../../test/harness.ts';

describeEachDb('registry API', (t) => {
  it('finds บ้านบัว in Buri Ram in FY 2569 as a town municipality', async () => {
    const res = await t.app.inject({
      url: `/api/v1/laos?q=${encodeURIComponent('บ้านบัว')}&province=31&year=2569`,
    });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    const lao = body.items.find((x: { code: string }) => x.code === '5310108');
    assert.deepEqual(lao, {
      code: '5310108',
      name: 'บ้านบัว',
      nameTh: 'เทศบาลเมืองบ้านบัว',
      type: 'town_municipality',
      provinceCode: '31',
      provinceNameTh: 'บุรีรัมย์',
      districtCode: '3101',
      districtNameTh: 'เมืองบุรีรัมย์',
    });
  });

  it('shows บ้านบัว as a subdistrict municipality before FY 2569', async () => {
    const res = await t.app.inject({ url: '/api/v1/laos/5310108?year=2568' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().type, 'subdistrict_municipality');
    assert.equal(res.json().nameTh, 'เทศบาลตำบลบ้านบัว');
    assert.equal(res.json().history.length, 2);
  });

  it('counts the 2023 registry by type: 76 / 30 / 195 / 2,247 / 5,300 / 1 = 7,849', async () => {
    const res = await t.app.inject({ url: '/api/v1/laos/summary?year=2567' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      year: 2567,
      byType: {
        provincial_admin_org: 76,
        city_municipality: 30,
        town_municipality: 195,
        subdistrict_municipality: 2247,
        subdistrict_admin_org: 5300,
        special_admin_area: 1,
      },
      total: 7849,
    });
  });

  it('applies the FY 2569 changes: upgrades and the Buri Ram merger', async () => {
    const s = (await t.app.inject({ url: '/api/v1/laos/summary?year=2569' })).json();
    assert.equal(s.total, 7848);
    assert.equal(s.byType.city_municipality, 31);
    assert.equal(s.byType.town_municipality, 195 - 1 + 3);
    assert.equal(s.byType.subdistrict_municipality, 2247 - 4);
    const merged = (await t.app.inject({ url: '/api/v1/laos/5310103?year=2569' })).json();
    assert.equal(merged.status, 'retired');
    assert.equal(merged.mergedInto, '4310102');
  });

  it('lists 76 provinces and no Bangkok', async () => {
    const res = await t.app.inject({ url: '/api/v1/provinces' });
    const list = res.json();
    assert.equal(list.length, 76);
    assert.ok(!list.some((p: { code: string }) => p.code === '10'));
    assert.deepEqual(
      list.find((p: { code: string }) => p.code === '31'),
      { code: '31', nameTh: 'บุรีรัมย์', nameEn: 'Buri Ram' },
    );
  });

  it('lists the districts of a province', async () => {
    const list = (await t.app.inject({ url: '/api/v1/districts?province=31' })).json();
    assert.ok(list.length >= 20);
    assert.ok(list.every((d: { provinceCode: string }) => d.provinceCode === '31'));
    assert.ok(
      list.some((d: { code: string; nameTh: string }) => d.code === '3101' && d.nameTh === 'เมืองบุรีรัมย์'),
    );
  });

  it('searches ignoring the type prefix and spaces', async () => {
    for (const q of ['ทต. บ้าน บัว', 'เทศบาลเมืองบ้านบัว']) {
      const body = (await t.app.inject({ url: `/api/v1/laos?year=2569&q=${encodeURIComponent(q)}` })).json();
      assert.ok(
        body.items.some((x: { code: string }) => x.code === '5310108'),
        q,
      );
    }
  });

  it('filters by type and district and pages through the result', async () => {
    const res = await t.app.inject({
      url: '/api/v1/laos?year=2567&type=subdistrict_admin_org&page=2&pageSize=100',
    });
    const body = res.json();
    assert.equal(body.total, 5300);
    assert.equal(body.page, 2);
    assert.equal(body.items.length, 100);
    assert.equal(body.next, '/api/v1/laos?year=2567&type=subdistrict_admin_org&page=3&pageSize=100');
    assert.ok(body.items.every((x: { type: string }) => x.type === 'subdistrict_admin_org'));
    const most = (await t.app.inject({ url: '/api/v1/laos?year=2567&pageSize=500' })).json();
    assert.equal(most.items.length, 500);
    const d = (await t.app.inject({ url: '/api/v1/laos?district=3101&pageSize=100' })).json();
    assert.ok(d.items.every((x: { districtCode: string }) => x.districtCode === '3101'));
  });

  it('answers an unknown code with a 404 problem', async () => {
    const res = await t.app.inject({ url: '/api/v1/laos/9999999' });
    assert.equal(res.statusCode, 404);
    assert.match(res.headers['content-type'] as string, /problem\+json/);
    assert.match(res.json().detail, /9999999/);
  });

  for (const [query, param] of [
    ['page=-1', 'page'],
    ['pageSize=100000', 'pageSize'],
    ['pageSize=501', 'pageSize'],
    ['province=abc', 'province'],
    ['type=city', 'type'],
    ['year=abc', 'year'],
  ] as const) {
    it(`rejects ${query} with a 400 naming ${param}`, async () => {
      const res = await t.app.inject({ url: `/api/v1/laos?${query}` });
      assert.equal(res.statusCode, 400);
      const body = res.json();
      assert.equal(body.errors[0].field, param);
      assert.match(body.detail, new RegExp(param));
    });
  }

  it('speaks English when asked', async () => {
    const res = await t.app.inject({ url: '/api/v1/laos?page=0', headers: { 'accept-language': 'en' } });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().errors[0].message, /page must be at least 1/);
  });

  it('is healthy and names its database', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    assert.deepEqual(res.json(), { status: 'ok', db: t.dialect });
  });

  it('serves an OpenAPI document listing the registry paths', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    assert.equal(doc.openapi, '3.1.0');
    for (const p of [
      '/api/v1/provinces',
      '/api/v1/districts',
      '/api/v1/laos',
      '/api/v1/laos/{code}',
      '/api/v1/laos/summary',
    ]) {
      assert.ok(doc.paths[p], p);
    }
  });
});

describeEachDb('registry pages', (t) => {
  it('renders the LAO page in Thai with its type history, escaped', async () => {
    const res = await t.app.inject({ url: '/registry/laos/5310108' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="th"/);
    assert.match(res.body, /เทศบาลเมืองบ้านบัว/);
    assert.match(res.body, /เทศบาลตำบลบ้านบัว/);
  });

  it("links the LAO page to the LAO's status (the search prefilled) and its score", async () => {
    const res = await t.app.inject({ url: '/registry/laos/5310108?year=2569' });
    assert.match(res.body, /href="\/status\?year=2569&amp;province=31&amp;district=3101&amp;lao=5310108"/);
    assert.match(res.body, /href="\/laos\/5310108\/years\/2569\/score"/);
    const status = await t.app.inject({ url: '/status?year=2569&province=31&district=3101&lao=5310108' });
    assert.equal(status.statusCode, 200);
    assert.match(status.body, /1 ถึง 1 จาก 1/);
  });

  it('leads from the home page search to each LAO found, its status and its score', async () => {
    const home = await t.app.inject({ url: '/' });
    assert.match(home.body, /<form method="get" action="\/registry"/);
    const res = await t.app.inject({ url: `/registry?q=${encodeURIComponent('บ้านบัว')}&year=2569` });
    assert.match(res.body, /href="\/registry\/laos\/5310108"/);
    assert.match(res.body, /href="\/status\?year=2569&amp;province=31&amp;district=3101&amp;lao=5310108"/);
    assert.match(res.body, /href="\/laos\/5310108\/years\/2569\/score"/);
  });

  it('escapes what the user typed', async () => {
    const res = await t.app.inject({ url: `/registry?q=${encodeURIComponent('<script>alert(1)</script>')}` });
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes('<script>alert(1)</script>'));
    assert.match(res.body, /&lt;script>alert/);
  });

  it('switches to English and remembers it', async () => {
    const res = await t.app.inject({ url: '/registry/provinces/31?lang=en' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="en"/);
    assert.match(res.body, /Buri Ram province/);
    assert.match(String(res.headers['set-cookie']), /lang=en/);
  });

  it('renders a Thai 404 page', async () => {
    const res = await t.app.inject({ url: '/no/such/page' });
    assert.equal(res.statusCode, 404);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /ไม่พบหน้าที่ต้องการ/);
  });

  it('serves the Sarabun font and the re-themed stylesheet itself', async () => {
    const css = await t.app.inject({ url: '/assets/govuk.css' });
    assert.equal(css.statusCode, 200);
    assert.ok(!css.body.includes('GDS Transport'));
    assert.match(css.body, /Sarabun/);
    const font = await t.app.inject({ url: '/assets/fonts/sarabun-thai-400-normal.woff2' });
    assert.equal(font.statusCode, 200);
  });
});

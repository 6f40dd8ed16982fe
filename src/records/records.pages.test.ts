import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { browserSession, createRoleMatrixUsers, OWN, TEST_PASSWORD } from '../../test/factories.ts';
import { fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';

const base = `/laos/${OWN.lao}/years/2569/datasets`;
const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: p.toString() };
};

describeEachDb(
  'recording pages',
  (t) => {
    let s: Awaited<ReturnType<typeof browserSession>>;
    before(async () => {
      s = await browserSession(t.app, 't.own.staff');
    });

    it('shows the LAO dashboard with every section and data set status', async () => {
      const res = await t.app.inject({ url: `/laos/${OWN.lao}/years/2569`, cookies: s.cookies });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /ด้านที่ 1 สาธารณสุขและสิ่งแวดล้อม/);
      assert.match(res.body, /ด้านที่ 8/);
      assert.match(res.body, /ยังไม่บันทึก/);
      assert.match(res.body, new RegExp(`href="${base}/waste-management"`));
    });

    it('re-renders a form with a mistake: 422, the error summary linking to the field, the typed values kept, nothing stored', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `${base}/waste-management`,
        cookies: s.cookies,
        ...form({
          _csrf: s.csrf,
          version: '0',
          'v.generatedTonsPerDay': '-5',
          'v.collectedTonsPerDay': '3',
          'v.recycledTonsPerDay': '1',
        }),
      });
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /<title>ข้อผิดพลาด: /);
      assert.match(res.body, /class="govuk-error-summary"/);
      assert.match(res.body, /href="#f-generatedTonsPerDay"/);
      assert.match(
        res.body,
        /id="f-generatedTonsPerDay"[^>]*value="-5"|value="-5"[^>]*id="f-generatedTonsPerDay"/,
      );
      assert.match(res.body, /aria-describedby="[^"]*f-generatedTonsPerDay-error/);
      const rec = await t.db.kysely
        .selectFrom('dataset_record')
        .selectAll()
        .where('lao_code', '=', OWN.lao)
        .where('dataset_id', '=', 'waste-management')
        .execute();
      assert.equal(rec.length, 0);
    });

    it('saves a corrected form with thousands separators and redirects (POST/redirect/GET)', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `${base}/waste-management`,
        cookies: s.cookies,
        ...form({
          _csrf: s.csrf,
          version: '0',
          'v.generatedTonsPerDay': '1,250.5',
          'v.collectedTonsPerDay': '1000',
          'v.recycledTonsPerDay': '120',
          'v.servedPopulation': '12,000',
          'v.disposalMethod': 'sanitary_landfill',
          'v.disposalSite': 'own',
        }),
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      assert.equal(res.headers.location, `${base}/waste-management?saved=1`);
      const rec = await t.db.kysely
        .selectFrom('dataset_row')
        .select('values_json')
        .where('lao_code', '=', OWN.lao)
        .where('dataset_id', '=', 'waste-management')
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(rec.values_json).generatedTonsPerDay, 1250.5);
      assert.equal(JSON.parse(rec.values_json).servedPopulation, 12000);
    });

    it('adds, edits and deletes list rows, each a new version', async () => {
      const add = await t.app.inject({
        method: 'POST',
        url: `${base}/health-facilities/rows`,
        cookies: s.cookies,
        ...form({
          _csrf: s.csrf,
          version: '0',
          'v.name': 'รพ.สต.บ้านบัว',
          'v.facilityType': '',
          'v.staffCount': '6',
          'v.location': '14.9487, 103.0420',
        }),
      });
      assert.equal(add.statusCode, 303, add.body.slice(0, 500));
      const page = await t.app.inject({ url: `${base}/health-facilities`, cookies: s.cookies });
      assert.match(page.body, /รพ.สต.บ้านบัว/);
      assert.match(page.body, /บันทึกบางส่วน/);
      const rowId = /rows\/([0-9a-f-]{36})\/delete/.exec(page.body)![1]!;
      assert.match(page.body, /data-confirm="ลบแถวที่ 1 ใช่หรือไม่/);
      assert.match(page.body, /src="\/assets\/confirm\.js"/);
      const ask = await t.app.inject({
        method: 'POST',
        url: `${base}/health-facilities/rows/${rowId}/delete`,
        cookies: s.cookies,
        ...form({ _csrf: s.csrf, version: '1' }),
      });
      assert.equal(
        ask.statusCode,
        200,
        'without confirmation the form is answered with the confirmation page',
      );
      assert.match(ask.body, /ลบแถวที่ 1 ใช่หรือไม่/);
      assert.match(ask.body, /รพ.สต.บ้านบัว/);
      assert.match(ask.body, /name="confirmed" value="yes"/);
      const asked = await t.app.inject({
        url: `${base}/health-facilities/rows/${rowId}/delete`,
        cookies: s.cookies,
      });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /ลบแถวนี้/);
      assert.equal(
        (await t.db.kysely.selectFrom('dataset_row').select('id').where('id', '=', rowId).execute()).length,
        1,
        'nothing deleted before the confirmation',
      );
      const del = await t.app.inject({
        method: 'POST',
        url: `${base}/health-facilities/rows/${rowId}/delete`,
        cookies: s.cookies,
        ...form({ _csrf: s.csrf, version: '1', confirmed: 'yes' }),
      });
      assert.equal(del.statusCode, 303);
      const rows = await t.db.kysely
        .selectFrom('dataset_row')
        .selectAll()
        .where('dataset_id', '=', 'health-facilities')
        .where('lao_code', '=', OWN.lao)
        .execute();
      assert.equal(rows.length, 0);
      const stale = await t.app.inject({
        method: 'POST',
        url: `${base}/health-facilities/rows`,
        cookies: s.cookies,
        ...form({ _csrf: s.csrf, version: '1', 'v.name': 'x', 'v.staffCount': '1' }),
      });
      assert.equal(stale.statusCode, 409);
      assert.match(stale.body, /t\.own\.staff/);
    });

    it('records none in our area with a reason from the page', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `${base}/public-health-facilities/none`,
        cookies: s.cookies,
        ...form({ _csrf: s.csrf, version: '0', noneReason: 'ไม่มีตลาดและโรงฆ่าสัตว์ในเขต' }),
      });
      assert.equal(res.statusCode, 303);
      const page = await t.app.inject({ url: `${base}/public-health-facilities`, cookies: s.cookies });
      assert.match(page.body, /ไม่มีตลาดและโรงฆ่าสัตว์ในเขต/);
      assert.match(page.body, /ไม่มีข้อมูลในพื้นที่/);
    });

    it('refuses a form post without the CSRF token', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `${base}/septage-wastewater`,
        cookies: s.cookies,
        ...form({ version: '0', 'v.septageTrucks': '2' }),
      });
      assert.equal(res.statusCode, 403);
    });

    it('shows a read-only view to staff of another division and the history page', async () => {
      const roads = await t.app.inject({ url: `${base}/local-roads`, cookies: s.cookies });
      assert.equal(roads.statusCode, 200);
      assert.ok(!roads.body.includes('id="row-form"'));
      const hist = await t.app.inject({ url: `${base}/waste-management/history`, cookies: s.cookies });
      assert.match(hist.body, /ปริมาณขยะที่เกิดขึ้น|รุ่นที่ 1/);
    });

    const rowsOf = (datasetId: string, year = 2569) =>
      t.db.kysely
        .selectFrom('dataset_row')
        .selectAll()
        .where('dataset_id', '=', datasetId)
        .where('lao_code', '=', OWN.lao)
        .where('year', '=', year)
        .execute();
    const versionOf = async (datasetId: string) =>
      (
        await t.db.kysely
          .selectFrom('dataset_record')
          .select('version')
          .where('dataset_id', '=', datasetId)
          .where('lao_code', '=', OWN.lao)
          .where('year', '=', 2569)
          .executeTakeFirst()
      )?.version ?? 0;

    it('restores a deleted row from the history: a new version of kind row_restore, logged; refused to another LAO’s staff and to the province', async () => {
      const v0 = await versionOf('health-facilities');
      const add = await t.app.inject({
        method: 'POST',
        url: `${base}/health-facilities/rows`,
        cookies: s.cookies,
        ...form({
          _csrf: s.csrf,
          version: String(v0),
          'v.name': 'รพ.สต.หนองตาด',
          'v.facilityType': 'subdistrict_health_hospital',
          'v.staffCount': '4',
        }),
      });
      assert.equal(add.statusCode, 303, add.body.slice(0, 300));
      const [row] = await rowsOf('health-facilities');
      const del = await t.app.inject({
        method: 'POST',
        url: `${base}/health-facilities/rows/${row!.id}/delete`,
        cookies: s.cookies,
        ...form({ _csrf: s.csrf, version: String(v0 + 1), confirmed: 'yes' }),
      });
      assert.equal(del.statusCode, 303);
      assert.equal((await rowsOf('health-facilities')).length, 0);
      const deletedIn = v0 + 2;
      const hist = await t.app.inject({ url: `${base}/health-facilities/history`, cookies: s.cookies });
      const action = `${base}/health-facilities/history/${deletedIn}/rows/${row!.id}/restore`;
      assert.match(hist.body, new RegExp(`action="${action}"`));
      assert.match(hist.body, /กู้คืนแถวที่ 1/);
      for (const who of ['t.other.staff', 't.own.province']) {
        const x = await browserSession(t.app, who);
        const refused = await t.app.inject({
          method: 'POST',
          url: action,
          cookies: x.cookies,
          ...form({ _csrf: x.csrf, version: String(deletedIn) }),
        });
        assert.ok([403, 404].includes(refused.statusCode), `${who}: ${refused.statusCode}`);
        assert.equal((await rowsOf('health-facilities')).length, 0, `${who} changed nothing`);
        assert.equal(await versionOf('health-facilities'), deletedIn);
      }
      const provinceHist = await t.app.inject({
        url: `${base}/health-facilities/history`,
        cookies: (await browserSession(t.app, 't.own.province')).cookies,
      });
      assert.doesNotMatch(provinceHist.body, /\/restore"/, 'no restore button for who may not record');
      const ok = await t.app.inject({
        method: 'POST',
        url: action,
        cookies: s.cookies,
        ...form({ _csrf: s.csrf, version: String(deletedIn) }),
      });
      assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
      assert.match(String(ok.headers.location), /restored=1/);
      const back = await rowsOf('health-facilities');
      assert.equal(back.length, 1);
      assert.equal(JSON.parse(back[0]!.values_json).name, 'รพ.สต.หนองตาด');
      const change = await t.db.kysely
        .selectFrom('dataset_change')
        .select(['kind', 'version'])
        .where('dataset_id', '=', 'health-facilities')
        .where('lao_code', '=', OWN.lao)
        .orderBy('version', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual([change.kind, Number(change.version)], ['row_restore', deletedIn + 1]);
      const logged = await t.db.kysely
        .selectFrom('activity_log')
        .select('action')
        .where('action', '=', 'record.row_restored')
        .execute();
      assert.equal(logged.length, 1);
      const again = await t.app.inject({
        method: 'POST',
        url: action,
        cookies: s.cookies,
        ...form({ _csrf: s.csrf, version: String(deletedIn + 1) }),
      });
      assert.equal(again.statusCode, 409, 'restored once only');
      assert.equal((await rowsOf('health-facilities')).length, 1);
      const noCsrf = await t.app.inject({
        method: 'POST',
        url: action,
        cookies: s.cookies,
        ...form({ version: String(deletedIn + 1) }),
      });
      assert.equal(noCsrf.statusCode, 403);
    });

    it('copies last year only when the user saves: the preview and an unconfirmed post write nothing', async () => {
      const admin = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 't.own.laoadmin', password: TEST_PASSWORD },
      });
      await fillAspect(t.app, admin.json().token, { lao: OWN.lao, year: 2568, aspect: 1 });
      assert.equal((await rowsOf('wastewater-treatment-systems', 2568)).length, 2);
      const ds = `${base}/wastewater-treatment-systems`;
      const page = await t.app.inject({ url: ds, cookies: s.cookies });
      assert.match(page.body, /href="[^"]*\?copy=last-year#copy-preview"/);
      assert.doesNotMatch(page.body, /action="[^"]*copy-last-year"/, 'no button that writes at once');
      const preview = await t.app.inject({ url: `${ds}?copy=last-year`, cookies: s.cookies });
      assert.equal(preview.statusCode, 200);
      assert.match(preview.body, /บันทึกเป็นข้อมูลปีนี้/);
      assert.match(preview.body, /ยังไม่ได้บันทึกสิ่งใด/);
      const unconfirmed = await t.app.inject({
        method: 'POST',
        url: `${ds}/copy-last-year`,
        cookies: s.cookies,
        ...form({ _csrf: s.csrf, version: '0' }),
      });
      assert.equal(unconfirmed.statusCode, 200);
      assert.match(unconfirmed.body, /บันทึกเป็นข้อมูลปีนี้/);
      assert.equal((await rowsOf('wastewater-treatment-systems')).length, 0, 'nothing written yet');
      assert.equal(await versionOf('wastewater-treatment-systems'), 0);
      const form1 = await t.app.inject({
        url: `${base}/septage-wastewater?copy=last-year`,
        cookies: s.cookies,
      });
      assert.equal(form1.statusCode, 200);
      assert.match(form1.body, /คัดลอกข้อมูลปีที่แล้วมาให้แล้ว/);
      assert.equal(await versionOf('septage-wastewater'), 0, 'a form is only filled in, not saved');
      const saved = await t.app.inject({
        method: 'POST',
        url: `${ds}/copy-last-year`,
        cookies: s.cookies,
        ...form({ _csrf: s.csrf, version: '0', confirmed: 'yes' }),
      });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
      assert.equal((await rowsOf('wastewater-treatment-systems')).length, 2);
    });

    it('sends the public to sign in', async () => {
      const res = await t.app.inject({ url: `/laos/${OWN.lao}/years/2569` });
      assert.equal(res.statusCode, 303);
      assert.match(String(res.headers.location), /^\/login\?next=/);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

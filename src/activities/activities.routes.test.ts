import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bearers, browserSession, createRoleMatrixUsers, OWN } from '../../test/factories.ts';
import { certify, fillAspect } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { multipart } from '../../test/multipart.ts';

const Y = 2569;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);
const base = `/api/v1/laos/${OWN.lao}/years/${Y}/activities`;
const pages = `/laos/${OWN.lao}/years/${Y}/activities`;

/** A multipart form: fields first (the CSRF token first of all), then files in the field `file`. */
function form(fields: Record<string, string>, files: { name: string; data: Buffer }[]) {
  const m = multipart(files[0]?.name ?? '', files[0]?.data ?? Buffer.alloc(0), 'file', fields);
  return m;
}

describeEachDb(
  'activities',
  (t) => {
    const as = bearers(t);
    let apiId = '';

    it('records an activity through the API, attaches a photo and reads it back', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: base,
        headers: await as('t.own.staff'),
        payload: {
          date: '2026-05-15',
          title: 'รณรงค์คัดแยกขยะ',
          aspect: 1,
          description: 'หมู่ 1–5',
          participants: 120,
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      apiId = res.json().id;
      const m = multipart('ภาพกิจกรรม.png', PNG);
      const up = await t.app.inject({
        method: 'POST',
        url: `${base}/${apiId}/files`,
        headers: { ...m.headers, ...(await as('t.own.staff')) },
        payload: m.payload,
      });
      assert.equal(up.statusCode, 201, up.body);
      const one = await t.app.inject({ url: `${base}/${apiId}`, headers: await as('t.own.province') });
      assert.equal(one.statusCode, 200);
      assert.equal(one.json().files.length, 1);
      assert.equal(one.json().files[0].mediaType, 'image/png');
      assert.equal(one.json().participants, 120);
    });

    it('refuses a date outside the fiscal year and an unknown aspect, with messages that say what to do', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: base,
        headers: await as('t.own.laoadmin'),
        payload: { date: '2027-01-01', title: 'x', aspect: 1, description: '', participants: null },
      });
      assert.equal(res.statusCode, 422, res.body);
      assert.match(res.body, /ปีงบประมาณ 2569/);
      const bad = await t.app.inject({
        method: 'POST',
        url: base,
        headers: await as('t.own.laoadmin'),
        payload: { date: '2026-01-01', title: '', aspect: 12 },
      });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /ชื่อกิจกรรม/);
    });

    it('keeps activities within scope: another LAO and the province may not record, another LAO may not read', async () => {
      const payload = { date: '2026-05-15', title: 'x', aspect: 1, description: '', participants: null };
      for (const who of ['t.own.province', 't.own.certifier', 't.other.laoadmin']) {
        const res = await t.app.inject({ method: 'POST', url: base, headers: await as(who), payload });
        assert.equal(res.statusCode, 403, who);
      }
      assert.equal(
        (await t.app.inject({ url: base, headers: await as('t.other.laoadmin') })).statusCode,
        403,
      );
      assert.equal(
        (await t.app.inject({ url: `${base}/${apiId}`, headers: await as('t.other.province') })).statusCode,
        403,
      );
    });

    it('changes and lists with filters (aspect, dates, text), a page at a time', async () => {
      const put = await t.app.inject({
        method: 'PUT',
        url: `${base}/${apiId}`,
        headers: await as('t.own.laoadmin'),
        payload: {
          date: '2026-05-16',
          title: 'รณรงค์คัดแยกขยะ ครั้งที่ 2',
          aspect: 1,
          description: 'หมู่ 1–5',
          participants: 150,
        },
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().date, '2026-05-16');
      const h = await as('t.own.laoadmin');
      const all = await t.app.inject({ url: `${base}?pageSize=1`, headers: h });
      assert.equal(all.json().total, 1);
      const byText = await t.app.inject({ url: `${base}?q=${encodeURIComponent('ครั้งที่ 2')}`, headers: h });
      assert.equal(byText.json().total, 1);
      const none = await t.app.inject({ url: `${base}?aspect=2`, headers: h });
      assert.equal(none.json().total, 0);
      const range = await t.app.inject({ url: `${base}?from=2026-05-17`, headers: h });
      assert.equal(range.json().total, 0);
      const wild = await t.app.inject({ url: `${base}?q=%25`, headers: h });
      assert.equal(wild.json().total, 0, 'a % is searched for, not a wildcard');
    });

    it('records an activity with a photo through the page form, with the date typed in the Buddhist era', async () => {
      const s = await browserSession(t.app, 't.own.staff');
      const newPage = await t.app.inject({ url: `${pages}/new`, cookies: s.cookies });
      assert.equal(newPage.statusCode, 200);
      assert.match(newPage.body, /enctype="multipart\/form-data"/);
      const bad = form(
        { _csrf: s.csrf, date: '31/02/2569', title: 'ประชุม', aspect: '1', description: '', participants: '' },
        [{ name: 'a.png', data: PNG }],
      );
      const refused = await t.app.inject({ method: 'POST', url: pages, cookies: s.cookies, ...bad });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, /govuk-error-summary/);
      assert.match(refused.body, /วว\/ดด\/ปปปป/);
      assert.match(refused.body, /value="ประชุม"/);
      const ok = form(
        {
          _csrf: s.csrf,
          date: '01/06/2569',
          title: 'ประชุมประชาคม',
          aspect: '1',
          description: 'ที่ศาลาประชาคม',
          participants: '45',
        },
        [{ name: 'photo.png', data: PNG }],
      );
      const res = await t.app.inject({ method: 'POST', url: pages, cookies: s.cookies, ...ok });
      assert.equal(res.statusCode, 303, res.body);
      const detail = await t.app.inject({ url: String(res.headers.location), cookies: s.cookies });
      assert.equal(detail.statusCode, 200);
      assert.match(detail.body, /ประชุมประชาคม/);
      assert.match(detail.body, /01\/06\/2569/);
      assert.match(detail.body, /href="\/files\/[0-9a-f-]{36}">photo\.png/);
      const list = await t.app.inject({ url: `${pages}?from=01/06/2569`, cookies: s.cookies });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /ประชุมประชาคม/);
      assert.doesNotMatch(list.body, /ครั้งที่ 2/);
      const badFilter = await t.app.inject({ url: `${pages}?from=2026-01-01`, cookies: s.cookies });
      assert.equal(badFilter.statusCode, 400);
      const log = await t.app.inject({ url: '/activity', cookies: s.cookies });
      assert.match(log.body, /บันทึกกิจกรรม/);
    });

    it('shows the public only the activities of certified aspects, with their photos', async () => {
      const pub = `/registry/laos/${OWN.lao}/activities?year=${Y}`;
      const before = await t.app.inject({ url: pub });
      assert.equal(before.statusCode, 200);
      assert.doesNotMatch(before.body, /รณรงค์คัดแยกขยะ/);
      const file = (
        await t.app.inject({ url: `${base}/${apiId}`, headers: await as('t.own.laoadmin') })
      ).json().files[0];
      assert.equal((await t.app.inject({ url: file.url })).statusCode, 401);
      const admin = (await as('t.own.laoadmin')).authorization.slice(7);
      await fillAspect(t.app, admin, { lao: OWN.lao, year: Y, aspect: 1 });
      await certify(t.app, (await as('t.own.certifier')).authorization.slice(7), {
        lao: OWN.lao,
        year: Y,
        aspect: 1,
        level: 'lao',
      });
      const after = await t.app.inject({ url: pub });
      assert.match(after.body, /รณรงค์คัดแยกขยะ/);
      assert.equal((await t.app.inject({ url: file.url })).statusCode, 200);
      const lao = await t.app.inject({ url: `/registry/laos/${OWN.lao}?year=${Y}` });
      assert.match(lao.body, new RegExp(`href="/registry/laos/${OWN.lao}/activities\\?year=${Y}"`));
    });

    it('moves an activity’s files with it to another aspect (who may read them follows that aspect)', async () => {
      const h = await as('t.own.laoadmin');
      const payload = {
        date: '2026-03-01',
        title: 'ขุดลอกคลอง',
        aspect: 1,
        description: '',
        participants: null,
      };
      const a = (await t.app.inject({ method: 'POST', url: base, headers: h, payload })).json();
      const m = multipart('คลอง.png', PNG);
      const up = await t.app.inject({
        method: 'POST',
        url: `${base}/${a.id}/files`,
        headers: { ...m.headers, ...h },
        payload: m.payload,
      });
      assert.equal(up.statusCode, 201, up.body);
      const put = await t.app.inject({
        method: 'PUT',
        url: `${base}/${a.id}`,
        headers: h,
        payload: { ...payload, aspect: 5 },
      });
      assert.equal(put.statusCode, 200, put.body);
      const f = await t.db.kysely
        .selectFrom('evidence_file')
        .select('section_no')
        .where('owner_id', '=', a.id)
        .execute();
      assert.deepEqual(
        f.map((x) => Number(x.section_no)),
        [5],
      );
      const pub = await t.app.inject({ url: up.json().items[0].url });
      assert.equal(pub.statusCode, 401, 'aspect 5 is not certified');
    });

    it('deletes through a confirm page, logged, and the API answers 404 after', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const ask = await t.app.inject({ url: `${pages}/${apiId}/delete`, cookies: s.cookies });
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /ลบกิจกรรมนี้/);
      const done = await t.app.inject({
        method: 'POST',
        url: `${pages}/${apiId}/delete`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, confirmed: 'yes' },
      });
      assert.equal(done.statusCode, 303);
      assert.equal(
        (await t.app.inject({ url: `${base}/${apiId}`, headers: await as('t.own.laoadmin') })).statusCode,
        404,
      );
      const del = await t.app.inject({
        method: 'DELETE',
        url: `${base}/${apiId}`,
        headers: await as('t.own.laoadmin'),
      });
      assert.equal(del.statusCode, 404);
      const logged = await t.db.kysely
        .selectFrom('activity_log')
        .select('action')
        .where('target', '=', apiId)
        .execute();
      assert.deepEqual(logged.map((l) => l.action).sort(), [
        'activity.created',
        'activity.deleted',
        'activity.updated',
      ]);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bearers, browserSession, createRoleMatrixUsers, OTHER, OWN } from '../../test/factories.ts';
import { describeEachDb, type TestCtx } from '../../test/harness.ts';

const api = `/api/v1/laos/${OWN.lao}/divisions`;
type Division = { id: string; nameTh: string; nameEn: string | null; staff: { username: string }[] };

const activity = (t: TestCtx, action: string) =>
  t.db.kysely.selectFrom('activity_log').selectAll().where('action', '=', action).execute();

describeEachDb(
  'divisions: /api/v1/laos/:code/divisions',
  (t) => {
    const as = bearers(t);
    const list = async (who = 't.own.laoadmin', lao = OWN.lao) => {
      const res = await t.app.inject({ url: `/api/v1/laos/${lao}/divisions`, headers: await as(who) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { divisions: Division[]; staff: { username: string; divisionIds: string[] }[] };
    };
    const byName = async (name: string) => (await list()).divisions.find((d) => d.nameTh === name)!;

    it('gives a town municipality the seed memo’s divisions, with their staff', async () => {
      const r = await list();
      assert.deepEqual(
        r.divisions.map((d) => d.nameTh),
        [
          'สำนักปลัด',
          'กองคลัง',
          'กองช่าง',
          'กองการศึกษา',
          'กองสาธารณสุขและสิ่งแวดล้อม',
          'งานป้องกันและบรรเทาสาธารณภัย ฝ่ายอำนวยการ',
          'หน่วยตรวจสอบภายใน',
          'ฝ่ายอำนวยการ งานประชาสัมพันธ์',
        ],
      );
      const health = r.divisions.find((d) => d.nameTh === 'กองสาธารณสุขและสิ่งแวดล้อม')!;
      assert.deepEqual(
        health.staff.map((s) => s.username),
        ['t.own.staff'],
      );
    });

    it('gives a provincial administrative organisation a planning division as well', async () => {
      const r = await list('t.admin', '2310101');
      const names = r.divisions.map((d) => d.nameTh);
      assert.ok(names.includes('กองแผนและงบประมาณ'), names.join());
      assert.ok(names.includes('กองช่าง'));
      const sao = await list('t.other.laoadmin', OTHER.lao);
      assert.equal(sao.divisions.length, 8);
    });

    it('refuses another LAO’s administrator and staff, and own staff writing (403)', async () => {
      for (const who of ['t.other.laoadmin', 't.other.staff']) {
        const res = await t.app.inject({ url: api, headers: await as(who) });
        assert.equal(res.statusCode, 403, who);
      }
      const res = await t.app.inject({
        method: 'POST',
        url: api,
        headers: await as('t.own.staff'),
        payload: { nameTh: 'กองใหม่' },
      });
      assert.equal(res.statusCode, 403);
      const other = await t.app.inject({
        method: 'POST',
        url: api,
        headers: await as('t.other.laoadmin'),
        payload: {},
      });
      assert.equal(other.statusCode, 403, 'a stranger gets 403 before any validation');
      assert.equal((await t.app.inject({ url: api })).statusCode, 401);
    });

    it('adds a division, refuses the same name again and an empty one, and logs the change', async () => {
      const add = await t.app.inject({
        method: 'POST',
        url: api,
        headers: await as('t.own.laoadmin'),
        payload: { nameTh: '  กองแผนและงบประมาณ ', nameEn: 'Planning and Budget Division' },
      });
      assert.equal(add.statusCode, 201, add.body);
      assert.equal(add.json().nameTh, 'กองแผนและงบประมาณ');
      assert.equal(add.json().position, 9);
      const again = await t.app.inject({
        method: 'POST',
        url: api,
        headers: await as('t.own.laoadmin'),
        payload: { nameTh: 'กองแผนและงบประมาณ' },
      });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().errors[0].field, 'nameTh');
      assert.match(again.json().errors[0].message, /มีกองชื่อ "กองแผนและงบประมาณ" อยู่แล้ว/);
      const empty = await t.app.inject({
        method: 'POST',
        url: api,
        headers: { ...(await as('t.own.laoadmin')), 'accept-language': 'en' },
        payload: { nameTh: ' ' },
      });
      assert.equal(empty.statusCode, 422);
      assert.equal(empty.json().errors[0].field, 'nameTh');
      assert.match(empty.json().errors[0].message, /Thai name/);
      assert.equal((await list()).divisions.length, 9);
      const log = await activity(t, 'division.added');
      assert.equal(log.length, 1);
      assert.equal(log[0]!.actor_username, 't.own.laoadmin');
    });

    it('renames a division; its staff and assignments follow it', async () => {
      const d = await byName('กองแผนและงบประมาณ');
      const res = await t.app.inject({
        method: 'PUT',
        url: `${api}/${d.id}`,
        headers: await as('t.own.laoadmin'),
        payload: { nameTh: 'กองยุทธศาสตร์และงบประมาณ' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().nameEn, 'Planning and Budget Division', 'an absent English name is kept');
      assert.equal((await byName('กองยุทธศาสตร์และงบประมาณ')).id, d.id);
      const clash = await t.app.inject({
        method: 'PUT',
        url: `${api}/${d.id}`,
        headers: await as('t.own.laoadmin'),
        payload: { nameTh: 'กองช่าง' },
      });
      assert.equal(clash.statusCode, 409);
      const log = await activity(t, 'division.renamed');
      assert.equal(JSON.parse(log[0]!.detail_json!).old.nameTh, 'กองแผนและงบประมาณ');
    });

    it('records a division’s head (name and position) for the memo; blank clears, absent keeps, too long is refused', async () => {
      const d = await byName('กองช่าง');
      const res = await t.app.inject({
        method: 'PUT',
        url: `${api}/${d.id}`,
        headers: await as('t.own.laoadmin'),
        payload: { nameTh: 'กองช่าง', headNameTh: '  นายสมชาย   ใจดี ', headPositionTh: 'ผู้อำนวยการกองช่าง' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().headNameTh, 'นายสมชาย ใจดี');
      assert.equal(res.json().headPositionTh, 'ผู้อำนวยการกองช่าง');
      const listed = (await list()).divisions.find((x) => x.id === d.id) as unknown as Record<
        string,
        unknown
      >;
      assert.equal(listed.headPositionTh, 'ผู้อำนวยการกองช่าง');
      const log = await activity(t, 'division.renamed');
      assert.equal(JSON.parse(log.at(-1)!.detail_json!).new.headNameTh, 'นายสมชาย ใจดี');
      const words = await t.app.inject({
        url: `/api/v1/activity?lao=${OWN.lao}&action=division.renamed`,
        headers: await as('t.own.laoadmin'),
      });
      assert.match(words.body, /บันทึกหัวหน้ากอง กองช่าง เป็น นายสมชาย ใจดี ผู้อำนวยการกองช่าง/);
      const tooLong = await t.app.inject({
        method: 'PUT',
        url: `${api}/${d.id}`,
        headers: await as('t.own.laoadmin'),
        payload: { nameTh: 'กองช่าง', headPositionTh: 'ก'.repeat(201) },
      });
      assert.equal(tooLong.statusCode, 422);
      assert.match(tooLong.body, /headPositionTh/);
      assert.equal(
        ((await byName('กองช่าง')) as unknown as Record<string, unknown>).headPositionTh,
        'ผู้อำนวยการกองช่าง',
      );
      const keep = await t.app.inject({
        method: 'PUT',
        url: `${api}/${d.id}`,
        headers: await as('t.own.laoadmin'),
        payload: { nameTh: 'กองช่าง', headNameTh: '' },
      });
      assert.equal(keep.json().headNameTh, null, 'blank clears');
      assert.equal(keep.json().headPositionTh, 'ผู้อำนวยการกองช่าง', 'absent keeps');
    });

    it('refuses to remove a division that has staff or assignments, naming them; removes a free one', async () => {
      const health = await byName('กองสาธารณสุขและสิ่งแวดล้อม');
      const withStaff = await t.app.inject({
        method: 'DELETE',
        url: `${api}/${health.id}`,
        headers: await as('t.own.laoadmin'),
      });
      assert.equal(withStaff.statusCode, 409);
      assert.match(withStaff.json().detail, /ยังมีเจ้าหน้าที่ 1 คน: t\.own\.staff/);
      assert.deepEqual(withStaff.json().staff, ['t.own.staff']);

      const works = await byName('กองช่าง');
      const put = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/laos/${OWN.lao}/years/2569/assignments`,
        headers: await as('t.own.laoadmin'),
        payload: { assignments: [{ sectionNo: 4, divisionId: works.id }] },
      });
      assert.equal(put.statusCode, 200, put.body);
      const withWork = await t.app.inject({
        method: 'DELETE',
        url: `${api}/${works.id}`,
        headers: { ...(await as('t.own.laoadmin')) },
      });
      assert.equal(withWork.statusCode, 409);
      assert.match(withWork.json().detail, /ปีงบประมาณ 2569: ด้านที่ 4/);

      const free = await byName('กองยุทธศาสตร์และงบประมาณ');
      const del = await t.app.inject({
        method: 'DELETE',
        url: `${api}/${free.id}`,
        headers: await as('t.own.laoadmin'),
      });
      assert.equal(del.statusCode, 204);
      assert.equal((await list()).divisions.length, 8);
      assert.equal((await activity(t, 'division.removed')).length, 1);
    });

    it('sets which divisions a staff member belongs to, refusing another LAO’s division', async () => {
      const edu = await byName('กองการศึกษา');
      const health = await byName('กองสาธารณสุขและสิ่งแวดล้อม');
      const url = `/api/v1/laos/${OWN.lao}/staff/t.own.staff/divisions`;
      const foreign = (await list('t.other.laoadmin', OTHER.lao)).divisions[0]!;
      const bad = await t.app.inject({
        method: 'PUT',
        url,
        headers: await as('t.own.laoadmin'),
        payload: { divisionIds: [edu.id, foreign.id] },
      });
      assert.equal(bad.statusCode, 422);
      assert.equal(bad.json().errors[0].field, 'divisionIds');
      const ok = await t.app.inject({
        method: 'PUT',
        url,
        headers: await as('t.own.laoadmin'),
        payload: { divisionIds: [health.id, edu.id] },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const staff = (await list()).staff.find((s) => s.username === 't.own.staff')!;
      assert.deepEqual(staff.divisionIds.sort(), [health.id, edu.id].sort());
      const me = await t.app.inject({ url: '/api/v1/me/work?year=2569', headers: await as('t.own.staff') });
      assert.ok(
        me.json().items.some((i: { sectionNo: number }) => i.sectionNo === 2),
        'the new division’s data sets are the staff member’s at once',
      );
      const unknown = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/laos/${OWN.lao}/staff/t.other.staff/divisions`,
        headers: await as('t.own.laoadmin'),
        payload: { divisionIds: [] },
      });
      assert.equal(unknown.statusCode, 404);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

describeEachDb(
  'divisions pages: /laos/:code/divisions',
  (t) => {
    it('lists the divisions with forms for the LAO administrator', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const res = await t.app.inject({ url: `/laos/${OWN.lao}/divisions`, cookies: s.cookies });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /กองสาธารณสุขและสิ่งแวดล้อม/);
      assert.match(res.body, /เพิ่มกอง/);
      assert.match(res.body, /name="_csrf"/);
    });

    it('shows the list read-only to the LAO’s staff, and refuses another LAO (403)', async () => {
      const staff = await browserSession(t.app, 't.own.staff');
      const res = await t.app.inject({ url: `/laos/${OWN.lao}/divisions`, cookies: staff.cookies });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /เพิ่มกอง<\/button>/);
      const other = await browserSession(t.app, 't.other.laoadmin');
      const no = await t.app.inject({ url: `/laos/${OWN.lao}/divisions`, cookies: other.cookies });
      assert.equal(no.statusCode, 403);
    });

    it('re-renders a bad name with 400, the error summary and the value kept; a good one redirects', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const bad = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/divisions`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, nameTh: 'ก', nameEn: 'Kept <b>' },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<title>ข้อผิดพลาด: /);
      assert.match(bad.body, /govuk-error-summary/);
      assert.match(bad.body, /href="#nameTh"/);
      assert.match(bad.body, /value="Kept &lt;b>"/);
      const ok = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/divisions`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, nameTh: 'กองสวัสดิการสังคม' },
      });
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, `/laos/${OWN.lao}/divisions?done=added`);
      const page = await t.app.inject({ url: ok.headers.location, cookies: s.cookies });
      assert.match(page.body, /กองสวัสดิการสังคม/);
      assert.match(page.body, /เพิ่มกองแล้ว/);
    });

    it('explains on the page why a division with staff cannot be removed', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const row = await t.db.kysely
        .selectFrom('division')
        .select('id')
        .where('lao_code', '=', OWN.lao)
        .where('name_th', '=', 'กองสาธารณสุขและสิ่งแวดล้อม')
        .executeTakeFirstOrThrow();
      const res = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/divisions/${row.id}/delete`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf },
      });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /ลบกองสาธารณสุขและสิ่งแวดล้อมไม่ได้/);
      assert.match(res.body, new RegExp(`href="#division-${row.id}"`));
    });

    it('asks before removing a division: the first POST shows what will happen and removes nothing', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const add = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/divisions`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, nameTh: 'กองชั่วคราว' },
      });
      assert.equal(add.statusCode, 303);
      const row = await t.db.kysely
        .selectFrom('division')
        .select('id')
        .where('lao_code', '=', OWN.lao)
        .where('name_th', '=', 'กองชั่วคราว')
        .executeTakeFirstOrThrow();
      const url = `/laos/${OWN.lao}/divisions/${row.id}/delete`;
      const ask = await t.app.inject({ method: 'POST', url, cookies: s.cookies, payload: { _csrf: s.csrf } });
      assert.equal(ask.statusCode, 200);
      assert.match(ask.body, /ลบกองชั่วคราว ใช่หรือไม่/);
      assert.match(ask.body, /name="confirmed" value="yes"/);
      assert.match(ask.body, /ลบกองนี้/);
      const still = await t.db.kysely.selectFrom('division').select('id').where('id', '=', row.id).execute();
      assert.equal(still.length, 1);
      const done = await t.app.inject({
        method: 'POST',
        url,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, confirmed: 'yes' },
      });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, `/laos/${OWN.lao}/divisions?done=removed`);
      const gone = await t.db.kysely.selectFrom('division').select('id').where('id', '=', row.id).execute();
      assert.equal(gone.length, 0);
    });

    it('renames through the form and refuses a form without the CSRF token', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const row = await t.db.kysely
        .selectFrom('division')
        .select('id')
        .where('lao_code', '=', OWN.lao)
        .where('name_th', '=', 'กองสวัสดิการสังคม')
        .executeTakeFirstOrThrow();
      const form = await t.app.inject({
        url: `/laos/${OWN.lao}/divisions/${row.id}/edit`,
        cookies: s.cookies,
      });
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /value="กองสวัสดิการสังคม"/);
      const noCsrf = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/divisions/${row.id}/edit`,
        cookies: s.cookies,
        payload: { nameTh: 'กองสวัสดิการ' },
      });
      assert.equal(noCsrf.statusCode, 403);
      const ok = await t.app.inject({
        method: 'POST',
        url: `/laos/${OWN.lao}/divisions/${row.id}/edit`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, nameTh: 'กองสวัสดิการ', nameEn: '' },
      });
      assert.equal(ok.statusCode, 303);
      const d = await t.db.kysely
        .selectFrom('division')
        .selectAll()
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow();
      assert.equal(d.name_th, 'กองสวัสดิการ');
      assert.equal(d.name_en, null);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

describeEachDb(
  'an LAO keeps at most 100 divisions',
  (t) => {
    const as = bearers(t);
    it('refuses the 101st division with 422 naming nameTh, and adds nothing', async () => {
      const headers = await as('t.own.laoadmin');
      const first = await t.app.inject({ url: api, headers });
      const have = (first.json() as { divisions: Division[] }).divisions.length;
      const at = new Date().toISOString();
      await t.db.kysely
        .insertInto('division')
        .values(
          Array.from({ length: 100 - have }, (_, i) => ({
            id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            lao_code: OWN.lao,
            name_th: `งานที่ ${i + 1}`,
            name_en: null,
            position: have + i + 1,
            created_at: at,
          })),
        )
        .execute();
      const res = await t.app.inject({
        method: 'POST',
        url: api,
        headers: { ...headers, 'accept-language': 'en' },
        payload: { nameTh: 'กองใหม่' },
      });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().errors[0].field, 'nameTh');
      assert.match(res.json().errors[0].message, /at most 100 divisions/);
      const after = (await t.app.inject({ url: api, headers })).json() as { divisions: Division[] };
      assert.equal(after.divisions.length, 100);
      assert.equal((await activity(t, 'division.added')).length, 0);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bearers, browserSession, createRoleMatrixUsers, OWN } from '../../test/factories.ts';
import { describeEachDb, type TestCtx } from '../../test/harness.ts';
import { actorOf } from '../users/users.service.ts';
import { myWork } from './assignments.service.ts';

const api = `/api/v1/laos/${OWN.lao}/years/2569/assignments`;
const page = `/laos/${OWN.lao}/years/2569/assignments`;

type Section = {
  no: number;
  divisionId: string | null;
  divisionNameTh: string | null;
  source: string;
  dueDate: string | null;
  responsibleUsername: string | null;
  datasets: { id: string; override: boolean; divisionId: string | null; dueDate: string | null }[];
};
type WorkItem = { datasetId: string; sectionNo: number; dueDate: string | null; dueSource: string | null };

const divisionId = (t: TestCtx, name: string) =>
  t.db.kysely
    .selectFrom('division')
    .select('id')
    .where('lao_code', '=', OWN.lao)
    .where('name_th', '=', name)
    .executeTakeFirstOrThrow()
    .then((r) => r.id);

const stored = (t: TestCtx) =>
  t.db.kysely
    .selectFrom('assignment')
    .selectAll()
    .where('lao_code', '=', OWN.lao)
    .where('year', '=', 2569)
    .orderBy('section_no')
    .orderBy('dataset_id')
    .execute();

/** The applicable data sets of some sections, from the catalog API. */
async function datasetsOf(t: TestCtx, sections: number[]) {
  const res = await t.app.inject({ url: '/api/v1/catalog?year=2569' });
  return (res.json().sections as { no: number; datasets: { id: string }[] }[])
    .filter((s) => sections.includes(s.no))
    .flatMap((s) => s.datasets.map((d) => d.id))
    .sort();
}

describeEachDb(
  'assignments API: /api/v1/laos/:code/years/:year/assignments',
  (t) => {
    const as = bearers(t);
    const putApi = (headers: Record<string, string>, payload: object) =>
      t.app.inject({ method: 'PUT', url: api, headers, payload });

    it('lists every section with its default division while nothing is assigned', async () => {
      const res = await t.app.inject({ url: api, headers: await as('t.own.laoadmin') });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(
        body.sections.map((s: Section) => s.no),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 0],
      );
      const s4 = body.sections.find((s: Section) => s.no === 4);
      assert.equal(s4.divisionNameTh, 'กองช่าง');
      assert.equal(s4.source, 'default');
      assert.ok(s4.datasets.some((d: { id: string }) => d.id === 'local-roads'));
      assert.deepEqual(body.assignments, []);
      assert.equal(body.lao.code, OWN.lao);
    });

    it('refuses another LAO’s administrator and staff (403) and own staff writing', async () => {
      for (const who of ['t.other.laoadmin', 't.other.staff']) {
        const res = await t.app.inject({ url: api, headers: await as(who) });
        assert.equal(res.statusCode, 403, who);
        const put = await t.app.inject({ method: 'PUT', url: api, headers: await as(who), payload: {} });
        assert.equal(put.statusCode, 403, who);
      }
      const staff = await putApi(await as('t.own.staff'), { assignments: [] });
      assert.equal(staff.statusCode, 403);
      assert.equal((await stored(t)).length, 0);
    });

    it('lets staff record roads once aspect 4 is assigned to their division, and not before', async () => {
      const roads = `/api/v1/laos/${OWN.lao}/years/2569/datasets/local-roads`;
      const none = { version: 0, none: true, noneReason: 'ไม่มีถนนในความรับผิดชอบ' };
      const before = await t.app.inject({
        method: 'PUT',
        url: roads,
        headers: await as('t.own.staff'),
        payload: none,
      });
      assert.equal(before.statusCode, 403);
      const health = await divisionId(t, 'กองสาธารณสุขและสิ่งแวดล้อม');
      const put = await putApi(await as('t.own.laoadmin'), {
        assignments: [
          { sectionNo: 4, divisionId: health, responsibleUsername: 't.own.staff', dueDate: '2026-04-30' },
        ],
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().changed, true);
      const s4 = put.json().sections.find((s: Section) => s.no === 4);
      assert.equal(s4.source, 'section');
      assert.equal(s4.responsibleUsername, 't.own.staff');
      assert.equal(s4.dueDate, '2026-04-30');
      const after = await t.app.inject({
        method: 'PUT',
        url: roads,
        headers: await as('t.own.staff'),
        payload: none,
      });
      assert.equal(after.statusCode, 200, after.body);
      const log = await t.db.kysely
        .selectFrom('activity_log')
        .selectAll()
        .where('action', '=', 'assignment.saved')
        .execute();
      assert.equal(log.length, 1);
      assert.deepEqual(JSON.parse(log[0]!.detail_json!).added, ['4/']);
    });

    it('refuses a due date that is not a real day or is outside the fiscal year, in Thai, storing nothing', async () => {
      const before = await stored(t);
      const health = await divisionId(t, 'กองสาธารณสุขและสิ่งแวดล้อม');
      const put = async (dueDate: string, lang?: string) =>
        putApi(
          { ...(await as('t.own.laoadmin')), ...(lang ? { 'accept-language': lang } : {}) },
          {
            assignments: [
              { sectionNo: 1, divisionId: health, dueDate: '2026-05-15' },
              { sectionNo: 4, divisionId: health, dueDate },
            ],
          },
        );
      const feb30 = await put('2026-02-30');
      assert.equal(feb30.statusCode, 422);
      assert.equal(feb30.json().errors[0].field, 'assignments.1.dueDate');
      assert.match(feb30.json().errors[0].message, /ไม่ใช่วันที่จริง/);
      const later = await put('2026-12-01');
      assert.equal(later.statusCode, 422);
      assert.match(
        later.json().errors[0].message,
        /01\/12\/2569 อยู่นอกปีงบประมาณ 2569 ให้กำหนดระหว่าง 01\/10\/2568 ถึง 30\/09\/2569/,
      );
      const en = await put('2026-12-01', 'en');
      assert.match(en.json().errors[0].message, /outside fiscal year 2569/);
      const text = await put('15/05/2569');
      assert.equal(text.statusCode, 422);
      assert.equal(text.json().errors[0].field, 'assignments.1.dueDate');
      assert.deepEqual(await stored(t), before);
    });

    it('refuses a responsible person who is not staff of the division, another LAO’s division, a twice-assigned section', async () => {
      const before = await stored(t);
      const works = await divisionId(t, 'กองช่าง');
      const foreign = await t.db.kysely
        .selectFrom('division')
        .select('id')
        .where('lao_code', '!=', OWN.lao)
        .executeTakeFirstOrThrow();
      const res = await putApi(await as('t.own.laoadmin'), {
        assignments: [
          { sectionNo: 4, divisionId: works, responsibleUsername: 't.own.staff' },
          { sectionNo: 5, divisionId: foreign.id },
          { sectionNo: 5, divisionId: works },
          { sectionNo: 4, datasetId: 'waste-management', divisionId: works },
          { sectionNo: 12, divisionId: works },
        ],
      });
      assert.equal(res.statusCode, 422);
      const fields = res.json().errors.map((e: { field: string }) => e.field);
      assert.deepEqual(fields, [
        'assignments.0.responsibleUsername',
        'assignments.1.divisionId',
        'assignments.2.sectionNo',
        'assignments.3.datasetId',
        'assignments.4.sectionNo',
      ]);
      assert.deepEqual(await stored(t), before);
    });

    it('keeps a data set override apart from its section, and says when a due date is after the national deadline', async () => {
      const admin = await as('t.admin');
      const dl = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/years/2569/deadline',
        headers: admin,
        payload: { dueDate: '2026-05-15' },
      });
      assert.equal(dl.statusCode, 200, dl.body);
      const health = await divisionId(t, 'กองสาธารณสุขและสิ่งแวดล้อม');
      const works = await divisionId(t, 'กองช่าง');
      const res = await putApi(await as('t.own.laoadmin'), {
        assignments: [
          { sectionNo: 4, divisionId: health, responsibleUsername: 't.own.staff', dueDate: '2026-04-30' },
          { sectionNo: 4, datasetId: 'bridges-culverts', divisionId: works, dueDate: '2026-06-30' },
        ],
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().warnings.length, 1);
      assert.match(res.json().warnings[0].message, /30\/06\/2569 เลยกำหนดส่ง.*15\/05\/2569/);
      const s4 = res.json().sections.find((s: Section) => s.no === 4) as Section;
      const bridges = s4.datasets.find((d) => d.id === 'bridges-culverts')!;
      assert.equal(bridges.override, true);
      assert.equal(bridges.divisionId, works);
      const roads = s4.datasets.find((d) => d.id === 'local-roads')!;
      assert.equal(roads.override, false);
      assert.equal(roads.divisionId, health);
      const rows = await stored(t);
      assert.equal(rows.find((r) => r.dataset_id === '')!.assigned_by, 't.own.laoadmin');
    });

    it('my work lists exactly the staff member’s data sets, with their due dates', async () => {
      const res = await t.app.inject({ url: '/api/v1/me/work?year=2569', headers: await as('t.own.staff') });
      assert.equal(res.statusCode, 200, res.body);
      const items = res.json().items as WorkItem[];
      const expected = (await datasetsOf(t, [1, 4])).filter((id) => id !== 'bridges-culverts');
      assert.deepEqual(items.map((i) => i.datasetId).sort(), expected);
      const roads = items.find((i) => i.datasetId === 'local-roads')!;
      assert.equal(roads.dueDate, '2026-04-30');
      assert.equal(roads.dueSource, 'section');
      const waste = items.find((i) => i.datasetId === 'waste-management')!;
      assert.equal(waste.dueDate, '2026-05-15');
      assert.equal(waste.dueSource, 'national');
      assert.equal(res.json().nationalDeadline, '2026-05-15');
      const admin = await t.app.inject({
        url: '/api/v1/me/work?year=2569',
        headers: await as('t.own.laoadmin'),
      });
      assert.ok(
        (admin.json().items as WorkItem[]).length > items.length,
        'the administrator sees every data set',
      );
      const central = await t.app.inject({ url: '/api/v1/me/work', headers: await as('t.admin') });
      assert.equal(central.statusCode, 403);
      const bad = await t.app.inject({ url: '/api/v1/me/work?year=69', headers: await as('t.own.staff') });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errors[0].field, 'year');
    });

    it('marks what is past due and not done as overdue, as of a given day', async () => {
      const user = await t.db.kysely
        .selectFrom('app_user')
        .selectAll()
        .where('username', '=', 't.own.staff')
        .executeTakeFirstOrThrow();
      const actor = await actorOf(t.db.kysely, user);
      const may1 = await myWork(t.db.kysely, actor, 2569, new Date('2026-05-01T08:00:00+07:00'));
      const overdue = may1.items.filter((i) => i.overdue).map((i) => i.datasetId);
      // Roads were answered "none in our area": done, so not overdue; the rest of aspect 4 was due 30/04/2569.
      assert.ok(!overdue.includes('local-roads'));
      assert.ok(overdue.includes('drainage'));
      assert.ok(!overdue.includes('waste-management'), 'aspect 1 is due on the national deadline, not yet');
      const apr1 = await myWork(t.db.kysely, actor, 2569, new Date('2026-04-01T08:00:00+07:00'));
      assert.equal(apr1.items.filter((i) => i.overdue).length, 0);
    });

    it('applies the seed memo: every section to its default division with the typed due date', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `${api}/seed`,
        headers: await as('t.own.laoadmin'),
        payload: { dueDate: '2026-05-15' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().skipped, []);
      const sections = res.json().sections as Section[];
      assert.equal(sections.find((s) => s.no === 4)!.divisionNameTh, 'กองช่าง');
      assert.equal(sections.find((s) => s.no === 9)!.divisionNameTh, 'กองคลัง');
      assert.equal(sections.find((s) => s.no === 0)!.divisionNameTh, 'สำนักปลัด');
      assert.ok(sections.every((s) => s.source === 'section' && s.dueDate === '2026-05-15'));
      assert.equal((await stored(t)).length, 10, 'the bridges override is replaced');
      const roads = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/laos/${OWN.lao}/years/2569/datasets/local-roads`,
        headers: await as('t.own.staff'),
        payload: { version: 1, none: true, noneReason: 'ยังไม่มีถนนในความรับผิดชอบ' },
      });
      assert.equal(roads.statusCode, 403, 'aspect 4 is กองช่าง’s again');
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

describeEachDb(
  'national deadlines: /api/v1/years/:year/deadline and /admin/deadlines',
  (t) => {
    const as = bearers(t);
    const url = '/api/v1/years/2569/deadline';

    it('is described, with the assignments and divisions, in the OpenAPI document', async () => {
      const paths = Object.keys((await t.app.inject({ url: '/api/openapi.json' })).json().paths);
      for (const p of [
        '/api/v1/years/{year}/deadline',
        '/api/v1/laos/{code}/years/{year}/assignments',
        '/api/v1/laos/{code}/divisions',
        '/api/v1/me/work',
      ])
        assert.ok(paths.includes(p), p);
    });

    it('is set by the central administrator only', async () => {
      for (const who of ['t.own.laoadmin', 't.own.province', 't.own.staff']) {
        const res = await t.app.inject({
          method: 'PUT',
          url,
          headers: await as(who),
          payload: { dueDate: '2026-05-15' },
        });
        assert.equal(res.statusCode, 403, who);
      }
      assert.equal((await t.app.inject({ url })).json().dueDate, null);
      const ok = await t.app.inject({
        method: 'PUT',
        url,
        headers: await as('t.admin'),
        payload: { dueDate: '2026-05-15' },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.json().setBy, 't.admin');
      const pub = await t.app.inject({ url });
      assert.equal(pub.statusCode, 200);
      assert.equal(pub.json().dueDate, '2026-05-15');
      const log = await t.db.kysely
        .selectFrom('activity_log')
        .selectAll()
        .where('action', '=', 'deadline.set')
        .execute();
      assert.equal(log.length, 1);
    });

    it('refuses a date outside the fiscal year or in the wrong format and keeps the old one', async () => {
      const admin = await as('t.admin');
      const outside = await t.app.inject({
        method: 'PUT',
        url,
        headers: admin,
        payload: { dueDate: '2026-10-01' },
      });
      assert.equal(outside.statusCode, 422);
      assert.equal(outside.json().errors[0].field, 'dueDate');
      assert.match(outside.json().errors[0].message, /นอกปีงบประมาณ 2569/);
      const be = await t.app.inject({
        method: 'PUT',
        url,
        headers: admin,
        payload: { dueDate: '15/05/2569' },
      });
      assert.equal(be.statusCode, 422);
      assert.match(be.json().errors[0].message, /ปปปป-ดด-วว/);
      assert.equal((await t.app.inject({ url })).json().dueDate, '2026-05-15');
    });

    it('has a page where the administrator types the deadline as a BE date', async () => {
      const s = await browserSession(t.app, 't.admin');
      const get = await t.app.inject({ url: '/admin/deadlines', cookies: s.cookies });
      assert.equal(get.statusCode, 200);
      assert.match(get.body, /15\/05\/2569/);
      const bad = await t.app.inject({
        method: 'POST',
        url: '/admin/deadlines',
        cookies: s.cookies,
        payload: { _csrf: s.csrf, year: '2570', dueDate: '31/02/2570' },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /กรอกกำหนดส่งเป็นวันที่ วว\/ดด\/ปปปป/);
      assert.match(bad.body, /value="31\/02\/2570"/);
      const ok = await t.app.inject({
        method: 'POST',
        url: '/admin/deadlines',
        cookies: s.cookies,
        payload: { _csrf: s.csrf, year: '2570', dueDate: '14/05/2570' },
      });
      assert.equal(ok.statusCode, 303);
      assert.equal((await t.app.inject({ url: '/api/v1/years/2570/deadline' })).json().dueDate, '2027-05-14');
      const lao = await browserSession(t.app, 't.own.laoadmin');
      assert.equal((await t.app.inject({ url: '/admin/deadlines', cookies: lao.cookies })).statusCode, 403);
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

describeEachDb(
  'assignment pages, my work and the memo',
  (t) => {
    it('renders the assignments form with the default divisions chosen', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const res = await t.app.inject({ url: page, cookies: s.cookies });
      assert.equal(res.statusCode, 200);
      const works = await divisionId(t, 'กองช่าง');
      assert.match(
        res.body,
        new RegExp(`<select[^>]*id="s4-division"[^>]*>(?:(?!</select>).)*value="${works}" selected`, 's'),
      );
      assert.match(res.body, /name="d-local-roads-due"/);
      assert.match(res.body, /มอบหมายตามบันทึกข้อความต้นแบบ/);
    });

    it('re-renders an impossible BE date with 400 and a Thai message beside the field, storing nothing', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const works = await divisionId(t, 'กองช่าง');
      const res = await t.app.inject({
        method: 'POST',
        url: page,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, 's4-division': works, 's4-due': '31/02/2569' },
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<title>ข้อผิดพลาด: /);
      assert.match(res.body, /href="#s4-due"/);
      assert.match(res.body, /กรอกกำหนดแล้วเสร็จของด้านที่ 4 โครงสร้างพื้นฐาน เป็นวันที่ วว\/ดด\/ปปปป \(พ\.ศ\.\)/);
      assert.match(res.body, /value="31\/02\/2569"/);
      const outside = await t.app.inject({
        method: 'POST',
        url: page,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, 's4-division': works, 's4-due': '15/05/2570' },
      });
      assert.equal(outside.statusCode, 400);
      assert.match(outside.body, /อยู่นอกปีงบประมาณ 2569/);
      assert.match(outside.body, /href="#s4-due"/);
      assert.equal((await stored(t)).length, 0);
    });

    it('saves the form with BE dates stored as ISO, and a data set override', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const works = await divisionId(t, 'กองช่าง');
      const health = await divisionId(t, 'กองสาธารณสุขและสิ่งแวดล้อม');
      const res = await t.app.inject({
        method: 'POST',
        url: page,
        cookies: s.cookies,
        payload: {
          _csrf: s.csrf,
          's1-division': health,
          's1-responsible': 't.own.staff',
          's1-due': '30/04/2569',
          's4-division': works,
          's4-due': '15/05/2569',
          'd-local-roads-division': health,
        },
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
      const rows = await stored(t);
      assert.deepEqual(
        rows.map((r) => [r.section_no, r.dataset_id, r.due_date]),
        [
          [1, '', '2026-04-30'],
          [4, '', '2026-05-15'],
          [4, 'local-roads', null],
        ],
      );
      const again = await t.app.inject({ url: page, cookies: s.cookies });
      assert.match(again.body, /value="30\/04\/2569"/);
    });

    it('shows my work to staff with due dates, overdue marked, each linked to its data set page', async () => {
      const s = await browserSession(t.app, 't.own.staff');
      const res = await t.app.inject({ url: '/my-work?year=2569', cookies: s.cookies });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /งานของฉัน/);
      assert.match(res.body, new RegExp(`href="/laos/${OWN.lao}/years/2569/datasets/local-roads"`));
      assert.match(res.body, new RegExp(`href="/laos/${OWN.lao}/years/2569/datasets/waste-management"`));
      assert.doesNotMatch(res.body, /datasets\/bridges-culverts"/);
      assert.match(res.body, /30\/04\/2569/);
      assert.match(res.body, /href="\/my-work"/, 'the header links to my work');
    });

    it('prints the memo in official style: long Thai dates, the LAO’s own deadlines (the national one apart), each division’s head by name and position', async () => {
      await t.db.kysely
        .updateTable('division')
        .set({ head_name_th: 'นายสมชาย ใจดี', head_position_th: 'ผู้อำนวยการกองช่าง' })
        .where('lao_code', '=', OWN.lao)
        .where('name_th', '=', 'กองช่าง')
        .execute();
      // Aspect 4 without a date of the LAO's own, and a national deadline that differs from every LAO date.
      await t.db.kysely
        .updateTable('assignment')
        .set({ due_date: null })
        .where('lao_code', '=', OWN.lao)
        .where('section_no', '=', 4)
        .where('dataset_id', '=', '')
        .execute();
      await t.db.kysely.deleteFrom('year_deadline').where('year', '=', 2569).execute();
      await t.db.kysely
        .insertInto('year_deadline')
        .values({ year: 2569, due_date: '2026-06-30', set_by: 'test', set_at: new Date().toISOString() })
        .execute();
      const s = await browserSession(t.app, 't.own.staff');
      const res = await t.app.inject({
        url: `${page}/memo?date=${encodeURIComponent('01/04/2569')}&no=${encodeURIComponent('บร 52301/123')}`,
        cookies: s.cookies,
      });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /บันทึกข้อความ/);
      assert.match(res.body, /<strong>ส่วนราชการ<\/strong> สำนักปลัด เทศบาลเมืองบ้านบัว/);
      assert.match(res.body, /<strong>วันที่<\/strong> 1 เมษายน 2569/);
      assert.match(res.body, /บร 52301\/123/);
      assert.match(res.body, /การบันทึกข้อมูลในระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น \(INFO\) ประจำปีงบประมาณ 2569/);
      for (const h of ['ลำดับ', 'ด้าน', 'หน่วยงานที่รับผิดชอบ', 'ผู้รับผิดชอบ', 'กำหนดแล้วเสร็จ'])
        assert.match(res.body, new RegExp(`<th scope="col" class="govuk-table__header">${h}</th>`));
      assert.doesNotMatch(
        res.body,
        /<table class="app-memo__table">/,
        'the memo table is the kit’s DataTable',
      );
      // Aspect 4 has no date of the LAO's own: the national deadline is not put in its place but stated apart.
      const row4 =
        /<tr class="govuk-table__row">(?:(?!<\/tr>).)*ด้านที่ 4 โครงสร้างพื้นฐาน(?:(?!<\/tr>).)*<\/tr>/s.exec(
          res.body,
        );
      assert.ok(row4, 'the row of aspect 4');
      assert.match(row4[0], /กองช่าง/);
      assert.match(row4[0], /นายสมชาย ใจดี<\/span><span class="app-memo__person">ผู้อำนวยการกองช่าง/);
      assert.match(row4[0], /data-label="กำหนดแล้วเสร็จ">–</);
      assert.doesNotMatch(row4[0], /30 มิถุนายน 2569/);
      assert.match(res.body, /id="memo-national-deadline"[^>]*>[^<]*ภายในวันที่ 30 มิถุนายน 2569/);
      assert.match(
        res.body,
        /ผู้บันทึกข้อมูล t\.own\.staff<\/span><\/td><td class="govuk-table__cell app-memo__num" data-label="กำหนดแล้วเสร็จ">30 เมษายน 2569/,
      );
      assert.doesNotMatch(res.body, /\d\d\/\d\d\/25\d\d<\/td>/, 'no dd/mm/yyyy in the memo’s table');
      const bad = await t.app.inject({ url: `${page}/memo?date=2026-04-01`, cookies: s.cookies });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /กรอกวันที่เป็น วว\/ดด\/ปปปป/);
      const other = await browserSession(t.app, 't.other.staff');
      assert.equal((await t.app.inject({ url: `${page}/memo`, cookies: other.cookies })).statusCode, 403);
    });

    it('applies the seed memo from the page with a typed BE date', async () => {
      const s = await browserSession(t.app, 't.own.laoadmin');
      const bad = await t.app.inject({
        method: 'POST',
        url: `${page}/seed`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, seedDue: '15/5/69' },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /href="#seedDue"/);
      const ok = await t.app.inject({
        method: 'POST',
        url: `${page}/seed`,
        cookies: s.cookies,
        payload: { _csrf: s.csrf, seedDue: '15/05/2569' },
      });
      assert.equal(ok.statusCode, 303);
      const rows = await stored(t);
      assert.equal(rows.length, 10);
      assert.ok(rows.every((r) => r.due_date === '2026-05-15' && r.dataset_id === ''));
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

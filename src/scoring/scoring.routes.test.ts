import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import ExcelJS from 'exceljs';
import { browserSession, createRoleMatrixUsers, NEIGHBOUR, OWN, tokenFor } from '../../test/factories.ts';
import { editFirstRow, fillAllAspects, fillAspect, listDatasets } from '../../test/fill.ts';
import { describeEachDb } from '../../test/harness.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import { writeEvent } from './scoring.fixtures.ts';

const YEAR = fiscalYearOf();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const scoreUrl = (asOf?: string) =>
  `/api/v1/laos/${OWN.lao}/years/${YEAR}/score${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`;

/** Waits (without a timer) until the clock has moved past the moment just taken, so later writes are later. */
function now(): string {
  const t = Date.now();
  while (Date.now() <= t) {
    /* spin for at most a millisecond */
  }
  return new Date(t).toISOString();
}

type ApiScore = {
  laoCode: string;
  score: number;
  criterion: string;
  reasons: { code: string; aspect?: number; datasetId?: string; message: string }[];
};

describeEachDb(
  'the LPA indicator 4 score through the API',
  (t) => {
    let admin: string;
    let certifier: string;
    let province: string;
    let central: string;
    const moments: Record<string, string> = {};
    const score = async (asOf?: string) => {
      const res = await t.app.inject({ url: scoreUrl(asOf) });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as ApiScore;
    };
    const certifyAll = async (
      token: string,
      level: 'lao' | 'province',
      aspects = [1, 2, 3, 4, 5, 6, 7, 8],
    ) => {
      for (const no of aspects) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/laos/${OWN.lao}/years/${YEAR}/aspects/${no}/certifications`,
          headers: bearer(token),
          payload: { level },
        });
        assert.equal(res.statusCode, 201, `${level} certify ${no}: ${res.body}`);
      }
    };

    before(async () => {
      admin = await tokenFor(t.app, 't.own.laoadmin');
      certifier = await tokenFor(t.app, 't.own.certifier');
      province = await tokenFor(t.app, 't.own.province');
      central = await tokenFor(t.app, 't.admin');
    });

    it('nothing recorded → 0, with the 8 aspects without data as reasons (public, no sign-in)', async () => {
      const s = await score();
      assert.equal(s.score, 0);
      assert.equal(s.laoCode, OWN.lao);
      assert.match(s.criterion, /ไม่สามารถบันทึกข้อมูลได้ทุกชุดข้อมูล/);
      const noData = s.reasons.filter((r) => r.code === 'aspect_no_data').map((r) => r.aspect);
      assert.deepEqual(noData, [1, 2, 3, 4, 5, 6, 7, 8]);
      assert.ok(s.reasons.some((r) => r.code === 'dataset_empty' && r.datasetId === 'waste-management'));
      moments.zero = now();
    });

    it('data in only some aspects → 1; some data in every aspect → 2', async () => {
      await fillAspect(t.app, admin, { lao: OWN.lao, year: YEAR, aspect: 1 });
      const one = await score();
      assert.equal(one.score, 1);
      assert.deepEqual(
        one.reasons.filter((r) => r.code === 'aspect_no_data').map((r) => r.aspect),
        [2, 3, 4, 5, 6, 7, 8],
      );
      const sets = await listDatasets(t.app, admin, OWN.lao, YEAR);
      for (const no of [2, 3, 4, 5, 6, 7, 8]) {
        const mine = sets.filter((d) => d.sectionNo === no).map((d) => d.datasetId);
        await fillAspect(t.app, admin, {
          lao: OWN.lao,
          year: YEAR,
          aspect: no,
          lists: 'none',
          skip: mine.slice(1),
        });
      }
      const two = await score();
      assert.equal(two.score, 2);
      assert.ok(!two.reasons.some((r) => r.code === 'aspect_no_data'));
      const step = two.reasons.find((r) => r.code === 'dataset_empty')!;
      assert.ok(step.aspect && step.aspect >= 2 && step.datasetId);
      moments.two = now();
    });

    it('everything complete and valid → 3; every aspect certified by the LAO → 4; and by the province → 5', async () => {
      await fillAllAspects(t.app, admin, { lao: OWN.lao, year: YEAR, lists: 'none' });
      const three = await score();
      assert.equal(three.score, 3, JSON.stringify(three.reasons.slice(0, 3)));
      assert.deepEqual(
        three.reasons.map((r) => r.code),
        Array(8).fill('aspect_not_lao_certified'),
      );
      moments.three = now();
      await certifyAll(certifier, 'lao');
      const four = await score();
      assert.equal(four.score, 4);
      assert.deepEqual(
        four.reasons.map((r) => r.code),
        Array(8).fill('aspect_not_province_certified'),
      );
      moments.four = now();
      await certifyAll(province, 'province');
      const five = await score();
      assert.equal(five.score, 5);
      assert.deepEqual(five.reasons, []);
      moments.five = now();
    });

    it('an edit after certification takes the score down until the aspect is certified again', async () => {
      const edit = await editFirstRow(t.app, admin, {
        lao: OWN.lao,
        year: YEAR,
        datasetId: 'waste-management',
        set: { generatedTonsPerDay: 14, collectedTonsPerDay: 10, recycledTonsPerDay: 2 },
        changeReason: 'ชั่งน้ำหนักใหม่',
      });
      assert.equal(edit.statusCode, 200, edit.body);
      const down = await score();
      assert.equal(down.score, 3);
      assert.ok(down.reasons.some((r) => r.code === 'aspect_changed_after_certification' && r.aspect === 1));
      assert.match(down.reasons[0]!.message, /แก้ไขหลังการรับรอง/);
      moments.edited = now();
      await certifyAll(certifier, 'lao', [1]);
      assert.equal((await score()).score, 4);
      await certifyAll(province, 'province', [1]);
      assert.equal((await score()).score, 5);
    });

    it('the score as of a past moment is what was true then, and stays the same when asked again', async () => {
      const expected: Record<string, number> = { zero: 0, two: 2, three: 3, four: 4, five: 5, edited: 3 };
      for (const [k, v] of Object.entries(expected)) assert.equal((await score(moments[k])).score, v, k);
      // More history after those moments changes nothing about them.
      const again = await editFirstRow(t.app, admin, {
        lao: OWN.lao,
        year: YEAR,
        datasetId: 'waste-management',
        set: { generatedTonsPerDay: 15, collectedTonsPerDay: 10, recycledTonsPerDay: 2 },
        changeReason: 'แก้ไขอีกครั้ง',
      });
      assert.equal(again.statusCode, 200, again.body);
      for (const [k, v] of Object.entries(expected))
        assert.equal((await score(moments[k])).score, v, `${k} again`);
      assert.notEqual((await score(moments.three)).score, (await score(moments.four)).score);
    });

    it('lists the country and a province with the distribution; reasons in English with Accept-Language: en', async () => {
      const res = await t.app.inject({
        url: `/api/v1/scores?year=${YEAR}&province=${OWN.province}&pageSize=500`,
        headers: { 'accept-language': 'en' },
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { items: ApiScore[]; distribution: Record<string, number>; total: number };
      assert.equal(body.total, body.items.length);
      assert.equal(
        Object.values(body.distribution).reduce((a, b) => a + b, 0),
        body.total,
      );
      const own = body.items.find((i) => i.laoCode === OWN.lao)!;
      assert.equal(own.score, 3);
      assert.match(
        own.reasons.find((r) => r.code === 'aspect_changed_after_certification')!.message,
        /changed after certification/,
      );
      assert.ok(body.distribution['0']! > 100);
      const country = (await t.app.inject({ url: `/api/v1/scores?year=${YEAR}&pageSize=10&page=2` })).json();
      assert.ok(country.total > 7800);
      assert.equal(country.items.length, 10);
      assert.equal(country.distribution['3'], 1);
      const filtered = (await t.app.inject({ url: `/api/v1/scores?year=${YEAR}&score=3` })).json();
      assert.deepEqual(
        filtered.items.map((i: ApiScore) => i.laoCode),
        [OWN.lao],
      );
    });

    it('a table read again after a save shows the change (the shared run is not reused once history moved)', async () => {
      const before = (await t.app.inject({ url: `/api/v1/scores?year=${YEAR}&pageSize=1` })).json();
      const again = (await t.app.inject({ url: `/api/v1/scores?year=${YEAR}&pageSize=1` })).json();
      assert.deepEqual(again.distribution, before.distribution);
      await fillAspect(t.app, central, { lao: NEIGHBOUR.lao, year: YEAR, aspect: 1, lists: 'none' });
      const after = (await t.app.inject({ url: `/api/v1/scores?year=${YEAR}&pageSize=1` })).json();
      assert.equal(after.distribution['1'], before.distribution['1'] + 1);
      assert.equal(after.distribution['0'], before.distribution['0'] - 1);
      const past = (
        await t.app.inject({
          url: `/api/v1/scores?year=${YEAR}&pageSize=1&asOf=${encodeURIComponent(moments.five!)}`,
        })
      ).json();
      assert.equal(past.distribution['1'], before.distribution['1']);
    });

    it('refuses a moment in the future, before the fiscal year, or unreadable: 400 naming asOf, Thai and English', async () => {
      const future = await t.app.inject({ url: scoreUrl('2099-01-01T00:00:00+07:00') });
      assert.equal(future.statusCode, 400);
      assert.equal(future.json().errors[0].field, 'asOf');
      assert.match(future.json().detail, /ยังไม่มาถึง/);
      const early = await t.app.inject({
        url: scoreUrl('2020-01-01T00:00:00+07:00'),
        headers: { 'accept-language': 'en' },
      });
      assert.equal(early.statusCode, 400);
      assert.match(early.json().detail, /before fiscal year \d{4} starts \(01\/10\/\d{4}\)/);
      const bad = await t.app.inject({ url: `/api/v1/scores?year=${YEAR}&asOf=yesterday` });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.json().detail, /asOf/);
      const page = await t.app.inject({ url: `/scores?year=${YEAR}&asOf=31/02/2569` });
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /<title>ข้อผิดพลาด: /);
      assert.match(page.body, /href="#asOf"/);
      // The hint and the error speak the Buddhist-era form people type, never ISO 8601.
      assert.match(page.body, /ระบุวันเวลาเป็น วว\/ดด\/ปปปป ชช:นน \(พ\.ศ\.\) เช่น 15\/05\/2569 15:30/);
      assert.match(page.body, /id="asOf-hint"[^>]*>วว\/ดด\/ปปปป ชช:นน \(พ\.ศ\.\)/);
      assert.doesNotMatch(page.body, /2026-05-15T15:30/);
    });

    it('accepts a moment typed as a Buddhist-era date and time (Bangkok), the same as its ISO form', async () => {
      const d = new Date(Math.floor(new Date(moments.four!).getTime() / 1000) * 1000);
      const b = new Date(d.getTime() + 7 * 3600_000);
      const p2 = (n: number) => String(n).padStart(2, '0');
      const typed = `${p2(b.getUTCDate())}/${p2(b.getUTCMonth() + 1)}/${b.getUTCFullYear() + 543} ${p2(b.getUTCHours())}:${p2(b.getUTCMinutes())}:${p2(b.getUTCSeconds())}`;
      const viaBe = await score(typed);
      assert.equal(viaBe.score, (await score(d.toISOString())).score);
    });

    it('a frozen assessment keeps its scores when the data changes; a differing recomputation is flagged', async () => {
      const asOf = moments.five!;
      const anon = await t.app.inject({
        method: 'POST',
        url: '/api/v1/assessments',
        payload: { scope: 'lao', code: OWN.lao, year: YEAR, asOf },
      });
      assert.equal(anon.statusCode, 401);
      const other = await tokenFor(t.app, 't.other.province');
      const refused = await t.app.inject({
        method: 'POST',
        url: '/api/v1/assessments',
        headers: bearer(other),
        payload: { scope: 'lao', code: OWN.lao, year: YEAR, asOf },
      });
      assert.equal(refused.statusCode, 403);
      const country = await t.app.inject({
        method: 'POST',
        url: '/api/v1/assessments',
        headers: bearer(province),
        payload: { scope: 'country', year: YEAR, asOf },
      });
      assert.equal(country.statusCode, 403);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/assessments',
        headers: bearer(province),
        payload: { scope: 'province', code: OWN.province, year: YEAR, asOf, note: 'ตรวจประเมิน' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json().id as string;
      const get = async () => (await t.app.inject({ url: `/api/v1/assessments/${id}` })).json();
      const first = await get();
      const item = () => first.items.find((i: { laoCode: string }) => i.laoCode === OWN.lao);
      assert.equal(item().score, 5);
      assert.equal(first.differing, 0);
      // Every LAO's reasons are frozen with its score (an LAO with nothing recorded has its steps).
      const empty = first.items.find((i: { score: number }) => i.score === 0);
      assert.equal(empty.reasons[0].code, 'aspect_no_data');
      assert.match(empty.reasons[0].message, /ยังไม่ได้บันทึกข้อมูลชุดใดเลย/);
      // Later data changes: the frozen score and the recomputation as of the same moment stay 5.
      const edited = await editFirstRow(t.app, admin, {
        lao: OWN.lao,
        year: YEAR,
        datasetId: 'waste-management',
        set: { generatedTonsPerDay: 16, collectedTonsPerDay: 10, recycledTonsPerDay: 2 },
        changeReason: 'แก้ไขหลังวันประเมิน',
      });
      assert.equal(edited.statusCode, 200, edited.body);
      const later = await get();
      assert.equal(later.items.find((i: { laoCode: string }) => i.laoCode === OWN.lao).score, 5);
      assert.equal(later.differing, 0);
      // A correction dated before the moment (history rewritten): the recomputation differs and is flagged.
      await writeEvent(t.db.kysely, {
        lao: OWN.lao,
        year: YEAR,
        section: 2,
        level: 'lao',
        action: 'withdraw',
        at: new Date(new Date(asOf).getTime() - 1).toISOString(),
      });
      const flagged = await get();
      const mine = flagged.items.find((i: { laoCode: string }) => i.laoCode === OWN.lao);
      assert.equal(mine.score, 5);
      assert.equal(mine.recomputedScore, 3);
      assert.equal(mine.differs, true);
      assert.equal(flagged.differing, 1);
      const page = await t.app.inject({ url: `/assessments/${id}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /id="differs-warning"/);
    });

    it('pages the frozen assessments and the LAOs of one, with next links', async () => {
      const made: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/assessments',
          headers: bearer(province),
          payload: { scope: 'lao', code: OWN.lao, year: YEAR, asOf: moments.five!, note: `รอบที่ ${i}` },
        });
        assert.equal(res.statusCode, 201, res.body);
        made.push(res.json().id);
      }
      const list = (await t.app.inject({ url: `/api/v1/assessments?year=${YEAR}&pageSize=2` })).json();
      assert.ok(list.total >= 4);
      assert.deepEqual(
        list.items.map((a: { id: string }) => a.id),
        [made[2], made[1]],
        'newest first',
      );
      assert.equal(list.next, `/api/v1/assessments?year=${YEAR}&pageSize=2&page=2`);
      const province31 = list.total;
      const all = (await t.app.inject({ url: `/api/v1/assessments?year=${YEAR}&pageSize=500` })).json();
      assert.equal(all.items.length, province31);
      const id = all.items.find((a: { scope: string }) => a.scope === 'province').id as string;
      const first = (await t.app.inject({ url: `/api/v1/assessments/${id}?pageSize=50` })).json();
      assert.equal(first.items.length, 50);
      assert.ok(first.total > 100, 'every LAO of the province is in it');
      assert.equal(first.next, `/api/v1/assessments/${id}?pageSize=50&page=2`);
      const lastPage = Math.ceil(first.total / 50);
      const last = (
        await t.app.inject({ url: `/api/v1/assessments/${id}?pageSize=50&page=${lastPage}` })
      ).json();
      assert.equal(last.items.length, first.total - 50 * (lastPage - 1));
      assert.equal(last.next, null);
      const codes = new Set([...first.items, ...last.items].map((x: { laoCode: string }) => x.laoCode));
      assert.equal(codes.size, first.items.length + last.items.length, 'no LAO on two pages');
    });

    it('exports the province table as CSV and .xlsx, and the distribution by province', async () => {
      const csv = await t.app.inject({ url: `/scores.csv?year=${YEAR}&province=${OWN.province}` });
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      const lines = csv.body
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      assert.match(
        lines[0]!,
        /^ลำดับ,จังหวัด,อำเภอ,รหัส อปท\.,อปท\.,คะแนน/,
        'the header in row 1, no title above it',
      );
      assert.match(
        lines[1]!,
        /,\d{2}\/\d{2}\/25\d{2} \d{2}:\d{2}:\d{2},\d{4}-\d{2}-\d{2}T/,
        'as of, in BE and ISO 8601',
      );
      const own = lines.find((l) => l.includes(OWN.lao))!;
      assert.match(own, /เทศบาลเมืองบ้านบัว/);
      const xlsx = await t.app.inject({ url: `/scores.xlsx?year=${YEAR}&province=${OWN.province}` });
      assert.equal(xlsx.statusCode, 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      assert.equal(ws.getRow(1).getCell(4).value, 'รหัส อปท.');
      const rows: unknown[][] = [];
      ws.eachRow((r) => rows.push(r.values as unknown[]));
      assert.equal(rows.length, lines.length);
      assert.ok(rows.some((r) => r[4] === OWN.lao));
      const byProvince = await t.app.inject({ url: `/scores/by-province.csv?year=${YEAR}` });
      assert.equal(byProvince.statusCode, 200);
      assert.equal(byProvince.body.trim().split('\r\n').length, 1 + 76);
      const xp = await t.app.inject({ url: `/scores/by-province.xlsx?year=${YEAR}` });
      assert.equal(xp.statusCode, 200);
    });

    it('renders the score page, the tables and the evidence page; the central administrator can use the form', async () => {
      const page = await t.app.inject({ url: `/laos/${OWN.lao}/years/${YEAR}/score` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /3 จาก 5 คะแนน/);
      assert.match(page.body, new RegExp(`/certification/laos/${OWN.lao}/years/${YEAR}#aspect-\\d`));
      const national = await t.app.inject({ url: `/scores?year=${YEAR}` });
      assert.equal(national.statusCode, 200);
      assert.match(national.body, /<svg class="app-chart"/);
      assert.match(national.body, /id="by-province"/);
      const prov = await t.app.inject({ url: `/scores?year=${YEAR}&province=${OWN.province}&score=3` });
      assert.match(prov.body, /เทศบาลเมืองบ้านบัว/);
      const ev = await t.app.inject({
        url: `/laos/${OWN.lao}/years/${YEAR}/evidence?asOf=${encodeURIComponent(moments.four!)}`,
      });
      assert.equal(ev.statusCode, 200);
      // Printed on A4: the page's block takes the named page of the shared stylesheet (no inline style: CSP).
      assert.match(ev.body, /<div class="app-evidence">/);
      const css = await t.app.inject({ url: '/assets/app.css' });
      assert.match(css.body, /@page evidence \{ size: A4/);
      assert.match(css.body, /\.app-evidence \{ page: evidence; \}/);
      assert.match(ev.body, /ด้านที่ 8/);
      assert.match(ev.body, /ณ วันที่ \d\d\/\d\d\/25\d\d \d\d:\d\d:\d\d/);
      assert.match(ev.body, /ได้ 4 คะแนน จาก 5/);
      assert.match(ev.body, /id="certification-log"/);
      assert.doesNotMatch(ev.body, /t\.own\.certifier/, 'names are hidden from the public');
      // The whole ladder on both pages: six levels, the one reached named, score 3's reading beside the official words.
      for (const [body, id, score] of [
        [page.body, 'rubric-ladder', 3],
        [ev.body, 'evidence-ladder', 4],
      ] as const) {
        const ladder = new RegExp(`<table[^>]*id="${id}"[\\s\\S]*?</table>`).exec(body)?.[0] ?? '';
        assert.equal((ladder.match(/<tr class="govuk-table__row/g) ?? []).length, 1 + 6, id);
        assert.equal((ladder.match(/ถ้อยคำทางการ</g) ?? []).length, 5, id);
        assert.equal((ladder.match(/การตีความของระบบ</g) ?? []).length, 1, id);
        assert.match(
          ladder,
          /ถ้อยคำในตัวชี้วัด:<\/strong> <q lang="th">บันทึกข้อมูลครบทุกด้านได้อย่างถูกต้อง เป็นปัจจุบัน และผ่านการรับรองจากองค์กรปกครองส่วนท้องถิ่น<\/q>/,
        );
        assert.match(ladder, /เหตุที่ระบบอ่านเช่นนี้/);
        assert.match(
          ladder,
          new RegExp(
            `<tr class="govuk-table__row app-ladder__reached"><th scope="row"[^>]*>${score} <strong class="govuk-tag govuk-tag--blue app-ladder__mark">ระดับที่ได้`,
          ),
        );
        assert.equal((ladder.match(/ระดับที่ได้/g) ?? []).length, 1);
      }
      // The indicator's frame: weight 5, unit, period in official dates, the two references it cites.
      const frame = /id="indicator-frame"[\s\S]*?<\/section>/.exec(ev.body)?.[0] ?? '';
      assert.match(frame, /น้ำหนัก<\/dt><dd class="govuk-summary-list__value">5</);
      assert.match(frame, /หน่วยที่ 2 การปรับสมดุลและพัฒนาระบบการบริหารจัดการองค์กรปกครองส่วนท้องถิ่น/);
      assert.match(frame, new RegExp(`id="indicator-period">1 ตุลาคม ${YEAR - 1} ถึง \\d{1,2} \\S+ 25\\d\\d<`));
      assert.match(frame, /พระราชกฤษฎีกาว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี/);
      assert.match(frame, /มท 0882\.4\/ว 435/);
      assert.match(ev.body, /id="evidence-as-of">\d{1,2} \S+ 25\d\d เวลา \d\d:\d\d:\d\d น\.</);
      assert.doesNotMatch(ev.body + page.body, /ฉบับ 0|revision 0/);
      const en = await t.app.inject({ url: `/laos/${OWN.lao}/years/${YEAR}/score?lang=en` });
      assert.match(en.body, /Product reading/);
      assert.match(en.body, /Why the product reads it so/);
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
      for (const path of ['/api/v1/scores', '/api/v1/laos/{code}/years/{year}/score', '/api/v1/assessments'])
        assert.ok(doc.paths[path], path);
      const form = await t.app.inject({ url: '/assessments', headers: bearer(central) });
      assert.match(form.body, /บันทึกการประเมิน/);
    });

    it('records an assessment through the page form: errors re-render with 400 and the values kept; success redirects', async () => {
      const { cookies, csrf } = await browserSession(t.app, 't.own.province');
      const bad = await t.app.inject({
        method: 'POST',
        url: '/assessments',
        cookies,
        payload: { _csrf: csrf, scope: 'lao', code: '12', year: String(YEAR), asOf: '31/02/2569' },
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /<title>ข้อผิดพลาด: /);
      assert.match(bad.body, /href="#code"/);
      assert.match(bad.body, /value="31\/02\/2569"/);
      const noCsrf = await t.app.inject({
        method: 'POST',
        url: '/assessments',
        cookies,
        payload: { scope: 'lao', code: OWN.lao, year: String(YEAR), asOf: moments.four! },
      });
      assert.equal(noCsrf.statusCode, 403);
      const ok = await t.app.inject({
        method: 'POST',
        url: '/assessments',
        cookies,
        payload: { _csrf: csrf, scope: 'lao', code: OWN.lao, year: String(YEAR), asOf: moments.four! },
      });
      assert.equal(ok.statusCode, 303, ok.body);
      const page = await t.app.inject({ url: String(ok.headers.location) });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /เทศบาลเมืองบ้านบัว \(5310108\)/);
      const list = (await t.app.inject({ url: `/api/v1/assessments?year=${YEAR}` })).json().items;
      assert.ok(
        list.some((a: { scope: string; scopeCode: string }) => a.scope === 'lao' && a.scopeCode === OWN.lao),
      );
    });
  },
  { setup: async (t) => void (await createRoleMatrixUsers(t.db.kysely)) },
);

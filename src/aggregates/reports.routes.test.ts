import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createRoleMatrixUsers, TEST_PASSWORD, tokenFor } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';
import { seedNationwide } from '../seed/nationwide.service.ts';
import { createUser } from '../users/users.service.ts';
import { parseCsv } from '../util/csv.ts';

const WASTE = 'dataset=waste-management&field=generatedTonsPerDay';

// ภูเก็ต (83) and ระนอง (85), seeded with the nationwide generator: FY 2569 partly certified, FY 2568 certified.
describeEachDb('GET /api/v1/reports/stats and the /reports pages', (ctx) => {
  const tokens: Record<string, string> = {};
  const get = (url: string, who?: string, lang?: string) =>
    ctx.app.inject({
      url,
      headers: {
        ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}),
        ...(lang ? { 'accept-language': lang } : {}),
      },
    });

  before(async () => {
    const k = ctx.db.kysely;
    await seedNationwide(k, { year: 2569, fill: 0.85, seed: 7, provinces: ['83', '85'] });
    await createRoleMatrixUsers(k);
    await createUser(k, 'system', {
      username: 'phuket.officer',
      displayName: 'สถ.จ. ภูเก็ต',
      password: TEST_PASSWORD,
      role: 'province_officer',
      provinceCode: '83',
      mustChangePassword: false,
    });
    tokens.admin = await tokenFor(ctx.app, 't.admin');
    tokens.phuket = await tokenFor(ctx.app, 'phuket.officer');
  });

  /**
   * Each LAO's waste generated per day, read from the tables in JavaScript rather than SQL: every recorded
   * value, and whether the public may see it (the LAO certified aspect 1 and changed nothing since).
   */
  async function wasteByLao(year: number) {
    const k = ctx.db.kysely;
    const [rows, certified, laos] = await Promise.all([
      k
        .selectFrom('dataset_row')
        .select(['lao_code', 'values_json'])
        .where('year', '=', year)
        .where('dataset_id', '=', 'waste-management')
        .execute(),
      k
        .selectFrom('aspect_status')
        .select(['lao_code'])
        .where('year', '=', year)
        .where('section_no', '=', 1)
        .where('lao_certified_at', 'is not', null)
        .where('changed_after_certification_at', 'is', null)
        .execute(),
      k.selectFrom('lao').select(['code', 'province_code']).execute(),
    ]);
    const isCertified = new Set(certified.map((c) => c.lao_code));
    const province = new Map(laos.map((l) => [l.code, l.province_code]));
    return rows.map((r) => ({
      lao: r.lao_code,
      province: province.get(r.lao_code)!,
      value: JSON.parse(r.values_json).generatedTonsPerDay as number | null,
      certified: isCertified.has(r.lao_code),
    }));
  }
  const total = (xs: { value: number | null }[]) => xs.reduce((s, x) => s + (x.value ?? 0), 0);
  const close = (a: number, b: number, what: string) =>
    assert.ok(Math.abs(a - b) < 0.001, `${what}: ${a} vs ${b}`);

  it('gives the public a national report of waste by province that equals the sum of the certified LAO values', async () => {
    const res = await get(`/api/v1/reports/stats?year=2569&${WASTE}`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.basis, 'certified');
    assert.deepEqual(body.field, {
      key: 'generatedTonsPerDay',
      labelTh: body.field.labelTh,
      labelEn: body.field.labelEn,
      unit: body.field.unit,
    });
    const laos = await wasteByLao(2569);
    const open = laos.filter((l) => l.certified);
    assert.ok(open.length > 0 && open.length < laos.length, 'some LAOs certified aspect 1, some not');
    assert.deepEqual(
      body.items.map((i: { code: string }) => i.code),
      ['83', '85'],
    );
    for (const item of body.items) {
      const mine = open.filter((l) => l.province === item.code);
      close(item.sum, total(mine), item.code);
      assert.equal(item.laos, mine.length);
      assert.equal(item.values, mine.filter((l) => l.value !== null).length);
    }
    close(body.total.sum, total(open), 'total');
    assert.equal(body.items[0].nameTh, 'ภูเก็ต');
  });

  it('never shows the public an uncertified value: basis=recorded needs a sign-in, and adds the rest', async () => {
    const laos = await wasteByLao(2569);
    const anon = await get(`/api/v1/reports/stats?year=2569&${WASTE}&basis=recorded`);
    assert.equal(anon.statusCode, 401);
    const admin = await get(`/api/v1/reports/stats?year=2569&${WASTE}&basis=recorded`, 'admin');
    assert.equal(admin.statusCode, 200, admin.body);
    close(admin.json().total.sum, total(laos), 'recorded total');
    assert.ok(admin.json().total.sum > total(laos.filter((l) => l.certified)), 'uncertified values exist');
  });

  it('gives a province officer the recorded values of their own province only', async () => {
    const own = await get(
      `/api/v1/reports/stats?year=2569&${WASTE}&basis=recorded&province=83&by=lao`,
      'phuket',
    );
    assert.equal(own.statusCode, 200, own.body);
    const laos = (await wasteByLao(2569)).filter((l) => l.province === '83');
    close(own.json().total.sum, total(laos), 'province 83 recorded');
    const codes = own.json().items.map((i: { code: string }) => i.code);
    assert.ok(codes.every((c: string) => laos.some((l) => l.lao === c)));
    const other = await get(`/api/v1/reports/stats?year=2569&${WASTE}&basis=recorded&province=85`, 'phuket');
    assert.equal(other.statusCode, 403);
    // Their default area, without one asked: their province.
    const mine = await get(`/api/v1/reports/stats?year=2569&${WASTE}&basis=recorded`, 'phuket');
    assert.deepEqual(
      mine.json().items.map((i: { code: string }) => i.code),
      ['83'],
    );
  });

  it('drills down from a province to its LAOs and to one LAO, each level adding up to the one above', async () => {
    const national = (await get(`/api/v1/reports/stats?year=2569&${WASTE}`)).json();
    const province = (await get(`/api/v1/reports/stats?year=2569&${WASTE}&province=83&by=lao`)).json();
    close(
      province.items.reduce((s: number, i: { sum: number }) => s + i.sum, 0),
      national.items[0].sum,
      'LAOs of 83',
    );
    const one = province.items[0];
    assert.match(one.nameTh, /^(องค์การบริหารส่วน|เทศบาล)/, 'full LAO name with its type');
    const lao = (await get(`/api/v1/reports/stats?year=2569&${WASTE}&lao=${one.code}&by=lao`)).json();
    assert.equal(lao.items.length, 1);
    close(lao.total.sum, one.sum, 'one LAO');
    const byType = (await get(`/api/v1/reports/stats?year=2569&${WASTE}&by=type`)).json();
    close(
      byType.items.reduce((s: number, i: { sum: number }) => s + i.sum, 0),
      national.total.sum,
      'by type',
    );
    const byDistrict = (await get(`/api/v1/reports/stats?year=2569&${WASTE}&province=83&by=district`)).json();
    assert.ok(byDistrict.items.every((i: { code: string }) => i.code.startsWith('83')));
  });

  it('puts last year’s certified total beside this year’s, and the change over the LAOs certified in both', async () => {
    const body = (await get(`/api/v1/reports/stats?year=2569&${WASTE}`)).json();
    assert.equal(body.previousYear, 2568);
    const before = (await wasteByLao(2568)).filter((l) => l.certified);
    const now = (await wasteByLao(2569)).filter((l) => l.certified);
    for (const item of body.items) {
      const want = total(before.filter((l) => l.province === item.code));
      close(item.previous.sum, want, `2568 ${item.code}`);
      // The change compares like for like: the LAOs with a certified value in both years.
      const both = now.filter(
        (l) =>
          l.province === item.code &&
          l.value !== null &&
          before.some((b) => b.lao === l.lao && b.value !== null),
      );
      const then = total(before.filter((b) => both.some((l) => l.lao === b.lao)));
      close(item.change, Math.round(((total(both) - then) / then) * 1e4) / 1e4, `change ${item.code}`);
    }
  });

  it('answers 400 naming the field for a text or year field and 422 naming an unknown data set', async () => {
    const text = await get('/api/v1/reports/stats?year=2569&dataset=local-roads&field=roadName');
    assert.equal(text.statusCode, 400);
    assert.equal(text.json().errors[0].field, 'field');
    const unknown = await get('/api/v1/reports/stats?year=2569&dataset=no-such-set&field=x');
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().errors[0].field, 'dataset');
    const by = await get(`/api/v1/reports/stats?year=2569&${WASTE}&by=village`, undefined, 'en');
    assert.equal(by.statusCode, 400);
    assert.equal(by.json().errors[0].field, 'by');
    const fields = await get('/api/v1/reports/fields?year=2569');
    assert.equal(fields.statusCode, 200);
    const waste = fields.json().find((d: { datasetId: string }) => d.datasetId === 'waste-management');
    assert.ok(waste.fields.some((f: { key: string }) => f.key === 'generatedTonsPerDay'));
    assert.ok(
      fields.json().every((d: { fields: { key: string }[] }) => d.fields.every((f) => !/^year/i.test(f.key))),
      'no year field is a measure',
    );
  });

  it('renders the report page for the public: an SVG chart with its title, the table, drill-down links', async () => {
    const res = await get(`/reports?year=2569&${WASTE}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<svg[^>]*role="img"[^>]*aria-labelledby="report-chart-title report-chart-desc"/);
    assert.match(res.body, /<title id="report-chart-title">/);
    assert.match(res.body, /id="report-table"/);
    assert.match(
      res.body,
      /href="\/reports\?year=2569&amp;dataset=waste-management&amp;field=generatedTonsPerDay&amp;by=lao&amp;province=83"/,
    );
    assert.doesNotMatch(res.body, /name="basis"/, 'the public has no choice of basis');
    const province = await get(`/reports?year=2569&${WASTE}&by=lao&province=83`);
    assert.equal(province.statusCode, 200);
    assert.match(province.body, /จังหวัดภูเก็ต/);
    assert.match(province.body, /href="\/reports\.csv\?[^"]*province=83/);
  });

  it('downloads the report as CSV with the header in row 1 and as .xlsx', async () => {
    const csv = await get(`/reports.csv?year=2569&${WASTE}&by=lao&province=83`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.ok(csv.body.startsWith('\ufeffรหัส,ชื่อ,'));
    const [header, ...rows] = parseCsv(csv.body.slice(1));
    const api = (await get(`/api/v1/reports/stats?year=2569&${WASTE}&by=lao&province=83`)).json();
    assert.equal(rows.length, api.items.length + 1, 'one row per LAO and the total');
    const sum = header!.findIndex((h) => h.startsWith('ผลรวม ('));
    close(Number(rows.at(-1)![sum]), api.total.sum, 'CSV total');
    const xlsx = await get(`/reports.xlsx?year=2569&${WASTE}`);
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
  });

  it('re-renders the page with 400 and the error beside the select for a field that is not a number', async () => {
    const res = await get('/reports?year=2569&measure=local-roads:roadName');
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>ข้อผิดพลาด: /);
    assert.match(res.body, /ไม่มีฟิลด์ตัวเลข roadName/);
  });
});

import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { createRoleMatrixUsers, TEST_PASSWORD, tokenFor } from '../../test/factories.ts';
import { describeEachDb } from '../../test/harness.ts';
import { seedNationwide } from '../seed/nationwide.service.ts';
import { createUser } from '../users/users.service.ts';

// ภูเก็ต (83): 19 LAOs in 3 districts, seeded with the nationwide generator.
describeEachDb('GET /api/v1/aggregates/sum', (ctx) => {
  const tokens: Record<string, string> = {};
  const get = (url: string, who = 'admin', lang?: string) =>
    ctx.app.inject({
      url,
      headers: { authorization: `Bearer ${tokens[who]}`, ...(lang ? { 'accept-language': lang } : {}) },
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
    tokens.staff = await tokenFor(ctx.app, 't.own.staff');
  });

  /** The expected sums, computed from the stored rows in JavaScript rather than SQL. */
  async function expected(field: string, key: (lao: string) => string) {
    const rows = await ctx.db.kysely
      .selectFrom('dataset_row')
      .select(['lao_code', 'values_json'])
      .where('year', '=', 2569)
      .where('dataset_id', '=', 'local-roads')
      .execute();
    const out = new Map<string, { rows: number; values: number; sum: number }>();
    for (const r of rows) {
      const v = JSON.parse(r.values_json)[field];
      const g = out.get(key(r.lao_code)) ?? { rows: 0, values: 0, sum: 0 };
      g.rows++;
      if (typeof v === 'number') [g.values, g.sum] = [g.values + 1, g.sum + v];
      out.set(key(r.lao_code), g);
    }
    return out;
  }

  it('sums a field over every row of the data set by province, with row and value counts', async () => {
    const res = await get('/api/v1/aggregates/sum?year=2569&dataset=local-roads&field=lengthKm&by=province');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const want = await expected('lengthKm', (lao) => lao.slice(1, 3));
    assert.deepEqual(
      body.items.map((i: { code: string }) => i.code),
      ['83', '85'],
    );
    assert.equal(body.items[0].nameTh, 'ภูเก็ต');
    for (const item of body.items) {
      const w = want.get(item.code)!;
      assert.equal(item.rows, w.rows);
      assert.equal(item.values, w.values);
      assert.ok(Math.abs(item.sum - w.sum) < 0.001, `${item.code}: ${item.sum} vs ${w.sum}`);
    }
    assert.equal(body.total.rows, body.items[0].rows + body.items[1].rows);
    assert.deepEqual(body.field, { key: 'lengthKm', labelTh: 'ความยาว', labelEn: 'Length', unit: 'กม.' });
  });

  it('groups by district, and a province officer only ever sees their own province', async () => {
    const res = await get(
      '/api/v1/aggregates/sum?year=2569&dataset=local-roads&field=widthM&by=district',
      'phuket',
    );
    assert.equal(res.statusCode, 200, res.body);
    const codes = res.json().items.map((i: { code: string }) => i.code);
    assert.ok(codes.length >= 3 && codes.every((c: string) => c.startsWith('83')), String(codes));
    const want = await expected('widthM', (lao) => lao.slice(1, 5));
    for (const item of res.json().items) assert.equal(item.rows, want.get(item.code)!.rows);
    const other = await get(
      '/api/v1/aggregates/sum?year=2569&dataset=local-roads&field=widthM&province=85',
      'phuket',
    );
    assert.equal(other.statusCode, 403);
  });

  it('gives LAO staff the sums of their own LAO only', async () => {
    const res = await get('/api/v1/aggregates/sum?year=2569&dataset=local-roads&field=lengthKm', 'staff');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().items, []);
  });

  it('answers 400 naming the field for a text field or an unknown one, in Thai and in English', async () => {
    const res = await get('/api/v1/aggregates/sum?year=2569&dataset=local-roads&field=roadName');
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().errors[0].field, 'field');
    assert.match(res.json().errors[0].message, /ไม่มีฟิลด์ตัวเลข roadName.*lengthKm/);
    const en = await get('/api/v1/aggregates/sum?year=2569&dataset=local-roads&field=nope', 'admin', 'en');
    assert.equal(en.statusCode, 400);
    assert.match(en.json().errors[0].message, /no numeric field nope/);
  });

  it('answers 400 naming a missing year or a bad by, 422 naming an unknown data set, 401 when signed out', async () => {
    const noYear = await get('/api/v1/aggregates/sum?dataset=local-roads&field=lengthKm');
    assert.equal(noYear.statusCode, 400);
    assert.equal(noYear.json().errors[0].field, 'year');
    const by = await get('/api/v1/aggregates/sum?year=2569&dataset=local-roads&field=lengthKm&by=lao');
    assert.equal(by.statusCode, 400);
    assert.equal(by.json().errors[0].field, 'by');
    const unknown = await get('/api/v1/aggregates/sum?year=2569&dataset=no-such-set&field=x');
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().errors[0].field, 'dataset');
    const anon = await ctx.app.inject({
      url: '/api/v1/aggregates/sum?year=2569&dataset=local-roads&field=lengthKm',
    });
    assert.equal(anon.statusCode, 401);
  });
});

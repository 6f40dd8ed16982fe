import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldDef } from '../../test/catalog-defs.ts';
import { describeEachDb } from '../../test/harness.ts';
import { type DatasetDef, datasetDefSchema } from '../catalog/catalog.schemas.ts';
import { contextRuleBroken, type LaoContext, validateRow, yearChangeBroken } from '../catalog/validation.ts';
import type { Actor } from '../policy/policy.ts';
import { seedNationwide } from '../seed/nationwide.service.ts';
import {
  boxOf,
  datasetFlags,
  flagsOf,
  jumpFactor,
  MIN_PEERS,
  medianMad,
  PEER_Z,
  peerFlagsOf,
  peerScale,
  peerSummary,
  robustZ,
  scanFlags,
} from './quality.service.ts';

const ctx: LaoContext = {
  foundedYear: 2540,
  areaKm2: 40,
  box: { latMin: 14.8, latMax: 15.2, lonMin: 102.9, lonMax: 103.3 },
  population: 8000,
};

const field = fieldDef;

const def = (fields: unknown[], rules: unknown[]): DatasetDef =>
  datasetDefSchema.parse({
    id: 'test-set',
    nameTh: 'ชุดทดสอบ',
    nameEn: 'Test set',
    kind: 'list',
    appliesTo: 'all',
    source: 'I',
    descriptionTh: 'ทดสอบ',
    descriptionEn: 'Test',
    fields,
    rules,
  });

const warn = (id: string, check: unknown) => ({
  id,
  severity: 'warning',
  check,
  messageTh: id,
  messageEn: id,
});

describe('catalog plausibility rules', () => {
  it('refuses a context rule that is an error, or one on a field of the wrong kind', () => {
    const fields = [field('yearBuilt', 'integer'), field('name', 'text')];
    const bad = datasetDefSchema.safeParse({
      ...def(fields, []),
      rules: [
        { ...warn('a', { op: 'after_founding', field: 'yearBuilt' }), severity: 'error' },
        warn('b', { op: 'inside_district', field: 'name' }),
        warn('c', { op: 'range', field: 'yearBuilt', min: null, max: null }),
      ],
    });
    assert.equal(bad.success, false);
    const messages = bad.error!.issues.map((i) => i.message).join('\n');
    assert.match(messages, /a: after_founding เป็นได้เฉพาะ warning/);
    assert.match(messages, /b: inside_district ใช้ได้เฉพาะฟิลด์พิกัด/);
    assert.match(messages, /c: range ต้องมี min หรือ max/);
  });

  it('warns on a road 0.5 m wide through the row validation (it asks for an explanation when saved)', () => {
    const d = def(
      [field('widthM', 'decimal', { min: 0, max: 100 })],
      [warn('width', { op: 'range', field: 'widthM', min: 2, max: 30 })],
    );
    assert.deepEqual(
      validateRow(d, { widthM: 0.5 }, 'api').warnings.map((w) => w.ruleId),
      ['width'],
    );
    assert.deepEqual(validateRow(d, { widthM: 6 }, 'api').warnings, []);
  });

  it('checks a year against the founding, an area against the LAO’s, a point against the box, a count against population', () => {
    const f = def(
      [
        field('yearBuilt', 'integer', { min: 2400, max: 2600 }),
        field('areaRai', 'decimal', { unit: 'ไร่', unitEn: 'rai', min: 0 }),
        field('location', 'geo'),
        field('visitors', 'integer', { min: 0 }),
      ],
      [
        warn('after', { op: 'after_founding', field: 'yearBuilt' }),
        warn('area', { op: 'within_lao_area', field: 'areaRai' }),
        warn('box', { op: 'inside_district', field: 'location' }),
        warn('pop', { op: 'per_population', field: 'visitors', max: 200 }),
      ],
    );
    const [after, area, box, pop] = f.rules;
    const areaField = f.fields[1];
    assert.equal(contextRuleBroken(after!, { yearBuilt: 2539 }, ctx), true);
    assert.equal(contextRuleBroken(after!, { yearBuilt: 2541 }, ctx), false);
    assert.equal(contextRuleBroken(after!, { yearBuilt: 2539 }, { ...ctx, foundedYear: null }), null);
    // 40 km² is 25,000 rai; a tenth over is allowed for rounding.
    assert.equal(contextRuleBroken(area!, { areaRai: 27_000 }, ctx, areaField), false);
    assert.equal(contextRuleBroken(area!, { areaRai: 40_000 }, ctx, areaField), true);
    assert.equal(contextRuleBroken(box!, { location: { lat: 15, lon: 103 } }, ctx), false);
    assert.equal(contextRuleBroken(box!, { location: { lat: 103, lon: 15 } }, ctx), true);
    assert.equal(contextRuleBroken(pop!, { visitors: 1_600_001 }, ctx), true);
    assert.equal(contextRuleBroken(pop!, { visitors: 1_600_000 }, ctx), false);
  });

  it('measures a change from last year either way, and a jump as how many times one value is the other', () => {
    const d = def([field('n', 'integer')], [warn('y', { op: 'year_change', field: 'n', percent: 50 })]);
    const rule = d.rules[0]!;
    assert.equal(yearChangeBroken(rule, 151, 100), true);
    assert.equal(yearChangeBroken(rule, 49, 100), true);
    assert.equal(yearChangeBroken(rule, 150, 100), false);
    assert.equal(yearChangeBroken(rule, 150, null), null);
    assert.equal(jumpFactor(1000, 100), 10);
    assert.equal(jumpFactor(10, 100), 10);
    assert.equal(jumpFactor(0, 100), null);
  });

  it('boxes a district from its offices, widened by the largest LAO and a margin, ignoring unbelievable areas', () => {
    const b = boxOf([
      { lat: 15, lon: 103, area_km2: 0 },
      { lat: 15.1, lon: 103.2, area_km2: 70_370_150 },
      { lat: null, lon: null, area_km2: 10 },
    ])!;
    assert.ok(Math.abs(b.latMin - 14.95) < 1e-9 && Math.abs(b.lonMax - 103.25) < 1e-9, JSON.stringify(b));
    assert.equal(boxOf([{ lat: null, lon: null, area_km2: 5 }]), null);
  });
});

describe('datasetFlags', () => {
  const roads = def(
    [
      field('lengthKm', 'decimal', { min: 0, max: 500 }),
      field('yearBuilt', 'integer', { min: 2400, max: 2600 }),
    ],
    [warn('length-change', { op: 'year_change', field: 'lengthKm', percent: 50 })],
  );
  const row = (id: string, values: Record<string, number>) => ({ id, values, explanation: null });

  it('flags a list total that moved beyond the catalog threshold, blocking only from 10×', () => {
    const flags = datasetFlags(
      '5310108',
      roads,
      4,
      [row('a', { lengthKm: 16 })],
      [{ lengthKm: 10 }],
      ctx,
      new Map(),
    );
    assert.deepEqual(
      flags.map((f) => [f.ruleId, f.rowId, f.blocking]),
      [['length-change', '', false]],
    );
    assert.match(flags[0]!.message.th, /ปีก่อน 10 ปีนี้ 16/);
    const jump = datasetFlags(
      '5310108',
      roads,
      4,
      [row('a', { lengthKm: 100 })],
      [{ lengthKm: 10 }],
      ctx,
      new Map(),
    );
    assert.equal(jump[0]!.blocking, true);
  });

  it('flags a 10× jump of any number without a rule, but never a year, and takes an explanation of the same value', () => {
    const form = { ...roads, kind: 'form' as const, rules: [] };
    const flags = datasetFlags(
      '5310108',
      form,
      4,
      [row('r1', { lengthKm: 0.5, yearBuilt: 2560 })],
      [{ lengthKm: 5, yearBuilt: 2450 }],
      ctx,
      new Map(),
    );
    assert.deepEqual(
      flags.map((f) => [f.ruleId, f.rowId, f.blocking, f.explanation]),
      [['jump-lengthKm', 'r1', true, null]],
    );
    const explained = new Map([
      [
        'test-set|jump-lengthKm|r1',
        {
          rule_id: 'jump-lengthKm',
          row_id: 'r1',
          dataset_id: 'test-set',
          value_json: '0.5',
          text: 'โอนถนนให้กรมทางหลวง',
          by_username: 'x',
          at: 'now',
        },
      ],
    ]);
    const again = datasetFlags(
      '5310108',
      form,
      4,
      [row('r1', { lengthKm: 0.5 })],
      [{ lengthKm: 5 }],
      ctx,
      explained,
    );
    assert.equal(again[0]!.explanation?.text, 'โอนถนนให้กรมทางหลวง');
    // Another value is another question: the explanation of 0.5 does not answer 0.4.
    const changed = datasetFlags(
      '5310108',
      form,
      4,
      [row('r1', { lengthKm: 0.4 })],
      [{ lengthKm: 5 }],
      ctx,
      explained,
    );
    assert.equal(changed[0]!.explanation, null);
  });
});

describe('peer comparison', () => {
  it('takes the median and the MAD, and a robust z from them', () => {
    assert.deepEqual(medianMad([1, 2, 3, 4, 100]), { median: 3, mad: 1 });
    assert.equal(robustZ(3, { median: 3, mad: 1 }), 0);
    assert.ok(Math.abs(robustZ(100, { median: 3, mad: 1 })! - 65.4265) < 1e-4);
    assert.equal(robustZ(5, { median: 3, mad: 0 }), null);
  });

  it('compares on a log scale: a large LAO among small ones is no outlier, a figure in the wrong unit is', () => {
    // 40 towns from 1,000 to 100,000 people, evenly on a log scale: the largest is 100 × the smallest.
    const towns = Array.from({ length: 40 }, (_, i) => Math.round(1000 * 100 ** (i / 39)));
    const s = peerSummary(towns)!;
    assert.equal(s.n, 40);
    assert.equal(s.valueMedian, (towns[19]! + towns[20]!) / 2);
    // On the raw scale the largest town is 8 MADs above the median; on the log scale it is within.
    const raw = medianMad(towns)!;
    assert.ok(robustZ(100_000, raw)! > PEER_Z);
    assert.ok(Math.abs(robustZ(peerScale(100_000), s)!) < PEER_Z);
    // The same count typed in thousands of people (or a baht figure typed as satang) is far.
    assert.ok(Math.abs(robustZ(peerScale(10_000_000), s)!) > PEER_Z);
    assert.equal(peerSummary(towns.slice(0, MIN_PEERS - 1)), null);
  });

  it('flags a form number far from its peers’ (|z| > 3.5 and ×2), not one within them, and takes its explanation', () => {
    const waste = { ...def([field('tons', 'decimal', { min: 0 })], []), kind: 'form' as const, id: 'waste' };
    // 40 towns that produce 8 to 12 tons a day.
    const tons = Array.from({ length: 40 }, (_, i) => 8 + (4 * i) / 39);
    const peers = new Map([['waste|tons|town_municipality|small', peerSummary(tons)!]]);
    const group = 'town_municipality|small';
    const far = peerFlagsOf(
      '5310108',
      waste,
      1,
      { id: 'r', values: { tons: 25 }, explanation: null },
      group,
      peers,
      new Map(),
    );
    assert.deepEqual(
      far.map((f) => [f.kind, f.ruleId, f.blocking]),
      [['peer', 'peer-tons', false]],
    );
    assert.match(far[0]!.message.th, / สูงกว่า อปท\. ประเภทและขนาดเดียวกันมาก \(ค่ากลาง 10 จาก 40 แห่ง\)/);
    // Far on the z score (the peers are close together) but not twice their median: not flagged.
    assert.ok(robustZ(peerScale(19), peers.get('waste|tons|town_municipality|small')!)! > PEER_Z);
    assert.deepEqual(
      peerFlagsOf(
        '5310108',
        waste,
        1,
        { id: 'r', values: { tons: 19 }, explanation: null },
        group,
        peers,
        new Map(),
      ),
      [],
    );
    assert.deepEqual(
      peerFlagsOf(
        '5310108',
        waste,
        1,
        { id: 'r', values: { tons: 25 }, explanation: null },
        'other|',
        peers,
        new Map(),
      ),
      [],
    );
  });
});

const CENTRE: Actor = {
  id: 'c',
  username: 'centre',
  displayName: 'centre',
  role: 'dla_admin',
  provinceCode: null,
  districtCode: null,
  laoCode: null,
  divisionIds: [],
};

describeEachDb('the nationwide seed against its own plausibility rules', (t) => {
  const k = () => t.db.kysely;
  // ภูเก็ต (83): 19 LAOs, every type of progress. ขอนแก่น (40): 225 LAOs, enough for peer groups, and an office
  // the registry gives a latitude of 5.0 and no longitude (5401701, มัญจาคีรี): its places must still be inside
  // its district.
  const PROVINCE = '83';
  const PROVINCES = [PROVINCE, '40'];

  it('seeds provinces whose values break no plausibility rule and no year-change rule, in either year', async () => {
    const r = await seedNationwide(k(), { year: 2569, fill: 0.85, seed: 42, provinces: PROVINCES });
    assert.equal(r.rejects, 0);
    for (const year of [2568, 2569]) {
      const scan = await scanFlags(k(), CENTRE, year, PROVINCES);
      assert.ok(scan.laos > 240, `FY ${year}: ${scan.laos} LAOs`);
      const rules = scan.byRule.filter((x) => x.kind !== 'peer');
      assert.deepEqual(rules, [], `FY ${year}`);
      assert.equal(scan.byKind.plausibility + scan.byKind.year_change, 0);
      // Peers: a value far from its peers' is worth a look, not wrong; the seed's spread gives few.
      assert.ok(scan.byKind.peer < scan.laos * 0.1, `FY ${year}: ${scan.byKind.peer} peer flags`);
    }
    const places = await k()
      .selectFrom('dataset_row')
      .select('values_json')
      .where('lao_code', '=', '5401701')
      .where('dataset_id', '=', 'local-roads')
      .execute();
    const located = places.map((p) => JSON.parse(p.values_json).location).filter(Boolean);
    assert.ok(located.length > 0);
    for (const l of located) {
      // อำเภอมัญจาคีรี lies around 16.1° N, 102.5° E.
      assert.ok(l.lat > 15.5 && l.lat < 16.7 && l.lon > 102 && l.lon < 103, JSON.stringify(l));
    }
  });

  it('flags a road 0.5 m wide and a founding year before 2450 planted in the seeded data', async () => {
    const road = await k()
      .selectFrom('dataset_row')
      .selectAll()
      .where('year', '=', 2569)
      .where('dataset_id', '=', 'local-roads')
      .where('lao_code', 'like', `_${PROVINCE}%`)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const basic = await k()
      .selectFrom('dataset_row')
      .selectAll()
      .where('year', '=', 2569)
      .where('dataset_id', '=', 'annual-basic-data')
      .where('lao_code', '=', road.lao_code)
      .executeTakeFirstOrThrow();
    const plant = (id: string, json: string, patch: Record<string, unknown>) =>
      k()
        .updateTable('dataset_row')
        .set({ values_json: JSON.stringify({ ...JSON.parse(json), ...patch }) })
        .where('id', '=', id)
        .execute();
    await plant(road.id, road.values_json, { widthM: 0.5 });
    await plant(basic.id, basic.values_json, { foundedYear: 2440 });
    const flags = await flagsOf(k(), road.lao_code, 2569);
    const found = flags.map((f) => `${f.datasetId}/${f.ruleId}/${f.rowId}`);
    assert.ok(found.includes(`local-roads/width-plausible/${road.id}`), found.join('\n'));
    assert.ok(found.includes(`annual-basic-data/founded-plausible/${basic.id}`), found.join('\n'));
    // The national scan counts them: one LAO, one flag each.
    const scan = await scanFlags(k(), CENTRE, 2569, [PROVINCE]);
    const counted = (ruleId: string) => scan.byRule.find((r) => r.ruleId === ruleId);
    assert.deepEqual(
      [
        counted('width-plausible')?.flags,
        counted('width-plausible')?.laos,
        counted('founded-plausible')?.flags,
      ],
      [1, 1, 1],
    );
    assert.equal(scan.byKind.plausibility, 2);
    assert.equal(scan.worst[0]?.code, road.lao_code);
  });
});

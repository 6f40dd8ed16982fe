import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { describeEachDb } from '../../test/harness.ts';
import { getCatalog } from '../catalog/catalog.service.ts';
import type { CertificationAction } from '../certification/certification.table.ts';
import type { Database } from '../db/database.ts';
import { fiscalYearRange } from '../util/thai-date.ts';
import { replayCertification } from './scoring.engine.ts';
import { generateHistory, writeChange, writeEvent } from './scoring.fixtures.ts';
import { rubricFileSchema } from './scoring.schemas.ts';
import { importRubric, parseAsOf, scoreScope, shippedRubric } from './scoring.service.ts';

const YEAR = 2569;
const LAO = '5310108';
const start = fiscalYearRange(YEAR).start.getTime();
/** A moment inside FY 2569: `day` days after 1 October 2025 (Bangkok). */
const at = (day: number, minute = 0) => new Date(start + day * 86_400_000 + minute * 60_000).toISOString();

describe('replaying the certification log', () => {
  const e = (
    level: 'lao' | 'province',
    action: CertificationAction,
    t: string,
    reason: string | null = null,
  ) => ({
    level,
    action,
    at: t,
    reason,
  });
  it('an LAO certification counts; the province certifies on top of it', () => {
    const s = replayCertification([e('lao', 'certify', 'a'), e('province', 'certify', 'b')]);
    assert.equal(s.laoCounts, true);
    assert.equal(s.provinceCounts, true);
  });
  it('an edit after certification stops both counting until the LAO certifies again; the province must certify again', () => {
    const edited = replayCertification([
      e('lao', 'certify', 'a'),
      e('province', 'certify', 'b'),
      e('lao', 'edit_after_certification', 'c'),
    ]);
    assert.equal(edited.laoCounts, false);
    assert.equal(edited.provinceCounts, false);
    assert.equal(edited.changedAt, 'c');
    const again = replayCertification([
      e('lao', 'certify', 'a'),
      e('province', 'certify', 'b'),
      e('lao', 'edit_after_certification', 'c'),
      e('lao', 'certify', 'd'),
    ]);
    assert.equal(again.laoCounts, true);
    assert.equal(again.provinceCounts, false);
    assert.equal(again.changedAt, null);
  });
  it('a withdrawal clears both; a return clears both and is remembered with its reason until the LAO certifies', () => {
    assert.equal(replayCertification([e('lao', 'certify', 'a'), e('lao', 'withdraw', 'b')]).laoCounts, false);
    const r = replayCertification([e('lao', 'certify', 'a'), e('province', 'return', 'b', 'ข้อมูลถนนไม่ครบ')]);
    assert.equal(r.laoCounts, false);
    assert.equal(r.returnedAt, 'b');
    assert.equal(r.returnNote, 'ข้อมูลถนนไม่ครบ');
    assert.equal(
      replayCertification([e('province', 'return', 'b', 'x'), e('lao', 'certify', 'c')]).returnedAt,
      null,
    );
  });
});

describe('the rubric', () => {
  it('the shipped rubric is valid, strictly increasing, and serves years without their own file', () => {
    const r = shippedRubric(2569);
    assert.equal(r.levels.length, 6);
    assert.deepEqual(r.levels[4]!.requires.at(-1), 'lao_certified');
    assert.deepEqual(r.levels[5]!.requires.at(-1), 'province_certified');
    assert.notEqual(r.levels[3]!.criterionTh, r.levels[4]!.criterionTh);
    assert.equal(shippedRubric(2575).year, 2569);
  });
  it('says whose words each level is: the indicator’s own, except score 3, the product’s reading beside the official words', () => {
    const r = shippedRubric(2569);
    assert.deepEqual(
      r.levels.map((l) => l.text),
      ['official', 'official', 'official', 'interpretation', 'official', 'official'],
    );
    // The indicator gives 3 and 4 the same words: score 3 quotes them and says why it reads them otherwise.
    assert.equal(r.levels[3]!.officialTh, r.levels[4]!.criterionTh);
    assert.match(r.levels[3]!.whyTh!, /ถ้อยคำเดียวกัน/);
    assert.equal(r.indicator?.weight, 5);
    assert.equal(r.indicator?.references.length, 2);
  });
  it('refuses an interpretation without the official words and why, and official words beside an unmarked level', () => {
    const r = structuredClone(shippedRubric(2569));
    delete r.levels[3]!.officialTh;
    r.levels[2]!.whyTh = 'เหตุผล';
    r.levels[2]!.text = 'official';
    const res = rubricFileSchema.safeParse(r);
    assert.equal(res.success, false);
    const paths = res.error!.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('levels.3.officialTh'), paths.join(' '));
    assert.ok(paths.includes('levels.2.text'), paths.join(' '));
    // A rubric imported before levels were marked still parses (stored revisions stay readable).
    const old = structuredClone(shippedRubric(2569));
    delete old.indicator;
    for (const l of old.levels) {
      delete l.text;
      delete l.officialTh;
      delete l.officialEn;
      delete l.whyTh;
      delete l.whyEn;
    }
    assert.equal(rubricFileSchema.safeParse(old).success, true);
  });
  it('refuses levels out of order or a level that drops a condition of the one below', () => {
    const r = structuredClone(shippedRubric(2569));
    r.levels[4]!.requires = ['some_data'];
    const res = rubricFileSchema.safeParse(r);
    assert.equal(res.success, false);
    assert.match(JSON.stringify(res.error?.issues), /each level includes the previous one/);
  });
  it('parses asOf: ISO with an offset, Buddhist-era date and time, refuses the future and before the year', () => {
    const now = new Date('2026-05-20T00:00:00Z');
    assert.equal(parseAsOf('2026-05-15T15:30:00+07:00', YEAR, now).toISOString(), '2026-05-15T08:30:00.000Z');
    assert.equal(parseAsOf('15/05/2569 15:30:00', YEAR, now).toISOString(), '2026-05-15T08:30:00.000Z');
    assert.equal(parseAsOf('15/05/2569', YEAR, now).toISOString(), '2026-05-14T17:00:00.000Z');
    assert.throws(() => parseAsOf('2026-06-01T00:00:00+07:00', YEAR, now), /future/);
    assert.throws(() => parseAsOf('30/09/2568 23:59:59', YEAR, now), /before fiscal year 2569/);
    assert.throws(() => parseAsOf('2026-05-15', YEAR, now), /dd\/mm\/yyyy HH:MM in the Buddhist era/);
    assert.throws(() => parseAsOf('31/02/2569', YEAR, now), /dd\/mm\/yyyy HH:MM in the Buddhist era/);
  });
});

describeEachDb('the score engine on recorded history', (t) => {
  let k: Kysely<Database>;
  let aspectSets: Map<number, string[]>;
  const one = async (asOf: string) => {
    const run = await scoreScope(k, YEAR, new Date(asOf), { code: LAO }, { reasonsFor: 'all' });
    return run.results[0]!;
  };
  before(async () => {
    k = t.db.kysely;
    const catalog = await getCatalog(k, YEAR);
    aspectSets = new Map(
      catalog.sections.filter((s) => s.no >= 1 && s.no <= 8).map((s) => [s.no, s.datasets.map((d) => d.id)]),
    );
    // Day 10: every data set of every aspect complete, except aspect 3's first incomplete and aspect 4's first
    // invalid; aspect 5's first was last saved before the fiscal year began.
    for (const [no, ids] of aspectSets)
      for (const [i, id] of ids.entries()) {
        const first = i === 0;
        await writeChange(k, {
          lao: LAO,
          year: YEAR,
          datasetId: id,
          section: no,
          at: no === 5 && first ? new Date(start - 86_400_000).toISOString() : at(10, no * 10 + i),
          status: no === 3 && first ? 'partial' : no === 4 && first ? 'partial' : 'complete',
          errors: no === 4 && first ? 2 : 0,
        });
      }
  });

  it('names each data set that is incomplete, invalid or not current, and scores 2', async () => {
    const r = await one(at(20));
    assert.equal(r.score, 2);
    const data = r.reasons.filter((x) => x.datasetId).map((x) => `${x.code}:${x.aspect}:${x.datasetId}`);
    assert.deepEqual(data, [
      `dataset_incomplete:3:${aspectSets.get(3)![0]}`,
      `dataset_invalid:4:${aspectSets.get(4)![0]}`,
      `dataset_not_current:5:${aspectSets.get(5)![0]}`,
    ]);
    assert.equal(r.reasons.find((x) => x.code === 'dataset_invalid')!.errors, 2);
  });

  it('reads only history at or before the moment: a fix after it does not count for it', async () => {
    await writeChange(k, {
      lao: LAO,
      year: YEAR,
      datasetId: aspectSets.get(3)![0]!,
      section: 3,
      at: at(30),
      status: 'complete',
    });
    await writeChange(k, {
      lao: LAO,
      year: YEAR,
      datasetId: aspectSets.get(4)![0]!,
      section: 4,
      at: at(30, 1),
      status: 'complete',
    });
    await writeChange(k, {
      lao: LAO,
      year: YEAR,
      datasetId: aspectSets.get(5)![0]!,
      section: 5,
      at: at(30, 2),
      status: 'none',
    });
    assert.equal((await one(at(20))).score, 2);
    const later = await one(at(31));
    assert.equal(later.score, 3);
    assert.deepEqual(
      later.reasons.map((x) => x.code),
      Array(8).fill('aspect_not_lao_certified'),
    );
  });

  it('replays certifications as of the moment: LAO → 4, province → 5, returned → 3 with the reason', async () => {
    for (const no of aspectSets.keys())
      await writeEvent(k, {
        lao: LAO,
        year: YEAR,
        section: no,
        level: 'lao',
        action: 'certify',
        at: at(40, no),
      });
    for (const no of aspectSets.keys())
      await writeEvent(k, {
        lao: LAO,
        year: YEAR,
        section: no,
        level: 'province',
        action: 'certify',
        at: at(41, no),
      });
    await writeEvent(k, {
      lao: LAO,
      year: YEAR,
      section: 6,
      level: 'province',
      action: 'return',
      at: at(42),
      reason: 'งบประมาณไม่ตรง',
    });
    assert.equal((await one(at(40, 30))).score, 4);
    assert.equal((await one(at(41, 30))).score, 5);
    const returned = await one(at(43));
    assert.equal(returned.score, 3);
    assert.deepEqual(returned.reasons, [
      { code: 'aspect_returned', aspect: 6, at: at(42), note: 'งบประมาณไม่ตรง' },
    ]);
  });

  it('a rubric imported later applies from then on; earlier moments keep the rubric in force then', async () => {
    const r = structuredClone(shippedRubric(YEAR));
    r.levels[3]!.criterionTh = 'ข้อความทางการฉบับใหม่';
    const before = new Date().toISOString();
    while (new Date().toISOString() === before) {
      /* the import must come strictly later than the moment taken (no timer: at most a millisecond) */
    }
    const imported = await importRubric(k, 'cli', JSON.stringify(r), 'official.json');
    assert.equal(imported.revision, 1);
    const oldRun = await scoreScope(k, YEAR, new Date(before), { code: LAO });
    assert.equal(oldRun.rubric.revision, 0);
    const newRun = await scoreScope(k, YEAR, new Date(), { code: LAO });
    assert.equal(newRun.rubric.revision, 1);
    assert.equal(newRun.rubric.rubric.levels[3]!.criterionTh, 'ข้อความทางการฉบับใหม่');
    await assert.rejects(importRubric(k, 'cli', '{"formatVersion":1}', 'bad.json'), /bad\.json/);
  });
});

describeEachDb('the score is computed in one pass for the whole country', (t) => {
  it('reads with the same number of queries for one LAO, a province and the country, and agrees with per-LAO scores', async () => {
    const k = t.db.kysely;
    const catalog = await getCatalog(k, YEAR);
    const datasets = catalog.sections
      .filter((s) => s.no >= 1 && s.no <= 8)
      .flatMap((s) => s.datasets.map((d) => ({ id: d.id, section: s.no })));
    const laos = (
      await k
        .selectFrom('lao')
        .select('code')
        .where('province_code', 'in', ['31', '32'])
        .orderBy('code')
        .execute()
    ).map((r) => r.code);
    // Every third LAO certified; some pairs left empty: a mix of scores 2, 3 and 5.
    await generateHistory(k, {
      year: YEAR,
      laos,
      datasets,
      from: new Date(start + 86_400_000),
      skipEvery: 17,
      certifyEvery: 3,
    });
    let queries = 0;
    // transformResult runs once per query executed (transformQuery also runs for every subquery builder). The
    // catalog's cache re-reads its revision every few seconds: those reads are not the score's and are left out.
    const nodes = new Map<unknown, unknown>();
    const counted = k.withPlugin({
      transformQuery: (a) => {
        nodes.set(a.queryId, a.node);
        return a.node;
      },
      transformResult: async (a) => {
        if (!JSON.stringify(nodes.get(a.queryId) ?? '').includes('"catalog_')) queries++;
        return a.result;
      },
    });
    const asOf = new Date(start + 200 * 86_400_000);
    const count = async (scope: Parameters<typeof scoreScope>[3]) => {
      await scoreScope(counted, YEAR, asOf, scope); // warms the catalog cache of this instance
      queries = 0;
      const run = await scoreScope(counted, YEAR, asOf, scope);
      return { queries, run };
    };
    const single = await count({ code: laos[0] });
    const province = await count({ province: '31' });
    const country = await count({});
    assert.equal(single.run.results.length, 1);
    assert.ok(province.run.results.length > 200);
    assert.ok(country.run.results.length > 7800);
    assert.equal(province.queries, single.queries);
    assert.equal(country.queries, single.queries);
    assert.ok(single.queries <= 6, `${single.queries} queries`);
    const scores = new Set(province.run.results.map((r) => r.score));
    assert.ok(scores.has(2) && scores.has(5), [...scores].join());
    // The one-pass scores are those of each LAO scored on its own, with reasons that agree.
    for (const inCountry of province.run.results.slice(0, 40)) {
      const code = inCountry.laoCode;
      const alone = (await scoreScope(k, YEAR, asOf, { code }, { reasonsFor: 'all' })).results[0]!;
      assert.equal(inCountry.score, alone.score, code);
      assert.equal(alone.reasons.length === 0, alone.score === 5, code);
    }
  });
});

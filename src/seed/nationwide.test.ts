import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createRoleMatrixUsers, tokenFor } from '../../test/factories.ts';
import { describeEachDb, dialects, freshDb } from '../../test/harness.ts';
import { ensureDefaultCatalog, getCatalog } from '../catalog/catalog.service.ts';
import { datasetCompleteness } from '../catalog/validation.ts';
import { loadRegistry } from '../registry/registry.service.ts';
import { AppError } from '../util/errors.ts';
import { fiscalYearRange } from '../util/thai-date.ts';
import { defaultAsOf, progressMix, seedChecksum, seedNationwide } from './nationwide.service.ts';

// ภูเก็ต (83) has 19 LAOs: small enough to seed in a test, large enough to hold every kind of progress.
const PROVINCE = '83';
const opts = { year: 2569, fill: 0.85, seed: 42, provinces: [PROVINCE] };

describe('progressMix', () => {
  it('gives shares that add up to 1 and a filled share equal to the fill rate', () => {
    for (const fill of [0, 0.2, 0.5, 0.85, 1]) {
      const mix = Object.fromEntries(progressMix(fill));
      const total = Object.values(mix).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 1) < 1e-9, `fill ${fill}: total ${total}`);
      const filled = 1 - mix.not_started! - mix.partial! * 0.5;
      assert.ok(Math.abs(filled - fill) < 1e-9, `fill ${fill}: filled ${filled}`);
    }
  });
});

describeEachDb('lao-info seed nationwide (one province)', (ctx) => {
  let report: Awaited<ReturnType<typeof seedNationwide>>;
  const k = () => ctx.db.kysely;

  it('writes both fiscal years with no value the validation engine refuses', async () => {
    report = await seedNationwide(k(), opts);
    assert.equal(report.rejects, 0);
    const laos = await k()
      .selectFrom('dataset_record')
      .select('lao_code')
      .distinct()
      .where('year', '=', 2568)
      .execute();
    assert.equal(laos.length, report.laos.previousYear);
    assert.ok(report.laos.year >= 15, `LAOs seeded: ${report.laos.year}`);
    assert.ok(report.rows > report.records, 'lists hold rows');
    assert.ok(report.events > 0, 'some aspects are certified');
    if (ctx.dialect === 'postgres') {
      // The planner has statistics for what was just loaded (autovacuum may be off or late).
      const r = await sql<{ n: number }>`
        select count(*) as n from pg_stat_user_tables
        where schemaname = current_schema() and relname in ('dataset_record', 'dataset_row', 'aspect_status')
          and last_analyze is not null`.execute(k());
      assert.equal(Number(r.rows[0]!.n), 3);
    }
  });

  it('keeps every record consistent with its rows: row_count, status from the completeness rule', async () => {
    const catalog = await getCatalog(k(), 2569);
    const records = await k().selectFrom('dataset_record').selectAll().where('year', '=', 2569).execute();
    const rows = await k().selectFrom('dataset_row').selectAll().where('year', '=', 2569).execute();
    const byRecord = new Map<string, Record<string, unknown>[]>();
    for (const r of rows) {
      const key = `${r.lao_code}/${r.dataset_id}`;
      byRecord.set(key, [...(byRecord.get(key) ?? []), JSON.parse(r.values_json)]);
    }
    const seen = new Set<string>();
    for (const rec of records) {
      const list = byRecord.get(`${rec.lao_code}/${rec.dataset_id}`) ?? [];
      assert.equal(rec.row_count, list.length);
      assert.equal(rec.version, 1);
      const def = catalog.dataset(rec.dataset_id)!;
      assert.equal(datasetCompleteness(def, { none: rec.none === 1, rows: list }).status, rec.status);
      seen.add(rec.status);
    }
    for (const s of ['complete', 'partial', 'none']) assert.ok(seen.has(s), `some records are ${s}`);
    const changes = await k().selectFrom('dataset_change').selectAll().where('year', '=', 2569).execute();
    assert.equal(changes.length, records.length, 'one change per record');
    const range = fiscalYearRange(2569);
    for (const c of changes) {
      assert.ok(c.at >= range.start.toISOString() && c.at <= defaultAsOf(2569), `change at ${c.at}`);
      const rec = records.find((r) => r.lao_code === c.lao_code && r.dataset_id === c.dataset_id)!;
      assert.equal(c.status_after, rec.status);
      assert.equal(c.at, rec.updated_at);
    }
  });

  it('gives aspect states and certification columns that follow the certification log', async () => {
    const aspects = await k().selectFrom('aspect_status').selectAll().where('year', '=', 2569).execute();
    const events = await k()
      .selectFrom('certification_event')
      .selectAll()
      .where('year', '=', 2569)
      .orderBy('at')
      .execute();
    const kinds = new Set<string>();
    for (const a of aspects) {
      // Replay: LAO certify → certified; province certify → on a standing LAO certification; return → neither.
      let lao: string | null = null;
      let province: string | null = null;
      let returned: string | null = null;
      for (const e of events.filter((x) => x.lao_code === a.lao_code && x.section_no === a.section_no)) {
        assert.ok(e.at > a.data_changed_at!, 'certified after the last change');
        if (e.action === 'certify' && e.level === 'lao') [lao, province, returned] = [e.at, null, null];
        else if (e.action === 'certify') {
          assert.ok(lao, 'province certifies after the LAO');
          province = e.at;
        } else if (e.action === 'return') [lao, province, returned] = [null, null, e.at];
      }
      assert.equal(a.lao_certified_at, lao);
      assert.equal(a.province_certified_at, province);
      assert.equal(a.returned_at, returned);
      if (lao || returned) assert.equal(a.data_state, 'complete');
      kinds.add(returned ? 'returned' : province ? 'province' : lao ? 'lao' : a.data_state);
    }
    for (const s of ['province', 'lao', 'complete', 'in_progress'])
      assert.ok(kinds.has(s), `some aspects: ${s}`);
    const prev = await k().selectFrom('aspect_status').selectAll().where('year', '=', 2568).execute();
    assert.ok(
      prev.filter((a) => a.section_no >= 1 && a.section_no <= 8).every((a) => a.province_certified_at),
    );
  });

  it('refuses a second run on the same years, and --force regenerates the same data', async () => {
    const before = await seedChecksum(k(), [2568, 2569], [PROVINCE]);
    await assert.rejects(
      seedNationwide(k(), opts),
      (e: unknown) => e instanceof AppError && e.status === 409,
    );
    assert.deepEqual(await seedChecksum(k(), [2568, 2569], [PROVINCE]), before);
    const again = await seedNationwide(k(), { ...opts, force: true });
    assert.equal(again.records, report.records);
    assert.deepEqual(await seedChecksum(k(), [2568, 2569], [PROVINCE]), before);
  });

  it('refuses an --as-of outside the fiscal year and a fill outside 0–1, changing nothing', async () => {
    const before = await seedChecksum(k(), [2568, 2569], [PROVINCE]);
    await assert.rejects(
      seedNationwide(k(), { ...opts, asOf: '2027-01-01T00:00:00Z', force: true }),
      /fiscal year/,
    );
    await assert.rejects(seedNationwide(k(), { ...opts, fill: 1.5, force: true }), /fill/);
    assert.deepEqual(await seedChecksum(k(), [2568, 2569], [PROVINCE]), before);
  });

  it('leaves data the app reads, shows in the history and saves over with the next version', async () => {
    await createRoleMatrixUsers(k());
    const token = await tokenFor(ctx.app, 't.admin');
    const rec = await k()
      .selectFrom('dataset_record')
      .selectAll()
      .where('year', '=', 2569)
      .where('dataset_id', '=', 'waste-management')
      .where('status', '=', 'complete')
      .where('lao_code', 'not in', (eb) =>
        eb
          .selectFrom('aspect_status')
          .select('lao_code')
          .where('year', '=', 2569)
          .where('section_no', '=', 1)
          .where('lao_certified_at', 'is not', null),
      )
      .executeTakeFirstOrThrow();
    const url = `/api/v1/laos/${rec.lao_code}/years/2569/datasets/waste-management`;
    const auth = { authorization: `Bearer ${token}` };
    const read = await ctx.app.inject({ url, headers: auth });
    assert.equal(read.statusCode, 200);
    const body = read.json();
    assert.equal(body.version, 1);
    assert.equal(body.status, 'complete');
    const values = { ...body.rows[0].values, feeBahtPerMonth: 25 };
    const saved = await ctx.app.inject({
      method: 'PUT',
      url,
      headers: auth,
      payload: { version: 1, rows: [{ id: body.rows[0].id, values }] },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json(), { version: 2, status: 'complete', changed: true });
    const history = (await ctx.app.inject({ url: `${url}/history`, headers: auth })).json().items;
    assert.deepEqual(
      history.map((h: { version: number; kind: string }) => [h.version, h.kind]),
      [
        [2, 'save'],
        [1, 'save'],
      ],
    );
    assert.equal(history[1].changes[0].op, 'add');
  });
});

describe('lao-info seed nationwide on both dialects', {
  skip: dialects().length < 2 && 'PostgreSQL not set',
}, () => {
  const drops: (() => Promise<void>)[] = [];
  after(async () => {
    for (const d of drops) await d();
  });

  it('writes the same data on SQLite and PostgreSQL for the same seed (checksum of every column)', async () => {
    const sums: string[] = [];
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const fresh = await freshDb(dialect);
      drops.push(async () => {
        await fresh.db.close();
        await fresh.drop();
      });
      await loadRegistry(fresh.db.kysely);
      await ensureDefaultCatalog(fresh.db.kysely, [2568, 2569]);
      const r = await seedNationwide(fresh.db.kysely, { ...opts, provinces: [PROVINCE, '85'] });
      assert.equal(r.rejects, 0);
      sums.push((await seedChecksum(fresh.db.kysely, [2568, 2569], [PROVINCE, '85'])).checksum);
    }
    assert.equal(sums[0], sums[1]);
  });
});

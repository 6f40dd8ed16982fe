// Test data for the score engine: history rows written directly, the way saveDataset and the certification
// service write them (a change and its record in step; events appended). Used by tests and the timing script.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CertificationAction } from '../certification/certification.table.ts';
import type { Database } from '../db/database.ts';

type Db = Kysely<Database>;

export type ChangeFixture = {
  lao: string;
  year: number;
  datasetId: string;
  section: number;
  at: string;
  status: 'empty' | 'partial' | 'complete' | 'none';
  errors?: number;
};

/** Appends a change (the next version) and brings the data set's current record in step, in one transaction. */
export async function writeChange(db: Db, c: ChangeFixture) {
  await db.transaction().execute(async (trx) => {
    const cur = await trx
      .selectFrom('dataset_record')
      .select('version')
      .where('lao_code', '=', c.lao)
      .where('year', '=', c.year)
      .where('dataset_id', '=', c.datasetId)
      .executeTakeFirst();
    const version = Number(cur?.version ?? 0) + 1;
    await trx
      .insertInto('dataset_change')
      .values({
        id: randomUUID(),
        lao_code: c.lao,
        year: c.year,
        dataset_id: c.datasetId,
        section_no: c.section,
        version,
        at: c.at,
        by_username: 'fixture',
        kind: c.status === 'none' ? 'none' : 'save',
        status_after: c.status,
        error_count_after: c.errors ?? 0,
        change_reason: null,
        diff_json: '[]',
        change_count: 0,
      })
      .execute();
    const record = {
      version,
      none: c.status === 'none' ? 1 : 0,
      none_reason: c.status === 'none' ? 'ไม่มีในพื้นที่' : null,
      status: c.status,
      error_count: c.errors ?? 0,
      row_count: c.status === 'none' || c.status === 'empty' ? 0 : 1,
      updated_at: c.at,
      updated_by: 'fixture',
    };
    if (cur)
      await trx
        .updateTable('dataset_record')
        .set(record)
        .where('lao_code', '=', c.lao)
        .where('year', '=', c.year)
        .where('dataset_id', '=', c.datasetId)
        .execute();
    else
      await trx
        .insertInto('dataset_record')
        .values({ lao_code: c.lao, year: c.year, dataset_id: c.datasetId, section_no: c.section, ...record })
        .execute();
  });
}

/** Appends one certification event. */
export async function writeEvent(
  db: Db,
  e: {
    lao: string;
    year: number;
    section: number;
    level: 'lao' | 'province';
    action: CertificationAction;
    at: string;
    reason?: string;
  },
) {
  await db
    .insertInto('certification_event')
    .values({
      id: randomUUID(),
      lao_code: e.lao,
      year: e.year,
      section_no: e.section,
      level: e.level,
      action: e.action,
      at: e.at,
      by_username: 'fixture',
      by_role: e.level === 'lao' ? 'lao_certifier' : 'province_officer',
      reason: e.reason ?? null,
      snapshot_json: null,
    })
    .execute();
}

/**
 * A nationwide-shaped history, fast: for each LAO and data set, `versions` changes (partial, then complete)
 * with their current record, except that every `skipEvery`-th LAO leaves every seventh data set empty; every aspect of every
 * `certifyEvery`-th LAO certified by the LAO and the province. Deterministic.
 */
export async function generateHistory(
  db: Db,
  o: {
    year: number;
    laos: string[];
    datasets: { id: string; section: number }[];
    from: Date;
    versions?: number;
    skipEvery?: number;
    certifyEvery?: number;
  },
) {
  const versions = o.versions ?? 2;
  const changes: Database['dataset_change'][] = [];
  const records: Database['dataset_record'][] = [];
  const events: Database['certification_event'][] = [];
  const at = (i: number, v: number) =>
    new Date(o.from.getTime() + (i % 600) * 60_000 + v * 86_400_000).toISOString();
  o.laos.forEach((lao, i) => {
    o.datasets.forEach((d, j) => {
      if (o.skipEvery && i % o.skipEvery === 0 && j % 7 === 0) return;
      for (let v = 1; v <= versions; v++) {
        const status = v === versions ? 'complete' : 'partial';
        changes.push({
          id: randomUUID(),
          lao_code: lao,
          year: o.year,
          dataset_id: d.id,
          section_no: d.section,
          version: v,
          at: at(i, v),
          by_username: 'fixture',
          kind: 'save',
          status_after: status,
          error_count_after: 0,
          change_reason: null,
          diff_json: '[]',
          change_count: 0,
        });
      }
      records.push({
        lao_code: lao,
        year: o.year,
        dataset_id: d.id,
        section_no: d.section,
        version: versions,
        none: 0,
        none_reason: null,
        status: 'complete',
        error_count: 0,
        row_count: 1,
        updated_at: at(i, versions),
        updated_by: 'fixture',
      });
    });
    if (o.certifyEvery && i % o.certifyEvery === 0) {
      for (const section of new Set(o.datasets.map((d) => d.section)))
        for (const level of ['lao', 'province'] as const)
          events.push({
            id: randomUUID(),
            lao_code: lao,
            year: o.year,
            section_no: section,
            level,
            action: 'certify',
            at: at(i, versions + (level === 'lao' ? 1 : 2)),
            by_username: 'fixture',
            by_role: level === 'lao' ? 'lao_certifier' : 'province_officer',
            reason: null,
            snapshot_json: null,
          });
    }
  });
  const put = async <T extends 'dataset_change' | 'dataset_record' | 'certification_event'>(
    q: Kysely<Database>,
    table: T,
    rows: Database[T][],
  ) => {
    for (let i = 0; i < rows.length; i += 500)
      await q
        .insertInto(table)
        .values(rows.slice(i, i + 500) as never)
        .execute();
  };
  await db.transaction().execute(async (trx) => {
    await put(trx, 'dataset_change', changes);
    await put(trx, 'dataset_record', records);
    await put(trx, 'certification_event', events);
  });
  return { changes: changes.length, records: records.length, events: events.length };
}

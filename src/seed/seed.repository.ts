import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { AspectStatusTable, CertificationEventTable } from '../certification/certification.table.ts';
import type { Database } from '../db/database.ts';
import { isPostgres } from '../db/dialect.ts';
import type { DatasetChangeTable, DatasetRecordTable, DatasetRowTable } from '../records/records.table.ts';
import type { DivisionTable } from '../users/users.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The per-LAO tables a fiscal year of data lives in, in the order they are written and deleted. */
export const yearTables = [
  'dataset_record',
  'dataset_row',
  'dataset_change',
  'aspect_status',
  'certification_event',
] as const;
export type YearTable = (typeof yearTables)[number];

// Both dialects take at least 32,766 bound parameters per statement; stay well below.
const MAX_PARAMS = 30000;

async function insertChunked<T extends keyof Database>(db: Q, table: T, rows: Insertable<Database[T]>[]) {
  if (rows.length === 0) return;
  const per = Math.max(1, Math.floor(MAX_PARAMS / Object.keys(rows[0] as object).length));
  for (let i = 0; i < rows.length; i += per)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + per) as any)
      .execute();
}

export type YearBatch = {
  records: DatasetRecordTable[];
  rows: DatasetRowTable[];
  changes: DatasetChangeTable[];
  aspects: AspectStatusTable[];
  events: CertificationEventTable[];
};

/** Writes a batch of generated data with multi-row inserts (inside the caller's transaction). */
export async function insertBatch(trx: Transaction<Database>, b: YearBatch) {
  await insertChunked(trx, 'dataset_record', b.records);
  await insertChunked(trx, 'dataset_row', b.rows);
  await insertChunked(trx, 'dataset_change', b.changes);
  await insertChunked(trx, 'aspect_status', b.aspects);
  await insertChunked(trx, 'certification_event', b.events);
}

export const insertDivisions = (trx: Transaction<Database>, rows: Insertable<DivisionTable>[]) =>
  insertChunked(trx, 'division', rows);

/** The LAOs (of the given provinces, or all) that already have divisions. */
export async function laosWithDivisions(db: Q): Promise<Set<string>> {
  const r = await db.selectFrom('division').select('lao_code').distinct().execute();
  return new Set(r.map((x) => x.lao_code));
}

const inProvinces = (provinces: string[] | undefined) => (db: Q) =>
  db
    .selectFrom('lao')
    .select('code')
    .where('province_code', 'in', provinces ?? []);

/** How many data set records the years hold (for the given provinces, or the whole country). */
export async function countRecords(db: Q, years: number[], provinces?: string[]): Promise<number> {
  let q = db
    .selectFrom('dataset_record')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('year', 'in', years);
  if (provinces) q = q.where('lao_code', 'in', inProvinces(provinces)(db));
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Deletes every per-LAO row of the years (for the given provinces, or the whole country). */
export async function deleteYears(trx: Transaction<Database>, years: number[], provinces?: string[]) {
  for (const t of yearTables) {
    let q = trx.deleteFrom(t).where('year', 'in', years);
    if (provinces) q = q.where('lao_code', 'in', inProvinces(provinces)(trx));
    await q.execute();
  }
}

/** Every row of a year table for the years, streamed in batches (constant memory), in no set order. */
export function streamYearTable(db: Q, table: YearTable, years: number[], provinces?: string[]) {
  let q = db.selectFrom(table).selectAll().where('year', 'in', years);
  if (provinces) q = q.where('lao_code', 'in', inProvinces(provinces)(db));
  return q.stream(2000) as AsyncIterableIterator<Record<string, unknown>>;
}

/**
 * After a bulk load, PostgreSQL's planner needs fresh statistics: without them it picks a year-wide index scan
 * for a primary-key lookup (33 ms instead of 0.05 ms for an aspect's status), and autovacuum may be off or late.
 */
export async function refreshStatistics(db: Kysely<Database>) {
  if (isPostgres(db)) await sql`analyze`.execute(db);
}

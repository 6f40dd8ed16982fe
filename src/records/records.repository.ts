import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { jsonArraySlice } from '../db/dialect.ts';
import type { DatasetChangeTable, DatasetRecordTable, DatasetRowTable } from './records.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const findRecord = (db: Q, lao: string, year: number, datasetId: string) =>
  db
    .selectFrom('dataset_record')
    .selectAll()
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('dataset_id', '=', datasetId)
    .executeTakeFirst();

export const recordsOf = (db: Q, lao: string, year: number) =>
  db.selectFrom('dataset_record').selectAll().where('lao_code', '=', lao).where('year', '=', year).execute();

/**
 * The records of an LAO's aspect and the record of one data set (wherever its section), in one statement: a
 * save reads its own record and the states it needs for the aspect's together.
 */
export const recordsForSave = (db: Q, lao: string, year: number, sectionNo: number, datasetId: string) => {
  // A union of two indexed reads: with `or`, SQLite reads every record of the LAO's year instead. `union all`
  // needs no sort to drop duplicates; the data set's own record comes twice when it is of the aspect.
  const of = () =>
    db.selectFrom('dataset_record').selectAll().where('lao_code', '=', lao).where('year', '=', year);
  return of()
    .where('section_no', '=', sectionNo)
    .unionAll(of().where('dataset_id', '=', datasetId))
    .execute();
};

/** The write of a data set's first record (its statements run through writeTogether). */
export const insertRecord = (db: Q, row: DatasetRecordTable) => db.insertInto('dataset_record').values(row);

/**
 * The write that moves a record to the next version only if nobody else did first: it updates one row, or none
 * when the version moved meanwhile.
 */
export const advanceRecord = (db: Q, row: DatasetRecordTable, expectedVersion: number) =>
  db
    .updateTable('dataset_record')
    .set({
      version: row.version,
      none: row.none,
      none_reason: row.none_reason,
      status: row.status,
      error_count: row.error_count,
      row_count: row.row_count,
      updated_at: row.updated_at,
      updated_by: row.updated_by,
    })
    .where('lao_code', '=', row.lao_code)
    .where('year', '=', row.year)
    .where('dataset_id', '=', row.dataset_id)
    .where('version', '=', expectedVersion);

export const rowsOf = (db: Q, lao: string, year: number, datasetId: string) =>
  db
    .selectFrom('dataset_row')
    .selectAll()
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('dataset_id', '=', datasetId)
    .orderBy('position')
    .execute();

/** A data set's rows of a year and of the year before, in one statement: [this year's, last year's]. */
export async function rowsWithLastYear(db: Q, lao: string, year: number, datasetId: string) {
  const rows = await db
    .selectFrom('dataset_row')
    .selectAll()
    .where('lao_code', '=', lao)
    .where('year', 'in', [year, year - 1])
    .where('dataset_id', '=', datasetId)
    .orderBy('year', 'desc')
    .orderBy('position')
    .execute();
  // The driver may hand a year back as a string (PostgreSQL's integer types stay numbers here; be exact anyway).
  return [
    rows.filter((r) => Number(r.year) === year),
    rows.filter((r) => Number(r.year) === year - 1),
  ] as const;
}

export async function rowsPage(
  db: Q,
  lao: string,
  year: number,
  datasetId: string,
  page: number,
  pageSize: number,
) {
  return db
    .selectFrom('dataset_row')
    .selectAll()
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('dataset_id', '=', datasetId)
    .orderBy('position')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
}

const CHUNK = 200;

/** The writes that insert rows, 200 a statement. */
export function insertRows(db: Q, rows: DatasetRowTable[]) {
  const out = [];
  for (let i = 0; i < rows.length; i += CHUNK)
    out.push(db.insertInto('dataset_row').values(rows.slice(i, i + CHUNK)));
  return out;
}

/** The writes that delete rows by id, 500 a statement. */
export function deleteRows(db: Q, ids: string[]) {
  const out = [];
  for (let i = 0; i < ids.length; i += 500)
    out.push(db.deleteFrom('dataset_row').where('id', 'in', ids.slice(i, i + 500)));
  return out;
}

/** The write of a row's new position, values and explanation. */
export const updateRow = (db: Q, row: DatasetRowTable) =>
  db
    .updateTable('dataset_row')
    .set({ position: row.position, values_json: row.values_json, explanation: row.explanation })
    .where('id', '=', row.id);

/** The write of a change into the history. */
export const insertChange = (db: Q, row: DatasetChangeTable) => db.insertInto('dataset_change').values(row);

/** The columns of a change without its diffs (a change of 20,000 rows carries megabytes of them). */
const changeHead = [
  'id',
  'version',
  'at',
  'by_username',
  'kind',
  'status_after',
  'change_reason',
  'change_count',
] as const;

/**
 * One page of a data set's changes, newest first, each with its diffs only when it holds at most `inline` of
 * them (diff_json null otherwise: page through them with changeDiffs).
 */
export const changesPage = (
  db: Q,
  lao: string,
  year: number,
  datasetId: string,
  p: { limit: number; offset: number; inline: number },
) =>
  db
    .selectFrom('dataset_change')
    .select(changeHead)
    .select((eb) =>
      eb
        .case()
        .when('change_count', '<=', p.inline)
        .then(eb.ref('diff_json'))
        .else(null)
        .end()
        .as('diff_json'),
    )
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('dataset_id', '=', datasetId)
    .orderBy('version', 'desc')
    .limit(p.limit)
    .offset(p.offset)
    .execute();

export const countChanges = async (db: Q, lao: string, year: number, datasetId: string) =>
  Number(
    (
      await db
        .selectFrom('dataset_change')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('lao_code', '=', lao)
        .where('year', '=', year)
        .where('dataset_id', '=', datasetId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** One change of a data set by its version, without its diffs. */
export const findChange = (db: Q, lao: string, year: number, datasetId: string, version: number) =>
  db
    .selectFrom('dataset_change')
    .select(changeHead)
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('dataset_id', '=', datasetId)
    .where('version', '=', version)
    .executeTakeFirst();

/** Diffs [offset, offset + limit) of one change, as JSON texts in order (see jsonArraySlice). */
export const changeDiffs = (db: Q, changeId: string, offset: number, limit: number) =>
  jsonArraySlice(db, { table: 'dataset_change', id: changeId, column: 'diff_json' }, offset, limit);

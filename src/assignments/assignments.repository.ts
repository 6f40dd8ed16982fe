import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { AssignmentTable, YearDeadlineTable } from './assignments.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Replaces every assignment of an LAO in a fiscal year (call inside a transaction). */
export async function replaceAssignments(
  trx: Transaction<Database>,
  lao: string,
  year: number,
  rows: AssignmentTable[],
) {
  await trx.deleteFrom('assignment').where('lao_code', '=', lao).where('year', '=', year).execute();
  if (rows.length) await trx.insertInto('assignment').values(rows).execute();
}

export const yearDeadlines = (db: Q) =>
  db.selectFrom('year_deadline').selectAll().orderBy('year', 'desc').execute();

export const upsertYearDeadline = (db: Q, row: YearDeadlineTable) =>
  db
    .insertInto('year_deadline')
    .values(row)
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({ due_date: row.due_date, set_by: row.set_by, set_at: row.set_at }),
    )
    .execute();

/** The assignments of an LAO in a year. */
export const assignmentsOf = (db: Q, lao: string, year: number) =>
  db.selectFrom('assignment').selectAll().where('lao_code', '=', lao).where('year', '=', year).execute();

export const yearDeadline = (db: Q, year: number) =>
  db.selectFrom('year_deadline').selectAll().where('year', '=', year).executeTakeFirst();

import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ActivityFilter } from './activities.schemas.ts';
import type { LaoActivityTable } from './activities.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filtered(db: Q, lao: string, year: number, f: ActivityFilter, aspects?: number[]) {
  let q = db
    .selectFrom('lao_activity')
    .where('lao_code', '=', lao)
    .where('fiscal_year', '=', year)
    .where('deleted_at', 'is', null);
  if (f.aspect) q = q.where('aspect_no', '=', f.aspect);
  if (aspects) q = q.where('aspect_no', 'in', aspects.length ? aspects : [-1]);
  if (f.from) q = q.where('date', '>=', f.from);
  if (f.to) q = q.where('date', '<=', f.to);
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    // ESCAPE spelled out: SQLite has no default escape character for LIKE.
    q = q.where(sql<boolean>`(title like ${like} escape '\\' or description like ${like} escape '\\')`);
  }
  return q;
}

/** One page of an LAO's activities in a fiscal year, newest first, and how many match. */
export async function findActivities(
  db: Q,
  lao: string,
  year: number,
  f: ActivityFilter,
  offset: number,
  limit: number,
  aspects?: number[],
) {
  const [items, count] = await Promise.all([
    filtered(db, lao, year, f, aspects)
      .selectAll()
      .orderBy('date', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .offset(offset)
      .limit(limit)
      .execute(),
    filtered(db, lao, year, f, aspects)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirst(),
  ]);
  return { items, total: Number(count?.n ?? 0) };
}

export const findActivity = (db: Q, lao: string, year: number, id: string) =>
  db
    .selectFrom('lao_activity')
    .selectAll()
    .where('id', '=', id)
    .where('lao_code', '=', lao)
    .where('fiscal_year', '=', year)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();

export const insertActivity = (db: Q, row: LaoActivityTable) =>
  db.insertInto('lao_activity').values(row).execute();

export const updateActivity = (
  db: Q,
  id: string,
  set: Pick<
    LaoActivityTable,
    'date' | 'title' | 'aspect_no' | 'description' | 'participants' | 'updated_at' | 'updated_by'
  >,
) =>
  db
    .updateTable('lao_activity')
    .set(set)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();

export const markDeleted = (db: Q, id: string, at: string, by: string) =>
  db
    .updateTable('lao_activity')
    .set({ deleted_at: at, deleted_by: by })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();

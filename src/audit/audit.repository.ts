import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { pageWithTotal } from '../db/page-query.ts';
import type { ActivityLogTable } from './audit.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const insertActivity = (db: Q, row: ActivityLogTable) =>
  db.insertInto('activity_log').values(row).execute();

export type ActivityFilter = {
  laoCode?: string | undefined;
  provinceCode?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
};

/** Newest first, one page. */
export async function findActivity(db: Q, f: ActivityFilter, page: number, pageSize: number) {
  let q = db.selectFrom('activity_log');
  if (f.laoCode) q = q.where('lao_code', '=', f.laoCode);
  if (f.provinceCode) q = q.where('province_code', '=', f.provinceCode);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.action) q = q.where('action', 'like', `${f.action}%`);
  return pageWithTotal(q, (w) =>
    w
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  );
}

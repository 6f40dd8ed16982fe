import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { pageWithTotal } from '../db/page-query.ts';
import type { ActivityLogTable } from './audit.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

// Append-only: this file holds the only statements that touch activity_log. Entries are inserted, read, and
// deleted only by the retention purge (deleteOlderThan); nothing updates one.
/** The insert of one entry (executed by the caller, alone or with its other writes). */
export const insertActivity = (db: Q, row: ActivityLogTable) => db.insertInto('activity_log').values(row);

export type ActivityFilter = {
  laoCode?: string | undefined;
  provinceCode?: string | undefined;
  actorId?: string | undefined;
  /** An exact action, or a prefix ending with '.' (e.g. 'contact.'). */
  action?: string | undefined;
  /** Any of these exact actions (a kind group). */
  actions?: string[] | undefined;
  /** The username of whoever acted. */
  who?: string | undefined;
  sectionNo?: number | undefined;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string | undefined;
  to?: string | undefined;
};

function filtered(db: Q, f: ActivityFilter): SelectQueryBuilder<Database, 'activity_log', object> {
  let q = db.selectFrom('activity_log');
  if (f.laoCode) q = q.where('lao_code', '=', f.laoCode);
  if (f.provinceCode) q = q.where('province_code', '=', f.provinceCode);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.action)
    q = f.action.endsWith('.') ? q.where('action', 'like', `${f.action}%`) : q.where('action', '=', f.action);
  if (f.actions) q = q.where('action', 'in', f.actions.length ? f.actions : ['-']);
  if (f.who) q = q.where('actor_username', '=', f.who);
  if (f.sectionNo) q = q.where('section_no', '=', f.sectionNo);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  return q;
}

/** Newest first, one page. */
export async function findActivity(db: Q, f: ActivityFilter, page: number, pageSize: number) {
  return pageWithTotal(filtered(db, f), (w) =>
    w
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  );
}

/** Newest first, the entries after a (at, id) key: the CSV export reads a large view a batch at a time. */
export function activityBatchAfter(
  db: Q,
  f: ActivityFilter,
  after: { at: string; id: string } | null,
  limit: number,
) {
  let q = filtered(db, f);
  if (after)
    q = q.where((eb) =>
      eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]),
    );
  return q.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/**
 * Deletes up to `batch` entries older than `before` (sign-in entries, actions starting with 'auth.', use their
 * own cut-off); returns how many went. The retention purge calls it until it answers 0.
 */
export async function deleteOlderThan(
  db: Q,
  cut: { signIns: string; others: string | null },
  batch: number,
): Promise<number> {
  const ids = await db
    .selectFrom('activity_log')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('action', 'like', 'auth.%'), eb('at', '<', cut.signIns)]),
        ...(cut.others ? [eb.and([eb('action', 'not like', 'auth.%'), eb('at', '<', cut.others)])] : []),
      ]),
    )
    .limit(batch)
    .execute();
  if (ids.length === 0) return 0;
  const r = await db
    .deleteFrom('activity_log')
    .where(
      'id',
      'in',
      ids.map((x) => x.id),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

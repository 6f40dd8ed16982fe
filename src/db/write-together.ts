// Writes that belong together, sent as one statement on PostgreSQL (issue 17). A save writes five tables and
// announces the change; each statement is a round trip, and on a loaded machine every round trip waits for the
// database's backend and then for the app's turn on a core. PostgreSQL runs data-modifying CTEs: the writes go as
// `with w0 as (update … returning 1), w1 as (insert … returning 1), … select count(*) from w0, …, pg_notify(…)`,
// one round trip for all of them, all or nothing inside the caller's transaction. SQLite has neither such CTEs
// nor round trips to save (a statement is a function call): there the writes run one after another.
//
// Each write's own statement must not depend on another's effect: the CTEs of one statement see the same
// snapshot, so two writes of the same row, or a write that reads what another wrote, cannot go together.
import {
  type CompiledQuery,
  type DeleteQueryBuilder,
  type InsertQueryBuilder,
  type RawBuilder,
  sql,
  type Transaction,
  type UpdateQueryBuilder,
} from 'kysely';
import { type ChangeTopic, notifyExpression } from './change-feed.ts';
import type { Database } from './database.ts';
import { isPostgres } from './dialect.ts';

/** Any table of the database, any returning shape. */
type Any = any;
export type Write =
  | InsertQueryBuilder<Database, Any, Any>
  | UpdateQueryBuilder<Database, Any, Any, Any>
  | DeleteQueryBuilder<Database, Any, Any>;

/** PostgreSQL takes at most 65,535 parameters a statement; a batch with more than this runs write by write. */
const MAX_PARAMETERS = 30_000;

/** A write's count of rows inserted, updated or deleted, from whichever result it gives. */
function affected(r: {
  numInsertedOrUpdatedRows?: bigint;
  numUpdatedRows?: bigint;
  numDeletedRows?: bigint;
}) {
  return Number(r.numInsertedOrUpdatedRows ?? r.numUpdatedRows ?? r.numDeletedRows ?? 0);
}

/**
 * Runs `writes` inside `trx` (in this order on SQLite; as one statement on PostgreSQL, see above), then announces
 * `announce` to the other nodes as announceChange would. Returns the number of rows each write touched.
 */
export async function writeTogether(
  trx: Transaction<Database>,
  writes: Write[],
  announce?: { topic: ChangeTopic; key: string | null },
): Promise<number[]> {
  if (isPostgres(trx) && writes.length) {
    const one = together(trx, writes, announce);
    if (one.parameters.length <= MAX_PARAMETERS) {
      const { rows } = await trx.executeQuery<Record<string, number>>(one);
      return writes.map((_, i) => Number(rows[0]?.[`n${i}`] ?? 0));
    }
  }
  const counts: number[] = [];
  for (const w of writes) counts.push(affected((await w.executeTakeFirst()) as Any));
  const notify = announce && notifyExpression(trx, announce.topic, announce.key);
  if (notify) await sql`select ${notify}`.execute(trx);
  return counts;
}

/** The one statement: each write a CTE returning a row per row it touched, counted by the final select. */
function together(
  trx: Transaction<Database>,
  writes: Write[],
  announce?: { topic: ChangeTopic; key: string | null },
): CompiledQuery {
  const ctes = writes.map(
    (w, i) => sql`${sql.id(`w${i}`)} as (${(w as Any).returning(sql<number>`1`.as('one'))})`,
  );
  const counts: RawBuilder<unknown>[] = writes.map(
    (_, i) => sql`(select count(*) from ${sql.id(`w${i}`)}) as ${sql.id(`n${i}`)}`,
  );
  const notify = announce && notifyExpression(trx, announce.topic, announce.key);
  if (notify) counts.push(sql`${notify} as notified`);
  // Each write went through the plugins (the text guard) as it became part of this statement: not twice.
  return sql`with ${sql.join(ctes)} select ${sql.join(counts)}`.compile(trx.withoutPlugins());
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ThrottleEventTable } from './throttle.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const insertEvents = (db: Q, rows: ThrottleEventTable[]) =>
  db.insertInto('throttle_event').values(rows).execute();

export const deleteEvents = (db: Q, ids: string[]) =>
  db.deleteFrom('throttle_event').where('id', 'in', ids).execute();

/** How many events of a scope and subject since a moment, and the oldest of them. */
export async function eventsSince(db: Q, scope: string, subject: string, since: string) {
  const r = await db
    .selectFrom('throttle_event')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
    .where('scope', '=', scope)
    .where('subject', '=', subject)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return { count: Number(r.n), oldest: (r.oldest as string | null) ?? null };
}

export const pruneBefore = (db: Q, scope: string, before: string) =>
  db.deleteFrom('throttle_event').where('at', '<', before).where('scope', '=', scope).execute();

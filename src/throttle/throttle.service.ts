import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { uuidv7 } from '../util/ids.ts';
import * as repo from './throttle.repository.ts';

/** At most `max` events per `subject` of a `scope` in any `windowMs`. */
export type Limit = { scope: string; subject: string; max: number; windowMs: number };

/** The limit that refused, and when it lets the next event through. */
export type Refusal = { limit: Limit; until: string; retryAfter: number };

/**
 * Counts one event against every limit, or none when any of them is already reached (then says which, and
 * until when). The events are written first and counted after, so that two requests at the same moment cannot
 * both take the last place: at worst both are refused.
 */
export async function take(db: Kysely<Database>, limits: Limit[]): Promise<Refusal | null> {
  const now = Date.now();
  const at = new Date(now).toISOString();
  const rows = limits.map((l) => ({ id: uuidv7(now), scope: l.scope, subject: l.subject, at }));
  await repo.insertEvents(db, rows);
  for (const l of limits) {
    const since = new Date(now - l.windowMs).toISOString();
    const { count, oldest } = await repo.eventsSince(db, l.scope, l.subject, since);
    if (count > l.max) {
      await repo.deleteEvents(
        db,
        rows.map((r) => r.id),
      );
      const until = new Date(Date.parse(oldest ?? at) + l.windowMs).toISOString();
      return { limit: l, until, retryAfter: Math.max(1, Math.ceil((Date.parse(until) - now) / 1000)) };
    }
  }
  for (const l of limits) await repo.pruneBefore(db, l.scope, new Date(now - l.windowMs).toISOString());
  return null;
}

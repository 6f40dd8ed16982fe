import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * Takes or renews the lease `name` for `owner` until `until`: true when this owner holds it afterwards. One
 * conditional statement each, so two nodes asking at once cannot both win (the row is the lock).
 */
export async function takeLease(db: Q, name: string, owner: string, now: string, until: string) {
  const inserted = await db
    .insertInto('job_lease')
    .values({ name, owner, until })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  const r = await db
    .updateTable('job_lease')
    .set({ owner, until })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('owner', '=', owner), eb('until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives a lease up (only its owner can). */
export const releaseLease = (db: Q, name: string, owner: string) =>
  db.deleteFrom('job_lease').where('name', '=', name).where('owner', '=', owner).execute();

import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ImportPreviewTable } from './imports.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const insertPreview = (db: Q, row: ImportPreviewTable) =>
  db.insertInto('import_preview').values(row).execute();

export const findPreview = (db: Q, id: string) =>
  db.selectFrom('import_preview').selectAll().where('id', '=', id).executeTakeFirst();

/** Removes previews created before the cut-off (applied or not): they hold whole files' worth of rows. */
export const deleteCreatedBefore = (db: Q, cutoff: string) =>
  db.deleteFrom('import_preview').where('created_at', '<', cutoff).execute();

/** Claims a preview for applying; false when it was already applied (or claimed by a concurrent request). */
export async function claimPreview(db: Q, id: string, at: string, by: string): Promise<boolean> {
  const r = await db
    .updateTable('import_preview')
    .set({ applied_at: at, applied_by: by })
    .where('id', '=', id)
    .where('applied_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives a claim back after the data set refused the rows (stale version, certified aspect, …). */
export const releasePreview = (db: Q, id: string, at: string) =>
  db
    .updateTable('import_preview')
    .set({ applied_at: null, applied_by: null })
    .where('id', '=', id)
    .where('applied_at', '=', at)
    .execute();

export const setAppliedVersion = (db: Q, id: string, version: number) =>
  db.updateTable('import_preview').set({ applied_version: version }).where('id', '=', id).execute();

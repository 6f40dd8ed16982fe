import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { EvidenceFileTable, OwnerKind } from './files.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const insertFiles = (db: Q, rows: EvidenceFileTable[]) =>
  db.insertInto('evidence_file').values(rows).execute();

export const findFile = (db: Q, id: string) =>
  db.selectFrom('evidence_file').selectAll().where('id', '=', id).executeTakeFirst();

/** How many files an owner holds now (removed ones not counted). */
export async function liveCount(db: Q, lao: string, year: number, kind: OwnerKind, ownerId: string) {
  const r = await db
    .selectFrom('evidence_file')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('owner_kind', '=', kind)
    .where('owner_id', '=', ownerId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The live files of the owners given, oldest first. */
export const filesOfOwners = (db: Q, lao: string, year: number, kind: OwnerKind, ownerIds: string[]) =>
  ownerIds.length === 0
    ? Promise.resolve([] as EvidenceFileTable[])
    : db
        .selectFrom('evidence_file')
        .selectAll()
        .where('lao_code', '=', lao)
        .where('year', '=', year)
        .where('owner_kind', '=', kind)
        .where('owner_id', 'in', ownerIds)
        .where('removed_at', 'is', null)
        .orderBy('uploaded_at')
        .orderBy('id')
        .execute();

/** Every live file of a data set's rows and form, bounded (the page shows at most this many). */
export const filesOfDataset = (db: Q, lao: string, year: number, datasetId: string, limit: number) =>
  db
    .selectFrom('evidence_file')
    .selectAll()
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('dataset_id', '=', datasetId)
    .where('removed_at', 'is', null)
    .orderBy('uploaded_at')
    .orderBy('id')
    .limit(limit)
    .execute();

export const markRemoved = (db: Q, id: string, at: string, by: string) =>
  db
    .updateTable('evidence_file')
    .set({ removed_at: at, removed_by: by })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();

/** Whether a file's owner still stands: a row not deleted, an activity not deleted (a form always stands). */
export async function ownerStands(db: Q, f: Pick<EvidenceFileTable, 'owner_kind' | 'owner_id' | 'lao_code'>) {
  if (f.owner_kind === 'form') return true;
  if (f.owner_kind === 'row') {
    const r = await db.selectFrom('dataset_row').select('id').where('id', '=', f.owner_id).executeTakeFirst();
    return Boolean(r);
  }
  const a = await db
    .selectFrom('lao_activity')
    .select('id')
    .where('id', '=', f.owner_id)
    .where('lao_code', '=', f.lao_code)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Boolean(a);
}

/** Files follow their owner when it moves to another aspect (an activity re-filed). */
export const moveOwnerSection = (db: Q, kind: OwnerKind, ownerId: string, sectionNo: number) =>
  db
    .updateTable('evidence_file')
    .set({ section_no: sectionNo })
    .where('owner_kind', '=', kind)
    .where('owner_id', '=', ownerId)
    .execute();

/** Which of these contents (sha256) some evidence row names, removed or not. */
export async function knownBlobs(db: Q, sha256s: string[]) {
  const rows = await db
    .selectFrom('evidence_file')
    .select('sha256')
    .distinct()
    .where('sha256', 'in', sha256s)
    .execute();
  return rows.map((r) => r.sha256);
}

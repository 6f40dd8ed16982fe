import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../db/database.ts';
import { pageWithTotal } from '../db/page-query.ts';
import { laosAsOf } from '../registry/registry.repository.ts';
import type { LaoContactHistoryTable, LaoContactTable } from './contact.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const findContact = (db: Q, laoCode: string) =>
  db.selectFrom('lao_contact').selectAll().where('lao_code', '=', laoCode).executeTakeFirst();

export const findContactByTokenHash = (db: Q, hash: string) =>
  db.selectFrom('lao_contact').selectAll().where('verify_token_hash', '=', hash).executeTakeFirst();

/** Inserts a first registration; false when one already exists (a concurrent first save). */
export async function insertContact(db: Q, row: LaoContactTable): Promise<boolean> {
  const r = await db
    .insertInto('lao_contact')
    .values(row)
    .onConflict((oc) => oc.column('lao_code').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const updateContact = (db: Q, laoCode: string, set: Updateable<LaoContactTable>) =>
  db.updateTable('lao_contact').set(set).where('lao_code', '=', laoCode).execute();

/** Marks the address verified if the link is still live; the count says whether this call used it. */
export async function useVerifyToken(db: Q, hash: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('lao_contact')
    .set({ email_verified_at: at, verify_expires_at: null })
    .where('verify_token_hash', '=', hash)
    .where('email_verified_at', 'is', null)
    .where('verify_expires_at', '>', at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const insertHistory = (db: Q, row: LaoContactHistoryTable) =>
  db.insertInto('lao_contact_history').values(row).execute();

/** One page of an LAO's registration history, newest first, with how many changes it has. */
export async function historyOf(db: Q, laoCode: string, p: { limit: number; offset: number }) {
  const q = db.selectFrom('lao_contact_history').where('lao_code', '=', laoCode);
  return pageWithTotal(q, (w) =>
    w.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(p.limit).offset(p.offset).execute(),
  );
}

/** Every active LAO of a province in a fiscal year with its registration, if any: one query. */
export function provinceRegistrations(db: Q, provinceCode: string, year: number) {
  return laosAsOf(db, year)
    .leftJoin('lao_contact as c', 'c.lao_code', 'l.code')
    .where('v.status', '=', 'active')
    .where('l.province_code', '=', provinceCode)
    .select([
      'l.code',
      'v.name_th as name',
      'v.type',
      'l.district_code',
      'd.name_th as district_name_th',
      'c.responsible_name',
      'c.phone',
      'c.email',
      'c.email_verified_at',
      'c.updated_at',
    ])
    .orderBy('l.district_code')
    .orderBy('l.code')
    .execute();
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { pageWithTotal } from '../db/page-query.ts';
import type { NotificationTable } from './notifications.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const insertNotifications = (db: Q, rows: NotificationTable[]) =>
  rows.length ? db.insertInto('notification').values(rows).execute() : Promise.resolve([]);

/** How many unread notifications a user has: one index lookup on (user_id, read_at). */
export async function countUnread(db: Q, userId: string): Promise<number> {
  const r = await db
    .selectFrom('notification')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A user's notifications, newest first, one page. */
export const listForUser = (db: Q, userId: string, limit: number, offset: number) =>
  pageWithTotal(db.selectFrom('notification').where('user_id', '=', userId), (q) =>
    q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute(),
  );

/** Marks one of the user's notifications read; false when the user has no such notification. */
export async function markRead(db: Q, userId: string, id: string, at: string): Promise<boolean> {
  const own = await db
    .selectFrom('notification')
    .select('id')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!own) return false;
  await db
    .updateTable('notification')
    .set({ read_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
  return true;
}

/** Marks every unread notification of the user read; returns how many. */
export async function markAllRead(db: Q, userId: string, at: string): Promise<number> {
  const r = await db
    .updateTable('notification')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Enabled users of an LAO with one of the roles. */
export const laoUsers = (db: Q, laoCode: string, roles: ('lao_admin' | 'lao_certifier' | 'lao_staff')[]) =>
  db
    .selectFrom('app_user')
    .select('id')
    .where('lao_code', '=', laoCode)
    .where('role', 'in', roles)
    .where('disabled_at', 'is', null)
    .execute();

/** Enabled province officers of a province. */
export const provinceOfficers = (db: Q, provinceCode: string) =>
  db
    .selectFrom('app_user')
    .select('id')
    .where('role', '=', 'province_officer')
    .where('province_code', '=', provinceCode)
    .where('disabled_at', 'is', null)
    .execute();

/** The enabled staff of an LAO in any of the divisions, and the named responsible people of an aspect. */
export async function aspectStaff(
  db: Q,
  laoCode: string,
  year: number,
  sectionNo: number,
  divisionIds: string[],
) {
  const inDivisions = divisionIds.length
    ? await db
        .selectFrom('user_division as ud')
        .innerJoin('app_user as u', 'u.id', 'ud.user_id')
        .select('u.id')
        .where('ud.division_id', 'in', divisionIds)
        .where('u.lao_code', '=', laoCode)
        .where('u.disabled_at', 'is', null)
        .execute()
    : [];
  const responsible = await db
    .selectFrom('assignment as a')
    .innerJoin('app_user as u', 'u.id', 'a.responsible_user_id')
    .select('u.id')
    .where('a.lao_code', '=', laoCode)
    .where('a.year', '=', year)
    .where('a.section_no', '=', sectionNo)
    .where('u.disabled_at', 'is', null)
    .execute();
  return [...inDivisions, ...responsible];
}

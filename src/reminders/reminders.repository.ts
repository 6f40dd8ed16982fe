import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { ReminderSentTable } from './reminders.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The LAOs with an assignment of the year due on one of the days. */
export const laosWithAssignmentsDue = async (db: Q, year: number, days: string[]) =>
  (
    await db
      .selectFrom('assignment')
      .select('lao_code')
      .distinct()
      .where('year', '=', year)
      .where('due_date', 'in', days)
      .execute()
  ).map((r) => r.lao_code);

/** Every LAO that has a user who may get reminders (active, with an e-mail, reminders on). */
export const laosWithReminderUsers = async (db: Q) =>
  (
    await db
      .selectFrom('app_user')
      .select('lao_code')
      .distinct()
      .where('lao_code', 'is not', null)
      .where('disabled_at', 'is', null)
      .where('email', 'is not', null)
      .where('reminders_off_at', 'is', null)
      .execute()
  )
    .map((r) => r.lao_code)
    .filter((c): c is string => Boolean(c));

/** An LAO's users who may get reminders, with the divisions they belong to. */
export async function reminderUsersOf(db: Q, lao: string) {
  const users = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'email', 'role'])
    .where('lao_code', '=', lao)
    .where('disabled_at', 'is', null)
    .where('email', 'is not', null)
    .where('reminders_off_at', 'is', null)
    .orderBy('username')
    .execute();
  const links = users.length
    ? await db
        .selectFrom('user_division')
        .select(['user_id', 'division_id'])
        .where(
          'user_id',
          'in',
          users.map((u) => u.id),
        )
        .execute()
    : [];
  return users.map((u) => ({
    ...u,
    email: u.email!,
    divisionIds: links.filter((l) => l.user_id === u.id).map((l) => l.division_id),
  }));
}

/** The aspects of a year whose data is complete (aspect_status.data_state), with their certification columns. */
export const completeAspects = (db: Q, year: number) =>
  db
    .selectFrom('aspect_status')
    .selectAll()
    .where('year', '=', year)
    .where('data_state', '=', 'complete')
    .execute();

/** Records a reminder as sent unless it already was (the primary key): true for exactly one caller. */
export async function insertSent(db: Q, row: ReminderSentTable) {
  const r = await db
    .insertInto('reminder_sent')
    .values(row)
    .onConflict((oc) => oc.columns(['kind', 'user_id', 'subject_key', 'day']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** One page of the reminders sent (newest first) in a scope, and their total. */
export async function sentPage(
  db: Q,
  s: { laoCode?: string; provinceCode?: string },
  p: { limit: number; offset: number },
) {
  let q = db.selectFrom('reminder_sent');
  if (s.laoCode) q = q.where('reminder_sent.lao_code', '=', s.laoCode);
  if (s.provinceCode) q = q.where('reminder_sent.province_code', '=', s.provinceCode);
  const [items, total] = await Promise.all([
    q
      .innerJoin('app_user as u', 'u.id', 'reminder_sent.user_id')
      .select([
        'reminder_sent.kind',
        'reminder_sent.day',
        'reminder_sent.lao_code',
        'reminder_sent.province_code',
        'reminder_sent.to_address',
        'reminder_sent.summary',
        'reminder_sent.sent_at',
        'u.username',
      ])
      .orderBy('reminder_sent.sent_at', 'desc')
      .orderBy('reminder_sent.mail_id', 'desc')
      .limit(p.limit)
      .offset(p.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The province officers who get reminders (an e-mail, enabled, reminders on), by province. */
export function reminderProvinceOfficers(db: Q) {
  return db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'email', 'province_code'])
    .where('role', '=', 'province_officer')
    .where('province_code', 'is not', null)
    .where('disabled_at', 'is', null)
    .where('email', 'is not', null)
    .where('reminders_off_at', 'is', null)
    .orderBy('province_code')
    .orderBy('username')
    .execute()
    .then((rows) => rows.map((u) => ({ ...u, email: u.email! })));
}

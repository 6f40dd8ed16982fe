import { type Insertable, type Kysely, sql, type Transaction, type Updateable } from 'kysely';
import { announceChange, onChange } from '../db/change-feed.ts';
import type { Database } from '../db/database.ts';
import { isPostgres } from '../db/dialect.ts';
import { pageWithTotal } from '../db/page-query.ts';
import { NodeCache } from '../util/node-cache.ts';
import type {
  ApiTokenTable,
  AppUserTable,
  DivisionTable,
  MfaPolicyTable,
  Role,
  SessionTable,
} from './users.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

export const findUserByUsername = (db: Q, username: string) =>
  db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
export const findUserById = (db: Q, id: string) =>
  db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
export const insertUser = (db: Q, row: AppUserTable) => db.insertInto('app_user').values(row).execute();
export const updateUser = (db: Q, id: string, set: Updateable<AppUserTable>) =>
  db.updateTable('app_user').set(set).where('id', '=', id).execute();
export const countUsers = async (db: Q) =>
  Number(
    (
      await db
        .selectFrom('app_user')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export type UserFilter = {
  laoCode?: string | undefined;
  provinceCode?: string | undefined;
  role?: Role | undefined;
  q?: string | undefined;
};

function usersWhere(db: Q, f: UserFilter) {
  let q = db.selectFrom('app_user');
  if (f.laoCode) q = q.where('lao_code', '=', f.laoCode);
  if (f.provinceCode)
    q = q.where((eb) =>
      eb.or([eb('province_code', '=', f.provinceCode!), eb('lao_code', 'like', `_${f.provinceCode}%`)]),
    );
  if (f.role) q = q.where('role', '=', f.role);
  if (f.q)
    q = q.where((eb) => eb.or([eb('username', 'like', `%${f.q}%`), eb('display_name', 'like', `%${f.q}%`)]));
  return q;
}

/** One page of the accounts a filter matches (by LAO, role and username), with how many match in all. */
export async function findUsers(db: Q, f: UserFilter, p: { limit: number; offset: number }) {
  const [items, total] = await Promise.all([
    usersWhere(db, f)
      .selectAll()
      .orderBy('lao_code')
      .orderBy('role')
      .orderBy('username')
      .limit(p.limit)
      .offset(p.offset)
      .execute(),
    usersWhere(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export const divisionIdsOf = async (db: Q, userId: string) =>
  (await db.selectFrom('user_division').select('division_id').where('user_id', '=', userId).execute()).map(
    (r) => r.division_id,
  );

export function divisionsOfUser(db: Q, userId: string) {
  return db
    .selectFrom('user_division as ud')
    .innerJoin('division as d', 'd.id', 'ud.division_id')
    .select(['d.id', 'd.name_th', 'd.name_en', 'd.lao_code'])
    .where('ud.user_id', '=', userId)
    .orderBy('d.position')
    .execute();
}

export const setUserDivisions = async (db: Q, userId: string, divisionIds: string[]) => {
  await db.deleteFrom('user_division').where('user_id', '=', userId).execute();
  if (divisionIds.length)
    await db
      .insertInto('user_division')
      .values(divisionIds.map((division_id) => ({ user_id: userId, division_id })))
      .execute();
};

export const divisionsOfLao = (db: Q, laoCode: string) =>
  db
    .selectFrom('division')
    .selectAll()
    .where('lao_code', '=', laoCode)
    .orderBy('position')
    .orderBy('name_th')
    .execute();
export const insertDivision = (db: Q, row: Insertable<DivisionTable>) =>
  db.insertInto('division').values(row).execute();

// Sessions
export const insertSession = (db: Q, row: SessionTable) => db.insertInto('session').values(row).execute();
/**
 * A session with its user and the user's division ids in one statement (every signed-in request asks): the
 * session's columns prefixed `s_`, the user's as they are, `division_ids` comma-separated (null: none).
 */
export function findSessionWithUser(db: Q, idHash: string) {
  return db
    .selectFrom('session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select([
      's.csrf_token as s_csrf_token',
      's.created_at as s_created_at',
      's.last_seen_at as s_last_seen_at',
      's.expires_at as s_expires_at',
      's.mfa_pending as s_mfa_pending',
      's.revoked_at as s_revoked_at',
    ])
    .select(
      (isPostgres(db)
        ? sql<
            string | null
          >`(select string_agg(ud.division_id, ',') from user_division ud where ud.user_id = u.id)`
        : sql<
            string | null
          >`(select group_concat(ud.division_id, ',') from user_division ud where ud.user_id = u.id)`
      ).as('division_ids'),
    )
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst();
}
export const touchSession = (db: Q, idHash: string, at: string) =>
  db.updateTable('session').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
export const updateSession = (db: Q, idHash: string, set: Updateable<SessionTable>) =>
  db.updateTable('session').set(set).where('id_hash', '=', idHash).execute();
export const revokeSession = (db: Q, idHash: string, at: string) =>
  db
    .updateTable('session')
    .set({ revoked_at: at })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
export const revokeUserSessions = (db: Q, userId: string, at: string) =>
  db
    .updateTable('session')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
/** One more wrong code on a session waiting for its second factor; at `max` it is revoked. Returns the count. */
export async function addMfaFailure(db: Q, idHash: string, max: number, at: string): Promise<number> {
  const r = await db
    .updateTable('session')
    .set((eb) => ({ mfa_failures: eb('mfa_failures', '+', 1) }))
    .where('id_hash', '=', idHash)
    .returning('mfa_failures')
    .executeTakeFirst();
  const n = Number(r?.mfa_failures ?? max);
  if (n >= max) await revokeSession(db, idHash, at);
  return n;
}

// API tokens
export const insertApiToken = (db: Q, row: ApiTokenTable) => db.insertInto('api_token').values(row).execute();
export const findApiToken = (db: Q, hash: string) =>
  db.selectFrom('api_token').selectAll().where('token_hash', '=', hash).executeTakeFirst();
/** One page of a user's API tokens, newest first, with how many they have. */
export async function listApiTokens(db: Q, userId: string, p: { limit: number; offset: number }) {
  const q = db.selectFrom('api_token').where('user_id', '=', userId);
  return pageWithTotal(q, (w) =>
    w
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(p.limit)
      .offset(p.offset)
      .execute(),
  );
}
/** Revokes one of a user's tokens; whether the user has that token. */
export const revokeApiToken = async (db: Q, userId: string, id: string, at: string) =>
  Number(
    (
      await db
        .updateTable('api_token')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) > 0;
/** Revokes every live personal API token of a user; returns how many. */
export async function revokeUserApiTokens(db: Q, userId: string, at: string): Promise<number> {
  const r = await db
    .updateTable('api_token')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
export const touchApiToken = (db: Q, id: string, at: string) =>
  db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', id).execute();

// Second factor: a code's step is accepted once (the update wins only for a later step).
export async function useTotpStep(db: Q, userId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('app_user')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Failures in a row per sign-in name (known or not) and the lock they lead to
export const findThrottle = (db: Q, username: string) =>
  db.selectFrom('login_throttle').selectAll().where('username', '=', username).executeTakeFirst();
/** Counts one failure for a name; a run whose last failure is older than `restartBefore` starts again at 1. */
export async function addLoginFailure(db: Q, username: string, at: string, restartBefore: string) {
  const r = await db
    .insertInto('login_throttle')
    .values({ username, failures: 1, locked_until: null, updated_at: at })
    .onConflict((oc) =>
      oc.column('username').doUpdateSet((eb) => ({
        failures: eb
          .case()
          .when('login_throttle.updated_at', '<', restartBefore)
          .then(1)
          .else(eb('login_throttle.failures', '+', 1))
          .end(),
        updated_at: at,
      })),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(r.failures);
}
export const lockName = (db: Q, username: string, until: string, at: string) =>
  db
    .updateTable('login_throttle')
    .set({ failures: 0, locked_until: until, updated_at: at })
    .where('username', '=', username)
    .execute();
export const clearThrottle = (db: Q, username: string) =>
  db.deleteFrom('login_throttle').where('username', '=', username).execute();
/** Forgets what can no longer matter: runs idle since `before` that hold no live lock, attempts older than it. */
export async function pruneSignInState(db: Q, before: string, now: string) {
  await db
    .deleteFrom('login_throttle')
    .where('updated_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
  await db.deleteFrom('login_attempt').where('at', '<', before).execute();
}

// Sign-in attempts (per address rate limit)
export const insertLoginAttempt = (
  db: Q,
  row: { id: string; ip: string; username: string; at: string; ok: number },
) => db.insertInto('login_attempt').values(row).execute();
export const markAttemptOk = (db: Q, id: string) =>
  db.updateTable('login_attempt').set({ ok: 1 }).where('id', '=', id).execute();
export const deleteLoginAttempt = (db: Q, id: string) =>
  db.deleteFrom('login_attempt').where('id', '=', id).execute();
export async function countFailedFrom(db: Q, ip: string, since: string) {
  const r = await db
    .selectFrom('login_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ip', '=', ip)
    .where('ok', '=', 0)
    .where('at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
export const oldestFailedFrom = (db: Q, ip: string, since: string) =>
  db
    .selectFrom('login_attempt')
    .select('at')
    .where('ip', '=', ip)
    .where('ok', '=', 0)
    .where('at', '>=', since)
    .orderBy('at')
    .executeTakeFirst();

// Password reset
export const insertReset = (db: Q, row: { token_hash: string; user_id: string; expires_at: string }) =>
  db
    .insertInto('password_reset')
    .values({ ...row, used_at: null })
    .execute();
export const findReset = (db: Q, hash: string) =>
  db.selectFrom('password_reset').selectAll().where('token_hash', '=', hash).executeTakeFirst();
/** Ends every unused reset link of a user (after a new password, or when the account is disabled). */
export const endResets = (db: Q, userId: string, at: string) =>
  db
    .updateTable('password_reset')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
export const markResetUsed = (db: Q, hash: string, at: string) =>
  db
    .updateTable('password_reset')
    .set({ used_at: at })
    .where('token_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();

// 2FA policy
const mfaPolicyCache = new NodeCache<MfaPolicyTable[]>({ name: 'mfa_policy', ttlMs: 60_000, maxEntries: 1 });
// A policy changed on another node (setMfaPolicy announces it in its transaction).
onChange('mfa_policy', (db) => mfaPolicyCache.drop(db));

/** The 2FA policy of every role: read at every signed-in request, so kept per node (ADR 0011). */
export const mfaPolicies = (db: Kysely<Database>) =>
  mfaPolicyCache.get(db, 'all', () => db.selectFrom('mfa_policy').selectAll().execute());
/** After a policy change commits: this node reads the table again at once. */
export const mfaPolicyChanged = (db: Kysely<Database>) => mfaPolicyCache.drop(db);
export async function setMfaPolicy(db: Q, role: Role, required: boolean, at: string) {
  await db
    .insertInto('mfa_policy')
    .values({ role, required: required ? 1 : 0, updated_at: at })
    .onConflict((oc) => oc.column('role').doUpdateSet({ required: required ? 1 : 0, updated_at: at }))
    .execute();
  await announceChange(db, 'mfa_policy', null);
}

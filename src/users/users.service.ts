import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { logActivity } from '../audit/audit.service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { requireDivisionsOf } from '../divisions/divisions.service.ts';
import { oneLine, queueMail, takeMailQuota } from '../mail/mail.service.ts';
import { type Actor, can, roleName, type Viewer } from '../policy/policy.ts';
import { laoScope } from '../policy/scope.ts';
import { requireKnownArea } from '../registry/registry.service.ts';
import { take } from '../throttle/throttle.service.ts';
import { AppError, bi } from '../util/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { formatTime } from '../util/thai-date.ts';
import { hashPassword, imitateVerify, passwordProblem, verifyPassword } from './passwords.ts';
import { newTotpSecret, totpStep } from './totp.ts';
import * as repo from './users.repository.ts';
import type { AppUserTable, Role } from './users.table.ts';

export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3600_000;
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
export const IP_WINDOW_MS = 15 * 60_000;
export const IP_MAX_FAILURES = 30;
const RESET_TTL_MS = 60 * 60_000;
/** A sign-in waiting for its second factor lasts this long, or this many wrong codes. */
export const MFA_PENDING_MS = 5 * 60_000;
export const MFA_PENDING_MAX_FAILURES = 5;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = (bytes = 32) => randomBytes(bytes).toString('base64url');
const now = () => new Date().toISOString();

/** The actor a user row acts as, with the divisions they belong to. */
export async function actorOf(
  db: Kysely<Database>,
  u: AppUserTable,
  /** The user's division ids when already read (a session's lookup reads them with the user). */
  divisionIds?: string[],
): Promise<Actor> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    provinceCode: u.province_code ?? (u.lao_code ? u.lao_code.slice(1, 3) : null),
    districtCode: u.district_code ?? (u.lao_code ? u.lao_code.slice(1, 5) : null),
    laoCode: u.lao_code,
    divisionIds: divisionIds ?? (await repo.divisionIdsOf(db, u.id)),
  };
}

/** The public view of a user in the API. */
export const toApiUser = (u: AppUserTable) => ({
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  laoCode: u.lao_code,
  provinceCode: u.province_code ?? (u.lao_code ? u.lao_code.slice(1, 3) : null),
  districtCode: u.district_code ?? (u.lao_code ? u.lao_code.slice(1, 5) : null),
});

export type NewUser = {
  username: string;
  displayName: string;
  email?: string | null;
  password?: string | null;
  role: Role;
  provinceCode?: string | null;
  districtCode?: string | null;
  laoCode?: string | null;
  divisionIds?: string[];
  mustChangePassword: boolean;
};

async function checkScope(db: Kysely<Database>, u: NewUser) {
  const need = {
    dla_admin: [],
    province_officer: ['provinceCode'],
    district_officer: ['districtCode'],
    lao_admin: ['laoCode'],
    lao_certifier: ['laoCode'],
    lao_staff: ['laoCode'],
  }[u.role] as ('provinceCode' | 'districtCode' | 'laoCode')[];
  for (const k of need) {
    if (!u[k]) {
      const label = { provinceCode: 'province', districtCode: 'district', laoCode: 'lao' }[k];
      throw new AppError(
        'unprocessable',
        bi(`บทบาท ${u.role} ต้องระบุ ${label}`, `Role ${u.role} needs --${label}`),
        [{ field: label, message: bi(`ระบุ ${label} ของบทบาทนี้`, `Give the ${label} of this role`) }],
      );
    }
  }
  if (u.laoCode && !(await laoScope(db, u.laoCode))) {
    throw new AppError('unprocessable', bi(`ไม่พบ อปท. รหัส ${u.laoCode}`, `No LAO with code ${u.laoCode}`), [
      {
        field: 'lao',
        message: bi('ระบุรหัส อปท. 7 หลักที่มีในทะเบียน', 'Give a 7-digit LAO code from the registry'),
      },
    ]);
  }
  if (
    u.provinceCode &&
    !(await db.selectFrom('province').select('code').where('code', '=', u.provinceCode).executeTakeFirst())
  ) {
    throw new AppError(
      'unprocessable',
      bi(`ไม่พบจังหวัดรหัส ${u.provinceCode}`, `No province ${u.provinceCode}`),
      [{ field: 'province', message: bi('ระบุรหัสจังหวัด 2 หลัก', 'Give a 2-digit province code') }],
    );
  }
  if (
    u.districtCode &&
    !(await db.selectFrom('district').select('code').where('code', '=', u.districtCode).executeTakeFirst())
  ) {
    throw new AppError(
      'unprocessable',
      bi(`ไม่พบอำเภอรหัส ${u.districtCode}`, `No district ${u.districtCode}`),
      [{ field: 'district', message: bi('ระบุรหัสอำเภอ 4 หลัก', 'Give a 4-digit district code') }],
    );
  }
}

/**
 * Creates an account. `by` null means the command line (no forced password change unless asked); otherwise
 * the policy decides whether `by` may create this role in this scope. Returns the password when generated.
 */
export async function createUser(
  db: Kysely<Database>,
  by: Actor | 'system',
  u: NewUser,
): Promise<{ user: AppUserTable; generatedPassword: string | null }> {
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(u.username)) {
    throw new AppError(
      'unprocessable',
      bi('ชื่อผู้ใช้ใช้ a-z 0-9 . _ - ยาว 3–64 ตัว', 'Username: a-z 0-9 . _ -, 3–64 characters'),
      [
        {
          field: 'username',
          message: bi(
            'ชื่อผู้ใช้ใช้ตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข . _ - ยาว 3–64 ตัว',
            'Use lower-case letters, digits, . _ -, 3–64 characters',
          ),
        },
      ],
    );
  }
  await checkScope(db, u);
  if (by !== 'system') {
    const scope = u.laoCode
      ? await laoScope(db, u.laoCode)
      : { provinceCode: u.provinceCode ?? null, districtCode: u.districtCode ?? null };
    if (!can(by, 'user.manage', { ...scope, targetRole: u.role })) {
      throw new AppError(
        'forbidden',
        bi('คุณไม่มีสิทธิ์สร้างบัญชีบทบาทนี้ในขอบเขตนี้', 'You may not create this role in this scope'),
      );
    }
  }
  if (await repo.findUserByUsername(db, u.username)) {
    throw new AppError('conflict', bi(`ชื่อผู้ใช้ ${u.username} มีอยู่แล้ว`, `Username ${u.username} is taken`), [
      { field: 'username', message: bi('ชื่อผู้ใช้นี้มีผู้ใช้แล้ว เลือกชื่ออื่น', 'That username is taken; choose another') },
    ]);
  }
  const generated = u.password ? null : `${token(9)}-${token(3)}`;
  const password = u.password ?? generated!;
  const problem = passwordProblem(password, u.username);
  if (problem) throw new AppError('unprocessable', problem, [{ field: 'password', message: problem }]);
  const at = now();
  const row: AppUserTable = {
    id: randomUUID(),
    username: u.username,
    display_name: u.displayName,
    email: u.email ?? null,
    password_hash: await hashPassword(password),
    role: u.role,
    province_code:
      u.role === 'province_officer' || u.role === 'district_officer'
        ? (u.provinceCode ?? u.districtCode?.slice(0, 2) ?? null)
        : null,
    district_code: u.role === 'district_officer' ? (u.districtCode ?? null) : null,
    lao_code: u.role.startsWith('lao_') ? (u.laoCode ?? null) : null,
    must_change_password: u.mustChangePassword ? 1 : 0,
    totp_secret: null,
    totp_enabled: 0,
    totp_last_step: null,
    disabled_at: null,
    reminders_off_at: null,
    created_at: at,
    updated_at: at,
  };
  await db.transaction().execute(async (trx) => {
    // Divisions are of the account's own LAO (an unknown id was a foreign-key 500, another LAO's was accepted).
    if (u.divisionIds?.length) await requireDivisionsOf(trx, row.lao_code, u.divisionIds);
    await repo.insertUser(trx, row);
    if (u.divisionIds?.length) await repo.setUserDivisions(trx, row.id, [...new Set(u.divisionIds)]);
    await logActivity(trx, {
      actor: by === 'system' ? { username: 'system' } : by,
      action: 'user.created',
      laoCode: row.lao_code,
      provinceCode: row.province_code,
      target: row.username,
      detail: {
        role: row.role,
        scope: { province: row.province_code, district: row.district_code, lao: row.lao_code },
      },
    });
  });
  return { user: row, generatedPassword: generated };
}

const genericFailure = () =>
  new AppError('unauthorized', bi('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง', 'Wrong username or password'), [
    { field: 'username', message: bi('ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง', 'Wrong username or password') },
  ]);

const retryAfter = (until: string, from = Date.now()) =>
  Math.max(1, Math.ceil((Date.parse(until) - from) / 1000));

// The same words whether or not the name has an account: the answer must not tell which.
function lockedError(until: string, lockedNow: boolean) {
  const t = formatTime(until);
  return new AppError(
    'too_many_requests',
    bi(
      `${lockedNow ? 'เข้าสู่ระบบไม่สำเร็จ 5 ครั้งติดต่อกัน ' : ''}บัญชีถูกล็อกชั่วคราว ลองใหม่ได้หลังเวลา ${t} น. ` +
        'หรือขอลิงก์ตั้งรหัสผ่านใหม่ที่หน้า "ลืมรหัสผ่าน" เพื่อปลดล็อกทันที',
      `${lockedNow ? 'Five failed sign-ins in a row: ' : ''}the account is locked; try again after ${t} (Bangkok time), ` +
        'or reset your password ("Forgotten your password?") to unlock it now',
    ),
    [],
    { retryAfter: retryAfter(until), lockedUntil: until },
  );
}

type Attempt = { username: string; user: AppUserTable | undefined; ip: string };
const actorOfAttempt = (a: Attempt) =>
  a.user ? { username: a.username, id: a.user.id, role: a.user.role } : { username: a.username };
type OpenAttempt = Attempt & { id: string };

// The steps of one sign-in name run one at a time in this process: guesses sent in parallel are each checked
// against the lock the ones before them may have set. The map holds only names with a step in flight.
const nameQueues = new Map<string, Promise<unknown>>();
async function oneAtATime<T>(name: string, step: () => Promise<T>): Promise<T> {
  const run = (nameQueues.get(name) ?? Promise.resolve()).then(step, step);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  nameQueues.set(name, settled);
  try {
    return await run;
  } finally {
    if (nameQueues.get(name) === settled) nameQueues.delete(name);
  }
}

/**
 * Starts a sign-in step (a password or a second-factor code): the address's failures first (429 beyond
 * IP_MAX_FAILURES in the window, one indexed count before any hashing; the attempt is written before it is
 * counted, so parallel requests cannot all slip under it), then the name's lock.
 */
async function openAttempt(db: Kysely<Database>, a: Attempt): Promise<OpenAttempt> {
  const at = new Date();
  const iso = at.toISOString();
  const id = randomUUID();
  await repo.insertLoginAttempt(db, { id, ip: a.ip, username: a.username, at: iso, ok: 0 });
  const since = new Date(at.getTime() - IP_WINDOW_MS).toISOString();
  if ((await repo.countFailedFrom(db, a.ip, since)) > IP_MAX_FAILURES) {
    await repo.deleteLoginAttempt(db, id);
    const oldest = await repo.oldestFailedFrom(db, a.ip, since);
    const until = new Date(Date.parse(oldest?.at ?? iso) + IP_WINDOW_MS).toISOString();
    throw new AppError(
      'too_many_requests',
      bi(
        `มีการเข้าสู่ระบบผิดจากเครื่องนี้บ่อยเกินไป ลองใหม่ได้หลังเวลา ${formatTime(until)} น.`,
        `Too many failed sign-ins from this address; try again after ${formatTime(until)}`,
      ),
      [],
      { retryAfter: retryAfter(until, at.getTime()) },
    );
  }
  const throttle = await repo.findThrottle(db, a.username);
  if (throttle?.locked_until && Date.parse(throttle.locked_until) > at.getTime()) {
    await logActivity(db, {
      actor: actorOfAttempt(a),
      action: 'auth.login_refused_locked',
      target: a.username,
      ip: a.ip,
      laoCode: a.user?.lao_code ?? null,
    });
    throw lockedError(throttle.locked_until, false);
  }
  return { ...a, id };
}

/**
 * A step turned out wrong (wrong password, unknown or disabled name, wrong or used code): counts it in the
 * name's run (one atomic upsert) and logs it; the fifth in a row locks the name. Returns the lock's end when it
 * locked.
 */
async function failAttempt(db: Kysely<Database>, a: OpenAttempt, reason: string): Promise<string | null> {
  const at = new Date();
  const iso = at.toISOString();
  const failures = await repo.addLoginFailure(
    db,
    a.username,
    iso,
    new Date(at.getTime() - LOCK_MS).toISOString(),
  );
  const lock = failures >= LOCK_AFTER_FAILURES ? new Date(at.getTime() + LOCK_MS).toISOString() : null;
  if (lock) await repo.lockName(db, a.username, lock, iso);
  // Both tables only matter for a window: a flood of made-up names or addresses cannot grow them for good.
  await repo.pruneSignInState(
    db,
    new Date(at.getTime() - Math.max(LOCK_MS, IP_WINDOW_MS)).toISOString(),
    iso,
  );
  await logActivity(db, {
    actor: actorOfAttempt(a),
    action: lock && a.user ? 'auth.account_locked' : 'auth.login_failed',
    target: a.username,
    ip: a.ip,
    laoCode: a.user?.lao_code ?? null,
    detail: { reason, failures, ...(lock ? { lockedUntil: lock } : {}) },
  });
  return lock;
}

/** A step was right: no failure of the address; `complete` (signed in) ends the name's run of failures. */
async function passAttempt(db: Kysely<Database>, a: OpenAttempt, complete: boolean) {
  await repo.markAttemptOk(db, a.id);
  if (complete) await repo.clearThrottle(db, a.username);
}

/**
 * Checks a username and password: per-address rate limit, a lock per name after five failures in a row (the
 * same for a name without an account, which costs no password hashing beyond the wait that makes it answer
 * as slowly), a generic message for any wrong pair. Logs failures. A correct password of an account with 2FA
 * does not end the run of failures: only the code does.
 */
export async function authenticate(
  db: Kysely<Database>,
  input: { username: string; password: string; ip: string },
): Promise<AppUserTable> {
  const username = input.username.trim().toLowerCase();
  return oneAtATime(username, async () => {
    const user = await repo.findUserByUsername(db, username);
    const attempt = await openAttempt(db, { username, user, ip: input.ip });
    const usable = user && !user.disabled_at ? user : null;
    const ok = usable ? await verifyPassword(usable.password_hash, input.password) : await imitateVerify();
    if (!ok || !usable) {
      const lock = await failAttempt(
        db,
        attempt,
        !user ? 'unknown' : user.disabled_at ? 'disabled' : 'password',
      );
      if (lock) throw lockedError(lock, true);
      throw genericFailure();
    }
    await passAttempt(db, attempt, usable.totp_enabled !== 1);
    return usable;
  });
}

/** Whether a role must use two-factor authentication (set by the central administrator). */
export async function mfaRequiredFor(db: Kysely<Database>, role: Role): Promise<boolean> {
  return (await repo.mfaPolicies(db)).some((p) => p.role === role && p.required === 1);
}

/** Opens a session (a fresh id every sign-in) and returns the raw id (cookie or bearer token) and CSRF token. */
export async function openSession(
  db: Kysely<Database>,
  user: AppUserTable,
  meta: { ip: string; userAgent: string | null; mfaPending: boolean },
) {
  const sid = token(32);
  const csrf = token(24);
  const at = new Date();
  await db.transaction().execute(async (trx) => {
    await repo.insertSession(trx, {
      id_hash: sha256(sid),
      user_id: user.id,
      csrf_token: csrf,
      created_at: at.toISOString(),
      last_seen_at: at.toISOString(),
      expires_at: new Date(at.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
      mfa_pending: meta.mfaPending ? 1 : 0,
      mfa_failures: 0,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      revoked_at: null,
    });
    if (!meta.mfaPending) {
      await logActivity(trx, {
        actor: { username: user.username, id: user.id, role: user.role },
        action: 'auth.login',
        target: user.username,
        ip: meta.ip,
        laoCode: user.lao_code,
      });
    }
  });
  return { sid, csrf };
}

export type ResolvedSession = {
  user: AppUserTable;
  /** The user's divisions, read with the session (for actorOf). */
  divisionIds: string[];
  csrf: string;
  mfaPending: boolean;
  idHash: string;
};

/**
 * The live session behind a raw id: not revoked, not idle for 8 hours, not older than 7 days, and when it waits
 * for the second factor, not older than 5 minutes; else null.
 */
export async function resolveSession(db: Kysely<Database>, sid: string): Promise<ResolvedSession | null> {
  const idHash = sha256(sid);
  // The session, its user and the user's divisions in one statement (one round trip on PostgreSQL).
  const row = await repo.findSessionWithUser(db, idHash);
  if (!row || row.s_revoked_at) return null;
  const {
    s_csrf_token: csrf,
    s_created_at: createdAt,
    s_last_seen_at: lastSeenAt,
    s_expires_at: expiresAt,
    s_mfa_pending: mfaPending,
    s_revoked_at: _revoked,
    division_ids: divisionIds,
    ...user
  } = row;
  const t = Date.now();
  if (Date.parse(expiresAt) <= t || Date.parse(lastSeenAt) + SESSION_IDLE_MS <= t) return null;
  if (mfaPending === 1 && Date.parse(createdAt) + MFA_PENDING_MS <= t) return null;
  if (user.disabled_at) return null;
  // Writing on every request would serialise reads on SQLite; a minute of precision is plenty for 8 hours.
  if (t - Date.parse(lastSeenAt) > 60_000) await repo.touchSession(db, idHash, new Date(t).toISOString());
  return {
    user,
    divisionIds: divisionIds ? divisionIds.split(',') : [],
    csrf,
    mfaPending: mfaPending === 1,
    idHash,
  };
}

/** Ends one session. */
export async function closeSession(db: Kysely<Database>, sid: string, actor: Viewer, ip: string | null) {
  await db.transaction().execute(async (trx) => {
    await repo.revokeSession(trx, sha256(sid), now());
    if (actor)
      await logActivity(trx, {
        actor,
        action: 'auth.logout',
        target: actor.username,
        ip,
        laoCode: actor.laoCode,
      });
  });
}

const wrongCode = (used: boolean) => {
  const m = used
    ? bi(
        'รหัส 6 หลักนี้ถูกใช้ไปแล้ว รอรหัสถัดไปจากแอป (เปลี่ยนทุก 30 วินาที) แล้วใส่อีกครั้ง',
        'That code was already used; wait for the next one in your app (every 30 seconds)',
      )
    : bi(
        'รหัสยืนยันตัวตน 6 หลักไม่ถูกต้อง ใส่รหัสล่าสุดจากแอป',
        'Wrong 6-digit code; enter the latest one from your app',
      );
  return new AppError('unauthorized', m, [{ field: 'code', message: m }]);
};

/**
 * Checks a second-factor code like a password: the address limit and the name's lock first; a wrong code (or a
 * code of a step already used: each is accepted once) counts toward both.
 */
export async function verifySecondFactor(db: Kysely<Database>, user: AppUserTable, code: string, ip: string) {
  await oneAtATime(user.username, async () => {
    const attempt = await openAttempt(db, { username: user.username, user, ip });
    const step = user.totp_secret ? totpStep(user.totp_secret, code) : null;
    if (step === null || !(await repo.useTotpStep(db, user.id, step))) {
      const lock = await failAttempt(db, attempt, step === null ? 'mfa' : 'mfa_replay');
      if (lock) throw lockedError(lock, true);
      throw wrongCode(step !== null);
    }
    await passAttempt(db, attempt, true);
  });
}

/**
 * Completes a sign-in that waits for the 2FA code. The fifth wrong code ends the waiting session (the person
 * signs in again with the password).
 */
export async function completeMfa(db: Kysely<Database>, s: ResolvedSession, code: string, ip: string) {
  try {
    await verifySecondFactor(db, s.user, code, ip);
  } catch (err) {
    const failures = await repo.addMfaFailure(db, s.idHash, MFA_PENDING_MAX_FAILURES, now());
    if (failures >= MFA_PENDING_MAX_FAILURES && !(err instanceof AppError && err.status === 429)) {
      throw new AppError(
        'unauthorized',
        bi(
          'ใส่รหัสยืนยันตัวตนผิด 5 ครั้ง เข้าสู่ระบบใหม่ด้วยชื่อผู้ใช้และรหัสผ่าน',
          'Five wrong codes: sign in again with your username and password',
        ),
      );
    }
    throw err;
  }
  await repo.updateSession(db, s.idHash, { mfa_pending: 0 });
  await logActivity(db, {
    actor: { username: s.user.username, id: s.user.id, role: s.user.role },
    action: 'auth.login',
    target: s.user.username,
    ip,
    detail: { mfa: true },
    laoCode: s.user.lao_code,
  });
}

/**
 * Changes one's own password (the current one is required), ends the other sessions and revokes every personal
 * API token; returns how many tokens were revoked.
 */
export async function changePassword(
  db: Kysely<Database>,
  user: AppUserTable,
  input: { current: string; next: string; keepSessionHash?: string },
): Promise<{ tokensRevoked: number }> {
  if (!(await verifyPassword(user.password_hash, input.current))) {
    throw new AppError('unprocessable', bi('รหัสผ่านปัจจุบันไม่ถูกต้อง', 'The current password is wrong'), [
      { field: 'current', message: bi('ใส่รหัสผ่านปัจจุบันให้ถูกต้อง', 'Enter your current password') },
    ]);
  }
  const problem =
    passwordProblem(input.next, user.username) ??
    (input.next === input.current
      ? bi('ตั้งรหัสผ่านใหม่ที่ไม่ซ้ำกับรหัสเดิม', 'Choose a password different from the current one')
      : null);
  if (problem) throw new AppError('unprocessable', problem, [{ field: 'next', message: problem }]);
  return setPassword(db, user, input.next, input.keepSessionHash ?? null, 'user.password_changed');
}

// A new password makes every other credential of the account worthless: sessions (but the one making the
// change), personal API tokens (a token outlived a stolen password otherwise), other reset links, and the lock.
async function setPassword(
  db: Kysely<Database>,
  user: AppUserTable,
  password: string,
  keep: string | null,
  action: string,
): Promise<{ tokensRevoked: number }> {
  const hash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const at = now();
    await repo.updateUser(trx, user.id, { password_hash: hash, must_change_password: 0, updated_at: at });
    let q = trx
      .updateTable('session')
      .set({ revoked_at: at })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null);
    if (keep) q = q.where('id_hash', '!=', keep);
    await q.execute();
    const tokensRevoked = await repo.revokeUserApiTokens(trx, user.id, at);
    await repo.endResets(trx, user.id, at);
    await repo.clearThrottle(trx, user.username);
    await logActivity(trx, {
      actor: { username: user.username, id: user.id, role: user.role },
      action,
      target: user.username,
      laoCode: user.lao_code,
      detail: { tokensRevoked },
    });
    return { tokensRevoked };
  });
}

export const RESET_PER_NAME_PER_HOUR = 3;
export const RESET_PER_ADDRESS_PER_HOUR = 20;
const HOUR_MS = 60 * 60_000;

/**
 * Sends a single-use, one-hour reset link to the account's e-mail; says nothing about whether it exists. At most
 * 3 requests per name and 20 per client address an hour (429, counted alike for every name, known or not); the
 * mail limits per recipient and per LAO skip the mail without a word, since a refusal would reveal the account.
 */
export async function requestPasswordReset(
  db: Kysely<Database>,
  config: Config,
  username: string,
  ip: string,
) {
  const name = username.trim().toLowerCase();
  const refused = await take(db, [
    { scope: 'reset:name', subject: name, max: RESET_PER_NAME_PER_HOUR, windowMs: HOUR_MS },
    { scope: 'reset:address', subject: ip, max: RESET_PER_ADDRESS_PER_HOUR, windowMs: HOUR_MS },
  ]);
  if (refused) {
    const t = formatTime(refused.until);
    const message =
      refused.limit.scope === 'reset:name'
        ? bi(
            `ขอลิงก์ตั้งรหัสผ่านใหม่ของชื่อผู้ใช้นี้ครบ ${RESET_PER_NAME_PER_HOUR} ครั้งใน 1 ชั่วโมงแล้ว ตรวจดูอีเมลที่ได้รับ (รวมถึงจดหมายขยะ) หรือลองใหม่ได้หลังเวลา ${t} น.`,
            `A reset link was asked for this username ${RESET_PER_NAME_PER_HOUR} times in the last hour; check your e-mail (and its spam folder) or try again after ${t} (Bangkok time)`,
          )
        : bi(
            `มีการขอลิงก์ตั้งรหัสผ่านใหม่จากเครื่องนี้บ่อยเกินไป ลองใหม่ได้หลังเวลา ${t} น.`,
            `Too many reset requests from this address; try again after ${t} (Bangkok time)`,
          );
    throw new AppError('too_many_requests', message, [{ field: 'username', message }], {
      retryAfter: refused.retryAfter,
    });
  }
  const user = await repo.findUserByUsername(db, name);
  if (!user || user.disabled_at || !user.email) return;
  const actor = { username: user.username, id: user.id, role: user.role };
  const quota = await takeMailQuota(db, { kind: 'password_reset', to: user.email, laoCode: user.lao_code });
  if (quota) {
    await logActivity(db, {
      actor,
      action: 'user.password_reset_throttled',
      target: user.username,
      detail: { limit: quota.limit.scope, until: quota.until },
    });
    return;
  }
  const raw = token(32);
  const email = user.email;
  const link = `${config.baseUrl}/reset-password/${raw}`;
  // The link, its mail and the log entry are one write: a reset link exists exactly when its mail is queued.
  await db.transaction().execute(async (trx) => {
    await repo.insertReset(trx, {
      token_hash: sha256(raw),
      user_id: user.id,
      expires_at: new Date(Date.now() + RESET_TTL_MS).toISOString(),
    });
    await queueMail(trx, config, {
      to: email,
      kind: 'password_reset',
      subject: 'ตั้งรหัสผ่านใหม่ — ระบบข้อมูลกลาง อปท. (INFO)',
      text:
        `เรียน ${oneLine(user.display_name)}\n\n` +
        `มีการขอตั้งรหัสผ่านใหม่สำหรับบัญชี ${user.username}\n` +
        `เปิดลิงก์นี้ภายใน 1 ชั่วโมง (ใช้ได้ครั้งเดียว):\n${link}\n\n` +
        `หากคุณไม่ได้ขอ ไม่ต้องทำอะไร รหัสผ่านเดิมยังใช้ได้\n\n` +
        `Reset your INFO password within 1 hour (single use): ${link}`,
    });
    await logActivity(trx, { actor, action: 'user.password_reset_requested', target: user.username });
  });
}

/** Whether a reset link is still usable. */
export async function resetTokenValid(db: Kysely<Database>, raw: string) {
  const r = await repo.findReset(db, sha256(raw));
  return Boolean(r && !r.used_at && Date.parse(r.expires_at) > Date.now());
}

/**
 * Uses a reset link once: sets the new password, ends every session, revokes the API tokens and lifts a lock.
 * Returns how many tokens were revoked.
 */
export async function resetPassword(
  db: Kysely<Database>,
  raw: string,
  password: string,
): Promise<{ tokensRevoked: number }> {
  const r = await repo.findReset(db, sha256(raw));
  const user = r ? await repo.findUserById(db, r.user_id) : undefined;
  if (!r || r.used_at || Date.parse(r.expires_at) <= Date.now() || !user || user.disabled_at) {
    throw new AppError(
      'bad_request',
      bi('ลิงก์นี้หมดอายุหรือถูกใช้ไปแล้ว ขอลิงก์ใหม่', 'This link has expired or was used; ask for a new one'),
    );
  }
  const problem = passwordProblem(password, user.username);
  if (problem) throw new AppError('unprocessable', problem, [{ field: 'password', message: problem }]);
  const used = await repo.markResetUsed(db, sha256(raw), now());
  if (Number(used.numUpdatedRows) !== 1)
    throw new AppError('bad_request', bi('ลิงก์นี้ถูกใช้ไปแล้ว', 'This link was already used'));
  return setPassword(db, user, password, null, 'user.password_reset');
}

/** Starts 2FA enrolment (a POST, never a page view): a new secret kept until the first code confirms it. */
export async function beginTotp(db: Kysely<Database>, user: AppUserTable) {
  if (user.totp_enabled === 1) {
    throw new AppError(
      'conflict',
      bi(
        'เปิดใช้การยืนยันตัวตนสองขั้นตอนอยู่แล้ว หากต้องการเปลี่ยนแอป ให้ปิดก่อนแล้วเริ่มใหม่',
        'Two-factor authentication is already on; turn it off first to move to another app',
      ),
    );
  }
  const secret = newTotpSecret();
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { totp_secret: secret, totp_enabled: 0, updated_at: now() });
    await logActivity(trx, {
      actor: { username: user.username, id: user.id, role: user.role },
      action: 'user.mfa_enrolment_started',
      target: user.username,
      laoCode: user.lao_code,
    });
  });
  return secret;
}

/** Turns 2FA on once the app shows a matching code (that code is then used up). */
export async function confirmTotp(db: Kysely<Database>, user: AppUserTable, code: string) {
  const step = user.totp_secret && user.totp_enabled !== 1 ? totpStep(user.totp_secret, code) : null;
  if (step === null || !(await repo.useTotpStep(db, user.id, step))) {
    throw new AppError(
      'unprocessable',
      user.totp_secret
        ? bi(
            'รหัส 6 หลักไม่ตรง ตรวจเวลาในโทรศัพท์และใช้รหัสล่าสุด',
            'The 6-digit code does not match; check the phone clock and use the latest code',
          )
        : bi('กด "เริ่มตั้งค่า" เพื่อรับรหัสลับก่อน', 'Press "Start" to get a secret first'),
      [{ field: 'code', message: bi('ใส่รหัส 6 หลักล่าสุดจากแอป', 'Enter the latest 6-digit code from the app') }],
    );
  }
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { totp_enabled: 1, updated_at: now() });
    await logActivity(trx, {
      actor: { username: user.username, id: user.id, role: user.role },
      action: 'user.mfa_enabled',
      target: user.username,
      laoCode: user.lao_code,
    });
  });
}

/** Turns 2FA off (needs a current code, checked like a sign-in); refused when the role must use it. */
export async function disableTotp(db: Kysely<Database>, user: AppUserTable, code: string, ip: string) {
  if (await mfaRequiredFor(db, user.role)) {
    throw new AppError(
      'forbidden',
      bi('บทบาทของคุณต้องใช้การยืนยันตัวตนสองขั้นตอน', 'Your role must use two-factor authentication'),
    );
  }
  if (user.totp_enabled !== 1)
    throw new AppError('conflict', bi('การยืนยันตัวตนสองขั้นตอนปิดอยู่แล้ว', 'Two-factor authentication is off'));
  await verifySecondFactor(db, user, code, ip);
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { totp_enabled: 0, totp_secret: null, updated_at: now() });
    await logActivity(trx, {
      actor: { username: user.username, id: user.id, role: user.role },
      action: 'user.mfa_disabled',
      target: user.username,
      laoCode: user.lao_code,
    });
  });
}

/** The central administrator makes 2FA mandatory (or not) for a role. */
export async function setMfaRequired(db: Kysely<Database>, by: Actor, role: Role, required: boolean) {
  if (!can(by, 'system.admin'))
    throw new AppError('forbidden', bi('เฉพาะผู้ดูแลระบบส่วนกลาง', 'Central administrators only'));
  await db.transaction().execute(async (trx) => {
    await repo.setMfaPolicy(trx, role, required, now());
    await logActivity(trx, { actor: by, action: 'policy.mfa_changed', target: role, detail: { required } });
  });
  repo.mfaPolicyChanged(db);
}

/** Creates a personal API token; the raw token is returned once and only its hash is kept. */
export async function createApiToken(db: Kysely<Database>, actor: Actor, name: string) {
  const raw = `lit_${token(32)}`;
  await db.transaction().execute(async (trx) => {
    await repo.insertApiToken(trx, {
      // Time-ordered: tokens made in the same millisecond still list newest first.
      id: uuidv7(),
      user_id: actor.id,
      name: name.slice(0, 100) || 'token',
      token_hash: sha256(raw),
      created_at: now(),
      last_used_at: null,
      revoked_at: null,
    });
    await logActivity(trx, { actor, action: 'user.api_token_created', target: name, laoCode: actor.laoCode });
  });
  return raw;
}

/** Revokes one of the actor's own API tokens. */
export async function revokeApiToken(db: Kysely<Database>, actor: Actor, id: string) {
  // Only the actor's own tokens: another account's token id is as unknown as a made-up one (404, nothing logged).
  await db.transaction().execute(async (trx) => {
    if (!(await repo.revokeApiToken(trx, actor.id, id, now())))
      throw new AppError(
        'not_found',
        bi(
          'ไม่พบโทเคนนี้ในบัญชีของคุณ — ดูรายการโทเคนที่หน้าบัญชีผู้ใช้',
          'No such token in your account; see your tokens on the account page',
        ),
      );
    await logActivity(trx, { actor, action: 'user.api_token_revoked', target: id, laoCode: actor.laoCode });
  });
}

/** One page of a user's API tokens, newest first (revoked ones too), with the total. */
export const listApiTokens = (db: Kysely<Database>, userId: string, p: { limit: number; offset: number }) =>
  repo.listApiTokens(db, userId, p);

/** The user behind a bearer token: a session id or a personal API token. */
export async function resolveBearer(
  db: Kysely<Database>,
  raw: string,
): Promise<{ user: AppUserTable; divisionIds?: string[] } | null> {
  if (raw.startsWith('lit_')) {
    const t = await repo.findApiToken(db, sha256(raw));
    if (!t || t.revoked_at) return null;
    const user = await repo.findUserById(db, t.user_id);
    if (!user || user.disabled_at) return null;
    if (!t.last_used_at || Date.now() - Date.parse(t.last_used_at) > 60_000)
      await repo.touchApiToken(db, t.id, now());
    return { user };
  }
  const s = await resolveSession(db, raw);
  return s && !s.mfaPending ? { user: s.user, divisionIds: s.divisionIds } : null;
}

/**
 * Disables or re-enables an account. Disabling ends its sessions and revokes its API tokens and reset links for
 * good, so that re-enabling it brings none of them back.
 */
export async function setDisabled(db: Kysely<Database>, by: Actor, username: string, disabled: boolean) {
  const user = await repo.findUserByUsername(db, username);
  if (!user) throw new AppError('not_found', bi(`ไม่พบผู้ใช้ ${username}`, `No user ${username}`));
  const scope = user.lao_code
    ? await laoScope(db, user.lao_code)
    : { provinceCode: user.province_code, districtCode: user.district_code };
  if (!can(by, 'user.manage', { ...scope, targetRole: user.role }) || by?.id === user.id) {
    throw new AppError('forbidden', bi('คุณไม่มีสิทธิ์จัดการบัญชีนี้', 'You may not manage this account'));
  }
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, { disabled_at: disabled ? now() : null, updated_at: now() });
    if (disabled) {
      await repo.revokeUserSessions(trx, user.id, now());
      await repo.revokeUserApiTokens(trx, user.id, now());
      await repo.endResets(trx, user.id, now());
    }
    await logActivity(trx, {
      actor: by,
      action: disabled ? 'user.disabled' : 'user.enabled',
      target: user.username,
      laoCode: user.lao_code,
      provinceCode: user.province_code,
    });
  });
}

/** Accounts the actor may see: all for the centre, the province's for a province officer, the LAO's for its administrator. */
/** One page of the accounts in the actor's scope (the centre: all; a province; an LAO), with the total. */
export async function listUsersFor(
  db: Kysely<Database>,
  actor: Actor,
  f: repo.UserFilter,
  p: { limit: number; offset: number },
) {
  if (f.laoCode && ['dla_admin', 'province_officer', 'lao_admin'].includes(actor.role)) {
    // A filter by LAO: one the registry lacks is a 422, one outside the actor's scope a 403 (as for activity).
    await requireKnownArea(db, { lao: f.laoCode });
    if (!can(actor, 'lao.view', (await laoScope(db, f.laoCode)) ?? {}))
      throw new AppError(
        'forbidden',
        bi(
          'คุณดูรายชื่อผู้ใช้ของ อปท. นอกขอบเขตของคุณไม่ได้',
          'You may not list the users of an LAO outside your scope',
        ),
      );
  }
  if (actor.role === 'dla_admin') return repo.findUsers(db, f, p);
  if (actor.role === 'province_officer')
    return repo.findUsers(db, { ...f, provinceCode: actor.provinceCode! }, p);
  if (actor.role === 'lao_admin') return repo.findUsers(db, { ...f, laoCode: actor.laoCode! }, p);
  throw new AppError('forbidden', bi('คุณไม่มีสิทธิ์ดูรายชื่อผู้ใช้', 'You may not list users'));
}

export const findUserByUsername = (db: Kysely<Database>, username: string) =>
  repo.findUserByUsername(db, username);
export const divisionsOfLao = (db: Kysely<Database>, laoCode: string) => repo.divisionsOfLao(db, laoCode);
export const divisionsOfUser = (db: Kysely<Database>, userId: string) => repo.divisionsOfUser(db, userId);
export const countUsers = (db: Kysely<Database>) => repo.countUsers(db);
export { roleName };

/** Turns the reminder mails of one's own account on or off (the account page); logged. */
export async function setReminders(db: Kysely<Database>, actor: Actor, on: boolean) {
  const a = actor!;
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, a.id, { reminders_off_at: on ? null : new Date().toISOString() });
    await logActivity(trx, {
      actor: a,
      action: on ? 'user.reminders_on' : 'user.reminders_off',
      target: a.username,
    });
  });
}

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { logActivity } from '../audit/audit.service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { requireDivisionsOf } from '../divisions/divisions.service.ts';
import { sendMail } from '../mail/mail.service.ts';
import { type Actor, can, roleName } from '../policy/policy.ts';
import { laoScope } from '../policy/scope.ts';
import { requireKnownArea } from '../registry/registry.service.ts';
import { AppError, bi } from '../util/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { formatTime } from '../util/thai-date.ts';
import { dummyVerify, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';
import { newTotpSecret, verifyTotp } from './totp.ts';
import * as repo from './users.repository.ts';
import type { AppUserTable, Role } from './users.table.ts';

export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3600_000;
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MS = 15 * 60_000;
export const IP_WINDOW_MS = 15 * 60_000;
export const IP_MAX_FAILURES = 30;
const RESET_TTL_MS = 60 * 60_000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token = (bytes = 32) => randomBytes(bytes).toString('base64url');
const now = () => new Date().toISOString();

/** The actor a user row acts as, with the divisions they belong to. */
export async function actorOf(db: Kysely<Database>, u: AppUserTable): Promise<NonNullable<Actor>> {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    provinceCode: u.province_code ?? (u.lao_code ? u.lao_code.slice(1, 3) : null),
    districtCode: u.district_code ?? (u.lao_code ? u.lao_code.slice(1, 5) : null),
    laoCode: u.lao_code,
    divisionIds: await repo.divisionIdsOf(db, u.id),
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
    failed_attempts: 0,
    locked_until: null,
    totp_secret: null,
    totp_enabled: 0,
    disabled_at: null,
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

function lockedError(until: string, lockedNow: boolean) {
  const t = formatTime(until);
  return new AppError(
    'too_many_requests',
    bi(
      `${lockedNow ? 'ใส่รหัสผ่านผิด 5 ครั้งติดต่อกัน ' : ''}บัญชีถูกล็อกชั่วคราว ลองใหม่ได้หลังเวลา ${t} น.`,
      `${lockedNow ? 'Five wrong passwords in a row: ' : ''}the account is locked; try again after ${t} (Bangkok time)`,
    ),
    [],
    { retryAfter: Math.max(1, Math.ceil((Date.parse(until) - Date.now()) / 1000)), lockedUntil: until },
  );
}

/**
 * Checks a username and password: per-address rate limit, per-account lock after five failures in a row,
 * a generic message for any wrong pair. Logs success and failure. Returns the user.
 */
export async function authenticate(
  db: Kysely<Database>,
  input: { username: string; password: string; ip: string },
): Promise<AppUserTable> {
  const at = new Date();
  const since = new Date(at.getTime() - IP_WINDOW_MS).toISOString();
  if ((await repo.countFailedFrom(db, input.ip, since)) >= IP_MAX_FAILURES) {
    const oldest = await repo.oldestFailedFrom(db, input.ip, since);
    const until = new Date(Date.parse(oldest?.at ?? at.toISOString()) + IP_WINDOW_MS).toISOString();
    throw new AppError(
      'too_many_requests',
      bi(
        `มีการเข้าสู่ระบบผิดจากเครื่องนี้บ่อยเกินไป ลองใหม่ได้หลังเวลา ${formatTime(until)} น.`,
        `Too many failed sign-ins from this address; try again after ${formatTime(until)}`,
      ),
      [],
      { retryAfter: Math.max(1, Math.ceil((Date.parse(until) - at.getTime()) / 1000)) },
    );
  }
  const username = input.username.trim().toLowerCase();
  const user = await repo.findUserByUsername(db, username);
  const record = async (ok: boolean) =>
    repo.insertLoginAttempt(db, { id: randomUUID(), ip: input.ip, username, at: now(), ok: ok ? 1 : 0 });
  if (!user || user.disabled_at) {
    await dummyVerify(input.password);
    await record(false);
    await logActivity(db, {
      actor: { username },
      action: 'auth.login_failed',
      target: username,
      ip: input.ip,
      detail: { reason: user ? 'disabled' : 'unknown' },
    });
    throw genericFailure();
  }
  if (user.locked_until && Date.parse(user.locked_until) > at.getTime()) {
    await record(false);
    await logActivity(db, {
      actor: { username, id: user.id, role: user.role },
      action: 'auth.login_refused_locked',
      target: username,
      ip: input.ip,
      laoCode: user.lao_code,
    });
    throw lockedError(user.locked_until, false);
  }
  if (!(await verifyPassword(user.password_hash, input.password))) {
    const failures = user.failed_attempts + 1;
    const lock = failures >= LOCK_AFTER_FAILURES ? new Date(at.getTime() + LOCK_MS).toISOString() : null;
    await repo.updateUser(db, user.id, {
      failed_attempts: lock ? 0 : failures,
      locked_until: lock ?? user.locked_until,
    });
    await record(false);
    await logActivity(db, {
      actor: { username, id: user.id, role: user.role },
      action: lock ? 'auth.account_locked' : 'auth.login_failed',
      target: username,
      ip: input.ip,
      laoCode: user.lao_code,
      detail: { failures },
    });
    if (lock) throw lockedError(lock, true);
    throw genericFailure();
  }
  await repo.updateUser(db, user.id, { failed_attempts: 0, locked_until: null });
  await record(true);
  return user;
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
  await repo.insertSession(db, {
    id_hash: sha256(sid),
    user_id: user.id,
    csrf_token: csrf,
    created_at: at.toISOString(),
    last_seen_at: at.toISOString(),
    expires_at: new Date(at.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
    mfa_pending: meta.mfaPending ? 1 : 0,
    ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    revoked_at: null,
  });
  if (!meta.mfaPending) {
    await logActivity(db, {
      actor: { username: user.username, id: user.id, role: user.role },
      action: 'auth.login',
      target: user.username,
      ip: meta.ip,
      laoCode: user.lao_code,
    });
  }
  return { sid, csrf };
}

export type ResolvedSession = { user: AppUserTable; csrf: string; mfaPending: boolean; idHash: string };

/** The live session behind a raw id: not revoked, not idle for 8 hours, not older than 7 days; else null. */
export async function resolveSession(db: Kysely<Database>, sid: string): Promise<ResolvedSession | null> {
  const idHash = sha256(sid);
  const s = await repo.findSession(db, idHash);
  if (!s || s.revoked_at) return null;
  const t = Date.now();
  if (Date.parse(s.expires_at) <= t || Date.parse(s.last_seen_at) + SESSION_IDLE_MS <= t) return null;
  const user = await repo.findUserById(db, s.user_id);
  if (!user || user.disabled_at) return null;
  // Writing on every request would serialise reads on SQLite; a minute of precision is plenty for 8 hours.
  if (t - Date.parse(s.last_seen_at) > 60_000) await repo.touchSession(db, idHash, new Date(t).toISOString());
  return { user, csrf: s.csrf_token, mfaPending: s.mfa_pending === 1, idHash };
}

/** Ends one session. */
export async function closeSession(db: Kysely<Database>, sid: string, actor: Actor, ip: string | null) {
  await repo.revokeSession(db, sha256(sid), now());
  if (actor)
    await logActivity(db, {
      actor,
      action: 'auth.logout',
      target: actor.username,
      ip,
      laoCode: actor.laoCode,
    });
}

/** Completes a sign-in that waits for the 2FA code. */
export async function completeMfa(db: Kysely<Database>, s: ResolvedSession, code: string, ip: string) {
  if (!s.user.totp_secret || !verifyTotp(s.user.totp_secret, code)) {
    await logActivity(db, {
      actor: { username: s.user.username, id: s.user.id, role: s.user.role },
      action: 'auth.mfa_failed',
      target: s.user.username,
      ip,
    });
    throw new AppError(
      'unauthorized',
      bi('รหัสยืนยันตัวตน 6 หลักไม่ถูกต้อง ลองรหัสล่าสุดจากแอป', 'Wrong 6-digit code; use the latest one from your app'),
      [
        {
          field: 'code',
          message: bi(
            'ใส่รหัส 6 หลักล่าสุดจากแอปยืนยันตัวตน',
            'Enter the latest 6-digit code from your authenticator app',
          ),
        },
      ],
    );
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

/** Changes one's own password (the current one is required) and ends the other sessions. */
export async function changePassword(
  db: Kysely<Database>,
  user: AppUserTable,
  input: { current: string; next: string; keepSessionHash?: string },
) {
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
  await setPassword(db, user, input.next, input.keepSessionHash ?? null, 'user.password_changed');
}

async function setPassword(
  db: Kysely<Database>,
  user: AppUserTable,
  password: string,
  keep: string | null,
  action: string,
) {
  const hash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, {
      password_hash: hash,
      must_change_password: 0,
      failed_attempts: 0,
      locked_until: null,
      updated_at: now(),
    });
    let q = trx
      .updateTable('session')
      .set({ revoked_at: now() })
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null);
    if (keep) q = q.where('id_hash', '!=', keep);
    await q.execute();
    await logActivity(trx, {
      actor: { username: user.username, id: user.id, role: user.role },
      action,
      target: user.username,
      laoCode: user.lao_code,
    });
  });
}

/** Sends a single-use, one-hour reset link to the account's e-mail; says nothing about whether it exists. */
export async function requestPasswordReset(db: Kysely<Database>, config: Config, username: string) {
  const user = await repo.findUserByUsername(db, username.trim().toLowerCase());
  if (!user || user.disabled_at || !user.email) return;
  const raw = token(32);
  await repo.insertReset(db, {
    token_hash: sha256(raw),
    user_id: user.id,
    expires_at: new Date(Date.now() + RESET_TTL_MS).toISOString(),
  });
  await sendMail(db, config, {
    to: user.email,
    kind: 'password_reset',
    subject: 'ตั้งรหัสผ่านใหม่ — ระบบข้อมูลกลาง อปท. (INFO)',
    text: `เรียน ${user.display_name}\n\nมีการขอตั้งรหัสผ่านใหม่สำหรับบัญชี ${user.username}\nเปิดลิงก์นี้ภายใน 1 ชั่วโมง (ใช้ได้ครั้งเดียว):\n${config.baseUrl}/reset-password/${raw}\n\nหากคุณไม่ได้ขอ ไม่ต้องทำอะไร รหัสผ่านเดิมยังใช้ได้\n\nReset your INFO password within 1 hour (single use): ${config.baseUrl}/reset-password/${raw}`,
  });
  await logActivity(db, {
    actor: { username: user.username, id: user.id, role: user.role },
    action: 'user.password_reset_requested',
    target: user.username,
  });
}

/** Whether a reset link is still usable. */
export async function resetTokenValid(db: Kysely<Database>, raw: string) {
  const r = await repo.findReset(db, sha256(raw));
  return Boolean(r && !r.used_at && Date.parse(r.expires_at) > Date.now());
}

/** Uses a reset link once: sets the new password and ends every session of the account. */
export async function resetPassword(db: Kysely<Database>, raw: string, password: string) {
  const r = await repo.findReset(db, sha256(raw));
  if (!r || r.used_at || Date.parse(r.expires_at) <= Date.now()) {
    throw new AppError(
      'bad_request',
      bi('ลิงก์นี้หมดอายุหรือถูกใช้ไปแล้ว ขอลิงก์ใหม่', 'This link has expired or was used; ask for a new one'),
    );
  }
  const user = await repo.findUserById(db, r.user_id);
  if (!user) throw new AppError('bad_request', bi('ไม่พบบัญชี', 'No such account'));
  const problem = passwordProblem(password, user.username);
  if (problem) throw new AppError('unprocessable', problem, [{ field: 'password', message: problem }]);
  const used = await repo.markResetUsed(db, sha256(raw), now());
  if (Number(used.numUpdatedRows) !== 1)
    throw new AppError('bad_request', bi('ลิงก์นี้ถูกใช้ไปแล้ว', 'This link was already used'));
  await setPassword(db, user, password, null, 'user.password_reset');
}

/** Starts 2FA enrolment: a new secret kept until the first code confirms it. */
export async function beginTotp(db: Kysely<Database>, user: AppUserTable) {
  const secret = newTotpSecret();
  await repo.updateUser(db, user.id, { totp_secret: secret, totp_enabled: 0, updated_at: now() });
  return secret;
}

/** Turns 2FA on once the app shows a matching code. */
export async function confirmTotp(db: Kysely<Database>, user: AppUserTable, code: string) {
  if (!user.totp_secret || !verifyTotp(user.totp_secret, code)) {
    throw new AppError(
      'unprocessable',
      bi(
        'รหัส 6 หลักไม่ตรง ตรวจเวลาในโทรศัพท์และใช้รหัสล่าสุด',
        'The 6-digit code does not match; check the phone clock and use the latest code',
      ),
      [{ field: 'code', message: bi('ใส่รหัส 6 หลักล่าสุดจากแอป', 'Enter the latest 6-digit code from the app') }],
    );
  }
  await repo.updateUser(db, user.id, { totp_enabled: 1, updated_at: now() });
  await logActivity(db, {
    actor: { username: user.username, id: user.id, role: user.role },
    action: 'user.mfa_enabled',
    target: user.username,
    laoCode: user.lao_code,
  });
}

/** Turns 2FA off (needs a current code); refused when the role must use it. */
export async function disableTotp(db: Kysely<Database>, user: AppUserTable, code: string) {
  if (await mfaRequiredFor(db, user.role)) {
    throw new AppError(
      'forbidden',
      bi('บทบาทของคุณต้องใช้การยืนยันตัวตนสองขั้นตอน', 'Your role must use two-factor authentication'),
    );
  }
  if (!user.totp_secret || !verifyTotp(user.totp_secret, code)) {
    throw new AppError('unprocessable', bi('รหัส 6 หลักไม่ถูกต้อง', 'Wrong 6-digit code'), [
      { field: 'code', message: bi('ใส่รหัส 6 หลักล่าสุดจากแอป', 'Enter the latest 6-digit code') },
    ]);
  }
  await repo.updateUser(db, user.id, { totp_enabled: 0, totp_secret: null, updated_at: now() });
  await logActivity(db, {
    actor: { username: user.username, id: user.id, role: user.role },
    action: 'user.mfa_disabled',
    target: user.username,
    laoCode: user.lao_code,
  });
}

/** The central administrator makes 2FA mandatory (or not) for a role. */
export async function setMfaRequired(db: Kysely<Database>, by: Actor, role: Role, required: boolean) {
  if (!can(by, 'system.admin'))
    throw new AppError('forbidden', bi('เฉพาะผู้ดูแลระบบส่วนกลาง', 'Central administrators only'));
  await repo.setMfaPolicy(db, role, required, now());
  await logActivity(db, { actor: by, action: 'policy.mfa_changed', target: role, detail: { required } });
}

/** Creates a personal API token; the raw token is returned once and only its hash is kept. */
export async function createApiToken(db: Kysely<Database>, actor: NonNullable<Actor>, name: string) {
  const raw = `lit_${token(32)}`;
  await repo.insertApiToken(db, {
    // Time-ordered: tokens made in the same millisecond still list newest first.
    id: uuidv7(),
    user_id: actor.id,
    name: name.slice(0, 100) || 'token',
    token_hash: sha256(raw),
    created_at: now(),
    last_used_at: null,
    revoked_at: null,
  });
  await logActivity(db, { actor, action: 'user.api_token_created', target: name, laoCode: actor.laoCode });
  return raw;
}

/** Revokes one of the actor's own API tokens. */
export async function revokeApiToken(db: Kysely<Database>, actor: NonNullable<Actor>, id: string) {
  // Only the actor's own tokens: another account's token id is as unknown as a made-up one (404, nothing logged).
  if (!(await repo.revokeApiToken(db, actor.id, id, now())))
    throw new AppError(
      'not_found',
      bi(
        'ไม่พบโทเคนนี้ในบัญชีของคุณ — ดูรายการโทเคนที่หน้าบัญชีผู้ใช้',
        'No such token in your account; see your tokens on the account page',
      ),
    );
  await logActivity(db, { actor, action: 'user.api_token_revoked', target: id, laoCode: actor.laoCode });
}

/** One page of a user's API tokens, newest first (revoked ones too), with the total. */
export const listApiTokens = (db: Kysely<Database>, userId: string, p: { limit: number; offset: number }) =>
  repo.listApiTokens(db, userId, p);

/** The user behind a bearer token: a session id or a personal API token. */
export async function resolveBearer(db: Kysely<Database>, raw: string): Promise<AppUserTable | null> {
  if (raw.startsWith('lit_')) {
    const t = await repo.findApiToken(db, sha256(raw));
    if (!t || t.revoked_at) return null;
    const user = await repo.findUserById(db, t.user_id);
    if (!user || user.disabled_at) return null;
    if (!t.last_used_at || Date.now() - Date.parse(t.last_used_at) > 60_000)
      await repo.touchApiToken(db, t.id, now());
    return user;
  }
  const s = await resolveSession(db, raw);
  return s && !s.mfaPending ? s.user : null;
}

/** Disables or re-enables an account; disabling ends its sessions. */
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
    if (disabled) await repo.revokeUserSessions(trx, user.id, now());
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
  actor: NonNullable<Actor>,
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

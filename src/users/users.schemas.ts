import { z } from 'zod';
import { roles } from '../policy/policy.ts';
import { pagingQuery } from '../util/paging.ts';
import { msg } from '../util/validation.ts';
import type { Role } from './users.table.ts';

export const loginSchema = z.object({
  username: z.string().trim().min(1, msg('กรอกชื่อผู้ใช้', 'Enter your username')).max(64),
  password: z.string().min(1, msg('กรอกรหัสผ่าน', 'Enter your password')).max(200),
  totp: z.string().trim().optional(),
  next: z.string().optional(),
});

export const changePasswordSchema = z
  .object({
    current: z.string().min(1, msg('กรอกรหัสผ่านปัจจุบัน', 'Enter your current password')),
    next: z.string().min(1, msg('กรอกรหัสผ่านใหม่', 'Enter a new password')),
    confirm: z.string().optional(),
  })
  .refine((v) => v.confirm === undefined || v.confirm === v.next, {
    path: ['confirm'],
    message: msg('ยืนยันรหัสผ่านใหม่ให้ตรงกัน', 'Type the new password again, the same'),
  });

export const totpSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, msg('ใส่รหัส 6 หลักจากแอปยืนยันตัวตน', 'Enter the 6-digit code from your authenticator app')),
});

const optCode = (digits: number, name: string) =>
  z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z
      .string()
      .regex(
        new RegExp(`^\\d{${digits}}$`),
        msg(`${name} ต้องเป็นรหัส ${digits} หลัก`, `${name} must be ${digits} digits`),
      )
      .optional(),
  );

export const newUserSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^[a-z0-9][a-z0-9._-]{2,63}$/,
      msg('ชื่อผู้ใช้ใช้ a-z 0-9 . _ - ยาว 3–64 ตัว', 'Username: a-z 0-9 . _ -, 3–64 characters'),
    ),
  displayName: z.string().trim().min(1, msg('กรอกชื่อ-สกุล', 'Enter the full name')).max(200),
  email: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .trim()
      .email(msg('กรอกอีเมลให้ถูกต้อง เช่น name@example.go.th', 'Enter a valid e-mail address'))
      .optional(),
  ),
  password: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  role: z.enum(roles as [string, ...string[]], {
    error: msg(`เลือกบทบาท: ${roles.join(', ')}`, `Choose a role: ${roles.join(', ')}`),
  }),
  provinceCode: optCode(2, 'province'),
  districtCode: optCode(4, 'district'),
  laoCode: optCode(7, 'lao'),
  divisionIds: z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string()),
  ),
});

export const tokenSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, msg('ตั้งชื่อโทเคน เช่น "สคริปต์นำเข้า"', 'Name the token, e.g. "import script"'))
    .max(100),
});
export const forgotSchema = z.object({
  username: z
    .string()
    .trim()
    .min(1, msg('กรอกชื่อผู้ใช้', 'Enter your username'))
    .max(64, msg('ชื่อผู้ใช้ยาวไม่เกิน 64 ตัวอักษร', 'A username has at most 64 characters')),
});
export const resetSchema = z
  .object({ password: z.string().min(1, msg('กรอกรหัสผ่านใหม่', 'Enter a new password')), confirm: z.string() })
  .refine((v) => v.confirm === v.password, {
    path: ['confirm'],
    message: msg('ยืนยันรหัสผ่านให้ตรงกัน', 'Type the password again, the same'),
  });

const roleSchema = z.enum(roles as [Role, ...Role[]]);

/** GET /api/v1/users: filters and the page. */
export const usersQuery = z.object({
  lao: z
    .string()
    .regex(/^\d{7}$/)
    .optional(),
  role: roleSchema.optional(),
  ...pagingQuery,
});

/** PUT /api/v1/admin/mfa-policy */
export const mfaPolicySchema = z.object({ role: roleSchema, required: z.boolean() });

export const usernameParams = z.object({ username: z.string().max(64) });
export const tokenIdParams = z.object({ id: z.string().max(64) });

// ---- answers ----

/** An account as the API shows it. */
export const apiUser = z.object({
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  laoCode: z.string().nullable(),
  provinceCode: z.string().nullable(),
  districtCode: z.string().nullable(),
});

/** POST /api/v1/auth/login: the session token to send as Authorization: Bearer, and who signed in. */
export const loginAnswer = z.object({ token: z.string(), user: apiUser });

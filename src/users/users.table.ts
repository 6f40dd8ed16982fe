import type { ColumnType } from 'kysely';

export type Role =
  | 'dla_admin'
  | 'province_officer'
  | 'district_officer'
  | 'lao_admin'
  | 'lao_certifier'
  | 'lao_staff';

export interface AppUserTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  role: Role;
  province_code: string | null;
  district_code: string | null;
  lao_code: string | null;
  must_change_password: number;
  /** Enabled, or pending while totp_enabled is 0 (shown on /account/2fa until a code confirms it). */
  totp_secret: string | null;
  totp_enabled: number;
  /** The 30-second step of the last code accepted: a code of that step or earlier is refused (replay). */
  totp_last_step: number | null;
  disabled_at: string | null;
  /** Set when the user turned reminder mails off (account page); null: reminders on. */
  reminders_off_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface DivisionTable {
  id: string;
  lao_code: string;
  name_th: string;
  name_en: string | null;
  position: number;
  created_at: string;
  /**
   * The division head as an official memo names them (name, position); NULL until recorded. Added after the
   * table's other inserts existed, so an insert may leave them out (they default to NULL).
   */
  head_name_th: ColumnType<string | null, string | null | undefined, string | null>;
  head_position_th: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface UserDivisionTable {
  user_id: string;
  division_id: string;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  mfa_pending: number;
  /** Wrong codes given to a session waiting for its second factor (5 end it). */
  mfa_failures: number;
  ip: string | null;
  user_agent: string | null;
  revoked_at: string | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LoginAttemptTable {
  id: string;
  ip: string;
  username: string;
  at: string;
  ok: number;
}

/**
 * Failures in a row per sign-in name, whether or not an account has it (so both answer alike), and the lock
 * they led to. Rows older than the lock window are pruned.
 */
export interface LoginThrottleTable {
  username: string;
  failures: number;
  locked_until: string | null;
  updated_at: string;
}

export interface PasswordResetTable {
  token_hash: string;
  user_id: string;
  expires_at: string;
  used_at: string | null;
}

export interface MfaPolicyTable {
  role: Role;
  required: number;
  updated_at: string;
}

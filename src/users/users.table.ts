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
  failed_attempts: number;
  locked_until: string | null;
  totp_secret: string | null;
  totp_enabled: number;
  disabled_at: string | null;
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

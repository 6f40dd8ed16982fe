export interface LaoContactTable {
  lao_code: string;
  responsible_name: string;
  responsible_position: string;
  responsible_division: string;
  phone: string;
  email: string;
  email_verified_at: string | null;
  verify_token_hash: string | null;
  verify_expires_at: string | null;
  updated_at: string;
  updated_by: string;
}

export interface LaoContactHistoryTable {
  id: string;
  lao_code: string;
  at: string;
  by_username: string;
  change: 'registered' | 'updated' | 'verified' | 'verification_sent';
  snapshot_json: string;
}

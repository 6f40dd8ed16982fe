export interface ActivityLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  action: string;
  lao_code: string | null;
  province_code: string | null;
  target: string | null;
  detail_json: string | null;
  ip: string | null;
  /** The aspect (1–8) or the debt report (9) the entry concerns; null for anything else. */
  section_no: number | null;
}

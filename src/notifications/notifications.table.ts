/** One in-app notification of one user (the bell): what happened, where to act, and whether it was read. */
export interface NotificationTable {
  id: string;
  user_id: string;
  created_at: string;
  /** certification.returned | certification.lao_certified | certification.province_certified | reminder */
  kind: string;
  lao_code: string | null;
  year: number | null;
  section_no: number | null;
  by_username: string | null;
  reason: string | null;
  /** Free text of a kind without a sentence of its own (a reminder), Thai and English. */
  text_th: string | null;
  text_en: string | null;
  /** Where the person acts: a path inside the app. */
  href: string;
  read_at: string | null;
}

export interface LaoActivityTable {
  id: string;
  lao_code: string;
  /** Buddhist-era fiscal year the activity is filed under. */
  fiscal_year: number;
  /** The day it took place, yyyy-mm-dd (CE); shown as dd/mm/yyyy BE. */
  date: string;
  title: string;
  /** The aspect (1–8) the activity belongs to. */
  aspect_no: number;
  description: string;
  participants: number | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  deleted_at: string | null;
  deleted_by: string | null;
}

export interface AssignmentTable {
  lao_code: string;
  year: number;
  section_no: number;
  /** '' for the whole section. */
  dataset_id: string;
  division_id: string;
  responsible_user_id: string | null;
  /** yyyy-mm-dd (CE) of the internal due date. */
  due_date: string | null;
  assigned_by: string;
  assigned_at: string;
}

export interface YearDeadlineTable {
  year: number;
  due_date: string;
  set_by: string;
  set_at: string;
}

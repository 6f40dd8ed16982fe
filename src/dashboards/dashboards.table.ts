/** A later due date for one LAO in one fiscal year, granted by its province with a reason. */
export interface DeadlineExtensionTable {
  lao_code: string;
  year: number;
  /** yyyy-mm-dd (CE): the last day, Bangkok time. */
  due_date: string;
  reason: string;
  granted_by: string;
  granted_at: string;
}

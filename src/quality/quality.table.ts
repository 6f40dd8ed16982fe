/**
 * Why a flagged value is right anyway: one per (LAO, year, data set, rule, row), kept beside the data. It holds
 * the value it explains, so a later different value is flagged again and needs its own explanation.
 */
export interface QualityExplanationTable {
  id: string;
  lao_code: string;
  year: number;
  dataset_id: string;
  section_no: number;
  rule_id: string;
  /** The row the flag is on; '' for a flag on the data set as a whole (a list's total). */
  row_id: string;
  /** The flagged value as JSON, at the time it was explained. */
  value_json: string;
  text: string;
  by_username: string;
  at: string;
}

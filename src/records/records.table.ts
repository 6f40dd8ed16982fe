import type { CompletenessStatus } from '../catalog/validation.ts';

export interface DatasetRecordTable {
  lao_code: string;
  year: number;
  dataset_id: string;
  section_no: number;
  version: number;
  none: number;
  none_reason: string | null;
  status: CompletenessStatus;
  error_count: number;
  row_count: number;
  updated_at: string;
  updated_by: string;
}

export interface DatasetRowTable {
  id: string;
  lao_code: string;
  year: number;
  dataset_id: string;
  position: number;
  values_json: string;
  /** Why a row that triggers a warning rule is right anyway. */
  explanation: string | null;
}

export type ChangeKind =
  | 'save'
  | 'none'
  | 'import'
  | 'copy'
  | 'row_add'
  | 'row_edit'
  | 'row_delete'
  | 'row_restore';

export interface DatasetChangeTable {
  id: string;
  lao_code: string;
  year: number;
  dataset_id: string;
  section_no: number;
  version: number;
  at: string;
  by_username: string;
  kind: ChangeKind;
  status_after: CompletenessStatus;
  error_count_after: number;
  change_reason: string | null;
  /** RowDiff[] as JSON. */
  diff_json: string;
  /** How many row diffs diff_json holds. */
  change_count: number;
}

export type DataState = 'not_started' | 'in_progress' | 'complete';

export interface AspectStatusTable {
  lao_code: string;
  year: number;
  section_no: number;
  data_state: DataState;
  data_changed_at: string | null;
  lao_certified_at: string | null;
  lao_certified_by: string | null;
  province_certified_at: string | null;
  province_certified_by: string | null;
  returned_at: string | null;
  return_reason: string | null;
  changed_after_certification_at: string | null;
  cert_version: number;
}

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

export type CertificationAction = 'certify' | 'withdraw' | 'return' | 'edit_after_certification';

export interface CertificationEventTable {
  id: string;
  lao_code: string;
  year: number;
  section_no: number;
  level: 'lao' | 'province';
  action: CertificationAction;
  at: string;
  by_username: string;
  by_role: string;
  reason: string | null;
  /** { datasetId: version } at a certification: what was certified. */
  snapshot_json: string | null;
}

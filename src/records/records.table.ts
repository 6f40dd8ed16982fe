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

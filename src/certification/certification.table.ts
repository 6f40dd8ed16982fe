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

/** One run of a scheduled job; the (job, run_key) primary key is the lock between app nodes. */
export interface ScheduledRunTable {
  job: string;
  /** What the run is for, e.g. the Bangkok day of a digest (yyyy-mm-dd). */
  run_key: string;
  started_at: string;
  finished_at: string | null;
  node: string;
  result_json: string | null;
}

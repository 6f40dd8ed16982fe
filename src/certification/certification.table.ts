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

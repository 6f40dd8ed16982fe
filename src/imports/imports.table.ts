/** An uploaded file read and checked against a data set, kept until it is applied (or expires). */
export interface ImportPreviewTable {
  id: string;
  lao_code: string;
  year: number;
  dataset_id: string;
  created_by: string;
  created_at: string;
  file_name: string;
  format: 'xlsx' | 'csv';
  /** The data set's version the file was compared with: applying needs it to be still current. */
  base_version: number;
  /** PreviewRow[]: every row of the result, values already in their stored types. */
  rows_json: string;
  /** PreviewSummary: counts, columns and the first changes, for the preview page. */
  summary_json: string;
  /** PreviewIssue[]: the first errors (error_count has them all). */
  errors_json: string;
  error_count: number;
  applied_at: string | null;
  applied_by: string | null;
  applied_version: number | null;
}

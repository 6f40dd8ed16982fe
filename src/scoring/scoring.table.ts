/** A rubric loaded by `lao-info rubric import`: one revision per import, the latest in force at a moment wins. */
export interface ScoreRubricTable {
  year: number;
  revision: number;
  /** The rubric file (format version 1) as JSON text. */
  definition_json: string;
  source: string;
  /** ISO UTC: from this moment on the revision is the year's rubric. */
  imported_at: string;
  imported_by: string;
}

export type AssessmentScope = 'lao' | 'province' | 'country';

/** A frozen assessment: the scores of an LAO, a province or the country as of an assessment moment. */
export interface ScoreAssessmentTable {
  id: string;
  year: number;
  as_of: string;
  scope: AssessmentScope;
  /** The LAO or province code; '' for the country. */
  scope_code: string;
  /** The rubric used, as JSON text (so the frozen criterion never depends on a later import). */
  rubric_json: string;
  total: number;
  /** { "0": n, …, "5": n } as JSON text. */
  distribution_json: string;
  note: string | null;
  created_at: string;
  created_by: string;
}

/** One LAO's frozen score in an assessment; never updated. */
export interface ScoreAssessmentItemTable {
  assessment_id: string;
  lao_code: string;
  province_code: string;
  district_code: string;
  lao_name_th: string;
  score: number;
  criterion_th: string;
  criterion_en: string;
  /** [{ code, aspect?, datasetId?, th, en }] as JSON text. */
  reasons_json: string;
}

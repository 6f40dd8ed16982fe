/** Who a file is attached to: a row of a list data set, a form data set (one per LAO and year), an activity. */
export type OwnerKind = 'row' | 'form' | 'activity';

/** The file types evidence may be, recognised from their first bytes. */
export type EvidenceType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface EvidenceFileTable {
  id: string;
  lao_code: string;
  year: number;
  /** The aspect (catalog section) the owner belongs to: what certification, and so public reading, follows. */
  section_no: number;
  owner_kind: OwnerKind;
  /** The row id, the data set id (a form), or the activity id. */
  owner_id: string;
  dataset_id: string | null;
  sha256: string;
  media_type: EvidenceType;
  size: number;
  /** The uploaded name, cleaned of paths and control characters. */
  name: string;
  uploaded_by: string;
  uploaded_at: string;
  removed_at: string | null;
  removed_by: string | null;
}

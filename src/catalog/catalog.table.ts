export interface CatalogYearTable {
  /** Buddhist-era fiscal year. */
  year: number;
  /** Bumped by every import; app nodes compare it to know their cached copy is stale. */
  revision: number;
  source: string;
  imported_at: string;
}

export interface CatalogSectionTable {
  year: number;
  no: number;
  key: string;
  kind: 'profile' | 'aspect' | 'report';
  name_th: string;
  name_en: string;
  default_division_th: string;
  default_division_en: string;
  position: number;
  /** Other names of the section (a JSON array of Thai strings): what the catalog search also finds it by. */
  aliases_json: string;
}

export interface CatalogDatasetTable {
  year: number;
  id: string;
  section_no: number;
  position: number;
  /** The DatasetDef as JSON. */
  definition_json: string;
  /** ArchivedField[] as JSON: fields a later import removed, kept so recorded values keep their meaning. */
  archived_fields_json: string;
  /** Set when a later import of its section no longer has this data set; null while it is in use. */
  archived_at: string | null;
}

export type LaoType =
  | 'provincial_admin_org'
  | 'city_municipality'
  | 'town_municipality'
  | 'subdistrict_municipality'
  | 'subdistrict_admin_org'
  | 'special_admin_area';

export interface ProvinceTable {
  code: string;
  name_th: string;
  name_en: string;
}

export interface DistrictTable {
  code: string;
  province_code: string;
  name_th: string;
  name_en: string;
}

export interface LaoTable {
  code: string;
  province_code: string;
  district_code: string;
  lat: number | null;
  lon: number | null;
  area_km2: number | null;
  updated_at: string;
}

export interface LaoVersionTable {
  lao_code: string;
  /** Buddhist-era fiscal year from which this version holds; 0 = the baseline registry. */
  from_year: number;
  type: LaoType;
  name_th: string;
  search_key: string;
  status: 'active' | 'retired';
  merged_into: string | null;
  change_kind: 'baseline' | 'upgrade' | 'rename' | 'merge' | 'retire' | 'create' | 'import';
  note: string | null;
  source: string;
}

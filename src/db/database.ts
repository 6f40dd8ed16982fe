import type { DistrictTable, LaoTable, LaoVersionTable, ProvinceTable } from '../registry/registry.table.ts';

/** The one typed view of every table; each domain owns its table file. */
export interface Database {
  province: ProvinceTable;
  district: DistrictTable;
  lao: LaoTable;
  lao_version: LaoVersionTable;
}

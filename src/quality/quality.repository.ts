import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { laosAsOf } from '../registry/registry.repository.ts';
import type { QualityExplanationTable } from './quality.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The explanations of an LAO's year, of one aspect or of the data sets named. */
export function explanationsOf(
  db: Q,
  laoCodes: string[],
  year: number,
  f: { sectionNo?: number; datasetIds?: string[] } = {},
) {
  if (laoCodes.length === 0 || f.datasetIds?.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('quality_explanation')
    .selectAll()
    .where('lao_code', 'in', laoCodes)
    .where('year', '=', year);
  if (f.sectionNo !== undefined) q = q.where('section_no', '=', f.sectionNo);
  if (f.datasetIds) q = q.where('dataset_id', 'in', f.datasetIds);
  return q.execute();
}

/** Writes an explanation, replacing the one of the same flag. */
export async function upsertExplanation(db: Q, row: QualityExplanationTable) {
  await db
    .insertInto('quality_explanation')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['lao_code', 'year', 'dataset_id', 'rule_id', 'row_id']).doUpdateSet({
        value_json: row.value_json,
        text: row.text,
        by_username: row.by_username,
        at: row.at,
      }),
    )
    .execute();
}

/** The rows of some data sets of some LAOs in some years (what flags are computed from). */
export function rowsOf(db: Q, laoCodes: string[], years: number[], datasetIds: string[]) {
  if (laoCodes.length === 0 || datasetIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('dataset_row')
    .select(['id', 'lao_code', 'year', 'dataset_id', 'position', 'values_json', 'explanation'])
    .where('lao_code', 'in', laoCodes)
    .where('year', 'in', years)
    .where('dataset_id', 'in', datasetIds)
    .orderBy('lao_code')
    .orderBy('dataset_id')
    .orderBy('position')
    .execute();
}

/** Office locations and areas of the LAOs of a district, or of a province: what a place's box is made from. */
export function placesOf(db: Q, area: { districtCode: string } | { provinceCode: string }) {
  const q = db.selectFrom('lao').select(['code', 'district_code', 'lat', 'lon', 'area_km2']);
  return 'districtCode' in area
    ? q.where('district_code', '=', area.districtCode).execute()
    : q.where('province_code', '=', area.provinceCode).execute();
}

/** The active LAOs of a province in a year with their type and name. */
export function provinceLaos(db: Q, provinceCode: string, year: number) {
  return laosAsOf(db, year)
    .where('l.province_code', '=', provinceCode)
    .where('v.status', '=', 'active')
    .select([
      'l.code',
      'l.district_code',
      'l.area_km2',
      'v.type',
      'v.name_th',
      'd.name_th as district_name_th',
    ])
    .orderBy('l.code')
    .execute();
}

/** One data set's rows of a year across the country with each LAO's type that year: what peers are made of. */
export function nationalRows(db: Q, year: number, datasetIds: string[]) {
  if (datasetIds.length === 0) return Promise.resolve([]);
  return laosAsOf(db, year)
    .innerJoin('dataset_row as r', 'r.lao_code', 'l.code')
    .where('r.year', '=', year)
    .where('r.dataset_id', 'in', datasetIds)
    .where('r.position', '=', 1)
    .select(['l.code', 'v.type', 'r.dataset_id', 'r.values_json'])
    .execute();
}

/** Every province's code, in order. */
export async function provinceCodes(db: Q) {
  return (await db.selectFrom('province').select('code').orderBy('code').execute()).map((r) => r.code);
}

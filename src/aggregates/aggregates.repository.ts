import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { jsonNumber } from './json-sql.ts';

/** Which LAOs an aggregate covers: all, or those of a province, a district or one LAO. */
export type AggregateScope = { province?: string | null; district?: string | null; lao?: string | null };

/**
 * Sum, count of rows and count of values of one numeric field over every row of a data set in a year,
 * grouped by the province or district of each row's LAO: one indexed scan, no query per LAO.
 */
export async function sumByArea(
  db: Kysely<Database>,
  f: { year: number; datasetId: string; field: string; by: 'province' | 'district'; scope: AggregateScope },
) {
  const value = jsonNumber(db, sql.ref('r.values_json'), f.field);
  const group = f.by === 'province' ? 'l.province_code' : 'l.district_code';
  let q = db
    .selectFrom('dataset_row as r')
    .innerJoin('lao as l', 'l.code', 'r.lao_code')
    .select([
      sql.ref<string>(group).as('code'),
      (eb) => eb.fn.countAll<number>().as('rows'),
      (eb) => eb.fn.count<number>(value).as('values'),
      (eb) => eb.fn.sum<number | null>(value).as('sum'),
    ])
    .where('r.year', '=', f.year)
    .where('r.dataset_id', '=', f.datasetId)
    .groupBy(group);
  if (f.scope.province) q = q.where('l.province_code', '=', f.scope.province);
  if (f.scope.district) q = q.where('l.district_code', '=', f.scope.district);
  if (f.scope.lao) q = q.where('l.code', '=', f.scope.lao);
  return q.execute();
}

export const provinceNames = (db: Kysely<Database>) =>
  db.selectFrom('province').select(['code', 'name_th', 'name_en']).execute();

export const districtNames = (db: Kysely<Database>, province?: string | null) => {
  let q = db.selectFrom('district').select(['code', 'name_th', 'name_en']);
  if (province) q = q.where('province_code', '=', province);
  return q.execute();
};

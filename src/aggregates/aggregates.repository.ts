import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { isPublished, type PublishedFilter } from '../exports/exports.repository.ts';
import { jsonNumber } from './json-sql.ts';

/** Which LAOs an aggregate covers: all, or those of a province, a district or one LAO. */
export type AggregateScope = { province?: string | null; district?: string | null; lao?: string | null };

/**
 * Per LAO: the count of rows, the count of values, the sum, the smallest and the largest value of one numeric
 * field over the rows of a data set in a year — one grouped, indexed scan whatever the number of LAOs (at most
 * one group per LAO). With `published`, only the rows the public may see (isPublished).
 */
export async function statsByLao(
  db: Kysely<Database>,
  f: {
    year: number;
    datasetId: string;
    field: string;
    scope: AggregateScope;
    published: PublishedFilter | null;
  },
) {
  const value = jsonNumber(db, sql.ref('r.values_json'), f.field);
  let q = db
    .selectFrom('dataset_row as r')
    .innerJoin('lao as l', 'l.code', 'r.lao_code')
    .select([
      'r.lao_code as code',
      (eb) => eb.fn.countAll<number>().as('rows'),
      (eb) => eb.fn.count<number>(value).as('values'),
      (eb) => eb.fn.sum<number | null>(value).as('sum'),
      (eb) => eb.fn.min<number | null>(value).as('min'),
      (eb) => eb.fn.max<number | null>(value).as('max'),
    ])
    .where('r.year', '=', f.year)
    .where('r.dataset_id', '=', f.datasetId)
    .groupBy('r.lao_code');
  const published = f.published;
  if (published) q = q.where((eb) => isPublished(eb, published));
  if (f.scope.province) q = q.where('l.province_code', '=', f.scope.province);
  if (f.scope.district) q = q.where('l.district_code', '=', f.scope.district);
  if (f.scope.lao) q = q.where('l.code', '=', f.scope.lao);
  return q.execute();
}

import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { laosAsOf } from '../registry/registry.repository.ts';
import type { DeadlineExtensionTable } from './dashboards.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

type Area = { province?: string | undefined; district?: string | undefined };

/**
 * The certification columns of every aspect 1–8 of a year (of one province or district), reduced to what the
 * state function needs: nulls and not-nulls, without the text of the timestamps.
 */
export function aspectFlags(db: Q, year: number, area: Area = {}) {
  const set = (col: string) => sql<string | null>`case when ${sql.ref(col)} is null then null else 'x' end`;
  let q = db
    .selectFrom('aspect_status as a')
    .innerJoin('lao as l', 'l.code', 'a.lao_code')
    .select([
      'a.lao_code',
      'a.section_no',
      'l.province_code',
      'a.data_state',
      set('a.lao_certified_at').as('lao_certified_at'),
      set('a.province_certified_at').as('province_certified_at'),
      set('a.returned_at').as('returned_at'),
      set('a.changed_after_certification_at').as('changed_after_certification_at'),
    ])
    .where('a.year', '=', year)
    .where('a.section_no', '>=', 1)
    .where('a.section_no', '<=', 8);
  if (area.province) q = q.where('l.province_code', '=', area.province);
  if (area.district) q = q.where('l.district_code', '=', area.district);
  return q.execute();
}

/** Active LAOs per province in a year. */
export const laoCountsByProvince = (db: Q, year: number) =>
  laosAsOf(db, year)
    .where('v.status', '=', 'active')
    .select(['l.province_code', 'p.name_th', 'p.name_en', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['l.province_code', 'p.name_th', 'p.name_en'])
    .execute();

/** When each aspect 1–8 first got data: the earliest change per (LAO, aspect). */
export function firstChanges(db: Q, year: number, province?: string) {
  let q = db
    .selectFrom('dataset_change as c')
    .select(['c.lao_code', 'c.section_no', (eb) => eb.fn.min('c.at').as('first_at')])
    .where('c.year', '=', year)
    .where('c.section_no', '>=', 1)
    .where('c.section_no', '<=', 8);
  if (province) q = q.innerJoin('lao as l', 'l.code', 'c.lao_code').where('l.province_code', '=', province);
  return q.groupBy(['c.lao_code', 'c.section_no']).execute();
}

export const findExtension = (db: Q, lao: string, year: number) =>
  db
    .selectFrom('deadline_extension')
    .selectAll()
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .executeTakeFirst();

export async function upsertExtension(db: Q, row: DeadlineExtensionTable) {
  await db
    .insertInto('deadline_extension')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['lao_code', 'year']).doUpdateSet({
        due_date: row.due_date,
        reason: row.reason,
        granted_by: row.granted_by,
        granted_at: row.granted_at,
      }),
    )
    .execute();
}

export const deleteExtension = (db: Q, lao: string, year: number) =>
  db.deleteFrom('deadline_extension').where('lao_code', '=', lao).where('year', '=', year).execute();

/** The extensions of a year (of one province), with the LAO's name and district as they stand that year. */
export function extensionsOf(db: Q, year: number, province?: string) {
  let q = laosAsOf(db, year)
    .innerJoin('deadline_extension as x', 'x.lao_code', 'l.code')
    .where('x.year', '=', year)
    .select([
      'x.lao_code',
      'x.due_date',
      'x.reason',
      'x.granted_by',
      'x.granted_at',
      'v.name_th as name',
      'v.type',
      'l.province_code',
      'p.name_th as province_name_th',
      'd.name_th as district_name_th',
    ]);
  if (province) q = q.where('l.province_code', '=', province);
  return q.orderBy('l.province_code').orderBy('l.district_code').orderBy('l.code').execute();
}

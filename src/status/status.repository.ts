import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';

type Q = Kysely<Database> | Transaction<Database>;

const statusColumns = [
  'a.lao_code',
  'a.section_no',
  'a.data_state',
  'a.lao_certified_at',
  'a.province_certified_at',
  'a.returned_at',
  'a.return_reason',
  'a.changed_after_certification_at',
] as const;

/** The rows of aspects 1–8 and the debt report (9) of the given LAOs in a year: one query for a page of the status search. */
export const aspectRowsOf = (db: Q, year: number, codes: string[]) =>
  codes.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('aspect_status as a')
        .select(statusColumns)
        .where('a.year', '=', year)
        .where('a.section_no', '>=', 1)
        .where('a.section_no', '<=', 9)
        .where('a.lao_code', 'in', codes)
        .execute();

/** The rows of aspects 1–8 and the debt report (9) of a year for every LAO the filter selects: one query for an export. */
export function aspectRowsWhere(
  db: Q,
  year: number,
  f: { province?: string | undefined; district?: string | undefined; lao?: string | undefined },
) {
  let q = db
    .selectFrom('aspect_status as a')
    .innerJoin('lao as l', 'l.code', 'a.lao_code')
    .select(statusColumns)
    .where('a.year', '=', year)
    .where('a.section_no', '>=', 1)
    .where('a.section_no', '<=', 9);
  if (f.province) q = q.where('l.province_code', '=', f.province);
  if (f.district) q = q.where('l.district_code', '=', f.district);
  if (f.lao) q = q.where('a.lao_code', '=', f.lao);
  return q.execute();
}

export type AspectRow = Awaited<ReturnType<typeof aspectRowsOf>>[number];

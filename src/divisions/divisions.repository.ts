import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DivisionTable } from '../users/users.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** The LAO's divisions in their order. */
export { divisionsOfLao as divisionsOf } from '../users/users.repository.ts';

export const findDivision = (db: Q, laoCode: string, id: string) =>
  db
    .selectFrom('division')
    .selectAll()
    .where('lao_code', '=', laoCode)
    .where('id', '=', id)
    .executeTakeFirst();

/** Inserts divisions, skipping a name the LAO already has (two first visits at once create them once). */
export async function insertDivisions(db: Q, rows: Insertable<DivisionTable>[]) {
  if (!rows.length) return;
  await db
    .insertInto('division')
    .values(rows)
    .onConflict((oc) => oc.columns(['lao_code', 'name_th']).doNothing())
    .execute();
}

/** Renames a division and records its head (name and position, null when not known). */
export const updateDivision = (
  db: Q,
  id: string,
  v: { nameTh: string; nameEn: string | null; headNameTh: string | null; headPositionTh: string | null },
) =>
  db
    .updateTable('division')
    .set({
      name_th: v.nameTh,
      name_en: v.nameEn,
      head_name_th: v.headNameTh,
      head_position_th: v.headPositionTh,
    })
    .where('id', '=', id)
    .execute();

export const deleteDivision = (db: Q, id: string) => db.deleteFrom('division').where('id', '=', id).execute();

/** Every assignment (any fiscal year) that names the division. */
export const assignmentsOfDivision = (db: Q, divisionId: string) =>
  db
    .selectFrom('assignment')
    .select(['year', 'section_no', 'dataset_id'])
    .where('division_id', '=', divisionId)
    .orderBy('year')
    .orderBy('section_no')
    .orderBy('dataset_id')
    .execute();

/** The accounts of an LAO (any LAO role), for staff membership and the responsible-person choice. */
export const usersOfLao = (db: Q, laoCode: string) =>
  db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'role', 'disabled_at'])
    .where('lao_code', '=', laoCode)
    .orderBy('role')
    .orderBy('username')
    .execute();

/** Which account belongs to which division, for every division of the LAO. */
export const membershipsOfLao = (db: Q, laoCode: string) =>
  db
    .selectFrom('user_division as ud')
    .innerJoin('division as d', 'd.id', 'ud.division_id')
    .select(['ud.user_id', 'ud.division_id'])
    .where('d.lao_code', '=', laoCode)
    .execute();

/** The LAO's type as it stands in a fiscal year (its latest version from that year or before). */
export const laoTypeIn = async (db: Q, laoCode: string, year: number) =>
  (
    await db
      .selectFrom('lao_version')
      .select('type')
      .where('lao_code', '=', laoCode)
      .where('from_year', '<=', year)
      .orderBy('from_year', 'desc')
      .limit(1)
      .executeTakeFirst()
  )?.type ?? null;

import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { CatalogDatasetTable, CatalogSectionTable, CatalogYearTable } from './catalog.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

export function getYear(db: Q, year: number) {
  return db.selectFrom('catalog_year').selectAll().where('year', '=', year).executeTakeFirst();
}

export async function yearRevision(db: Q, year: number): Promise<number | undefined> {
  const r = await db
    .selectFrom('catalog_year')
    .select('revision')
    .where('year', '=', year)
    .executeTakeFirst();
  return r ? Number(r.revision) : undefined;
}

export function listYears(db: Q) {
  return db.selectFrom('catalog_year').selectAll().orderBy('year').execute();
}

/** The latest year before `year` that has a catalog: a new year starts as its copy. */
export async function latestYearBefore(db: Q, year: number): Promise<number | undefined> {
  const r = await db
    .selectFrom('catalog_year')
    .select((eb) => eb.fn.max('year').as('y'))
    .where('year', '<', year)
    .executeTakeFirst();
  return r?.y === null || r?.y === undefined ? undefined : Number(r.y);
}

export function sectionsOf(db: Q, year: number) {
  return db.selectFrom('catalog_section').selectAll().where('year', '=', year).orderBy('position').execute();
}

/** Every data set row of a year, archived ones included, in section and position order. */
export function datasetsOf(db: Q, year: number) {
  return db
    .selectFrom('catalog_dataset')
    .selectAll()
    .where('year', '=', year)
    .orderBy('section_no')
    .orderBy('position')
    .execute();
}

/** Inserts the year row unless it exists; true when this call created it. */
export async function insertYearIfMissing(db: Q, row: CatalogYearTable): Promise<boolean> {
  const r = await db
    .insertInto('catalog_year')
    .values(row)
    .onConflict((oc) => oc.column('year').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Bumps a year's revision and returns the new one. Being the transaction's first write, it also takes the
 * row lock (PostgreSQL) or the write lock (SQLite), so two imports of the same year run one after the other.
 */
export async function bumpRevision(db: Q, year: number, source: string, at: string): Promise<number> {
  const r = await db
    .updateTable('catalog_year')
    .set((eb) => ({ revision: eb('revision', '+', 1), source, imported_at: at }))
    .where('year', '=', year)
    .returning('revision')
    .executeTakeFirstOrThrow();
  return Number(r.revision);
}

export async function upsertSections(db: Q, rows: CatalogSectionTable[]) {
  for (const row of rows) {
    await db
      .insertInto('catalog_section')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['year', 'no']).doUpdateSet({
          key: row.key,
          kind: row.kind,
          name_th: row.name_th,
          name_en: row.name_en,
          default_division_th: row.default_division_th,
          default_division_en: row.default_division_en,
          position: row.position,
          aliases_json: row.aliases_json,
        }),
      )
      .execute();
  }
}

export async function upsertDatasets(db: Q, rows: CatalogDatasetTable[]) {
  for (const row of rows) {
    await db
      .insertInto('catalog_dataset')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['year', 'id']).doUpdateSet({
          section_no: row.section_no,
          position: row.position,
          definition_json: row.definition_json,
          archived_fields_json: row.archived_fields_json,
          archived_at: row.archived_at,
        }),
      )
      .execute();
  }
}

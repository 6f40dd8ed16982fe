import type { Kysely } from 'kysely';

// The catalog, one copy per Buddhist-era fiscal year. Data set definitions are stored as JSON text (the
// shape is validated by the app's Zod schema, not by the database) so a new field type needs no migration.
// Rows are never deleted: a data set or field dropped by a later import is archived, so recorded data
// always keeps its definition.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalog_year')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('catalog_section')
    .addColumn('year', 'integer', (c) => c.notNull().references('catalog_year.year'))
    .addColumn('no', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name_th', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('default_division_th', 'text', (c) => c.notNull())
    .addColumn('default_division_en', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_section_pk', ['year', 'no'])
    .execute();
  await db.schema
    .createTable('catalog_dataset')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('section_no', 'integer', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('definition_json', 'text', (c) => c.notNull())
    .addColumn('archived_fields_json', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .addPrimaryKeyConstraint('catalog_dataset_pk', ['year', 'id'])
    .addForeignKeyConstraint('catalog_dataset_section_fk', ['year', 'section_no'], 'catalog_section', [
      'year',
      'no',
    ])
    .execute();
  await db.schema
    .createIndex('catalog_dataset_section_idx')
    .on('catalog_dataset')
    .columns(['year', 'section_no'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['catalog_dataset', 'catalog_section', 'catalog_year'])
    await db.schema.dropTable(t).execute();
}

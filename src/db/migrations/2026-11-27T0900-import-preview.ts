import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // An uploaded Excel/CSV file read into rows and checked, waiting to be applied to one data set in one step.
  await db.schema
    .createTable('import_preview')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('dataset_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'varchar(8)', (c) => c.notNull())
    .addColumn('base_version', 'integer', (c) => c.notNull())
    .addColumn('rows_json', 'text', (c) => c.notNull())
    .addColumn('summary_json', 'text', (c) => c.notNull())
    .addColumn('errors_json', 'text', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull())
    .addColumn('applied_at', 'text')
    .addColumn('applied_by', 'text')
    .addColumn('applied_version', 'integer')
    .execute();
  await db.schema
    .createIndex('import_preview_owner_idx')
    .on('import_preview')
    .columns(['lao_code', 'year', 'dataset_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('import_preview_created_idx')
    .on('import_preview')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_preview').execute();
}

import type { Kysely } from 'kysely';

/**
 * Evidence files and activities (issue 14):
 * - `evidence_file`: one row per file attached to an owner (a list's row, a form data set, an activity); the bytes
 *   live once per content under DATA_DIR/files/<aa>/<sha256>. Removing a file sets removed_at; deleting the owner
 *   leaves the row alone, so the history keeps what was attached.
 * - `lao_activity`: what an LAO did, by fiscal year and aspect; deleting sets deleted_at.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evidence_file')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('section_no', 'integer', (c) => c.notNull())
    .addColumn('owner_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('owner_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('dataset_id', 'varchar(80)')
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('media_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addColumn('removed_by', 'text')
    .execute();
  await db.schema
    .createIndex('evidence_file_owner_idx')
    .on('evidence_file')
    .columns(['lao_code', 'year', 'owner_kind', 'owner_id'])
    .execute();
  await db.schema
    .createIndex('evidence_file_dataset_idx')
    .on('evidence_file')
    .columns(['lao_code', 'year', 'dataset_id'])
    .execute();

  await db.schema
    .createTable('lao_activity')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('fiscal_year', 'integer', (c) => c.notNull())
    .addColumn('date', 'varchar(10)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('aspect_no', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('participants', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('deleted_by', 'text')
    .execute();
  await db.schema
    .createIndex('lao_activity_lao_year_idx')
    .on('lao_activity')
    .columns(['lao_code', 'fiscal_year', 'date'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lao_activity').execute();
  await db.schema.dropTable('evidence_file').execute();
}

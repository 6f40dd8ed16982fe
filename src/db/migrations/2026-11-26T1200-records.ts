import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The current state of one data set of one LAO in one fiscal year; `version` is the optimistic lock.
  await db.schema
    .createTable('dataset_record')
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('dataset_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('section_no', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('none', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('none_reason', 'text')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dataset_record_pk', ['lao_code', 'year', 'dataset_id'])
    .execute();
  await db.schema
    .createIndex('dataset_record_year_idx')
    .on('dataset_record')
    .columns(['year', 'dataset_id'])
    .execute();

  await db.schema
    .createTable('dataset_row')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('dataset_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('values_json', 'text', (c) => c.notNull())
    .addColumn('explanation', 'text')
    .execute();
  await db.schema
    .createIndex('dataset_row_owner_idx')
    .on('dataset_row')
    .columns(['lao_code', 'year', 'dataset_id', 'position'])
    .execute();
  await db.schema
    .createIndex('dataset_row_dataset_idx')
    .on('dataset_row')
    .columns(['year', 'dataset_id'])
    .execute();

  // Append-only history of every change; the score "as of" a moment reads it.
  await db.schema
    .createTable('dataset_change')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('dataset_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('section_no', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by_username', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('status_after', 'varchar(16)', (c) => c.notNull())
    .addColumn('error_count_after', 'integer', (c) => c.notNull())
    .addColumn('change_reason', 'text')
    .addColumn('diff_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('dataset_change_owner_idx')
    .on('dataset_change')
    .columns(['lao_code', 'year', 'dataset_id', 'version'])
    .unique()
    .execute();
  await db.schema
    .createIndex('dataset_change_year_at_idx')
    .on('dataset_change')
    .columns(['year', 'at'])
    .execute();

  // Per (LAO, year, aspect): the data state, kept up to date by every save, and the certification columns.
  await db.schema
    .createTable('aspect_status')
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('section_no', 'integer', (c) => c.notNull())
    .addColumn('data_state', 'varchar(16)', (c) => c.notNull())
    .addColumn('data_changed_at', 'text')
    .addColumn('lao_certified_at', 'text')
    .addColumn('lao_certified_by', 'text')
    .addColumn('province_certified_at', 'text')
    .addColumn('province_certified_by', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('return_reason', 'text')
    .addColumn('changed_after_certification_at', 'text')
    .addColumn('cert_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('aspect_status_pk', ['lao_code', 'year', 'section_no'])
    .execute();
  await db.schema
    .createIndex('aspect_status_year_idx')
    .on('aspect_status')
    .columns(['year', 'section_no'])
    .execute();

  // The certification log (บันทึกการรับรองข้อมูล): certify, withdraw, return, edit after certification.
  await db.schema
    .createTable('certification_event')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('section_no', 'integer', (c) => c.notNull())
    .addColumn('level', 'varchar(16)', (c) => c.notNull())
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('by_username', 'text', (c) => c.notNull())
    .addColumn('by_role', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('snapshot_json', 'text')
    .execute();
  await db.schema
    .createIndex('certification_event_owner_idx')
    .on('certification_event')
    .columns(['lao_code', 'year', 'section_no', 'at'])
    .execute();
  await db.schema
    .createIndex('certification_event_year_at_idx')
    .on('certification_event')
    .columns(['year', 'at'])
    .execute();

  // Which division records a section (dataset_id '') or one data set, and by when.
  await db.schema
    .createTable('assignment')
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('section_no', 'integer', (c) => c.notNull())
    .addColumn('dataset_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('division_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('responsible_user_id', 'varchar(36)')
    .addColumn('due_date', 'text')
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('assignment_pk', ['lao_code', 'year', 'section_no', 'dataset_id'])
    .execute();

  await db.schema
    .createTable('year_deadline')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'certification_event',
    'year_deadline',
    'assignment',
    'aspect_status',
    'dataset_change',
    'dataset_row',
    'dataset_record',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}

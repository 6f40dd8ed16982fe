import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // A later due date for one LAO in one fiscal year, granted by its province with a reason.
  await db.schema
    .createTable('deadline_extension')
    .addColumn('lao_code', 'varchar(7)', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deadline_extension_pk', ['lao_code', 'year'])
    .execute();

  // One row per run of a scheduled job (the daily digest): the primary key is the lock that lets several app
  // nodes run it once.
  await db.schema
    .createTable('scheduled_run')
    .addColumn('job', 'varchar(40)', (c) => c.notNull())
    .addColumn('run_key', 'varchar(40)', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('result_json', 'text')
    .addPrimaryKeyConstraint('scheduled_run_pk', ['job', 'run_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduled_run').execute();
  await db.schema.dropTable('deadline_extension').execute();
}

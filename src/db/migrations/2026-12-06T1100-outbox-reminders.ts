import type { Kysely } from 'kysely';

/**
 * A real outbox: messages are queued in the transaction that causes them and sent by a worker, with attempts,
 * back-off and a claim that keeps two nodes from sending one message; a lease so that one node at a time sends;
 * reminders, one row per (kind, recipient, subject, day) so that a re-run or a second node never sends twice;
 * and the account setting that turns reminders off.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('mail_outbox')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('mail_outbox').addColumn('next_attempt_at', 'text').execute();
  await db.schema.alterTable('mail_outbox').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('mail_outbox').addColumn('claimed_until', 'text').execute();
  await db.schema
    .createIndex('mail_outbox_due_idx')
    .on('mail_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('job_lease')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('until', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reminder_sent')
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('subject_key', 'varchar(64)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('lao_code', 'varchar(7)')
    .addColumn('province_code', 'varchar(2)')
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('mail_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reminder_sent_pk', ['kind', 'user_id', 'subject_key', 'day'])
    .execute();
  await db.schema.createIndex('reminder_sent_at_idx').on('reminder_sent').column('sent_at').execute();
  await db.schema
    .createIndex('reminder_sent_lao_idx')
    .on('reminder_sent')
    .columns(['lao_code', 'sent_at'])
    .execute();
  await db.schema
    .createIndex('reminder_sent_province_idx')
    .on('reminder_sent')
    .columns(['province_code', 'sent_at'])
    .execute();

  await db.schema.alterTable('app_user').addColumn('reminders_off_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app_user').dropColumn('reminders_off_at').execute();
  await db.schema.dropTable('reminder_sent').execute();
  await db.schema.dropTable('job_lease').execute();
  await db.schema.dropIndex('mail_outbox_due_idx').execute();
  for (const c of ['claimed_until', 'claimed_by', 'next_attempt_at', 'attempts'])
    await db.schema.alterTable('mail_outbox').dropColumn(c).execute();
}

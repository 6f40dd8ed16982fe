import type { Kysely } from 'kysely';

// The activity log in words (issue 14): the aspect an entry concerns, kept beside it so the timeline filters by
// aspect without reading every entry's target; indexes for the province view, the "who" filter and the daily
// retention purge (by action and time). And the in-app notifications: one row per recipient, read or not; the
// bell on every page of a signed-in user counts a user's unread rows through (user_id, read_at).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('activity_log').addColumn('section_no', 'integer').execute();
  await db.schema
    .createIndex('activity_log_province_idx')
    .on('activity_log')
    .columns(['province_code', 'at'])
    .execute();
  await db.schema
    .createIndex('activity_log_actor_idx')
    .on('activity_log')
    .columns(['actor_username', 'at'])
    .execute();
  await db.schema
    .createIndex('activity_log_action_idx')
    .on('activity_log')
    .columns(['action', 'at'])
    .execute();

  await db.schema
    .createTable('notification')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('lao_code', 'varchar(7)')
    .addColumn('year', 'integer')
    .addColumn('section_no', 'integer')
    .addColumn('by_username', 'text')
    .addColumn('reason', 'text')
    .addColumn('text_th', 'text')
    .addColumn('text_en', 'text')
    .addColumn('href', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema
    .createIndex('notification_unread_idx')
    .on('notification')
    .columns(['user_id', 'read_at'])
    .execute();
  await db.schema
    .createIndex('notification_user_idx')
    .on('notification')
    .columns(['user_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification').execute();
  await db.schema.dropIndex('activity_log_action_idx').execute();
  await db.schema.dropIndex('activity_log_actor_idx').execute();
  await db.schema.dropIndex('activity_log_province_idx').execute();
  await db.schema.alterTable('activity_log').dropColumn('section_no').execute();
}

import type { Kysely } from 'kysely';

/**
 * Counts for limits per subject and hour (a recipient, an LAO, a sign-in name, an address): one row per counted
 * event, written before it is counted so that concurrent requests cannot share the last place; pruned by age.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('throttle_event')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('scope', 'varchar(48)', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('throttle_event_subject_idx')
    .on('throttle_event')
    .columns(['scope', 'subject', 'at'])
    .execute();
  await db.schema.createIndex('throttle_event_at_idx').on('throttle_event').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('throttle_event').execute();
}

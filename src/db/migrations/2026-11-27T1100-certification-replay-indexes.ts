import type { Kysely } from 'kysely';

// The progress chart replays a year's certification log and finds when each aspect first got data: both read from
// an index alone (a national year is ~60,000 events and ~400,000 changes).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('certification_event_replay_idx')
    .on('certification_event')
    .columns(['year', 'at', 'id', 'lao_code', 'section_no', 'level', 'action'])
    .execute();
  await db.schema
    .createIndex('dataset_change_first_idx')
    .on('dataset_change')
    .columns(['year', 'lao_code', 'section_no', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('dataset_change_first_idx').execute();
  await db.schema.dropIndex('certification_event_replay_idx').execute();
}

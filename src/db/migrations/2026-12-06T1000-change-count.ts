import { type Kysely, PostgresAdapter, sql } from 'kysely';

// How many row diffs a change holds, kept beside them: a data set's history lists its changes with the count and
// shows the diffs inline only when there are few, without reading a large change (20,000 rows) whole.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('dataset_change')
    .addColumn('change_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const count =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? sql`json_array_length(diff_json::json)`
      : sql`json_array_length(diff_json)`;
  await db
    .updateTable('dataset_change')
    .set({ change_count: count })
    .where('diff_json', '<>', '[]')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('dataset_change').dropColumn('change_count').execute();
}

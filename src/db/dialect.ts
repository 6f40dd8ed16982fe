import { type Kysely, PostgresAdapter, sql } from 'kysely';

/** Whether a Kysely instance (or transaction) talks to PostgreSQL rather than SQLite. */
export const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Elements [offset, offset + limit) of a JSON array kept as text in one row (by its `id`), as JSON texts in array
 * order. The database walks the array (json_each on SQLite, json_array_elements on PostgreSQL), so a page of a
 * large array never means parsing all of it in the app.
 */
export async function jsonArraySlice(
  db: Kysely<any>,
  at: { table: string; id: string; column: string },
  offset: number,
  limit: number,
): Promise<string[]> {
  const table = sql.table(at.table);
  const column = sql.ref(`t.${at.column}`);
  const q = isPostgres(db)
    ? sql<{ v: string }>`select e.value::text as v from ${table} t
        cross join lateral json_array_elements(${column}::json) with ordinality as e(value, n)
        where t.id = ${at.id} and e.n > ${offset} and e.n <= ${offset + limit} order by e.n`
    : sql<{ v: string }>`select e.value as v from ${table} t, json_each(${column}) e
        where t.id = ${at.id} and e.key >= ${offset} and e.key < ${offset + limit} order by e.key`;
  return (await q.execute(db)).rows.map((r) => r.v);
}

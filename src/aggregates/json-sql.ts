// The one place the two dialects differ in reading a value out of a row's values_json text.
import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
import { isPostgres } from '../db/dialect.ts';

/** Whether a Kysely instance talks to PostgreSQL. */

/**
 * A numeric value of a JSON text column as SQL: json_extract on SQLite; on PostgreSQL the text parsed as
 * json (cheaper than jsonb for one key read once) and cast to float8. Null when the key is absent or null.
 */
export function jsonNumber(
  db: Kysely<any>,
  column: Expression<string>,
  key: string,
): RawBuilder<number | null> {
  return isPostgres(db)
    ? sql<number | null>`((${column})::json ->> ${key})::float8`
    : sql<number | null>`json_extract(${column}, ${`$.${key}`})`;
}

import { type Kysely, PostgresAdapter } from 'kysely';

/** Whether a Kysely instance (or transaction) talks to PostgreSQL rather than SQLite. */
export const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type LogEvent } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { dbStatement } from '../metrics/metrics.ts';
import { type ChangeFeed, type FeedLog, startChangeFeed, watchSqliteFile } from './change-feed.ts';
import type { Database } from './database.ts';
import { CurrentSchemaPostgresDialect } from './pg-introspector.ts';
import { preparingPool } from './pg-prepared.ts';
import { groupCommitDialect } from './sqlite-driver.ts';
import { TextGuard } from './text-guard.ts';

export type DbKind = 'sqlite' | 'postgres';
export type DbTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; schema?: string; poolMax?: number };

/** Connections per node to PostgreSQL unless PG_POOL_MAX says otherwise (see docs/operations.md). */
export const PG_POOL_MAX = 10;

export type Db = {
  kysely: Kysely<Database>;
  kind: DbKind;
  /** The raw better-sqlite3 handle (SQLite only): used for online backup and the benchmark's limits. */
  sqlite: SQLite.Database | null;
  /**
   * Starts following the changes other nodes commit, for the caches (src/db/change-feed.ts): the LISTEN
   * connection on PostgreSQL; nothing to start on SQLite (the file's data_version is read at each lookup).
   */
  followChanges(log: FeedLog): ChangeFeed;
  close(): Promise<void>;
};

/** Every statement's time goes to the metrics (GET /metrics); errors are the caller's to report. */
const log = (e: LogEvent) => {
  if (e.level === 'query') dbStatement(e.query.sql, e.queryDurationMillis);
};

// count(*) and bigint columns come back as strings from pg; every number we store fits a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/** Opens the database: SQLite (WAL, foreign keys, busy timeout, synchronous=FULL) or PostgreSQL. */
export function openDb(target: DbTarget): Db {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const open = () => {
      const conn = new SQLite(target.file);
      conn.pragma('journal_mode = WAL');
      conn.pragma('foreign_keys = ON');
      conn.pragma('busy_timeout = 5000');
      conn.pragma('synchronous = FULL');
      return conn;
    };
    const sqlite = open();
    // A second connection reads committed data while the first writes (a file only: ':memory:' is one database
    // per connection). See src/db/sqlite-driver.ts and ADR 0012.
    const kysely = new Kysely<Database>({
      dialect: groupCommitDialect(sqlite, target.file === ':memory:' ? null : open, () => sqlite.close()),
      log,
      plugins: [new TextGuard()],
    });
    if (target.file !== ':memory:') watchSqliteFile(kysely, sqlite);
    return {
      kysely,
      kind: 'sqlite',
      sqlite,
      followChanges: () => ({ ready: Promise.resolve(), stop: async () => {} }),
      async close() {
        await kysely.destroy();
      },
    };
  }
  const connection: pg.ClientConfig = {
    connectionString: target.url,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  };
  const pool = new pg.Pool({ ...connection, max: target.poolMax ?? PG_POOL_MAX });
  // An idle client whose backend goes away (a server restart, a terminated connection) emits 'error' on the pool;
  // without a listener that is an uncaught exception that ends the process. The pool drops the client and makes a
  // new one on the next query, so there is nothing else to do.
  pool.on('error', () => {});
  // The cursor lets `.stream()` read a large result in batches (the national CSV export) in constant memory.
  const kysely = new Kysely<Database>({
    dialect: new CurrentSchemaPostgresDialect({ pool: preparingPool(pool), cursor: Cursor }),
    log,
    plugins: [new TextGuard()],
  });
  return {
    kysely,
    kind: 'postgres',
    sqlite: null,
    followChanges: (log) => startChangeFeed(kysely, connection, log),
    async close() {
      await kysely.destroy();
    },
  };
}

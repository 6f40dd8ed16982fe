import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { Database } from './database.ts';

export type DbKind = 'sqlite' | 'postgres';
export type DbTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema?: string };

export type Db = {
  kysely: Kysely<Database>;
  kind: DbKind;
  /** The raw better-sqlite3 handle (SQLite only): used for online backup and the benchmark's limits. */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
};

// count(*) and bigint columns come back as strings from pg; every number we store fits a double.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every statement again (a parse and plan per query: ~13 % of a save's CPU).
 * This keeps the last prepared statements by their SQL, least recently used out first. A statement still
 * iterating (a stream) is busy and cannot be run again, so that case prepares a fresh one.
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabaseLike {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit.busy ? sqlite.prepare(sql) : hit;
      }
      const stmt = sqlite.prepare(sql);
      cache.set(sql, stmt);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

type SqliteDatabaseLike = { prepare(sql: string): SQLite.Statement; close(): void };

/** Opens the database: SQLite (WAL, foreign keys, busy timeout, synchronous=FULL) or PostgreSQL. */
export function openDb(target: DbTarget): Db {
  if (target.kind === 'sqlite') {
    if (target.file !== ':memory:') fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const sqlite = new SQLite(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = FULL');
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    });
    return {
      kysely,
      kind: 'sqlite',
      sqlite,
      async close() {
        await kysely.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  // The cursor lets `.stream()` read a large result in batches (the national CSV export) in constant memory.
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  return {
    kysely,
    kind: 'postgres',
    sqlite: null,
    async close() {
      await kysely.destroy();
    },
  };
}

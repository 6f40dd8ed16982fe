// The databases every suite starts from, made once per test run (scripts/test.mjs): migrated, with the registry
// and the default catalog loaded. A suite copies one (a file copy on SQLite, CREATE DATABASE … TEMPLATE on
// PostgreSQL) instead of migrating and loading 7,849 LAOs itself.
//
//   node --import tsx test/template.ts create   → prints the environment that points the suites at them
//   node --import tsx test/template.ts drop     → removes them (reads the same environment)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ensureDefaultCatalog } from '../src/catalog/catalog.service.ts';
import { openDb } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadRegistry } from '../src/registry/registry.service.ts';

/** The fiscal years every suite's catalog has. */
export const TEMPLATE_YEARS = [2568, 2569, 2570];

/** The URL of another database on the same server. */
export function databaseUrl(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function load(target: Parameters<typeof openDb>[0]) {
  const db = openDb(target);
  try {
    await migrateToLatest(db.kysely);
    await loadRegistry(db.kysely);
    await ensureDefaultCatalog(db.kysely, TEMPLATE_YEARS);
    if (db.sqlite) db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await db.close();
  }
}

async function admin<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

async function create(): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lao-info-template-')), 'info.sqlite');
  await load({ kind: 'sqlite', file });
  env.TEST_SQLITE_TEMPLATE = file;
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `lao_info_tpl_${process.pid}`;
    await admin(url, (c) => c.query(`create database ${name}`));
    await load({ kind: 'postgres', url: databaseUrl(url, name) });
    env.TEST_PG_TEMPLATE = name;
  }
  return env;
}

async function drop() {
  const file = process.env.TEST_SQLITE_TEMPLATE;
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  const url = process.env.TEST_DATABASE_URL;
  const name = process.env.TEST_PG_TEMPLATE;
  if (url && name) await admin(url, (c) => c.query(`drop database if exists ${name} with (force)`));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === 'create') process.stdout.write(JSON.stringify(await create()));
  else if (process.argv[2] === 'drop') await drop();
  else throw new Error('usage: template.ts create|drop');
}

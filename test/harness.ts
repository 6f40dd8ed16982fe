import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { ensureDefaultCatalog } from '../src/catalog/catalog.service.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { type Db, type DbTarget, openDb } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadRegistry } from '../src/registry/registry.service.ts';
import { databaseUrl, TEMPLATE_YEARS } from './template.ts';

export type TestCtx = { app: FastifyInstance; db: Db; config: Config; dialect: 'sqlite' | 'postgres' };

/** The databases every suite runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function dialects(): ('sqlite' | 'postgres')[] {
  return process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh, migrated database of its own: a temp SQLite file, or a new schema in the test PostgreSQL. */
export async function freshDb(
  dialect: 'sqlite' | 'postgres',
): Promise<{ db: Db; target: DbTarget; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lao-info-test-'));
    const target: DbTarget = { kind: 'sqlite', file: path.join(dir, 'info.sqlite') };
    const db = openDb(target);
    await migrateToLatest(db.kysely);
    return { db, target, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const target: DbTarget = { kind: 'postgres', url, schema };
  const db = openDb(target);
  await migrateToLatest(db.kysely);
  return {
    db,
    target,
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/**
 * A database holding what every suite starts from (migrated, the registry, the default catalog of 2568–2570): a
 * copy of the run's template when scripts/test.mjs made one (test/template.ts), otherwise made here.
 */
export async function seededDb(
  dialect: 'sqlite' | 'postgres',
): Promise<{ db: Db; target: DbTarget; drop(): Promise<void> }> {
  const sqliteTemplate = process.env.TEST_SQLITE_TEMPLATE;
  const pgTemplate = process.env.TEST_PG_TEMPLATE;
  if (dialect === 'sqlite' && sqliteTemplate) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lao-info-test-'));
    const target: DbTarget = { kind: 'sqlite', file: path.join(dir, 'info.sqlite') };
    fs.copyFileSync(sqliteTemplate, target.file);
    return { db: openDb(target), target, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  if (dialect === 'postgres' && pgTemplate) {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(q);
      } finally {
        await c.end();
      }
    };
    // Two suites may copy the template at the same moment; PostgreSQL refuses a copy while another holds it.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin(`create database ${name} template ${pgTemplate}`);
        break;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
    const target: DbTarget = { kind: 'postgres', url: databaseUrl(url, name) };
    return {
      db: openDb(target),
      target,
      drop: () => admin(`drop database if exists ${name} with (force)`),
    };
  }
  const fresh = await freshDb(dialect);
  await loadRegistry(fresh.db.kysely);
  await ensureDefaultCatalog(fresh.db.kysely, TEMPLATE_YEARS);
  return fresh;
}

/** A test config pointing at the given target, demo data off unless asked. */
export function testConfig(target: DbTarget, env: Record<string, string> = {}): Config {
  const base = loadConfig({ DATA_DIR: os.tmpdir(), LOG_LEVEL: 'silent', DEMO: 'off', ...env });
  return Object.freeze({
    ...base,
    database:
      target.kind === 'sqlite'
        ? { kind: 'sqlite' as const, file: target.file }
        : { kind: 'postgres' as const, url: target.url },
  });
}

/**
 * Runs a suite once per database, each with its own migrated database holding the registry and an app
 * built on it. `setup` runs after the registry is loaded (factories, demo data).
 */
export function describeEachDb(
  name: string,
  fn: (ctx: TestCtx) => void,
  opts: { setup?: (ctx: TestCtx) => Promise<void>; env?: Record<string, string> } = {},
) {
  for (const dialect of dialects()) {
    describe(`[${dialect}] ${name}`, () => {
      const ctx = { dialect } as TestCtx;
      let drop: () => Promise<void> = async () => {};
      before(async () => {
        const fresh = await seededDb(dialect);
        drop = fresh.drop;
        ctx.db = fresh.db;
        ctx.config = testConfig(fresh.target, opts.env);
        ctx.app = await buildApp({ config: ctx.config, db: ctx.db }, { logger: false });
        await opts.setup?.(ctx);
      });
      after(async () => {
        await ctx.app?.close();
        await ctx.db?.close();
        await drop();
      });
      fn(ctx);
    });
  }
}

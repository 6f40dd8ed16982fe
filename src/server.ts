import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { type Db, openDb } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loadRegistry } from './registry/registry.service.ts';

/** Opens the database, brings it up to date and loads the shipped reference data. */
export async function prepareDatabase(config: Config, log: (line: string) => void = () => {}): Promise<Db> {
  const db = openDb(config.database);
  await migrateToLatest(db.kysely);
  const reg = await loadRegistry(db.kysely);
  if (reg.loaded) log('ทะเบียน อปท. loaded: 7,849 LAOs (DLA 2566) and the change layer');
  return db;
}

/** Starts the HTTP server and closes it gracefully on SIGTERM/SIGINT. */
export async function startServer(config: Config): Promise<{ app: FastifyInstance; db: Db }> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const db = await prepareDatabase(config, say);
  const app = await buildApp({ config, db });
  await app.listen({ port: config.port, host: config.host });
  say(
    `lao-info is running at ${config.baseUrl} (database: ${db.kind === 'sqlite' ? `SQLite ${config.database.kind === 'sqlite' ? config.database.file : ''}` : 'PostgreSQL'})`,
  );
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return { app, db };
}

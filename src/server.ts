import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { startActivityPurgeSchedule } from './audit/audit.service.ts';
import { ensureDefaultCatalog } from './catalog/catalog.service.ts';
import { startDigestSchedule } from './certification/digest.service.ts';
import type { Config } from './config.ts';
import { type Db, openDb } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { demoAccounts, demoLoginLines, ensureDemoAccounts } from './demo/demo.service.ts';
import { ensureDemoData } from './demo/demo-data.ts';
import { startOrphanSweep } from './files/files.service.ts';
import { startOutboxWorker } from './mail/mail.service.ts';
import { loadRegistry } from './registry/registry.service.ts';
import { startReminderSchedule } from './reminders/reminders.service.ts';
import { findUserByUsername } from './users/users.service.ts';
import { fiscalYearOf } from './util/thai-date.ts';

/** Opens the database, brings it up to date and loads the shipped reference data. */
export async function prepareDatabase(config: Config, log: (line: string) => void = () => {}): Promise<Db> {
  const db = openDb(config.database);
  await migrateToLatest(db.kysely);
  const reg = await loadRegistry(db.kysely);
  if (reg.loaded) log('ทะเบียน อปท. loaded: 7,849 LAOs (DLA 2566) and the change layer');
  const cat = await ensureDefaultCatalog(db.kysely, [2568, 2569, fiscalYearOf()]);
  if (cat.loaded.length) log(`default catalog loaded for fiscal years ${cat.loaded.join(', ')}`);
  return db;
}

/** Starts the HTTP server and closes it gracefully on SIGTERM/SIGINT. */
export async function startServer(config: Config): Promise<{ app: FastifyInstance; db: Db }> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const db = await prepareDatabase(config, say);
  if (config.demo) {
    const created = await ensureDemoAccounts(db.kysely);
    if (created.length) say('Demo accounts created.');
    if (await ensureDemoData(db.kysely, config))
      say('Demo data recorded for เทศบาลเมืองบ้านบัว (5310108): FY 2568 complete, FY 2569 in progress.');
    // The demo logins are printed at every start in demo mode while the demo administrator exists.
    if (created.length || (await findUserByUsername(db.kysely, 'admin')))
      for (const l of demoLoginLines(demoAccounts)) say(l);
  }
  const app = await buildApp({ config, db });
  await app.listen({ port: config.port, host: config.host });
  const log = (msg: string, err?: unknown) => (err ? app.log.error({ err }, msg) : app.log.info(msg));
  // What other nodes commit empties this node's caches at once (PostgreSQL LISTEN/NOTIFY; ADR 0011).
  const feed = db.followChanges(log);
  // Yesterday's LAO certifications to the province officers, once a day across all nodes.
  const stopDigest = startDigestSchedule(db.kysely, config, log);
  // The activity log's retention purge, once a day across all nodes.
  const stopPurge = startActivityPurgeSchedule(db.kysely, config, log);
  // The outbox sender: queued mail out by SMTP, one node at a time; stopped before the database closes.
  const stopOutbox = startOutboxWorker(db.kysely, config, log);
  // Reminders of due dates and of aspects to certify, hourly; each sent once across nodes (reminder_sent).
  const stopReminders = config.reminders ? startReminderSchedule(db.kysely, config, log) : async () => {};
  // What refused or interrupted uploads left in DATA_DIR/files, every six hours.
  const stopSweep = startOrphanSweep(db.kysely, config.dataDir, log);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    // The background jobs first (a send in progress finishes), then the server, then the database.
    await Promise.all([stopReminders(), stopOutbox(), stopDigest(), stopPurge(), stopSweep(), feed.stop()]);
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // Announced only once the signals are ours: a supervisor that stops the server as soon as it reads this line
  // (a test does) would otherwise kill it with the default action before the handlers exist.
  say(
    `lao-info is running at ${config.baseUrl} (database: ${db.kind === 'sqlite' ? `SQLite ${config.database.kind === 'sqlite' ? config.database.file : ''}` : 'PostgreSQL'})`,
  );
  return { app, db };
}

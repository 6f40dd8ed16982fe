import { loadConfig } from '../config.ts';
import { openDb } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Command } from './commands.ts';

export const migrateCommand: Command = {
  summary: 'bring the database schema up to date',
  usage: 'lao-info migrate',
  async run() {
    const db = openDb(loadConfig().database);
    try {
      const r = await migrateToLatest(db.kysely);
      const done = r.results?.filter((x) => x.status === 'Success').map((x) => x.migrationName) ?? [];
      process.stdout.write(done.length ? `applied: ${done.join(', ')}\n` : 'already up to date\n');
      return 0;
    } finally {
      await db.close();
    }
  },
};

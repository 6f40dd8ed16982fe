import { backupPostgres, backupSqlite, type PgToolResult } from '../backup/backup.service.ts';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/connection.ts';
import type { Command } from './commands.ts';

/** What the CLI says and returns after running (or not finding) pg_dump / pg_restore. */
export function pgToolOutcome(r: PgToolResult, verb: 'back up' | 'restore'): number {
  if (!r.ran) {
    process.stdout.write(
      `${r.command.split(' ')[0]} is not on the PATH. To ${verb} PostgreSQL, run:\n  ${r.command}\n`,
    );
    return 2;
  }
  if (r.status !== 0) process.stderr.write(r.stderr);
  else process.stdout.write(`done with: ${r.command}\n`);
  return r.status === 0 ? 0 : 1;
}

export const backupCommand: Command = {
  summary:
    'copy the database to FILE while the server runs (SQLite online backup + integrity check; pg_dump)',
  usage:
    'lao-info backup FILE\n\n' +
    'SQLite: an online backup of $DATA_DIR/info.sqlite to FILE (the server may keep running), then\n' +
    'PRAGMA integrity_check on the copy. PostgreSQL (DATABASE_URL): runs pg_dump --format=custom when it is\n' +
    'on the PATH, else prints the command. Restore with: lao-info restore FILE.',
  async run(args) {
    const file = args.find((a) => !a.startsWith('--'));
    if (!file) {
      process.stderr.write('ระบุแฟ้มปลายทาง / give the backup file: lao-info backup FILE\n');
      return 2;
    }
    const config = loadConfig();
    if (config.database.kind === 'postgres')
      return pgToolOutcome(backupPostgres(config.database.url, file), 'back up');
    const db = openDb(config.database);
    try {
      const r = await backupSqlite(db.sqlite!, file);
      process.stdout.write(
        `สำรองข้อมูลแล้ว / backed up ${config.database.file} → ${r.file}: ${(r.bytes / 1048576).toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s, integrity_check ${r.integrity}\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};

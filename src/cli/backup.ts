import { backupPostgres, backupSqlite } from '../backup/backup.service.ts';
import { loadConfig } from '../config.ts';
import { openDb } from '../db/connection.ts';
import type { Command } from './commands.ts';

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
    if (config.database.kind === 'postgres') {
      const r = backupPostgres(config.database.url, file);
      if (!r.ran) {
        process.stdout.write(`pg_dump is not on the PATH. Back up PostgreSQL with:\n  ${r.command}\n`);
        return 2;
      }
      if (r.status !== 0) process.stderr.write(r.stderr);
      else process.stdout.write(`backed up with: ${r.command}\n`);
      return r.status === 0 ? 0 : 1;
    }
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

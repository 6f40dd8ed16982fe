import { restorePostgres, restoreSqlite } from '../backup/backup.service.ts';
import { loadConfig } from '../config.ts';
import { pgToolOutcome } from './backup.ts';
import type { Command } from './commands.ts';

export const restoreCommand: Command = {
  summary: 'replace the database with a backup FILE (the server must be stopped)',
  usage:
    'lao-info restore FILE\n\n' +
    'SQLite: checks FILE (integrity_check, a lao-info database), refuses while any process has the database\n' +
    'open, keeps the current file as info.sqlite.before-restore-<time>, then puts FILE in its place. The next\n' +
    'start migrates it if it is older. PostgreSQL (DATABASE_URL): runs pg_restore --clean when it is on the\n' +
    'PATH, else prints the command.',
  async run(args) {
    const file = args.find((a) => !a.startsWith('--'));
    if (!file) {
      process.stderr.write('ระบุแฟ้มสำรอง / give the backup file: lao-info restore FILE\n');
      return 2;
    }
    const config = loadConfig();
    if (config.database.kind === 'postgres')
      return pgToolOutcome(restorePostgres(config.database.url, file), 'restore');
    const r = restoreSqlite(file, config.database.file);
    process.stdout.write(
      `กู้คืนแล้ว / restored ${r.file} → ${r.replaced}${r.keptAs ? `\nthe previous database is kept as ${r.keptAs}` : ''}\n`,
    );
    return 0;
  },
};

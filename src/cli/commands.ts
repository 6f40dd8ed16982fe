import { backupCommand } from './backup.ts';
import { benchCommand } from './bench.ts';
import { catalogImportCommand } from './catalog-import.ts';
import { catalogValidateCommand } from './catalog-validate.ts';
import { digestSendCommand } from './digest-send.ts';
import { mailOutboxCommand } from './mail-outbox.ts';
import { migrateCommand } from './migrate.ts';
import { qualityScanCommand } from './quality-scan.ts';
import { registryImportCommand } from './registry-import.ts';
import { remindersRunCommand } from './reminders-run.ts';
import { restoreCommand } from './restore.ts';
import { rubricImportCommand } from './rubric-import.ts';
import { scoreCommand } from './score.ts';
import { seedNationwideCommand } from './seed-nationwide.ts';
import { serveCommand } from './serve.ts';
import { userAddCommand } from './user-add.ts';

export type Command = {
  summary: string;
  usage: string;
  /** Returns the exit code, or 'running' for a command that keeps the process alive (serve). */
  run(args: string[]): Promise<number | 'running'>;
};

/** Every command of the CLI, by name (one or two words). */
export const commands: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  'registry import': registryImportCommand,
  'user add': userAddCommand,
  'catalog validate': catalogValidateCommand,
  'catalog import': catalogImportCommand,
  'mail outbox': mailOutboxCommand,
  'digest send': digestSendCommand,
  'reminders run': remindersRunCommand,
  score: scoreCommand,
  'rubric import': rubricImportCommand,
  'seed nationwide': seedNationwideCommand,
  'quality scan': qualityScanCommand,
  backup: backupCommand,
  restore: restoreCommand,
  bench: benchCommand,
};

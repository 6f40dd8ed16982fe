import { migrateCommand } from './migrate.ts';
import { registryImportCommand } from './registry-import.ts';
import { serveCommand } from './serve.ts';

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
};

import { loadConfig } from '../config.ts';
import { startServer } from '../server.ts';
import type { Command } from './commands.ts';

export const serveCommand: Command = {
  summary: 'start the web server (PORT, HOST, DATABASE_URL, DATA_DIR from the environment)',
  usage:
    'lao-info serve\n\nEnvironment: PORT (3000), HOST, DATA_DIR (./data), DATABASE_URL (postgres://…; unset = SQLite), LOG_LEVEL, BASE_URL, SMTP_URL.',
  async run() {
    await startServer(loadConfig());
    return 'running';
  },
};

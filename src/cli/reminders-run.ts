import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { runReminders } from '../reminders/reminders.service.ts';
import { prepareDatabase } from '../server.ts';
import type { Command } from './commands.ts';

export const remindersRunCommand: Command = {
  summary: 'run the reminder job once (what the server does every hour)',
  usage:
    'lao-info reminders run [--now ISO-TIME] [--json]\n\n' +
    'Mails (through the outbox) the reminders due at that moment (default: now): incomplete data sets 14, 7 and\n' +
    '1 days before their due date, and the weekly reminder of aspects to certify. A reminder already sent (by a\n' +
    'server or an earlier run) is not sent again. Prints who was reminded of what.',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { now: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const now = values.now ? new Date(values.now) : new Date();
    if (Number.isNaN(now.getTime()) || (values.now && values.now.length > 40)) {
      process.stderr.write('--now ต้องเป็นเวลา ISO เช่น 2026-05-08T03:00:00Z / --now must be an ISO time\n');
      return 2;
    }
    const config = loadConfig();
    const db = await prepareDatabase(config);
    try {
      const r = await runReminders(db.kysely, config, { now });
      process.stdout.write(
        values.json
          ? `${JSON.stringify(r)}\n`
          : `${r.map((x) => `${x.kind} ${x.username} ${x.laoCode} ${x.summary}`).join('\n')}${r.length ? '\n' : ''}` +
              `ส่งการแจ้งเตือน ${r.length} ฉบับ / ${r.length} reminders sent\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};

import { parseArgs } from 'node:util';
import { isIsoDate } from '../assignments/due-dates.ts';
import { sendDailyDigest, yesterday } from '../certification/digest.service.ts';
import { loadConfig } from '../config.ts';
import { prepareDatabase } from '../server.ts';
import type { Command } from './commands.ts';

export const digestSendCommand: Command = {
  summary: "mail the province officers the day's LAO certifications (default: yesterday, Bangkok)",
  usage:
    'lao-info digest send [--date YYYY-MM-DD]\n\n' +
    "Sends each province's officers one message listing the LAO certifications of the day (a Bangkok calendar\n" +
    "day, CE). The server sends yesterday's digest by itself every morning from 07:00; a day is sent once, by\n" +
    'whichever node or command takes it first (a row in scheduled_run), so running this again says so and\n' +
    'sends nothing.',
  async run(args) {
    const { values } = parseArgs({ args, options: { date: { type: 'string' } } });
    const day = values.date ?? yesterday();
    if (!isIsoDate(day)) {
      process.stderr.write('--date ต้องเป็นวันที่ YYYY-MM-DD (ค.ศ.) / --date must be YYYY-MM-DD (CE)\n');
      return 2;
    }
    const config = loadConfig();
    const db = await prepareDatabase(config);
    try {
      const r = await sendDailyDigest(db.kysely, config, day);
      process.stdout.write(
        r.skipped
          ? `สรุปของวันที่ ${day} ส่งไปแล้ว / the digest of ${day} was already sent\n`
          : `สรุปของวันที่ ${day}: การรับรอง ${r.certifications} รายการ ${r.provinces} จังหวัด ส่ง ${r.messages} ข้อความ / ` +
              `${r.certifications} certifications, ${r.provinces} provinces, ${r.messages} messages\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};

import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { listOutbox } from '../mail/mail.service.ts';
import { prepareDatabase } from '../server.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import type { Command } from './commands.ts';

/** The newest outbox messages as text (full bodies, so links can be copied) or as JSON. */
export async function outboxReport(
  db: Kysely<Database>,
  opts: { to?: string | undefined; limit: number; json: boolean },
): Promise<string> {
  const list = await listOutbox(db, { to: opts.to, limit: opts.limit });
  if (opts.json) {
    return `${JSON.stringify(
      list.map((m) => ({
        id: m.id,
        createdAt: m.created_at,
        to: m.to_address,
        subject: m.subject,
        kind: m.kind,
        status: m.status,
        attempts: m.attempts,
        nextAttemptAt: m.next_attempt_at,
        sentAt: m.sent_at,
        error: m.error,
        text: m.body_text,
      })),
      null,
      2,
    )}\n`;
  }
  if (list.length === 0) return `ไม่มีข้อความ / no messages${opts.to ? ` to ${opts.to}` : ''}\n`;
  return list
    .map(
      (m) =>
        `${'─'.repeat(72)}\n` +
        `เวลา / time: ${formatDateTimeBE(m.created_at)}\n` +
        `ถึง / to:    ${m.to_address}\n` +
        `เรื่อง / subject: ${m.subject}\n` +
        `ประเภท / kind: ${m.kind} · สถานะ / status: ${m.status}${m.attempts ? ` · attempts ${m.attempts}` : ''}${m.error ? ` (${m.error})` : ''}\n` +
        `id: ${m.id}\n\n${m.body_text}\n`,
    )
    .join('\n');
}

export const mailOutboxCommand: Command = {
  summary: 'print the newest messages of the outbox with their full text',
  usage:
    'lao-info mail outbox [--to ADDRESS] [--limit N] [--json]\n\n' +
    'Newest first (default 10, at most 500). Every message the system sends is kept in the outbox; without\n' +
    'SMTP_URL that is the only place it goes, so a tester copies the verification or reset link from here.',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        to: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const limit = values.limit === undefined ? 10 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      process.stderr.write('--limit ต้องเป็นจำนวนเต็ม 1–500 / --limit must be a whole number from 1 to 500\n');
      return 2;
    }
    const db = await prepareDatabase(loadConfig());
    try {
      process.stdout.write(
        await outboxReport(db.kysely, { to: values.to?.trim() || undefined, limit, json: values.json }),
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};

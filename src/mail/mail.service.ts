import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';

export type Mail = { to: string; subject: string; text: string; kind: string };

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

/**
 * Every message the system sends goes through here: it is written to the outbox table first, then sent by
 * SMTP when SMTP_URL is set (otherwise it stays in the outbox, visible to the central administrator).
 */
export async function sendMail(
  db: Kysely<Database>,
  config: Config,
  mail: Mail,
): Promise<{ id: string; status: 'kept' | 'sent' | 'failed' }> {
  const id = randomUUID();
  await db
    .insertInto('mail_outbox')
    .values({
      id,
      created_at: new Date().toISOString(),
      to_address: mail.to,
      subject: mail.subject,
      body_text: mail.text,
      kind: mail.kind,
      status: 'kept',
      sent_at: null,
      error: null,
    })
    .execute();
  if (!config.smtpUrl) return { id, status: 'kept' };
  try {
    await transportFor(config.smtpUrl).sendMail({
      from: config.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
    await db
      .updateTable('mail_outbox')
      .set({ status: 'sent', sent_at: new Date().toISOString() })
      .where('id', '=', id)
      .execute();
    return { id, status: 'sent' };
  } catch (err) {
    await db
      .updateTable('mail_outbox')
      .set({ status: 'failed', error: String((err as Error).message ?? err).slice(0, 500) })
      .where('id', '=', id)
      .execute();
    return { id, status: 'failed' };
  }
}

/** The newest messages of the outbox, optionally to one address. */
export function listOutbox(db: Kysely<Database>, opts: { to?: string | undefined; limit?: number } = {}) {
  let q = db.selectFrom('mail_outbox').selectAll();
  if (opts.to) q = q.where('to_address', '=', opts.to);
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 100)
    .execute();
}

/** One message of the outbox, or undefined. */
export function getMessage(db: Kysely<Database>, id: string) {
  return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** How many messages the outbox holds in each state (kept, sent, failed): the metrics' outbox gauge. */
export async function outboxCounts(db: Kysely<Database>): Promise<{ status: string; n: number }[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

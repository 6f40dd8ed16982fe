import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { uuidv7 } from '../util/ids.ts';

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
  // Time-ordered: the outbox lists newest first, and two messages of one millisecond keep their order.
  const id = uuidv7();
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

/** The newest messages of the outbox, optionally to one address (a page of them: `offset` on from the newest). */
export function listOutbox(
  db: Kysely<Database>,
  opts: { to?: string | undefined; limit?: number; offset?: number } = {},
) {
  let q = db.selectFrom('mail_outbox').selectAll();
  if (opts.to) q = q.where('to_address', '=', opts.to);
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 100)
    .offset(opts.offset ?? 0)
    .execute();
}

/** How many messages the outbox holds (to one address). */
export async function countOutbox(db: Kysely<Database>, to?: string) {
  let q = db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n'));
  if (to) q = q.where('to_address', '=', to);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** One message of the outbox, or undefined. */
export function getMessage(db: Kysely<Database>, id: string) {
  return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

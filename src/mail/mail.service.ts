import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { type Refusal, take } from '../throttle/throttle.service.ts';
import { AppError, bi } from '../util/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { formatTime } from '../util/thai-date.ts';

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

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Mail programs make links of anything that looks like an address: outside our own links, a scheme's "://",
// a dot before a letter (a host name) and an "@" between words (a mailbox) are written the defanged way
// ("http[:]//evil[.]example"), and invisible or direction-changing characters are dropped.
const defang = (s: string) =>
  s
    .replace(/(?![\n\t])[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .replace(/([A-Za-z][A-Za-z0-9+.-]*):\/\//g, '$1[:]//')
    .replace(/(?<=[A-Za-z0-9-])[.\u3002\uff0e\uff61](?=[A-Za-z])/g, '[.]')
    .replace(/(?<=[\w.+-])@(?=[\w-])/g, '[at]');

/**
 * Plain text whose only links are this service's (BASE_URL and its paths): names and reasons people typed go
 * into mails, and must not become links a mail program would show as ours.
 */
export function plainMailText(text: string, baseUrl: string): string {
  const own = new RegExp(`${escapeRegExp(baseUrl)}(?=$|[/?#\\s])\\S*`, 'g');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(own)) {
    out += defang(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + defang(text.slice(last));
}

/** A value someone typed, as one line of at most `max` characters (it cannot start paragraphs of its own). */
export const oneLine = (s: string, max = 200) => s.replace(/\s+/g, ' ').trim().slice(0, max);

export const MAIL_WINDOW_MS = 60 * 60_000;
/** Messages of one kind (verification, reset) per recipient, and per LAO, in any hour. */
export const MAIL_PER_RECIPIENT_PER_HOUR = 3;
export const MAIL_PER_LAO_PER_HOUR = 10;

/**
 * Counts one message of a kind to a recipient (and for an LAO) against the hourly limits; returns the refusal
 * when one is reached (then nothing is counted and nothing must be sent).
 */
export function takeMailQuota(
  db: Kysely<Database>,
  m: { kind: string; to: string; laoCode: string | null },
): Promise<Refusal | null> {
  return take(db, [
    {
      scope: `mail:${m.kind}:to`,
      subject: m.to.toLowerCase(),
      max: MAIL_PER_RECIPIENT_PER_HOUR,
      windowMs: MAIL_WINDOW_MS,
    },
    ...(m.laoCode
      ? [
          {
            scope: `mail:${m.kind}:lao`,
            subject: m.laoCode,
            max: MAIL_PER_LAO_PER_HOUR,
            windowMs: MAIL_WINDOW_MS,
          },
        ]
      : []),
  ]);
}

/** The 429 of a mail limit: which one, and when to try again. */
export function mailLimitError(r: Refusal, to: string): AppError {
  const t = formatTime(r.until);
  const perLao = r.limit.scope.endsWith(':lao');
  return new AppError(
    'too_many_requests',
    perLao
      ? bi(
          `อปท. นี้ส่งอีเมลยืนยันครบ ${r.limit.max} ฉบับใน 1 ชั่วโมงแล้ว ยังไม่ได้ส่งฉบับใหม่ ลองใหม่ได้หลังเวลา ${t} น.`,
          `This LAO was sent ${r.limit.max} verification mails in the last hour; nothing was sent. Try again after ${t} (Bangkok time)`,
        )
      : bi(
          `ส่งอีเมลไปที่ ${to} ครบ ${r.limit.max} ฉบับใน 1 ชั่วโมงแล้ว ยังไม่ได้ส่งฉบับใหม่ ตรวจดูกล่องจดหมาย (รวมถึงจดหมายขยะ) หรือลองใหม่ได้หลังเวลา ${t} น.`,
          `${to} was sent ${r.limit.max} mails in the last hour; nothing was sent. Check the mailbox (and its spam folder) or try again after ${t} (Bangkok time)`,
        ),
    [],
    { retryAfter: r.retryAfter },
  );
}

/**
 * Every message the system sends goes through here: it is written to the outbox table first, then sent by
 * SMTP when SMTP_URL is set (otherwise it stays in the outbox, visible to the central administrator). Subject
 * and text are made plain first: the only links left are to BASE_URL.
 */
export async function sendMail(
  db: Kysely<Database>,
  config: Config,
  mail: Mail,
): Promise<{ id: string; status: 'kept' | 'sent' | 'failed' }> {
  // Time-ordered: the outbox lists newest first, and two messages of one millisecond keep their order.
  const id = uuidv7();
  mail = {
    ...mail,
    subject: plainMailText(mail.subject, config.baseUrl),
    text: plainMailText(mail.text, config.baseUrl),
  };
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

/** How many messages the outbox holds in each state (kept, sent, failed): the metrics' outbox gauge. */
export async function outboxCounts(db: Kysely<Database>): Promise<{ status: string; n: number }[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

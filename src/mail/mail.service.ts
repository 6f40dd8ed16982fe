import type { Kysely, Transaction } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { logActivity } from '../audit/audit.service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Actor } from '../policy/policy.ts';
import { every, holdLease, nodeName, releaseLease } from '../scheduler/scheduler.service.ts';
import { type Refusal, take } from '../throttle/throttle.service.ts';
import { AppError, bi } from '../util/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { formatTime } from '../util/thai-date.ts';
import type { OutboxStatus } from './mail.table.ts';

export type Mail = { to: string; subject: string; text: string; kind: string };

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    // Timeouts well inside the sender's claim on a message (5 minutes): a slow server fails the attempt
    // before another node could think the message abandoned.
    t = nodemailer.createTransport({
      url,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
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

type Q = Kysely<Database> | Transaction<Database>;

/**
 * Every message the system sends goes through here, inside the caller's transaction: it is written to the
 * outbox, `queued` for the sender (drainOutbox) when SMTP_URL is set, otherwise `kept` there, visible to the
 * central administrator. So a mail exists exactly when what caused it was committed. Subject and text are
 * made plain first: the only links left are to BASE_URL.
 */
export async function queueMail(
  db: Q,
  config: Config,
  mail: Mail,
  now: Date = new Date(),
): Promise<{ id: string; status: 'kept' | 'queued' }> {
  // Time-ordered: the outbox lists newest first, and two messages of one millisecond keep their order.
  const id = uuidv7();
  const status = config.smtpUrl ? ('queued' as const) : ('kept' as const);
  await db
    .insertInto('mail_outbox')
    .values({
      id,
      created_at: now.toISOString(),
      to_address: mail.to,
      subject: plainMailText(mail.subject, config.baseUrl),
      body_text: plainMailText(mail.text, config.baseUrl),
      kind: mail.kind,
      status,
      sent_at: null,
      error: null,
      attempts: 0,
      next_attempt_at: status === 'queued' ? now.toISOString() : null,
      claimed_by: null,
      claimed_until: null,
    })
    .execute();
  return { id, status };
}

/** Attempts before a message is dead (then only the centre's resend tries it again). */
export const MAX_ATTEMPTS = 8;
/** The wait after the first failed attempt; it doubles with every further one, up to RETRY_MAX_MS. */
export const RETRY_BASE_MS = 60_000;
export const RETRY_MAX_MS = 6 * 3600_000;
/** How long one node holds the sender lease and a message in hand; longer than any SMTP timeout below. */
const LEASE_MS = 5 * 60_000;
const SENDER_LEASE = 'mail-outbox-sender';
/** Messages one drain takes: a backlog drains over several polls, each short. */
const DRAIN_BATCH = 100;

/** The wait before attempt `attempts + 1` after `attempts` failed ones: 1, 2, 4, 8 … minutes, at most 6 hours. */
export const retryDelayMs = (attempts: number) =>
  Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));

export type DrainResult = {
  /** 'no_smtp' without SMTP_URL; 'other_node' while another node holds the sender lease. */
  skipped: 'no_smtp' | 'other_node' | null;
  sent: number;
  retried: number;
  dead: number;
};

/**
 * Sends the queued messages that are due: one node at a time (the sender lease in job_lease), and each message
 * claimed by a conditional update before it is sent, so no two nodes ever send the same one. A message is
 * marked sent as soon as the SMTP server accepts it; a failure counts an attempt and waits (exponential
 * back-off) or, after MAX_ATTEMPTS, leaves it dead for the centre to see and resend. A message a node had in
 * hand when it died is not sent again (it may have been delivered): it turns dead with that said.
 */
export async function drainOutbox(
  db: Kysely<Database>,
  config: Config,
  opts: { node?: string; clock?: () => Date; limit?: number } = {},
): Promise<DrainResult> {
  const result: DrainResult = { skipped: null, sent: 0, retried: 0, dead: 0 };
  if (!config.smtpUrl) return { ...result, skipped: 'no_smtp' };
  const clock = opts.clock ?? (() => new Date());
  const node = opts.node ?? nodeName();
  if (!(await holdLease(db, SENDER_LEASE, node, clock(), LEASE_MS)))
    return { ...result, skipped: 'other_node' };
  try {
    const now = clock().toISOString();
    const stale = await db
      .updateTable('mail_outbox')
      .set({
        status: 'dead',
        next_attempt_at: null,
        error:
          'ส่งค้างไว้เมื่อเครื่องที่ส่งหยุดทำงาน ไม่ทราบว่าถึงผู้รับหรือไม่ ตรวจสอบก่อนส่งใหม่ / interrupted while sending: may or may not have been delivered',
      })
      .where('status', '=', 'sending')
      .where('claimed_until', '<', now)
      .executeTakeFirst();
    result.dead += Number(stale.numUpdatedRows);
    const due = await db
      .selectFrom('mail_outbox')
      .select(['id', 'attempts'])
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(opts.limit ?? DRAIN_BATCH)
      .execute();
    for (const { id } of due) {
      const at = clock();
      if (!(await holdLease(db, SENDER_LEASE, node, at, LEASE_MS))) break;
      const claimed = await db
        .updateTable('mail_outbox')
        .set((eb) => ({
          status: 'sending',
          claimed_by: node,
          claimed_until: new Date(at.getTime() + LEASE_MS).toISOString(),
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', at.toISOString())
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      const m = await db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const mine = (q: ReturnType<typeof update>) =>
        q.where('id', '=', id).where('status', '=', 'sending').where('claimed_by', '=', node);
      const update = () => db.updateTable('mail_outbox');
      try {
        await transportFor(config.smtpUrl).sendMail({
          from: config.mailFrom,
          to: m.to_address,
          subject: m.subject,
          text: m.body_text,
        });
      } catch (err) {
        const dead = m.attempts >= MAX_ATTEMPTS;
        await mine(
          update().set({
            status: dead ? 'dead' : 'queued',
            error: String((err as Error).message ?? err).slice(0, 500),
            next_attempt_at: dead
              ? null
              : new Date(clock().getTime() + retryDelayMs(m.attempts)).toISOString(),
            claimed_by: null,
            claimed_until: null,
          }),
        ).execute();
        if (dead) result.dead++;
        else result.retried++;
        continue;
      }
      await mine(
        update().set({
          status: 'sent',
          sent_at: clock().toISOString(),
          error: null,
          next_attempt_at: null,
          claimed_by: null,
          claimed_until: null,
        }),
      ).execute();
      result.sent++;
    }
  } finally {
    await releaseLease(db, SENDER_LEASE, node);
  }
  return result;
}

/**
 * The outbox sender of a server: drains the outbox every `everyMs` (OUTBOX_POLL_MS). The returned function
 * stops it (waiting for a drain under way).
 */
export function startOutboxWorker(
  db: Kysely<Database>,
  config: Config,
  log: (msg: string, err?: unknown) => void,
  everyMs = config.outboxPollMs,
): () => Promise<void> {
  return every(
    everyMs,
    async () => {
      const r = await drainOutbox(db, config);
      if (r.sent || r.retried || r.dead) log(`outbox: ${r.sent} sent, ${r.retried} to retry, ${r.dead} dead`);
    },
    log,
    'outbox sender',
  );
}

/**
 * Puts a dead (or an old failed) message back in the queue with its attempts reset, for the central
 * administrator; logged. 409 when it is in another state or no SMTP_URL is set.
 */
export async function resendMessage(db: Kysely<Database>, config: Config, actor: Actor, id: string) {
  if (!config.smtpUrl)
    throw new AppError(
      'conflict',
      bi(
        'ยังไม่ได้ตั้ง SMTP_URL ข้อความจึงส่งไม่ได้ ตั้งค่า SMTP_URL ก่อนแล้วลองใหม่',
        'SMTP_URL is not set, so nothing can be sent; set it first and try again',
      ),
    );
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const r = await trx
      .updateTable('mail_outbox')
      .set({ status: 'queued', attempts: 0, next_attempt_at: now, claimed_by: null, claimed_until: null })
      .where('id', '=', id)
      .where('status', 'in', ['dead', 'failed'])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1)
      throw new AppError(
        'conflict',
        bi(
          'ส่งใหม่ได้เฉพาะข้อความที่ส่งไม่สำเร็จจนหยุดลองแล้ว ข้อความนี้ไม่อยู่ในสถานะนั้น เปิดหน้าใหม่เพื่อดูสถานะล่าสุด',
          'Only a message the sender gave up on can be resent; this one is not in that state (reload to see it)',
        ),
      );
    const m = await trx
      .selectFrom('mail_outbox')
      .select(['to_address', 'kind'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await logActivity(trx, {
      actor,
      action: 'mail.resend',
      target: m.to_address,
      detail: { id, kind: m.kind },
    });
  });
}

/** The newest messages of the outbox, optionally to one address (a page of them: `offset` on from the newest). */
export function listOutbox(
  db: Kysely<Database>,
  opts: {
    to?: string | undefined;
    status?: OutboxStatus | 'failed' | undefined;
    limit?: number;
    offset?: number;
  } = {},
) {
  let q = db.selectFrom('mail_outbox').selectAll();
  if (opts.to) q = q.where('to_address', '=', opts.to);
  if (opts.status) q = q.where('status', '=', opts.status);
  return q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 100)
    .offset(opts.offset ?? 0)
    .execute();
}

/** How many messages the outbox holds (to one address, in one state). */
export async function countOutbox(db: Kysely<Database>, to?: string, status?: OutboxStatus | 'failed') {
  let q = db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n'));
  if (to) q = q.where('to_address', '=', to);
  if (status) q = q.where('status', '=', status);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** One message of the outbox, or undefined. */
export function getMessage(db: Kysely<Database>, id: string) {
  return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/** How many messages the outbox holds in each state (kept, queued, sending, sent, dead): the metrics' outbox gauge. */
export async function outboxCounts(db: Kysely<Database>): Promise<{ status: string; n: number }[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
}

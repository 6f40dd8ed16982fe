import assert from 'node:assert/strict';
import net from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { browserSession, createRoleMatrixUsers } from '../../test/factories.ts';
import { dialects, seededDb, testConfig } from '../../test/harness.ts';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { type Db, openDb } from '../db/connection.ts';
import { drainOutbox, MAX_ATTEMPTS, queueMail, retryDelayMs } from './mail.service.ts';

/** A free local port: nothing listens there until the test starts its SMTP server on it ("the server is down"). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A real SMTP server (smtp-server) on the port, recording every message it accepts by its recipient. */
async function startSmtp(port: number) {
  const received: { to: string; subject: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => {
        raw += c;
      });
      stream.on('end', () => {
        const subject = /^Subject: (.*)$/m.exec(raw)?.[1] ?? '';
        for (const r of session.envelope.rcptTo) received.push({ to: r.address, subject });
        done();
      });
    },
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    received,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const port = await freePort();

for (const dialect of dialects()) {
  describe(`[${dialect}] the outbox sender with a real SMTP server`, () => {
    let db: Db;
    let db2: Db;
    let config: Config;
    let app: FastifyInstance;
    let drop: () => Promise<void>;
    let smtp: Awaited<ReturnType<typeof startSmtp>> | null = null;

    before(async () => {
      const fresh = await seededDb(dialect);
      db = fresh.db;
      drop = fresh.drop;
      // A second connection pool on the same PostgreSQL database: a second app node. (Two SQLite writers in
      // one process would wait for each other synchronously; two SQLite processes are in reminders.test.ts.)
      db2 = dialect === 'postgres' ? openDb(fresh.target) : db;
      config = testConfig(fresh.target, { SMTP_URL: `smtp://127.0.0.1:${port}` });
      app = await buildApp({ config, db }, { logger: false });
      await createRoleMatrixUsers(db.kysely);
    });
    afterEach(async () => {
      await smtp?.stop();
      smtp = null;
      await db.kysely.deleteFrom('mail_outbox').execute();
      await db.kysely.deleteFrom('job_lease').execute();
    });
    after(async () => {
      await app.close();
      if (db2 !== db) await db2.close();
      await db.close();
      await drop();
    });

    const queue = (n: number, prefix: string) =>
      db.kysely.transaction().execute(async (trx) => {
        for (let i = 0; i < n; i++)
          await queueMail(trx, config, {
            to: `${prefix}${i}@test.example`,
            kind: 'password_reset',
            subject: `ข้อความ ${prefix}${i}`,
            text: 'ทดสอบ',
          });
      });
    const rows = () => db.kysely.selectFrom('mail_outbox').selectAll().orderBy('to_address').execute();

    it('queues a mail only when its transaction commits', async () => {
      await assert.rejects(
        db.kysely.transaction().execute(async (trx) => {
          await queueMail(trx, config, {
            to: 'x@test.example',
            kind: 'password_reset',
            subject: 's',
            text: 't',
          });
          throw new Error('rolled back');
        }),
      );
      assert.equal((await rows()).length, 0);
      await queue(1, 'committed');
      const [m] = await rows();
      assert.equal(m!.status, 'queued');
      assert.equal(m!.attempts, 0);
    });

    it('keeps mail queued with back-off while the server is down, then delivers each once when it is back', async () => {
      await queue(3, 'down');
      const t0 = Date.now();
      const first = await drainOutbox(db.kysely, config, { clock: () => new Date(t0) });
      assert.deepEqual(first, { skipped: null, sent: 0, retried: 3, dead: 0 });
      for (const m of await rows()) {
        assert.equal(m.status, 'queued');
        assert.equal(m.attempts, 1);
        assert.match(m.error ?? '', /ECONNREFUSED|connect/i);
        assert.equal(m.next_attempt_at, new Date(t0 + retryDelayMs(1)).toISOString());
      }
      // Before the back-off is over nothing is tried again.
      const early = await drainOutbox(db.kysely, config, { clock: () => new Date(t0 + 30_000) });
      assert.deepEqual(early, { skipped: null, sent: 0, retried: 0, dead: 0 });
      // Still down after the first wait: the second wait is twice as long.
      const t1 = t0 + retryDelayMs(1);
      await drainOutbox(db.kysely, config, { clock: () => new Date(t1) });
      for (const m of await rows()) {
        assert.equal(m.attempts, 2);
        assert.equal(m.next_attempt_at, new Date(t1 + retryDelayMs(2)).toISOString());
      }
      assert.equal(retryDelayMs(2), 2 * retryDelayMs(1));

      smtp = await startSmtp(port);
      const t2 = t1 + retryDelayMs(2);
      const back = await drainOutbox(db.kysely, config, { clock: () => new Date(t2) });
      assert.deepEqual(back, { skipped: null, sent: 3, retried: 0, dead: 0 });
      const again = await drainOutbox(db.kysely, config, { clock: () => new Date(t2 + 3600_000) });
      assert.equal(again.sent, 0);
      assert.deepEqual(smtp.received.map((r) => r.to).sort(), [
        'down0@test.example',
        'down1@test.example',
        'down2@test.example',
      ]);
      for (const m of await rows()) {
        assert.equal(m.status, 'sent');
        assert.equal(m.attempts, 3);
        assert.ok(m.sent_at);
        assert.equal(m.next_attempt_at, null);
      }
    });

    it('delivers every message exactly once when two nodes drain the same database at once', async () => {
      await queue(12, 'race');
      smtp = await startSmtp(port);
      const runs = await Promise.all([
        drainOutbox(db.kysely, config, { node: 'node-a' }),
        drainOutbox(db2.kysely, config, { node: 'node-b' }),
        drainOutbox(db2.kysely, config, { node: 'node-c' }),
      ]);
      // Whichever node drains, and however the drains interleave: 12 messages, 12 deliveries.
      const more = await drainOutbox(db2.kysely, config, { node: 'node-b' });
      assert.equal(runs.reduce((n, r) => n + r.sent, 0) + more.sent, 12);
      assert.equal(smtp.received.length, 12);
      assert.equal(new Set(smtp.received.map((r) => r.to)).size, 12);
      assert.ok((await rows()).every((m) => m.status === 'sent' && m.attempts === 1));
    });

    it('takes over from a node that died: its lease lapses, and a message it had in hand is not sent again', async () => {
      await queue(2, 'orphan');
      const [inHand] = await rows();
      const past = new Date(Date.now() - 60_000).toISOString();
      await db.kysely
        .updateTable('mail_outbox')
        .set({ status: 'sending', attempts: 1, claimed_by: 'dead-node', claimed_until: past })
        .where('id', '=', inHand!.id)
        .execute();
      await db.kysely
        .insertInto('job_lease')
        .values({ name: 'mail-outbox-sender', owner: 'dead-node', until: past })
        .execute();
      smtp = await startSmtp(port);
      const r = await drainOutbox(db2.kysely, config, { node: 'node-b' });
      assert.deepEqual(r, { skipped: null, sent: 1, retried: 0, dead: 1 });
      assert.deepEqual(
        smtp.received.map((x) => x.to),
        ['orphan1@test.example'],
      );
      const orphan = (await rows()).find((m) => m.id === inHand!.id)!;
      assert.equal(orphan.status, 'dead');
      assert.match(orphan.error ?? '', /ไม่ทราบว่าถึงผู้รับหรือไม่/);
    });

    it('skips while another live node holds the sender lease', async () => {
      await queue(1, 'held');
      const until = new Date(Date.now() + 60_000).toISOString();
      await db.kysely
        .insertInto('job_lease')
        .values({ name: 'mail-outbox-sender', owner: 'node-x', until })
        .execute();
      try {
        const r = await drainOutbox(db.kysely, config, { node: 'node-a' });
        assert.equal(r.skipped, 'other_node');
        assert.equal((await rows())[0]!.status, 'queued');
      } finally {
        await db.kysely.deleteFrom('job_lease').execute();
      }
    });

    it('gives up after the last attempt (dead, shown to the centre) and sends once more when the centre resends it', async () => {
      await queue(1, 'dead');
      let now = Date.now();
      for (let i = 1; i <= MAX_ATTEMPTS; i++) {
        await drainOutbox(db.kysely, config, { clock: () => new Date(now) });
        now += retryDelayMs(i);
      }
      const [m] = await rows();
      assert.equal(m!.status, 'dead');
      assert.equal(m!.attempts, MAX_ATTEMPTS);
      assert.equal(m!.next_attempt_at, null);

      const s = await browserSession(app, 't.admin');
      const list = await app.inject({ url: '/admin/outbox', cookies: s.cookies });
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /มี 1 ข้อความที่ส่งไม่สำเร็จจนหยุดลองแล้ว/);
      assert.match(list.body, new RegExp(`ส่งไม่สำเร็จ หยุดลองแล้ว · พยายามแล้ว ${MAX_ATTEMPTS} ครั้ง`));
      const deadOnly = await app.inject({ url: '/admin/outbox?status=dead', cookies: s.cookies });
      assert.match(deadOnly.body, /dead0@test.example/);
      const bad = await app.inject({ url: '/admin/outbox?status=lost', cookies: s.cookies });
      assert.equal(bad.statusCode, 400);
      const page = await app.inject({ url: `/admin/outbox/${m!.id}`, cookies: s.cookies });
      assert.match(page.body, new RegExp(`action="/admin/outbox/${m!.id}/resend"`));

      const forged = await app.inject({
        method: 'POST',
        url: `/admin/outbox/${m!.id}/resend`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: '_csrf=guessed',
      });
      assert.equal(forged.statusCode, 403);
      const staff = await browserSession(app, 't.own.staff');
      const notCentre = await app.inject({
        method: 'POST',
        url: `/admin/outbox/${m!.id}/resend`,
        cookies: staff.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${staff.csrf}`,
      });
      assert.equal(notCentre.statusCode, 403);
      const resend = await app.inject({
        method: 'POST',
        url: `/admin/outbox/${m!.id}/resend`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${s.csrf}`,
      });
      assert.equal(resend.statusCode, 303);
      const queued = (await rows())[0]!;
      assert.equal(queued.status, 'queued');
      assert.equal(queued.attempts, 0);
      const logged = await db.kysely
        .selectFrom('activity_log')
        .selectAll()
        .where('action', '=', 'mail.resend')
        .execute();
      assert.equal(logged.length, 1);
      assert.equal(logged[0]!.actor_username, 't.admin');
      const twice = await app.inject({
        method: 'POST',
        url: `/admin/outbox/${m!.id}/resend`,
        cookies: s.cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${s.csrf}`,
      });
      assert.equal(twice.statusCode, 409, 'a queued message is not resent again');

      smtp = await startSmtp(port);
      assert.equal((await drainOutbox(db.kysely, config)).sent, 1);
      assert.deepEqual(
        smtp.received.map((r) => r.to),
        ['dead0@test.example'],
      );
    });
  });
}

import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../app.ts';
import { outboxCounts } from '../mail/mail.service.ts';
import { httpDuration, httpRequests, metricsText } from '../metrics/metrics.ts';
import { AppError, bi } from '../util/errors.ts';

const loopback = (ip: string) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';

/** Whether the scraper may read the metrics: the METRICS_TOKEN as a bearer token, or, without one, loopback. */
function mayScrape(req: FastifyRequest, token: string | null): boolean {
  if (!token) return loopback(req.ip);
  const given = Buffer.from(String(req.headers.authorization ?? ''));
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Counts every answer by route and times it; serves GET /metrics in Prometheus's text format. */
export const metricsPlugin = fp(async (app: FastifyInstance, { config, db }: AppDeps) => {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', async (req, reply) => {
    if (!mayScrape(req, config.metricsToken))
      throw new AppError(
        'forbidden',
        bi(
          'ข้อมูลการทำงานของระบบเปิดให้เฉพาะเครื่องนี้ หรือผู้ที่มี METRICS_TOKEN',
          'Metrics are open to this machine only, or to a holder of METRICS_TOKEN',
        ),
      );
    const outbox = await outboxCounts(db.kysely);
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(
      metricsText([
        {
          name: 'mail_outbox_messages',
          help: 'Messages in the outbox by state (kept: no SMTP_URL; queued: waiting or retrying; dead: no more attempts, to resend)',
          values: outbox.map((o) => ({ labels: { status: o.status }, value: o.n })),
        },
      ]),
    );
  });
});

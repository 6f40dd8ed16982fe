import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { requireActor } from '../plugins/session.ts';
import { can } from '../policy/policy.ts';
import { AppError, bi } from '../util/errors.ts';
import { msg, parseOrThrow, qInt } from '../util/validation.ts';
import { getMessage, listOutbox } from './mail.service.ts';
import { MessagePage, OutboxPage } from './mail.views.tsx';

const outboxQuery = z.object({
  to: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(254).optional()),
  limit: qInt('limit', 1, 500),
});

function requireCentre(req: FastifyRequest) {
  const actor = requireActor(req);
  if (!can(actor, 'system.admin')) {
    throw new AppError(
      'forbidden',
      bi('กล่องจดหมายขาออกเปิดได้เฉพาะผู้ดูแลระบบส่วนกลาง', 'Only central administrators can open the outbox'),
    );
  }
  return actor;
}

/** The outbox: every message the system sent or kept, for the central administrator. */
export async function mailRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;

  app.get('/admin/outbox', async (req, reply) => {
    requireCentre(req);
    const q = parseOrThrow(outboxQuery, {
      to: (req.query as { to?: unknown }).to,
      limit: (req.query as { limit?: unknown }).limit,
    });
    const limit = q.limit ?? 100;
    const messages = await listOutbox(k, { to: q.to, limit });
    return reply.page(<OutboxPage ctx={req.pageCtx()} messages={messages} to={q.to ?? ''} limit={limit} />);
  });

  app.get('/admin/outbox/:id', async (req, reply) => {
    requireCentre(req);
    const { id } = parseOrThrow(
      z.object({ id: z.string().uuid(msg('รหัสข้อความไม่ถูกต้อง', 'Not a message id')) }),
      req.params,
    );
    const m = await getMessage(k, id);
    if (!m) throw new AppError('not_found', bi('ไม่พบข้อความนี้ในกล่องขาออก', 'No such message in the outbox'));
    return reply.page(<MessagePage ctx={req.pageCtx()} m={m} />);
  });
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { requireActor } from '../plugins/session.ts';
import { can } from '../policy/policy.ts';
import { AppError, bi } from '../util/errors.ts';
import { paging, pagingQuery } from '../util/paging.ts';
import { msg, parseOrThrow } from '../util/validation.ts';
import { countOutbox, getMessage, listOutbox, resendMessage } from './mail.service.ts';
import { MessagePage, OUTBOX_STATES, OutboxPage } from './mail.views.tsx';

const outboxQuery = z.object({
  to: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(254).optional()),
  status: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(OUTBOX_STATES, msg('เลือกสถานะจากรายการ', 'Choose a status from the list')).optional(),
  ),
  ...pagingQuery,
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
const idParams = z.object({ id: z.string().uuid(msg('รหัสข้อความไม่ถูกต้อง', 'Not a message id')) });
const notFound = () =>
  new AppError('not_found', bi('ไม่พบข้อความนี้ในกล่องขาออก', 'No such message in the outbox'));

export async function mailRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const k = db.kysely;

  app.get('/admin/outbox', async (req, reply) => {
    requireCentre(req);
    const raw = req.query as Record<string, unknown>;
    const q = parseOrThrow(outboxQuery, {
      to: raw.to,
      status: raw.status,
      page: raw.page,
      pageSize: raw.pageSize,
    });
    const p = paging(q, 50);
    const [messages, total, dead] = await Promise.all([
      listOutbox(k, { to: q.to, status: q.status, limit: p.pageSize, offset: p.offset }),
      countOutbox(k, q.to, q.status),
      countOutbox(k, undefined, 'dead'),
    ]);
    return reply.page(
      <OutboxPage
        ctx={req.pageCtx()}
        messages={messages}
        to={q.to ?? ''}
        status={q.status ?? ''}
        dead={dead}
        paging={p}
        total={total}
      />,
    );
  });

  app.get('/admin/outbox/:id', async (req, reply) => {
    requireCentre(req);
    const { id } = parseOrThrow(idParams, req.params);
    const m = await getMessage(k, id);
    if (!m) throw notFound();
    return reply.page(<MessagePage ctx={req.pageCtx()} m={m} canResend={Boolean(config.smtpUrl)} />);
  });

  // A dead letter back into the queue (the sender tries it again at its next poll); logged.
  app.post('/admin/outbox/:id/resend', async (req, reply) => {
    const actor = requireCentre(req);
    const { id } = parseOrThrow(idParams, req.params);
    if (!(await getMessage(k, id))) throw notFound();
    await resendMessage(k, config, actor, id);
    return reply.redirect(`/admin/outbox/${id}`, 303);
  });
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { requireActor } from '../plugins/session.ts';
import { paging, pagingQuery } from '../util/paging.ts';
import { parseOrThrow } from '../util/validation.ts';
import { listReminders } from './reminders.service.ts';
import { RemindersPage } from './reminders.views.tsx';

/** What reminders were sent and when: the LAO administrator's LAO, the province officer's province, the centre all. */
export async function remindersRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.get('/reminders', async (req, reply) => {
    const actor = requireActor(req);
    const q = parseOrThrow(z.object({ ...pagingQuery }), req.query);
    const p = paging(q, 50);
    const r = await listReminders(db.kysely, actor, { limit: p.pageSize, offset: p.offset });
    return reply.page(<RemindersPage ctx={req.pageCtx()} items={r.items} total={r.total} paging={p} />);
  });
}

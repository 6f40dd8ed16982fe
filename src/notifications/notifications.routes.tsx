import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { requireActor } from '../plugins/session.ts';
import { api } from '../system/api-doc.ts';
import { pageOf, paging, pagingOnly } from '../util/paging.ts';
import { msg, parseOrThrow } from '../util/validation.ts';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  unreadCount,
} from './notifications.service.ts';
import { NotificationsPage } from './notifications.views.tsx';

const idParam = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/, msg('id ต้องเป็นรหัสการแจ้งเตือน', 'id must be a notification id')),
});

/**
 * The bell: on every page of a signed-in user (not the API, not static files), the count of their unread
 * notifications, read through the (user_id, read_at) index. Registered after the session plugin.
 */
export const notificationsBellPlugin = fp(async (app: FastifyInstance, { db }: AppDeps) => {
  app.addHook('preHandler', async (req) => {
    if (!req.pageUser || !req.actor || req.url.startsWith('/api/') || req.url.startsWith('/assets/')) return;
    req.pageUser.unread = await unreadCount(db.kysely, req.actor.id);
  });
});

/** The in-app notifications (การแจ้งเตือน): a page and a JSON API, each person only their own. */
export async function notificationsRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;

  app.get(
    '/api/v1/notifications',
    api({
      id: 'listNotifications',
      tag: 'notifications',
      paged: true,
      summary:
        'Your own notifications, newest first: { items: [{ id, at, kind, text, href, laoCode, year, aspectNo, read, readAt }], unread, total, page, pageSize, next }',
      description:
        'kind: certification.returned, certification.lao_certified, certification.province_certified or reminder. Only the caller’s own notifications.',
      query: pagingOnly,
    }),
    async (req) => {
      const actor = requireActor(req);
      const p = paging(parseOrThrow(pagingOnly, req.query), 20);
      const r = await listNotifications(k, actor.id, p, req.lang);
      return { ...pageOf(req.url, p, r.items, r.total), unread: r.unread };
    },
  );

  app.post(
    '/api/v1/notifications/:id/read',
    api({
      id: 'readNotification',
      tag: 'notifications',
      summary: 'Marks one of your notifications read: { unread } (how many are still unread)',
      description: 'Another person’s notification id is as unknown as a made-up one (404).',
      params: idParam,
      status: 200,
      answer: 'read',
    }),
    async (req) => {
      const actor = requireActor(req);
      const { id } = parseOrThrow(idParam, req.params);
      await markNotificationRead(k, actor.id, id);
      return { unread: await unreadCount(k, actor.id) };
    },
  );

  app.post(
    '/api/v1/notifications/read-all',
    api({
      id: 'readAllNotifications',
      tag: 'notifications',
      summary: 'Marks all your notifications read: { marked, unread: 0 }',
      status: 200,
      answer: 'read',
    }),
    async (req) => {
      const actor = requireActor(req);
      return { marked: await markAllNotificationsRead(k, actor.id), unread: 0 };
    },
  );

  app.get('/notifications', async (req, reply) => {
    const actor = requireActor(req);
    const p = paging(parseOrThrow(pagingOnly, req.query), 20);
    const r = await listNotifications(k, actor.id, p, req.lang);
    return reply.page(
      <NotificationsPage
        ctx={req.pageCtx()}
        items={r.items}
        total={r.total}
        unread={r.unread}
        page={p.page}
        pageSize={p.pageSize}
      />,
    );
  });

  app.post('/notifications/:id/read', async (req, reply) => {
    const actor = requireActor(req);
    const { id } = parseOrThrow(idParam, req.params);
    await markNotificationRead(k, actor.id, id);
    return reply.redirect('/notifications', 303);
  });

  app.post('/notifications/read-all', async (req, reply) => {
    const actor = requireActor(req);
    await markAllNotificationsRead(k, actor.id);
    return reply.redirect('/notifications', 303);
  });
}

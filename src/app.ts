import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { activitiesRoutes } from './activities/activities.routes.tsx';
import { aggregatesRoutes } from './aggregates/aggregates.routes.ts';
import { reportsRoutes } from './aggregates/reports.routes.tsx';
import { assignmentsRoutes } from './assignments/assignments.routes.tsx';
import { auditRoutes } from './audit/audit.routes.tsx';
import { catalogRoutes } from './catalog/catalog.routes.tsx';
import { certificationRoutes } from './certification/certification.routes.tsx';
import type { Config } from './config.ts';
import { contactRoutes } from './contact/contact.routes.tsx';
import { dashboardsRoutes } from './dashboards/dashboards.routes.tsx';
import type { Db } from './db/connection.ts';
import { divisionsRoutes } from './divisions/divisions.routes.tsx';
import { exportsRoutes } from './exports/exports.routes.ts';
import { opendataRoutes } from './exports/opendata.routes.tsx';
import { filesRoutes } from './files/files.routes.tsx';
import { importsRoutes } from './imports/imports.routes.tsx';
import { mailRoutes } from './mail/mail.routes.tsx';
import { notificationsBellPlugin, notificationsRoutes } from './notifications/notifications.routes.tsx';
import { assetsPlugin } from './plugins/assets.ts';
import { errorsPlugin } from './plugins/errors.tsx';
import { i18nPlugin } from './plugins/i18n.ts';
import { inputPlugin } from './plugins/input.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { AppLogController, reqSerializer } from './plugins/request-log.ts';
import { clientErrorAnswer, frameworkErrorAnswer, setSecurityHeaders } from './plugins/security-headers.ts';
import { sessionPlugin } from './plugins/session.ts';
import { viewsPlugin } from './plugins/views.ts';
import { qualityRoutes } from './quality/quality.routes.tsx';
import { recordsPageRoutes } from './records/records.pages.tsx';
import { recordsApiRoutes } from './records/records.routes.tsx';
import { registryRoutes } from './registry/registry.routes.tsx';
import { remindersRoutes } from './reminders/reminders.routes.tsx';
import { scoringRoutes } from './scoring/scoring.routes.tsx';
import { statusRoutes } from './status/status.routes.tsx';
import { apiDocPlugin } from './system/api-doc.ts';
import { systemRoutes } from './system/system.routes.tsx';
import { usersRoutes } from './users/users.routes.tsx';

function trustProxyOption(t: Config['trustProxy']) {
  if (typeof t === 'number') return (_addr: string, hop: number) => hop < t;
  return t === false ? false : [...t];
}

/** What every domain's routes receive. */
export type AppDeps = { config: Config; db: Db };

/** Builds the Fastify app with every plugin and domain registered; never listens. */
export async function buildApp(
  deps: AppDeps,
  opts: { logger?: boolean; logStream?: { write(line: string): void } } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: deps.config.logLevel,
            serializers: { req: reqSerializer },
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    logController: new AppLogController(),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    bodyLimit: 2 * 1024 * 1024,
    // Only the configured proxies may say who the client is (req.ip) and whether it came over HTTPS. Fastify
    // refuses a bare hop count (it trusts nothing then), so a count is the nearest n hops as a function.
    trustProxy: trustProxyOption(deps.config.trustProxy),
    // Fastify's own early errors (a URL that cannot be decoded, a request the parser cannot read) never reach
    // the route hooks: they get the same headers from these.
    frameworkErrors: frameworkErrorAnswer,
    clientErrorHandler: clientErrorAnswer,
  });
  app.addHook('onSend', async (req, reply) => setSecurityHeaders(req, reply));

  // Cross-cutting plugins, then every domain in one list.
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(i18nPlugin);
  await app.register(viewsPlugin);
  await app.register(errorsPlugin);
  await app.register(inputPlugin);
  await app.register(assetsPlugin);
  await app.register(metricsPlugin, deps);
  await app.register(sessionPlugin, deps);
  await app.register(notificationsBellPlugin, deps);
  await app.register(apiDocPlugin);

  const domains = [
    systemRoutes,
    usersRoutes,
    registryRoutes,
    catalogRoutes,
    recordsApiRoutes,
    recordsPageRoutes,
    importsRoutes,
    contactRoutes,
    certificationRoutes,
    qualityRoutes,
    statusRoutes,
    dashboardsRoutes,
    mailRoutes,
    remindersRoutes,
    auditRoutes,
    notificationsRoutes,
    divisionsRoutes,
    assignmentsRoutes,
    aggregatesRoutes,
    reportsRoutes,
    exportsRoutes,
    opendataRoutes,
    scoringRoutes,
    filesRoutes,
    activitiesRoutes,
  ];
  for (const routes of domains) await app.register(routes, deps);
  return app;
}

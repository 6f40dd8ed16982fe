import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import type { Database } from '../db/database.ts';
import { translator } from '../plugins/i18n.ts';
import { requireActor } from '../plugins/session.ts';
import { type Actor, can } from '../policy/policy.ts';
import { laoScope } from '../policy/scope.ts';
import { listProvinces, requireKnownArea } from '../registry/registry.service.ts';
import { api } from '../system/api-doc.ts';
import { AppError, bi } from '../util/errors.ts';
import { pageOf, paging, pagingQuery } from '../util/paging.ts';
import { msg, parseOrThrow, qCode } from '../util/validation.ts';
import { viewErrors } from '../views/forms.ts';
import { menuLinks } from '../views/layout.tsx';
import type { ActivityFilter } from './audit.repository.ts';
import { listActivity } from './audit.service.ts';
import { ActivityPage, actionLabel } from './audit.views.tsx';

const activityQuery = z.object({
  lao: qCode('lao', 7),
  province: qCode('province', 2),
  action: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(
        /^[a-z][a-z_.]{0,63}$/,
        msg(
          'action ต้องเป็นชื่อกิจกรรมหรือส่วนต้น เช่น contact. หรือ auth.login',
          'action is an action or its prefix, e.g. contact. or auth.login',
        ),
      )
      .optional(),
  ),
  ...pagingQuery,
});
type ActivityQuery = z.output<typeof activityQuery>;

const outOfScope = () =>
  new AppError('forbidden', bi('คุณดูกิจกรรมนอกขอบเขตของคุณไม่ได้', 'You may not see activity outside your scope'));

/**
 * The part of the activity log an actor may read, narrowed by what they asked for: the centre sees all; a
 * province officer their province; an LAO's administrator and certifier their LAO; everyone else (staff,
 * district officers) only their own actions. Asking for something outside that is a 403.
 */
export async function activityFilterFor(
  db: Kysely<Database>,
  actor: Actor,
  q: Pick<ActivityQuery, 'lao' | 'province' | 'action'>,
): Promise<ActivityFilter> {
  await requireKnownArea(db, { province: q.province });
  const scope = q.lao ? await laoScope(db, q.lao) : null;
  if (q.lao && !scope)
    throw new AppError('unprocessable', bi(`ไม่พบ อปท. รหัส ${q.lao}`, `No LAO with code ${q.lao}`), [
      {
        field: 'lao',
        code: 'unknown_lao',
        message: bi(
          `ไม่พบ อปท. รหัส ${q.lao} — ตรวจสอบรหัส 7 หลักในทะเบียน อปท.`,
          `No LAO with code ${q.lao}; check the 7-digit code in the registry`,
        ),
      },
    ]);
  const asked = { laoCode: q.lao, provinceCode: q.province, action: q.action };
  if (can(actor, 'system.admin')) return asked;
  switch (actor.role) {
    case 'province_officer':
      if (q.province && !can(actor, 'province.view', { provinceCode: q.province })) throw outOfScope();
      if (scope && !can(actor, 'lao.view', scope)) throw outOfScope();
      return { ...asked, provinceCode: actor.provinceCode ?? '-' };
    case 'lao_admin':
    case 'lao_certifier':
      if (scope && !can(actor, 'lao.view', scope)) throw outOfScope();
      if (q.province && q.province !== actor.provinceCode) throw outOfScope();
      return { laoCode: actor.laoCode ?? '-', action: q.action };
    default:
      return { ...asked, actorId: actor.id };
  }
}

function scopeNote(req: FastifyRequest, actor: Actor) {
  const t = translator(req.lang);
  if (can(actor, 'system.admin')) return t('แสดงกิจกรรมทั้งหมดในระบบ', 'Showing all activity in the system');
  if (actor.role === 'province_officer')
    return t(
      `แสดงกิจกรรมของจังหวัดรหัส ${actor.provinceCode}`,
      `Showing the activity of province ${actor.provinceCode}`,
    );
  if (actor.role === 'lao_admin' || actor.role === 'lao_certifier')
    return t(`แสดงกิจกรรมของ อปท. รหัส ${actor.laoCode}`, `Showing the activity of LAO ${actor.laoCode}`);
  return t('แสดงเฉพาะกิจกรรมของคุณเอง', 'Showing only your own activity');
}

/** The activity log (กิจกรรม): JSON API and page, scoped by the policy. */
export async function auditRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;
  menuLinks.activity = '/activity';

  app.get(
    '/api/v1/activity',
    api({
      id: 'listActivity',
      tag: 'activity',
      paged: true,
      summary:
        'The activity log, newest first: { items: [{ id, at, actorUsername, actorRole, action, actionLabel, laoCode, provinceCode, target, detail, ip }], total, page, pageSize, next }',
      description:
        'Scoped by the caller: the centre sees all; a province officer their province; an LAO administrator or certifier their LAO; anyone else only their own actions. A filter outside that scope is a 403.',
      query: activityQuery,
      notes: {
        lao: '7-digit LAO code',
        province: '2-digit province code',
        action: 'an action (contact.verified) or its prefix (contact.)',
      },
      refusals: { 422: 'A province or LAO the registry does not have, named in the problem' },
    }),
    async (req) => {
      const actor = requireActor(req);
      const q = parseOrThrow(activityQuery, req.query);
      const p = paging(q, 20);
      const r = await listActivity(k, await activityFilterFor(k, actor, q), p.page, p.pageSize);
      const items = r.items.map((x) => ({ ...x, actionLabel: actionLabel(x.action, req.lang) }));
      return pageOf(req.url, p, items, r.total);
    },
  );

  app.get('/activity', async (req, reply) => {
    const actor = requireActor(req);
    const central = can(actor, 'system.admin');
    const provinces = central ? await listProvinces(k) : null;
    const showLaoFilter = central || actor.role === 'province_officer';
    const raw = req.query as Record<string, unknown>;
    const parsed = activityQuery.safeParse(raw);
    const render = (
      status: number,
      p: {
        items: Parameters<typeof ActivityPage>[0]['items'];
        total: number;
        page: number;
        pageSize: number;
      },
      errors = [] as ReturnType<typeof viewErrors>,
    ) =>
      reply.page(
        <ActivityPage
          ctx={req.pageCtx()}
          {...p}
          query={{ lao: str(raw.lao), province: str(raw.province), action: str(raw.action) }}
          scopeNote={scopeNote(req, actor)}
          provinces={provinces}
          showLaoFilter={showLaoFilter}
          errors={errors}
        />,
        status,
      );
    if (!parsed.success)
      return render(400, { items: [], total: 0, page: 1, pageSize: 20 }, viewErrors(parsed.error, req.lang));
    const q = parsed.data;
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const r = await listActivity(k, await activityFilterFor(k, actor, q), page, pageSize);
    return render(200, { items: r.items, total: r.total, page, pageSize });
  });
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { beToIso } from '../assignments/due-dates.ts';
import type { Database } from '../db/database.ts';
import { translator } from '../plugins/i18n.ts';
import { requireActor } from '../plugins/session.ts';
import { type Actor, can, isRole, roleName } from '../policy/policy.ts';
import { laoScope } from '../policy/scope.ts';
import { listProvinces, requireKnownArea } from '../registry/registry.service.ts';
import { api } from '../system/api-doc.ts';
import { csvLine } from '../util/csv.ts';
import { AppError, bi } from '../util/errors.ts';
import { pageOf, paging, pagingQuery } from '../util/paging.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { msg, parseOrThrow, qCode, qInt } from '../util/validation.ts';
import { viewErrors } from '../views/forms.ts';
import { menuLinks } from '../views/layout.tsx';
import { actionsOfGroup, type KindGroup, kindGroups, knownActions } from './audit.kinds.ts';
import type { ActivityFilter } from './audit.repository.ts';
import {
  activityForExport,
  type DescribedActivity,
  describeActivity,
  listActivity,
} from './audit.service.ts';
import { ActivityPage } from './audit.views.tsx';

const beDate = (name: string) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .max(20)
      .refine(
        (v) => beToIso(v) !== null,
        msg(
          `${name === 'from' ? 'วันที่เริ่ม' : 'วันที่สิ้นสุด'}ต้องเป็นวันที่จริงแบบ วว/ดด/ปปปป พ.ศ. เช่น 15/05/2569`,
          `${name} must be a real date typed dd/mm/yyyy in the Buddhist era, e.g. 15/05/2569`,
        ),
      )
      .optional(),
  );

const activityQuery = z
  .object({
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
    who: z.preprocess(
      (v) => (v === '' ? undefined : typeof v === 'string' ? v.trim() : v),
      z
        .string()
        .regex(
          /^[\w.@-]{1,64}$/,
          msg(
            'ชื่อผู้ใช้ต้องเป็นตัวอักษรอังกฤษ ตัวเลข . _ - หรือ @ ไม่เกิน 64 ตัว',
            'who is a username of up to 64 letters, digits, . _ - or @',
          ),
        )
        .optional(),
    ),
    aspect: qInt('aspect', 1, 9),
    from: beDate('from'),
    to: beDate('to'),
    ...pagingQuery,
  })
  .superRefine((q, ctx) => {
    const f = q.from ? beToIso(q.from) : null;
    const t = q.to ? beToIso(q.to) : null;
    if (f && t && f > t)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: msg('วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่ม', 'to must not be before from'),
      });
  });
type ActivityQuery = z.output<typeof activityQuery>;

const outOfScope = () =>
  new AppError('forbidden', bi('คุณดูกิจกรรมนอกขอบเขตของคุณไม่ได้', 'You may not see activity outside your scope'));

/** The kind filter as the repository reads it: a kind group ("lao.") is its actions, anything else as given. */
function kindFilter(action: string | undefined): Pick<ActivityFilter, 'action' | 'actions'> {
  if (!action) return {};
  const g = action.endsWith('.') ? action.slice(0, -1) : null;
  if (g && Object.hasOwn(kindGroups, g) && !knownActions.some((k) => k.startsWith(action)))
    return { actions: actionsOfGroup(g as KindGroup) };
  return { action };
}

/** The date range typed in Buddhist-era dd/mm/yyyy as instants: from the start of `from` to the end of `to`. */
function dateRange(q: Pick<ActivityQuery, 'from' | 'to'>) {
  const start = (iso: string) => new Date(`${iso}T00:00:00+07:00`);
  const f = q.from ? beToIso(q.from) : null;
  const t = q.to ? beToIso(q.to) : null;
  return {
    from: f ? start(f).toISOString() : undefined,
    to: t ? new Date(start(t).getTime() + 24 * 3600_000).toISOString() : undefined,
  };
}

/**
 * The part of the activity log an actor may read, narrowed by what they asked for: the centre sees all; a
 * province officer their province; an LAO's administrator and certifier their LAO; everyone else (staff,
 * district officers) only their own actions. Asking for something outside that is a 403.
 */
export async function activityFilterFor(
  db: Kysely<Database>,
  actor: Actor,
  q: Pick<ActivityQuery, 'lao' | 'province' | 'action' | 'who' | 'aspect' | 'from' | 'to'>,
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
  const narrow = { ...kindFilter(q.action), who: q.who, sectionNo: q.aspect, ...dateRange(q) };
  const asked = { laoCode: q.lao, provinceCode: q.province, ...narrow };
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
      return { laoCode: actor.laoCode ?? '-', ...narrow };
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

const CSV_HEAD: [string, string][] = [
  ['วันเวลา', 'When'],
  ['ผู้ใช้', 'User'],
  ['บทบาท', 'Role'],
  ['ประเภท', 'Kind'],
  ['รายละเอียด', 'What happened'],
  ['อปท.', 'LAO'],
  ['ด้าน', 'Aspect'],
  ['IP', 'IP'],
];

/** The activity log (ประวัติการดำเนินการ): JSON API, page and CSV export, scoped by the policy. */
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
        'The activity log, newest first: { items: [{ id, at, actorUsername, actorRole, action, actionLabel, sentence, laoCode, provinceCode, aspectNo, target, detail, ip }], total, page, pageSize, next }',
      description:
        'Scoped by the caller: the centre sees all; a province officer their province; an LAO administrator or certifier their LAO; anyone else only their own actions. A filter outside that scope is a 403. `sentence` says what happened in words (Thai, or English with Accept-Language: en).',
      query: activityQuery,
      notes: {
        lao: '7-digit LAO code',
        province: '2-digit province code',
        action:
          'an action (contact.verified), its prefix (contact.) or a kind group (auth., user., record., import., certification., contact., lao., system.)',
        who: 'the username of whoever acted',
        aspect: 'the aspect 1–8, or 9 for the debt report',
        from: 'first day, dd/mm/yyyy in the Buddhist era (Bangkok)',
        to: 'last day, dd/mm/yyyy in the Buddhist era (Bangkok)',
      },
      refusals: { 422: 'A province or LAO the registry does not have, named in the problem' },
    }),
    async (req) => {
      const actor = requireActor(req);
      const q = parseOrThrow(activityQuery, req.query);
      const p = paging(q, 20);
      const r = await listActivity(k, await activityFilterFor(k, actor, q), p.page, p.pageSize);
      return pageOf(req.url, p, await describeActivity(k, r.items, req.lang), r.total);
    },
  );

  app.get('/activity.csv', async (req, reply) => {
    const actor = requireActor(req);
    const q = parseOrThrow(activityQuery, req.query);
    const f = await activityFilterFor(k, actor, q);
    const lang = req.lang;
    const i = lang === 'en' ? 1 : 0;
    async function* lines() {
      yield `\ufeff${csvLine(CSV_HEAD.map((h) => h[i]))}`;
      for await (const batch of activityForExport(k, f, lang))
        yield batch
          .map((x) =>
            csvLine([
              formatDateTimeBE(x.at),
              x.actorUsername ?? '',
              x.actorRole && isRole(x.actorRole) ? roleName(x.actorRole, lang) : '',
              x.actionLabel,
              x.sentence,
              x.laoCode ?? '',
              x.aspectNo ?? '',
              x.ip ?? '',
            ]),
          )
          .join('');
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="activity.csv"')
      .header('cache-control', 'no-store')
      .send(Readable.from(lines()));
  });

  app.get('/activity', async (req, reply) => {
    const actor = requireActor(req);
    const central = can(actor, 'system.admin');
    const provinces = central ? await listProvinces(k) : null;
    const showLaoFilter = central || actor.role === 'province_officer';
    const raw = req.query as Record<string, unknown>;
    const parsed = activityQuery.safeParse(raw);
    const query = {
      lao: str(raw.lao),
      province: str(raw.province),
      action: str(raw.action),
      who: str(raw.who),
      aspect: str(raw.aspect),
      from: str(raw.from),
      to: str(raw.to),
    };
    const render = (
      status: number,
      p: { items: DescribedActivity[]; total: number; page: number; pageSize: number },
      errors = [] as ReturnType<typeof viewErrors>,
    ) =>
      reply.page(
        <ActivityPage
          ctx={req.pageCtx()}
          {...p}
          query={query}
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
    return render(200, {
      items: await describeActivity(k, r.items, req.lang),
      total: r.total,
      page,
      pageSize,
    });
  });
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

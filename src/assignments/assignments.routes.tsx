import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { catalogYears, workYear } from '../certification/work-year.ts';
import { mayManage } from '../divisions/divisions.service.ts';
import { pick, translator } from '../plugins/i18n.ts';
import { requireActor } from '../plugins/session.ts';
import { requireLao } from '../policy/scope.ts';
import { api } from '../system/api-doc.ts';
import { fiscalYearOf, formatDateLong } from '../util/thai-date.ts';
import { parseOrThrow } from '../util/validation.ts';
import type { ViewFieldError } from '../views/components.tsx';
import { tryForm, viewErrors } from '../views/forms.ts';
import { formErrors, formRows, formValues, parseAssignmentsForm } from './assignments.form.ts';
import {
  deadlineSchema,
  laoYearParams,
  memoQuery,
  putAssignmentsSchema,
  seedSchema,
  yearParam,
  yearQuery,
} from './assignments.schemas.ts';
import * as assignments from './assignments.service.ts';
import { AssignmentsPage, DeadlinesPage, MyWorkPage } from './assignments.views.tsx';
import { beToIso } from './due-dates.ts';
import { MemoPage } from './memo.views.tsx';

/** Assignments per fiscal year, the memo, "my work" and the national deadlines: JSON API and pages. */
export async function assignmentsRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;
  const warningsIn = (req: FastifyRequest, w: assignments.Warning[]) =>
    w.map((x) => ({ field: x.field, message: pick(req.lang, x.message) }));

  // JSON API
  app.get(
    '/api/v1/laos/:code/years/:year/assignments',
    api({
      id: 'getAssignments',
      tag: 'assignments',
      summary:
        'Who records what, by when, in a fiscal year: { laoCode, year, lao, nationalDeadline, sections: [{ no, nameTh, divisionId, divisionNameTh, responsibleUsername, dueDate, source: assigned section|default|none, datasets: [{ id, override, divisionId, dueDate, … }] }], divisions, staff, assignments: [{ sectionNo, datasetId, divisionId, responsibleUsername, dueDate, assignedBy, assignedAt }] }',
      description:
        'A data set is recorded by the division of its own assignment, else its section’s, else the division named as the section’s default in the catalog (the seed memo).',
      params: laoYearParams,
    }),
    async (req) => {
      const p = parseOrThrow(laoYearParams, req.params);
      return assignments.getAssignments(k, requireActor(req), p.code, p.year);
    },
  );

  app.put(
    '/api/v1/laos/:code/years/:year/assignments',
    api({
      id: 'saveAssignments',
      tag: 'assignments',
      summary:
        'Replaces the year’s assignments: { assignments: [...] } → the GET shape plus changed and warnings',
      description:
        'All or nothing. Sections left out fall back to their default division. A due date after the national deadline is accepted with a warning. Logged in the activity log.',
      params: laoYearParams,
      body: putAssignmentsSchema,
      answer: 'saved (or unchanged)',
    }),
    async (req) => {
      const actor = requireActor(req);
      const p = parseOrThrow(laoYearParams, req.params);
      // Who may write is settled before the body is looked at: a stranger learns nothing from validation.
      await requireLao(k, actor, p.code, 'lao.manage');
      const body = parseOrThrow(putAssignmentsSchema, req.body ?? {}, 'unprocessable');
      const r = await assignments.saveAssignments(k, actor, p.code, p.year, body.assignments, req.ip);
      const now = await assignments.getAssignments(k, actor, p.code, p.year);
      return { ...now, changed: r.changed, warnings: warningsIn(req, r.warnings) };
    },
  );

  app.post(
    '/api/v1/laos/:code/years/:year/assignments/seed',
    api({
      id: 'applySeedMemo',
      tag: 'assignments',
      summary:
        'Applies the seed memo: every section to its default division with { dueDate? }, replacing the year’s assignments; → the GET shape plus skipped: [{ sectionNo, divisionTh }]',
      params: laoYearParams,
      body: seedSchema,
      status: 200,
      answer: 'applied',
    }),
    async (req) => {
      const actor = requireActor(req);
      const p = parseOrThrow(laoYearParams, req.params);
      await requireLao(k, actor, p.code, 'lao.manage');
      const body = parseOrThrow(seedSchema, req.body ?? {}, 'unprocessable');
      const r = await assignments.applySeedMemo(k, actor, p.code, p.year, body.dueDate ?? null, req.ip);
      const now = await assignments.getAssignments(k, actor, p.code, p.year);
      return { ...now, changed: r.changed, skipped: r.skipped, warnings: warningsIn(req, r.warnings) };
    },
  );

  app.get(
    '/api/v1/me/work',
    api({
      id: 'myWork',
      tag: 'assignments',
      summary:
        'My work: { laoCode, laoNameTh, year, today, nationalDeadline, divisions, items: [{ datasetId, sectionNo, nameTh, status, updatedAt, updatedBy, divisionNameTh, responsibleUsername, dueDate, dueSource: dataset|section|national, overdue, returned, canRecord, href }], returns: [{ sectionNo, action: return|withdraw, at, by, byName, reason, sectionNameTh, sectionNameEn }] }',
      description:
        'LAO users only: staff see the data sets of their divisions, the LAO administrator and certifier all. An aspect the province returned, or whose certification the LAO certifier withdrew, and that is not certified again is in `returns` and its data sets carry it as `returned` (else null); they come first, then by due date.',
      query: yearQuery,
    }),
    async (req) => {
      const q = parseOrThrow(yearQuery, req.query);
      return assignments.myWork(k, requireActor(req), q.year ?? fiscalYearOf());
    },
  );

  app.get(
    '/api/v1/years/:year/deadline',
    api({
      id: 'getDeadline',
      tag: 'assignments',
      public: true,
      summary: 'A fiscal year’s national deadline: { year, dueDate (yyyy-mm-dd or null), setAt }',
      params: yearParam,
    }),
    async (req) => {
      const { year } = parseOrThrow(yearParam, req.params);
      return assignments.getDeadline(k, year);
    },
  );

  app.put(
    '/api/v1/years/:year/deadline',
    api({
      id: 'setDeadline',
      tag: 'assignments',
      summary: 'Sets the national deadline: { dueDate: "2026-05-15" } → { year, dueDate, setBy, setAt }',
      description: 'The central administrator only; the date must fall inside the fiscal year. Logged.',
      params: yearParam,
      body: deadlineSchema,
      answer: 'saved',
    }),
    async (req) => {
      const actor = requireActor(req);
      const { year } = parseOrThrow(yearParam, req.params);
      const body = parseOrThrow(deadlineSchema, req.body ?? {}, 'unprocessable');
      return assignments.setDeadline(k, actor, year, body.dueDate, req.ip);
    },
  );

  // Pages
  const assignmentsPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    p: { code: string; year: number },
    o: {
      status?: number;
      values?: Record<string, string>;
      errors?: ViewFieldError[];
      warnings?: string[];
    } = {},
  ) => {
    const actor = requireActor(req);
    const [data, canManage, years] = await Promise.all([
      assignments.getAssignments(k, actor, p.code, p.year),
      mayManage(k, actor, p.code),
      catalogYears(k),
    ]);
    return reply.page(
      <AssignmentsPage
        ctx={req.pageCtx()}
        data={data}
        rows={formRows(data, req.lang)}
        canManage={canManage}
        years={years}
        values={o.values ?? formValues(data)}
        errors={o.errors ?? []}
        warnings={o.warnings ?? []}
        done={(req.query as { done?: string }).done}
      />,
      o.status ?? 200,
    );
  };

  app.get('/laos/:code/years/:year/assignments', async (req, reply) =>
    assignmentsPage(req, reply, parseOrThrow(laoYearParams, req.params)),
  );

  app.post('/laos/:code/years/:year/assignments', async (req, reply) => {
    const actor = requireActor(req);
    const p = parseOrThrow(laoYearParams, req.params);
    await requireLao(k, actor, p.code, 'lao.manage');
    const data = await assignments.getAssignments(k, actor, p.code, p.year);
    const form = parseAssignmentsForm(
      formRows(data, req.lang),
      (req.body ?? {}) as Record<string, unknown>,
      req.lang,
    );
    if (form.errors.length)
      return assignmentsPage(req, reply, p, { status: 400, values: form.values, errors: form.errors });
    const r = await tryForm(req.lang, () =>
      assignments.saveAssignments(k, actor, p.code, p.year, form.items, req.ip),
    );
    if (!r.ok)
      return assignmentsPage(req, reply, p, {
        status: 400,
        values: form.values,
        errors: formErrors(r.errors, form.itemRows),
      });
    if (r.value.warnings.length) {
      // Saved, but worth reading: show the page with the warnings rather than redirecting them away.
      return assignmentsPage(req, reply, p, {
        warnings: warningsIn(req, r.value.warnings).map((w) => w.message),
      });
    }
    return reply.redirect(
      `/laos/${p.code}/years/${p.year}/assignments?done=${r.value.changed ? 'saved' : 'unchanged'}`,
      303,
    );
  });

  app.post('/laos/:code/years/:year/assignments/seed', async (req, reply) => {
    const actor = requireActor(req);
    const p = parseOrThrow(laoYearParams, req.params);
    await requireLao(k, actor, p.code, 'lao.manage');
    const typed = String((req.body as { seedDue?: unknown } | undefined)?.seedDue ?? '').trim();
    const fail = (errors: ViewFieldError[]) =>
      assignmentsPage(req, reply, p, { status: 400, errors, values: { seedDue: typed } });
    const due = typed ? beToIso(typed) : null;
    if (typed && !due) {
      const t = translator(req.lang);
      return fail([
        {
          field: 'seedDue',
          message: t(
            'กรอกกำหนดแล้วเสร็จเป็นวันที่ วว/ดด/ปปปป (พ.ศ.) เช่น 15/05/2569',
            'Enter the due date as dd/mm/yyyy in the Buddhist era, e.g. 15/05/2569',
          ),
        },
      ]);
    }
    const r = await tryForm(req.lang, () => assignments.applySeedMemo(k, actor, p.code, p.year, due, req.ip));
    if (!r.ok) return fail(r.errors.map((e) => ({ ...e, field: 'seedDue' })));
    const t = translator(req.lang);
    const notes = [
      ...r.value.skipped.map((s) =>
        t(
          `ไม่พบ${s.divisionTh}ใน อปท. จึงยังไม่ได้มอบหมายส่วนที่ ${s.sectionNo} เลือกกองเอง`,
          `${s.divisionTh} does not exist in this LAO: section ${s.sectionNo} was left unassigned`,
        ),
      ),
      ...warningsIn(req, r.value.warnings).map((w) => w.message),
    ];
    if (notes.length) return assignmentsPage(req, reply, p, { warnings: notes });
    return reply.redirect(`/laos/${p.code}/years/${p.year}/assignments?done=seed`, 303);
  });

  app.get('/laos/:code/years/:year/assignments/memo', async (req, reply) => {
    const actor = requireActor(req);
    const p = parseOrThrow(laoYearParams, req.params);
    const q = parseOrThrow(memoQuery, req.query);
    const data = await assignments.getAssignments(k, actor, p.code, p.year);
    const typed = q.date?.trim() ?? '';
    const iso = typed ? beToIso(typed) : null;
    const errors: ViewFieldError[] =
      typed && !iso
        ? [
            {
              field: 'date',
              message: translator(req.lang)(
                'กรอกวันที่เป็น วว/ดด/ปปปป (พ.ศ.) เช่น 01/05/2569',
                'Enter the date as dd/mm/yyyy in the Buddhist era, e.g. 01/05/2569',
              ),
            },
          ]
        : [];
    return reply.page(
      <MemoPage
        ctx={req.pageCtx()}
        data={data}
        memoNo={q.no?.trim() ?? ''}
        memoDate={formatDateLong(iso ?? new Date())}
        values={{ no: q.no, date: q.date }}
        errors={errors}
      />,
      errors.length ? 400 : 200,
    );
  });

  app.get('/my-work', async (req, reply) => {
    const actor = requireActor(req);
    const q = parseOrThrow(yearQuery, req.query);
    const data = await assignments.myWork(k, actor, q.year ?? (await workYear(k, actor)));
    return reply.page(
      <MyWorkPage
        ctx={req.pageCtx()}
        data={data}
        years={await catalogYears(k)}
        canManage={await mayManage(k, actor, data.laoCode)}
      />,
    );
  });

  const deadlinesPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    o: { status?: number; values?: Record<string, string | undefined>; errors?: ViewFieldError[] } = {},
  ) =>
    reply.page(
      <DeadlinesPage
        ctx={req.pageCtx()}
        deadlines={await assignments.listDeadlines(k, requireActor(req))}
        values={o.values ?? { year: String(fiscalYearOf()) }}
        errors={o.errors ?? []}
        done={(req.query as { done?: string }).done}
      />,
      o.status ?? 200,
    );

  app.get('/admin/deadlines', async (req, reply) => deadlinesPage(req, reply));

  app.post('/admin/deadlines', async (req, reply) => {
    const actor = requireActor(req);
    await assignments.listDeadlines(k, actor); // the central administrator only, before anything is read
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const values = { year: body.year, dueDate: body.dueDate };
    const t = translator(req.lang);
    const y = yearParam.safeParse({ year: body.year });
    const iso = body.dueDate ? beToIso(body.dueDate) : null;
    const errors: ViewFieldError[] = [
      ...(y.success ? [] : viewErrors(y.error, req.lang)),
      ...(iso
        ? []
        : [
            {
              field: 'dueDate',
              message: t(
                'กรอกกำหนดส่งเป็นวันที่ วว/ดด/ปปปป (พ.ศ.) เช่น 15/05/2569',
                'Enter the deadline as dd/mm/yyyy in the Buddhist era, e.g. 15/05/2569',
              ),
            },
          ]),
    ];
    if (errors.length || !y.success || !iso)
      return deadlinesPage(req, reply, { status: 400, values, errors });
    const r = await tryForm(req.lang, () => assignments.setDeadline(k, actor, y.data.year, iso, req.ip));
    if (!r.ok) return deadlinesPage(req, reply, { status: 400, values, errors: r.errors });
    return reply.redirect('/admin/deadlines?done=saved', 303);
  });
}

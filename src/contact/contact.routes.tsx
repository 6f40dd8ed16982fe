import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { pick, translator } from '../plugins/i18n.ts';
import { requireActor } from '../plugins/session.ts';
import { can } from '../policy/policy.ts';
import { getLao, listProvinces } from '../registry/registry.service.ts';
import { api } from '../system/api-doc.ts';
import { AppError, bi } from '../util/errors.ts';
import { pageOf, paging, pagingOnly, pagingQuery } from '../util/paging.ts';
import { parseOrThrow } from '../util/validation.ts';
import type { ViewFieldError } from '../views/components.tsx';
import { formStatus, tryForm, viewErrors } from '../views/forms.ts';
import { menuLinks } from '../views/layout.tsx';
import { contactSchema, laoCodeParam, provinceCodeParam, stateQuery } from './contact.schemas.ts';
import * as contact from './contact.service.ts';
import {
  ContactChooserPage,
  ContactFormPage,
  ContactPage,
  type LaoHead,
  ProvinceContactsPage,
  VerifyPage,
} from './contact.views.tsx';

const formFields = [
  'responsibleName',
  'responsiblePosition',
  'responsibleDivision',
  'phone',
  'email',
] as const;

const contactStateQuery = z.object({ state: stateQuery });

/** The central e-mail registration (menu 11): API, pages, the public verification link, the province list. */
export async function contactRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const k = db.kysely;
  menuLinks.contact = '/contact';

  const warningsIn = (req: FastifyRequest, email: string) =>
    contact.contactWarnings(email).map((w) => ({ field: w.field, message: pick(req.lang, w.message) }));

  // JSON API
  app.get(
    '/api/v1/laos/:code/contact',
    api({
      id: 'getContact',
      tag: 'contact',
      summary:
        "An LAO's central e-mail registration: { laoCode, responsibleName, responsiblePosition, responsibleDivision, phone, email, emailVerified, emailVerifiedAt, updatedAt, updatedBy }",
      description:
        "Readable by the LAO's users, its province and district officers and the centre. 404 when not registered yet.",
      params: laoCodeParam,
    }),
    async (req) => {
      const actor = requireActor(req);
      const { code } = parseOrThrow(laoCodeParam, req.params);
      return contact.getContact(k, actor, code);
    },
  );

  app.put(
    '/api/v1/laos/:code/contact',
    api({
      id: 'saveContact',
      tag: 'contact',
      summary:
        'Registers or changes the responsible person and the central e-mail; returns { laoCode, responsibleName, responsiblePosition, responsibleDivision, phone, email, emailVerified, emailVerifiedAt, updatedAt, updatedBy } plus verificationSent and warnings: [{ field, message }]',
      description:
        "The LAO's administrator or the centre. A new or changed address becomes unverified and a single-use link (7 days) is e-mailed to it. An address not starting with saraban is accepted with a warning. Phone: a Thai number of 9–10 digits (dashes and spaces allowed), stored as 0XX-XXX-XXXX.",
      params: laoCodeParam,
      body: contactSchema,
      refusals: { 429: 'Too many verification mails to this address or LAO this hour' },
    }),
    async (req) => {
      const actor = requireActor(req);
      const { code } = parseOrThrow(laoCodeParam, req.params);
      // Who may write is settled before the body is looked at: a stranger learns nothing from validation.
      await contact.authorise(k, actor, code, 'lao.contact.edit');
      const input = parseOrThrow(contactSchema, req.body ?? {}, 'unprocessable');
      const r = await contact.saveContact(k, config, actor, code, input, { ip: req.ip });
      return {
        ...r.contact,
        verificationSent: r.verificationSent,
        warnings: warningsIn(req, r.contact.email),
      };
    },
  );

  app.get(
    '/api/v1/laos/:code/contact/history',
    api({
      id: 'contactHistory',
      tag: 'contact',
      paged: true,
      summary:
        'The changes of the registration, newest first: { laoCode, items: [{ at, by, change: registered|updated|verification_sent|verified, snapshot }], total, page, pageSize, next }',
      params: laoCodeParam,
      query: pagingOnly,
    }),
    async (req) => {
      const actor = requireActor(req);
      const { code } = parseOrThrow(laoCodeParam, req.params);
      const p = paging(parseOrThrow(pagingOnly, req.query), 50);
      const r = await contact.contactHistory(k, actor, code, { limit: p.pageSize, offset: p.offset });
      return { laoCode: code, ...pageOf(req.url, p, r.items, r.total) };
    },
  );

  app.post(
    '/api/v1/laos/:code/contact/verification',
    api({
      id: 'resendVerification',
      tag: 'contact',
      summary:
        'Sends a new verification link to the registered address (the previous link stops working): { laoCode, responsibleName, responsiblePosition, responsibleDivision, phone, email, emailVerified, emailVerifiedAt, updatedAt, updatedBy } plus verificationSent',
      params: laoCodeParam,
      answer: 'sent',
      status: 200,
      refusals: {
        409: 'Already verified',
        429: 'Too many verification mails to this address or LAO this hour',
      },
    }),
    async (req) => {
      const actor = requireActor(req);
      const { code } = parseOrThrow(laoCodeParam, req.params);
      const c = await contact.resendVerification(k, config, actor, code, { ip: req.ip });
      return { ...c, verificationSent: true };
    },
  );

  app.get(
    '/api/v1/provinces/:code/contacts',
    api({
      id: 'provinceContacts',
      tag: 'contact',
      summary:
        'The registration state of every active LAO of a province this fiscal year: { provinceCode, provinceNameTh, year, state, counts: { unregistered, pending, verified, total }, items: [{ code, nameTh, districtCode, districtNameTh, state, responsibleName, phone, email, emailVerifiedAt, updatedAt }] }',
      description: "The province's officers and the centre. state narrows the items, not the counts.",
      params: provinceCodeParam,
      query: contactStateQuery,
    }),
    async (req) => {
      const actor = requireActor(req);
      const { code } = parseOrThrow(provinceCodeParam, req.params);
      const q = parseOrThrow(contactStateQuery, { state: (req.query as { state?: unknown }).state });
      return contact.provinceContacts(k, actor, code, { state: q.state });
    },
  );

  // Pages
  const laoHead = async (code: string): Promise<LaoHead> => {
    const l = await getLao(k, code);
    return {
      code: l.code,
      nameTh: l.nameTh,
      provinceNameTh: l.provinceNameTh,
      districtNameTh: l.districtNameTh,
    };
  };

  app.get('/contact', async (req, reply) => {
    const actor = requireActor(req);
    const lao = (req.query as { lao?: string }).lao?.trim();
    if (lao !== undefined && lao !== '') {
      if (/^\d{7}$/.test(lao)) return reply.redirect(`/laos/${lao}/contact`, 303);
      const t = translator(req.lang);
      const errors: ViewFieldError[] = [
        {
          field: 'lao',
          message: t('กรอกรหัส อปท. เป็นตัวเลข 7 หลัก เช่น 5310108', 'Enter a 7-digit LAO code, e.g. 5310108'),
        },
      ];
      return reply.page(
        <ContactChooserPage ctx={req.pageCtx()} value={lao} errors={errors} provinceLink={null} />,
        400,
      );
    }
    if (actor.laoCode) return reply.redirect(`/laos/${actor.laoCode}/contact`, 303);
    const provinceLink =
      actor.role === 'dla_admin' || actor.role === 'province_officer' ? '/province/contacts' : null;
    return reply.page(
      <ContactChooserPage ctx={req.pageCtx()} value="" errors={[]} provinceLink={provinceLink} />,
    );
  });

  app.get('/laos/:code/contact', async (req, reply) => {
    const actor = requireActor(req);
    const { code } = parseOrThrow(laoCodeParam, req.params);
    const c = await contact.findContactFor(k, actor, code);
    const q = parseOrThrow(z.object({ done: z.string().optional(), page: pagingQuery.page }), req.query);
    const p = paging(q, 20);
    const [lao, history, canEdit] = await Promise.all([
      laoHead(code),
      contact.contactHistory(k, actor, code, { limit: p.pageSize, offset: p.offset }),
      contact.canEditContact(k, actor, code),
    ]);
    return reply.page(
      <ContactPage
        ctx={req.pageCtx()}
        lao={lao}
        contact={c}
        warnings={c ? warningsIn(req, c.email).map((w) => w.message) : []}
        history={history}
        historyPaging={p}
        canEdit={canEdit}
        done={q.done}
      />,
    );
  });

  app.get('/laos/:code/contact/edit', async (req, reply) => {
    const actor = requireActor(req);
    const { code } = parseOrThrow(laoCodeParam, req.params);
    await contact.authorise(k, actor, code, 'lao.contact.edit');
    const c = await contact.findContactFor(k, actor, code);
    const values = c ? Object.fromEntries(formFields.map((f) => [f, c[f]])) : {};
    return reply.page(
      <ContactFormPage
        ctx={req.pageCtx()}
        lao={await laoHead(code)}
        values={values}
        errors={[]}
        registered={Boolean(c)}
      />,
    );
  });

  app.post('/laos/:code/contact/edit', async (req, reply) => {
    const actor = requireActor(req);
    const { code } = parseOrThrow(laoCodeParam, req.params);
    await contact.authorise(k, actor, code, 'lao.contact.edit');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      formFields.map((f) => [f, typeof body[f] === 'string' ? (body[f] as string) : '']),
    );
    const render = async (status: number, errors: ViewFieldError[]) =>
      reply.page(
        <ContactFormPage
          ctx={req.pageCtx()}
          lao={await laoHead(code)}
          values={values}
          errors={errors}
          registered={Boolean(await contact.findContactFor(k, actor, code))}
        />,
        status,
      );
    const parsed = contactSchema.safeParse(body);
    if (!parsed.success) return render(400, viewErrors(parsed.error, req.lang));
    const r = await tryForm(req.lang, () =>
      contact.saveContact(k, config, actor, code, parsed.data, { ip: req.ip }),
    );
    if (!r.ok) return render(formStatus(reply, r), r.errors);
    return reply.redirect(`/laos/${code}/contact?done=saved`, 303);
  });

  app.post('/laos/:code/contact/resend', async (req, reply) => {
    const actor = requireActor(req);
    const { code } = parseOrThrow(laoCodeParam, req.params);
    await contact.resendVerification(k, config, actor, code, { ip: req.ip });
    return reply.redirect(`/laos/${code}/contact?done=resent`, 303);
  });

  // Public: holding the mailbox is the proof, so no sign-in.
  app.get('/contact/verify/:token', async (req, reply) => {
    const { token } = req.params as { token: string };
    const outcome = await contact.verifyEmail(k, token, { ip: req.ip });
    const status = outcome.ok ? 200 : outcome.reason === 'unknown' ? 404 : 410;
    return reply.page(<VerifyPage ctx={req.pageCtx()} outcome={outcome} />, status);
  });

  app.get('/province/contacts', async (req, reply) => {
    const actor = requireActor(req);
    const q = parseOrThrow(
      z.object({
        province: z.preprocess((v) => (v === '' ? undefined : v), provinceCodeParam.shape.code.optional()),
        state: stateQuery,
      }),
      {
        province: (req.query as { province?: unknown }).province,
        state: (req.query as { state?: unknown }).state,
      },
    );
    const central = can(actor, 'system.admin');
    const provinces = central ? await listProvinces(k) : null;
    const code = q.province ?? actor.provinceCode ?? provinces?.[0]?.code;
    if (!code) {
      throw new AppError(
        'forbidden',
        bi(
          'หน้านี้สำหรับสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดและส่วนกลาง',
          'This page is for provincial offices and the centre',
        ),
      );
    }
    const data = await contact.provinceContacts(k, actor, code, { state: q.state });
    return reply.page(<ProvinceContactsPage ctx={req.pageCtx()} data={data} provinces={provinces} />);
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { translator } from '../plugins/i18n.ts';
import { requireActor } from '../plugins/session.ts';
import { requireLao } from '../policy/scope.ts';
import { getLao } from '../registry/registry.service.ts';
import { api } from '../system/api-doc.ts';
import { AppError, bi } from '../util/errors.ts';
import { parseOrThrow } from '../util/validation.ts';
import type { ViewFieldError } from '../views/components.tsx';
import { ConfirmPage, isConfirmed } from '../views/confirm-page.tsx';
import { FormPage } from '../views/form-page.tsx';
import { tryForm, viewErrors } from '../views/forms.ts';
import {
  divisionParams,
  divisionSchema,
  laoCodeParam,
  staffDivisionsSchema,
  staffParams,
} from './divisions.schemas.ts';
import * as divisions from './divisions.service.ts';
import { DivisionsPage, laoWorkLinks } from './divisions.views.tsx';

const toApiDivision = (d: {
  id: string;
  nameTh: string;
  nameEn: string | null;
  position: number;
  headNameTh: string | null;
  headPositionTh: string | null;
}) => ({
  id: d.id,
  nameTh: d.nameTh,
  nameEn: d.nameEn,
  position: d.position,
  headNameTh: d.headNameTh,
  headPositionTh: d.headPositionTh,
});

/** An LAO's divisions and which staff belong to them: JSON API and pages (LAO administrator). */
export async function divisionsRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;

  // JSON API
  app.get(
    '/api/v1/laos/:code/divisions',
    api({
      id: 'listDivisions',
      tag: 'divisions',
      summary:
        "The LAO's divisions (created from the defaults by LAO type on the first visit): { laoCode, divisions: [{ id, nameTh, nameEn, position, headNameTh, headPositionTh, staff, assignments }], staff: [{ username, displayName, role, disabled, divisionIds }] }",
      params: laoCodeParam,
    }),
    async (req) => {
      const { code } = parseOrThrow(laoCodeParam, req.params);
      const o = await divisions.divisionsOverview(k, requireActor(req), code);
      return {
        laoCode: o.laoCode,
        divisions: o.divisions,
        staff: o.staff.map((s) => ({
          username: s.username,
          displayName: s.displayName,
          role: s.role,
          disabled: s.disabled,
          divisionIds: s.divisionIds,
        })),
      };
    },
  );

  app.post(
    '/api/v1/laos/:code/divisions',
    api({
      id: 'addDivision',
      tag: 'divisions',
      summary:
        'Adds a division: { nameTh, nameEn?, headNameTh?, headPositionTh? } → 201 { id, nameTh, nameEn, position, headNameTh, headPositionTh }',
      description: 'An LAO keeps at most 100 divisions.',
      params: laoCodeParam,
      body: divisionSchema,
      status: 201,
      answer: 'added',
    }),
    async (req, reply) => {
      const actor = requireActor(req);
      const { code } = parseOrThrow(laoCodeParam, req.params);
      // Who may write is settled before the body is looked at: a stranger learns nothing from validation.
      await requireLao(k, actor, code, 'lao.manage');
      const input = parseOrThrow(divisionSchema, req.body ?? {}, 'unprocessable');
      return reply.code(201).send(toApiDivision(await divisions.addDivision(k, actor, code, input, req.ip)));
    },
  );

  app.put(
    '/api/v1/laos/:code/divisions/:id',
    api({
      id: 'renameDivision',
      tag: 'divisions',
      summary:
        'Renames a division and records its head: { nameTh, nameEn?, headNameTh?, headPositionTh? } (an absent field keeps the old value, blank clears it)',
      params: divisionParams,
      body: divisionSchema,
      answer: 'renamed',
    }),
    async (req) => {
      const actor = requireActor(req);
      const p = parseOrThrow(divisionParams, req.params);
      await requireLao(k, actor, p.code, 'lao.manage');
      const input = parseOrThrow(divisionSchema, req.body ?? {}, 'unprocessable');
      return toApiDivision(await divisions.renameDivision(k, actor, p.code, p.id, input, req.ip));
    },
  );

  app.delete(
    '/api/v1/laos/:code/divisions/:id',
    api({
      id: 'removeDivision',
      tag: 'divisions',
      summary: 'Removes a division',
      description:
        'Refused with 409 (the problem names them, with assignments and staff lists) while any assignment of any year or any staff member points at it, and for the last division.',
      params: divisionParams,
      status: 204,
      refusals: { 409: 'Still in use, or the last division' },
    }),
    async (req, reply) => {
      const p = parseOrThrow(divisionParams, req.params);
      await divisions.removeDivision(k, requireActor(req), p.code, p.id, req.ip);
      return reply.code(204).send();
    },
  );

  app.put(
    '/api/v1/laos/:code/staff/:username/divisions',
    api({
      id: 'setStaffDivisions',
      tag: 'divisions',
      summary:
        'Sets the divisions an account of the LAO belongs to: { divisionIds: [] } → { username, divisionIds }',
      params: staffParams,
      body: staffDivisionsSchema,
      answer: 'saved',
    }),
    async (req) => {
      const actor = requireActor(req);
      const p = parseOrThrow(staffParams, req.params);
      await requireLao(k, actor, p.code, 'lao.manage');
      const body = parseOrThrow(staffDivisionsSchema, req.body ?? {}, 'unprocessable');
      return divisions.setStaffDivisions(k, actor, p.code, p.username, body.divisionIds, req.ip);
    },
  );

  // Pages
  const render = async (
    req: FastifyRequest,
    reply: FastifyReply,
    code: string,
    o: { status?: number; errors?: ViewFieldError[]; values?: Record<string, string | undefined> } = {},
  ) => {
    const actor = requireActor(req);
    const [data, lao, canManage] = await Promise.all([
      divisions.divisionsOverview(k, actor, code),
      getLao(k, code),
      divisions.mayManage(k, actor, code),
    ]);
    return reply.page(
      <DivisionsPage
        ctx={req.pageCtx()}
        lao={{ code, nameTh: lao.nameTh }}
        data={data}
        canManage={canManage}
        values={o.values ?? {}}
        errors={o.errors ?? []}
        done={(req.query as { done?: string }).done}
      />,
      o.status ?? 200,
    );
  };

  app.get('/laos/:code/divisions', async (req, reply) => {
    const { code } = parseOrThrow(laoCodeParam, req.params);
    return render(req, reply, code);
  });

  app.post('/laos/:code/divisions', async (req, reply) => {
    const actor = requireActor(req);
    const { code } = parseOrThrow(laoCodeParam, req.params);
    await requireLao(k, actor, code, 'lao.manage');
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const values = {
      nameTh: body.nameTh,
      nameEn: body.nameEn,
      headNameTh: body.headNameTh,
      headPositionTh: body.headPositionTh,
    };
    const parsed = divisionSchema.safeParse(body);
    if (!parsed.success)
      return render(req, reply, code, { status: 400, errors: viewErrors(parsed.error, req.lang), values });
    const r = await tryForm(req.lang, () => divisions.addDivision(k, actor, code, parsed.data, req.ip));
    if (!r.ok) return render(req, reply, code, { status: 400, errors: r.errors, values });
    return reply.redirect(`/laos/${code}/divisions?done=added`, 303);
  });

  const editPage = async (
    req: FastifyRequest,
    p: { code: string; id: string },
    values: Record<string, string | undefined>,
    errors: ViewFieldError[],
  ) => {
    const t = (th: string, en: string) => (req.lang === 'en' ? en : th);
    const lao = await getLao(k, p.code);
    return (
      <FormPage
        ctx={req.pageCtx()}
        title={t('แก้ไขชื่อกองและหัวหน้ากอง', 'Rename a division, record its head')}
        action={`/laos/${p.code}/divisions/${p.id}/edit`}
        intro={<span class="govuk-caption-l">{lao.nameTh}</span>}
        fields={[
          { name: 'nameTh', label: t('ชื่อกอง/ฝ่าย (ภาษาไทย)', 'Name in Thai'), width: 'two-thirds' },
          {
            name: 'nameEn',
            label: t('ชื่อภาษาอังกฤษ (ไม่บังคับ)', 'Name in English (optional)'),
            width: 'two-thirds',
          },
          {
            name: 'headNameTh',
            label: t('ชื่อ-สกุลหัวหน้ากอง (ไม่บังคับ)', 'Name of the head of the division (optional)'),
            hint: t(
              'บันทึกข้อความมอบหมายงานแสดงชื่อและตำแหน่งนี้เป็นผู้รับผิดชอบของกอง เช่น นายสมชาย ใจดี',
              'The assignment memo names this person as the division’s responsible officer, e.g. นายสมชาย ใจดี',
            ),
            width: 'two-thirds',
          },
          {
            name: 'headPositionTh',
            label: t('ตำแหน่ง (ไม่บังคับ)', 'Position (optional)'),
            hint: t('เช่น ผู้อำนวยการกองช่าง', 'e.g. ผู้อำนวยการกองช่าง'),
            width: 'two-thirds',
          },
        ]}
        submit={t('บันทึก', 'Save')}
        values={values}
        errors={errors}
        after={
          <p class="govuk-body">
            <a class="govuk-link" href={laoWorkLinks(p.code, t)[2]!.href}>
              {t('กลับไปหน้ากองและเจ้าหน้าที่', 'Back to divisions and staff')}
            </a>
          </p>
        }
      />
    );
  };

  app.get('/laos/:code/divisions/:id/edit', async (req, reply) => {
    const actor = requireActor(req);
    const p = parseOrThrow(divisionParams, req.params);
    await requireLao(k, actor, p.code, 'lao.manage');
    const d = (await divisions.divisionsOverview(k, actor, p.code)).divisions.find((x) => x.id === p.id);
    if (!d) throw new AppError('not_found', bi('ไม่พบกองนี้ใน อปท.', 'No such division in this LAO'));
    return reply.page(
      await editPage(
        req,
        p,
        {
          nameTh: d.nameTh,
          nameEn: d.nameEn ?? '',
          headNameTh: d.headNameTh ?? '',
          headPositionTh: d.headPositionTh ?? '',
        },
        [],
      ),
    );
  });

  app.post('/laos/:code/divisions/:id/edit', async (req, reply) => {
    const actor = requireActor(req);
    const p = parseOrThrow(divisionParams, req.params);
    await requireLao(k, actor, p.code, 'lao.manage');
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const values = {
      nameTh: body.nameTh,
      nameEn: body.nameEn,
      headNameTh: body.headNameTh,
      headPositionTh: body.headPositionTh,
    };
    const parsed = divisionSchema.safeParse(body);
    if (!parsed.success)
      return reply.page(await editPage(req, p, values, viewErrors(parsed.error, req.lang)), 400);
    const r = await tryForm(req.lang, () =>
      divisions.renameDivision(
        k,
        actor,
        p.code,
        p.id,
        {
          ...parsed.data,
          nameEn: parsed.data.nameEn ?? null,
          headNameTh: parsed.data.headNameTh ?? null,
          headPositionTh: parsed.data.headPositionTh ?? null,
        },
        req.ip,
      ),
    );
    if (!r.ok) return reply.page(await editPage(req, p, values, r.errors), 400);
    return reply.redirect(`/laos/${p.code}/divisions?done=renamed`, 303);
  });

  // Removing a division asks first (a page with what will happen), once the checks say it can be removed.
  app.post('/laos/:code/divisions/:id/delete', async (req, reply) => {
    const actor = requireActor(req);
    const p = parseOrThrow(divisionParams, req.params);
    const confirmed = isConfirmed(req.body);
    const r = await tryForm(req.lang, () =>
      divisions.removeDivision(k, actor, p.code, p.id, req.ip, { checkOnly: !confirmed }),
    );
    if (!r.ok) {
      const errors = r.errors.map((x) => (x.field === 'form' ? { ...x, field: `division-${p.id}` } : x));
      return render(req, reply, p.code, { status: r.status === 404 ? 404 : 409, errors });
    }
    if (confirmed) return reply.redirect(`/laos/${p.code}/divisions?done=removed`, 303);
    const t = translator(req.lang);
    const name = req.lang === 'en' ? (r.value.nameEn ?? r.value.nameTh) : r.value.nameTh;
    return reply.page(
      <ConfirmPage
        ctx={req.pageCtx()}
        title={t(`ลบ${name} ใช่หรือไม่`, `Remove ${name}?`)}
        lead={t(
          'กองนี้ไม่มีเจ้าหน้าที่และงานที่มอบหมายแล้ว จะหายจากรายการกองของ อปท. การลบบันทึกในบันทึกกิจกรรม',
          "The division has no staff and no assignments left; it will leave the LAO's list; the removal is logged",
        )}
        details={[{ key: t('กอง/ฝ่าย', 'Division'), value: name }]}
        action={`/laos/${p.code}/divisions/${p.id}/delete`}
        button={t('ลบกองนี้', 'Remove this division')}
        cancelHref={`/laos/${p.code}/divisions`}
      />,
    );
  });

  app.post('/laos/:code/divisions/staff/:username', async (req, reply) => {
    const actor = requireActor(req);
    const p = parseOrThrow(staffParams, req.params);
    const body = parseOrThrow(staffDivisionsSchema, req.body ?? {});
    const r = await tryForm(req.lang, () =>
      divisions.setStaffDivisions(k, actor, p.code, p.username, body.divisionIds, req.ip),
    );
    if (!r.ok) {
      const errors = r.errors.map((x) => ({ ...x, field: `staff-${p.username}` }));
      return render(req, reply, p.code, { status: 400, errors });
    }
    return reply.redirect(`/laos/${p.code}/divisions?done=staff`, 303);
  });
}

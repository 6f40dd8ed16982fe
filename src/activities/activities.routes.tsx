import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { isoToBE } from '../assignments/due-dates.ts';
import type { Catalog } from '../catalog/catalog.service.ts';
import { workYear } from '../certification/work-year.ts';
import { filesAnswer, toApiFile } from '../files/files.schemas.ts';
import { attachFiles, roomFor, type StoredBlob, takeUpload } from '../files/files.service.ts';
import type { EvidenceFileTable } from '../files/files.table.ts';
import { UploadFailedPage } from '../files/files.views.tsx';
import { evidenceMultipart, receiveFiles } from '../files/upload.ts';
import { pick, translator } from '../plugins/i18n.ts';
import { requireActor } from '../plugins/session.ts';
import { laoYearParams } from '../records/records.schemas.ts';
import { laoYear } from '../records/records.service.ts';
import { api } from '../system/api-doc.ts';
import { bi } from '../util/errors.ts';
import { pageOf, paging } from '../util/paging.ts';
import { parseOrThrow, qYear } from '../util/validation.ts';
import { ConfirmPage, isConfirmed } from '../views/confirm-page.tsx';
import { formStatus, tryForm, viewErrors } from '../views/forms.ts';
import {
  activityAnswer,
  activityBody,
  activityForm,
  activityPageQuery,
  activityParams,
  activityQuery,
} from './activities.schemas.ts';
import * as activities from './activities.service.ts';
import type { LaoActivityTable } from './activities.table.ts';
import {
  ActivitiesPage,
  ActivityFormPage,
  ActivityPage,
  type ActivityValues,
  type AspectOption,
  type ListQuery,
  PublicActivitiesPage,
} from './activities.views.tsx';

const aspectsOf = (catalog: Catalog, lang: 'th' | 'en'): AspectOption[] =>
  catalog.sections
    .filter((s) => s.kind === 'aspect' && s.no >= 1 && s.no <= 8)
    .map((s) => ({ no: s.no, name: lang === 'en' ? s.nameEn : s.nameTh }));

const apiActivity = (a: LaoActivityTable, files: EvidenceFileTable[]) => ({
  id: a.id,
  laoCode: a.lao_code,
  year: Number(a.fiscal_year),
  date: a.date,
  title: a.title,
  aspect: Number(a.aspect_no),
  description: a.description,
  participants: a.participants === null ? null : Number(a.participants),
  files: files.map((f) => {
    const { id, name, mediaType, size, url } = toApiFile(f);
    return { id, name, mediaType, size, url };
  }),
  createdAt: a.created_at,
  createdBy: a.created_by,
  updatedAt: a.updated_at,
  updatedBy: a.updated_by,
});

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const valuesOf = (body: Record<string, unknown>): ActivityValues => ({
  date: str(body.date),
  title: str(body.title),
  aspect: str(body.aspect),
  description: str(body.description),
  participants: str(body.participants),
});

/** Activities of an LAO: the pages, the public page of certified aspects, and the JSON API. */
export async function activitiesRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const k = db.kysely;
  await app.register(fastifyMultipart, evidenceMultipart);
  const upload = { multipartCsrf: true };
  const tag = 'activities';
  const listUrl = '/api/v1/laos/:code/years/:year/activities';
  const oneUrl = '/api/v1/laos/:code/years/:year/activities/:id';

  // JSON API
  app.get(
    listUrl,
    api({
      id: 'listActivities',
      tag,
      paged: true,
      summary:
        'An LAO’s activities in a fiscal year, newest first; filters aspect, from, to (yyyy-mm-dd), q (text)',
      params: laoYearParams,
      query: activityQuery,
      answer: activityAnswer,
    }),
    async (req) => {
      const p = parseOrThrow(laoYearParams, req.params);
      const q = parseOrThrow(activityQuery, req.query);
      const pg = paging(q, 50);
      const r = await activities.listActivities(k, requireActor(req), p.code, p.year, q, pg);
      return pageOf(
        req.url,
        pg,
        r.items.map((i) => apiActivity(i.activity, i.files)),
        r.total,
      );
    },
  );

  app.post(
    listUrl,
    api({
      id: 'createActivity',
      tag,
      summary: 'Record an activity (attach photos and documents with uploadActivityFiles)',
      description:
        'Needs the right to record the aspect (its division’s staff, the LAO administrator, the centre). The date is yyyy-mm-dd (CE) within the fiscal year.',
      params: laoYearParams,
      body: activityBody,
      status: 201,
      answer: activityAnswer,
    }),
    async (req, reply) => {
      const p = parseOrThrow(laoYearParams, req.params);
      const actor = requireActor(req);
      await activities.requireRecorder(k, actor, p.code);
      const body = parseOrThrow(activityBody, req.body ?? {}, 'unprocessable');
      const a = await activities.createActivity(k, actor, p.code, p.year, body, [], { ip: req.ip });
      return reply.code(201).send(apiActivity(a, []));
    },
  );

  app.get(
    oneUrl,
    api({
      id: 'getActivity',
      tag,
      summary: 'One activity with its files',
      params: activityParams,
      answer: activityAnswer,
    }),
    async (req) => {
      const p = parseOrThrow(activityParams, req.params);
      const r = await activities.getActivity(k, requireActor(req), p.code, p.year, p.id);
      return apiActivity(r.activity, r.files);
    },
  );

  app.put(
    oneUrl,
    api({
      id: 'updateActivity',
      tag,
      summary: 'Change an activity (all its fields)',
      params: activityParams,
      body: activityBody,
      answer: activityAnswer,
    }),
    async (req) => {
      const p = parseOrThrow(activityParams, req.params);
      const actor = requireActor(req);
      await activities.requireRecorder(k, actor, p.code);
      const body = parseOrThrow(activityBody, req.body ?? {}, 'unprocessable');
      await activities.updateActivity(k, actor, p.code, p.year, p.id, body, { ip: req.ip });
      const r = await activities.getActivity(k, actor, p.code, p.year, p.id);
      return apiActivity(r.activity, r.files);
    },
  );

  app.delete(
    oneUrl,
    api({
      id: 'deleteActivity',
      tag,
      summary: 'Delete an activity (kept as deleted with its files; logged)',
      params: activityParams,
      status: 204,
    }),
    async (req, reply) => {
      const p = parseOrThrow(activityParams, req.params);
      await activities.deleteActivity(k, requireActor(req), p.code, p.year, p.id, { ip: req.ip });
      return reply.code(204).send();
    },
  );

  const uploadToActivity = async (req: FastifyRequest) => {
    const p = parseOrThrow(activityParams, req.params);
    const actor = requireActor(req);
    let owner: Awaited<ReturnType<typeof activities.uploadOwner>> | null = null;
    const blobs = await receiveFiles(req, config.dataDir, async () => {
      owner = await activities.uploadOwner(k, actor, p.code, p.year, p.id);
      await takeUpload(k, actor);
      return roomFor(k, owner);
    });
    return attachFiles(k, actor, owner!, blobs, { ip: req.ip });
  };

  app.post(
    `${oneUrl}/files`,
    api(
      {
        id: 'uploadActivityFiles',
        tag,
        summary: 'Attach photos and documents to an activity',
        description:
          'Multipart, field `file` (one or several); PDF, JPEG or PNG recognised from the content; at most 10 MB a file and 10 files per activity. A browser form sends its CSRF token as the field `_csrf` before the files.',
        params: activityParams,
        body: 'upload',
        status: 201,
        answer: filesAnswer,
        refusals: {
          413: 'A file larger than 10 MB',
          415: 'Not multipart/form-data',
          429: 'More than 60 uploads in an hour: try again after Retry-After seconds',
        },
      },
      upload,
    ),
    async (req, reply) => {
      const rows = await uploadToActivity(req);
      return reply.code(201).send({ items: rows.map(toApiFile) });
    },
  );

  // Pages
  const laoOf = async (req: FastifyRequest, code: string, year: number) => {
    const { lao, catalog } = await activities.requireView(k, requireActor(req), code, year);
    return { lao: { code, nameTh: lao.nameTh, year }, aspects: aspectsOf(catalog, req.lang) };
  };

  app.get('/activities', async (req, reply) => {
    const actor = requireActor(req);
    if (!actor.laoCode) return reply.redirect('/registry', 303);
    return reply.redirect(`/laos/${actor.laoCode}/years/${await workYear(k, actor)}/activities`, 303);
  });

  app.get('/laos/:code/years/:year/activities', async (req, reply) => {
    const p = parseOrThrow(laoYearParams, req.params);
    const actor = requireActor(req);
    const { lao, aspects } = await laoOf(req, p.code, p.year);
    const raw = req.query as Record<string, unknown>;
    const typed: ListQuery = { aspect: str(raw.aspect), from: str(raw.from), to: str(raw.to), q: str(raw.q) };
    const parsed = activityPageQuery.safeParse(raw);
    const q = parsed.success ? parsed.data : {};
    const pg = paging({ page: parsed.success ? parsed.data.page : 1 }, 20);
    const [r, canRecord] = await Promise.all([
      activities.listActivities(k, actor, p.code, p.year, q, pg),
      activities.mayRecord(k, actor, p.code),
    ]);
    return reply.page(
      <ActivitiesPage
        ctx={req.pageCtx()}
        lao={lao}
        aspects={aspects}
        items={r.items}
        total={r.total}
        page={pg.page}
        pageSize={pg.pageSize}
        q={typed}
        errors={parsed.success ? [] : viewErrors(parsed.error, req.lang)}
        canRecord={canRecord}
        notice={str(raw.deleted) ? pick(req.lang, bi('ลบกิจกรรมแล้ว', 'The activity was deleted')) : null}
      />,
      parsed.success ? 200 : 400,
    );
  });

  const formPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    o: { values: ActivityValues; errors: ReturnType<typeof viewErrors>; status: number; id?: string },
  ) => {
    const p = parseOrThrow(laoYearParams, req.params);
    const { lao, aspects } = await laoOf(req, p.code, p.year);
    const base = `/laos/${p.code}/years/${p.year}/activities`;
    return reply.page(
      <ActivityFormPage
        ctx={req.pageCtx()}
        lao={lao}
        aspects={aspects}
        values={o.values}
        errors={o.errors}
        action={o.id ? `${base}/${o.id}` : base}
        editing={Boolean(o.id)}
      />,
      o.status,
    );
  };

  app.get('/laos/:code/years/:year/activities/new', async (req, reply) => {
    const p = parseOrThrow(laoYearParams, req.params);
    await activities.requireRecorder(k, requireActor(req), p.code);
    return formPage(req, reply, { values: {}, errors: [], status: 200 });
  });

  // A new activity comes as one multipart form: its fields first, then its photos and documents.
  app.post('/laos/:code/years/:year/activities', { config: upload }, async (req, reply) => {
    const p = parseOrThrow(laoYearParams, req.params);
    const actor = requireActor(req);
    await activities.requireRecorder(k, actor, p.code);
    let body: Record<string, unknown> = {};
    const r = await tryForm(req.lang, async () => {
      let input: z.output<typeof activityForm> | null = null;
      const settle = async (fields: Record<string, string>) => {
        body = fields;
        input = parseOrThrow(activityForm, fields, 'unprocessable');
        await activities.checkInput(k, actor, p.code, p.year, input);
        if (req.isMultipart()) await takeUpload(k, actor);
        return 10;
      };
      let blobs: StoredBlob[] = [];
      if (req.isMultipart()) blobs = await receiveFiles(req, config.dataDir, settle);
      else await settle(Object.fromEntries(Object.entries(req.body ?? {}).map(([k2, v]) => [k2, str(v)])));
      return activities.createActivity(k, actor, p.code, p.year, input!, blobs, { ip: req.ip });
    });
    if (r.ok) return reply.redirect(`/laos/${p.code}/years/${p.year}/activities/${r.value.id}?saved=1`, 303);
    if (r.retryAfter !== undefined) reply.header('retry-after', String(r.retryAfter));
    return formPage(req, reply, {
      values: valuesOf(body),
      errors: r.errors,
      status: r.status === 422 ? 400 : r.status,
    });
  });

  const detail = async (req: FastifyRequest, reply: FastifyReply) => {
    const p = parseOrThrow(activityParams, req.params);
    const actor = requireActor(req);
    const { lao, aspects } = await laoOf(req, p.code, p.year);
    const [item, canRecord] = await Promise.all([
      activities.getActivity(k, actor, p.code, p.year, p.id),
      activities.mayRecord(k, actor, p.code),
    ]);
    const q = req.query as Record<string, unknown>;
    return reply.page(
      <ActivityPage
        ctx={req.pageCtx()}
        lao={lao}
        aspects={aspects}
        item={item}
        canRecord={canRecord}
        notice={
          q.saved
            ? pick(req.lang, bi('บันทึกแล้ว', 'Saved'))
            : q.attached
              ? pick(req.lang, bi('แนบไฟล์แล้ว', 'The files are attached'))
              : q.removed
                ? pick(req.lang, bi('ลบไฟล์แล้ว', 'The file was removed'))
                : null
        }
      />,
    );
  };
  app.get('/laos/:code/years/:year/activities/:id', detail);

  app.get('/laos/:code/years/:year/activities/:id/edit', async (req, reply) => {
    const p = parseOrThrow(activityParams, req.params);
    const actor = requireActor(req);
    await activities.requireRecorder(k, actor, p.code);
    const { activity: a } = await activities.getActivity(k, actor, p.code, p.year, p.id);
    return formPage(req, reply, {
      values: {
        date: isoToBE(a.date),
        title: a.title,
        aspect: String(a.aspect_no),
        description: a.description,
        participants: a.participants === null ? '' : String(a.participants),
      },
      errors: [],
      status: 200,
      id: a.id,
    });
  });

  app.post('/laos/:code/years/:year/activities/:id', async (req, reply) => {
    const p = parseOrThrow(activityParams, req.params);
    const actor = requireActor(req);
    await activities.requireRecorder(k, actor, p.code);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = activityForm.safeParse(body);
    if (!parsed.success)
      return formPage(req, reply, {
        values: valuesOf(body),
        errors: viewErrors(parsed.error, req.lang),
        status: 400,
        id: p.id,
      });
    const r = await tryForm(req.lang, () =>
      activities.updateActivity(k, actor, p.code, p.year, p.id, parsed.data, { ip: req.ip }),
    );
    if (r.ok) return reply.redirect(`/laos/${p.code}/years/${p.year}/activities/${p.id}?saved=1`, 303);
    return formPage(req, reply, {
      values: valuesOf(body),
      errors: r.errors,
      status: r.status === 422 ? 400 : r.status,
      id: p.id,
    });
  });

  const deletion = async (req: FastifyRequest, reply: FastifyReply) => {
    const p = parseOrThrow(activityParams, req.params);
    const actor = requireActor(req);
    await activities.requireRecorder(k, actor, p.code);
    const { activity: a, files } = await activities.getActivity(k, actor, p.code, p.year, p.id);
    const base = `/laos/${p.code}/years/${p.year}/activities`;
    if (isConfirmed(req.body)) {
      await activities.deleteActivity(k, actor, p.code, p.year, p.id, { ip: req.ip });
      return reply.redirect(`${base}?deleted=1`, 303);
    }
    const t = translator(req.lang);
    return reply.page(
      <ConfirmPage
        ctx={req.pageCtx()}
        title={t(`ลบกิจกรรม "${a.title}" ใช่หรือไม่`, `Delete "${a.title}"?`)}
        lead={t(
          'กิจกรรมจะไม่แสดงในรายการอีก ไฟล์แนบเก็บไว้กับบันทึก การลบบันทึกในบันทึกกิจกรรม',
          'The activity will no longer be listed; its files are kept on record; the deletion is logged',
        )}
        details={[
          { key: t('วันที่', 'Date'), value: isoToBE(a.date) },
          { key: t('ด้าน', 'Aspect'), value: String(a.aspect_no) },
          { key: t('ไฟล์แนบ', 'Files'), value: String(files.length) },
        ]}
        action={`${base}/${a.id}/delete`}
        button={t('ลบกิจกรรมนี้', 'Delete this activity')}
        cancelHref={`${base}/${a.id}`}
      />,
    );
  };
  app.get('/laos/:code/years/:year/activities/:id/delete', deletion);
  app.post('/laos/:code/years/:year/activities/:id/delete', deletion);

  app.post('/laos/:code/years/:year/activities/:id/files', { config: upload }, async (req, reply) => {
    const p = parseOrThrow(activityParams, req.params);
    requireActor(req);
    const back = `/laos/${p.code}/years/${p.year}/activities/${p.id}`;
    const r = await tryForm(req.lang, () => uploadToActivity(req));
    if (r.ok) return reply.redirect(`${back}?attached=1#evidence`, 303);
    const t = translator(req.lang);
    return reply.page(
      <UploadFailedPage
        ctx={req.pageCtx()}
        errors={r.errors}
        action={`${back}/files`}
        backHref={back}
        backLabel={t('กลับไปที่กิจกรรม', 'Back to the activity')}
      />,
      formStatus(reply, r),
    );
  });

  // The public page: the activities of aspects the LAO has certified.
  app.get('/registry/laos/:code/activities', async (req, reply) => {
    const { code } = parseOrThrow(z.object({ code: z.string().regex(/^\d{7}$/) }), req.params);
    const q = parseOrThrow(z.object({ year: qYear, page: activityQuery.shape.page }), req.query);
    const year = q.year ?? (await workYear(k, null));
    const pg = paging({ page: q.page }, 20);
    const r = await activities.publicActivities(k, code, year, {}, pg);
    const { catalog } = await laoYear(k, code, year);
    return reply.page(
      <PublicActivitiesPage
        ctx={req.pageCtx()}
        lao={{ code, nameTh: r.lao.nameTh, year }}
        aspects={aspectsOf(catalog, req.lang)}
        certified={r.aspects}
        items={r.items}
        total={r.total}
        page={pg.page}
        pageSize={pg.pageSize}
      />,
    );
  });
}

import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { translator } from '../plugins/i18n.ts';
import { requireActor } from '../plugins/session.ts';
import * as records from '../records/records.service.ts';
import { api } from '../system/api-doc.ts';
import { pageOf, paging, pagingOnly } from '../util/paging.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { parseOrThrow } from '../util/validation.ts';
import { ConfirmPage, isConfirmed } from '../views/confirm-page.tsx';
import { formStatus, tryForm } from '../views/forms.ts';
import {
  datasetFilesParams,
  fileAnswer,
  fileParams,
  filesAnswer,
  laoFileParams,
  toApiFile,
  uploadQuery,
} from './files.schemas.ts';
import * as files from './files.service.ts';
import { sizeText, UploadFailedPage } from './files.views.tsx';
import { evidenceMultipart, receiveFiles } from './upload.ts';

/** Evidence files: download (scope, or certified for the public), upload to a data set's form or rows, removal. */
export async function filesRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const k = db.kysely;
  await app.register(fastifyMultipart, evidenceMultipart);
  const upload = { multipartCsrf: true };

  /** Sends a file with headers that keep it a file: its checked type, nosniff, a sandbox, private unless public. */
  const download = async (req: FastifyRequest, reply: FastifyReply) => {
    const { fileId } = parseOrThrow(fileParams, req.params);
    const { file, isPublic } = await files.readableFile(k, req.actor, fileId);
    const stream = await files.openBlob(config.dataDir, file.sha256);
    return reply
      .type(file.media_type)
      .header('content-length', String(file.size))
      .header(
        'content-disposition',
        files.contentDisposition(file.media_type === 'application/pdf' ? 'attachment' : 'inline', file.name),
      )
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', isPublic ? 'public, max-age=300' : 'private, no-store')
      .send(stream);
  };

  // After the app's own headers (route hooks run last): a file is never a page, so it gets a sandbox of its own.
  const sandbox = async (_req: FastifyRequest, reply: FastifyReply) => {
    if (reply.statusCode === 200) reply.header('content-security-policy', "sandbox; default-src 'none'");
  };
  app.get('/files/:fileId', { onSend: sandbox }, download);
  app.get(
    '/api/v1/files/:fileId',
    {
      onSend: sandbox,
      ...api({
        id: 'downloadFile',
        tag: 'evidence',
        public: true,
        summary: 'An evidence file (PDF, JPEG or PNG)',
        description:
          'Readable by the LAO’s own people, its province and district, and the centre; by anyone once the aspect it belongs to is certified by the LAO (and its row or activity still stands). Anonymous and not yet public: 401.',
        params: fileParams,
        answer: { media: 'application/octet-stream' },
      }),
    },
    download,
  );

  app.get(
    '/api/v1/laos/:code/years/:year/datasets/:datasetId/files',
    api({
      id: 'listDatasetFiles',
      tag: 'evidence',
      paged: true,
      summary:
        'The evidence files of a data set (its form, or its rows and rows deleted since), oldest first',
      params: datasetFilesParams,
      query: pagingOnly,
      answer: fileAnswer,
    }),
    async (req) => {
      const p = parseOrThrow(datasetFilesParams, req.params);
      const pg = paging(parseOrThrow(pagingOnly, req.query), 100);
      await records.readDataset(k, requireActor(req), p.code, p.year, p.datasetId);
      const all = await files.filesOfDataset(k, p.code, p.year, p.datasetId);
      const items = all.slice(pg.offset, pg.offset + pg.pageSize).map(toApiFile);
      return pageOf(req.url, pg, items, all.length);
    },
  );

  const uploadToDataset = async (req: FastifyRequest, rowIdFromQuery: string | null) => {
    const p = parseOrThrow(datasetFilesParams, req.params);
    const actor = requireActor(req);
    let owner: files.Owner | null = null;
    const blobs = await receiveFiles(req, config.dataDir, async (fields) => {
      owner = await files.datasetOwner(k, actor, p, rowIdFromQuery ?? fields.rowId ?? null, 'record');
      await files.takeUpload(k, actor);
      return files.roomFor(k, owner);
    });
    return files.attachFiles(k, actor, owner!, blobs, { ip: req.ip });
  };

  app.post(
    '/api/v1/laos/:code/years/:year/datasets/:datasetId/files',
    api(
      {
        id: 'uploadDatasetFiles',
        tag: 'evidence',
        summary: 'Attach evidence files to a form data set, or to one row of a list (rowId)',
        description: `Multipart, field \`file\` (one or several); PDF, JPEG or PNG recognised from the content, not the name; at most ${files.MB} MB a file and ${files.evidenceLimits.perOwner} files per form or row. A browser form sends its CSRF token as the field \`_csrf\` before the files, and \`rowId\` (for a list) before the files too.`,
        params: datasetFilesParams,
        query: uploadQuery,
        body: 'upload',
        status: 201,
        answer: filesAnswer,
        refusals: {
          413: `A file larger than ${files.MB} MB`,
          415: 'Not multipart/form-data',
          429: 'More than 60 uploads in an hour: try again after Retry-After seconds',
        },
      },
      upload,
    ),
    async (req, reply) => {
      const q = parseOrThrow(uploadQuery, req.query);
      const rows = await uploadToDataset(req, q.rowId ?? null);
      return reply.code(201).send({ items: rows.map(toApiFile) });
    },
  );

  app.post('/laos/:code/years/:year/datasets/:datasetId/files', { config: upload }, async (req, reply) => {
    const p = parseOrThrow(datasetFilesParams, req.params);
    requireActor(req);
    const r = await tryForm(req.lang, () => uploadToDataset(req, null));
    const back = `/laos/${p.code}/years/${p.year}/datasets/${p.datasetId}`;
    if (r.ok) return reply.redirect(`${back}?attached=1#evidence`, 303);
    const t = translator(req.lang);
    const d = await records.readDataset(k, requireActor(req), p.code, p.year, p.datasetId);
    return reply.page(
      <UploadFailedPage
        ctx={req.pageCtx()}
        errors={r.errors}
        action={`${back}/files`}
        backHref={back}
        backLabel={t('กลับไปที่ชุดข้อมูล', 'Back to the data set')}
        {...(d.kind === 'list'
          ? { choices: d.rows.slice(0, 200).map((row, i) => ({ id: row.id, no: i + 1 })) }
          : {})}
      />,
      formStatus(reply, r),
    );
  });

  // Removing a file asks first; the file stays on record (removed_at) and the removal is logged.
  const removal = async (req: FastifyRequest, reply: FastifyReply) => {
    const p = parseOrThrow(laoFileParams, req.params);
    const actor = requireActor(req);
    const f = await files.removableFile(k, actor, p.code, p.fileId);
    const back =
      f.owner_kind === 'activity'
        ? `/laos/${p.code}/years/${f.year}/activities/${f.owner_id}`
        : `/laos/${p.code}/years/${f.year}/datasets/${f.dataset_id}`;
    if (isConfirmed(req.body)) {
      await files.removeFile(k, actor, f, { ip: req.ip });
      return reply.redirect(`${back}?removed=1`, 303);
    }
    const t = translator(req.lang);
    return reply.page(
      <ConfirmPage
        ctx={req.pageCtx()}
        title={t(`ลบไฟล์ ${f.name} ใช่หรือไม่`, `Remove ${f.name}?`)}
        lead={t(
          'ไฟล์จะไม่แสดงกับรายการนี้อีก การลบบันทึกในบันทึกกิจกรรม',
          'The file will no longer show with this item; the removal is logged',
        )}
        details={[
          { key: t('ไฟล์', 'File'), value: f.name },
          { key: t('ขนาด', 'Size'), value: sizeText(f.size) },
          { key: t('แนบโดย', 'Attached by'), value: `${f.uploaded_by} ${formatDateTimeBE(f.uploaded_at)}` },
        ]}
        action={`/laos/${p.code}/years/${p.year}/files/${p.fileId}/remove`}
        button={t('ลบไฟล์นี้', 'Remove this file')}
        cancelHref={back}
      />,
    );
  };
  app.get('/laos/:code/years/:year/files/:fileId/remove', removal);
  app.post('/laos/:code/years/:year/files/:fileId/remove', removal);
}

import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import { type Lang, pick } from '../plugins/i18n.ts';
import { checkMultipartCsrf, requireActor } from '../plugins/session.ts';
import { datasetParams, saveAnswer } from '../records/records.schemas.ts';
import { api } from '../system/api-doc.ts';
import { AppError, type Bilingual, bi } from '../util/errors.ts';
import { parseOrThrow } from '../util/validation.ts';
import type { ViewFieldError } from '../views/components.tsx';
import { tryForm, viewErrors } from '../views/forms.ts';
import { importLimits } from './grid.ts';
import { applySchema, importParams, previewAnswer } from './imports.schemas.ts';
import * as imports from './imports.service.ts';
import { ImportPage, PreviewPage, ResultPage } from './imports.views.tsx';
import { RETRY_AFTER_SECONDS } from './limiter.ts';
import { type CsvEncoding, csvEncodings } from './upload.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MB = importLimits.fileBytes / 1024 / 1024;

const fileError = (code: 'bad_request' | 'payload_too_large', text: Bilingual) =>
  new AppError(code, text, [{ field: 'file', code: 'file', message: text }]);

/** The CSV encoding chosen on the form (a field sent before the file): auto, utf-8 or windows-874; 400 otherwise. */
function encodingOf(fields: Record<string, unknown>): CsvEncoding {
  const f = fields.encoding as { value?: unknown } | undefined;
  if (f === undefined || f.value === '' || f.value === undefined) return 'auto';
  if (typeof f.value === 'string' && (csvEncodings as readonly string[]).includes(f.value))
    return f.value as CsvEncoding;
  const text = bi(
    'เลือกการเข้ารหัสของแฟ้ม CSV: auto, utf-8 หรือ windows-874',
    'Choose the CSV encoding: auto, utf-8 or windows-874',
  );
  throw new AppError('bad_request', text, [{ field: 'encoding', code: 'encoding', message: text }]);
}

/**
 * Reads the one file of a multipart request (field `file`), within the size limit, once access is settled; a form's
 * CSRF token is its first field, checked before the file is read.
 */
const multipartFile = (req: FastifyRequest) => async (): Promise<imports.UploadFile> => {
  const send = bi(
    'เลือกแฟ้ม .xlsx หรือ .csv แล้วส่งแบบ multipart/form-data ในช่อง file',
    'Choose an .xlsx or .csv file and send it as multipart/form-data in the field file',
  );
  if (!req.isMultipart()) throw fileError('bad_request', send);
  try {
    // Parts arrive in the order sent: the fields before the file, then the file, whose bytes are not read yet.
    const before: Record<string, unknown> = {};
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        before[part.fieldname] = part;
        continue;
      }
      try {
        checkMultipartCsrf(req, before);
        if (part.fieldname !== 'file' || !part.filename) throw fileError('bad_request', send);
      } catch (err) {
        part.file.resume();
        throw err;
      }
      return { fileName: part.filename, data: await part.toBuffer(), encoding: encodingOf(before) };
    }
    checkMultipartCsrf(req, before);
    throw fileError('bad_request', send);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw fileError(
        'payload_too_large',
        bi(
          `แฟ้มใหญ่เกิน ${MB} MB — ลบแผ่นงานหรือรูปภาพที่ไม่ใช้ หรือแบ่งข้อมูลเป็นหลายแฟ้ม`,
          `The file is larger than ${MB} MB; remove unused sheets or pictures, or split the data into several files`,
        ),
      );
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw fileError('bad_request', bi('ส่งได้ครั้งละ 1 แฟ้ม', 'Send one file at a time'));
    }
    throw fileError('bad_request', send);
  }
};

const base = (p: { code: string; year: number; datasetId: string }) =>
  `/laos/${p.code}/years/${p.year}/datasets/${p.datasetId}`;

/** A preview as the JSON API gives it: counts, every kept error by row and column, messages in one language. */
function apiPreview(v: imports.PreviewView, lang: Lang) {
  const issue = (e: imports.PreviewView['errors'][number]) => ({
    row: e.row,
    column: e.column,
    field: e.field,
    code: e.code,
    message: pick(lang, e.message),
  });
  return {
    importId: v.importId,
    laoCode: v.laoCode,
    year: v.year,
    datasetId: v.datasetId,
    fileName: v.fileName,
    format: v.format,
    createdAt: v.createdAt,
    createdBy: v.createdBy,
    baseVersion: v.baseVersion,
    currentVersion: v.currentVersion,
    stale: v.stale,
    added: v.summary.added,
    changed: v.summary.changed,
    removed: v.summary.removed,
    unchanged: v.summary.unchanged,
    total: v.summary.total,
    errorCount: v.summary.errorCount,
    errors: v.errors.map(issue),
    missingCount: v.summary.missingCount,
    missing: v.summary.missing.map(issue),
    warnings: v.summary.warnings.map((w) => pick(lang, w)),
    ambiguousDates: v.summary.ambiguousDates ?? [],
    appliedAt: v.appliedAt,
    appliedBy: v.appliedBy,
    appliedVersion: v.appliedVersion,
  };
}

/** Excel and CSV round-trip of a data set: template, upload → preview → apply (JSON API and pages). */
export async function importsRoutes(app: FastifyInstance, { db }: AppDeps) {
  const k = db.kysely;
  // Only this plugin's routes take multipart bodies, and never more than one file of the size limit.
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: importLimits.fileBytes,
      files: 1,
      fields: 10,
      parts: 12,
      fieldSize: 4096,
      headerPairs: 100,
    },
  });

  const sendTemplate = async (req: FastifyRequest, reply: FastifyReply) => {
    const p = parseOrThrow(datasetParams, req.params);
    const t = await imports.datasetTemplate(k, requireActor(req), p.code, p.year, p.datasetId);
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', `attachment; filename="${t.fileName}"`)
      .header('cache-control', 'no-store')
      .send(t.data);
  };

  // JSON API
  const uploadDescription =
    `Multipart, field \`file\`; at most ${MB} MB and ${importLimits.rows.toLocaleString('en-US')} rows. ` +
    'A signed-in browser form sends its CSRF token as the field `_csrf` before `file` (or the header `x-csrf-token`). ' +
    'At most 2 files are read at once per server; beyond a short queue the answer is 429 with Retry-After. ' +
    'Columns match by field key or Thai label (units and * allowed). Rows with an id column update those rows and ' +
    'rows absent from the file are removed; without ids the file replaces the rows. Formulas are read by their saved ' +
    'values (0, FALSE and empty text included); one without a value is an error naming the cell. Cell errors come ' +
    'back in `errors` with 200.';
  app.get(
    '/api/v1/laos/:code/years/:year/datasets/:datasetId/template.xlsx',
    api({
      id: 'datasetTemplate',
      tag: 'imports',
      summary: 'The Excel template of a data set for an LAO, prefilled with its current rows',
      description:
        'Sheet ข้อมูล: Thai headers with units (row 1), the field keys (hidden row 2), the row ids (hidden column A), drop-downs of Thai labels for choices; sheet คำอธิบาย: every field and rule, in Thai with English.',
      params: datasetParams,
      answer: { media: XLSX_TYPE },
    }),
    sendTemplate,
  );

  // A browser's form sends its token as the first field (no script); API clients use a bearer token or the header.
  const upload = { multipartCsrf: true };

  app.post(
    '/api/v1/laos/:code/years/:year/datasets/:datasetId/imports',
    api(
      {
        id: 'uploadImport',
        tag: 'imports',
        summary:
          'Upload an .xlsx or .csv (UTF-8, BOM optional) and get a preview; nothing is stored in the data set',
        description: uploadDescription,
        params: datasetParams,
        body: 'upload',
        answer: previewAnswer,
        status: 200,
        refusals: {
          413: 'File larger than the limit',
          415: 'Not multipart/form-data',
          422: 'A file that cannot be read: not a real workbook, damaged, too large unpacked, no header, unknown or duplicate columns (listed), too many rows, cells, texts or styles, a cell over 32,767 characters, or more time or memory than one file may use',
          429: 'Too many files being read: try again after Retry-After seconds',
        },
      },
      upload,
    ),
    async (req) => {
      const p = parseOrThrow(datasetParams, req.params);
      const v = await imports.createPreview(
        k,
        requireActor(req),
        p.code,
        p.year,
        p.datasetId,
        multipartFile(req),
        {
          ip: req.ip,
        },
      );
      return apiPreview(v, req.lang);
    },
  );

  app.get(
    '/api/v1/laos/:code/years/:year/datasets/:datasetId/imports/:importId',
    api({
      id: 'getImport',
      tag: 'imports',
      summary: 'A stored preview (kept 7 days)',
      params: importParams,
      answer: previewAnswer,
    }),
    async (req) => {
      const p = parseOrThrow(importParams, req.params);
      return apiPreview(
        await imports.getPreview(k, requireActor(req), p.code, p.year, p.datasetId, p.importId),
        req.lang,
      );
    },
  );

  app.post(
    '/api/v1/laos/:code/years/:year/datasets/:datasetId/imports/:importId/apply',
    api({
      id: 'applyImport',
      tag: 'imports',
      summary: 'Apply a preview in one step: { version, status, changed }',
      description:
        'All rows in one save (history kind `import`). Needs the right to record the data set. A certified aspect needs `changeReason`.',
      params: importParams,
      body: applySchema,
      answer: saveAnswer,
      refusals: {
        409: 'Already applied, or the data set changed since the upload (upload again)',
        422: 'The preview has errors: errors [{ row, field, code, message }], nothing stored',
      },
    }),
    async (req) => {
      const p = parseOrThrow(importParams, req.params);
      const actor = requireActor(req);
      const body = parseOrThrow(applySchema, req.body ?? {}, 'unprocessable');
      return imports.applyPreview(k, actor, p.code, p.year, p.datasetId, p.importId, body, { ip: req.ip });
    },
  );

  // Pages
  app.get('/laos/:code/years/:year/datasets/:datasetId/template.xlsx', sendTemplate);

  app.get('/laos/:code/years/:year/datasets/:datasetId/import', async (req, reply) => {
    const p = parseOrThrow(datasetParams, req.params);
    const c = await imports.importContext(k, requireActor(req), p.code, p.year, p.datasetId);
    return reply.page(<ImportPage ctx={req.pageCtx()} {...p} context={c} errors={[]} />);
  });

  app.post('/laos/:code/years/:year/datasets/:datasetId/import', { config: upload }, async (req, reply) => {
    const p = parseOrThrow(datasetParams, req.params);
    const actor = requireActor(req);
    const r = await tryForm(req.lang, () =>
      imports.createPreview(k, actor, p.code, p.year, p.datasetId, multipartFile(req), { ip: req.ip }),
    );
    if (r.ok) return reply.redirect(`${base(p)}/imports/${r.value.importId}`, 303);
    if (r.status === 429) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    const c = await imports.importContext(k, actor, p.code, p.year, p.datasetId);
    return reply.page(<ImportPage ctx={req.pageCtx()} {...p} context={c} errors={r.errors} />, r.status);
  });

  const renderPreview = async (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    errors: ViewFieldError[],
    changeReason = '',
  ) => {
    const p = parseOrThrow(importParams, req.params);
    const v = await imports.getPreview(k, requireActor(req), p.code, p.year, p.datasetId, p.importId);
    if (v.appliedAt && v.appliedVersion !== null)
      return reply.redirect(`${base(p)}/imports/${p.importId}/result`, 303);
    return reply.page(
      <PreviewPage ctx={req.pageCtx()} preview={v} errors={errors} changeReason={changeReason} />,
      status,
    );
  };

  app.get('/laos/:code/years/:year/datasets/:datasetId/imports/:importId', (req, reply) =>
    renderPreview(req, reply, 200, []),
  );

  app.post('/laos/:code/years/:year/datasets/:datasetId/imports/:importId/apply', async (req, reply) => {
    const p = parseOrThrow(importParams, req.params);
    const actor = requireActor(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = applySchema.safeParse({
      changeReason: typeof body.changeReason === 'string' ? body.changeReason : undefined,
      dateOrder: typeof body.dateOrder === 'string' && body.dateOrder ? body.dateOrder : undefined,
    });
    const reason = typeof body.changeReason === 'string' ? body.changeReason : '';
    if (!parsed.success) return renderPreview(req, reply, 400, viewErrors(parsed.error, req.lang), reason);
    try {
      await imports.applyPreview(k, actor, p.code, p.year, p.datasetId, p.importId, parsed.data, {
        ip: req.ip,
      });
    } catch (err) {
      if (!(err instanceof AppError) || [401, 403, 404].includes(err.status)) throw err;
      // The file's own errors are already on the page: say at the button why applying was refused.
      const reasonErrors = err.fieldErrors.filter(
        (f) => f.field === 'changeReason' || f.field === 'dateOrder',
      );
      const errors = reasonErrors.length
        ? reasonErrors.map((f) => ({ field: f.field, message: pick(req.lang, f.message) }))
        : [{ field: 'apply', message: pick(req.lang, err.text) }];
      return renderPreview(req, reply, err.status, errors, reason);
    }
    return reply.redirect(`${base(p)}/imports/${p.importId}/result`, 303);
  });

  app.get('/laos/:code/years/:year/datasets/:datasetId/imports/:importId/result', async (req, reply) => {
    const p = parseOrThrow(importParams, req.params);
    const v = await imports.getPreview(k, requireActor(req), p.code, p.year, p.datasetId, p.importId);
    if (!v.appliedAt || v.appliedVersion === null)
      return reply.redirect(`${base(p)}/imports/${p.importId}`, 303);
    return reply.page(<ResultPage ctx={req.pageCtx()} preview={v} />);
  });
}

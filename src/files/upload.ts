import type { FastifyRequest } from 'fastify';
import { checkMultipartCsrf } from '../plugins/session.ts';
import { AppError, bi } from '../util/errors.ts';
import { evidenceLimits, type StoredBlob, storeStream, tooLarge, tooMany } from './files.service.ts';

/** The multipart limits of every evidence upload: enforced by the parser while the bytes arrive. */
export const evidenceMultipart = {
  limits: {
    fileSize: evidenceLimits.fileBytes,
    files: evidenceLimits.perOwner,
    fields: 10,
    parts: evidenceLimits.perOwner + 10,
    fieldSize: 4096,
    headerPairs: 100,
  },
};

const send = bi(
  'เลือกไฟล์ PDF, JPEG หรือ PNG แล้วส่งแบบ multipart/form-data ในช่อง file',
  'Choose a PDF, JPEG or PNG file and send it as multipart/form-data in the field file',
);
const sendError = () => new AppError('bad_request', send, [{ field: 'file', code: 'file', message: send }]);

/**
 * Reads the files of an evidence upload (field `file`, one or several) once access is settled: the fields sent
 * before the first file (the CSRF token, a row id) go to `settle`, which checks access and answers how many files
 * the owner may still take; each file is then streamed to the store (type from its first bytes, hash, size limit).
 */
export async function receiveFiles(
  req: FastifyRequest,
  dataDir: string,
  settle: (fields: Record<string, string>) => Promise<number>,
): Promise<StoredBlob[]> {
  if (!req.isMultipart()) {
    // Access first, so that a refusal says so whatever was sent.
    await settle({});
    throw sendError();
  }
  const before: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  const blobs: StoredBlob[] = [];
  let room: number | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'field') {
        if (room === null) {
          before[part.fieldname] = part;
          if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        }
        continue;
      }
      try {
        if (room === null) {
          checkMultipartCsrf(req, before);
          room = await settle(fields);
        }
        if (part.fieldname !== 'file') throw sendError();
        // A browser sends an empty part for a file input left empty.
        if (!part.filename) {
          part.file.resume();
          continue;
        }
        if (blobs.length >= room) throw tooMany(room);
      } catch (err) {
        part.file.resume();
        throw err;
      }
      blobs.push(await storeStream(dataDir, part.file, part.filename));
    }
    if (room === null) {
      checkMultipartCsrf(req, before);
      await settle(fields);
    }
    return blobs;
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT') throw tooMany(room ?? evidenceLimits.perOwner);
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw sendError();
    throw sendError();
  }
}

import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Kysely, Transaction } from 'kysely';
import { logActivity } from '../audit/audit.service.ts';
import { aspectStatus } from '../certification/certification.repository.ts';
import { aspectState, countsAsCertified } from '../certification/certification.state.ts';
import type { Database } from '../db/database.ts';
import { type Actor, can, type Viewer } from '../policy/policy.ts';
import { laoScope } from '../policy/scope.ts';
import * as records from '../records/records.service.ts';
import { every } from '../scheduler/scheduler.service.ts';
import { take } from '../throttle/throttle.service.ts';
import { AppError, bi } from '../util/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { formatTime } from '../util/thai-date.ts';
import * as repo from './files.repository.ts';
import type { EvidenceFileTable, EvidenceType, OwnerKind } from './files.table.ts';

/** Bounds of evidence: bytes per file, live files per owner. */
export const evidenceLimits = { fileBytes: 10 * 1024 * 1024, perOwner: 10 } as const;
export const MB = evidenceLimits.fileBytes / 1024 / 1024;

/** What a file is attached to, with what decides who may read it (the LAO, and the aspect's certification). */
export type Owner = {
  kind: OwnerKind;
  id: string;
  laoCode: string;
  year: number;
  sectionNo: number;
  datasetId: string | null;
};

/** A file stored by its content, not yet attached to anything. */
export type StoredBlob = { sha256: string; size: number; mediaType: EvidenceType; name: string };

const extensions: Record<EvidenceType, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
};
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type of a file from its first bytes (never its name): PDF, JPEG or PNG; null for anything else. */
export function sniffType(head: Buffer): EvidenceType | null {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(PNG)) return 'image/png';
  return null;
}

/** An uploaded name made safe to keep and to send back: no path, no control characters, bounded, right extension. */
export function cleanName(raw: string, type: EvidenceType): string {
  const base = (raw.split(/[\\/]/).pop() ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/[\uD800-\uDFFF]/g, '')
    .trim()
    .slice(0, 120);
  const ext = extensions[type];
  const name = base || 'file';
  const known = type === 'image/jpeg' ? /\.jpe?g$/i : new RegExp(`\\${ext}$`, 'i');
  return known.test(name) ? name : `${name}${ext}`;
}

export const refusedType = () =>
  new AppError(
    'unprocessable',
    bi(
      'รับเฉพาะไฟล์ PDF, JPEG หรือ PNG — ไฟล์นี้ไม่ใช่ไฟล์ชนิดนั้น (ตรวจจากเนื้อไฟล์ ไม่ใช่ชื่อไฟล์)',
      'Only PDF, JPEG or PNG files are accepted; this file is none of them (checked from its content, not its name)',
    ),
    [
      {
        field: 'file',
        code: 'file_type',
        message: bi('เลือกไฟล์ PDF, JPEG หรือ PNG', 'Choose a PDF, JPEG or PNG file'),
      },
    ],
  );

export const tooLarge = () =>
  new AppError(
    'payload_too_large',
    bi(
      `ไฟล์ใหญ่เกิน ${MB} MB — ย่อขนาดรูปหรือแบ่ง PDF เป็นหลายไฟล์`,
      `A file is larger than ${MB} MB; make the picture smaller or split the PDF`,
    ),
    [{ field: 'file', code: 'file_size', message: bi(`ไฟล์ละไม่เกิน ${MB} MB`, `At most ${MB} MB a file`) }],
  );

export const tooMany = (room: number) =>
  new AppError(
    'unprocessable',
    bi(
      `แนบได้ไม่เกิน ${evidenceLimits.perOwner} ไฟล์ต่อรายการ ตอนนี้แนบเพิ่มได้อีก ${room} ไฟล์ — ลบไฟล์ที่ไม่ใช้ก่อน`,
      `At most ${evidenceLimits.perOwner} files per item; ${room} more can be attached now: remove unused files first`,
    ),
    [
      {
        field: 'file',
        code: 'file_count',
        message: bi(`แนบเพิ่มได้อีก ${room} ไฟล์`, `${room} more files can be attached`),
      },
    ],
  );

const blobPath = (dataDir: string, sha: string) => path.join(dataDir, 'files', sha.slice(0, 2), sha);

/**
 * Streams one upload to DATA_DIR/files: the type is checked on the first bytes, the hash computed as it goes, the
 * bytes written to a temporary file and renamed to their hash (a content already kept is kept once). `truncated`
 * says the stream stopped at the size limit: nothing is kept then.
 */
export async function storeStream(
  dataDir: string,
  stream: Readable & { truncated?: boolean },
  rawName: string,
): Promise<StoredBlob> {
  const tmpDir = path.join(dataDir, 'files', 'tmp');
  await fs.mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, randomUUID());
  const fh = await fs.open(tmp, 'w');
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  let type: EvidenceType | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!type) {
        head = Buffer.concat([head, chunk]).subarray(0, 8);
        if (head.length >= 8 || head.length >= 5) type = sniffType(head);
        if (!type && head.length >= 8) throw refusedType();
      }
      hash.update(chunk);
      size += chunk.length;
      await fh.write(chunk);
    }
    if (stream.truncated || size > evidenceLimits.fileBytes) throw tooLarge();
    type ??= sniffType(head);
    if (!type) throw refusedType();
  } catch (err) {
    await fh.close();
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  const sha256 = hash.digest('hex');
  const dest = blobPath(dataDir, sha256);
  await fs.mkdir(path.dirname(dest), { recursive: true });
  await fs.rename(tmp, dest);
  return { sha256, size, mediaType: type, name: cleanName(rawName, type) };
}

/** How long an unreferenced blob or temporary file is left alone (an upload in progress renames, then inserts). */
export const ORPHAN_AGE_MS = 60 * 60 * 1000;

/**
 * Removes what a refused or interrupted upload left in DATA_DIR/files: blobs no evidence row names (removed files'
 * rows stay, so their blobs stay) and temporary files, once older than ORPHAN_AGE_MS. A blob is looked at again
 * just before it goes: one written again meanwhile (a new upload of the same content) is fresh and kept.
 */
export async function sweepOrphanBlobs(
  db: Kysely<Database>,
  dataDir: string,
  now = new Date(),
): Promise<{ blobs: number; temporary: number }> {
  const root = path.join(dataDir, 'files');
  const cut = now.getTime() - ORPHAN_AGE_MS;
  const old = async (file: string) => {
    const st = await fs.stat(file).catch(() => null);
    return st?.isFile() === true && st.mtimeMs < cut;
  };
  const names = async (dir: string) => fs.readdir(dir).catch(() => [] as string[]);
  let temporary = 0;
  for (const name of await names(path.join(root, 'tmp'))) {
    const file = path.join(root, 'tmp', name);
    if (await old(file)) {
      await fs.rm(file, { force: true });
      temporary++;
    }
  }
  let blobs = 0;
  for (const prefix of await names(root)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    const candidates: string[] = [];
    for (const sha of await names(path.join(root, prefix)))
      if (/^[0-9a-f]{64}$/.test(sha) && (await old(blobPath(dataDir, sha)))) candidates.push(sha);
    const kept = new Set<string>();
    for (let i = 0; i < candidates.length; i += 500)
      for (const sha of await repo.knownBlobs(db, candidates.slice(i, i + 500))) kept.add(sha);
    for (const sha of candidates) {
      if (kept.has(sha) || !(await old(blobPath(dataDir, sha)))) continue;
      await fs.rm(blobPath(dataDir, sha), { force: true });
      blobs++;
    }
  }
  return { blobs, temporary };
}

/** The orphan sweep of a server: every six hours (the first ten minutes after start); stopped on shutdown. */
export const startOrphanSweep = (
  db: Kysely<Database>,
  dataDir: string,
  log: (msg: string, err?: unknown) => void,
  everyMs = 6 * 60 * 60 * 1000,
) =>
  every(
    everyMs,
    async () => {
      const r = await sweepOrphanBlobs(db, dataDir);
      if (r.blobs || r.temporary)
        log(`evidence files: removed ${r.blobs} unreferenced blobs and ${r.temporary} temporary files`);
    },
    log,
    'evidence orphan sweep',
    { firstAfterMs: 10 * 60 * 1000 },
  );

/** How many more files an owner may take now. */
export async function roomFor(db: Kysely<Database>, owner: Owner) {
  const n = await repo.liveCount(db, owner.laoCode, owner.year, owner.kind, owner.id);
  return Math.max(0, evidenceLimits.perOwner - n);
}

/**
 * Attaches stored files to an owner whose access the caller has settled, in one transaction with the log entry;
 * the count limit is checked again inside it.
 */
export async function attachFiles(
  db: Kysely<Database>,
  actor: Actor,
  owner: Owner,
  blobs: StoredBlob[],
  opts: { ip?: string | null } = {},
) {
  if (blobs.length === 0)
    throw new AppError('bad_request', bi('เลือกไฟล์ที่จะแนบก่อน', 'Choose a file to attach first'), [
      { field: 'file', code: 'file', message: bi('เลือกไฟล์ที่จะแนบ', 'Choose a file to attach') },
    ]);
  return db.transaction().execute((trx) => attachFilesIn(trx, actor, owner, blobs, opts));
}

/** attachFiles inside the caller's transaction (an activity and its photos are written together). */
export async function attachFilesIn(
  trx: Transaction<Database>,
  actor: Actor,
  owner: Owner,
  blobs: StoredBlob[],
  opts: { ip?: string | null } = {},
) {
  if (blobs.length === 0) return [];
  const at = new Date().toISOString();
  const rows: EvidenceFileTable[] = blobs.map((b) => ({
    id: uuidv7(),
    lao_code: owner.laoCode,
    year: owner.year,
    section_no: owner.sectionNo,
    owner_kind: owner.kind,
    owner_id: owner.id,
    dataset_id: owner.datasetId,
    sha256: b.sha256,
    media_type: b.mediaType,
    size: b.size,
    name: b.name,
    uploaded_by: actor.username,
    uploaded_at: at,
    removed_at: null,
    removed_by: null,
  }));
  const n = await repo.liveCount(trx, owner.laoCode, owner.year, owner.kind, owner.id);
  if (n + rows.length > evidenceLimits.perOwner) throw tooMany(Math.max(0, evidenceLimits.perOwner - n));
  await repo.insertFiles(trx, rows);
  await logActivity(trx, {
    actor,
    action: 'evidence.attached',
    laoCode: owner.laoCode,
    target: `${owner.kind}:${owner.id}`,
    detail: {
      year: owner.year,
      datasetId: owner.datasetId,
      files: rows.map((r) => ({ id: r.id, name: r.name })),
    },
    ip: opts.ip ?? null,
  });
  return rows;
}

export const notFound = () =>
  new AppError('not_found', bi('ไม่พบไฟล์นี้ อาจถูกลบไปแล้ว', 'No such file; it may have been removed'));

/** Whether the public may read a file: its aspect stands certified by the LAO and its owner still stands. */
export async function publiclyReadable(db: Kysely<Database>, f: EvidenceFileTable) {
  const a = await aspectStatus(db, f.lao_code, f.year, f.section_no);
  return countsAsCertified(aspectState(a), 'lao') && (await repo.ownerStands(db, f));
}

/**
 * A file for download, if the viewer may read it: the LAO's own people, its province and district, the centre;
 * the public (and anyone else) only once the owner's aspect is certified. 401 for the public otherwise (sign in),
 * 403 for someone signed in outside the scope.
 */
export async function readableFile(db: Kysely<Database>, viewer: Viewer, fileId: string) {
  const f = /^[0-9a-f-]{36}$/.test(fileId) ? await repo.findFile(db, fileId) : undefined;
  if (!f || f.removed_at) throw notFound();
  const scope = await laoScope(db, f.lao_code);
  if (viewer && scope && can(viewer, 'lao.view', scope)) return { file: f, isPublic: false };
  if (await publiclyReadable(db, f)) return { file: f, isPublic: true };
  if (!viewer) throw new AppError('unauthorized', bi('กรุณาเข้าสู่ระบบก่อน', 'Please sign in first'));
  throw new AppError('forbidden', bi('คุณไม่มีสิทธิ์เปิดไฟล์นี้', 'You may not open this file'));
}

/** The bytes of a kept file, as a stream. */
export async function openBlob(dataDir: string, sha256: string) {
  const { createReadStream } = await import('node:fs');
  const p = blobPath(dataDir, sha256);
  await fs.access(p).catch(() => {
    throw notFound();
  });
  return createReadStream(p);
}

/** The live files of owners of one kind, grouped by owner id. */
export async function filesByOwner(
  db: Kysely<Database>,
  laoCode: string,
  year: number,
  kind: OwnerKind,
  ownerIds: string[],
) {
  const rows = await repo.filesOfOwners(db, laoCode, year, kind, ownerIds);
  const out = new Map<string, EvidenceFileTable[]>();
  for (const r of rows) out.set(r.owner_id, [...(out.get(r.owner_id) ?? []), r]);
  return out;
}

/** The live files of a data set (its form, its rows, and rows deleted since), at most 500. */
export const filesOfDataset = (db: Kysely<Database>, laoCode: string, year: number, datasetId: string) =>
  repo.filesOfDataset(db, laoCode, year, datasetId, 500);

/** A live file of an LAO, for its removal page; 404 otherwise. */
export async function fileOf(db: Kysely<Database>, laoCode: string, fileId: string) {
  const f = /^[0-9a-f-]{36}$/.test(fileId) ? await repo.findFile(db, fileId) : undefined;
  if (!f || f.removed_at || f.lao_code !== laoCode) throw notFound();
  return f;
}

/** Removes a file from its owner (the row stays, marked removed), logged in the same transaction. */
export async function removeFile(
  db: Kysely<Database>,
  actor: Actor,
  f: EvidenceFileTable,
  opts: { ip?: string | null } = {},
) {
  await db.transaction().execute(async (trx) => {
    const r = await repo.markRemoved(trx, f.id, new Date().toISOString(), actor.username);
    if (Number(r.numUpdatedRows) === 0) throw notFound();
    await logActivity(trx, {
      actor,
      action: 'evidence.removed',
      laoCode: f.lao_code,
      target: `${f.owner_kind}:${f.owner_id}`,
      detail: { year: f.year, datasetId: f.dataset_id, file: { id: f.id, name: f.name } },
      ip: opts.ip ?? null,
    });
  });
}

/** Content-Disposition with a plain fallback and the exact name (RFC 5987/6266). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string) {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * The owner of a data set's files — its form, or one of its rows — checked for the actor: reading needs lao.view,
 * attaching needs the right to record the data set. 404 for a row that is not there.
 */
export async function datasetOwner(
  db: Kysely<Database>,
  actor: Actor,
  p: { code: string; year: number; datasetId: string },
  rowId: string | null,
  mode: 'view' | 'record',
): Promise<Owner> {
  const d = await records.readDataset(db, actor, p.code, p.year, p.datasetId);
  if (mode === 'record')
    await records.requireAccess(db, actor, p.code, 'record', {
      year: p.year,
      section: d.section,
      datasetId: p.datasetId,
    });
  const base = { laoCode: p.code, year: p.year, sectionNo: d.section.no, datasetId: p.datasetId };
  if (d.kind === 'form') return { ...base, kind: 'form', id: p.datasetId };
  if (!rowId || !d.rows.some((r) => r.id === rowId))
    throw new AppError(
      'unprocessable',
      bi(
        'เลือกแถวที่จะแนบไฟล์ (แถวนี้อาจถูกลบไปแล้ว)',
        'Choose the row to attach the files to (it may have been deleted)',
      ),
      [
        {
          field: 'rowId',
          code: 'row',
          message: bi('เลือกแถวที่จะแนบไฟล์', 'Choose the row to attach the files to'),
        },
      ],
    );
  return { ...base, kind: 'row', id: rowId };
}

/**
 * Whether the actor may change what an aspect of an LAO holds: its data set's recorders for a data set's files;
 * for an activity's, those who record the aspect (its section's division, the LAO administrator, the centre).
 */
export async function requireRecordAspect(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  sectionNo: number,
  datasetId: string | null,
) {
  const { catalog } = await records.laoYear(db, laoCode, year);
  const section = catalog.sections.find((s) => s.no === sectionNo);
  if (!section) throw new AppError('not_found', bi(`ไม่พบด้านที่ ${sectionNo}`, `No aspect ${sectionNo}`));
  await records.requireAccess(db, actor, laoCode, 'record', { year, section, datasetId: datasetId ?? '' });
}

/** The file to remove, if the actor may change its owner. */
export async function removableFile(db: Kysely<Database>, actor: Actor, laoCode: string, fileId: string) {
  await records.requireAccess(db, actor, laoCode, 'view');
  const f = await fileOf(db, laoCode, fileId);
  await requireRecordAspect(db, actor, laoCode, f.year, f.section_no, f.dataset_id);
  return f;
}

export type DatasetEvidence = {
  kind: 'form' | 'list';
  base: string;
  canRecord: boolean;
  /** Form: its files. */
  formFiles: EvidenceFileTable[];
  /** List: files by row, in row order, with the row's number. */
  rows: { id: string; no: number; files: EvidenceFileTable[] }[];
  /** Files of rows deleted since (kept with the history). */
  deleted: EvidenceFileTable[];
  /** Rows the upload form offers (the page shown). */
  choices: { id: string; no: number }[];
  room: number;
};

/** What the evidence panel of a data set page shows (at most 500 files). */
export async function datasetEvidence(
  db: Kysely<Database>,
  d: {
    lao: { code: string; year: number };
    datasetId: string;
    kind: 'form' | 'list';
    rows: { id: string }[];
  },
  canRecord: boolean,
  page = 1,
  pageSize = 50,
): Promise<DatasetEvidence> {
  const all = await filesOfDataset(db, d.lao.code, d.lao.year, d.datasetId);
  const base = `/laos/${d.lao.code}/years/${d.lao.year}/datasets/${d.datasetId}`;
  const byRow = new Map<string, EvidenceFileTable[]>();
  for (const f of all)
    if (f.owner_kind === 'row') byRow.set(f.owner_id, [...(byRow.get(f.owner_id) ?? []), f]);
  const position = new Map(d.rows.map((r, i) => [r.id, i + 1]));
  const formFiles = all.filter((f) => f.owner_kind === 'form');
  return {
    kind: d.kind,
    base,
    canRecord,
    formFiles,
    rows: [...byRow.entries()]
      .filter(([id]) => position.has(id))
      .map(([id, files]) => ({ id, no: position.get(id)!, files }))
      .sort((a, b) => a.no - b.no),
    deleted: all.filter((f) => f.owner_kind === 'row' && !position.has(f.owner_id)),
    choices: d.rows
      .slice((page - 1) * pageSize, page * pageSize)
      .map((r) => ({ id: r.id, no: position.get(r.id)! })),
    room:
      d.kind === 'form' ? Math.max(0, evidenceLimits.perOwner - formFiles.length) : evidenceLimits.perOwner,
  };
}

/** Moves an owner's files to another aspect, in the caller's transaction (who may read them follows it). */
export const moveOwnerSection = (
  trx: Transaction<Database>,
  kind: OwnerKind,
  ownerId: string,
  sectionNo: number,
) => repo.moveOwnerSection(trx, kind, ownerId, sectionNo);

/** Uploads one person may send in an hour: enough for a day's evidence, not for filling the disk. */
export const UPLOADS_PER_HOUR = 60;

/** Counts an upload request against its sender's hourly limit; 429 with Retry-After beyond it. */
export async function takeUpload(db: Kysely<Database>, actor: Actor) {
  const refused = await take(db, [
    { scope: 'evidence:user', subject: actor.id, max: UPLOADS_PER_HOUR, windowMs: 3_600_000 },
  ]);
  if (refused)
    throw new AppError(
      'too_many_requests',
      bi(
        `ส่งไฟล์ครบ ${UPLOADS_PER_HOUR} ครั้งใน 1 ชั่วโมงแล้ว ลองใหม่ได้หลังเวลา ${formatTime(refused.until)} น.`,
        `${UPLOADS_PER_HOUR} uploads in the last hour; try again after ${formatTime(refused.until)} (Bangkok time)`,
      ),
      [],
      { retryAfter: refused.retryAfter },
    );
}

import { hostname } from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import { getCatalog } from '../catalog/catalog.service.ts';
import * as runs from '../certification/certification.repository.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Lang } from '../plugins/i18n.ts';
import type { Actor } from '../policy/policy.ts';
import { every } from '../scheduler/scheduler.service.ts';
import { uuidv7 } from '../util/ids.ts';
import { bangkokIsoDate } from '../util/thai-date.ts';
import { actionLabel, type SentenceInput, sentence } from './audit.kinds.ts';
import * as repo from './audit.repository.ts';

export type ActivityEntry = {
  actor: Actor | { username: string; role?: string | null; id?: string | null };
  action: string;
  laoCode?: string | null;
  provinceCode?: string | null;
  /** The aspect (1–8, 9 the debt report); read from a target "2569/aspect-4" when not given. */
  sectionNo?: number | null;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
};

/** Appends one entry to the activity log (inside the caller's transaction when given one). */
export async function logActivity(
  db: Kysely<Database> | Transaction<Database>,
  e: ActivityEntry,
): Promise<void> {
  await activityWrite(db, e).execute();
}

/** The write of one activity-log entry, for a caller that sends it with its own writes (writeTogether). */
export function activityWrite(db: Kysely<Database> | Transaction<Database>, e: ActivityEntry) {
  const a = e.actor;
  const aspect = /\/aspect-(\d)$/.exec(e.target ?? '')?.[1];
  return repo.insertActivity(db, {
    id: uuidv7(),
    at: new Date().toISOString(),
    actor_id: a && 'id' in a ? (a.id ?? null) : null,
    actor_username: a?.username ?? null,
    actor_role: a && 'role' in a ? (a.role ?? null) : null,
    action: e.action,
    lao_code: e.laoCode ?? null,
    province_code: e.provinceCode ?? (e.laoCode ? e.laoCode.slice(1, 3) : null),
    target: e.target ?? null,
    detail_json: e.detail ? JSON.stringify(e.detail) : null,
    ip: e.ip ?? null,
    section_no:
      e.sectionNo ??
      (aspect ? Number(aspect) : Number.isInteger(e.detail?.aspect) ? (e.detail!.aspect as number) : null),
  });
}

const toItem = (x: Awaited<ReturnType<typeof repo.activityBatchAfter>>[number]) => ({
  id: x.id,
  at: x.at,
  actorUsername: x.actor_username,
  actorRole: x.actor_role,
  action: x.action,
  laoCode: x.lao_code,
  provinceCode: x.province_code,
  aspectNo: x.section_no === null ? null : Number(x.section_no),
  target: x.target,
  detail: x.detail_json ? (JSON.parse(x.detail_json) as Record<string, unknown>) : null,
  ip: x.ip,
});
export type ActivityRow = ReturnType<typeof toItem>;

/** One page of the activity log, newest first. */
export async function listActivity(
  db: Kysely<Database>,
  f: repo.ActivityFilter,
  page: number,
  pageSize: number,
) {
  const r = await repo.findActivity(db, f, page, pageSize);
  return { total: r.total, items: r.items.map(toItem) };
}

/**
 * The entries in words: each with its short label and its sentence in the given language, the data set and the
 * changed fields named by the catalog of the entry's fiscal year (an entry of a year without a catalog keeps the
 * general words).
 */
export async function describeActivity(db: Kysely<Database>, items: ActivityRow[], lang: Lang) {
  const years = new Set<number>();
  for (const x of items) {
    const y = /^(\d{4})\/[a-z]/.exec(x.target ?? '')?.[1];
    if (y && (x.action.startsWith('record.') || x.action.startsWith('import.'))) years.add(Number(y));
  }
  const catalogs = new Map<number, Awaited<ReturnType<typeof getCatalog>> | null>();
  for (const y of years) catalogs.set(y, await getCatalog(db, y).catch(() => null));
  return items.map((x) => {
    const input: SentenceInput = { ...x, sectionNo: x.aspectNo };
    const m = /^(\d{4})\/([a-z0-9-]+)$/.exec(x.target ?? '');
    const def = m ? catalogs.get(Number(m[1]))?.dataset(m[2]!) : undefined;
    if (def) {
      input.dataset = { th: def.nameTh, en: def.nameEn };
      const keys = Array.isArray(x.detail?.fields) ? (x.detail.fields as unknown[]).map(String) : [];
      input.fields = keys.map((k) => {
        const f = def.fields.find((ff) => ff.key === k);
        return f ? { th: f.labelTh, en: f.labelEn } : { th: k, en: k };
      });
    }
    return { ...x, actionLabel: actionLabel(x.action, lang), sentence: sentence(input, lang) };
  });
}
export type DescribedActivity = Awaited<ReturnType<typeof describeActivity>>[number];

/** The most entries one CSV export holds; a larger view is narrowed by its filters first. */
export const EXPORT_LIMIT = 10_000;
const EXPORT_BATCH = 500;

/** The filtered view, newest first, in batches described in words, at most EXPORT_LIMIT entries. */
export async function* activityForExport(db: Kysely<Database>, f: repo.ActivityFilter, lang: Lang) {
  let after: { at: string; id: string } | null = null;
  let sent = 0;
  while (sent < EXPORT_LIMIT) {
    const rows = await repo.activityBatchAfter(db, f, after, Math.min(EXPORT_BATCH, EXPORT_LIMIT - sent));
    if (rows.length === 0) return;
    yield await describeActivity(db, rows.map(toItem), lang);
    sent += rows.length;
    const last = rows[rows.length - 1]!;
    after = { at: last.at, id: last.id };
    if (rows.length < EXPORT_BATCH) return;
  }
}

export const PURGE_JOB = 'activity-purge';
const DAY_MS = 24 * 3600_000;
/** Sign-in records are kept at least this long, whatever is configured (config refuses less). */
export const MIN_SIGN_IN_DAYS = 90;

export type PurgeResult = { day: string; skipped: 'already_done' | null; deleted: number };

/**
 * Deletes what is past its retention: sign-in entries (auth.*) older than the sign-in retention (never under
 * 90 days), other entries older than ACTIVITY_RETENTION_DAYS when it is set. The Bangkok day's row in
 * scheduled_run is the lock: of several nodes one purges, the others skip. The purge is itself logged.
 */
export async function purgeActivity(
  db: Kysely<Database>,
  config: Pick<Config, 'activityRetention'>,
  opts: { now?: Date; node?: string } = {},
): Promise<PurgeResult> {
  const now = opts.now ?? new Date();
  const day = bangkokIsoDate(now);
  const node = opts.node ?? `${hostname()}:${process.pid}`;
  if (!(await runs.insertRun(db, { job: PURGE_JOB, run_key: day, started_at: now.toISOString(), node })))
    return { day, skipped: 'already_done', deleted: 0 };
  const r = config.activityRetention;
  const cut = {
    signIns: new Date(now.getTime() - Math.max(r.signInDays, MIN_SIGN_IN_DAYS) * DAY_MS).toISOString(),
    others: r.days === null ? null : new Date(now.getTime() - r.days * DAY_MS).toISOString(),
  };
  let deleted = 0;
  for (;;) {
    const n = await db.transaction().execute((trx) => repo.deleteOlderThan(trx, cut, 1000));
    deleted += n;
    if (n === 0) break;
  }
  if (deleted > 0)
    await logActivity(db, {
      actor: { username: 'system' },
      action: 'audit.purged',
      detail: { deleted, signInsBefore: cut.signIns, othersBefore: cut.others },
    });
  const result = { day, skipped: null, deleted };
  await runs.finishRun(db, PURGE_JOB, day, new Date().toISOString(), result);
  return result;
}

/**
 * The purge job of a server: every hour it checks whether today's purge (Bangkok day) has run on any node, and
 * runs it. The timer does not keep the process alive; the returned function stops it.
 */
export function startActivityPurgeSchedule(
  db: Kysely<Database>,
  config: Pick<Config, 'activityRetention'>,
  log: (msg: string, err?: unknown) => void,
  everyMs = 60 * 60 * 1000,
): () => Promise<void> {
  return every(
    everyMs,
    async () => {
      const day = bangkokIsoDate(new Date());
      if (await runs.findRun(db, PURGE_JOB, day)) return;
      const r = await purgeActivity(db, config);
      if (!r.skipped) log(`activity log purged for ${day}: ${r.deleted} entries past retention`);
    },
    log,
    'activity purge',
    { firstAfterMs: 30_000 },
  );
}

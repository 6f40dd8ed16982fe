import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Actor } from '../policy/policy.ts';
import { uuidv7 } from '../util/ids.ts';
import * as repo from './audit.repository.ts';

export type ActivityEntry = {
  actor: Actor | { username: string; role?: string | null; id?: string | null };
  action: string;
  laoCode?: string | null;
  provinceCode?: string | null;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
};

/** Appends one entry to the activity log (inside the caller's transaction when given one). */
export async function logActivity(
  db: Kysely<Database> | Transaction<Database>,
  e: ActivityEntry,
): Promise<void> {
  const a = e.actor;
  await repo.insertActivity(db, {
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
  });
}

/** One page of the activity log, newest first. */
export async function listActivity(
  db: Kysely<Database>,
  f: repo.ActivityFilter,
  page: number,
  pageSize: number,
) {
  const r = await repo.findActivity(db, f, page, pageSize);
  return {
    total: r.total,
    items: r.items.map((x) => ({
      id: x.id,
      at: x.at,
      actorUsername: x.actor_username,
      actorRole: x.actor_role,
      action: x.action,
      laoCode: x.lao_code,
      provinceCode: x.province_code,
      target: x.target,
      detail: x.detail_json ? (JSON.parse(x.detail_json) as Record<string, unknown>) : null,
      ip: x.ip,
    })),
  };
}

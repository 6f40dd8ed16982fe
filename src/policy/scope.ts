import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { AppError, type Bilingual, bi } from '../util/errors.ts';
import { NodeCache } from '../util/node-cache.ts';
import { type Action, type Actor, can, type Resource } from './policy.ts';

// An LAO's province and district never change for a code (a new place gets a new code), so they are kept as long
// as the process runs; the bound holds every LAO of the country with room for new codes.
const scopes = new NodeCache<Resource>({
  name: 'lao_scope',
  ttlMs: Number.POSITIVE_INFINITY,
  maxEntries: 10_000,
});

/** The policy resource of an LAO (its province and district from the registry), or null for an unknown code. */
export async function laoScope(db: Kysely<Database>, laoCode: string): Promise<Resource | null> {
  const hit = scopes.peek(db, laoCode);
  if (hit) return hit;
  const row = await db
    .selectFrom('lao')
    .select(['code', 'province_code', 'district_code'])
    .where('code', '=', laoCode)
    .executeTakeFirst();
  if (!row) return null;
  const r = { laoCode: row.code, provinceCode: row.province_code, districtCode: row.district_code };
  scopes.set(db, laoCode, r);
  return r;
}

const refusals: Partial<Record<Action, Bilingual>> = {
  'lao.manage': bi(
    'เฉพาะผู้ดูแลระบบของ อปท. นี้ที่จัดการกอง การมอบหมาย และเจ้าหน้าที่ได้',
    'Only this LAO’s administrator may manage its divisions, assignments and staff',
  ),
  'lao.certify': bi(
    'เฉพาะผู้รับรองข้อมูลของ อปท. นี้ที่รับรองหรือถอนการรับรองได้',
    'Only this LAO’s certifier may certify or withdraw',
  ),
  'province.certify': bi(
    'เฉพาะสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดของ อปท. นี้ที่รับรองหรือส่งคืนได้',
    'Only the provincial office of this LAO’s province may certify or return',
  ),
  'lao.contact.edit': bi(
    'เฉพาะผู้ดูแลระบบของ อปท. นี้หรือส่วนกลางที่แก้ไขการลงทะเบียน e-mail กลางได้',
    "Only this LAO's administrator or the centre can change the central e-mail registration",
  ),
};
const defaultRefusal = bi('คุณไม่มีสิทธิ์เข้าถึงข้อมูลของ อปท. นี้', 'You may not access this LAO’s data');

/**
 * THE way a signed-in request reaches an LAO: 404 for a code the registry does not have, 403 (with `refusal`, or
 * the action's usual words) unless the actor may do `action` on it; returns the LAO's scope. `extra` adds to the resource
 * (the assigned divisions of a data set, for lao.record).
 */
export async function requireLao(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  action: Action,
  opts: { extra?: Partial<Resource>; refusal?: Bilingual } = {},
): Promise<Resource> {
  const scope = await laoScope(db, laoCode);
  if (!scope) throw new AppError('not_found', bi(`ไม่พบ อปท. รหัส ${laoCode}`, `No LAO with code ${laoCode}`));
  if (!can(actor, action, { ...scope, ...opts.extra }))
    throw new AppError('forbidden', opts.refusal ?? refusals[action] ?? defaultRefusal);
  return scope;
}

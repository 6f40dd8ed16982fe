import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Resource } from './policy.ts';

// An LAO's province and district never change for a code (a new place gets a new code), so they can be cached.
const cache = new WeakMap<object, Map<string, Resource>>();

/** The policy resource of an LAO (its province and district from the registry), or null for an unknown code. */
export async function laoScope(db: Kysely<Database>, laoCode: string): Promise<Resource | null> {
  let m = cache.get(db);
  if (!m) {
    m = new Map();
    cache.set(db, m);
  }
  const hit = m.get(laoCode);
  if (hit) return hit;
  const row = await db
    .selectFrom('lao')
    .select(['code', 'province_code', 'district_code'])
    .where('code', '=', laoCode)
    .executeTakeFirst();
  if (!row) return null;
  const r = { laoCode: row.code, provinceCode: row.province_code, districtCode: row.district_code };
  m.set(laoCode, r);
  return r;
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { NodeCache } from '../util/node-cache.ts';
import type { Resource } from './policy.ts';

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

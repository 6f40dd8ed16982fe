import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { ensureDefaultDivisions } from '../src/divisions/divisions.service.ts';
import { createUser } from '../src/users/users.service.ts';
import type { Role } from '../src/users/users.table.ts';

export const TEST_PASSWORD = 'Test-pass-2569!';

/** Own scope: เทศบาลเมืองบ้านบัว (5310108), Buri Ram (31), อ.เมืองบุรีรัมย์ (3101). Other: อบต. in Surin (32). */
export const OWN = { lao: '5310108', province: '31', district: '3101' };
export const OTHER = { lao: '6320602', province: '32', district: '3206' };
/** Another LAO of the same province and district as OWN. */
export const NEIGHBOUR = { lao: '6310105', province: '31', district: '3101' };

export type TestUser = { username: string; role: Role; scope: 'own' | 'other' | 'national' };

/** One account per role in the own scope and in another scope; staff belong to the divisions of their LAO. */
export async function createRoleMatrixUsers(db: Kysely<Database>): Promise<TestUser[]> {
  const out: TestUser[] = [];
  const make = async (
    username: string,
    role: Role,
    scope: 'own' | 'other' | 'national',
    s: typeof OWN,
    divisionNames: string[] = [],
  ) => {
    const divisions = role.startsWith('lao_') ? await ensureDefaultDivisions(db, s.lao) : [];
    await createUser(db, 'system', {
      username,
      displayName: username,
      email: `${username}@test.example`,
      password: TEST_PASSWORD,
      role,
      provinceCode: role === 'province_officer' ? s.province : null,
      districtCode: role === 'district_officer' ? s.district : null,
      laoCode: role.startsWith('lao_') ? s.lao : null,
      divisionIds: divisions.filter((d) => divisionNames.includes(d.name_th)).map((d) => d.id),
      mustChangePassword: false,
    });
    out.push({ username, role, scope });
  };
  await make('t.admin', 'dla_admin', 'national', OWN);
  for (const [scope, s] of [
    ['own', OWN],
    ['other', OTHER],
  ] as const) {
    await make(`t.${scope}.province`, 'province_officer', scope, s);
    await make(`t.${scope}.district`, 'district_officer', scope, s);
    await make(`t.${scope}.laoadmin`, 'lao_admin', scope, s);
    await make(`t.${scope}.certifier`, 'lao_certifier', scope, s);
    await make(`t.${scope}.staff`, 'lao_staff', scope, s, ['กองสาธารณสุขและสิ่งแวดล้อม']);
  }
  return out;
}

/** Signs in through the JSON API and returns the bearer token. */
export async function tokenFor(
  app: FastifyInstance,
  username: string,
  password = TEST_PASSWORD,
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return res.json().token;
}

/** Bearer headers by username for a suite's app, each user signed in once. */
export function bearers(t: { app: FastifyInstance }) {
  const cache = new Map<string, string>();
  return async (username: string) => {
    let tk = cache.get(username);
    if (!tk) {
      tk = await tokenFor(t.app, username);
      cache.set(username, tk);
    }
    return { authorization: `Bearer ${tk}` };
  };
}

/** Signs in and returns the session cookie and the CSRF token of the session's forms. */
export async function browserSession(app: FastifyInstance, username: string, password = TEST_PASSWORD) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const sid = res.cookies.find((c) => c.name === 'info_sid')!.value;
  const page = await app.inject({ url: '/account', cookies: { info_sid: sid } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!csrf) throw new Error('no csrf token on /account');
  return { cookies: { info_sid: sid }, csrf };
}

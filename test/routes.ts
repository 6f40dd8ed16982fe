// The app's routes as Fastify registered them, and a fingerprint of every table a request could change: shared by
// the route authorisation matrix and the JSON fuzzing.
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.ts';
import { ensureDefaultDivisions } from '../src/divisions/divisions.service.ts';
import { createUser } from '../src/users/users.service.ts';
import { createRoleMatrixUsers, OWN, TEST_PASSWORD } from './factories.ts';
import { type Expectation, SPARE_DIVISION, SPARE_STAFF } from './route-matrix.expectations.ts';

/**
 * The role matrix's accounts, plus targets that allowed requests may change without touching them (a spare
 * staff account and a spare division of the own LAO); returns the values of the routes' path parameters.
 */
export async function prepareRouteTargets(k: Kysely<Database>): Promise<Record<string, string>> {
  await createRoleMatrixUsers(k);
  const divisions = await ensureDefaultDivisions(k, OWN.lao);
  await createUser(k, 'system', {
    username: SPARE_STAFF,
    displayName: SPARE_STAFF,
    email: `${SPARE_STAFF}@test.example`,
    password: TEST_PASSWORD,
    role: 'lao_staff',
    provinceCode: null,
    districtCode: null,
    laoCode: OWN.lao,
    divisionIds: [divisions[0]!.id],
    mustChangePassword: false,
  });
  const spare = randomUUID();
  await k
    .insertInto('division')
    .values({
      id: spare,
      lao_code: OWN.lao,
      name_th: SPARE_DIVISION,
      name_en: null,
      position: 99,
      created_at: new Date().toISOString(),
    })
    .execute();
  return {
    year: '2569',
    no: '1',
    datasetId: 'waste-management',
    username: SPARE_STAFF,
    lao: OWN.lao,
    op: 'enable',
    divisionId: spare,
    id: randomUUID(),
    rowId: randomUUID(),
    importId: randomUUID(),
    token: 'x'.repeat(43),
  };
}

/** A route as Fastify registered it: its method and its path with :parameters. */
export type Route = { method: string; url: string };

/**
 * Every route of the app, read from Fastify's own route tree (printRoutes without common prefixes: each line
 * is a node whose path continues its parent's). Each parsed route is checked with hasRoute, so a parsing slip
 * cannot silently drop a route.
 */
export function registeredRoutes(app: FastifyInstance): Route[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const out: Route[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([\s│]*)[├└]── (\S+?)(?: \(([A-Z, ]+)\))?$/.exec(line.replace(/\s+$/, ''));
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    const full = (depth > 0 ? (stack[depth - 1] ?? '') : '') + (m[2] ?? '');
    stack[depth] = full;
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim())) {
      if (method && method !== 'HEAD') out.push({ method, url: full });
    }
  }
  return out;
}

/** The path of a route with its parameters filled from the own scope (or the expectation's own values). */
export function concreteUrl(r: Route, e: Expectation, ids: Record<string, string>): string {
  let url = r.url.replace(/:(\w+)/g, (_all, name: string) => {
    const given = e.params?.[name];
    if (given !== undefined) return given.startsWith('$') ? ids[given.slice(1)]! : given;
    if (name === 'code') {
      if (/\/provinces?\/:code/.test(r.url)) return OWN.province;
      if (/\/districts\/:code/.test(r.url)) return OWN.district;
      return OWN.lao;
    }
    const v = ids[name];
    if (v === undefined) throw new Error(`no value for :${name} in ${r.method} ${r.url}`);
    return v;
  });
  if (e.query) url += `?${e.query}`;
  return url;
}

/**
 * A fingerprint of every table a request could change (not the registry and catalog, which no route writes;
 * not the columns a signed-in request touches by design: a session's last_seen_at, a token's last_used_at).
 */
export async function fingerprint(k: Kysely<Database>): Promise<string> {
  const tables = [
    'app_user',
    'division',
    'user_division',
    'session',
    'api_token',
    'password_reset',
    'mfa_policy',
    'dataset_record',
    'dataset_row',
    'dataset_change',
    'aspect_status',
    'assignment',
    'year_deadline',
    'certification_event',
    'activity_log',
    'notification',
    'mail_outbox',
    'lao_contact',
    'lao_contact_history',
    'import_preview',
    'deadline_extension',
    'score_assessment',
    'score_assessment_item',
    'evidence_file',
    'lao_activity',
    'quality_explanation',
  ] as const;
  const h = createHash('sha256');
  for (const t of tables) {
    const rows = (await k.selectFrom(t).selectAll().execute()) as Record<string, unknown>[];
    const lines = rows.map((row) => {
      const { last_seen_at: _s, last_used_at: _u, ...rest } = row;
      return JSON.stringify(rest, (_k, v) => (v instanceof Date ? v.toISOString() : v));
    });
    h.update(`${t}:${lines.sort().join('\n')}\n`);
  }
  return h.digest('hex');
}

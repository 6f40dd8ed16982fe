// Two real app processes on one PostgreSQL database: concurrent conflicting saves and certifications sent to
// both; a status change made on one node is in the other's next answer (the caches follow LISTEN/NOTIFY). Runs when TEST_DATABASE_URL is set (always under CI).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { type Child, startServer } from '../bench/lib/child.ts';
import { buildApp } from '../src/app.ts';
import { ensureDefaultCatalog } from '../src/catalog/catalog.service.ts';
import { type Db, openDb } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadRegistry } from '../src/registry/registry.service.ts';
import { createRoleMatrixUsers, OWN, TEST_PASSWORD } from './factories.ts';
import { fillAspect } from './fill.ts';
import { testConfig } from './harness.ts';

const url = process.env.TEST_DATABASE_URL;

/** The URL with the schema as the connection's search_path, as a node's DATABASE_URL. */
function withSchema(base: string, schema: string) {
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

describe('several app nodes on one PostgreSQL', { skip: !url && 'TEST_DATABASE_URL not set' }, () => {
  const schema = `mn_${process.pid}_${randomBytes(3).toString('hex')}`;
  let db: Db;
  const nodes: Child[] = [];
  const tokens: Record<string, string> = {};

  before(async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    db = openDb({ kind: 'postgres', url: url!, schema });
    await migrateToLatest(db.kysely);
    await loadRegistry(db.kysely);
    await ensureDefaultCatalog(db.kysely, [2568, 2569]);
    await createRoleMatrixUsers(db.kysely);
    // Aspect 2 made complete in-process, so that it can be certified through the nodes.
    const app = await buildApp(
      { config: testConfig({ kind: 'postgres', url: url!, schema }), db },
      { logger: false },
    );
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 't.own.laoadmin', password: TEST_PASSWORD },
    });
    await fillAspect(app, login.json().token, { lao: OWN.lao, year: 2569, aspect: 2, lists: 'none' });
    await app.close();
    const env = { DATABASE_URL: withSchema(url!, schema), DATA_DIR: '/tmp' };
    nodes.push(...(await Promise.all([startServer(env), startServer(env)])));
    for (const u of ['t.own.laoadmin', 't.own.certifier', 't.own.province']) {
      const r = await fetch(`${nodes[0]!.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: u, password: TEST_PASSWORD }),
      });
      assert.equal(r.status, 200);
      tokens[u] = ((await r.json()) as { token: string }).token;
    }
  });

  after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await db?.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
  });

  /** The same request sent to both nodes at once, `each` times per node. */
  async function race(path: string, method: string, token: string, body: (i: number) => unknown, each = 3) {
    const calls = nodes.flatMap((n, k) =>
      Array.from({ length: each }, (_, i) =>
        fetch(`${n.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body(k * each + i)),
        }).then(async (r) => ({ status: r.status, body: await r.json() })),
      ),
    );
    return Promise.all(calls);
  }

  it('a session made on one node is honoured by the other (no state in the process)', async () => {
    const r = await fetch(`${nodes[1]!.url}/api/v1/laos/${OWN.lao}/years/2569/datasets`, {
      headers: { authorization: `Bearer ${tokens['t.own.laoadmin']}` },
    });
    assert.equal(r.status, 200);
  });

  it('gives exactly one winner per conflicting save across both nodes, 409 to every loser, no lost update', async () => {
    const path = `/api/v1/laos/${OWN.lao}/years/2569/datasets/waste-management`;
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      // Every request carries the same version: the one all of them read.
      const results = await race(path, 'PUT', tokens['t.own.laoadmin']!, (i) => ({
        version: round,
        rows: [
          {
            values: {
              generatedTonsPerDay: 20,
              collectedTonsPerDay: 18,
              recycledTonsPerDay: 3,
              servedPopulation: 9000 + round * 10 + i,
              disposalMethod: 'sanitary_landfill',
              disposalSite: 'cluster',
            },
          },
        ],
      }));
      const codes = results.map((r) => r.status).sort();
      assert.deepEqual(codes, [200, 409, 409, 409, 409, 409], `round ${round}: ${JSON.stringify(results)}`);
      assert.equal(results.find((r) => r.status === 200)!.body.version, round + 1);
    }
    const record = await db.kysely
      .selectFrom('dataset_record')
      .selectAll()
      .where('lao_code', '=', OWN.lao)
      .where('year', '=', 2569)
      .where('dataset_id', '=', 'waste-management')
      .executeTakeFirstOrThrow();
    assert.equal(record.version, rounds, 'final version = number of winners');
    const changes = await db.kysely
      .selectFrom('dataset_change')
      .select('version')
      .where('lao_code', '=', OWN.lao)
      .where('dataset_id', '=', 'waste-management')
      .orderBy('version')
      .execute();
    assert.deepEqual(
      changes.map((c) => c.version),
      [1, 2, 3, 4, 5],
      'one history entry per winner',
    );
  });

  /** Aspect 2 of the LAO as the public status search of node `k` answers it (from its cache when it can). */
  async function aspect2On(k: number) {
    const r = await fetch(`${nodes[k]!.url}/api/v1/status?year=2569&lao=${OWN.lao}`);
    assert.equal(r.status, 200);
    const body = (await r.json()) as { items: { aspects: { no: number; state: string }[] }[] };
    return body.items[0]!.aspects.find((a) => a.no === 2)!.state;
  }

  it('certifies an aspect once when both nodes are asked at once, at each level; 409 to every loser', async () => {
    const path = `/api/v1/laos/${OWN.lao}/years/2569/aspects/2/certifications`;
    // Both nodes keep the status answer before each certification (asked twice: the second from the cache).
    for (const k of [0, 1]) for (let i = 0; i < 2; i++) assert.equal(await aspect2On(k), 'complete');
    for (const [who, level] of [
      ['t.own.certifier', 'lao'],
      ['t.own.province', 'province'],
    ] as const) {
      const results = await race(path, 'POST', tokens[who]!, () => ({ level }));
      // The winner was one node; both show the certification in their next answer (LISTEN/NOTIFY, no 2 s window).
      for (const k of [0, 1])
        assert.equal(await aspect2On(k), `${level}_certified`, `node ${k} after ${level}`);
      const codes = results.map((r) => r.status).sort();
      assert.deepEqual(
        codes,
        [201, 409, 409, 409, 409, 409],
        `${level}: ${JSON.stringify(results.map((r) => r.status))}`,
      );
      const events = await db.kysely
        .selectFrom('certification_event')
        .selectAll()
        .where('lao_code', '=', OWN.lao)
        .where('year', '=', 2569)
        .where('section_no', '=', 2)
        .where('level', '=', level)
        .where('action', '=', 'certify')
        .execute();
      assert.equal(events.length, 1, `no double certification at ${level} level`);
    }
    const aspect = await db.kysely
      .selectFrom('aspect_status')
      .selectAll()
      .where('lao_code', '=', OWN.lao)
      .where('year', '=', 2569)
      .where('section_no', '=', 2)
      .executeTakeFirstOrThrow();
    assert.ok(aspect.lao_certified_at && aspect.province_certified_at);
  });

  it('a return made on one node is in the next answer of the other', async () => {
    for (const k of [0, 1])
      for (let i = 0; i < 2; i++) assert.equal(await aspect2On(k), 'province_certified');
    const r = await fetch(`${nodes[0]!.url}/api/v1/laos/${OWN.lao}/years/2569/aspects/2/returns`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['t.own.province']}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'ตัวเลขขยะไม่ตรงกับรายงานประจำปี' }),
    });
    assert.equal(r.status, 201, await r.text());
    assert.equal(await aspect2On(1), 'returned', 'the other node, next answer');
    assert.equal(await aspect2On(0), 'returned', 'the node that returned it');
  });
});

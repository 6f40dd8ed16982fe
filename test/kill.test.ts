// Durability: the server is killed with SIGKILL at random moments during bulk imports and saves, at least 20
// times, and restarted each time with no manual step. After every kill the SQLite file passes
// integrity_check, an import is there whole or not at all, and every acknowledged save is there with its version.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { type Child, startServer, stopChild } from '../bench/lib/child.ts';
import { ensureDefaultCatalog } from '../src/catalog/catalog.service.ts';
import { prng } from '../src/catalog/sample-values.ts';
import { openDb } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadRegistry } from '../src/registry/registry.service.ts';
import { createRoleMatrixUsers, OWN, TEST_PASSWORD } from './factories.ts';

const KILLS = 20;
const SIZES = [300, 600];
const base = `/api/v1/laos/${OWN.lao}/years/2569/datasets`;

function roadsCsv(n: number, tag: number) {
  let csv = 'ชื่อสายทาง,ประเภทผิวจราจร,ความยาว (กม.),ความกว้างผิวจราจร (ม.),สภาพ\n';
  for (let i = 0; i < n; i++) csv += `ถนนสาย ${tag}-${i},คอนกรีตเสริมเหล็ก,${(i % 40) + 0.5},5.5,ดี\n`;
  return Buffer.from(csv);
}

function multipart(data: Buffer) {
  const boundary = `----k${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="roads.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('SIGKILL during bulk imports and saves (SQLite)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lao-info-kill-'));
  const file = path.join(dir, 'info.sqlite');
  let server: Child | null = null;
  let token = '';
  /** Every save the server answered 200 to: version → the value it carried. */
  const acked = new Map<number, number>();
  const appliedSizes = new Set<number>([0]);
  let version = 0;

  before(async () => {
    const db = openDb({ kind: 'sqlite', file });
    await migrateToLatest(db.kysely);
    await loadRegistry(db.kysely);
    await ensureDefaultCatalog(db.kysely, [2568, 2569]);
    await createRoleMatrixUsers(db.kysely);
    await db.close();
  });
  after(async () => {
    if (server) await stopChild(server.proc, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const call = async (p: string, init: RequestInit) => {
    const r = await fetch(`${server!.url}${p}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
    return { status: r.status, body: (await r.json()) as any };
  };

  /** Saves the form again and again, remembering what was acknowledged. */
  async function saves(stop: { now: boolean }) {
    while (!stop.now) {
      const value = 1000 + version + 1;
      const r = await call(`${base}/waste-management`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          version,
          rows: [
            {
              values: {
                generatedTonsPerDay: 20,
                collectedTonsPerDay: 18,
                recycledTonsPerDay: 3,
                servedPopulation: value,
                disposalMethod: 'sanitary_landfill',
                disposalSite: 'own',
              },
            },
          ],
        }),
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      version = r.body.version;
      acked.set(version, value);
    }
  }

  /** Replaces the roads list by importing a CSV of 300 or 600 rows: preview, then apply. */
  async function imports(stop: { now: boolean }, random: () => number) {
    while (!stop.now) {
      const n = SIZES[Math.floor(random() * SIZES.length)]!;
      const m = multipart(roadsCsv(n, Math.floor(random() * 1e6)));
      const p = await call(`${base}/local-roads/imports`, {
        method: 'POST',
        headers: { 'content-type': m.type },
        body: m.body,
      });
      assert.equal(p.status, 200, JSON.stringify(p.body).slice(0, 500));
      const a = await call(`${base}/local-roads/imports/${p.body.importId}/apply`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(a.status, 200, JSON.stringify(a.body).slice(0, 500));
      appliedSizes.add(n);
    }
  }

  /** What a killed server left behind, read straight from the file. */
  function check() {
    const db = new SQLite(file);
    try {
      assert.equal((db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check, 'ok');
      const roads = db
        .prepare(
          `select row_count from dataset_record where lao_code = ? and year = 2569 and dataset_id = 'local-roads'`,
        )
        .get(OWN.lao) as { row_count: number } | undefined;
      const present = (
        db
          .prepare(
            `select count(*) as n from dataset_row where lao_code = ? and year = 2569 and dataset_id = 'local-roads'`,
          )
          .get(OWN.lao) as { n: number }
      ).n;
      assert.equal(present, roads?.row_count ?? 0, 'row_count equals the rows present');
      assert.ok([0, ...SIZES].includes(present), `an import is whole or absent: ${present} rows`);
      const form = db
        .prepare(
          `select version from dataset_record where lao_code = ? and year = 2569 and dataset_id = 'waste-management'`,
        )
        .get(OWN.lao) as { version: number } | undefined;
      const last = Math.max(0, ...acked.keys());
      assert.ok(
        (form?.version ?? 0) >= last,
        `acknowledged version ${last} is there (found ${form?.version})`,
      );
      const versions = new Set(
        (
          db
            .prepare(
              `select version from dataset_change where lao_code = ? and year = 2569 and dataset_id = 'waste-management'`,
            )
            .all(OWN.lao) as { version: number }[]
        ).map((r) => r.version),
      );
      for (const v of acked.keys()) assert.ok(versions.has(v), `acknowledged save v${v} kept in the history`);
      const row = db
        .prepare(
          `select values_json from dataset_row where lao_code = ? and year = 2569 and dataset_id = 'waste-management'`,
        )
        .get(OWN.lao) as { values_json: string } | undefined;
      if (form && form.version === last && last > 0)
        assert.equal(JSON.parse(row!.values_json).servedPopulation, acked.get(last));
      // The server may have committed a save it never got to acknowledge: carry on from what is there.
      version = form?.version ?? 0;
    } finally {
      db.close();
    }
  }

  it(`keeps the database whole across ${KILLS} kills at random moments, restarting with no manual step`, async () => {
    const random = prng(20260515);
    let kills = 0;
    let withImportInFlight = 0;
    for (; kills < KILLS; kills++) {
      server = await startServer({ DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'error' });
      if (!token) {
        const r = await fetch(`${server.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 't.own.laoadmin', password: TEST_PASSWORD }),
        });
        token = ((await r.json()) as { token: string }).token;
      }
      const stop = { now: false };
      const sizesBefore = appliedSizes.size;
      // Errors after the kill are expected (the connection drops); failures before it are real.
      const work = Promise.allSettled([saves(stop), imports(stop, random)]);
      await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 600)));
      const killedAt = Date.now();
      await stopChild(server.proc, 'SIGKILL');
      stop.now = true;
      const outcome = await work;
      for (const o of outcome)
        if (o.status === 'rejected' && o.reason instanceof assert.AssertionError)
          assert.fail(`before the kill at ${killedAt}: ${o.reason.message}`);
      if (appliedSizes.size === sizesBefore) withImportInFlight++;
      server = null;
      check();
    }
    assert.equal(kills, KILLS);
    assert.ok(acked.size > 0, 'some saves were acknowledged');
    assert.ok(withImportInFlight > 0, 'some kills hit an import');
    // And once more: a start on what the last kill left works without help.
    server = await startServer({ DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'error' });
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});

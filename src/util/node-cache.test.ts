import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it, mock } from 'node:test';
import { cacheLookups } from '../metrics/metrics.ts';
import { NodeCache, nodeCaches, watchExternalVersion } from './node-cache.ts';

describe('NodeCache', () => {
  it('keeps a value for its time to live, per database, and computes again after', async () => {
    mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
    try {
      const c = new NodeCache<number>({ name: 'test_ttl', ttlMs: 1000, maxEntries: 10 });
      const a = {};
      const b = {};
      let computed = 0;
      const get = (db: object) => c.get(db, 'k', async () => ++computed);
      assert.equal(await get(a), 1);
      assert.equal(await get(a), 1, 'a hit');
      assert.equal(await get(b), 2, 'another database has its own');
      mock.timers.tick(1000);
      assert.equal(await get(a), 3, 'expired');
      assert.equal(cacheLookups.value({ cache: 'test_ttl', result: 'hit' }), 1);
      assert.equal(cacheLookups.value({ cache: 'test_ttl', result: 'miss' }), 3);
    } finally {
      mock.timers.reset();
    }
  });

  it('holds at most maxEntries, the oldest out first', () => {
    const c = new NodeCache<number>({ name: 'test_bound', ttlMs: Number.POSITIVE_INFINITY, maxEntries: 3 });
    const db = {};
    for (let i = 0; i < 10; i++) c.set(db, `day-${i}`, i);
    assert.equal(c.size(db), 3);
    assert.equal(c.peek(db, 'day-6'), undefined);
    assert.equal(c.peek(db, 'day-9'), 9);
  });

  it('drops an entry or a database, refuses what `valid` rejects, and hands the stale value to compute', async () => {
    const c = new NodeCache<{ rev: number }>({ name: 'test_drop', ttlMs: 0, maxEntries: 5 });
    const db = {};
    const first = await c.get(db, 'y', async () => ({ rev: 1 }));
    const again = await c.get(db, 'y', async (stale) => (stale?.rev === 1 ? stale : { rev: 2 }));
    assert.equal(again, first, 'expired, but reused by compute');
    c.set(db, 'z', { rev: 9 });
    const d = new NodeCache<number>({ name: 'test_valid', ttlMs: 60_000, maxEntries: 5 });
    d.set(db, 'v', 1);
    assert.equal(
      d.peek(db, 'v', (v) => v > 1),
      undefined,
    );
    assert.equal(d.peek(db, 'v'), 1);
    d.drop(db, 'v');
    assert.equal(d.peek(db, 'v'), undefined);
    c.drop(db);
    assert.equal(c.size(db), 0);
  });

  it('every cache the app makes is in the table of ADR 0011, with its policy', async () => {
    // Loading the app's modules creates their caches; the status answers are made when its routes register.
    await import('../app.ts');
    const { statusRoutes } = await import('../status/status.routes.tsx');
    const routes: string[] = [];
    await statusRoutes(
      { get: (path: string) => routes.push(path) } as never,
      { db: { kysely: {} } } as never,
    );
    const adr = fs.readFileSync(new URL('../../docs/decisions/0011-read-caches.md', import.meta.url), 'utf8');
    const listed = new Set([...adr.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]));
    const made = nodeCaches()
      .map((c) => c.name)
      .filter((n) => !n.startsWith('test_'));
    for (const name of [
      'catalog',
      'lao_scope',
      'registry_snapshot',
      'dashboard_progress',
      'score_runs',
      'status_json',
    ])
      assert.ok(made.includes(name), `${name} is made`);
    for (const name of made) assert.ok(listed.has(name), `${name} is in ADR 0011's table`);
    for (const c of nodeCaches())
      assert.ok(Number.isFinite(c.maxEntries) && c.maxEntries > 0, `${c.name} is bounded`);
  });
});

describe('caches that follow other processes (watchExternalVersion)', () => {
  it('trusts nothing while the version is unknown, and empties every cache of the database when it moves', () => {
    const a = new NodeCache<number>({ name: 'test_ext_a', ttlMs: 60_000, maxEntries: 5 });
    const b = new NodeCache<number>({ name: 'test_ext_b', ttlMs: 60_000, maxEntries: 5 });
    const db = {};
    const other = {};
    let version: number | null = 1;
    watchExternalVersion(db, () => version);
    a.set(db, 'k', 1);
    b.set(db, 'k', 2);
    a.set(other, 'k', 3);
    assert.equal(a.peek(db, 'k'), 1, 'nothing moved: kept');
    version = null;
    assert.equal(a.peek(db, 'k'), undefined, 'the feed is down: not trusted');
    version = 2;
    assert.equal(a.peek(db, 'k'), undefined, 'another process committed: emptied');
    assert.equal(b.size(db), 0, 'every cache of that database');
    assert.equal(a.peek(other, 'k'), 3, 'not another database');
    a.set(db, 'k', 4);
    assert.equal(a.peek(db, 'k'), 4, 'kept again until the next move');
  });
});

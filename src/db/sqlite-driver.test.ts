import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { type Db, openDb } from './connection.ts';

type T = { item: { id: number; note: string }; child: { id: number; item_id: number } };

describe('SQLite group commit and the reader connection', () => {
  let dir = '';
  let file = '';
  let db: Db;
  let k: Kysely<T>;
  /** What another process would see: a connection of its own. */
  const outside = () => {
    const c = new SQLite(file, { readonly: true });
    try {
      return (c.prepare('select id from item order by id').all() as { id: number }[]).map((r) => r.id);
    } finally {
      c.close();
    }
  };
  const insert = (id: number, q: Kysely<T> = k) =>
    q
      .insertInto('item')
      .values({ id, note: `n${id}` })
      .execute();

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lao-info-driver-'));
    file = path.join(dir, 'info.sqlite');
    db = openDb({ kind: 'sqlite', file });
    k = db.kysely as unknown as Kysely<T>;
    await sql`create table item (id integer primary key, note text not null)`.execute(k);
    await sql`create table child (id integer primary key, item_id integer not null references item (id) deferrable initially deferred)`.execute(
      k,
    );
  });
  after(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a transaction only once it is durable, and keeps every member of a group', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => 100 + i);
    await Promise.all(ids.map((id) => k.transaction().execute((trx) => insert(id, trx))));
    assert.deepEqual(outside(), ids, 'every acknowledged transaction is on disk for another connection');
  });

  it('rolls back a member that fails, alone, while the rest of its group commits', async () => {
    const results = await Promise.allSettled(
      [200, 201, 202, 203].map((id) =>
        k.transaction().execute(async (trx) => {
          await insert(id, trx);
          if (id === 202) throw new Error('this member fails');
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
    );
    const saved = outside().filter((id) => id >= 200);
    assert.deepEqual(saved, [200, 201, 203]);
  });

  it('fails every member of a group whose commit fails, and keeps none of them', async () => {
    // A deferred foreign key is checked at COMMIT: one member's orphan makes the group's commit fail.
    const results = await Promise.allSettled([
      k.transaction().execute((trx) => insert(300, trx)),
      k.transaction().execute((trx) => trx.insertInto('child').values({ id: 1, item_id: 999 }).execute()),
      k.transaction().execute((trx) => insert(301, trx)),
    ]);
    assert.ok(
      results.every((r) => r.status === 'rejected'),
      `nobody is told "saved": ${JSON.stringify(results.map((r) => r.status))}`,
    );
    assert.deepEqual(
      outside().filter((id) => id >= 300),
      [],
    );
    await insert(302);
    assert.deepEqual(
      outside().filter((id) => id >= 300),
      [302],
      'the next write works',
    );
  });

  it('never shows a read outside a transaction what is not committed yet', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let inserted!: () => void;
    const didInsert = new Promise<void>((r) => {
      inserted = r;
    });
    const tx = k.transaction().execute(async (trx) => {
      await insert(400, trx);
      inserted();
      await held;
    });
    await didInsert;
    const during = await k.selectFrom('item').select('id').where('id', '=', 400).execute();
    assert.deepEqual(during, [], 'the reader sees committed data only');
    release();
    await tx;
    const afterwards = await k.selectFrom('item').select('id').where('id', '=', 400).execute();
    assert.deepEqual(afterwards, [{ id: 400 }], 'and the write once it is acknowledged');
  });

  it('streams on a connection of its own: writes and reads go on, and see each other', async () => {
    const seen: number[] = [];
    for await (const row of k.selectFrom('item').select('id').orderBy('id').stream()) {
      seen.push(row.id);
      if (seen.length === 1) {
        await insert(500);
        const now = await k.selectFrom('item').select('id').where('id', '=', 500).execute();
        assert.deepEqual(now, [{ id: 500 }], 'a read during the stream sees the write just acknowledged');
      }
    }
    assert.ok(!seen.includes(500), 'the stream reads the snapshot it started with');
    assert.ok(seen.length >= 30);
  });

  it('reads its own writes in a connection that wrote outside a transaction', async () => {
    const r = await k.connection().execute(async (c) => {
      await insert(600, c);
      return c.selectFrom('item').select('id').where('id', '=', 600).execute();
    });
    assert.deepEqual(r, [{ id: 600 }]);
  });
});

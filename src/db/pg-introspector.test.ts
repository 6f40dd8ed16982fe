import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { freshDb } from '../../test/harness.ts';
import type { Db } from './connection.ts';
import { migrateToLatest } from './migrate.ts';

const url = process.env.TEST_DATABASE_URL;

describe('PostgreSQL introspection of the connection’s own schema', {
  skip: !url && 'TEST_DATABASE_URL not set',
}, () => {
  let db: Db;
  let drop: () => Promise<void>;
  const admin = new pg.Client({ connectionString: url });
  before(async () => {
    ({ db, drop } = await freshDb('postgres'));
    await admin.connect();
  });
  after(async () => {
    await db.close();
    await drop();
    await admin.end();
  });

  it('lists the tables of its own schema only, with their columns', async () => {
    await admin.query(
      'create schema if not exists t_other_introspect; create table if not exists t_other_introspect.elsewhere (x int)',
    );
    try {
      const tables = await db.kysely.introspection.getTables();
      const names = tables.map((t) => t.name);
      assert.ok(names.includes('catalog_dataset') && names.includes('app_user'), names.join(','));
      assert.ok(!names.includes('elsewhere'));
      assert.ok(!names.includes('kysely_migration'));
      assert.equal(new Set(tables.map((t) => t.schema)).size, 1);
      const user = tables.find((t) => t.name === 'app_user')!;
      assert.ok(user.columns.some((c) => c.name === 'id' && !c.isNullable));
      const internal = await db.kysely.introspection.getTables({ withInternalKyselyTables: true });
      assert.ok(internal.some((t) => t.name === 'kysely_migration'));
    } finally {
      await admin.query('drop schema t_other_introspect cascade');
    }
  });

  it('migrates while other schemas are created and dropped at the same moment (the suites do so)', async () => {
    let churn = true;
    const churner = (async () => {
      for (let i = 0; churn; i++) {
        const s = `t_churn_${process.pid}_${i}`;
        await admin.query(
          `create schema ${s}; create table ${s}.a (id serial primary key, v text); create table ${s}.b (id int)`,
        );
        await admin.query(`drop schema ${s} cascade`);
      }
    })();
    try {
      for (let i = 0; i < 5; i++) {
        const fresh = await freshDb('postgres');
        const again = await migrateToLatest(fresh.db.kysely);
        assert.deepEqual(again.results, []);
        await fresh.db.close();
        await fresh.drop();
      }
    } finally {
      churn = false;
      await churner;
    }
  });
});

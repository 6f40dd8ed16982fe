import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { ensureDefaultCatalog } from '../catalog/catalog.service.ts';
import { type Db, openDb } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadRegistry } from '../registry/registry.service.ts';
import { seedChecksum, seedNationwide } from '../seed/nationwide.service.ts';
import { AppError } from '../util/errors.ts';
import { backupSqlite, processesUsing, restoreSqlite, verifySqliteFile } from './backup.service.ts';

// Backup and restore are about the SQLite file (PostgreSQL uses pg_dump / pg_restore): one suite, on SQLite.
describe('lao-info backup and restore (SQLite)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lao-info-backup-'));
  const file = path.join(dir, 'info.sqlite');
  let db: Db;

  /** Row counts of the key tables and a checksum of every per-LAO row. */
  async function fingerprint(d: Db) {
    const counts: Record<string, number> = {};
    for (const t of [
      'lao',
      'lao_version',
      'catalog_dataset',
      'division',
      'dataset_record',
      'dataset_row',
      'certification_event',
    ]) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(d.kysely);
      counts[t] = Number(r.rows[0]!.n);
    }
    return { counts, checksum: (await seedChecksum(d.kysely, [2568, 2569])).checksum };
  }

  before(async () => {
    db = openDb({ kind: 'sqlite', file });
    await migrateToLatest(db.kysely);
    await loadRegistry(db.kysely);
    await ensureDefaultCatalog(db.kysely, [2568, 2569]);
    await seedNationwide(db.kysely, { year: 2569, fill: 0.85, seed: 3, provinces: ['83'] });
  });
  after(async () => {
    await db?.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backs up, lets data change, restores, and gives back exactly the backed-up data', async () => {
    const original = await fingerprint(db);
    const backup = path.join(dir, 'backup-1.sqlite');
    // The online backup runs while the database is open and in use.
    const r = await backupSqlite(db.sqlite!, backup);
    assert.equal(r.integrity, 'ok');
    assert.ok(r.bytes > 1_000_000);

    await db.kysely.deleteFrom('dataset_row').where('dataset_id', '=', 'local-roads').execute();
    await db.kysely.updateTable('dataset_record').set({ version: 99 }).execute();
    const changed = await fingerprint(db);
    assert.notEqual(changed.checksum, original.checksum);

    // Restoring is refused while a process (this one) has the database open …
    assert.ok(processesUsing(file).includes(process.pid));
    assert.throws(
      () => restoreSqlite(backup, file),
      (e: unknown) => e instanceof AppError && e.status === 409,
    );
    await db.close();
    // … and works once it is closed; the replaced database is kept beside it.
    const restored = restoreSqlite(backup, file, new Date('2026-05-15T10:00:00Z'));
    assert.ok(restored.keptAs && fs.existsSync(restored.keptAs));
    assert.ok(!fs.existsSync(`${file}-wal`) || fs.statSync(`${file}-wal`).size === 0);
    db = openDb({ kind: 'sqlite', file });
    assert.deepEqual(await fingerprint(db), original);
    const kept = openDb({ kind: 'sqlite', file: restored.keptAs! });
    assert.equal((await fingerprint(kept)).checksum, changed.checksum, 'the replaced data is kept whole');
    await kept.close();
  });

  it('refuses to restore a file that is not a lao-info database, changing nothing', async () => {
    const before = await fingerprint(db);
    await db.close();
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a database at all');
    assert.throws(() => restoreSqlite(text, file), /not a readable SQLite database/);
    const other = path.join(dir, 'other.sqlite');
    const o = new SQLite(other);
    o.exec('create table t (x integer)');
    o.close();
    assert.throws(() => restoreSqlite(other, file), /not a lao-info database \(no table kysely_migration/);
    assert.throws(() => verifySqliteFile(path.join(dir, 'missing.sqlite')), /No file/);
    db = openDb({ kind: 'sqlite', file });
    assert.deepEqual(await fingerprint(db), before);
  });

  it('refuses to overwrite an existing backup file', async () => {
    const existing = path.join(dir, 'taken.sqlite');
    fs.writeFileSync(existing, 'x');
    await assert.rejects(
      backupSqlite(db.sqlite!, existing),
      (e: unknown) => e instanceof AppError && e.status === 409,
    );
    assert.equal(fs.readFileSync(existing, 'utf8'), 'x');
  });

  it('runs as `lao-info backup FILE` and `lao-info restore FILE` from the command line', async () => {
    await db.close();
    const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' };
    const bin = path.resolve('bin/lao-info.js');
    const backup = path.join(dir, 'cli-backup.sqlite');
    const b = spawnSync(process.execPath, [bin, 'backup', backup], { env, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /integrity_check ok/);
    const r = spawnSync(process.execPath, [bin, 'restore', backup], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /restored .*cli-backup\.sqlite/);
    const bad = spawnSync(process.execPath, [bin, 'restore', path.join(dir, 'notes.txt')], {
      env,
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /ไม่ใช่ฐานข้อมูล SQLite/);
    db = openDb({ kind: 'sqlite', file });
  });
});

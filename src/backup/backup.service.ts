// Backups: SQLite's online backup (the server keeps running) checked with PRAGMA integrity_check, and a
// restore that only ever replaces the database file of a stopped server with a verified lao-info database.
// PostgreSQL is backed up with its own tools (pg_dump / pg_restore), run when they are on the PATH.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { AppError, bi } from '../util/errors.ts';

/** Tables whose presence makes a file a lao-info database. */
const REQUIRED_TABLES = ['kysely_migration', 'lao', 'catalog_year', 'dataset_record', 'app_user'];

export type BackupReport = { file: string; bytes: number; integrity: 'ok'; ms: number };

/** Checks a SQLite file: readable, `PRAGMA integrity_check` ok, and a lao-info database; throws otherwise. */
export function verifySqliteFile(file: string): void {
  if (!fs.existsSync(file)) throw new AppError('not_found', bi(`ไม่พบแฟ้ม ${file}`, `No file ${file}`));
  let db: SQLite.Database | null = null;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const tables = new Set(
      (db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) {
      throw new AppError(
        'unprocessable',
        bi(
          `${file} ไม่ใช่ฐานข้อมูล lao-info (ไม่มีตาราง ${missing.join(', ')})`,
          `${file} is not a lao-info database (no table ${missing.join(', ')})`,
        ),
      );
    }
    const check = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    );
    if (check.join() !== 'ok') {
      throw new AppError(
        'unprocessable',
        bi(
          `${file} เสียหาย: ${check.slice(0, 3).join('; ')}`,
          `${file} is damaged: ${check.slice(0, 3).join('; ')}`,
        ),
      );
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'unprocessable',
      bi(`${file} ไม่ใช่ฐานข้อมูล SQLite ที่อ่านได้`, `${file} is not a readable SQLite database`),
    );
  } finally {
    db?.close();
  }
}

/**
 * Copies the live database to `file` with SQLite's online backup API (other connections keep reading and
 * writing), then checks the copy. Refuses to overwrite an existing file.
 */
export async function backupSqlite(source: SQLite.Database, file: string): Promise<BackupReport> {
  const t0 = Date.now();
  const target = path.resolve(file);
  if (fs.existsSync(target))
    throw new AppError(
      'conflict',
      bi(`มีแฟ้ม ${target} อยู่แล้ว เลือกชื่ออื่น`, `${target} already exists; choose another name`),
    );
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await source.backup(target);
  verifySqliteFile(target);
  return { file: target, bytes: fs.statSync(target).size, integrity: 'ok', ms: Date.now() - t0 };
}

/** The processes (other than none) that hold the file or its WAL open: a running server. Linux only. */
export function processesUsing(file: string): number[] {
  const targets = new Set([file, `${file}-wal`, `${file}-shm`].map((f) => path.resolve(f)));
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  for (const pid of entries) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (targets.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          pids.push(Number(pid));
          break;
        }
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return pids;
}

function fsyncPath(p: string) {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export type RestoreReport = { file: string; replaced: string; keptAs: string | null };

/**
 * Replaces the database file with a verified backup, while no process has it open: the current database is
 * checkpointed and kept beside it (…before-restore-<time>), its WAL removed so it can never be replayed onto
 * the restored file, and the backup copied in through a temporary file, fsynced and renamed.
 */
export function restoreSqlite(backup: string, target: string, now = new Date()): RestoreReport {
  const src = path.resolve(backup);
  const dst = path.resolve(target);
  verifySqliteFile(src);
  const users = processesUsing(dst);
  if (users.length) {
    throw new AppError(
      'conflict',
      bi(
        `ฐานข้อมูล ${dst} กำลังถูกใช้งาน (process ${users.join(', ')}) หยุดเซิร์ฟเวอร์ก่อนกู้คืน`,
        `${dst} is in use (process ${users.join(', ')}); stop the server before restoring`,
      ),
    );
  }
  let keptAs: string | null = null;
  if (fs.existsSync(dst)) {
    // Fold the WAL into the old file first, so what is kept is whole.
    const old = new SQLite(dst);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    keptAs = `${dst}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(dst, keptAs);
  }
  for (const f of [`${dst}-wal`, `${dst}-shm`]) fs.rmSync(f, { force: true });
  const tmp = `${dst}.restoring`;
  fs.copyFileSync(src, tmp);
  fsyncPath(tmp);
  fs.renameSync(tmp, dst);
  fsyncPath(path.dirname(dst));
  verifySqliteFile(dst);
  return { file: src, replaced: dst, keptAs };
}

export type PgToolResult = { ran: boolean; command: string; status: number | null; stderr: string };

const onPath = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** The documented PostgreSQL backup: pg_dump in its custom format, run when it is on the PATH. */
export function backupPostgres(url: string, file: string): PgToolResult {
  const args = ['--format=custom', '--no-owner', `--file=${path.resolve(file)}`, url];
  const command = `pg_dump ${args.slice(0, 3).join(' ')} "$DATABASE_URL"`;
  if (!onPath('pg_dump')) return { ran: false, command, status: null, stderr: '' };
  const r = spawnSync('pg_dump', args, { encoding: 'utf8' });
  return { ran: true, command, status: r.status, stderr: r.stderr };
}

/** The documented PostgreSQL restore: pg_restore into the (stopped) database, replacing what is there. */
export function restorePostgres(url: string, file: string): PgToolResult {
  const args = [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--single-transaction',
    `--dbname=${url}`,
    path.resolve(file),
  ];
  const command = `pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" ${path.resolve(file)}`;
  if (!onPath('pg_restore')) return { ran: false, command, status: null, stderr: '' };
  const r = spawnSync('pg_restore', args, { encoding: 'utf8' });
  return { ran: true, command, status: r.status, stderr: r.stderr };
}

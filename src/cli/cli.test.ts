import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lao-info-cli-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/lao-info.js', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });

describe('lao-info CLI', () => {
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('prints its commands with --help', () => {
    const r = cli('--help');
    assert.equal(r.status, 0);
    for (const c of ['serve', 'migrate', 'registry import', 'user add'])
      assert.match(r.stdout, new RegExp(`lao-info ${c}`));
  });

  it('prints its version with --version', () => {
    const r = cli('--version');
    assert.equal(r.status, 0);
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
    assert.equal(r.stdout, `lao-info ${pkg.version} (Node.js ${process.version})\n`);
  });

  it('migrates an empty database', () => {
    const r = cli('migrate');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /applied|up to date/);
  });

  it('adds a user with a scope and a division, with no forced password change', () => {
    const r = cli(
      'user',
      'add',
      '--username',
      'cli.staff',
      '--password',
      'Cli-pass-25690',
      '--role',
      'lao_staff',
      '--lao',
      '5310108',
      '--division',
      'กองช่าง',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /created cli\.staff \(lao_staff · LAO 5310108/);
  });

  it('refuses a bad role or a missing scope with a message and exit code 2', () => {
    const bad = cli('user', 'add', '--username', 'x.y', '--password', 'Cli-pass-25690', '--role', 'mayor');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /บทบาท "mayor" ไม่มีในระบบ/);
    const noScope = cli(
      'user',
      'add',
      '--username',
      'x.z',
      '--password',
      'Cli-pass-25690',
      '--role',
      'province_officer',
    );
    assert.equal(noScope.status, 2);
    assert.match(noScope.stderr, /province/);
    const unknownLao = cli(
      'user',
      'add',
      '--username',
      'x.w',
      '--password',
      'Cli-pass-25690',
      '--role',
      'lao_admin',
      '--lao',
      '9999999',
    );
    assert.equal(unknownLao.status, 2);
    assert.match(unknownLao.stderr, /ไม่พบ อปท\. รหัส 9999999/);
  });

  it('scans a year for flagged values, province by province, and refuses bad arguments with exit code 2', () => {
    const scan = cli('quality', 'scan', '--year', '2569', '--province', '83', '--fail-on', 'rules');
    assert.equal(scan.status, 0, scan.stderr);
    const out = JSON.parse(scan.stdout);
    assert.equal(out.year, 2569);
    assert.equal(out.provinces, 1);
    assert.equal(out.laos, 19);
    assert.deepEqual(out.byKind, { plausibility: 0, year_change: 0, peer: 0 });
    const bad = cli('quality', 'scan', '--year', '2569', '--province', '8');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /รหัสจังหวัด 2 หลัก/);
    assert.equal(cli('quality', 'scan', '--fail-on', 'some').status, 2);
  });

  it('ends quietly when its output pipe closes early (| head)', async () => {
    // Every LAO of the country as CSV: far more than a pipe holds, so the writes outlive the reader.
    const child = spawn(process.execPath, ['bin/lao-info.js', 'score', '--year', '2569', '--format', 'csv'], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(stderr, '', 'nothing on stderr (no EPIPE stack)');
    assert.equal(code, 0);
  });

  it('serves until SIGTERM, then closes and exits 0 (what systemd and docker stop send)', async () => {
    const child = spawn(process.execPath, ['bin/lao-info.js', 'serve'], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        LOG_LEVEL: 'silent',
        DEMO: 'off',
        PORT: '0',
        HOST: '127.0.0.1',
      },
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('lao-info is running')) resolve();
      });
      child.on('exit', (c) => reject(new Error(`exited early (${c}): ${out}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });

  it('names an unknown command', () => {
    const r = cli('frobnicate');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /ไม่รู้จักคำสั่ง/);
  });
});

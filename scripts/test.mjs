#!/usr/bin/env node
// Runs every test with node's test runner, in two tiers:
//   fast (--unit): the unit and route tests next to the code (src/**/*.test.ts) but the fuzzers;
//   slow (--slow): the cross-cutting suites in test/ (route matrix, API fuzzing, SIGKILLs, two app nodes), the
//   upload fuzzer and the browser journeys (e2e/).
// Suites start from template databases made once per run (test/template.ts).
// With neither flag, both. PostgreSQL suites run when TEST_DATABASE_URL is set; under CI=true a missing or
// unreachable PostgreSQL, or a missing Chromium, is a failure instead of a skip, and the build is checked first
// (typecheck and lint): .ci/run calls exactly `npm test`, and a formatting error must not land either.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

const args = process.argv.slice(2);
const e2eOnly = args.includes('--e2e-only');
const unitOnly = args.includes('--unit');
const slowOnly = args.includes('--slow');
const only = args.filter((a) => !a.startsWith('--'));
const ci = process.env.CI === 'true';

function walk(dir, match, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, match, out);
    else if (match.test(e.name)) out.push(p);
  }
  return out;
}

function fail(message) {
  console.error(`\n✗ ${message}\n`);
  process.exit(1);
}

// PostgreSQL
if (process.env.TEST_DATABASE_URL) {
  const client = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    await client.end();
    console.log(`PostgreSQL suites: on (${process.env.TEST_DATABASE_URL.replace(/\/\/[^@]*@/, '//')})`);
  } catch (err) {
    fail(`TEST_DATABASE_URL is set but PostgreSQL is not reachable: ${err.message}`);
  }
} else if (ci) {
  fail('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites must run in CI (.ci/run sets it).');
} else {
  console.log('PostgreSQL suites: off (set TEST_DATABASE_URL=postgres://127.0.0.1:5432/test to run them)');
}

// Chromium for the browser journeys
const chromium =
  process.env.CHROMIUM_PATH ||
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
let runE2e = true;
if (!chromium) {
  if (ci) fail('CI=true but no Chromium was found (/usr/bin/chromium): the browser journeys must run in CI.');
  console.log('Browser journeys: SKIPPED — no Chromium found. Install it with: apt-get install -y chromium');
  runE2e = false;
} else {
  process.env.CHROMIUM_PATH = chromium;
  console.log(`Browser journeys: on (${chromium})`);
}

const srcTests = walk('src', /\.test\.tsx?$/);
const isFuzz = (f) => /\.fuzz\.test\.tsx?$/.test(f);
const fast = srcTests.filter((f) => !isFuzz(f));
const slow = [...srcTests.filter(isFuzz), ...walk('test', /\.test\.tsx?$/)];
const journeys = runE2e && !unitOnly ? walk('e2e', /\.e2e\.tsx?$/) : [];
let files = only.length
  ? only
  : e2eOnly
    ? journeys
    : unitOnly
      ? fast
      : slowOnly
        ? [...slow, ...journeys]
        : [...fast, ...slow, ...journeys];
files = files.sort();
if (files.length === 0) fail('no test files found');

if (args.includes('--list')) {
  console.log(files.join('\n'));
  process.exit(0);
}

if (ci && only.length === 0) {
  for (const [what, cmd] of [
    ['typecheck', ['node_modules/typescript/bin/tsc', '-p', '.']],
    ['lint', ['node_modules/@biomejs/biome/bin/biome', 'check', '.']],
  ]) {
    console.log(`Build check: ${what}`);
    const c = spawnSync(process.execPath, cmd, { stdio: 'inherit' });
    if (c.status !== 0) fail(`${what} failed (npm run ${what} shows it)`);
  }
}

// The databases every suite starts from, made once for the run (test/template.ts): a suite copies one instead of
// migrating and loading the registry itself. Without them (no right to create a database, say) each suite builds
// its own, as before.
const template = (cmd, env) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'test/template.ts', cmd], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
const made = template('create', process.env);
const templates = made.status === 0 ? JSON.parse(made.stdout) : {};
console.log(
  made.status === 0
    ? `Template databases: ${Object.values(templates).join(', ')}`
    : 'Template databases: not made; each suite migrates and loads its own',
);
const env = { ...process.env, ...templates };

const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env },
);
if (made.status === 0) template('drop', env);
process.exit(r.status ?? 1);

// `npm run bench` / `lao-info bench`: a nationwide database (made by the seeder, cached), the real app in a
// child process, W1–W7 over several rounds with the machine's limits measured in the same run, one table.
import fs from 'node:fs';
import path from 'node:path';
import { ensureDefaultCatalog, getCatalog } from '../src/catalog/catalog.service.ts';
import { progressBar } from '../src/cli/seed-nationwide.ts';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadRegistry } from '../src/registry/registry.service.ts';
import { defaultAsOf, seedNationwide } from '../src/seed/nationwide.service.ts';
import { countRecords } from '../src/seed/seed.repository.ts';
import { createUser, findUserByUsername } from '../src/users/users.service.ts';
import { startServer } from './lib/child.ts';
import { type BenchCtx, fmt, type Row } from './lib/context.ts';
import { loopProbe } from './lib/loop-delay.ts';
import { machineLine } from './lib/machine.ts';
import { bareLimits } from './limits/bare.ts';
import { hostileUpload } from './workloads/hostile-upload.ts';
import { mixedLoad } from './workloads/mixed-load.ts';
import { W1_CONNECTIONS, w1 } from './workloads/w1-save.ts';
import { w2 } from './workloads/w2-import.ts';
import { w3 } from './workloads/w3-status.ts';
import { largestList, w4 } from './workloads/w4-aggregate.ts';
import { w5, w5xlsx } from './workloads/w5-export.ts';
import { w6 } from './workloads/w6-score.ts';
import { w7 } from './workloads/w7-login.ts';

export type BenchOptions = {
  db?: string | undefined;
  rounds: number;
  load: boolean;
  duration: number;
  year: number;
  seed: number;
  only?: string[] | undefined;
};

const BENCH_USER = 'bench.admin';
const BENCH_PASSWORD = 'Bench-pass-2569-nationwide';

function table(rows: Row[]): string {
  const head =
    '| | workload | median | p95 | throughput | limit (same run) | ratio ours/limit | target | met? |';
  const sep = '|---|---|---:|---:|---|---|---:|---|---|';
  const lines = rows.map((r) => {
    const t = (v: number | null) => (v === null ? '–' : `${fmt(v, r.unit === 's' ? 2 : 1)} ${r.unit}`);
    const met = r.met === null ? '–' : r.met ? 'yes' : '**no**';
    return `| ${r.id} | ${r.name}${r.note ? ` (${r.note})` : ''} | ${t(r.median)} | ${t(r.p95)} | ${r.throughput} | ${r.limitName}${r.limit ? `: ${r.limit}` : ''} | ${r.ratio === null ? '–' : fmt(r.ratio, 2)} | ${r.target} | ${met} |`;
  });
  return [head, sep, ...lines].join('\n');
}

/** Runs the benchmark and returns the markdown it also prints and writes to bench/results/latest-<dialect>.md. */
export async function runBench(o: BenchOptions): Promise<string> {
  const config = loadConfig();
  const kind = config.database.kind;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const benchDir = path.join(config.dataDir, 'bench');
  const dbFile =
    kind === 'sqlite'
      ? path.resolve(o.db ?? path.join(benchDir, `nationwide-${o.year}-s${o.seed}`, 'info.sqlite'))
      : null;
  if (dbFile && path.basename(dbFile) !== 'info.sqlite')
    throw new Error('--db must name a file called info.sqlite (the server reads $DATA_DIR/info.sqlite)');
  const scratchDir = path.join(benchDir, 'scratch');
  fs.rmSync(scratchDir, { recursive: true, force: true });
  fs.mkdirSync(scratchDir, { recursive: true });

  const db = openDb(dbFile ? { kind: 'sqlite', file: dbFile } : config.database);
  db.sqlite?.pragma('cache_size = -262144');
  await migrateToLatest(db.kysely);
  await loadRegistry(db.kysely);
  await ensureDefaultCatalog(db.kysely, [o.year - 1, o.year]);
  if ((await countRecords(db.kysely, [o.year])) === 0) {
    log(`seeding the nationwide database (${dbFile ?? 'PostgreSQL'}) — once, then cached`);
    const r = await seedNationwide(
      db.kysely,
      { year: o.year, fill: 0.85, seed: o.seed },
      progressBar('LAOs'),
    );
    log(`seeded ${r.records} records, ${r.rows} rows in ${(r.ms / 1000).toFixed(0)} s, rejects ${r.rejects}`);
  }
  if (!(await findUserByUsername(db.kysely, BENCH_USER)))
    await createUser(db.kysely, 'system', {
      username: BENCH_USER,
      displayName: 'Benchmark',
      password: BENCH_PASSWORD,
      role: 'dla_admin',
      mustChangePassword: false,
    });

  // BENCH_PROFILE=DIR writes a CPU profile of the server (when it stops) to find where a workload's time goes.
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  // The server measures its own event-loop delay for the hostile-upload row.
  const probe = loopProbe(scratchDir);
  const start = () =>
    startServer(
      {
        ...(kind === 'sqlite'
          ? { DATA_DIR: path.dirname(dbFile!), DATABASE_URL: '' }
          : { DATABASE_URL: config.database.kind === 'postgres' ? config.database.url : '' }),
        ...probe.env,
      },
      60_000,
      [...profile, ...probe.nodeArgs],
    );
  let server = await start();
  const rows: Row[] = [];
  try {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: BENCH_USER, password: BENCH_PASSWORD }),
    });
    if (!login.ok) throw new Error(`bench sign-in: ${login.status} ${await login.text()}`);
    const ctx: BenchCtx = {
      kind,
      dbFile,
      pgUrl: config.database.kind === 'postgres' ? config.database.url : null,
      db,
      server,
      token: ((await login.json()) as { token: string }).token,
      username: BENCH_USER,
      password: BENCH_PASSWORD,
      year: o.year,
      rounds: o.rounds,
      duration: o.duration,
      scratchDir,
      log,
    };
    const want = (id: string) => !o.only || o.only.includes(id);
    const catalog = await getCatalog(db.kysely, o.year);
    const largest = await largestList(ctx);
    const def = catalog.dataset(largest.datasetId)!;
    const numeric = def.fields.find((f) => f.type === 'decimal' || f.type === 'integer')!;
    const sample = {
      generatedTonsPerDay: 12.5,
      collectedTonsPerDay: 11,
      recycledTonsPerDay: 2.1,
      servedPopulation: 8000,
    };

    log('limits: bare JSON and bare insert routes …');
    const limits = await bareLimits(ctx, W1_CONNECTIONS, sample);
    rows.push({
      id: 'L1',
      name: `bare Fastify route, small JSON (${W1_CONNECTIONS} clients)`,
      median: limits.json.p50,
      p95: limits.json.p95,
      unit: 'ms',
      throughput: `${fmt(limits.json.rps)} req/s`,
      limitName: '',
      limit: '',
      ratio: null,
      target: 'the limit for W3',
      met: null,
    });
    rows.push({
      id: 'L2',
      name: `bare Fastify route, one-row durable insert (${kind === 'sqlite' ? 'better-sqlite3, WAL, synchronous=FULL' : 'pg pool'}, ${W1_CONNECTIONS} clients)`,
      median: limits.insert.p50,
      p95: limits.insert.p95,
      unit: 'ms',
      throughput: `${fmt(limits.insert.rps)} req/s`,
      limitName: '',
      limit: '',
      ratio: null,
      target: 'the limit for W1',
      met: null,
    });
    const steps: [string, () => Promise<Row | Row[]>][] = [
      ['W1', () => w1(ctx, limits.insert)],
      ['W2', () => w2(ctx)],
      ['W3', () => w3(ctx, limits.json)],
      ['W4', () => w4(ctx, numeric.key)],
      ['W5', () => w5(ctx, largest.datasetId, catalog.sectionOf(largest.datasetId)!.no)],
      ['W5x', () => w5xlsx(ctx, largest.datasetId)],
      ['W6', () => w6(ctx, new Date(defaultAsOf(o.year)))],
      ['W7', () => w7(ctx)],
      ['HOSTILE', () => hostileUpload(ctx, probe.file)],
      ...(o.load ? ([['LOAD', () => mixedLoad(ctx)]] as [string, () => Promise<Row>][]) : []),
      // PostgreSQL: the same load shared by two app nodes on the one database (issue 17).
      ...(o.load && kind === 'postgres'
        ? ([
            [
              'LOAD2',
              async () => {
                const second = await start();
                try {
                  return await mixedLoad(ctx, [{ url: second.url, pid: second.proc.pid! }]);
                } finally {
                  await second.stop();
                }
              },
            ],
          ] as [string, () => Promise<Row>][])
        : []),
    ];
    for (const [id, step] of steps) {
      if (!want(id)) continue;
      // On a shared machine something else may stop our server: start it again rather than lose the rest.
      if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
        log(`the server had stopped (${server.proc.exitCode ?? server.proc.signalCode}); starting it again`);
        server = await start();
        ctx.server = server;
      }
      log(`${id} …`);
      try {
        const r = await step();
        rows.push(...(Array.isArray(r) ? r : [r]));
      } catch (err) {
        log(`${id} failed: ${(err as Error).stack} ${String((err as { cause?: unknown }).cause ?? '')}`);
        rows.push({
          id,
          name: `failed: ${(err as Error).message.slice(0, 120)}`,
          median: null,
          p95: null,
          unit: 'ms',
          throughput: '',
          limitName: '',
          limit: '',
          ratio: null,
          target: '',
          met: false,
        });
      }
    }
  } finally {
    await server.stop();
    await db.close();
  }
  const md = [
    `## lao-info benchmark — ${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
    '',
    machineLine(),
    '',
    `Nationwide database: ${dbFile ? `a SQLite file of ${(fs.statSync(dbFile).size / 1e9).toFixed(1)} GB` : 'PostgreSQL (DATABASE_URL)'} · fiscal year ${o.year} · ${o.rounds} rounds · ${o.duration} s per load run · load from autocannon on 127.0.0.1 · server: \`lao-info serve\` in a child process (LOG_LEVEL=warn)`,
    '',
    table(rows),
    '',
  ].join('\n');
  const out = path.resolve('bench/results', `latest-${kind}.md`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, md);
  return md;
}

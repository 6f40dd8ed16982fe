import path from 'node:path';
import { startScript, stopChild } from '../lib/child.ts';
import type { BenchCtx } from '../lib/context.ts';
import { type LoadResult, load } from '../lib/load.ts';
import { median } from '../lib/stats.ts';

/** Starts the bare limit server in its own process (a scratch SQLite file beside the bench, or the same pg). */
async function bareServer(ctx: BenchCtx) {
  const target = ctx.kind === 'postgres' ? ctx.pgUrl! : path.join(ctx.scratchDir, 'bare-insert.sqlite');
  const proc = startScript('bench/limits/bare-server.ts', [target]);
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    proc.stdout!.on('data', (d) => {
      buf += d;
      const m = /READY (\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    proc.once('exit', (c) => reject(new Error(`bare server exited ${c}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(proc) };
}

export type Limit = { rps: number; p50: number; p95: number };

/** Median over the rounds of each figure of several load runs. */
export function medianOf(runs: LoadResult[]) {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p95: median(runs.map((r) => r.p95)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((s, r) => s + r.errors + r.non2xx, 0),
  };
}

/** The bare routes at the given concurrency: a small JSON, and a one-row durable commit. */
export async function bareLimits(ctx: BenchCtx, connections: number, sample: Record<string, unknown>) {
  const server = await bareServer(ctx);
  try {
    const json: LoadResult[] = [];
    const insert: LoadResult[] = [];
    for (let i = 0; i < ctx.rounds; i++) {
      json.push(await load({ url: `${server.url}/json`, connections, duration: ctx.duration }));
      insert.push(
        await load({
          url: `${server.url}/insert`,
          connections,
          duration: ctx.duration,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ lao: '5310108', values: sample }),
        }),
      );
    }
    return { json: medianOf(json), insert: medianOf(insert) };
  } finally {
    await server.stop();
  }
}

import type { BenchCtx, Row } from '../lib/context.ts';
import { fmt } from '../lib/context.ts';
import { type LoadResult, load } from '../lib/load.ts';
import { leasePool, saveRequest, saveTargets } from '../lib/targets.ts';
import { medianOf } from '../limits/bare.ts';

export const W1_CONNECTIONS = 10;

/** W1: saving one form through the HTTP API, signed in, 10 concurrent clients (each on its own LAO's form). */
export async function w1(ctx: BenchCtx, limit: { rps: number }): Promise<Row> {
  const runs: LoadResult[] = [];
  for (let i = 0; i < ctx.rounds; i++) {
    // Fresh forms every round: a save still queued in the server from the last round cannot make these stale.
    const pool = leasePool(await saveTargets(ctx, W1_CONNECTIONS * 2, i * W1_CONNECTIONS * 2));
    runs.push(
      await load({
        url: ctx.server.url,
        connections: W1_CONNECTIONS,
        duration: ctx.duration,
        requests: [saveRequest(pool, ctx.year, ctx.token)],
      }),
    );
  }
  const m = medianOf(runs);
  const ratio = m.rps / limit.rps;
  return {
    id: 'W1',
    name: `save a form (PUT, ${W1_CONNECTIONS} clients)`,
    median: m.p50,
    p95: m.p95,
    unit: 'ms',
    throughput: `${fmt(m.rps)} saves/s`,
    limitName: 'bare insert route',
    limit: `${fmt(limit.rps)} req/s`,
    ratio,
    target: '≥ 0.5',
    met: ratio >= 0.5 && m.errors === 0,
    ...(m.errors ? { note: `${m.errors} errors: ${JSON.stringify(runs.map((r) => r.statusCodes))}` } : {}),
  };
}

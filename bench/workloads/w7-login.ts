import argon2 from 'argon2';
import type { BenchCtx, Row } from '../lib/context.ts';
import { fmt } from '../lib/context.ts';
import { type LoadResult, load } from '../lib/load.ts';
import { median } from '../lib/stats.ts';
import { medianOf } from '../limits/bare.ts';

export const W7_CONNECTIONS = 10;

/** argon2id verification alone (the library's defaults, as the app uses) at the same concurrency: per second. */
async function argon2Limit(ctx: BenchCtx, password: string) {
  const hash = await argon2.hash(password, { type: argon2.argon2id });
  const rates: number[] = [];
  for (let i = 0; i < ctx.rounds; i++) {
    let n = 0;
    const until = Date.now() + ctx.duration * 1000;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: W7_CONNECTIONS }, async () => {
        while (Date.now() < until) {
          await argon2.verify(hash, password);
          n++;
        }
      }),
    );
    rates.push(n / ((Date.now() - t0) / 1000));
  }
  return median(rates);
}

/** W7: sign-in (POST /api/v1/auth/login, argon2id by design), 10 concurrent clients. */
export async function w7(ctx: BenchCtx): Promise<Row> {
  const runs: LoadResult[] = [];
  for (let i = 0; i < ctx.rounds; i++)
    runs.push(
      await load({
        url: `${ctx.server.url}/api/v1/auth/login`,
        connections: W7_CONNECTIONS,
        duration: ctx.duration,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: ctx.username, password: ctx.password }),
      }),
    );
  const m = medianOf(runs);
  const limit = await argon2Limit(ctx, ctx.password);
  const ratio = m.rps / limit;
  return {
    id: 'W7',
    name: `sign-in (argon2id, ${W7_CONNECTIONS} clients)`,
    median: m.p50,
    p95: m.p95,
    unit: 'ms',
    throughput: `${fmt(m.rps)} sign-ins/s`,
    limitName: 'argon2id verify alone',
    limit: `${fmt(limit)} /s`,
    ratio,
    target: 'report (slow on purpose)',
    met: m.errors === 0 ? null : false,
    ...(m.errors ? { note: `${m.errors} errors` } : {}),
  };
}

import { scoreScope } from '../../src/scoring/scoring.service.ts';
import type { BenchCtx, Row } from '../lib/context.ts';
import { fmt } from '../lib/context.ts';
import { median, percentile, timed } from '../lib/stats.ts';

/** W6: the national score of every LAO as of a moment, in one pass (the scoring service in-process). */
export async function w6(ctx: BenchCtx, asOf: Date): Promise<Row> {
  const times: number[] = [];
  let laos = 0;
  await scoreScope(ctx.db.kysely, ctx.year, asOf); // warm the catalog and rubric caches
  for (let i = 0; i < ctx.rounds; i++)
    times.push(
      await timed(async () => {
        laos = (await scoreScope(ctx.db.kysely, ctx.year, asOf)).results.length;
      }),
    );
  // The API computes the same run and the reasons of one page: measured once, reported beside.
  const url = `${ctx.server.url}/api/v1/scores?year=${ctx.year}&asOf=${encodeURIComponent(asOf.toISOString())}&pageSize=100`;
  let api = 'failed';
  try {
    const ms = await timed(async () => {
      const r = await fetch(url, { headers: { authorization: `Bearer ${ctx.token}` } });
      if (!r.ok) throw new Error(`scores ${r.status}`);
      await r.json();
    });
    api = `${fmt(ms, 0)} ms`;
  } catch (err) {
    api = `failed (${(err as Error).message})`;
  }
  const m = median(times);
  return {
    id: 'W6',
    name: `national score of all ${fmt(laos, 0)} LAOs, one pass`,
    median: m,
    p95: percentile(times, 95),
    unit: 'ms',
    throughput: `${fmt(laos / (m / 1000), 0)} LAOs/s; GET /api/v1/scores (page of 100 with reasons): ${api}`,
    limitName: 'target',
    limit: '1,000 ms',
    ratio: m / 1000,
    target: '< 1 s',
    met: m < 1000,
  };
}

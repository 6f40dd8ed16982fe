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
  const api: number[] = [];
  const url = `${ctx.server.url}/api/v1/scores?year=${ctx.year}&asOf=${encodeURIComponent(asOf.toISOString())}&pageSize=100`;
  for (let i = 0; i < ctx.rounds; i++)
    api.push(
      await timed(async () => {
        const r = await fetch(url, { headers: { authorization: `Bearer ${ctx.token}` } });
        if (!r.ok) throw new Error(`scores ${r.status} ${await r.text()}`);
        await r.json();
      }),
    );
  const m = median(times);
  return {
    id: 'W6',
    name: `national score of all ${fmt(laos, 0)} LAOs, one pass`,
    median: m,
    p95: percentile(times, 95),
    unit: 'ms',
    throughput: `${fmt(laos / (m / 1000), 0)} LAOs/s; API page: ${fmt(median(api), 0)} ms`,
    limitName: 'target',
    limit: '1,000 ms',
    ratio: m / 1000,
    target: '< 1 s',
    met: m < 1000,
  };
}

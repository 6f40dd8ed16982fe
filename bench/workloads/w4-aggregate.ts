import { sql } from 'kysely';
import type { BenchCtx, Row } from '../lib/context.ts';
import { fmt } from '../lib/context.ts';
import { median, percentile, timed } from '../lib/stats.ts';

/** The list data set with the most rows in the year, and its first numeric field. */
export async function largestList(ctx: BenchCtx) {
  const r = await sql<{ dataset_id: string; n: number }>`
    select dataset_id, count(*) as n from dataset_row where year = ${ctx.year}
    group by dataset_id order by count(*) desc limit 1`.execute(ctx.db.kysely);
  return { datasetId: r.rows[0]!.dataset_id, rows: Number(r.rows[0]!.n) };
}

/** The best hand-written SQL for the same aggregate: json_extract on SQLite, jsonb on PostgreSQL. */
function handSql(ctx: BenchCtx, datasetId: string, field: string) {
  if (ctx.kind === 'postgres')
    return sql`select l.province_code, count(*) as n, sum((r.values_json::jsonb ->> ${field})::float8) as s
      from dataset_row r join lao l on l.code = r.lao_code
      where r.year = ${ctx.year} and r.dataset_id = ${datasetId} group by l.province_code`;
  return sql`select l.province_code, count(*) as n, sum(json_extract(r.values_json, ${`$.${field}`})) as s
    from dataset_row r join lao l on l.code = r.lao_code
    where r.year = ${ctx.year} and r.dataset_id = ${datasetId} group by l.province_code`;
}

/** W4: the sum of a numeric field by province over every row of the largest list data set, via the API. */
export async function w4(ctx: BenchCtx, field: string): Promise<Row> {
  const { datasetId, rows } = await largestList(ctx);
  const url = `${ctx.server.url}/api/v1/aggregates/sum?year=${ctx.year}&dataset=${datasetId}&field=${field}&by=province`;
  const auth = { authorization: `Bearer ${ctx.token}` };
  const ours: number[] = [];
  const hand: number[] = [];
  // Warm both once (page cache), then alternate so that neither gets a colder disk.
  await fetch(url, { headers: auth });
  await handSql(ctx, datasetId, field).execute(ctx.db.kysely);
  for (let i = 0; i < ctx.rounds * 2; i++) {
    ours.push(
      await timed(async () => {
        const r = await fetch(url, { headers: auth });
        if (!r.ok) throw new Error(`aggregate ${r.status} ${await r.text()}`);
        await r.json();
      }),
    );
    hand.push(await timed(() => handSql(ctx, datasetId, field).execute(ctx.db.kysely)));
  }
  const ratio = median(ours) / median(hand);
  return {
    id: 'W4',
    name: `national sum of ${datasetId}.${field} by province (${fmt(rows, 0)} rows)`,
    median: median(ours),
    p95: percentile(ours, 95),
    unit: 'ms',
    throughput: `${fmt(rows / (median(ours) / 1000), 0)} rows/s`,
    limitName: 'hand-written SQL',
    limit: `${fmt(median(hand))} ms`,
    ratio,
    target: '≤ 2 × (time)',
    met: ratio <= 2,
  };
}

import type { BenchCtx, Row } from '../lib/context.ts';
import { fmt } from '../lib/context.ts';
import { type LoadResult, load } from '../lib/load.ts';
import { medianOf } from '../limits/bare.ts';

export const W3_CONNECTIONS = 10;

/** W3: the status search (national first page, and one province), JSON API and HTML page, 10 clients. */
export async function w3(ctx: BenchCtx, limit: { rps: number }): Promise<Row[]> {
  const cases = [
    {
      id: 'W3a',
      name: 'status JSON, national page 1',
      path: `/api/v1/status?year=${ctx.year}&page=1&pageSize=10`,
      json: true,
    },
    {
      id: 'W3b',
      name: 'status JSON, province 31',
      path: `/api/v1/status?year=${ctx.year}&province=31&page=1&pageSize=10`,
      json: true,
    },
    { id: 'W3c', name: 'status page HTML, national', path: `/status?year=${ctx.year}`, json: false },
    {
      id: 'W3d',
      name: 'status page HTML, province 31',
      path: `/status?year=${ctx.year}&province=31`,
      json: false,
    },
    // For comparison: a client that does not accept gzip gets the plain bytes (16 KB of JSON, 47 KB of HTML).
    {
      id: 'W3e',
      name: 'status JSON, national page 1, without gzip',
      path: `/api/v1/status?year=${ctx.year}&page=1&pageSize=10`,
      json: true,
      plain: true,
    },
    {
      id: 'W3f',
      name: 'status page HTML, national, without gzip',
      path: `/status?year=${ctx.year}`,
      json: false,
      plain: true,
    },
  ];
  const rows: Row[] = [];
  for (const c of cases) {
    const probe = await fetch(`${ctx.server.url}${c.path}`);
    if (probe.status === 404) {
      rows.push({
        id: c.id,
        name: c.name,
        median: null,
        p95: null,
        unit: 'ms',
        throughput: 'n/a (not built yet)',
        limitName: '',
        limit: '',
        ratio: null,
        target: '',
        met: null,
      });
      continue;
    }
    const runs: LoadResult[] = [];
    for (let i = 0; i < ctx.rounds; i++)
      runs.push(
        await load({
          url: `${ctx.server.url}${c.path}`,
          connections: W3_CONNECTIONS,
          duration: ctx.duration,
          // As a browser asks (and every HTTP client library that can): the answer may come gzipped.
          headers: 'plain' in c ? {} : { 'accept-encoding': 'gzip, deflate, br' },
        }),
      );
    const m = medianOf(runs);
    const ratio = m.rps / limit.rps;
    const want = c.json ? 0.33 : 0.2;
    rows.push({
      id: c.id,
      name: `${c.name} (${W3_CONNECTIONS} clients)`,
      median: m.p50,
      p95: m.p95,
      unit: 'ms',
      throughput: `${fmt(m.rps)} req/s`,
      limitName: 'bare JSON route',
      limit: `${fmt(limit.rps)} req/s`,
      ratio,
      target: 'plain' in c ? 'report' : c.json ? '≥ 0.33, p95 < 15 ms' : '≥ 0.2',
      met: 'plain' in c ? null : ratio >= want && (!c.json || m.p95 < 15) && m.errors === 0,
      ...(m.errors ? { note: `${m.errors} errors` } : {}),
    });
  }
  return rows;
}

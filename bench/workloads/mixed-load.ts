import type autocannon from 'autocannon';
import { rssSampler } from '../lib/child.ts';
import type { BenchCtx, Row } from '../lib/context.ts';
import { fmt } from '../lib/context.ts';
import { loadAll } from '../lib/load.ts';
import { leasePool, type SaveTarget, saveRequest, saveTargets } from '../lib/targets.ts';

export const MIXED_CONNECTIONS = 200;
export const MIXED_SECONDS = 30;

/**
 * The mixed load: 200 connections for 30 s, each cycling 20 requests — 16 status and page reads (80 %),
 * 3 data reads (15 %) and 1 save (5 %) on the connection's own LAO, so saves never conflict. With `others`
 * (more app nodes on the same PostgreSQL) the connections are shared out evenly over all the nodes.
 */
export async function mixedLoad(ctx: BenchCtx, others: { url: string; pid: number }[] = []): Promise<Row> {
  const targets = await saveTargets(ctx, MIXED_CONNECTIONS * 2, 100);
  const pool = leasePool(targets.slice(0, MIXED_CONNECTIONS * 2));
  // Provinces with at least 51 LAOs, so that page 3 of 25 exists: Bangkok (10, no LAO) and ภูเก็ต (83, 19 LAOs)
  // gave 422 "page beyond the last" answers that were the load's mistake, not the server's.
  const provinces = ['31', '30', '40', '50', '41', '90', '34', '57'];
  const auth = { authorization: `Bearer ${ctx.token}` };
  const gzip = { 'accept-encoding': 'gzip, deflate, br' };
  let next = 0;
  type C = { t: SaveTarget; p: string };
  // Reads pick an LAO and a province in turn; a save leases its form (see leasePool).
  const own = (): C => {
    next++;
    return { t: targets[next % targets.length]!, p: provinces[next % provinces.length]! };
  };
  const read = (path: (c: Required<C>) => string, withAuth = false): autocannon.Request => ({
    method: 'GET',
    // Browsers and HTTP libraries accept gzip (the status answers are kept gzipped; ADR 0011).
    setupRequest: (req) => ({ ...req, path: path(own()), headers: withAuth ? { ...auth, ...gzip } : gzip }),
  });
  const y = ctx.year;
  const reads = [
    read(() => `/api/v1/status?year=${y}&page=1&pageSize=10`),
    read((c) => `/api/v1/status?year=${y}&province=${c.p}&page=1&pageSize=10`),
    read(() => `/status?year=${y}`),
    read((c) => `/status?year=${y}&province=${c.p}&page=2`),
    read((c) => `/api/v1/laos?year=${y}&province=${c.p}&pageSize=20`),
    read((c) => `/api/v1/status?year=${y}&lao=${c.t.lao}`),
    read(() => '/api/v1/provinces'),
    read((c) => `/api/v1/status?year=${y}&province=${c.p}&page=3&pageSize=25`),
  ];
  const dataRead = read((c) => `/api/v1/laos/${c.t.lao}/years/${y}/datasets/waste-management`, true);
  const save = saveRequest(pool, y, ctx.token);
  // 16 reads, 3 data reads, 1 save per cycle of 20.
  const cycle = [...reads, ...reads, dataRead, dataRead, dataRead, save];
  const nodes = [{ url: ctx.server.url, pid: ctx.server.proc.pid! }, ...others];
  const samplers = nodes.map((n) => rssSampler(n.pid));
  const r = await loadAll(
    nodes.map((n) => ({
      url: n.url,
      connections: MIXED_CONNECTIONS / nodes.length,
      duration: MIXED_SECONDS,
      requests: cycle,
      timeout: 30,
    })),
  );
  const peak = Math.max(...samplers.map((s) => s.stop()));
  for (const n of nodes) ctx.log(await routeTimes(n.url));
  const errors = r.errors + r.non2xx;
  return {
    id: nodes.length > 1 ? 'LOAD2' : 'LOAD',
    name: `mixed load, ${MIXED_CONNECTIONS} connections × ${MIXED_SECONDS} s (80 % status/pages, 15 % data, 5 % saves)${nodes.length > 1 ? `, ${nodes.length} app nodes on one PostgreSQL` : ''}`,
    median: r.p50,
    p95: r.p95,
    unit: 'ms',
    throughput: `${fmt(r.rps)} req/s; p99 ${fmt(r.p99)} ms; errors ${errors}; ${nodes.length > 1 ? 'largest node' : 'server'} peak RSS ${fmt(peak, 0)} MB`,
    limitName: 'targets',
    limit: 'p99 250 ms, RSS 500 MB',
    ratio: r.p99 / 250,
    target: 'no errors, p99 < 250 ms, RSS < 500 MB',
    met: errors === 0 && r.p99 < 250 && peak < 500,
    ...(errors ? { note: `status codes ${JSON.stringify(r.statusCodes)}` } : {}),
  };
}

/**
 * Where the time went, from the node's own /metrics (loopback may read them): each route's count and mean answer
 * time, arrival to answer. Under a closed loop the slow routes are the ones that wait for the database.
 */
async function routeTimes(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`).catch(() => null);
  if (!res?.ok) return `${url}: no /metrics`;
  const by = new Map<string, { sum: number; count: number }>();
  for (const line of (await res.text()).split('\n')) {
    const m = /^http_request_duration_seconds_(sum|count)\{(.*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const route = `${/method="([^"]*)"/.exec(m[2]!)?.[1]} ${/route="([^"]*)"/.exec(m[2]!)?.[1]}`;
    const e = by.get(route) ?? { sum: 0, count: 0 };
    e[m[1] as 'sum' | 'count'] += Number(m[3]);
    by.set(route, e);
  }
  const rows = [...by]
    .filter(([, e]) => e.count >= 50)
    .sort((a, b) => b[1].count - a[1].count)
    .map(([route, e]) => `  ${route}: ${e.count} answers, mean ${fmt((e.sum / e.count) * 1000)} ms`);
  return [`${url} — answer time by route (the node's /metrics):`, ...rows].join('\n');
}

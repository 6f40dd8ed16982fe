import autocannon from 'autocannon';
import { percentile } from './stats.ts';

export type LoadResult = {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  requests: number;
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
};

/**
 * Drives a server on 127.0.0.1 with autocannon for a bounded time; latencies in ms from every response
 * (autocannon's own summary has no p95). `requests` with per-connection contexts carry state such as a version.
 */
export async function load(opts: autocannon.Options): Promise<LoadResult> {
  return loadAll([opts]);
}

/** Several loads at once (one per app node), summarised as one: latencies of every response, summed rates. */
export async function loadAll(list: autocannon.Options[]): Promise<LoadResult> {
  const statusCodes: Record<string, number> = {};
  const times: number[] = [];
  const results = await Promise.all(list.map((opts) => drive(opts, statusCodes, times)));
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((a, r) => a + f(r), 0);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    rps: results.reduce(
      (a, r, i) => a + r.requests.total / (r.duration || Number(list[i]!.duration ?? 5)),
      0,
    ),
    requests: sum((r) => r.requests.total),
    errors: sum((r) => r.errors + r.timeouts),
    non2xx: sum((r) => r.non2xx),
    statusCodes,
  };
}

async function drive(
  opts: autocannon.Options,
  statusCodes: Record<string, number>,
  times: number[],
): Promise<autocannon.Result> {
  if (!/^http:\/\/127\.0\.0\.1:/.test(String(opts.url))) throw new Error('load only against 127.0.0.1');
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...opts, duration: opts.duration ?? 5 }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      times.push(responseTime);
    });
  });
}

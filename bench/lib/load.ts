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
  if (!/^http:\/\/127\.0\.0\.1:/.test(String(opts.url))) throw new Error('load only against 127.0.0.1');
  const statusCodes: Record<string, number> = {};
  const times: number[] = [];
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ ...opts, duration: opts.duration ?? 5 }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      times.push(responseTime);
    });
  });
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    rps: r.requests.total / (r.duration || Number(opts.duration ?? 5)),
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
  };
}

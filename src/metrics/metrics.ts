// What this node has done, for Prometheus (GET /metrics in its text format): requests by route, their latency,
// database time, cache hits and misses. In memory, per process; every series is bounded by the routes, caches
// and status codes there are (a path that matches no route is counted as "unmatched", never by its URL).
import { monitorEventLoopDelay } from 'node:perf_hooks';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = Record<string, string>;

const labelText = (labels: Labels) => {
  const parts = Object.entries(labels).map(
    ([k, v]) => `${k}="${v.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
};

class Counter {
  readonly #values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels, by = 1) {
    const key = labelText(labels);
    const e = this.#values.get(key);
    if (e) e.value += by;
    else this.#values.set(key, { labels, value: by });
  }
  value(labels: Labels): number {
    return this.#values.get(labelText(labels))?.value ?? 0;
  }
  text(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.#values.values())
      lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines.join('\n');
  }
}

class Histogram {
  readonly #series = new Map<string, { labels: Labels; buckets: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: number[] = SECONDS,
  ) {}
  observe(labels: Labels, v: number) {
    const key = labelText(labels);
    let s = this.#series.get(key);
    if (!s) {
      s = { labels, buckets: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, s);
    }
    for (let i = 0; i < this.bounds.length; i++) if (v <= this.bounds[i]!) s.buckets[i]! += 1;
    s.sum += v;
    s.count += 1;
  }
  count(labels: Labels): number {
    return this.#series.get(labelText(labels))?.count ?? 0;
  }
  text(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, buckets, sum, count } of this.#series.values()) {
      for (const [i, b] of this.bounds.entries())
        lines.push(`${this.name}_bucket${labelText({ ...labels, le: String(b) })} ${buckets[i]}`);
      lines.push(`${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${sum}`);
      lines.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
    return lines.join('\n');
  }
}

/** HTTP requests answered, by method, route pattern and status. */
export const httpRequests = new Counter('http_requests_total', 'HTTP requests answered, by route and status');
/** Time from the request's arrival to its answer, by method and route pattern. */
export const httpDuration = new Histogram('http_request_duration_seconds', 'HTTP answer time by route');
/** Time each database statement took, by kind (select, insert, update, delete, other). */
export const dbDuration = new Histogram('db_query_duration_seconds', 'Database statement time by kind');
/** Lookups in the per-node caches: hit or miss, by cache. */
export const cacheLookups = new Counter('cache_lookups_total', 'Per-node cache lookups by cache and result');

/** Records one cache lookup. */
export function cacheLookup(cache: string, hit: boolean): void {
  cacheLookups.inc({ cache, result: hit ? 'hit' : 'miss' });
}

/** Records one database statement's time, from Kysely's query log. */
export function dbStatement(sqlText: string, millis: number): void {
  const kind = /^\s*(select|insert|update|delete|with)\b/i.exec(sqlText)?.[1]?.toLowerCase() ?? 'other';
  dbDuration.observe({ kind: kind === 'with' ? 'select' : kind }, millis / 1000);
}

const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();

/** The exposition text: the series above, the process's memory and event-loop delay, and the gauges given. */
export function metricsText(
  gauges: { name: string; help: string; values: { labels: Labels; value: number }[] }[],
) {
  const mem = process.memoryUsage();
  const parts = [httpRequests.text(), httpDuration.text(), dbDuration.text(), cacheLookups.text()];
  parts.push(
    '# HELP process_resident_memory_bytes Resident memory of this node',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${mem.rss}`,
    '# HELP nodejs_heap_used_bytes V8 heap in use',
    '# TYPE nodejs_heap_used_bytes gauge',
    `nodejs_heap_used_bytes ${mem.heapUsed}`,
    '# HELP nodejs_eventloop_delay_p99_seconds 99th percentile of the event-loop delay since start',
    '# TYPE nodejs_eventloop_delay_p99_seconds gauge',
    `nodejs_eventloop_delay_p99_seconds ${loopDelay.percentile(99) / 1e9}`,
  );
  for (const g of gauges) {
    parts.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
    for (const v of g.values) parts.push(`${g.name}${labelText(v.labels)} ${v.value}`);
  }
  return `${parts.join('\n')}\n`;
}

import { rssMb, rssSampler, startScript } from '../lib/child.ts';
import type { BenchCtx, Row } from '../lib/context.ts';
import { fmt } from '../lib/context.ts';
import { median, percentile, timed } from '../lib/stats.ts';

const countLines = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/** The raw driver streaming the same rows to CSV in its own process: rows/s and its peak RSS. */
async function rawCsv(ctx: BenchCtx, datasetId: string, sectionNo: number) {
  const target = ctx.kind === 'postgres' ? ctx.pgUrl! : ctx.dbFile!;
  let rows = 0;
  let peak = 0;
  const ms = await timed(
    () =>
      new Promise<void>((resolve, reject) => {
        const proc = startScript('bench/limits/raw-csv.ts', [
          target,
          String(ctx.year),
          datasetId,
          String(sectionNo),
        ]);
        const rss = rssSampler(proc.pid!);
        proc.stdout!.setEncoding('utf8');
        proc.stdout!.on('data', (d: string) => {
          rows += countLines(d);
        });
        proc.once('exit', (code) => {
          peak = rss.stop();
          code === 0 ? resolve() : reject(new Error(`raw csv exited ${code}`));
        });
      }),
  );
  return { rows, ms, peak };
}

/** W5: the national CSV export of that data set, streamed: rows per second and the server's peak memory. */
export async function w5(ctx: BenchCtx, datasetId: string, sectionNo: number): Promise<Row> {
  const url = `${ctx.server.url}/api/v1/exports/datasets/${datasetId}.csv?year=${ctx.year}`;
  const ours: number[] = [];
  const raw: number[] = [];
  let rows = 0;
  let rawRows = 0;
  let peak = 0;
  let rawPeak = 0;
  const before = rssMb(ctx.server.proc.pid!);
  for (let i = 0; i < ctx.rounds; i++) {
    const rss = rssSampler(ctx.server.proc.pid!);
    ours.push(
      await timed(async () => {
        const res = await fetch(url);
        if (!res.ok || !res.body) throw new Error(`export ${res.status}`);
        const decoder = new TextDecoder();
        rows = 0;
        for await (const chunk of res.body) rows += countLines(decoder.decode(chunk, { stream: true }));
        rows -= 1; // the header
      }),
    );
    peak = Math.max(peak, rss.stop());
    const r = await rawCsv(ctx, datasetId, sectionNo);
    raw.push(r.ms);
    rawRows = r.rows;
    rawPeak = Math.max(rawPeak, r.peak);
  }
  const oursRate = rows / (median(ours) / 1000);
  const rawRate = rawRows / (median(raw) / 1000);
  const ratio = oursRate / rawRate;
  const growth = peak - before;
  return {
    id: 'W5',
    name: `national CSV export of ${datasetId} (${fmt(rows, 0)} certified rows, streamed)`,
    median: median(ours) / 1000,
    p95: percentile(ours, 95) / 1000,
    unit: 's',
    throughput: `${fmt(oursRate, 0)} rows/s; server RSS ${fmt(before, 0)} → peak ${fmt(peak, 0)} MB`,
    limitName: 'raw driver iterate → CSV',
    limit: `${fmt(rawRate, 0)} rows/s (peak RSS ${fmt(rawPeak, 0)} MB)`,
    ratio,
    target: '≥ 0.8, constant memory',
    met: ratio >= 0.8 && growth < 100 && rows === rawRows,
    ...(rows !== rawRows ? { note: `rows differ: ${rows} vs ${rawRows}` } : {}),
  };
}

/**
 * W5x: the same national export as an .xlsx workbook (ExcelJS's streaming writer, rows committed as they come):
 * its time, and the server's peak memory over its memory before — the workbook is never held whole.
 */
export async function w5xlsx(ctx: BenchCtx, datasetId: string): Promise<Row> {
  const url = `${ctx.server.url}/api/v1/exports/datasets/${datasetId}.xlsx?year=${ctx.year}`;
  const times: number[] = [];
  let bytes = 0;
  let peak = 0;
  const before = rssMb(ctx.server.proc.pid!);
  for (let i = 0; i < ctx.rounds; i++) {
    const rss = rssSampler(ctx.server.proc.pid!);
    times.push(
      await timed(async () => {
        const res = await fetch(url);
        if (!res.ok || !res.body) throw new Error(`export ${res.status}`);
        bytes = 0;
        for await (const chunk of res.body) bytes += chunk.byteLength;
      }),
    );
    peak = Math.max(peak, rss.stop());
  }
  const growth = peak - before;
  return {
    id: 'W5x',
    name: `national .xlsx export of ${datasetId} (${fmt(bytes / 1e6, 1)} MB workbook, streamed)`,
    median: median(times) / 1000,
    p95: percentile(times, 95) / 1000,
    unit: 's',
    throughput: `server RSS ${fmt(before, 0)} → peak ${fmt(peak, 0)} MB (+${fmt(growth, 0)})`,
    limitName: 'memory growth allowed',
    limit: '100 MB',
    ratio: growth / 100,
    target: 'constant memory: RSS +100 MB',
    met: growth < 100,
  };
}

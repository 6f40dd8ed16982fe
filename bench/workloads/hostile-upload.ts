import { flood, fullSheet, zipBomb } from '../../test/hostile-files.ts';
import { multipart } from '../../test/multipart.ts';
import { rssMb, rssSampler } from '../lib/child.ts';
import type { BenchCtx, Row } from '../lib/context.ts';
import { fmt } from '../lib/context.ts';
import { load } from '../lib/load.ts';
import { loopDelay } from '../lib/loop-delay.ts';
import { W3_CONNECTIONS } from './w3-status.ts';

export const HOSTILE_AT_ONCE = 2;

/** The floods of issue 11, each a few KB to 10 MB on the wire. */
function floods(): [string, string, Buffer][] {
  return [
    ['3,000,000 <row/>', 'a.xlsx', flood('row/', 3_000_000)],
    ['1,500,000 <c/>', 'a.xlsx', flood('c/', 1_500_000)],
    ['1,000,000 shared strings, the last one used', 'a.xlsx', flood('si', 1_000_000)],
    ['100,000 <xf>', 'a.xlsx', flood('xf', 100_000)],
    ['1,500,000 <font>', 'a.xlsx', flood('font', 1_500_000)],
    ['27,000,000 unknown elements (100 MB unpacked)', 'a.xlsx', flood('unknown', 27_000_000)],
    ['a 200 MB zip bomb', 'a.xlsx', zipBomb(200 * 1024 * 1024)],
    ['980,147 numbers at the cell limit', 'a.xlsx', fullSheet()],
    [
      '10 MB of short CSV lines',
      'a.csv',
      Buffer.from(`roadName\n${'ก\n'.repeat(2_000_000)}`.slice(0, 10_000_000)),
    ],
  ];
}

/**
 * The hostile-upload row: the floods sent two at a time, over and over, while W3's status search runs (10 clients).
 * Measured in the server: its peak RSS over its RSS before, and its event loop's delay (p99) during the run.
 */
export async function hostileUpload(ctx: BenchCtx, loopFile: string): Promise<Row> {
  const files = floods();
  const lao = '5310108';
  const url = `${ctx.server.url}/api/v1/laos/${lao}/years/${ctx.year}/datasets/local-roads/imports`;
  const seconds = Math.max(ctx.duration, 15);
  const statuses: Record<string, number> = {};
  let sent = 0;
  let stop = false;
  const uploader = async (start: number) => {
    for (let i = start; !stop; i += HOSTILE_AT_ONCE) {
      const [, fileName, data] = files[i % files.length]!;
      const m = multipart(fileName, data);
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx.token}`, ...m.headers },
        body: m.payload,
      });
      await res.arrayBuffer();
      sent++;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    }
  };
  const w3Load = (duration: number) =>
    load({
      url: `${ctx.server.url}/api/v1/status?year=${ctx.year}&page=1&pageSize=10`,
      connections: W3_CONNECTIONS,
      duration,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
  // The same load without uploads first: the RSS and loop delay the floods are compared with.
  await loopDelay(ctx.server, loopFile);
  await w3Load(5);
  const quiet = await loopDelay(ctx.server, loopFile);
  const before = rssMb(ctx.server.proc.pid!);
  const rss = rssSampler(ctx.server.proc.pid!);
  const uploads = Promise.all(Array.from({ length: HOSTILE_AT_ONCE }, (_, i) => uploader(i)));
  const w3 = await w3Load(seconds);
  stop = true;
  await uploads;
  const peak = rss.stop();
  const loop = await loopDelay(ctx.server, loopFile);
  const grew = peak - before;
  const refused = Object.entries(statuses)
    .filter(([s]) => s.startsWith('4'))
    .reduce((n, [, c]) => n + c, 0);
  const errors = w3.errors + w3.non2xx + (sent - refused);
  return {
    id: 'HOSTILE',
    name: `hostile upload: ${files.length} floods (${files.map((f) => f[0]).join('; ')}), ${HOSTILE_AT_ONCE} at a time for ${seconds} s while W3 runs (${W3_CONNECTIONS} clients)`,
    median: w3.p50,
    p95: w3.p95,
    unit: 'ms',
    throughput: `W3 ${fmt(w3.rps)} req/s, p99 ${fmt(w3.p99)} ms; ${sent} uploads answered ${JSON.stringify(statuses)}; server RSS ${fmt(before, 0)} → peak ${fmt(peak, 0)} MB (+${fmt(grew, 0)}); event-loop delay p50 ${fmt(loop.p50)} ms, p99 ${fmt(loop.p99)} ms, max ${fmt(loop.max)} ms (W3 alone: p99 ${fmt(quiet.p99)} ms, max ${fmt(quiet.max)} ms)`,
    limitName: 'targets',
    limit: 'RSS +256 MB, event-loop delay p99 100 ms',
    ratio: Math.max(grew / 256, loop.p99 / 100),
    target: 'every flood a 4xx, W3 without errors, RSS +256 MB, loop p99 < 100 ms',
    met: errors === 0 && grew <= 256 && loop.p99 < 100,
    ...(errors ? { note: `${errors} errors` } : {}),
  };
}

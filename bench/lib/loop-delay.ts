import fs from 'node:fs';
import path from 'node:path';
import type { Child } from './child.ts';

export type LoopDelay = { p50: number; p99: number; max: number; samples: number };

/** The node arguments and environment that load the event-loop probe into the server (./loop-probe.mjs). */
export function loopProbe(scratchDir: string) {
  const file = path.join(scratchDir, 'loop-delay.json');
  return {
    file,
    nodeArgs: ['--import', path.resolve('bench/lib/loop-probe.mjs')],
    env: { BENCH_LOOP_FILE: file },
  };
}

/**
 * The server's event-loop delay since the last call (ms): asks the probe with SIGUSR2 and waits for its answer,
 * which comes when the loop gets to it (so a blocked loop shows as a late answer, and in the numbers).
 */
export async function loopDelay(server: Child, file: string): Promise<LoopDelay> {
  const read = () => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as LoopDelay & { n: number };
    } catch {
      return null; // not written yet, or being written
    }
  };
  const last = read()?.n ?? 0;
  server.proc.kill('SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const got = read();
    if (got && got.n > last) return got;
  }
  throw new Error('the server did not report its event-loop delay (was it started with the probe?)');
}

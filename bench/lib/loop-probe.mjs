// Preloaded into the benchmark's server (`node --import …/loop-probe.mjs bin/lao-info.js serve`): measures the
// event loop's delay inside the server. SIGUSR2 writes what it saw since the last signal to $BENCH_LOOP_FILE and
// starts over; the bench reads it (bench/lib/loop-delay.ts). Plain JavaScript: it loads before tsx is registered.
// The histogram records the time between 10 ms timer ticks; the delay is what goes beyond the 10 ms.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_LOOP_FILE;
const RESOLUTION_MS = 10;
if (file) {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  let n = 0;
  process.on('SIGUSR2', () => {
    const ms = (ns) => Math.max(0, Math.round(ns / 1e4) / 100 - RESOLUTION_MS);
    fs.writeFileSync(
      file,
      JSON.stringify({
        n: ++n,
        p50: ms(h.percentile(50)),
        p99: ms(h.percentile(99)),
        max: ms(h.max),
        samples: h.count,
      }),
    );
    h.reset();
  });
}

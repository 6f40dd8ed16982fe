import { parseArgs } from 'node:util';
import type { Command } from './commands.ts';

export const benchCommand: Command = {
  summary: 'benchmark W1–W7 on a nationwide database against the machine’s limits (one table)',
  usage:
    'lao-info bench [--db FILE/info.sqlite] [--rounds 3] [--duration 5] [--load] [--only W1,W3,HOSTILE]\n\n' +
    'Creates (once, cached under $DATA_DIR/bench/) a nationwide SQLite database with the seeder, or uses\n' +
    'DATABASE_URL (PostgreSQL), starts the app in a child process and prints one table: median, p95 and\n' +
    'throughput of each workload with the limit measured in the same run and the ratio; HOSTILE sends floods of\n' +
    "hostile uploads while W3 runs and reports the server's RSS and event-loop delay. --load adds the mixed\n" +
    '200-connection 30 s load. The table is also written to bench/results/latest-<dialect>.md.',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        db: { type: 'string' },
        rounds: { type: 'string', default: '3' },
        duration: { type: 'string', default: '5' },
        load: { type: 'boolean', default: false },
        only: { type: 'string' },
        year: { type: 'string', default: '2569' },
        seed: { type: 'string', default: '42' },
      },
    });
    const rounds = Number(values.rounds);
    const duration = Number(values.duration);
    if (!Number.isInteger(rounds) || rounds < 1 || !(duration > 0)) {
      process.stderr.write(
        '--rounds ต้องเป็นจำนวนเต็มบวก --duration เป็นวินาที / --rounds and --duration must be positive\n',
      );
      return 2;
    }
    // Loaded only when asked: the benchmark pulls in autocannon and the workloads, which `serve` never needs.
    const { runBench } = await import('../../bench/run.ts');
    const md = await runBench({
      db: values.db,
      rounds,
      duration,
      load: values.load,
      year: Number(values.year),
      seed: Number(values.seed),
      only: values.only?.split(','),
    });
    process.stdout.write(`${md}\n`);
    return 0;
  },
};

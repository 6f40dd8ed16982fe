import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { seedChecksum, seedNationwide } from '../seed/nationwide.service.ts';
import { prepareDatabase } from '../server.ts';
import type { Command } from './commands.ts';

/** A progress bar on stderr: LAOs done / total, rate and time left; one line per 10 % when not a terminal. */
export function progressBar(label: string, out: NodeJS.WriteStream = process.stderr) {
  const t0 = Date.now();
  let lastTenth = -1;
  return (done: number, total: number) => {
    const s = (Date.now() - t0) / 1000;
    const rate = s > 0 ? done / s : 0;
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    const pct = total ? done / total : 1;
    const bar = '#'.repeat(Math.round(pct * 30)).padEnd(30, '.');
    const line = `${label} [${bar}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${rate.toFixed(1)}/s ETA ${Math.floor(eta / 60)}m${String(eta % 60).padStart(2, '0')}s`;
    if (out.isTTY) out.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (Math.floor(pct * 10) > lastTenth || done === total) {
      lastTenth = Math.floor(pct * 10);
      out.write(`${line}\n`);
    }
  };
}

export const seedNationwideCommand: Command = {
  summary: 'generate realistic data for every LAO (the fiscal year and the one before it)',
  usage:
    'lao-info seed nationwide --year 2569 [--fill 0.85] [--seed 42] [--as-of ISO] [--province 31,32] [--force] [--checksum]\n\n' +
    'Writes every active LAO × every applicable data set of the catalog for --year (a mix of not started,\n' +
    'partial, complete, LAO-certified, province-certified and returned, spread from 1 October up to --as-of,\n' +
    'default 15 May of the fiscal year, Bangkok) and the previous year fully recorded and certified.\n' +
    'Deterministic for a --seed, on SQLite and PostgreSQL. Refuses a database that already holds data for\n' +
    'either year unless --force, which deletes those years (of those provinces) first. --checksum prints an\n' +
    'order-independent checksum of what was written, to compare two databases.',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        year: { type: 'string' },
        fill: { type: 'string', default: '0.85' },
        seed: { type: 'string', default: '42' },
        'as-of': { type: 'string' },
        province: { type: 'string' },
        force: { type: 'boolean', default: false },
        checksum: { type: 'boolean', default: false },
      },
    });
    const year = Number(values.year);
    if (!values.year || !Number.isInteger(year) || year < 2550 || year > 2700) {
      process.stderr.write(
        '--year ต้องเป็นปีงบประมาณ พ.ศ. เช่น 2569 / --year must be a Buddhist-era fiscal year\n',
      );
      return 2;
    }
    const seed = Number(values.seed);
    const fill = Number(values.fill);
    if (!Number.isInteger(seed)) {
      process.stderr.write('--seed ต้องเป็นจำนวนเต็ม / --seed must be a whole number\n');
      return 2;
    }
    const asOf = values['as-of'] ? new Date(values['as-of']) : undefined;
    if (asOf && Number.isNaN(asOf.getTime())) {
      process.stderr.write(
        '--as-of ต้องเป็นวันเวลา ISO เช่น 2026-05-15T16:30:00+07:00 / --as-of must be an ISO moment\n',
      );
      return 2;
    }
    const provinces = values.province?.split(',').map((p) => p.trim());
    if (provinces?.some((p) => !/^\d{2}$/.test(p))) {
      process.stderr.write('--province ต้องเป็นรหัสจังหวัด 2 หลัก คั่นด้วย , / --province takes 2-digit codes\n');
      return 2;
    }
    const db = await prepareDatabase(loadConfig());
    // A bulk load touches the indexes all over: a 256 MB page cache instead of SQLite's default 2 MB.
    db.sqlite?.pragma('cache_size = -262144');
    try {
      const r = await seedNationwide(
        db.kysely,
        { year, fill, seed, asOf: asOf?.toISOString(), provinces, force: values.force },
        progressBar('LAOs'),
      );
      const out = process.stdout;
      out.write(
        `seeded fiscal years ${year - 1} and ${year} (as of ${r.asOf}) in ${(r.ms / 1000).toFixed(1)} s\n` +
          `LAOs: ${r.laos.year} in ${year}, ${r.laos.previousYear} in ${year - 1}\n` +
          `progress in ${year}: ${Object.entries(r.progress)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}\n` +
          `records ${r.records}, rows ${r.rows}, changes ${r.changes}, aspect states ${r.aspects}, certification events ${r.events}, divisions ${r.divisions}\n` +
          `rejects: ${r.rejects}\n`,
      );
      if (values.checksum) {
        const c = await seedChecksum(db.kysely, [year - 1, year], provinces);
        out.write(`checksum ${c.checksum}\n`);
      }
      return r.rejects === 0 ? 0 : 1;
    } finally {
      await db.close();
    }
  },
};

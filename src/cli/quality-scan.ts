import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import type { Actor } from '../policy/policy.ts';
import { scanFlags } from '../quality/quality.service.ts';
import { prepareDatabase } from '../server.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import type { Command } from './commands.ts';

/** The centre, reading every province (the scan reads; it writes nothing). */
const CENTRE: Actor = {
  id: 'cli',
  username: 'system',
  displayName: 'lao-info quality scan',
  role: 'dla_admin',
  provinceCode: null,
  districtCode: null,
  laoCode: null,
  divisionIds: [],
};

export const qualityScanCommand: Command = {
  summary: 'count the flagged values of a fiscal year over the country (or some provinces)',
  usage:
    'lao-info quality scan --year 2569 [--province 31,61] [--fail-on rules|any]\n\n' +
    'Works out every flag the data set pages and the province page show — catalog plausibility rules,\n' +
    'changes from last year, numbers far from their peers — for every active LAO of the year, and prints\n' +
    '{ year, provinces, laos, flaggedLaos, byKind, byRule: [{ datasetId, ruleId, kind, flags, laos }], worst }\n' +
    'as JSON. --fail-on rules exits 1 when a plausibility rule or a change from last year is flagged (what the\n' +
    'nationwide seed must never raise); --fail-on any also when a peer comparison is.',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { year: { type: 'string' }, province: { type: 'string' }, 'fail-on': { type: 'string' } },
    });
    const year = values.year ? Number(values.year) : fiscalYearOf();
    if (!Number.isInteger(year) || year < 2550 || year > 2700) {
      process.stderr.write(
        'ระบุ --year เป็นปีงบประมาณ พ.ศ. เช่น 2569 / --year must be a Buddhist-era fiscal year\n',
      );
      return 2;
    }
    const provinces = values.province?.split(',').map((p) => p.trim());
    if (provinces?.some((p) => !/^\d{2}$/.test(p))) {
      process.stderr.write(
        '--province ต้องเป็นรหัสจังหวัด 2 หลัก คั่นด้วยจุลภาค / --province must be 2-digit codes, comma-separated\n',
      );
      return 2;
    }
    const failOn = values['fail-on'];
    if (failOn !== undefined && failOn !== 'rules' && failOn !== 'any') {
      process.stderr.write('--fail-on ต้องเป็น rules หรือ any / --fail-on must be rules or any\n');
      return 2;
    }
    const db = await prepareDatabase(loadConfig());
    try {
      const scan = await scanFlags(db.kysely, CENTRE, year, provinces);
      process.stdout.write(`${JSON.stringify(scan, null, 2)}\n`);
      const rules = scan.byKind.plausibility + scan.byKind.year_change;
      if (failOn === 'rules' && rules > 0) return 1;
      if (failOn === 'any' && rules + scan.byKind.peer > 0) return 1;
      return 0;
    } finally {
      await db.close();
    }
  },
};

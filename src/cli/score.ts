import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { describeReason } from '../scoring/scoring.engine.ts';
import { criterionOf, explain, scoresOf } from '../scoring/scoring.service.ts';
import { prepareDatabase } from '../server.ts';
import { csvLine } from '../util/csv.ts';
import { fiscalYearOf, toBangkokIso } from '../util/thai-date.ts';
import type { Command } from './commands.ts';

export const scoreCommand: Command = {
  summary: 'the LPA indicator 4 score of every LAO (or a province) as of a moment',
  usage:
    'lao-info score --year 2569 [--as-of 2026-05-15T15:30:00+07:00] [--province 31] [--format json|csv]\n\n' +
    'Computes the score of every active LAO of the country (or of one province) in one pass, as of the moment\n' +
    '(default now; ISO 8601 with an offset, or dd/mm/yyyy HH:MM:SS in the Buddhist era). json (default) prints\n' +
    '{ year, asOf, distribution, total, items: [{ laoCode, score, criterion, reasons }] }; csv one line per LAO\n' +
    'with its score and reason codes. A moment in the future or before the fiscal year is refused (exit 2).',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        year: { type: 'string' },
        'as-of': { type: 'string' },
        province: { type: 'string' },
        format: { type: 'string', default: 'json' },
      },
    });
    const year = values.year ? Number(values.year) : fiscalYearOf();
    if (!Number.isInteger(year) || year < 2550 || year > 2700) {
      process.stderr.write(
        'ระบุ --year เป็นปีงบประมาณ พ.ศ. เช่น 2569 / --year must be a Buddhist-era fiscal year\n',
      );
      return 2;
    }
    if (values.province && !/^\d{2}$/.test(values.province)) {
      process.stderr.write('--province ต้องเป็นรหัสจังหวัด 2 หลัก / --province must be a 2-digit code\n');
      return 2;
    }
    if (values.format !== 'json' && values.format !== 'csv') {
      process.stderr.write('--format ต้องเป็น json หรือ csv / --format must be json or csv\n');
      return 2;
    }
    const db = await prepareDatabase(loadConfig());
    try {
      const r = await scoresOf(db.kysely, { year, asOf: values['as-of'], province: values.province });
      const run = await explain(
        db.kysely,
        r.run,
        r.rows.map((x) => x.lao.code),
      );
      const out = process.stdout;
      if (values.format === 'csv') {
        out.write(csvLine(['laoCode', 'province', 'district', 'score', 'criterion', 'reasons']));
        run.laos.forEach((l, i) => {
          const s = run.results[i]!;
          out.write(
            csvLine([
              l.code,
              l.province_code,
              l.district_code,
              s.score,
              criterionOf(run.rubric.rubric, s.score).th,
              s.reasons
                .map((x) => [x.code, x.aspect, x.datasetId].filter((v) => v !== undefined).join(':'))
                .join(' '),
            ]),
          );
        });
        return 0;
      }
      out.write(
        `${JSON.stringify({
          year: run.year,
          asOf: toBangkokIso(run.asOf),
          distribution: r.distribution,
          total: run.results.length,
          items: run.results.map((s) => ({
            laoCode: s.laoCode,
            score: s.score,
            criterion: criterionOf(run.rubric.rubric, s.score).th,
            reasons: s.reasons.map((x) => ({
              code: x.code,
              ...(x.aspect !== undefined ? { aspect: x.aspect } : {}),
              ...(x.datasetId ? { datasetId: x.datasetId } : {}),
              message: describeReason(x, run.catalog, run.periodStart).th,
            })),
          })),
        })}\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};

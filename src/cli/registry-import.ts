import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { importRegistryCsv } from '../registry/registry.service.ts';
import { prepareDatabase } from '../server.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import type { Command } from './commands.ts';

export const registryImportCommand: Command = {
  summary: 'load an official LAO registry CSV (reports added, changed, retired)',
  usage:
    'lao-info registry import FILE.csv [--year 2570] [--dry-run]\n\n' +
    'The file is the complete list of LAOs from fiscal year --year on (default: the current one).\n' +
    'Columns: code, name_th, type, province_code, district_code?, status?, merged_into?, lat?, lon?, area_km2?\n' +
    'Codes missing from the file are retired from that year. Any error in any row changes nothing.',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { year: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    });
    const file = positionals[0];
    if (!file) {
      process.stderr.write('ระบุแฟ้ม CSV / give the CSV file: lao-info registry import FILE.csv\n');
      return 2;
    }
    const year = values.year ? Number(values.year) : fiscalYearOf();
    if (!Number.isInteger(year) || year < 2550 || year > 2700) {
      process.stderr.write(
        '--year ต้องเป็นปีงบประมาณ พ.ศ. เช่น 2570 / --year must be a Buddhist-era fiscal year\n',
      );
      return 2;
    }
    const text = fs.readFileSync(file, 'utf8');
    const db = await prepareDatabase(loadConfig());
    try {
      const r = await importRegistryCsv(db.kysely, text, {
        year,
        dryRun: values['dry-run'],
        source: `registry import ${file}`,
      });
      const out = process.stdout;
      out.write(
        `${r.applied ? 'นำเข้าแล้ว / applied' : 'ทดลอง ไม่บันทึก / dry run, nothing stored'} — fiscal year ${r.year}\n`,
      );
      out.write(
        `added: ${r.added.length}${r.added.length ? ` (${r.added.slice(0, 20).join(', ')}${r.added.length > 20 ? ', …' : ''})` : ''}\n`,
      );
      out.write(`changed: ${r.changed.length}\n`);
      for (const c of r.changed.slice(0, 50)) out.write(`  ${c.code}: ${c.what}\n`);
      out.write(
        `retired: ${r.retired.length}${r.retired.length ? ` (${r.retired.slice(0, 20).join(', ')}${r.retired.length > 20 ? ', …' : ''})` : ''}\n`,
      );
      out.write(`unchanged: ${r.unchanged}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};

import { parseArgs } from 'node:util';
import { validateCatalogInput } from '../catalog/catalog-files.ts';
import type { Command } from './commands.ts';

export const catalogValidateCommand: Command = {
  summary: 'check catalog definition files (one section per .json file) without loading them',
  usage:
    'lao-info catalog validate FILE.json|DIR\n\n' +
    'Checks each file against the catalog format (formatVersion 1: a section and its data sets, fields and\n' +
    'rules; see src/catalog/definitions for the default catalog). Prints OK with counts, or every error\n' +
    'naming the file, data set and field; exits with 2 on any error.',
  async run(args) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
    const input = positionals[0];
    if (!input) {
      process.stderr.write('ระบุแฟ้มหรือโฟลเดอร์ / give a file or directory: lao-info catalog validate DIR\n');
      return 2;
    }
    const r = validateCatalogInput(input);
    if (r.errors.length) {
      process.stderr.write(`ข้อผิดพลาด ${r.errors.length} รายการ / ${r.errors.length} errors:\n`);
      for (const e of r.errors) process.stderr.write(`  - ${e.message.th}\n`);
      return 2;
    }
    const datasets = r.files.flatMap((f) => f.file.datasets);
    const fields = datasets.reduce((a, d) => a + d.fields.length, 0);
    const rules = datasets.reduce((a, d) => a + d.rules.length, 0);
    process.stdout.write(
      `OK: ${r.files.length} files, ${r.files.length} sections (${r.files.map((f) => f.file.section.no).join(', ')}), ` +
        `${datasets.length} data sets, ${fields} fields, ${rules} rules\n`,
    );
    return 0;
  },
};

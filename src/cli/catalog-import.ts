import { parseArgs } from 'node:util';
import { type CatalogImportReport, importCatalog } from '../catalog/catalog.service.ts';
import { loadConfig } from '../config.ts';
import { prepareDatabase } from '../server.ts';
import type { Command } from './commands.ts';

const list = (xs: string[]) => (xs.length ? ` (${xs.join(', ')})` : '');

/** The change report, one line per change, as an administrator reads it. */
export function formatCatalogReport(r: CatalogImportReport): string {
  const lines = [
    `${r.applied ? 'นำเข้าแล้ว / applied' : 'ทดลอง ไม่บันทึก / dry run, nothing stored'} — fiscal year ${r.year}, revision ${r.revision}`,
  ];
  if (r.createdFrom !== null) {
    lines.push(
      `new year: started as a copy of ${r.createdFrom === 'default' ? 'the default catalog' : `FY ${r.createdFrom}`}`,
    );
  }
  lines.push(`sections: ${r.sections.join(', ')}`);
  lines.push(`data sets added: ${r.datasetsAdded.length}${list(r.datasetsAdded)}`);
  if (r.datasetsRestored.length)
    lines.push(`data sets restored: ${r.datasetsRestored.length}${list(r.datasetsRestored)}`);
  lines.push(
    `data sets removed (archived, data kept): ${r.datasetsArchived.length}${list(r.datasetsArchived)}`,
  );
  lines.push(`data sets changed: ${r.datasetsChanged.length}`);
  for (const c of r.datasetsChanged) {
    lines.push(`  ${c.id}:`);
    for (const what of c.changes) lines.push(`    ${what}`);
    if (c.fieldsAdded.length) lines.push(`    fields added: ${c.fieldsAdded.join(', ')}`);
    if (c.fieldsRestored.length) lines.push(`    fields restored: ${c.fieldsRestored.join(', ')}`);
    if (c.fieldsArchived.length)
      lines.push(`    fields removed (archived, data kept): ${c.fieldsArchived.join(', ')}`);
    for (const f of c.fieldsChanged) lines.push(`    field ${f.key}: ${f.changes.join('; ')}`);
  }
  lines.push(`data sets unchanged: ${r.datasetsUnchanged}`);
  return `${lines.join('\n')}\n`;
}

export const catalogImportCommand: Command = {
  summary: 'load catalog definitions into a fiscal year (reports what changed)',
  usage:
    'lao-info catalog import FILE.json|DIR --year 2569 [--dry-run]\n\n' +
    'Replaces the sections in the file(s) for that fiscal year only; other sections and other years stay as\n' +
    'they are. A field or data set the new definition no longer has is archived, never dropped: data recorded\n' +
    'for it is kept. A year without a catalog starts as a copy of the latest earlier year. Any error in any\n' +
    'file changes nothing.',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { year: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    });
    const input = positionals[0];
    if (!input) {
      process.stderr.write(
        'ระบุแฟ้มหรือโฟลเดอร์ / give a file or directory: lao-info catalog import DIR --year 2569\n',
      );
      return 2;
    }
    const year = Number(values.year);
    if (!values.year || !Number.isInteger(year) || year < 2550 || year > 2700) {
      process.stderr.write(
        'ระบุ --year เป็นปีงบประมาณ พ.ศ. เช่น 2569 / --year must be a Buddhist-era fiscal year\n',
      );
      return 2;
    }
    const db = await prepareDatabase(loadConfig());
    try {
      const r = await importCatalog(db.kysely, input, {
        year,
        dryRun: values['dry-run'],
        source: `catalog import ${input}`,
      });
      process.stdout.write(formatCatalogReport(r));
      return 0;
    } finally {
      await db.close();
    }
  },
};

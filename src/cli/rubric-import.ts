import fs from 'node:fs';
import { loadConfig } from '../config.ts';
import { importRubric } from '../scoring/scoring.service.ts';
import { prepareDatabase } from '../server.ts';
import { toBangkokIso } from '../util/thai-date.ts';
import type { Command } from './commands.ts';

export const rubricImportCommand: Command = {
  summary: 'load a scoring rubric (LPA indicator 4) for an assessment year',
  usage:
    'lao-info rubric import FILE.json\n\n' +
    'Validates the rubric file (format version 1, the same as src/scoring/rubrics/*.json) and stores it as the\n' +
    'next revision of its year, in force from now on; scores as of earlier moments keep the rubric in force\n' +
    'then. Any error changes nothing (exit 2).',
  async run(args) {
    const file = args.find((a) => !a.startsWith('--'));
    if (!file) {
      process.stderr.write('ระบุแฟ้มเกณฑ์ / give a rubric file: lao-info rubric import FILE.json\n');
      return 2;
    }
    const text = fs.readFileSync(file, 'utf8');
    const db = await prepareDatabase(loadConfig());
    try {
      const r = await importRubric(db.kysely, 'cli', text, file);
      process.stdout.write(
        `นำเข้าแล้ว / imported: fiscal year ${r.year}, revision ${r.revision}, in force from ${toBangkokIso(r.importedAt)}\n`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};

import type { Kysely } from 'kysely';
import { getDataset } from '../catalog/catalog.service.ts';
import type { Database } from '../db/database.ts';
import { formValue } from '../records/records.format.ts';
import { allLaos } from '../registry/registry.repository.ts';
import { csvLine } from '../util/csv.ts';
import * as repo from './exports.repository.ts';

/**
 * The open-data CSV of a data set for the whole country: a header (Thai labels with units), then one line per
 * published row (certified, or complete where nobody certifies) with the LAO's name, province and district as they stood that year. Checks the year and the
 * data set before anything is sent (a 404 names them); the lines are produced as the rows stream in.
 */
const CHUNK_BYTES = 64 * 1024;

export async function datasetCsv(db: Kysely<Database>, year: number, datasetId: string) {
  const { dataset, section } = await getDataset(db, year, datasetId);
  const registry = new Map(
    (await allLaos(db, { year, includeRetired: true })).map((l) => [
      l.code,
      [l.name, l.province_name_th, l.district_name_th] as const,
    ]),
  );
  const fields = dataset.fields;
  const header = [
    'ปีงบประมาณ',
    'รหัส อปท.',
    'อปท.',
    'จังหวัด',
    'อำเภอ',
    'ลำดับ',
    ...fields.map((f) => (f.unit ? `${f.labelTh} (${f.unit})` : f.labelTh)),
  ];
  async function* lines() {
    // A BOM so that spreadsheet programs read the Thai text as UTF-8.
    yield `\ufeff${csvLine(header)}`;
    // Lines are written into a 64 KB buffer and sent a buffer at a time: fewer, larger writes than one per row,
    // and no long string kept alive across garbage collections (the server's memory stays flat).
    let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let used = 0;
    for await (const r of repo.streamPublishedRows(db, {
      year,
      datasetId: dataset.id,
      sectionNo: section.no,
      certified: section.kind === 'aspect',
    })) {
      const values = JSON.parse(r.values_json) as Record<string, unknown>;
      const [name, province, district] = registry.get(r.lao_code) ?? ['', '', ''];
      const cells: unknown[] = [year, r.lao_code, name, province, district, r.position];
      for (const f of fields) {
        const v = formValue(f, values[f.key]);
        cells.push(Array.isArray(v) ? v.join(', ') : v);
      }
      const line = csvLine(cells);
      const bytes = Buffer.byteLength(line);
      if (used + bytes > CHUNK_BYTES && used > 0) {
        yield chunk.subarray(0, used);
        chunk = Buffer.allocUnsafe(CHUNK_BYTES);
        used = 0;
      }
      if (bytes > CHUNK_BYTES) yield Buffer.from(line);
      else used += chunk.write(line, used);
    }
    if (used) yield chunk.subarray(0, used);
  }
  return { filename: `${dataset.id}-${year}.csv`, lines: lines() };
}

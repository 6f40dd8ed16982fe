import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * The published rows of a data set in a year, in LAO code and row order, streamed in batches (better-sqlite3's
 * iterator, a pg cursor): constant memory. In an aspect, rows of LAOs that certified it and changed nothing
 * since; in a section nobody certifies (the profile, the debt report), rows of complete records.
 */
export function streamPublishedRows(
  db: Kysely<Database>,
  f: { year: number; datasetId: string; sectionNo: number; certified: boolean },
) {
  const { year, datasetId, sectionNo } = f;
  if (!f.certified)
    return db
      .selectFrom('dataset_row as r')
      .innerJoin('dataset_record as d', (j) =>
        j
          .onRef('d.lao_code', '=', 'r.lao_code')
          .onRef('d.year', '=', 'r.year')
          .onRef('d.dataset_id', '=', 'r.dataset_id'),
      )
      .select(['r.lao_code', 'r.position', 'r.values_json'])
      .where('r.year', '=', year)
      .where('r.dataset_id', '=', datasetId)
      .where('d.status', '=', 'complete')
      .orderBy('r.lao_code')
      .orderBy('r.position')
      .stream(1000);
  return db
    .selectFrom('dataset_row as r')
    .innerJoin('aspect_status as a', (j) =>
      j
        .onRef('a.lao_code', '=', 'r.lao_code')
        .onRef('a.year', '=', 'r.year')
        .on('a.section_no', '=', sectionNo),
    )
    .select(['r.lao_code', 'r.position', 'r.values_json'])
    .where('r.year', '=', year)
    .where('r.dataset_id', '=', datasetId)
    .where('a.lao_certified_at', 'is not', null)
    .where('a.changed_after_certification_at', 'is', null)
    .orderBy('r.lao_code')
    .orderBy('r.position')
    .stream(1000);
}

import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';

/** Which rows of a data set are open data: certified ones in an aspect, complete ones where nobody certifies. */
export type PublishedFilter = { sectionNo: number; certified: boolean };

/**
 * The one rule of what the public may see of a row `r` of dataset_row: in an aspect, its LAO certified the
 * aspect and nothing changed since; in a section nobody certifies (the profile, the debt report), its record is
 * complete. Used by the open-data exports and by the public reports, so both show the same values.
 */
export function isPublished(
  eb: ExpressionBuilder<Database & { r: Database['dataset_row'] }, 'r'>,
  f: PublishedFilter,
) {
  return f.certified
    ? eb.exists(
        eb
          .selectFrom('aspect_status as a')
          .select(sql.lit(1).as('one'))
          .whereRef('a.lao_code', '=', 'r.lao_code')
          .whereRef('a.year', '=', 'r.year')
          .where('a.section_no', '=', f.sectionNo)
          .where('a.lao_certified_at', 'is not', null)
          .where('a.changed_after_certification_at', 'is', null),
      )
    : eb.exists(
        eb
          .selectFrom('dataset_record as d')
          .select(sql.lit(1).as('one'))
          .whereRef('d.lao_code', '=', 'r.lao_code')
          .whereRef('d.year', '=', 'r.year')
          .whereRef('d.dataset_id', '=', 'r.dataset_id')
          .where('d.status', '=', 'complete'),
      );
}

/**
 * The published rows of a data set in a year, in LAO code and row order, streamed in batches (better-sqlite3's
 * iterator, a pg cursor): constant memory.
 */
export function streamPublishedRows(
  db: Kysely<Database>,
  f: PublishedFilter & { year: number; datasetId: string },
) {
  return db
    .selectFrom('dataset_row as r')
    .select(['r.lao_code', 'r.position', 'r.values_json'])
    .where('r.year', '=', f.year)
    .where('r.dataset_id', '=', f.datasetId)
    .where((eb) => isPublished(eb, f))
    .orderBy('r.lao_code')
    .orderBy('r.position')
    .stream(1000);
}

/**
 * How many LAOs published each data set in each fiscal year (rows certified in an aspect, a complete record
 * elsewhere): one grouped scan of the records, for the open-data catalog and pages. `aspects` are the section
 * numbers that are certified.
 */
export async function publishedCounts(db: Kysely<Database>, f: { aspects: number[]; datasetId?: string }) {
  // Without a catalog there is no aspect, and `in ()` is not SQL.
  const aspects = f.aspects.length ? f.aspects : [-1];
  let q = db
    .selectFrom('dataset_record as d')
    .leftJoin('aspect_status as a', (j) =>
      j
        .onRef('a.lao_code', '=', 'd.lao_code')
        .onRef('a.year', '=', 'd.year')
        .onRef('a.section_no', '=', 'd.section_no'),
    )
    .select(['d.dataset_id', 'd.year', (eb) => eb.fn.countAll<number>().as('laos')])
    .where('d.row_count', '>', 0)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('d.section_no', 'in', aspects),
          eb('a.lao_certified_at', 'is not', null),
          eb('a.changed_after_certification_at', 'is', null),
        ]),
        eb.and([eb('d.section_no', 'not in', aspects), eb('d.status', '=', 'complete')]),
      ]),
    )
    .groupBy(['d.dataset_id', 'd.year']);
  if (f.datasetId) q = q.where('d.dataset_id', '=', f.datasetId);
  return q.execute();
}

import { type Kysely, sql, type Transaction } from 'kysely';
import type { CertificationEventTable } from '../certification/certification.table.ts';
import type { Database } from '../db/database.ts';
import { pageWithTotal } from '../db/page-query.ts';
import { allLaos } from '../registry/registry.repository.ts';
import type { ScoreAssessmentItemTable, ScoreAssessmentTable, ScoreRubricTable } from './scoring.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Which LAOs a computation covers: one LAO, one district, one province or the whole country. */
export type ScoreScope = {
  code?: string | undefined;
  /** A list of LAO codes (the page being shown). */
  codes?: string[] | undefined;
  province?: string | undefined;
  district?: string | undefined;
};

/** The active LAOs of the scope as they stand in the fiscal year (type, names): ONE query. */
export const laosOfScope = (db: Q, year: number, s: ScoreScope) =>
  allLaos(db, { year, code: s.code, province: s.province, district: s.district });

/** The codes of a province's or district's LAOs, as a subquery. */
function laoCodesOf(db: Q, s: ScoreScope) {
  let q = db.selectFrom('lao').select('lao.code');
  if (s.province) q = q.where('lao.province_code', '=', s.province);
  if (s.district) q = q.where('lao.district_code', '=', s.district);
  return q;
}

/**
 * The latest change with at <= asOf of every (LAO, data set) of the year among `datasetIds`, as a derived
 * table (lao_code, dataset_id, section_no, status, err, at).
 *
 * Two branches, both reading only history at or before the moment: a data set whose current record was last
 * saved at or before the moment IS its latest change then (saveDataset writes the record and its change in
 * one transaction with the same timestamp), so it is read from dataset_record without touching the history;
 * only the data sets saved again after the moment look their latest change up in dataset_change, with a window
 * function (the same SQL on SQLite and PostgreSQL). For "now" the second branch is empty.
 */
/**
 * A column as an expression (`col || ''`): the same value, but no index can serve the condition, so the planner
 * (SQLite without statistics, in particular) keeps to the plan these queries are written for: the covering index
 * for the current records, and the few records saved after the moment to drive the history lookup.
 */
const unindexed = (col: 'r.updated_at' | 'r.dataset_id' | 'c.at') => sql<string>`${sql.ref(col)} || ''`;

function latestAsOf(db: Q, year: number, asOf: string, datasetIds: string[], s: ScoreScope) {
  const ids = datasetIds.length ? datasetIds : ['-'];
  let current = db
    .selectFrom('dataset_record as r')
    .select([
      'r.lao_code',
      'r.dataset_id',
      'r.section_no',
      'r.status as status',
      'r.error_count as err',
      'r.updated_at as at',
    ])
    .where('r.year', '=', year)
    .where(unindexed('r.updated_at'), '<=', asOf)
    .where(unindexed('r.dataset_id'), 'in', ids);
  let later = db
    .selectFrom('dataset_record as r')
    .innerJoin('dataset_change as c', (j) =>
      j
        .onRef('c.lao_code', '=', 'r.lao_code')
        .onRef('c.year', '=', 'r.year')
        .onRef('c.dataset_id', '=', 'r.dataset_id'),
    )
    .select((eb) => [
      'c.lao_code',
      'c.dataset_id',
      'c.section_no',
      'c.status_after as status',
      'c.error_count_after as err',
      'c.at',
      eb.fn
        .agg<number>('row_number')
        .over((ob) => ob.partitionBy(['c.lao_code', 'c.dataset_id']).orderBy('c.version', 'desc'))
        .as('rn'),
    ])
    .where('r.year', '=', year)
    .where('r.updated_at', '>', asOf)
    .where('r.dataset_id', 'in', ids)
    .where(unindexed('c.at'), '<=', asOf);
  if (s.code) {
    current = current.where('r.lao_code', '=', s.code);
    later = later.where('r.lao_code', '=', s.code);
  }
  if (s.codes) {
    const codes = s.codes.length ? s.codes : ['-'];
    current = current.where('r.lao_code', 'in', codes);
    later = later.where('r.lao_code', 'in', codes);
  }
  if (s.province || s.district) {
    current = current.where('r.lao_code', 'in', laoCodesOf(db, s));
    later = later.where('r.lao_code', 'in', laoCodesOf(db, s));
  }
  const history = db
    .selectFrom(later.as('h'))
    .select(['h.lao_code', 'h.dataset_id', 'h.section_no', 'h.status', 'h.err', 'h.at'])
    .where('h.rn', '=', 1);
  return { current, history };
}

/** Per (LAO, aspect), or per (LAO, data set) for a data set that applies to some LAO types only. */
export type AspectCounts = {
  lao_code: string;
  section_no: number;
  /** '' for the aspect's data sets that apply to every type; else the data set's id. */
  k: string;
  recorded: number;
  invalid: number;
  incomplete: number;
  stale: number;
};

/**
 * The state of the data sets of the scope as of a moment, counted in SQL per (LAO, aspect): recorded,
 * invalid, incomplete and not changed since `periodStart`. ONE query whose result has a row per LAO and aspect
 * (data sets for some LAO types only are counted on their own so the engine can tell which apply).
 */
export async function aspectCounts(
  db: Q,
  year: number,
  asOf: string,
  periodStart: string,
  datasetIds: string[],
  restricted: string[],
  s: ScoreScope,
): Promise<AspectCounts[]> {
  const k = restricted.length
    ? sql<string>`case when ${sql.ref('x.dataset_id')} in (${sql.join(restricted)}) then ${sql.ref('x.dataset_id')} else '' end`
    : sql<string>`''`;
  const count = (cond: ReturnType<typeof sql>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
  // Grouped by status as well: in the covering index's order, so SQLite streams the groups without a sort.
  const aggregate = (
    branch: ReturnType<typeof latestAsOf>['current'] | ReturnType<typeof latestAsOf>['history'],
  ) =>
    db
      .selectFrom(branch.as('x'))
      .select((eb) => [
        'x.lao_code',
        'x.section_no',
        k.as('k'),
        'x.status',
        eb.fn.countAll<number>().as('n'),
        count(sql`${sql.ref('x.err')} > 0`).as('invalid'),
        count(sql`${sql.ref('x.at')} < ${periodStart}`).as('stale'),
      ])
      .groupBy(
        restricted.length
          ? ['x.lao_code', 'x.section_no', k, 'x.status']
          : ['x.lao_code', 'x.section_no', 'x.status'],
      )
      .execute();
  const { current, history } = latestAsOf(db, year, asOf, datasetIds, s);
  const rows = [...(await aggregate(current)), ...(await aggregate(history))];
  return rows.map((r) => {
    const status = String(r.status);
    const recorded = status === 'empty' ? 0 : Number(r.n);
    const invalid = status === 'empty' ? 0 : Number(r.invalid);
    return {
      lao_code: r.lao_code,
      section_no: Number(r.section_no),
      k: String(r.k ?? ''),
      recorded,
      invalid,
      incomplete: status === 'complete' || status === 'none' ? 0 : recorded - invalid,
      stale: status === 'empty' ? 0 : Number(r.stale),
    };
  });
}

export type DatasetState = { lao_code: string; dataset_id: string; status: string; err: number; at: string };

/** The state of each data set as of a moment, one row per (LAO, data set): for the LAOs whose reasons are shown. */
export async function datasetStates(
  db: Q,
  year: number,
  asOf: string,
  datasetIds: string[],
  s: ScoreScope,
): Promise<DatasetState[]> {
  const { current, history } = latestAsOf(db, year, asOf, datasetIds, s);
  const rows = await db
    .selectFrom(current.unionAll(history).as('x'))
    .select(['x.lao_code', 'x.dataset_id', 'x.status', 'x.err', 'x.at'])
    .execute();
  return rows.map((r) => ({ ...r, status: String(r.status), err: Number(r.err) }));
}

/** A certification event as the score replays it (read by certification's one reader of the log). */
export type CertEvent = Pick<
  CertificationEventTable,
  'lao_code' | 'section_no' | 'level' | 'action' | 'at' | 'reason'
>;

/**
 * What the score of a year depends on, in one cheap query (every part is read from an index): how many changes
 * and certification events the year has and the latest of each, the registry's versions and the rubric imports.
 * Equal fingerprints, with nothing later than both moments, mean the same history and so the same scores.
 */
export async function historyFingerprint(db: Q, year: number) {
  const r = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('dataset_change')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('year', '=', year)
        .as('changes'),
      eb
        .selectFrom('dataset_change')
        .select((e) => e.fn.max('at').as('m'))
        .where('year', '=', year)
        .as('last_change'),
      eb
        .selectFrom('certification_event')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('year', '=', year)
        .as('events'),
      eb
        .selectFrom('certification_event')
        .select((e) => e.fn.max('at').as('m'))
        .where('year', '=', year)
        .as('last_event'),
      eb
        .selectFrom('lao_version')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('versions'),
      eb
        .selectFrom('score_rubric')
        .select((e) => e.fn.max('imported_at').as('m'))
        .where('year', '=', year)
        .as('last_rubric'),
    ])
    .executeTakeFirstOrThrow();
  return {
    changes: Number(r.changes ?? 0),
    events: Number(r.events ?? 0),
    versions: Number(r.versions ?? 0),
    /** The latest moment any of it happened ('' when nothing has). */
    last: [r.last_change, r.last_event, r.last_rubric]
      .map((x) => String(x ?? ''))
      .sort()
      .at(-1) as string,
  };
}

/** The rubric revision of a year in force at a moment (the latest imported at or before it), if any. */
export const rubricInForce = (db: Q, year: number, asOf: string) =>
  db
    .selectFrom('score_rubric')
    .selectAll()
    .where('year', '=', year)
    .where('imported_at', '<=', asOf)
    .orderBy('imported_at', 'desc')
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();

export async function lastRubricRevision(db: Q, year: number): Promise<number> {
  const r = await db
    .selectFrom('score_rubric')
    .select((eb) => eb.fn.max<number>('revision').as('m'))
    .where('year', '=', year)
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

export const insertRubric = (db: Q, row: ScoreRubricTable) =>
  db.insertInto('score_rubric').values(row).execute();

export const insertAssessment = (db: Q, row: ScoreAssessmentTable) =>
  db.insertInto('score_assessment').values(row).execute();

export async function insertAssessmentItems(db: Q, rows: ScoreAssessmentItemTable[]) {
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('score_assessment_item')
      .values(rows.slice(i, i + 200))
      .execute();
}

export const findAssessment = (db: Q, id: string) =>
  db.selectFrom('score_assessment').selectAll().where('id', '=', id).executeTakeFirst();

/** One page of the frozen assessments a filter matches, newest first, with how many match. */
export async function listAssessments(
  db: Q,
  f: { year?: number | undefined; province?: string | undefined },
  p: { limit: number; offset: number },
) {
  let q = db.selectFrom('score_assessment');
  if (f.year) q = q.where('year', '=', f.year);
  if (f.province)
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('scope', '=', 'province'), eb('scope_code', '=', f.province!)]),
        eb.and([eb('scope', '=', 'lao'), eb('scope_code', 'like', `_${f.province}%`)]),
        eb('scope', '=', 'country'),
      ]),
    );
  return pageWithTotal(q, (w) =>
    w
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(p.limit)
      .offset(p.offset)
      .execute(),
  );
}

export const assessmentItems = (db: Q, id: string) =>
  db
    .selectFrom('score_assessment_item')
    .selectAll()
    .where('assessment_id', '=', id)
    .orderBy('province_code')
    .orderBy('district_code')
    .orderBy('lao_code')
    .execute();

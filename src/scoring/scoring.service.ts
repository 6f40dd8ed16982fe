import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { logActivity } from '../audit/audit.service.ts';
import { type Catalog, getCatalog } from '../catalog/catalog.service.ts';
import { certificationLog } from '../certification/certification.repository.ts';
import type { Database } from '../db/database.ts';
import type { Lang } from '../plugins/i18n.ts';
import { pick } from '../plugins/i18n.ts';
import { type Actor, can, type Viewer } from '../policy/policy.ts';
import { laoScope } from '../policy/scope.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import type { LaoRow } from '../registry/registry.repository.ts';
import { requireKnownArea } from '../registry/registry.service.ts';
import { AppError, type Bilingual, bi } from '../util/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { NodeCache } from '../util/node-cache.ts';
import { fiscalYearOf, fiscalYearRange, formatDateBE, parseDateBE } from '../util/thai-date.ts';
import { fieldErrors } from '../util/validation.ts';
import {
  computeScores,
  datasetIdsOf,
  describeReason,
  distributionOf,
  type EngineInput,
  type Reason,
  type ReasonCode,
  type ScoreResult,
} from './scoring.engine.ts';
import * as repo from './scoring.repository.ts';
import { type AssessmentInput, type RubricFile, rubricFileSchema } from './scoring.schemas.ts';

// ---------------------------------------------------------------------------------------------------------
// Rubrics: the shipped files are read and validated when the app starts (an invalid one stops it).

const rubricDir = new URL('./rubrics/', import.meta.url);

/** Parses a rubric file's text or throws a 422 listing every problem with its path. */
export function parseRubric(text: string, name = 'rubric'): RubricFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AppError(
      'unprocessable',
      bi(`${name}: ไม่ใช่ JSON ที่ถูกต้อง (${(err as Error).message})`, `${name}: not valid JSON`),
    );
  }
  const r = rubricFileSchema.safeParse(json);
  if (r.success) return r.data;
  const errs = fieldErrors(r.error);
  throw new AppError(
    'unprocessable',
    bi(
      `${name}: เกณฑ์การให้คะแนนไม่ถูกต้อง ${errs.length} รายการ`,
      `${name}: ${errs.length} problem(s) in the rubric`,
    ),
    errs,
  );
}

function loadShippedRubrics(): RubricFile[] {
  return fs
    .readdirSync(rubricDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseRubric(fs.readFileSync(new URL(f, rubricDir), 'utf8'), `src/scoring/rubrics/${f}`))
    .sort((a, b) => a.year - b.year);
}

const shipped = loadShippedRubrics();

/** The shipped rubric of a year: its own file, else the latest earlier year's, else the earliest shipped. */
export function shippedRubric(year: number): RubricFile {
  const r = shipped.filter((x) => x.year <= year).at(-1) ?? shipped[0];
  if (!r) throw new Error('no rubric shipped in src/scoring/rubrics/');
  return r;
}

export type RubricInForce = {
  rubric: RubricFile;
  revision: number;
  source: string;
  importedAt: string | null;
};

/** The rubric of a year in force at a moment: the latest import at or before it, else the shipped one. */
export async function rubricFor(db: Kysely<Database>, year: number, asOf: Date): Promise<RubricInForce> {
  const row = await repo.rubricInForce(db, year, asOf.toISOString());
  if (row) {
    return {
      rubric: rubricFileSchema.parse(JSON.parse(row.definition_json)),
      revision: Number(row.revision),
      source: row.source,
      importedAt: row.imported_at,
    };
  }
  const rubric = shippedRubric(year);
  return { rubric, revision: 0, source: rubric.source, importedAt: null };
}

/**
 * Loads a rubric file into the database as the next revision of its year, in force from now on (scores as
 * of earlier moments keep the rubric that was in force then). Central administrator only.
 */
export async function importRubric(db: Kysely<Database>, actor: Actor | 'cli', text: string, name: string) {
  if (actor !== 'cli' && !can(actor, 'system.admin'))
    throw new AppError('forbidden', bi('เฉพาะผู้ดูแลระบบส่วนกลาง', 'Central administrators only'));
  const rubric = parseRubric(text, name);
  const by = actor === 'cli' ? 'cli' : actor!.username;
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const revision = (await repo.lastRubricRevision(trx, rubric.year)) + 1;
    await repo.insertRubric(trx, {
      year: rubric.year,
      revision,
      definition_json: JSON.stringify(rubric),
      source: `${rubric.source} (${name})`,
      imported_at: now,
      imported_by: by,
    });
    await logActivity(trx, {
      actor: actor === 'cli' ? { username: 'cli' } : actor,
      action: 'score.rubric_imported',
      target: `${rubric.year}/${revision}`,
      detail: { file: name },
    });
    return { year: rubric.year, revision, importedAt: now };
  });
}

// ---------------------------------------------------------------------------------------------------------
// The moment assessed

const beMoment = /^\s*(\d{1,2}\/\d{1,2}\/\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/;
const isoMoment = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const badAsOf = (th: string, en: string) =>
  new AppError('bad_request', bi(`asOf: ${th}`, `asOf: ${en}`), [
    { field: 'asOf', code: 'as_of', message: bi(th, en) },
  ]);

/**
 * The assessment moment from ?asOf=: ISO 8601 with an offset (2026-05-15T15:30:00+07:00) or as people type
 * it, dd/mm/yyyy [HH:MM[:SS]] in the Buddhist era, Bangkok time; default now. A moment in the future or
 * before the fiscal year starts is a 400 naming asOf.
 */
export function parseAsOf(text: string | undefined, year: number, now = new Date()): Date {
  if (text === undefined) return now;
  let d: Date | null = null;
  const be = beMoment.exec(text);
  if (be) {
    const day = parseDateBE(be[1]!);
    const [h, m, s] = [Number(be[2] ?? 0), Number(be[3] ?? 0), Number(be[4] ?? 0)];
    if (day && h < 24 && m < 60 && s < 60) d = new Date(day.getTime() + ((h * 60 + m) * 60 + s) * 1000);
  } else if (isoMoment.test(text.trim())) {
    const t = Date.parse(text.trim());
    if (!Number.isNaN(t)) d = new Date(t);
  }
  if (!d)
    throw badAsOf(
      'ระบุวันเวลาเป็น วว/ดด/ปปปป ชช:นน (พ.ศ.) เช่น 15/05/2569 15:30',
      'give the moment as dd/mm/yyyy HH:MM in the Buddhist era, e.g. 15/05/2569 15:30',
    );
  if (d.getTime() > now.getTime())
    throw badAsOf(
      'วันเวลาที่ขอยังไม่มาถึง คะแนนคำนวณได้ถึงปัจจุบันเท่านั้น',
      'that moment is in the future; a score can only be computed up to now',
    );
  const start = fiscalYearRange(year).start;
  if (d < start)
    throw badAsOf(
      `วันเวลาที่ขออยู่ก่อนเริ่มปีงบประมาณ ${year} (${formatDateBE(start)})`,
      `that moment is before fiscal year ${year} starts (${formatDateBE(start)})`,
    );
  return d;
}

// ---------------------------------------------------------------------------------------------------------
// Computing

export type ScoreRun = {
  year: number;
  asOf: Date;
  periodStart: string;
  rubric: RubricInForce;
  catalog: Catalog;
  laos: LaoRow[];
  results: ScoreResult[];
  /** What the engine folded, kept to work out the reasons of some LAOs later without re-reading it. */
  input: Omit<EngineInput, 'details' | 'laos'>;
  datasetIds: string[];
  scope: repo.ScoreScope;
};

/**
 * Scores every active LAO of a scope (one LAO, a district, a province or the country) as of a moment in ONE
 * pass: the rubric, the registry, the latest change of every data set and the certification log are read in
 * a constant number of queries, whatever the number of LAOs, and folded in memory. Only history at or before
 * the moment is read, so the answer for a past moment never changes.
 */
export async function scoreScope(
  db: Kysely<Database>,
  year: number,
  asOf: Date,
  scope: repo.ScoreScope = {},
  opts: { reasonsFor?: 'all' | string[] } = {},
): Promise<ScoreRun> {
  const at = asOf.toISOString();
  const [rubric, catalog] = await Promise.all([rubricFor(db, year, asOf), getCatalog(db, year)]);
  const from = rubric.rubric.period.from;
  const periodStart = (
    from === 'fiscal_year_start' ? fiscalYearRange(year).start : new Date(from)
  ).toISOString();
  const ids = datasetIdsOf(rubric.rubric, catalog);
  const [laos, counts, events] = await Promise.all([
    repo.laosOfScope(db, year, scope),
    repo.aspectCounts(db, year, at, periodStart, ids.all, ids.restricted, scope),
    certificationLog(db, year, {
      asOf: at,
      lao: scope.code,
      province: scope.province,
      district: scope.district,
    }),
  ]);
  const details =
    opts.reasonsFor === undefined
      ? undefined
      : await repo.datasetStates(
          db,
          year,
          at,
          ids.all,
          opts.reasonsFor === 'all' ? scope : { ...scope, codes: opts.reasonsFor },
        );
  const input = { rubric: rubric.rubric, catalog, periodStart, counts, events };
  const all = computeScores({ ...input, laos, details });
  const wanted = opts.reasonsFor === undefined || opts.reasonsFor === 'all' ? null : new Set(opts.reasonsFor);
  const results = wanted
    ? all.map((r) => (wanted.has(r.laoCode) ? r : { ...r, reasons: [], detailed: false }))
    : all;
  return { year, asOf, periodStart, rubric, catalog, laos, results, input, datasetIds: ids.all, scope };
}

/**
 * Works out the reasons (the steps to reach 5) of some LAOs of a run: one more query for their data sets'
 * states, whatever their number (a page of a table, a province's export).
 */
export async function explain(db: Kysely<Database>, run: ScoreRun, codes: string[]): Promise<ScoreRun> {
  const wanted = new Set(codes);
  const laos = run.laos.filter((l) => wanted.has(l.code));
  if (laos.length === 0) return run;
  // The whole scope at once needs no list of codes.
  const scope =
    laos.length === run.laos.length ? run.scope : { ...run.scope, codes: laos.map((l) => l.code) };
  const details = await repo.datasetStates(db, run.year, run.asOf.toISOString(), run.datasetIds, scope);
  const explained = new Map(computeScores({ ...run.input, laos, details }).map((r) => [r.laoCode, r]));
  return { ...run, results: run.results.map((r) => explained.get(r.laoCode) ?? r) };
}

/** The criterion of a score in the rubric, Thai and English. */
export function criterionOf(rubric: RubricFile, score: number): Bilingual {
  const l = rubric.levels[score]!;
  return bi(l.criterionTh, l.criterionEn);
}

export type ApiReason = { code: ReasonCode; aspect?: number; datasetId?: string; message: string };

/** A reason as the API gives it: code, aspect and data set when there is one, and the message. */
export function apiReason(r: Reason, run: Pick<ScoreRun, 'catalog' | 'periodStart'>, lang: Lang): ApiReason {
  return {
    code: r.code,
    ...(r.aspect !== undefined ? { aspect: r.aspect } : {}),
    ...(r.datasetId ? { datasetId: r.datasetId } : {}),
    message: pick(lang, describeReason(r, run.catalog, run.periodStart)),
  };
}

/** One result as GET /api/v1/scores lists it. */
export function apiScore(run: ScoreRun, r: ScoreResult, lang: Lang) {
  return {
    laoCode: r.laoCode,
    score: r.score,
    criterion: pick(lang, criterionOf(run.rubric.rubric, r.score)),
    reasons: r.reasons.map((x) => apiReason(x, run, lang)),
  };
}

// Scores of the tables, kept while the history does not change (the fingerprint says so), by year and scope.
const runs = new NodeCache<{ fingerprint: string; run: ScoreRun }>({
  name: 'score_runs',
  ttlMs: Number.POSITIVE_INFINITY,
  maxEntries: 200,
});

/**
 * scoreScope for the public tables, which are read far more often than the history changes: a run is reused when
 * the year's history fingerprint (and the catalog's revision) is unchanged and nothing in it is later than either
 * moment, which is exactly when a fresh computation would give the same scores.
 */
export async function sharedScoreScope(
  db: Kysely<Database>,
  year: number,
  asOf: Date,
  scope: repo.ScoreScope,
) {
  const [fp, catalog] = await Promise.all([repo.historyFingerprint(db, year), getCatalog(db, year)]);
  const fingerprint = JSON.stringify({ ...fp, catalog: catalog.revision });
  const key = `${year}|${scope.code ?? ''}|${scope.province ?? ''}|${scope.district ?? ''}`;
  const at = asOf.toISOString();
  const hit = runs.peek(
    db,
    key,
    (e) => e.fingerprint === fingerprint && fp.last <= at && fp.last <= e.run.asOf.toISOString(),
  );
  if (hit) return { ...hit.run, asOf };
  const run = await scoreScope(db, year, asOf, scope);
  if (fp.last <= at) runs.set(db, key, { fingerprint, run });
  return run;
}

export type ScoresFilter = {
  year?: number | undefined;
  asOf?: string | undefined;
  province?: string | undefined;
  district?: string | undefined;
  score?: number | undefined;
};

/** Scores of a province, a district or the country with their distribution; `score` filters the rows only. */
export async function scoresOf(db: Kysely<Database>, f: ScoresFilter) {
  const year = f.year ?? fiscalYearOf();
  const asOf = parseAsOf(f.asOf, year);
  const run = await sharedScoreScope(db, year, asOf, { province: f.province, district: f.district });
  const distribution = distributionOf(run.results);
  const rows = run.laos
    .map((lao, i) => ({ lao, result: run.results[i]! }))
    .filter((x) => f.score === undefined || x.result.score === f.score);
  return { run, distribution, rows };
}

export type ScoreRow = Awaited<ReturnType<typeof scoresOf>>['rows'][number];

/** The distribution by province (the national table and chart), in province-code order. */
export function byProvince(run: ScoreRun) {
  const m = new Map<string, { code: string; nameTh: string; nameEn: string; results: ScoreResult[] }>();
  run.laos.forEach((l, i) => {
    let p = m.get(l.province_code);
    if (!p) {
      p = { code: l.province_code, nameTh: l.province_name_th, nameEn: l.province_name_en, results: [] };
      m.set(l.province_code, p);
    }
    p.results.push(run.results[i]!);
  });
  return [...m.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((p) => {
      const distribution = distributionOf(p.results);
      const mean = p.results.reduce((s, r) => s + r.score, 0) / Math.max(1, p.results.length);
      return {
        code: p.code,
        nameTh: p.nameTh,
        nameEn: p.nameEn,
        total: p.results.length,
        distribution,
        mean,
      };
    });
}

const notFoundLao = (code: string, year: number) =>
  new AppError(
    'not_found',
    bi(`ไม่พบ อปท. รหัส ${code} ที่ยังมีฐานะในปีงบประมาณ ${year}`, `No active LAO ${code} in fiscal year ${year}`),
  );

/** One LAO's score as of a moment (public: assessors and the public read scores). */
export async function laoScore(db: Kysely<Database>, code: string, year: number, asOfText?: string) {
  const asOf = parseAsOf(asOfText, year);
  const run = await scoreScope(db, year, asOf, { code });
  const lao = run.laos[0];
  const result = run.results[0];
  if (!lao || !result) throw notFoundLao(code, year);
  return { run, lao, result };
}

export type LaoScore = Awaited<ReturnType<typeof laoScore>>;

/**
 * The assessor's evidence for one LAO: its score as of the moment with the aspects' state, and the
 * certification log up to that moment. Who certified is shown by name only to those who may see the LAO.
 */
export async function evidenceOf(
  db: Kysely<Database>,
  actor: Viewer,
  code: string,
  year: number,
  asOfText?: string,
) {
  const s = await laoScore(db, code, year, asOfText);
  const scope = await laoScope(db, code);
  const showNames = Boolean(scope && can(actor, 'lao.view', scope));
  const events = await certificationLog(db, year, { lao: code, asOf: s.run.asOf.toISOString() });
  // Oldest first across the aspects (the log reader answers per aspect; ids are time-ordered).
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const log = events.map((e) => ({
    at: e.at,
    sectionNo: Number(e.section_no),
    level: e.level,
    action: e.action,
    byRole: e.by_role,
    byUsername: showNames ? e.by_username : null,
    reason: e.reason,
  }));
  return { ...s, log, generatedAt: new Date() };
}

export const laoDisplayName = (l: LaoRow) => fullNameTh(l.type, l.name);

// ---------------------------------------------------------------------------------------------------------
// Frozen assessments

type FrozenReason = { code: ReasonCode; aspect?: number; datasetId?: string; th: string; en: string };

const reasonKey = (r: { code: string; aspect?: number | undefined; datasetId?: string | undefined }) =>
  `${r.code}:${r.aspect ?? ''}:${r.datasetId ?? ''}`;

function requireAssess(actor: Actor, input: AssessmentInput, scope: { provinceCode?: string | null } | null) {
  const ok =
    input.scope === 'country'
      ? can(actor, 'system.admin')
      : can(actor, 'province.assess', {
          provinceCode: scope?.provinceCode ?? null,
          laoCode: input.code ?? null,
        });
  if (!ok)
    throw new AppError(
      'forbidden',
      bi(
        'บันทึกการประเมินได้เฉพาะผู้ดูแลระบบส่วนกลาง หรือสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสำหรับจังหวัดของตน',
        'Only the central administrator, or a provincial office for its own province, may record an assessment',
      ),
    );
}

/**
 * Records a frozen assessment of an LAO, a province or the country as of a moment: every LAO's score,
 * criterion and reasons (both languages) are stored in one transaction and never changed afterwards.
 */
export async function recordAssessment(db: Kysely<Database>, actor: Actor, input: AssessmentInput) {
  let scopeRes: { provinceCode?: string | null } | null = null;
  // The code is a body field: one the registry does not have is a 422 naming it.
  if (input.scope === 'lao') {
    await requireKnownArea(db, { lao: input.code }, { lao: 'code' });
    scopeRes = await laoScope(db, input.code!);
  } else if (input.scope === 'province') {
    await requireKnownArea(db, { province: input.code }, { province: 'code' });
    scopeRes = { provinceCode: input.code! };
  }
  requireAssess(actor, input, scopeRes);
  const asOf = parseAsOf(input.asOf, input.year);
  const run = await scoreScope(
    db,
    input.year,
    asOf,
    input.scope === 'lao' ? { code: input.code } : input.scope === 'province' ? { province: input.code } : {},
    { reasonsFor: 'all' },
  );
  if (run.laos.length === 0)
    throw new AppError('not_found', bi('ไม่พบ อปท. ในขอบเขตที่เลือก', 'No LAO in the chosen scope'), [
      { field: 'code', message: bi('ตรวจสอบรหัสอีกครั้ง', 'check the code') },
    ]);
  // Time-ordered: two assessments recorded in one millisecond still list newest first.
  const id = uuidv7();
  const now = new Date().toISOString();
  const distribution = distributionOf(run.results);
  await db.transaction().execute(async (trx) => {
    await repo.insertAssessment(trx, {
      id,
      year: input.year,
      as_of: asOf.toISOString(),
      scope: input.scope,
      scope_code: input.code ?? '',
      rubric_json: JSON.stringify({ revision: run.rubric.revision, ...run.rubric.rubric }),
      total: run.results.length,
      distribution_json: JSON.stringify(distribution),
      note: input.note || null,
      created_at: now,
      created_by: actor!.username,
    });
    await repo.insertAssessmentItems(
      trx,
      run.laos.map((l, i) => {
        const r = run.results[i]!;
        const c = criterionOf(run.rubric.rubric, r.score);
        const reasons: FrozenReason[] = r.reasons.map((x) => {
          const m = describeReason(x, run.catalog, run.periodStart);
          return {
            code: x.code,
            ...(x.aspect !== undefined ? { aspect: x.aspect } : {}),
            ...(x.datasetId ? { datasetId: x.datasetId } : {}),
            th: m.th,
            en: m.en,
          };
        });
        return {
          assessment_id: id,
          lao_code: l.code,
          province_code: l.province_code,
          district_code: l.district_code,
          lao_name_th: laoDisplayName(l),
          score: r.score,
          criterion_th: c.th,
          criterion_en: c.en,
          reasons_json: JSON.stringify(reasons),
        };
      }),
    );
    await logActivity(trx, {
      actor,
      action: 'score.assessment_recorded',
      laoCode: input.scope === 'lao' ? input.code : null,
      provinceCode: input.scope === 'province' ? input.code : null,
      target: id,
      detail: {
        scope: input.scope,
        code: input.code ?? null,
        year: input.year,
        asOf: asOf.toISOString(),
        distribution,
      },
    });
  });
  return { id, total: run.results.length, distribution };
}

/**
 * A frozen assessment with its items as stored, each compared with a recomputation as of the same moment
 * today: an item whose score or reasons differ is flagged (the frozen values are never changed).
 */
export async function getAssessment(db: Kysely<Database>, id: string) {
  const a = await repo.findAssessment(db, id);
  if (!a) throw new AppError('not_found', bi(`ไม่พบการประเมิน ${id}`, `No assessment ${id}`));
  const items = await repo.assessmentItems(db, id);
  const scope =
    a.scope === 'lao' ? { code: a.scope_code } : a.scope === 'province' ? { province: a.scope_code } : {};
  const run = await scoreScope(db, Number(a.year), new Date(a.as_of), scope, { reasonsFor: 'all' });
  const now = new Map(run.results.map((r) => [r.laoCode, r]));
  const rubric = JSON.parse(a.rubric_json) as RubricFile & { revision: number };
  const list = items.map((it) => {
    const reasons = JSON.parse(it.reasons_json) as FrozenReason[];
    const re = now.get(it.lao_code);
    const differs =
      !re ||
      re.score !== Number(it.score) ||
      re.reasons.map(reasonKey).join('|') !== reasons.map(reasonKey).join('|');
    return {
      laoCode: it.lao_code,
      provinceCode: it.province_code,
      districtCode: it.district_code,
      laoNameTh: it.lao_name_th,
      score: Number(it.score),
      criterion: bi(it.criterion_th, it.criterion_en),
      reasons,
      recomputedScore: re?.score ?? null,
      differs,
    };
  });
  return {
    id: a.id,
    year: Number(a.year),
    asOf: a.as_of,
    scope: a.scope,
    scopeCode: a.scope_code,
    rubricRevision: rubric.revision,
    rubricName: bi(rubric.nameTh, rubric.nameEn),
    total: Number(a.total),
    distribution: JSON.parse(a.distribution_json) as Record<string, number>,
    note: a.note,
    createdAt: a.created_at,
    createdBy: a.created_by,
    items: list,
    differing: list.filter((x) => x.differs).length,
  };
}

export type Assessment = Awaited<ReturnType<typeof getAssessment>>;

/** One page of the frozen assessments, newest first, and how many (public, like the scores). */
export async function listAssessments(
  db: Kysely<Database>,
  f: { year?: number | undefined; province?: string | undefined },
  p: { limit: number; offset: number },
) {
  const r = await repo.listAssessments(db, f, p);
  const items = r.items.map((a) => ({
    id: a.id,
    year: Number(a.year),
    asOf: a.as_of,
    scope: a.scope,
    scopeCode: a.scope_code,
    total: Number(a.total),
    distribution: JSON.parse(a.distribution_json) as Record<string, number>,
    note: a.note,
    createdAt: a.created_at,
    createdBy: a.created_by,
  }));
  return { items, total: r.total };
}

/** One page of a score table with the reasons of the LAOs on it (a constant number of queries). */
export async function scoresPage(db: Kysely<Database>, f: ScoresFilter, page: number, pageSize: number) {
  const { run, distribution, rows } = await scoresOf(db, f);
  const slice = rows.slice((page - 1) * pageSize, page * pageSize);
  const explained = await explain(
    db,
    run,
    slice.map((r) => r.lao.code),
  );
  const byCode = new Map(explained.results.map((r) => [r.laoCode, r]));
  return {
    run: explained,
    distribution,
    total: rows.length,
    page,
    pageSize,
    items: slice.map((r) => ({ lao: r.lao, result: byCode.get(r.lao.code) ?? r.result })),
  };
}

/** Every row of a score table for export; the reasons are worked out for a province or a district. */
export async function scoresForExport(db: Kysely<Database>, f: ScoresFilter) {
  const { run, distribution, rows } = await scoresOf(db, f);
  if (!f.province && !f.district) return { run, distribution, rows };
  const explained = await explain(
    db,
    run,
    rows.map((r) => r.lao.code),
  );
  const byCode = new Map(explained.results.map((r) => [r.laoCode, r]));
  return {
    run: explained,
    distribution,
    rows: rows.map((r) => ({ lao: r.lao, result: byCode.get(r.lao.code) ?? r.result })),
  };
}

/** What the score panel (ScorePanel in scoring.views.tsx) needs for one LAO now: the run and its explained result. */
export async function scorePanelData(db: Kysely<Database>, code: string, year: number) {
  const s = await laoScore(db, code, year);
  const run = await explain(db, s.run, [code]);
  return { run, result: run.results[0]! };
}

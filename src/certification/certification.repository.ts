import type { Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../db/database.ts';
import { isPostgres } from '../db/dialect.ts';
import { pageWithTotal } from '../db/page-query.ts';
import type { Write } from '../db/write-together.ts';
import { laosAsOf } from '../registry/registry.repository.ts';
import { uuidv7 } from '../util/ids.ts';
import { transition, uncertified } from './certification.state.ts';
import type { AspectStatusTable, CertificationEventTable } from './certification.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * An aspect's status. Read to change it (`lock`: a save, a certification), the row is locked on PostgreSQL until
 * the transaction ends, so a save and a certification of the same aspect take turns and each sees what the other
 * committed; SQLite runs one writing transaction at a time already (src/db/sqlite-driver.ts).
 */
export const aspectStatus = (
  db: Q,
  lao: string,
  year: number,
  sectionNo: number,
  opts: { lock?: boolean } = {},
) => {
  const q = db
    .selectFrom('aspect_status')
    .selectAll()
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('section_no', '=', sectionNo);
  return (opts.lock && isPostgres(db) ? q.forUpdate() : q).executeTakeFirst();
};

export const aspectStatusesOf = (db: Q, lao: string, year: number) =>
  db
    .selectFrom('aspect_status')
    .selectAll()
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .orderBy('section_no')
    .execute();

/** The recorded state of every data set of one aspect: what completeness is computed from, in one query. */
export const sectionRecords = (db: Q, lao: string, year: number, sectionNo: number) =>
  db
    .selectFrom('dataset_record')
    .select(['dataset_id', 'status', 'error_count', 'version'])
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('section_no', '=', sectionNo)
    .execute();

/** Every data set record of an LAO in a year (status only). */
export const yearRecords = (db: Q, lao: string, year: number) =>
  db
    .selectFrom('dataset_record')
    .select(['dataset_id', 'section_no', 'status', 'error_count', 'version'])
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .execute();

/**
 * Changes the certification columns only if nobody changed them since they were read (cert_version): of two
 * simultaneous certifications, one updates the row and the other finds nothing to update.
 */
export async function updateCertification(
  db: Q,
  key: { lao: string; year: number; sectionNo: number },
  expectedVersion: number,
  set: Updateable<AspectStatusTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('aspect_status')
    .set({ ...set, cert_version: expectedVersion + 1 })
    .where('lao_code', '=', key.lao)
    .where('year', '=', key.year)
    .where('section_no', '=', key.sectionNo)
    .where('cert_version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

type Window = { limit: number; offset: number };

/** One page of an LAO's log in a year (of one aspect: oldest first; of them all: newest first) and its total. */
export async function laoEvents(db: Q, lao: string, year: number, p: Window | null, sectionNo?: number) {
  let q = db.selectFrom('certification_event').where('lao_code', '=', lao).where('year', '=', year);
  if (sectionNo !== undefined) q = q.where('section_no', '=', sectionNo);
  const dir = sectionNo !== undefined ? 'asc' : 'desc';
  return pageWithTotal(q, (w) => {
    const rows = w.selectAll().orderBy('at', dir).orderBy('id', dir);
    return (p ? rows.limit(p.limit).offset(p.offset) : rows).execute();
  });
}

function provinceEventsQuery(db: Q, province: string, year: number) {
  return db
    .selectFrom('certification_event as e')
    .innerJoin('lao as l', 'l.code', 'e.lao_code')
    .where('l.province_code', '=', province)
    .where('e.year', '=', year);
}

/** One page of a province's log in a year, newest first, with the total; limit null for all of it. */
export async function provinceEvents(
  db: Q,
  province: string,
  year: number,
  page: number,
  limit: number | null,
) {
  let q = provinceEventsQuery(db, province, year)
    .selectAll('e')
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc');
  if (limit !== null) q = q.limit(limit).offset((page - 1) * limit);
  const [items, total] = await Promise.all([
    q.execute(),
    provinceEventsQuery(db, province, year)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** The names of LAOs as they stand in a year, for the given codes. */
export const laoNames = (db: Q, codes: string[], year: number) =>
  codes.length === 0
    ? Promise.resolve([])
    : laosAsOf(db, year)
        .where('l.code', 'in', codes)
        .select(['l.code', 'v.name_th as name', 'v.type', 'd.name_th as district_name_th'])
        .execute();

/** The newest certification of an aspect at one level: what the next certifier's diff starts from. */
export const latestCertify = (
  db: Q,
  lao: string,
  year: number,
  sectionNo: number,
  level: 'lao' | 'province',
) =>
  db
    .selectFrom('certification_event')
    .selectAll()
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('section_no', '=', sectionNo)
    .where('level', '=', level)
    .where('action', '=', 'certify')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

/**
 * The changes of an aspect's data sets made after the given versions (a data set not listed: all of them),
 * oldest first: at most `limit`, each with its diffs only when it holds at most `inline` (null otherwise), and
 * how many there are in all.
 */
export async function changesAfter(
  db: Q,
  lao: string,
  year: number,
  sectionNo: number,
  versions: Record<string, number>,
  p: { limit: number; inline: number },
) {
  const known = Object.entries(versions);
  let q = db
    .selectFrom('dataset_change')
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('section_no', '=', sectionNo);
  if (known.length)
    q = q.where((eb) =>
      eb.or([
        ...known.map(([id, v]) => eb.and([eb('dataset_id', '=', id), eb('version', '>', v)])),
        eb(
          'dataset_id',
          'not in',
          known.map(([id]) => id),
        ),
      ]),
    );
  return pageWithTotal(q, (w) =>
    w
      .select([
        'dataset_id',
        'version',
        'at',
        'by_username',
        'change_reason',
        'change_count',
        (eb) =>
          eb
            .case()
            .when('change_count', '<=', p.inline)
            .then(eb.ref('diff_json'))
            .else(null)
            .end()
            .as('diff_json'),
      ])
      .orderBy('at')
      .orderBy('dataset_id')
      .orderBy('version')
      .limit(p.limit)
      .execute(),
  );
}

/** Whose events a replay reads: one LAO, a province or district, or the country; up to a moment; aspects 1–8 only. */
export type LogScope = {
  lao?: string | undefined;
  province?: string | undefined;
  district?: string | undefined;
  asOf?: string | undefined;
  aspectsOnly?: boolean;
};

/**
 * THE reader of the certification log for the replays (the score as of a moment, the progress chart): every
 * event of a year in the scope, per LAO and aspect in the order they happened, which is the owner index's order
 * (no sort of the whole year's log).
 */
export function certificationLog(db: Q, year: number, s: LogScope = {}) {
  let q = db
    .selectFrom('certification_event as e')
    .select([
      'e.id',
      'e.lao_code',
      'e.section_no',
      'e.level',
      'e.action',
      'e.at',
      'e.reason',
      'e.by_role',
      'e.by_username',
    ])
    .where('e.year', '=', year);
  if (s.asOf) q = q.where('e.at', '<=', s.asOf);
  if (s.aspectsOnly) q = q.where('e.section_no', '>=', 1).where('e.section_no', '<=', 8);
  if (s.lao) q = q.where('e.lao_code', '=', s.lao);
  if (s.province || s.district) {
    let laos = db.selectFrom('lao').select('lao.code');
    if (s.province) laos = laos.where('lao.province_code', '=', s.province);
    if (s.district) laos = laos.where('lao.district_code', '=', s.district);
    q = q.where('e.lao_code', 'in', laos);
  }
  return q.orderBy('e.lao_code').orderBy('e.section_no').orderBy('e.at').orderBy('e.id').execute();
}

export const insertEvent = (db: Q, row: CertificationEventTable) =>
  db.insertInto('certification_event').values(row).execute();

/** The LAO's central e-mail, when it has been verified. */
export const verifiedContactEmail = async (db: Q, lao: string) =>
  (
    await db
      .selectFrom('lao_contact')
      .select('email')
      .where('lao_code', '=', lao)
      .where('email_verified_at', 'is not', null)
      .executeTakeFirst()
  )?.email ?? null;

/** The e-mail of whoever is named responsible for an aspect (or any of its data sets) in the LAO's assignments. */
export const responsibleEmails = async (db: Q, lao: string, year: number, sectionNo: number) =>
  (
    await db
      .selectFrom('assignment as a')
      .innerJoin('app_user as u', 'u.id', 'a.responsible_user_id')
      .select('u.email')
      .where('a.lao_code', '=', lao)
      .where('a.year', '=', year)
      .where('a.section_no', '=', sectionNo)
      .where('u.email', 'is not', null)
      .where('u.disabled_at', 'is', null)
      .execute()
  )
    .map((r) => r.email)
    .filter((e): e is string => Boolean(e));

/** The display names of the given usernames. */
export const displayNames = (db: Q, usernames: string[]) =>
  usernames.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('app_user')
        .select(['username', 'display_name'])
        .where('username', 'in', usernames)
        .execute();

/** Takes the run of a job for a key if nobody has: true for exactly one caller across app nodes. */
export async function insertRun(
  db: Q,
  row: { job: string; run_key: string; started_at: string; node: string },
) {
  const r = await db
    .insertInto('scheduled_run')
    .values({ ...row, finished_at: null, result_json: null })
    .onConflict((oc) => oc.columns(['job', 'run_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export const findRun = (db: Q, job: string, key: string) =>
  db
    .selectFrom('scheduled_run')
    .selectAll()
    .where('job', '=', job)
    .where('run_key', '=', key)
    .executeTakeFirst();

/** Takes over a run another node started and never finished (it died), if it is still as that node left it. */
export async function takeOverRun(
  db: Q,
  job: string,
  key: string,
  startedAt: string,
  now: string,
  node: string,
) {
  const r = await db
    .updateTable('scheduled_run')
    .set({ started_at: now, node })
    .where('job', '=', job)
    .where('run_key', '=', key)
    .where('started_at', '=', startedAt)
    .where('finished_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const finishRun = (db: Q, job: string, key: string, at: string, result: unknown) =>
  db
    .updateTable('scheduled_run')
    .set({ finished_at: at, result_json: JSON.stringify(result) })
    .where('job', '=', job)
    .where('run_key', '=', key)
    .execute();

/** The LAO-level certifications made in [from, to), with the LAO's province. */
export const laoCertificationsBetween = (db: Q, from: string, to: string) =>
  db
    .selectFrom('certification_event as e')
    .innerJoin('lao as l', 'l.code', 'e.lao_code')
    .select(['e.lao_code', 'e.year', 'e.section_no', 'e.at', 'e.by_username', 'l.province_code'])
    .where('e.level', '=', 'lao')
    .where('e.action', '=', 'certify')
    .where('e.at', '>=', from)
    .where('e.at', '<', to)
    .orderBy('l.province_code')
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();

/** The e-mail addresses of a province's active officers. */
export const provinceOfficerEmails = async (db: Q, province: string) =>
  (
    await db
      .selectFrom('app_user')
      .select('email')
      .where('role', '=', 'province_officer')
      .where('province_code', '=', province)
      .where('disabled_at', 'is', null)
      .where('email', 'is not', null)
      .orderBy('username')
      .execute()
  )
    .map((r) => r.email)
    .filter((e): e is string => Boolean(e));

/**
 * What certification notes when an aspect's data changes (records asks, in its own transaction, after it has
 * read the aspect with aspectStatus(…, { lock: true })): the data state and its moment, and when a certification
 * stood, the edit after certification, as an event and as the transition's mark on the aspect. Returns the writes
 * that note it, for the caller to run with its own (src/db/write-together.ts).
 */
export function noteDataChange(
  trx: Transaction<Database>,
  data: Pick<AspectStatusTable, 'lao_code' | 'year' | 'section_no' | 'data_state' | 'data_changed_at'>,
  current: AspectStatusTable | undefined,
  edit: { by: string; role: string; reason: string | null; snapshot: Record<string, number> },
) {
  const at = data.data_changed_at ?? new Date().toISOString();
  const before = current ?? { ...uncertified };
  const after = transition(before, {
    level: 'lao',
    action: 'edit_after_certification',
    at,
    by: edit.by,
    reason: edit.reason,
  });
  const edited = after !== before;
  const writes: Write[] = [
    trx
      .insertInto('aspect_status')
      .values({ ...data, ...uncertified, cert_version: 0 })
      .onConflict((oc) =>
        oc.columns(['lao_code', 'year', 'section_no']).doUpdateSet({
          data_state: data.data_state,
          data_changed_at: data.data_changed_at,
          ...(edited ? { changed_after_certification_at: after.changed_after_certification_at } : {}),
        }),
      ),
  ];
  if (edited)
    writes.push(
      trx.insertInto('certification_event').values({
        id: uuidv7(),
        lao_code: data.lao_code,
        year: data.year,
        section_no: data.section_no,
        level: 'lao',
        action: 'edit_after_certification',
        at,
        by_username: edit.by,
        by_role: edit.role,
        reason: edit.reason,
        snapshot_json: JSON.stringify(edit.snapshot),
      }),
    );
  return writes;
}

/**
 * The certify, withdraw and return events of LAOs in years, newest first: what the newest one of each aspect is
 * tells whether the LAO has been asked to act (a return or a withdrawal not yet followed by a certification).
 */
export const decisiveEvents = (db: Q, lao: string, years: number[]) =>
  years.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('certification_event')
        .select(['year', 'section_no', 'level', 'action', 'at', 'by_username', 'reason'])
        .where('lao_code', '=', lao)
        .where('year', 'in', years)
        .where('action', 'in', ['certify', 'withdraw', 'return'])
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .execute();

/** The fiscal years (of those given) in which an LAO started work it has not certified: data saved, no LAO certification. */
export const yearsWithOpenWork = async (db: Q, lao: string, years: number[]) =>
  years.length === 0
    ? []
    : (
        await db
          .selectFrom('aspect_status')
          .select('year')
          .distinct()
          .where('lao_code', '=', lao)
          .where('year', 'in', years)
          .where('lao_certified_at', 'is', null)
          .where('data_state', '!=', 'not_started')
          .execute()
      ).map((r) => Number(r.year));

/** The fiscal years (of those given) in which an aspect of an LAO of a province waits for the province. */
export const yearsWaitingForProvince = async (db: Q, province: string, years: number[]) =>
  years.length === 0
    ? []
    : (
        await db
          .selectFrom('aspect_status as a')
          .innerJoin('lao as l', 'l.code', 'a.lao_code')
          .select('a.year')
          .distinct()
          .where('l.province_code', '=', province)
          .where('a.year', 'in', years)
          .where('a.lao_certified_at', 'is not', null)
          .where('a.province_certified_at', 'is', null)
          .where('a.changed_after_certification_at', 'is', null)
          .execute()
      ).map((r) => Number(r.year));

/** How many rows of each data set of an LAO in a year carry an explanation (an unusual value said to be right). */
export const explainedRows = (db: Q, lao: string, year: number) =>
  db
    .selectFrom('dataset_row')
    .select(['dataset_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('lao_code', '=', lao)
    .where('year', '=', year)
    .where('explanation', 'is not', null)
    .groupBy('dataset_id')
    .execute();

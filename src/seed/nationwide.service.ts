// The nationwide generator: realistic data for every LAO over the whole catalog of a fiscal year and the year
// before it, written straight into the records tables in batches, exactly as saveDataset and the certification
// service would have left them (version 1, one 'save' change per data set, aspect states and the certification
// log consistent with the events). Deterministic: a stream per LAO seeded from (--seed, code), so a province
// seeded alone gets the same data as in a national run, on SQLite and on PostgreSQL.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { logActivity } from '../audit/audit.service.ts';
import type { DatasetDef } from '../catalog/catalog.schemas.ts';
import {
  type Catalog,
  type CatalogSection,
  ensureDefaultCatalog,
  getCatalog,
} from '../catalog/catalog.service.ts';
import { datasetCompleteness, type StoredValue } from '../catalog/validation.ts';
import { transition, uncertified } from '../certification/certification.state.ts';
import type { AspectStatusTable, CertificationEventTable } from '../certification/certification.table.ts';
import type { Database } from '../db/database.ts';
import { defaultDivisions } from '../divisions/divisions.service.ts';
import type { Actor } from '../policy/policy.ts';
import { datasetFlags, laoContext, provinceBoxes } from '../quality/quality.service.ts';
import { applicable, aspectDataState } from '../records/records.service.ts';
import type { DatasetRowTable } from '../records/records.table.ts';
import { allLaos } from '../registry/registry.repository.ts';
import { AppError, bi } from '../util/errors.ts';
import { fiscalYearRange } from '../util/thai-date.ts';
import { hashSeed, orderedId, Rng, seededUuid } from './rng.ts';
import * as repo from './seed.repository.ts';
import { officeTimeline, type Timeline } from './timeline.ts';
import { type LaoProfile, laoProfile, listSize, noneChance, type RowMaker, rowMaker } from './values.ts';

type Values = Record<string, StoredValue | null>;

export type SeedOptions = {
  year: number;
  /** Share of (LAO, data set) pairs of the year that hold data, 0–1. */
  fill: number;
  seed: number;
  /** ISO moment the year's data is generated up to (default: 15 May of the fiscal year, Bangkok). */
  asOf?: string | undefined;
  /** Two-digit province codes to seed; all when absent. */
  provinces?: string[] | undefined;
  /** Delete the existing data of the two years (of those provinces) first. */
  force?: boolean;
  /** LAOs per transaction. */
  batchLaos?: number;
};

/** Where an LAO stands in the year being seeded. */
export type Progress =
  | 'not_started'
  | 'partial'
  | 'complete'
  | 'lao_certified'
  | 'province_certified'
  | 'returned';

export type SeedReport = {
  year: number;
  asOf: string;
  laos: { year: number; previousYear: number };
  progress: Record<Progress, number>;
  records: number;
  rows: number;
  changes: number;
  aspects: number;
  events: number;
  divisions: number;
  /** Generated rows or data sets the validation engine did not accept as intended: must be 0. */
  rejects: number;
  ms: number;
};

const SYSTEM: Actor = {
  id: 'seed',
  username: 'system',
  displayName: 'lao-info seed nationwide',
  role: 'dla_admin',
  provinceCode: null,
  districtCode: null,
  laoCode: null,
  divisionIds: [],
};

const NONE_REASON = 'ไม่มีในพื้นที่รับผิดชอบของ อปท.';
const RETURN_REASONS = [
  'ความยาวถนนรวมไม่ตรงกับทะเบียนทางหลวงท้องถิ่น ตรวจสอบและแก้ไข',
  'จำนวนประชากรไม่ตรงกับข้อมูลทะเบียนราษฎร ณ 30 ก.ย. ปรับปรุงให้เป็นปัจจุบัน',
  'ข้อมูลบางรายการไม่เป็นปัจจุบัน ปรับปรุงแล้วรับรองใหม่',
];

/** 15 May of the fiscal year (the seed memo's deadline), 00:00 Bangkok. */
export function defaultAsOf(year: number): string {
  return new Date(Date.UTC(year - 543, 4, 15) - 7 * 3600_000).toISOString();
}

/**
 * The mix of LAOs by progress for a fill rate: a "partial" LAO records about half its data sets, every other
 * started LAO all of them, so the expected share of filled (LAO, data set) pairs equals the fill rate.
 */
export function progressMix(fill: number): [Progress, number][] {
  const f = Math.min(1, Math.max(0, fill));
  let notStarted = 0.4 * (1 - f);
  let partial = 1.2 * (1 - f);
  if (notStarted + partial > 1) {
    partial = Math.min(1, 2 * f);
    notStarted = 1 - partial;
  }
  const done = 1 - notStarted - partial;
  return [
    ['not_started', notStarted],
    ['partial', partial],
    ['complete', done * 0.2],
    ['lao_certified', done * 0.3],
    ['province_certified', done * 0.42],
    ['returned', done * 0.08],
  ];
}

type LaoRow = Awaited<ReturnType<typeof allLaos>>[number];

/** The mean office location of each district's LAOs that have one. */
function districtCentres(laos: LaoRow[]) {
  const sums = new Map<string, { lat: number; lon: number; n: number }>();
  for (const l of laos) {
    if (l.lat === null || l.lon === null) continue;
    const s = sums.get(l.district_code) ?? { lat: 0, lon: 0, n: 0 };
    sums.set(l.district_code, { lat: s.lat + l.lat, lon: s.lon + l.lon, n: s.n + 1 });
  }
  return new Map([...sums].map(([d, s]) => [d, { lat: s.lat / s.n, lon: s.lon / s.n }]));
}

type YearContext = {
  year: number;
  catalog: Catalog;
  timeline: Timeline;
  /** Fractions of working time: data is saved before `saveUntil`, certified after. */
  saveUntil: number;
  full: boolean;
};

type Counters = { rejects: number };

/** Makes one LAO's data for one year: records, rows, the history, aspect states and certification events. */
function buildLaoYear(
  lao: LaoRow,
  profile: LaoProfile,
  progress: Progress,
  ctx: YearContext,
  makers: Map<string, RowMaker>,
  previous: Map<string, Values[] | null> | null,
  seed: number,
  out: repo.YearBatch,
  counters: Counters,
): Map<string, Values[] | null> {
  const { year, catalog, timeline } = ctx;
  const rng = new Rng(hashSeed(seed, lao.code, year, 'data'));
  const kept = new Map<string, Values[] | null>();
  const staff = `staff.${lao.code}`;
  const certifier = `certifier.${lao.code}`;
  const officer = `province.${lao.province_code}`;
  const certifies = ctx.full || ['lao_certified', 'province_certified', 'returned'].includes(progress);
  const returnedAspects = new Set<number>();
  if (!ctx.full && progress === 'returned') {
    const aspects = catalog.sections.filter((s) => s.kind === 'aspect');
    for (let n = rng.int(1, 2); n > 0; n--) returnedAspects.add(rng.pick(aspects).no);
  }

  // Save times: sorted fractions, handed out in catalog order (an LAO works through its sections).
  const chosen: { section: CatalogSection; def: DatasetDef }[] = [];
  for (const section of catalog.sections) {
    for (const def of applicable(section, lao.type)) {
      if (progress === 'not_started') continue;
      if (progress === 'partial' && !rng.chance(0.5)) continue;
      chosen.push({ section, def });
    }
  }
  const fractions = chosen.map(() => ctx.saveUntil * Math.sqrt(rng.next())).sort((a, b) => a - b);

  // This year's stored rows and last year's: what the quality check reads the LAO's profile from.
  const storedNow = new Map<string, Values[]>();
  const valuesOf = (datasetId: string, y: number) =>
    (y === year ? storedNow.get(datasetId) : y === year - 1 ? previous?.get(datasetId) : null) ?? [];
  /**
   * The rows with no flag the data set page would show (the catalog's warning rules against the LAO's profile,
   * area and district; the change from last year): a flagged row is made again, a list's new row that moves
   * its totals too far is dropped, and last year's rows are kept unchanged when the year's changes did. What
   * still raises a flag is a reject.
   */
  const plausible = (
    def: DatasetDef,
    sectionNo: number,
    rows: Values[],
    prev: Values[] | null,
    remake: (i: number) => Values,
  ): Values[] => {
    const ctx = laoContext(catalog, valuesOf, year, profile.areaKm2, profile.box);
    const flagsOf = (rs: Values[]) =>
      datasetFlags(
        lao.code,
        def,
        sectionNo,
        rs.map((values, i) => ({ id: String(i), values, explanation: null })),
        prev ?? [],
        ctx,
        new Map(),
      );
    let flags = flagsOf(rows);
    for (let pass = 0; pass < 6; pass++) {
      const again = new Set(flags.filter((f) => f.kind === 'plausibility').map((f) => Number(f.rowId)));
      if (again.size === 0) break;
      rows = rows.map((r, i) => (again.has(i) ? remake(i) : r));
      flags = flagsOf(rows);
    }
    const jumps = () => prev !== null && flags.some((f) => f.kind === 'year_change');
    if (jumps() && rows.length > prev!.length) {
      rows = rows.slice(0, prev!.length);
      flags = flagsOf(rows);
    }
    if (jumps()) {
      rows = prev!.map((r) => ({ ...r }));
      flags = flagsOf(rows);
    }
    if (flags.length > 0) counters.rejects++;
    return rows;
  };
  const lastSave = new Map<number, number>();
  const statuses = new Map<string, string>();
  chosen.forEach(({ section, def }, k) => {
    const maker = makers.get(def.id)!;
    const at = timeline.at(fractions[k]!);
    lastSave.set(section.no, fractions[k]!);
    const prev = previous?.get(def.id);
    const none = prev === null || (prev === undefined && rng.chance(noneChance(def, profile)));
    let rows: Values[] = [];
    if (!none) {
      const n = def.kind === 'form' ? 1 : listSize(def, profile, rng);
      rows = prev
        ? prev.map((r, i) => maker.drift(r, profile, rng, i, year))
        : Array.from({ length: n }, (_, i) => maker.row(profile, rng, i, year));
      // A new row in a long list only: in a short one it would move the list's totals far from last year's.
      if (prev && def.kind === 'list' && rng.chance(0.15) && prev.length >= 10)
        rows.push(maker.row(profile, rng, rows.length, year));
    }
    if (!none)
      rows = plausible(def, section.no, rows, prev ?? null, (i) =>
        prev?.[i] ? maker.drift(prev[i]!, profile, rng, i, year) : maker.row(profile, rng, i, year),
      );
    kept.set(def.id, none ? null : rows);
    let stored = rows;
    const partial = progress === 'partial' && !none && maker.blankable.length > 0 && rng.chance(0.3);
    if (partial) {
      stored = rows.map((r) => ({ ...r }));
      stored[0]![rng.pick(maker.blankable)] = null;
    }
    storedNow.set(def.id, stored);
    const c = datasetCompleteness(def, { none, rows: stored });
    const intended = none ? 'none' : partial ? 'partial' : 'complete';
    if (c.status !== intended || c.warningCount > 0 || c.errorCount !== (partial ? 1 : 0)) counters.rejects++;
    statuses.set(def.id, c.status);

    const slot = catalog.datasets.indexOf(def) + 1;
    const rowIds = stored.map((_, i) => orderedId(seed, lao.code, year, slot, i + 1));
    out.records.push({
      lao_code: lao.code,
      year,
      dataset_id: def.id,
      section_no: section.no,
      version: 1,
      none: none ? 1 : 0,
      none_reason: none ? NONE_REASON : null,
      status: c.status,
      error_count: c.errorCount,
      row_count: stored.length,
      updated_at: at,
      updated_by: staff,
    });
    stored.forEach((values, i) => {
      out.rows.push({
        id: rowIds[i]!,
        lao_code: lao.code,
        year,
        dataset_id: def.id,
        position: i + 1,
        values_json: JSON.stringify(values),
        explanation: null,
      } satisfies DatasetRowTable);
    });
    out.changes.push({
      id: orderedId(seed, lao.code, year, slot, 0),
      lao_code: lao.code,
      year,
      dataset_id: def.id,
      section_no: section.no,
      version: 1,
      at,
      by_username: staff,
      kind: none ? 'none' : 'save',
      status_after: c.status,
      error_count_after: c.errorCount,
      change_reason: null,
      diff_json: JSON.stringify(
        none
          ? [{ op: 'none', old: false, new: true, reason: NONE_REASON }]
          : stored.map((values, i) => ({ op: 'add', row: i + 1, rowId: rowIds[i], values })),
      ),
      change_count: none ? 1 : stored.length,
    });
  });

  // Aspect states and certifications, section by section.
  for (const section of catalog.sections) {
    const last = lastSave.get(section.no);
    if (last === undefined) continue;
    const dataState = aspectDataState(section, lao.type, statuses);
    const aspect: AspectStatusTable = {
      lao_code: lao.code,
      year,
      section_no: section.no,
      data_state: dataState,
      data_changed_at: timeline.at(last),
      ...uncertified,
      cert_version: 0,
    };
    const eligible = certifies && section.kind === 'aspect' && dataState === 'complete';
    if (eligible && (ctx.full || progress !== 'lao_certified' || rng.chance(0.9))) {
      const snapshot = JSON.stringify(
        Object.fromEntries(applicable(section, lao.type).map((d) => [d.id, 1])),
      );
      // Each event goes to the log and moves the aspect as the service would: certification's transition.
      const event = (
        level: 'lao' | 'province',
        action: 'certify' | 'return',
        f: number,
        reason: string | null,
      ) => {
        const at = timeline.at(f);
        const by = level === 'lao' ? certifier : officer;
        out.events.push({
          id: orderedId(
            seed,
            lao.code,
            year,
            0x800 + section.no * 4 + (level === 'lao' ? 0 : 1) + (action === 'return' ? 2 : 0),
            0,
          ),
          lao_code: lao.code,
          year,
          section_no: section.no,
          level,
          action,
          at,
          by_username: by,
          by_role: level === 'lao' ? 'lao_certifier' : 'province_officer',
          reason,
          snapshot_json: action === 'certify' ? snapshot : null,
        } satisfies CertificationEventTable);
        Object.assign(aspect, transition(aspect, { level, action, at, by, reason }));
        aspect.cert_version++;
      };
      const laoF = last + (1 - last) * rng.between(0.05, 0.5);
      const provF = laoF + (1 - laoF) * rng.between(0.1, 0.9);
      event('lao', 'certify', laoF, null);
      if (returnedAspects.has(section.no)) event('province', 'return', provF, rng.pick(RETURN_REASONS));
      else if (
        (ctx.full || progress === 'province_certified' || progress === 'returned') &&
        (ctx.full || rng.chance(0.9))
      )
        event('province', 'certify', provF, null);
    }
    out.aspects.push(aspect);
  }
  return kept;
}

function emptyBatch(): repo.YearBatch {
  return { records: [], rows: [], changes: [], aspects: [], events: [] };
}

/**
 * Seeds the fiscal year and the one before it for every active LAO (of the given provinces): refuses when
 * either year already holds data there, unless `force` (which deletes it first). Reports counts, the mix of
 * progress and the number of rejects (generated values the validation engine refused: 0 when all is well).
 */
export async function seedNationwide(
  db: Kysely<Database>,
  opts: SeedOptions,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<SeedReport> {
  const t0 = Date.now();
  const { year, seed } = opts;
  const years = [year - 1, year];
  const range = fiscalYearRange(year);
  const asOf = opts.asOf ?? defaultAsOf(year);
  const asOfMs = Date.parse(asOf);
  if (!(asOfMs > range.start.getTime() && asOfMs <= range.end.getTime())) {
    throw new AppError(
      'bad_request',
      bi(
        `--as-of ต้องอยู่ในปีงบประมาณ ${year} (1 ต.ค. ${year - 1} ถึง 30 ก.ย. ${year})`,
        `--as-of must fall inside fiscal year ${year} (1 Oct to 30 Sep)`,
      ),
      [{ field: 'as-of', message: bi('ระบุวันเวลาในปีงบประมาณ', 'Give a moment inside the fiscal year') }],
    );
  }
  if (!(opts.fill >= 0 && opts.fill <= 1)) {
    throw new AppError('bad_request', bi('--fill ต้องอยู่ระหว่าง 0 ถึง 1', '--fill must be between 0 and 1'), [
      { field: 'fill', message: bi('ระบุสัดส่วน 0–1 เช่น 0.85', 'Give a share from 0 to 1, e.g. 0.85') },
    ]);
  }
  await ensureDefaultCatalog(db, years);
  const existing = await repo.countRecords(db, years, opts.provinces);
  if (existing > 0 && !opts.force) {
    throw new AppError(
      'conflict',
      bi(
        `ปีงบประมาณ ${years.join(' และ ')} มีข้อมูลอยู่แล้ว ${existing.toLocaleString('en-US')} ชุด ใช้ --force เพื่อลบแล้วสร้างใหม่`,
        `Fiscal years ${years.join(' and ')} already hold ${existing} data set records; use --force to delete and regenerate them`,
      ),
    );
  }
  if (existing > 0) await db.transaction().execute((trx) => repo.deleteYears(trx, years, opts.provinces));

  const only = opts.provinces ? new Set(opts.provinces) : null;
  const active = async (y: number) =>
    (await allLaos(db, { year: y })).filter(
      (l) => l.status === 'active' && (!only || only.has(l.province_code)),
    );
  const [prevLaos, curLaos] = await Promise.all([active(year - 1), active(year)]);
  const [prevCatalog, curCatalog] = await Promise.all([getCatalog(db, year - 1), getCatalog(db, year)]);
  const makers = new Map<string, RowMaker>();
  for (const d of [...prevCatalog.datasets, ...curCatalog.datasets])
    if (!makers.has(d.id)) makers.set(d.id, rowMaker(d));
  const prevCtx: YearContext = {
    year: year - 1,
    catalog: prevCatalog,
    timeline: officeTimeline(fiscalYearRange(year - 1).start, fiscalYearRange(year - 1).end),
    saveUntil: 0.7,
    full: true,
  };
  const curCtx: YearContext = {
    year,
    catalog: curCatalog,
    timeline: officeTimeline(range.start, new Date(asOfMs)),
    saveUntil: 0.9,
    full: false,
  };

  // Every LAO of either year, in code order; the default divisions for those that have none.
  const byCode = new Map<string, { prev?: LaoRow; cur?: LaoRow }>();
  for (const l of prevLaos) byCode.set(l.code, { prev: l });
  for (const l of curLaos) byCode.set(l.code, { ...byCode.get(l.code), cur: l });
  const codes = [...byCode.keys()].sort();
  const withDivisions = await repo.laosWithDivisions(db);
  const createdAt = fiscalYearRange(year - 1).start.toISOString();
  const divisions = codes
    .filter((c) => !withDivisions.has(c))
    .flatMap((code) =>
      defaultDivisions.map((d, i) => ({
        id: seededUuid(`division:${code}:${i + 1}`),
        lao_code: code,
        name_th: d.th,
        name_en: d.en,
        position: i + 1,
        created_at: createdAt,
      })),
    );
  await db.transaction().execute((trx) => repo.insertDivisions(trx, divisions));

  // The middle of each district's recorded offices: where an LAO without a recorded location is placed.
  const centres = districtCentres([...prevLaos, ...curLaos]);
  // The boxes the quality check keeps each LAO's places in: the seeded places stay inside them.
  const boxesOf = new Map<string, Awaited<ReturnType<typeof provinceBoxes>>>();
  for (const p of new Set([...prevLaos, ...curLaos].map((l) => l.province_code)))
    boxesOf.set(p, await provinceBoxes(db, p));
  const mix = progressMix(opts.fill);
  const report: SeedReport = {
    year,
    asOf,
    laos: { year: curLaos.length, previousYear: prevLaos.length },
    progress: {
      not_started: 0,
      partial: 0,
      complete: 0,
      lao_certified: 0,
      province_certified: 0,
      returned: 0,
    },
    records: 0,
    rows: 0,
    changes: 0,
    aspects: 0,
    events: 0,
    divisions: divisions.length,
    rejects: 0,
    ms: 0,
  };
  const counters: Counters = { rejects: 0 };
  const per = opts.batchLaos ?? 25;
  onProgress(0, codes.length);
  for (let i = 0; i < codes.length; i += per) {
    const batch = emptyBatch();
    for (const code of codes.slice(i, i + per)) {
      const { prev, cur } = byCode.get(code)!;
      const base = (cur ?? prev)!;
      const rng = new Rng(hashSeed(seed, code, 'profile'));
      const boxes = boxesOf.get(base.province_code);
      const profile = laoProfile(base, rng, {
        districtCentre: centres.get(base.district_code) ?? null,
        box: boxes?.of(base.type, base.district_code) ?? null,
      });
      const progress = rng.weighted(mix);
      let carried: Map<string, Values[] | null> | null = null;
      if (prev)
        carried = buildLaoYear(
          prev,
          { ...profile, type: prev.type },
          'province_certified',
          prevCtx,
          makers,
          null,
          seed,
          batch,
          counters,
        );
      if (cur) {
        buildLaoYear(
          cur,
          { ...profile, type: cur.type },
          progress,
          curCtx,
          makers,
          carried,
          seed,
          batch,
          counters,
        );
        report.progress[progress]++;
      }
    }
    await db.transaction().execute((trx) => repo.insertBatch(trx, batch));
    report.records += batch.records.length;
    report.rows += batch.rows.length;
    report.changes += batch.changes.length;
    report.aspects += batch.aspects.length;
    report.events += batch.events.length;
    onProgress(Math.min(codes.length, i + per), codes.length);
  }
  report.rejects = counters.rejects;
  await repo.refreshStatistics(db);
  report.ms = Date.now() - t0;
  await logActivity(db, {
    actor: SYSTEM,
    action: 'seed.nationwide',
    target: String(year),
    detail: {
      seed,
      fill: opts.fill,
      asOf,
      provinces: opts.provinces ?? null,
      records: report.records,
      rows: report.rows,
    },
  });
  return report;
}

/**
 * An order-independent checksum of the seeded years (every column of the five per-LAO tables): the sum of
 * each row's hash, so both dialects agree whatever order they return rows in. Streams: constant memory.
 */
export async function seedChecksum(db: Kysely<Database>, years: number[], provinces?: string[]) {
  const out: Record<string, { rows: number; sum: string }> = {};
  const all = createHash('sha256');
  for (const t of repo.yearTables) {
    let sum = 0n;
    let rows = 0;
    for await (const row of repo.streamYearTable(db, t, years, provinces)) {
      const keys = Object.keys(row).sort();
      const text = JSON.stringify(keys.map((k) => [k, row[k] ?? null]));
      sum =
        (sum + BigInt(`0x${createHash('sha1').update(text).digest('hex').slice(0, 16)}`)) &
        0xffffffffffffffffn;
      rows++;
    }
    out[t] = { rows, sum: sum.toString(16).padStart(16, '0') };
    all.update(`${t}:${rows}:${out[t].sum};`);
  }
  return { tables: out, checksum: all.digest('hex').slice(0, 32) };
}

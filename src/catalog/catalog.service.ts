import type { Kysely, Transaction } from 'kysely';
import { announceChange, onChange } from '../db/change-feed.ts';
import type { Database } from '../db/database.ts';
import { AppError, bi } from '../util/errors.ts';
import { NodeCache } from '../util/node-cache.ts';
import * as repo from './catalog.repository.ts';
import type { CatalogFile, DatasetDef, SectionDef } from './catalog.schemas.ts';
import type { CatalogDatasetTable, CatalogSectionTable } from './catalog.table.ts';
import {
  type ArchivedField,
  activeCopy,
  applyFiles,
  type ChangeSummary,
  conflicts,
  type DatasetState,
  stateFromFiles,
  type YearState,
} from './catalog-diff.ts';
import { type CatalogSource, defaultCatalogFiles, parseCatalogOrThrow } from './catalog-files.ts';

export type { ArchivedField, DatasetChange } from './catalog-diff.ts';
export type { CatalogSource } from './catalog-files.ts';

type Q = Kysely<Database> | Transaction<Database>;

export type CatalogSection = Readonly<{
  no: number;
  key: string;
  kind: SectionDef['kind'];
  nameTh: string;
  nameEn: string;
  defaultDivisionTh: string;
  defaultDivisionEn: string;
  /** Other names the section is known by. */
  aliasesTh: readonly string[];
  datasets: readonly DatasetDef[];
}>;

export type ArchivedDataset = Readonly<{ sectionNo: number; definition: DatasetDef; archivedAt: string }>;

/** A fiscal year's catalog in memory: sections → data sets in order, with lookups. Frozen: it is shared. */
export type Catalog = Readonly<{
  year: number;
  revision: number;
  sections: readonly CatalogSection[];
  /** Every data set in use, in section and position order. */
  datasets: readonly DatasetDef[];
  /** Data sets a later import removed, kept so their recorded data keeps its definition. */
  archivedDatasets: readonly ArchivedDataset[];
  dataset(id: string): DatasetDef | undefined;
  sectionOf(datasetId: string): CatalogSection | undefined;
  archivedFields(datasetId: string): readonly ArchivedField[];
}>;

export const DEFAULT_SOURCE = 'lao-info default catalog (src/catalog/definitions)';

// ---------------------------------------------------------------------------------------------------------
// State ↔ rows

async function loadState(db: Q, year: number): Promise<YearState> {
  const [sections, datasets] = await Promise.all([repo.sectionsOf(db, year), repo.datasetsOf(db, year)]);
  return {
    sections: new Map(
      sections.map((s) => [
        Number(s.no),
        {
          no: Number(s.no),
          key: s.key,
          kind: s.kind,
          nameTh: s.name_th,
          nameEn: s.name_en,
          defaultDivisionTh: s.default_division_th,
          defaultDivisionEn: s.default_division_en,
          aliasesTh: JSON.parse(s.aliases_json) as string[],
        },
      ]),
    ),
    datasets: new Map(
      datasets.map((d): [string, DatasetState] => [
        d.id,
        {
          def: JSON.parse(d.definition_json) as DatasetDef,
          sectionNo: Number(d.section_no),
          position: Number(d.position),
          archivedFields: JSON.parse(d.archived_fields_json) as ArchivedField[],
          archivedAt: d.archived_at,
        },
      ]),
    ),
  };
}

async function saveState(trx: Q, year: number, state: YearState): Promise<void> {
  const sections: CatalogSectionTable[] = [...state.sections.values()].map((s) => ({
    year,
    no: s.no,
    key: s.key,
    kind: s.kind,
    name_th: s.nameTh,
    name_en: s.nameEn,
    default_division_th: s.defaultDivisionTh,
    default_division_en: s.defaultDivisionEn,
    position: s.no,
    aliases_json: JSON.stringify(s.aliasesTh ?? []),
  }));
  const datasets: CatalogDatasetTable[] = [...state.datasets.entries()].map(([id, d]) => ({
    year,
    id,
    section_no: d.sectionNo,
    position: d.position,
    definition_json: JSON.stringify(d.def),
    archived_fields_json: JSON.stringify(d.archivedFields),
    archived_at: d.archivedAt,
  }));
  await repo.upsertSections(trx, sections);
  await repo.upsertDatasets(trx, datasets);
}

// ---------------------------------------------------------------------------------------------------------
// The in-memory catalog and its cache

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

function buildCatalog(year: number, revision: number, state: YearState): Catalog {
  const inUse = [...state.datasets.values()]
    .filter((d) => !d.archivedAt)
    .sort((a, b) => a.position - b.position);
  const sections: CatalogSection[] = [...state.sections.values()]
    .sort((a, b) => a.no - b.no)
    .map((s) => ({
      ...s,
      aliasesTh: s.aliasesTh ?? [],
      datasets: inUse.filter((d) => d.sectionNo === s.no).map((d) => d.def),
    }));
  const datasets = sections.flatMap((s) => s.datasets);
  const byId = new Map(datasets.map((d) => [d.id, d]));
  const sectionById = new Map(sections.flatMap((s) => s.datasets.map((d) => [d.id, s] as const)));
  const archived = new Map([...state.datasets].map(([id, d]) => [id, d.archivedFields]));
  const archivedDatasets = [...state.datasets.values()]
    .filter((d) => d.archivedAt)
    .map((d) => ({ sectionNo: d.sectionNo, definition: d.def, archivedAt: d.archivedAt! }));
  return deepFreeze({
    year,
    revision,
    sections,
    datasets,
    archivedDatasets,
    dataset: (id: string) => byId.get(id),
    sectionOf: (id: string) => sectionById.get(id),
    archivedFields: (id: string) => archived.get(id) ?? [],
  });
}

/** A year's catalog, trusted for 5 seconds, then re-checked against the year's revision (another node's import). */
const catalogs = new NodeCache<Catalog>({ name: 'catalog', ttlMs: 5000, maxEntries: 50 });
// Another node imported a year's catalog.
onChange('catalog', (db, year) => catalogs.drop(db, year ?? undefined));

async function unknownYear(db: Q, year: number): Promise<AppError> {
  const years = (await repo.listYears(db)).map((y) => y.year).join(', ');
  return new AppError(
    'not_found',
    bi(
      `ไม่มีชุดข้อมูลของปีงบประมาณ ${year}${years ? ` (มีปี ${years})` : ''}`,
      `No catalog for fiscal year ${year}${years ? ` (years: ${years})` : ''}`,
    ),
  );
}

/** A fiscal year's catalog, cached and re-checked against its revision at most every 5 seconds; 404 if none. */
export async function getCatalog(db: Kysely<Database>, year: number): Promise<Catalog> {
  return catalogs.get(db, String(year), async (stale) => {
    const revision = await repo.yearRevision(db, year);
    if (revision === undefined) {
      catalogs.drop(db, String(year));
      throw await unknownYear(db, year);
    }
    // The same revision: the catalog built before is still the year's.
    if (stale?.revision === revision) return stale;
    return buildCatalog(year, revision, await loadState(db, year));
  });
}

/** One data set of a year with its section and archived fields; 404 naming the id when it is unknown. */
export async function getDataset(db: Kysely<Database>, year: number, id: string) {
  const catalog = await getCatalog(db, year);
  const dataset = catalog.dataset(id);
  const section = catalog.sectionOf(id);
  if (!dataset || !section) {
    throw new AppError(
      'not_found',
      bi(`ไม่พบชุดข้อมูล ${id} ในปีงบประมาณ ${year}`, `No data set ${id} in fiscal year ${year}`),
    );
  }
  return { catalog, section, dataset, archivedFields: catalog.archivedFields(id) };
}

/** The fiscal years that have a catalog, with their revision and source. */
export async function listCatalogYears(db: Kysely<Database>) {
  return (await repo.listYears(db)).map((y) => ({
    year: Number(y.year),
    revision: Number(y.revision),
    source: y.source,
    importedAt: y.imported_at,
  }));
}

// ---------------------------------------------------------------------------------------------------------
// Loading and importing

/** Loads the shipped catalog into each listed year that has none yet; idempotent and safe on several nodes. */
export async function ensureDefaultCatalog(
  db: Kysely<Database>,
  years: number[],
): Promise<{ loaded: number[] }> {
  const loaded: number[] = [];
  const state = stateFromFiles(defaultCatalogFiles());
  for (const year of [...new Set(years)].sort((a, b) => a - b)) {
    await db.transaction().execute(async (trx) => {
      const row = { year, revision: 1, source: DEFAULT_SOURCE, imported_at: new Date().toISOString() };
      if (!(await repo.insertYearIfMissing(trx, row))) return;
      await saveState(trx, year, state);
      loaded.push(year);
    });
  }
  return { loaded };
}

export type CatalogImportReport = ChangeSummary & {
  year: number;
  /** The year's revision after the import (what it would be, for a dry run). */
  revision: number;
  applied: boolean;
  /** The year had no catalog: it started as a copy of this earlier year, or of the shipped default. */
  createdFrom: number | 'default' | null;
};

/** The year's current state, or for a new year the copy it starts from. */
async function baseState(db: Q, year: number) {
  const existing = await loadState(db, year);
  if (existing.sections.size > 0) return { base: existing, createdFrom: null };
  const from = await repo.latestYearBefore(db, year);
  if (from === undefined)
    return { base: stateFromFiles(defaultCatalogFiles()), createdFrom: 'default' as const };
  return { base: activeCopy(await loadState(db, from)), createdFrom: from };
}

function conflictError(found: { id: string; sectionNo: number }[]): AppError {
  return new AppError(
    'unprocessable',
    bi(
      'รหัสชุดข้อมูลซ้ำกับชุดข้อมูลในหมวดอื่นของปีนี้ ไม่ได้นำเข้า',
      'Some data set ids are already used in another section of this year; nothing was imported',
    ),
    found.map((c) => ({
      field: c.id,
      code: 'duplicate_dataset',
      message: bi(
        `ชุดข้อมูล ${c.id} อยู่ในหมวดที่ ${c.sectionNo} แล้ว — นำเข้าหมวดนั้นพร้อมกัน หรือเปลี่ยนรหัส`,
        `Data set ${c.id} is already in section ${c.sectionNo}: import that section too, or use another id`,
      ),
    })),
  );
}

async function plan(db: Q, files: CatalogFile[], year: number, revision: number, now: string) {
  const { base, createdFrom } = await baseState(db, year);
  const found = conflicts(base, files);
  if (found.length) throw conflictError(found);
  const { next, summary } = applyFiles(base, files, { now, revision });
  return { next, summary, createdFrom };
}

/**
 * Imports one section file or a directory of them into a fiscal year: validates everything first, then in
 * one transaction replaces those sections, archives removed fields and data sets, bumps the revision and
 * reports what changed. A year without a catalog starts as a copy of the latest earlier year.
 */
export async function importCatalog(
  db: Kysely<Database>,
  input: string | CatalogSource[],
  opts: { year: number; dryRun?: boolean; source?: string },
): Promise<CatalogImportReport> {
  const files = parseCatalogOrThrow(input);
  const now = new Date().toISOString();
  const source = opts.source ?? `catalog import ${now.slice(0, 10)}`;
  if (opts.dryRun) {
    const revision = ((await repo.yearRevision(db, opts.year)) ?? 0) + 1;
    const p = await plan(db, files, opts.year, revision, now);
    return { year: opts.year, revision, applied: false, createdFrom: p.createdFrom, ...p.summary };
  }
  const report = await db.transaction().execute(async (trx) => {
    await repo.insertYearIfMissing(trx, { year: opts.year, revision: 0, source, imported_at: now });
    const revision = await repo.bumpRevision(trx, opts.year, source, now);
    const p = await plan(trx, files, opts.year, revision, now);
    await saveState(trx, opts.year, p.next);
    await announceChange(trx, 'catalog', String(opts.year));
    return { year: opts.year, revision, applied: true, createdFrom: p.createdFrom, ...p.summary };
  });
  // This node sees the new catalog at once; the other nodes when the transaction commits (announceChange).
  catalogs.drop(db, String(opts.year));
  return report;
}

// ---------------------------------------------------------------------------------------------------------
// API shapes

/** A data set as GET /api/v1/catalog lists it. */
export function toApiDataset(d: DatasetDef) {
  return {
    id: d.id,
    nameTh: d.nameTh,
    nameEn: d.nameEn,
    kind: d.kind,
    appliesTo: d.appliesTo,
    source: d.source,
    fields: d.fields.map((f) => ({
      key: f.key,
      labelTh: f.labelTh,
      labelEn: f.labelEn,
      type: f.type,
      unit: f.unit,
      required: f.required,
      min: f.min,
      max: f.max,
      decimals: f.decimals,
      pattern: f.pattern,
      options: f.options.map((o) => ({ value: o.value, labelTh: o.labelTh, labelEn: o.labelEn })),
    })),
    rules: d.rules.map((r) => ({
      id: r.id,
      severity: r.severity,
      messageTh: r.messageTh,
      messageEn: r.messageEn,
    })),
  };
}

/** GET /api/v1/catalog: { year, sections: [{ no, key, nameTh, nameEn, kind, datasets }] }. */
const folded = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The sections and data sets a search text finds: a section by its names or any of its other names (aliases) —
 * then with all its data sets —, otherwise the data sets whose name, id or field labels hold the text. Sections
 * with nothing found are left out; an empty text finds everything.
 */
export function searchCatalog(c: Catalog, q: string | undefined): readonly CatalogSection[] {
  const text = folded(q ?? '');
  if (!text) return c.sections;
  const has = (...xs: (string | undefined)[]) => xs.some((x) => x !== undefined && folded(x).includes(text));
  return c.sections
    .map((s) =>
      has(s.nameTh, s.nameEn, ...s.aliasesTh)
        ? s
        : {
            ...s,
            datasets: s.datasets.filter(
              (d) => has(d.nameTh, d.nameEn, d.id) || d.fields.some((f) => has(f.labelTh, f.labelEn)),
            ),
          },
    )
    .filter((s) => s.datasets.length > 0);
}

export function toApiCatalog(c: Catalog, q?: string) {
  return {
    year: c.year,
    sections: searchCatalog(c, q).map((s) => ({
      no: s.no,
      key: s.key,
      nameTh: s.nameTh,
      nameEn: s.nameEn,
      aliasesTh: s.aliasesTh,
      kind: s.kind,
      datasets: s.datasets.map(toApiDataset),
    })),
  };
}

/** GET /api/v1/catalog/datasets/:id: the listed shape plus everything else the definition holds. */
export function toApiDatasetDetail(r: Awaited<ReturnType<typeof getDataset>>) {
  const { dataset: d, section: s } = r;
  const base = toApiDataset(d);
  return {
    year: r.catalog.year,
    section: { no: s.no, key: s.key, nameTh: s.nameTh, nameEn: s.nameEn, kind: s.kind },
    ...base,
    descriptionTh: d.descriptionTh,
    descriptionEn: d.descriptionEn,
    fields: d.fields.map((f, i) => ({
      ...base.fields[i]!,
      unitEn: f.unitEn,
      maxLength: f.maxLength,
      helpTh: f.helpTh,
      helpEn: f.helpEn,
    })),
    rules: d.rules,
    archivedFields: r.archivedFields.map((a) => ({
      key: a.field.key,
      labelTh: a.field.labelTh,
      labelEn: a.field.labelEn,
      type: a.field.type,
      archivedAt: a.archivedAt,
    })),
  };
}

// Pure: applies imported section files to a year's catalog state and says what changed. Nothing here
// touches the database, so a dry run and a real import compute exactly the same report.
import type { CatalogFile, DatasetDef, FieldDef, SectionDef } from './catalog.schemas.ts';

/** A field a later import removed: kept with its definition so values recorded for it keep their meaning. */
export type ArchivedField = { field: FieldDef; archivedAt: string; revision: number };

export type DatasetState = {
  def: DatasetDef;
  sectionNo: number;
  position: number;
  archivedFields: ArchivedField[];
  archivedAt: string | null;
};

/** A year's catalog in memory: sections by number and every data set (archived ones too) by id. */
export type YearState = { sections: Map<number, SectionDef>; datasets: Map<string, DatasetState> };

export type DatasetChange = {
  id: string;
  sectionNo: number;
  /** Changes to the data set itself: names, kind, appliesTo, source, section, rules, field order. */
  changes: string[];
  fieldsAdded: string[];
  /** Fields that were archived by an earlier import and are back. */
  fieldsRestored: string[];
  /** Fields the new definition no longer has: moved to the archived fields, never dropped. */
  fieldsArchived: string[];
  fieldsChanged: { key: string; changes: string[] }[];
};

export type ChangeSummary = {
  sections: number[];
  datasetsAdded: string[];
  datasetsRestored: string[];
  /** Data sets the imported sections no longer have: archived with their definitions. */
  datasetsArchived: string[];
  datasetsChanged: DatasetChange[];
  datasetsUnchanged: number;
};

/** The state a set of whole files describes (the default catalog, or a new year). */
export function stateFromFiles(files: CatalogFile[]): YearState {
  const state: YearState = { sections: new Map(), datasets: new Map() };
  for (const f of files) {
    state.sections.set(f.section.no, f.section);
    f.datasets.forEach((def, position) => {
      state.datasets.set(def.id, {
        def,
        sectionNo: f.section.no,
        position,
        archivedFields: [],
        archivedAt: null,
      });
    });
  }
  return state;
}

/** A copy for a new fiscal year: only what is in use; the new year has no data in archived parts. */
export function activeCopy(state: YearState): YearState {
  const datasets = new Map<string, DatasetState>();
  for (const [id, d] of state.datasets) {
    if (!d.archivedAt) datasets.set(id, { ...d, archivedFields: [] });
  }
  return { sections: new Map(state.sections), datasets };
}

const show = (v: unknown) => (v === null ? 'null' : typeof v === 'string' ? `“${v}”` : JSON.stringify(v));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function optionChanges(before: FieldDef, after: FieldDef): string[] {
  const old = new Map(before.options.map((o) => [o.value, o]));
  const now = new Map(after.options.map((o) => [o.value, o]));
  const out: string[] = [];
  const added = after.options.filter((o) => !old.has(o.value)).map((o) => o.value);
  const removed = before.options.filter((o) => !now.has(o.value)).map((o) => o.value);
  const relabelled = after.options
    .filter((o) => old.has(o.value) && !same(old.get(o.value), o))
    .map((o) => o.value);
  if (added.length) out.push(`options added: ${added.join(', ')}`);
  if (removed.length) out.push(`options removed: ${removed.join(', ')}`);
  if (relabelled.length) out.push(`options relabelled: ${relabelled.join(', ')}`);
  if (!out.length && !same(before.options, after.options)) out.push('options reordered');
  return out;
}

/** "max 100 → 200", "type integer → decimal", "options added: x": every property that differs. */
export function fieldChanges(before: FieldDef, after: FieldDef): string[] {
  const out: string[] = [];
  for (const k of Object.keys(after) as (keyof FieldDef)[]) {
    if (k === 'options') out.push(...optionChanges(before, after));
    else if (!same(before[k], after[k])) out.push(`${k}: ${show(before[k])} → ${show(after[k])}`);
  }
  return out;
}

const datasetProps = [
  'nameTh',
  'nameEn',
  'kind',
  'appliesTo',
  'source',
  'descriptionTh',
  'descriptionEn',
] as const;

function datasetLevelChanges(prev: DatasetState, def: DatasetDef, sectionNo: number): string[] {
  const out: string[] = [];
  for (const k of datasetProps) {
    if (!same(prev.def[k], def[k])) out.push(`${k}: ${show(prev.def[k])} → ${show(def[k])}`);
  }
  if (prev.sectionNo !== sectionNo) out.push(`section: ${prev.sectionNo} → ${sectionNo}`);
  const oldRules = new Map(prev.def.rules.map((r) => [r.id, r]));
  const newRules = new Map(def.rules.map((r) => [r.id, r]));
  for (const r of def.rules) {
    if (!oldRules.has(r.id)) out.push(`rule added: ${r.id}`);
    else if (!same(oldRules.get(r.id), r)) out.push(`rule changed: ${r.id}`);
  }
  for (const r of prev.def.rules) if (!newRules.has(r.id)) out.push(`rule removed: ${r.id}`);
  const common = (keys: string[], other: Set<string>) => keys.filter((k) => other.has(k));
  const oldKeys = prev.def.fields.map((f) => f.key);
  const newKeys = def.fields.map((f) => f.key);
  if (!same(common(oldKeys, new Set(newKeys)), common(newKeys, new Set(oldKeys))))
    out.push('field order changed');
  return out;
}

/** The data set's next state and its change entry; removed fields join its archived fields. */
function mergeDataset(
  prev: DatasetState,
  def: DatasetDef,
  at: { sectionNo: number; position: number; now: string; revision: number },
): { next: DatasetState; change: DatasetChange } {
  const oldFields = new Map(prev.def.fields.map((f) => [f.key, f]));
  const newKeys = new Set(def.fields.map((f) => f.key));
  const archivedBefore = new Map(prev.archivedFields.map((a) => [a.field.key, a]));
  const change: DatasetChange = {
    id: def.id,
    sectionNo: at.sectionNo,
    changes: datasetLevelChanges(prev, def, at.sectionNo),
    fieldsAdded: [],
    fieldsRestored: [],
    fieldsArchived: [],
    fieldsChanged: [],
  };
  for (const f of def.fields) {
    const old = oldFields.get(f.key);
    if (old) {
      const what = fieldChanges(old, f);
      if (what.length) change.fieldsChanged.push({ key: f.key, changes: what });
    } else if (archivedBefore.has(f.key)) change.fieldsRestored.push(f.key);
    else change.fieldsAdded.push(f.key);
  }
  const newlyArchived: ArchivedField[] = prev.def.fields
    .filter((f) => !newKeys.has(f.key))
    .map((field) => ({ field, archivedAt: at.now, revision: at.revision }));
  change.fieldsArchived = newlyArchived.map((a) => a.field.key);
  const archivedFields = [...prev.archivedFields.filter((a) => !newKeys.has(a.field.key)), ...newlyArchived];
  return {
    next: { def, sectionNo: at.sectionNo, position: at.position, archivedFields, archivedAt: null },
    change,
  };
}

const isChange = (c: DatasetChange) =>
  c.changes.length +
    c.fieldsAdded.length +
    c.fieldsRestored.length +
    c.fieldsArchived.length +
    c.fieldsChanged.length >
  0;

/** Data set ids of the files that are in use in a section the import does not replace. */
export function conflicts(base: YearState, files: CatalogFile[]): { id: string; sectionNo: number }[] {
  const imported = new Set(files.map((f) => f.section.no));
  return files.flatMap((f) =>
    f.datasets.flatMap((d) => {
      const cur = base.datasets.get(d.id);
      return cur && !cur.archivedAt && !imported.has(cur.sectionNo)
        ? [{ id: d.id, sectionNo: cur.sectionNo }]
        : [];
    }),
  );
}

/**
 * Replaces the files' sections in a copy of `base`: new data sets are added, archived ones restored,
 * changed ones merged (removed fields archived) and data sets the sections no longer have archived.
 */
export function applyFiles(
  base: YearState,
  files: CatalogFile[],
  at: { now: string; revision: number },
): { next: YearState; summary: ChangeSummary } {
  const next: YearState = { sections: new Map(base.sections), datasets: new Map(base.datasets) };
  const summary: ChangeSummary = {
    sections: files.map((f) => f.section.no).sort((a, b) => a - b),
    datasetsAdded: [],
    datasetsRestored: [],
    datasetsArchived: [],
    datasetsChanged: [],
    datasetsUnchanged: 0,
  };
  const incoming = new Set(files.flatMap((f) => f.datasets.map((d) => d.id)));
  for (const f of files) {
    next.sections.set(f.section.no, f.section);
    f.datasets.forEach((def, position) => {
      const prev = base.datasets.get(def.id);
      const where = { sectionNo: f.section.no, position };
      if (!prev) {
        next.datasets.set(def.id, { def, ...where, archivedFields: [], archivedAt: null });
        summary.datasetsAdded.push(def.id);
        return;
      }
      const merged = mergeDataset(prev, def, { ...where, ...at });
      next.datasets.set(def.id, merged.next);
      if (prev.archivedAt) summary.datasetsRestored.push(def.id);
      if (isChange(merged.change)) summary.datasetsChanged.push(merged.change);
      else if (!prev.archivedAt) summary.datasetsUnchanged++;
    });
  }
  const imported = new Set(summary.sections);
  for (const [id, d] of base.datasets) {
    if (d.archivedAt || !imported.has(d.sectionNo) || incoming.has(id)) continue;
    next.datasets.set(id, { ...d, archivedAt: at.now });
    summary.datasetsArchived.push(id);
  }
  return { next, summary };
}

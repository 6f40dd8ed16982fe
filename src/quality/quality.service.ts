// Data quality before certification (issue 15 item 4, issue 16 item 5): the values of an LAO's year that look
// wrong — a catalog warning rule broken (believable ranges, years before the LAO's founding, areas larger than
// the LAO, places outside its district, counts out of proportion to its population), a change from last year
// beyond the catalog's threshold, a jump of 10× or more — each a flag with its explanation, if any. Flags are
// worked out from the data whenever they are shown, never stored: only the explanations are.
import type { Kysely } from 'kysely';
import { logActivity } from '../audit/audit.service.ts';
import { contextOps, type DatasetDef, type FieldDef, type RuleDef } from '../catalog/catalog.schemas.ts';
import { type Catalog, getCatalog } from '../catalog/catalog.service.ts';
import {
  contextRuleBroken,
  type GeoBox,
  type LaoContext,
  ruleBroken,
  ruleField,
  type StoredValue,
  yearChangeBroken,
} from '../catalog/validation.ts';
import type { Database } from '../db/database.ts';
import { type Actor, can } from '../policy/policy.ts';
import { applicable, laoYear, requireAccess } from '../records/records.service.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { registryAreaKm2 } from '../registry/registry.service.ts';
import type { LaoType } from '../registry/registry.table.ts';
import { AppError, type Bilingual, bi } from '../util/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { formatFieldNumber, isYearField } from '../util/numbers.ts';
import { isStorableText } from '../util/validation.ts';
import * as repo from './quality.repository.ts';

type Values = Record<string, StoredValue | null>;
type Row = { id: string; values: Values; explanation: string | null };

/** A value jumps when it is this many times last year's (or a tenth of it): explained before the LAO certifies. */
export const JUMP_FACTOR = 10;

export type FlagKind = 'plausibility' | 'year_change' | 'peer';

export type Flag = {
  laoCode: string;
  datasetId: string;
  sectionNo: number;
  ruleId: string;
  field: string;
  /** The row the flag is on; '' for a list's total. */
  rowId: string;
  /** 1-based position of the row in a list; null for a form or a list's total. */
  row: number | null;
  kind: FlagKind;
  message: Bilingual;
  value: StoredValue | null;
  /** A jump of JUMP_FACTOR× or more either way: the LAO cannot certify the aspect until it is explained. */
  blocking: boolean;
  /** Explained here (context and year-over-year flags); false: the row's own explanation, given when saving. */
  explainable: boolean;
  explanation: { text: string; by: string | null; at: string | null } | null;
};

type Explanation = {
  rule_id: string;
  row_id: string;
  dataset_id: string;
  value_json: string;
  text: string;
  by_username: string;
  at: string;
};

const num = (v: unknown) => (typeof v === 'number' ? v : null);
const keyOf = (datasetId: string, ruleId: string, rowId: string) => `${datasetId}|${ruleId}|${rowId}`;
const valueKey = (v: StoredValue | null | undefined) => JSON.stringify(v ?? null);

/** How many times one number is the other (both positive), else null. */
export function jumpFactor(now: number | null, before: number | null): number | null {
  if (now === null || before === null || now <= 0 || before <= 0) return null;
  return Math.max(now, before) / Math.min(now, before);
}

/**
 * A form's value, or a list's total over the rows that hold one; null when none does, or when a row still
 * lacks a required value (an unfinished list has no total to compare yet).
 */
function measure(def: DatasetDef, field: FieldDef, rows: Values[]): number | null {
  const values = (def.kind === 'form' ? rows.slice(0, 1) : rows).map((r) => num(r[field.key]));
  if (field.required && values.some((n) => n === null)) return null;
  const nums = values.filter((n) => n !== null);
  return nums.length ? nums.reduce((a, b) => a + b, 0) : null;
}

/**
 * The box the places of an LAO lie in, from the registry's office locations of its district (its province for
 * a provincial organisation): the offices' extent, widened by the largest LAO's size and a margin of ~5 km.
 */
export function boxOf(
  places: { lat: number | null; lon: number | null; area_km2: number | null }[],
): GeoBox | null {
  const pts = places.filter((p) => p.lat !== null && p.lon !== null) as {
    lat: number;
    lon: number;
    area_km2: number | null;
  }[];
  if (pts.length === 0) return null;
  const side = Math.sqrt(Math.max(0, ...pts.map((p) => registryAreaKm2(p.area_km2) ?? 0))) / 111;
  const pad = Math.min(0.4, 0.05 + side);
  return {
    latMin: Math.min(...pts.map((p) => p.lat)) - pad,
    latMax: Math.max(...pts.map((p) => p.lat)) + pad,
    lonMin: Math.min(...pts.map((p) => p.lon)) - pad,
    lonMax: Math.max(...pts.map((p) => p.lon)) + pad,
  };
}

/**
 * What the context rules compare with: what the LAO says of itself in its profile (this year's, else last
 * year's: founding year and population), its area and its box. The seeder builds the same for its own check.
 */
export function laoContext(
  catalog: Catalog,
  rowsOf: (datasetId: string, year: number) => Values[],
  year: number,
  areaKm2: number | null,
  box: GeoBox | null,
): LaoContext {
  return { ...profileFacts(catalog, rowsOf, year), areaKm2, box };
}

function profileFacts(catalog: Catalog, rowsOf: (datasetId: string, year: number) => Values[], year: number) {
  const basic = catalog.dataset('annual-basic-data') ? 'annual-basic-data' : null;
  const pick = (key: string) => {
    if (!basic) return null;
    for (const y of [year, year - 1]) {
      const v = num(rowsOf(basic, y)[0]?.[key]);
      if (v !== null) return v;
    }
    return null;
  };
  return { foundedYear: pick('foundedYear'), population: pick('populationTotal') };
}

function numberText(f: FieldDef | undefined, n: number, lang: 'th' | 'en') {
  return f ? formatFieldNumber(f, n, lang) : String(n);
}

/** Every flag of one data set of an LAO's year. */
export function datasetFlags(
  laoCode: string,
  def: DatasetDef,
  sectionNo: number,
  rows: Row[],
  lastYear: Values[],
  ctx: LaoContext,
  explained: Map<string, Explanation>,
): Flag[] {
  const flags: Flag[] = [];
  const fields = new Map(def.fields.map((f) => [f.key, f]));
  const base = { laoCode, datasetId: def.id, sectionNo };
  const stored = (ruleId: string, rowId: string, value: StoredValue | null) => {
    const e = explained.get(keyOf(def.id, ruleId, rowId));
    return e && e.value_json === valueKey(value) ? { text: e.text, by: e.by_username, at: e.at } : null;
  };
  const at = (i: number) => (def.kind === 'list' ? i + 1 : null);
  const yearRules = new Map<string, RuleDef>();
  for (const rule of def.rules) {
    if (rule.severity !== 'warning') continue;
    const c = rule.check;
    if (c.op === 'year_change') {
      yearRules.set(c.field, rule);
      continue;
    }
    const context = contextOps.has(c.op);
    rows.forEach((r, i) => {
      const broken = context
        ? contextRuleBroken(rule, r.values, ctx, fields.get(ruleField(rule)))
        : ruleBroken(rule, r.values);
      if (!broken) return;
      const field = ruleField(rule);
      const value = r.values[field] ?? null;
      flags.push({
        ...base,
        ruleId: rule.id,
        field,
        rowId: r.id,
        row: at(i),
        kind: 'plausibility',
        message: bi(rule.messageTh, rule.messageEn),
        value,
        blocking: false,
        explainable: context,
        explanation: context
          ? stored(rule.id, r.id, value)
          : r.explanation
            ? { text: r.explanation, by: null, at: null }
            : null,
      });
    });
  }
  // Year over year: the catalog's thresholds, and a jump of 10× on any other number (not a year).
  const now = rows.map((r) => r.values);
  const rowId = def.kind === 'form' ? (rows[0]?.id ?? '') : '';
  for (const f of def.fields) {
    if ((f.type !== 'integer' && f.type !== 'decimal') || isYearField(f)) continue;
    const a = measure(def, f, now);
    const b = measure(def, f, lastYear);
    const factor = jumpFactor(a, b);
    const jump = factor !== null && factor >= JUMP_FACTOR;
    const rule = yearRules.get(f.key);
    if (!(rule ? yearChangeBroken(rule, a, b) : jump) || a === null || b === null) continue;
    const ruleId = rule?.id ?? `jump-${f.key}`;
    const whatTh = def.kind === 'list' ? `${f.labelTh} (รวมทุกแถว)` : f.labelTh;
    const whatEn = def.kind === 'list' ? `${f.labelEn} (all rows)` : f.labelEn;
    const seen = bi(
      `ปีก่อน ${numberText(f, b, 'th')} ปีนี้ ${numberText(f, a, 'th')}${f.unit ? ` ${f.unit}` : ''}`,
      `last year ${numberText(f, b, 'en')}, this year ${numberText(f, a, 'en')}${f.unitEn ? ` ${f.unitEn}` : ''}`,
    );
    const message = rule
      ? bi(`${rule.messageTh} (${seen.th})`, `${rule.messageEn} (${seen.en})`)
      : bi(
          `${whatTh}เปลี่ยนจากปีก่อน ${Math.round(factor!)} เท่า (${seen.th}) — ระบุคำอธิบายก่อนรับรอง`,
          `${whatEn} changed ${Math.round(factor!)}-fold from last year (${seen.en}); explain it before certifying`,
        );
    flags.push({
      ...base,
      ruleId,
      field: f.key,
      rowId,
      row: null,
      kind: 'year_change',
      message,
      value: a,
      blocking: jump,
      explainable: true,
      explanation: stored(ruleId, rowId, a),
    });
  }
  return flags;
}

// ---------------------------------------------------------------------------------------------------------
// Peers: a form's number far from those of LAOs of the same type and size. Counts and amounts of LAOs are
// skewed (a few are many times the typical one), so they are compared on a log scale, where a figure typed in
// the wrong unit (baht for thousands, metres for kilometres) stands out and a large LAO does not: the robust
// z of log(1 + x) on the median and the MAD, and at least twice or half the peers' median.

/** A peer's value is far when its robust z passes this (Iglewicz and Hoaglin's 3.5) … */
export const PEER_Z = 3.5;
/** … and it is at least this many times the peers' median, or that fraction of it. */
export const PEER_RATIO = 2;
/** Fewer peers than this say nothing. */
export const MIN_PEERS = 10;

/** The scale peers are compared on: log(1 + x), signed. */
export const peerScale = (x: number) => Math.sign(x) * Math.log1p(Math.abs(x));

/** The median and the median absolute deviation of some numbers (null for none). */
export function medianMad(xs: number[]): { median: number; mad: number } | null {
  if (xs.length === 0) return null;
  const med = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const median = med(xs);
  return { median, mad: med(xs.map((x) => Math.abs(x - median))) };
}

/** The robust z of a value among peers: 0.6745 (x − median) / MAD; null when the MAD is 0. */
export const robustZ = (x: number, s: { median: number; mad: number }) =>
  s.mad === 0 ? null : (0.6745 * (x - s.median)) / s.mad;

/** A peer group's numbers: the median and MAD on the peer scale, their count and the median as recorded. */
export type PeerSummary = { median: number; mad: number; n: number; valueMedian: number };
export type PeerStats = Map<string, PeerSummary>;

/** The summary of a peer group's values; null for fewer than MIN_PEERS. */
export function peerSummary(xs: number[]): PeerSummary | null {
  if (xs.length < MIN_PEERS) return null;
  const s = medianMad(xs.map(peerScale))!;
  return { ...s, n: xs.length, valueMedian: medianMad(xs)!.median };
}
const peerKey = (datasetId: string, field: string, group: string) => `${datasetId}|${field}|${group}`;

/** The peer group of an LAO: its type, and its size class when its profile says one. */
const peerGroup = (type: string, sizeClass: unknown) =>
  `${type}|${typeof sizeClass === 'string' ? sizeClass : ''}`;

/** Numbers a peer comparison reads: a form's integer and decimal fields, not years. */
const peerFields = (def: DatasetDef) =>
  def.kind === 'form'
    ? def.fields.filter((f) => (f.type === 'integer' || f.type === 'decimal') && !isYearField(f))
    : [];

/** The median and MAD of every form number of the data sets given, by peer group, over the country's year. */
export async function peerStats(
  db: Kysely<Database>,
  year: number,
  defs: readonly DatasetDef[],
): Promise<PeerStats> {
  const forms = defs.filter((d) => peerFields(d).length > 0);
  const rows = await repo.nationalRows(db, year, [...forms.map((d) => d.id), 'annual-basic-data']);
  const size = new Map(
    rows
      .filter((r) => r.dataset_id === 'annual-basic-data')
      .map((r) => [r.code, JSON.parse(r.values_json).sizeClass]),
  );
  const values = new Map<string, number[]>();
  for (const r of rows) {
    const def = forms.find((d) => d.id === r.dataset_id);
    if (!def) continue;
    const v = JSON.parse(r.values_json) as Values;
    const group = peerGroup(r.type, size.get(r.code));
    for (const f of peerFields(def)) {
      const x = num(v[f.key]);
      if (x === null) continue;
      const k = peerKey(def.id, f.key, group);
      const list = values.get(k) ?? [];
      list.push(x);
      values.set(k, list);
    }
  }
  const out: PeerStats = new Map();
  for (const [k, xs] of values) {
    const s = peerSummary(xs);
    if (s) out.set(k, s);
  }
  return out;
}

/** The flags of a form's numbers far from their peers'. */
export function peerFlagsOf(
  laoCode: string,
  def: DatasetDef,
  sectionNo: number,
  row: Row | undefined,
  group: string,
  stats: PeerStats,
  explained: Map<string, Explanation>,
): Flag[] {
  if (!row) return [];
  return peerFields(def).flatMap((f): Flag[] => {
    const x = num(row.values[f.key]);
    const s = stats.get(peerKey(def.id, f.key, group));
    if (x === null || !s) return [];
    const z = robustZ(peerScale(x), s);
    const far = Math.abs(peerScale(x) - s.median) >= Math.log(PEER_RATIO);
    if (z === null || Math.abs(z) <= PEER_Z || !far) return [];
    const ruleId = `peer-${f.key}`;
    const e = explained.get(keyOf(def.id, ruleId, row.id));
    const med = (lang: 'th' | 'en') => numberText(f, Math.round(s.valueMedian * 100) / 100, lang);
    return [
      {
        laoCode,
        datasetId: def.id,
        sectionNo,
        ruleId,
        field: f.key,
        rowId: row.id,
        row: null,
        kind: 'peer',
        message: bi(
          `${f.labelTh} ${z > 0 ? 'สูง' : 'ต่ำ'}กว่า อปท. ประเภทและขนาดเดียวกันมาก (ค่ากลาง ${med('th')}${f.unit ? ` ${f.unit}` : ''} จาก ${s.n} แห่ง) — ตรวจสอบหน่วยและตัวเลข`,
          `${f.labelEn} is far ${z > 0 ? 'above' : 'below'} that of LAOs of the same type and size (median ${med('en')}${f.unitEn ? ` ${f.unitEn}` : ''} of ${s.n}); check the unit and the figure`,
        ),
        value: x,
        blocking: false,
        explainable: true,
        explanation: e && e.value_json === valueKey(x) ? { text: e.text, by: e.by_username, at: e.at } : null,
      },
    ];
  });
}

type LaoFacts = { code: string; type: LaoType; districtCode: string; areaKm2: number | null };
type StoredRow = {
  id: string;
  lao_code: string;
  year: number;
  dataset_id: string;
  values_json: string;
  explanation: string | null;
};

/** The flags of one LAO's year from its rows of this year and last, its places and its explanations. */
function laoFlags(
  catalog: Catalog,
  lao: LaoFacts,
  year: number,
  rows: StoredRow[],
  box: GeoBox | null,
  explanations: Explanation[],
  sectionNo?: number,
  peers?: PeerStats,
): Flag[] {
  const byKey = new Map<string, StoredRow[]>();
  for (const r of rows) {
    const k = `${r.year}|${r.dataset_id}`;
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const valuesOf = (datasetId: string, y: number) =>
    (byKey.get(`${y}|${datasetId}`) ?? []).map((r) => JSON.parse(r.values_json) as Values);
  const ctx = laoContext(catalog, valuesOf, year, lao.areaKm2, box);
  const explained = new Map(explanations.map((e) => [keyOf(e.dataset_id, e.rule_id, e.row_id), e]));
  const group = peerGroup(lao.type, valuesOf('annual-basic-data', year)[0]?.sizeClass);
  return catalog.sections
    .filter((s) => sectionNo === undefined || s.no === sectionNo)
    .flatMap((s) =>
      applicable(s, lao.type).flatMap((def) => {
        const rows = (byKey.get(`${year}|${def.id}`) ?? []).map((r) => ({
          id: r.id,
          values: JSON.parse(r.values_json) as Values,
          explanation: r.explanation,
        }));
        return [
          ...datasetFlags(lao.code, def, s.no, rows, valuesOf(def.id, year - 1), ctx, explained),
          ...(peers ? peerFlagsOf(lao.code, def, s.no, rows[0], group, peers, explained) : []),
        ];
      }),
    );
}

/**
 * The boxes of a province's places: of each district, and of the province (a provincial organisation's);
 * `of` gives an LAO's. Read once for a whole province (its flags, or the seeder keeping its places inside).
 */
export async function provinceBoxes(db: Kysely<Database>, provinceCode: string) {
  const places = await repo.placesOf(db, { provinceCode });
  const byDistrict = new Map<string, typeof places>();
  for (const p of places) byDistrict.set(p.district_code, [...(byDistrict.get(p.district_code) ?? []), p]);
  const province = boxOf(places);
  const districts = new Map([...byDistrict].map(([d, ps]) => [d, boxOf(ps)]));
  return {
    of: (type: LaoType, districtCode: string) =>
      type === 'provincial_admin_org' ? province : (districts.get(districtCode) ?? null),
  };
}

/** The box of an LAO's places: its district's, or its province's for a provincial organisation. */
async function laoBox(
  db: Kysely<Database>,
  lao: { type: LaoType; districtCode: string; provinceCode: string },
) {
  const places = await repo.placesOf(
    db,
    lao.type === 'provincial_admin_org'
      ? { provinceCode: lao.provinceCode }
      : { districtCode: lao.districtCode },
  );
  return { box: boxOf(places), places };
}

/**
 * The flags of an LAO's year (of one aspect, or of all its sections), with their explanations. No access
 * check: the callers (the data set page, the certification pages and the certification itself) make theirs.
 */
export async function flagsOf(
  db: Kysely<Database>,
  laoCode: string,
  year: number,
  sectionNo?: number,
  opts: { peers?: boolean } = {},
) {
  const { lao, catalog } = await laoYear(db, laoCode, year);
  const sections = catalog.sections.filter((s) => sectionNo === undefined || s.no === sectionNo);
  const profile = catalog.dataset('annual-basic-data') ? ['annual-basic-data'] : [];
  const ids = [
    ...new Set([...sections.flatMap((s) => applicable(s, lao.type).map((d) => d.id)), ...profile]),
  ];
  const defs = sections.flatMap((s) => applicable(s, lao.type));
  const [rows, { box, places }, explanations, peers] = await Promise.all([
    repo.rowsOf(db, [laoCode], [year, year - 1], ids),
    laoBox(db, lao),
    repo.explanationsOf(db, [laoCode], year, sectionNo === undefined ? {} : { sectionNo }),
    opts.peers === false ? undefined : peerStats(db, year, defs),
  ]);
  const areaKm2 = registryAreaKm2(places.find((p) => p.code === laoCode)?.area_km2 ?? null);
  return laoFlags(
    catalog,
    { code: laoCode, type: lao.type, districtCode: lao.districtCode, areaKm2 },
    year,
    rows,
    box,
    explanations,
    sectionNo,
    peers,
  );
}

/** The flags of one data set of an LAO's year (its section's, filtered); [] for a data set the year lacks. */
export async function datasetFlagsOf(
  db: Kysely<Database>,
  laoCode: string,
  year: number,
  sectionNo: number | null,
  datasetId: string,
) {
  const no = sectionNo ?? (await getCatalog(db, year)).sectionOf(datasetId)?.no;
  if (no === undefined) return [];
  return (await flagsOf(db, laoCode, year, no)).filter((f) => f.datasetId === datasetId);
}

/** The jumps of an aspect nobody has explained yet: what keeps the LAO from certifying it. */
export async function unexplainedJumps(
  db: Kysely<Database>,
  laoCode: string,
  year: number,
  sectionNo: number,
) {
  // Peers never block: the certification does not read the country's rows.
  return (await flagsOf(db, laoCode, year, sectionNo, { peers: false })).filter(
    (f) => f.blocking && !f.explanation,
  );
}

export type ExplainInput = { ruleId: string; rowId: string; text: string };

/**
 * Keeps why a flagged value is right (from the data set page): the recorder of the data set may explain a
 * flag the data shows now; a flag that is gone, or one the row's own explanation answers, is a 422.
 */
export async function explainFlag(
  db: Kysely<Database>,
  actor: Actor,
  laoCode: string,
  year: number,
  datasetId: string,
  input: ExplainInput,
  opts: { ip?: string | null } = {},
) {
  const { catalog } = await laoYear(db, laoCode, year);
  const section = catalog.sectionOf(datasetId);
  if (!section || !catalog.dataset(datasetId))
    throw new AppError('not_found', bi(`ไม่พบชุดข้อมูล ${datasetId}`, `No data set ${datasetId}`));
  await requireAccess(db, actor, laoCode, 'record', { year, section, datasetId });
  const text = input.text.normalize('NFC').trim().replace(/\s+/g, ' ');
  if ([...text].length < 5 || [...text].length > 1000 || !isStorableText(text)) {
    throw new AppError('unprocessable', bi('คำอธิบายไม่ถูกต้อง', 'The explanation is not valid'), [
      {
        field: 'text',
        code: 'explanation_length',
        message: bi(
          'อธิบายว่าทำไมค่านี้ถูกต้อง ยาว 5–1,000 ตัวอักษร เช่น "รับโอนถนนจากกรมทางหลวงชนบท พ.ศ. 2548"',
          'Say why this value is right in 5 to 1,000 characters, e.g. "roads transferred from the rural roads department in 2005"',
        ),
      },
    ]);
  }
  const flag = (await flagsOf(db, laoCode, year, section.no)).find(
    (f) => f.datasetId === datasetId && f.ruleId === input.ruleId && f.rowId === input.rowId && f.explainable,
  );
  if (!flag) {
    throw new AppError(
      'unprocessable',
      bi(
        'ไม่มีค่าที่ระบบทักท้วงตามกฎนี้ในข้อมูลขณะนี้ (อาจแก้ไขแล้ว) โหลดหน้าใหม่',
        'Nothing is flagged by this rule in the data now (it may have been corrected); reload the page',
      ),
      [{ field: 'ruleId', code: 'no_flag', message: bi('ไม่มีค่าที่ถูกทักท้วง', 'Nothing is flagged') }],
    );
  }
  await db.transaction().execute(async (trx) => {
    await repo.upsertExplanation(trx, {
      id: uuidv7(),
      lao_code: laoCode,
      year,
      dataset_id: datasetId,
      section_no: section.no,
      rule_id: flag.ruleId,
      row_id: flag.rowId,
      value_json: valueKey(flag.value),
      text,
      by_username: actor.username,
      at: new Date().toISOString(),
    });
    await logActivity(trx, {
      actor,
      action: 'quality.explained',
      laoCode,
      sectionNo: section.no,
      target: `${year}/${datasetId}`,
      detail: { rule: flag.ruleId, fields: [flag.field] },
      ip: opts.ip ?? null,
    });
  });
  return flag;
}

/** Whether the actor may see a province's flagged values (its officers and the centre). */
export const maySeeProvince = (actor: Actor, provinceCode: string) =>
  can(actor, 'province.view', { provinceCode });

/**
 * Every flagged value of a province's LAOs in a year, LAO by LAO (the province officer's list before
 * certifying); 403 outside the actor's province.
 */
export async function provinceFlags(
  db: Kysely<Database>,
  actor: Actor,
  provinceCode: string,
  year: number,
  catalog: Catalog,
  /** The country's peer statistics of the year, when the caller has them already (a national scan). */
  known?: PeerStats,
) {
  if (!maySeeProvince(actor, provinceCode))
    throw new AppError(
      'forbidden',
      bi('คุณดูค่าที่ถูกทักท้วงของจังหวัดนี้ไม่ได้', 'You may not see the flagged values of this province'),
    );
  const laos = await repo.provinceLaos(db, provinceCode, year);
  const boxes = await provinceBoxes(db, provinceCode);
  const ids = catalog.sections.flatMap((s) => s.datasets.map((d) => d.id));
  const peers = known ?? (await peerStats(db, year, catalog.datasets));
  const out: { code: string; nameTh: string; districtNameTh: string; flags: Flag[] }[] = [];
  // One LAO at a time: memory stays bounded by one LAO's two years, whatever the province's size.
  for (const l of laos) {
    const [rows, explanations] = await Promise.all([
      repo.rowsOf(db, [l.code], [year, year - 1], ids),
      repo.explanationsOf(db, [l.code], year),
    ]);
    const box = boxes.of(l.type, l.district_code);
    const flags = laoFlags(
      catalog,
      { code: l.code, type: l.type, districtCode: l.district_code, areaKm2: registryAreaKm2(l.area_km2) },
      year,
      rows,
      box,
      explanations,
      undefined,
      peers,
    );
    if (flags.length)
      out.push({
        code: l.code,
        nameTh: fullNameTh(l.type, l.name_th),
        districtNameTh: l.district_name_th,
        flags,
      });
  }
  return out;
}

export type QualityScan = {
  year: number;
  provinces: number;
  laos: number;
  flaggedLaos: number;
  byKind: Record<FlagKind, number>;
  /** Flags by data set and rule, most first. */
  byRule: { datasetId: string; ruleId: string; kind: FlagKind; flags: number; laos: number }[];
  /** The LAOs with the most flags, most first (at most 10). */
  worst: { code: string; nameTh: string; flags: number }[];
};

/**
 * Every flag of a year over the country (or the provinces given), counted by kind and by rule: how the centre
 * checks that a whole year — or the seeder's data — passes the catalog's plausibility rules. Province by
 * province, one LAO at a time (provinceFlags), so memory stays bounded.
 */
export async function scanFlags(
  db: Kysely<Database>,
  actor: Actor,
  year: number,
  provinceCodes?: readonly string[],
): Promise<QualityScan> {
  const catalog = await getCatalog(db, year);
  const codes = provinceCodes ?? (await repo.provinceCodes(db));
  const scan: QualityScan = {
    year,
    provinces: codes.length,
    laos: 0,
    flaggedLaos: 0,
    byKind: { plausibility: 0, year_change: 0, peer: 0 },
    byRule: [],
    worst: [],
  };
  const peers = await peerStats(db, year, catalog.datasets);
  const rules = new Map<string, QualityScan['byRule'][number] & { seen: Set<string> }>();
  const worst: QualityScan['worst'] = [];
  for (const code of codes) {
    scan.laos += (await repo.provinceLaos(db, code, year)).length;
    for (const l of await provinceFlags(db, actor, code, year, catalog, peers)) {
      scan.flaggedLaos++;
      worst.push({ code: l.code, nameTh: l.nameTh, flags: l.flags.length });
      for (const f of l.flags) {
        scan.byKind[f.kind]++;
        const k = `${f.datasetId}|${f.ruleId}`;
        const r = rules.get(k) ?? {
          datasetId: f.datasetId,
          ruleId: f.ruleId,
          kind: f.kind,
          flags: 0,
          laos: 0,
          seen: new Set<string>(),
        };
        r.flags++;
        r.seen.add(l.code);
        r.laos = r.seen.size;
        rules.set(k, r);
      }
    }
  }
  scan.byRule = [...rules.values()]
    .map(({ seen: _, ...r }) => r)
    .sort((a, b) => b.flags - a.flags || a.datasetId.localeCompare(b.datasetId));
  scan.worst = worst.sort((a, b) => b.flags - a.flags || a.code.localeCompare(b.code)).slice(0, 10);
  return scan;
}

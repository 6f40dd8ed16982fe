import type { Kysely } from 'kysely';
import type { DatasetDef, FieldDef } from '../catalog/catalog.schemas.ts';
import { getCatalog, getDataset } from '../catalog/catalog.service.ts';
import type { Database } from '../db/database.ts';
import { publishedFilterOf } from '../exports/exports.service.ts';
import type { Cell, Table } from '../exports/table.ts';
import { type Actor, can, type Resource, type Viewer } from '../policy/policy.ts';
import { laoScope } from '../policy/scope.ts';
import { fullNameTh, laoTypeInfo } from '../registry/lao-names.ts';
import { allLaos, type LaoRow } from '../registry/registry.repository.ts';
import { getDistrict, requireKnownArea } from '../registry/registry.service.ts';
import { typeLabel } from '../registry/registry.views.tsx';
import { AppError, bi } from '../util/errors.ts';
import { isYearField } from '../util/numbers.ts';
import * as repo from './aggregates.repository.ts';
import type { ReportBy, ReportQuery, SumQuery } from './aggregates.schemas.ts';

const forbidden = () =>
  new AppError('forbidden', bi('คุณไม่มีสิทธิ์ดูข้อมูลสรุปของพื้นที่นี้', 'You may not see aggregates of this area'));

/** The LAOs an actor's aggregate covers: the whole country for the centre, else the actor's own area. */
function scopeOf(actor: Actor, province: string | undefined): repo.AggregateScope {
  if (can(actor, 'system.admin')) return { province: province ?? null };
  if (province && province !== actor.provinceCode) throw forbidden();
  if (actor.role === 'province_officer' && can(actor, 'province.view', { provinceCode: actor.provinceCode }))
    return { province: actor.provinceCode };
  if (actor.role === 'district_officer' && can(actor, 'province.view', { districtCode: actor.districtCode }))
    return { district: actor.districtCode };
  if (actor.laoCode && can(actor, 'lao.view', { laoCode: actor.laoCode })) return { lao: actor.laoCode };
  throw forbidden();
}

// A Buddhist-era year (year built) is a number that nobody adds up: not a report's measure.
const isNumeric = (f: FieldDef) => (f.type === 'integer' || f.type === 'decimal') && !isYearField(f);

/** The numeric fields of a data set: what a report can add up. */
export const numericFields = (d: DatasetDef) => d.fields.filter(isNumeric);

/** What a report can be made of in a fiscal year: every data set with numeric fields, and those fields. */
export async function reportFields(db: Kysely<Database>, year: number) {
  const catalog = await getCatalog(db, year);
  return catalog.sections.flatMap((s) =>
    s.datasets
      .filter((d) => numericFields(d).length > 0)
      .map((d) => ({
        datasetId: d.id,
        nameTh: d.nameTh,
        nameEn: d.nameEn,
        sectionNo: s.no,
        kind: d.kind,
        fields: numericFields(d).map((f) => ({
          key: f.key,
          labelTh: f.labelTh,
          labelEn: f.labelEn,
          unit: f.unit,
        })),
      })),
  );
}

/** A data set and numeric field named in a query: a 422 naming `dataset` when unknown, a 400 naming `field`. */
async function datasetAndField(db: Kysely<Database>, year: number, datasetId: string, key: string) {
  // The data set is a query parameter here, not the address: an unknown one is a 422 naming it.
  const found = await getDataset(db, year, datasetId).catch((err: unknown) => {
    if (!(err instanceof AppError) || err.code !== 'not_found') throw err;
    throw new AppError('unprocessable', err.text, [
      { field: 'dataset', code: 'unknown_dataset', message: err.text },
    ]);
  });
  const { dataset } = found;
  const field = dataset.fields.find((f) => f.key === key);
  if (!field || !isNumeric(field)) {
    const numeric = numericFields(dataset).map((f) => f.key);
    throw new AppError('bad_request', bi(`ค่าที่ส่งมาไม่ถูกต้อง: field`, 'Invalid value for: field'), [
      {
        field: 'field',
        message: bi(
          `ชุดข้อมูล${dataset.nameTh}ไม่มีฟิลด์ตัวเลข ${key} — ใช้หนึ่งใน ${numeric.join(', ')}`,
          `${dataset.nameEn} has no numeric field ${key}; use one of ${numeric.join(', ')}`,
        ),
      },
    ]);
  }
  return { ...found, field };
}

/** One group of a report: its sums and counts, and last year's for comparison. */
export type ReportGroup = {
  code: string;
  nameTh: string;
  nameEn: string;
  /** LAOs with at least one row; rows; rows with a value. */
  laos: number;
  rows: number;
  values: number;
  sum: number;
  /** The mean of the values (per row of a list, per LAO of a form), null without values. */
  mean: number | null;
  min: number | null;
  max: number | null;
  previous: { sum: number; values: number; laos: number } | null;
  /**
   * The change from last year over the LAOs with values in both years (like for like), as a ratio (0.1 = +10 %);
   * null when there is nothing to compare.
   */
  change: number | null;
};

type LaoStats = Awaited<ReturnType<typeof repo.statsByLao>>[number];

/** Where an LAO falls in a report grouped by `by`: the group's code and its names. */
function groupOf(by: ReportBy, l: LaoRow): { code: string; nameTh: string; nameEn: string } {
  switch (by) {
    case 'province':
      return { code: l.province_code, nameTh: l.province_name_th, nameEn: l.province_name_en };
    case 'district':
      return { code: l.district_code, nameTh: l.district_name_th, nameEn: l.district_name_en };
    case 'type':
      return { code: l.type, nameTh: typeLabel(l.type, 'th'), nameEn: typeLabel(l.type, 'en') };
    case 'lao':
      return { code: l.code, nameTh: fullNameTh(l.type, l.name), nameEn: fullNameTh(l.type, l.name) };
  }
}

type Sums = {
  laos: number;
  rows: number;
  values: number;
  sum: number;
  min: number | null;
  max: number | null;
  /** This year's and last year's sums over the LAOs with values in both: what a change compares. */
  likeNow: number;
  likeThen: number;
};
const emptySums = (): Sums => ({
  laos: 0,
  rows: 0,
  values: 0,
  sum: 0,
  min: null,
  max: null,
  likeNow: 0,
  likeThen: 0,
});
function add(s: Sums, x: LaoStats, before: LaoStats | undefined) {
  if (before && Number(before.values) > 0 && Number(x.values) > 0) {
    s.likeNow += Number(x.sum ?? 0);
    s.likeThen += Number(before.sum ?? 0);
  }
  s.laos += 1;
  s.rows += Number(x.rows);
  s.values += Number(x.values);
  s.sum += Number(x.sum ?? 0);
  if (x.min !== null) s.min = s.min === null ? Number(x.min) : Math.min(s.min, Number(x.min));
  if (x.max !== null) s.max = s.max === null ? Number(x.max) : Math.max(s.max, Number(x.max));
}

/** Per-LAO statistics rolled up into groups by the registry as it stood that year (names of that year). */
async function rollUp(
  db: Kysely<Database>,
  year: number,
  by: ReportBy,
  stats: LaoStats[],
  before?: Map<string, LaoStats>,
) {
  const laos = new Map((await allLaos(db, { year, includeRetired: true })).map((l) => [l.code, l]));
  const groups = new Map<string, { code: string; nameTh: string; nameEn: string; sums: Sums }>();
  const total = emptySums();
  for (const x of stats) {
    const lao = laos.get(x.code);
    const g = lao ? groupOf(by, lao) : { code: x.code, nameTh: x.code, nameEn: x.code };
    const entry = groups.get(g.code) ?? { ...g, sums: emptySums() };
    add(entry.sums, x, before?.get(x.code));
    add(total, x, before?.get(x.code));
    groups.set(g.code, entry);
  }
  return { groups, total };
}

const typeOrder = (code: string) => laoTypeInfo[code as keyof typeof laoTypeInfo]?.order ?? 99;

/**
 * The area a report covers and which rows it counts. `certified` (the default, anyone, signed in or not): the
 * rows the public may see, anywhere. `recorded`: every recorded row, signed in, within the actor's own area
 * (the centre: the country) — an area outside it is a 403, no area means the actor's own.
 */
async function reportScope(
  db: Kysely<Database>,
  viewer: Viewer,
  q: ReportQuery,
): Promise<{ scope: repo.AggregateScope; published: boolean }> {
  const asked = { province: q.province ?? null, district: q.district ?? null, lao: q.lao ?? null };
  if (q.basis === 'certified') return { scope: asked, published: true };
  if (!viewer)
    throw new AppError(
      'unauthorized',
      bi(
        'เข้าสู่ระบบก่อนดูข้อมูลที่ยังไม่รับรอง (basis=recorded) หรือใช้ basis=certified',
        'Sign in to see data not yet certified (basis=recorded), or use basis=certified',
      ),
    );
  if (!q.province && !q.district && !q.lao) return { scope: scopeOf(viewer, undefined), published: false };
  let resource: Resource | null = { provinceCode: q.province ?? null };
  if (q.district) {
    const d = await getDistrict(db, q.district);
    resource = { provinceCode: d?.province_code ?? null, districtCode: q.district };
  }
  if (q.lao) resource = await laoScope(db, q.lao);
  const ok = resource && can(viewer, q.lao ? 'lao.view' : 'province.view', resource);
  if (!ok) throw forbidden();
  return { scope: asked, published: false };
}

/**
 * A report of one numeric field of a data set in a fiscal year: the sum, counts, mean, smallest and largest
 * value by province, district, LAO type or LAO within an area, beside last year's sums (year over year). One
 * grouped query per year whatever the number of LAOs; the public sees certified values only.
 */
export async function report(db: Kysely<Database>, viewer: Viewer, q: ReportQuery) {
  await requireKnownArea(db, { province: q.province, district: q.district, lao: q.lao });
  const { dataset, section, field } = await datasetAndField(db, q.year, q.dataset, q.field);
  const { scope, published } = await reportScope(db, viewer, q);
  const stats = await repo.statsByLao(db, {
    year: q.year,
    datasetId: dataset.id,
    field: field.key,
    scope,
    published: published ? publishedFilterOf(section) : null,
  });
  // Last year's sums, when last year's catalog has the same numeric field.
  const before = await getDataset(db, q.year - 1, dataset.id).catch(() => null);
  const beforeField = before?.dataset.fields.find((f) => f.key === field.key && isNumeric(f));
  const previousStats =
    before && beforeField
      ? await repo.statsByLao(db, {
          year: q.year - 1,
          datasetId: dataset.id,
          field: field.key,
          scope,
          published: published ? publishedFilterOf(before.section) : null,
        })
      : null;
  const previousByLao = previousStats ? new Map(previousStats.map((x) => [x.code, x])) : undefined;
  const now = await rollUp(db, q.year, q.by, stats, previousByLao);
  const then = previousStats ? await rollUp(db, q.year - 1, q.by, previousStats) : null;
  // Sums of decimals carry float noise: round to what the field can hold.
  const places = field.type === 'integer' ? 0 : (field.decimals ?? 6);
  const round = (x: number) => Math.round(x * 10 ** places) / 10 ** places;
  const meanPlaces = Math.max(places, 2);
  const roundMean = (x: number) => Math.round(x * 10 ** meanPlaces) / 10 ** meanPlaces;
  const shape = (
    code: string,
    nameTh: string,
    nameEn: string,
    s: Sums,
    p: Sums | undefined | null,
  ): ReportGroup => {
    const previous = then ? { sum: round(p?.sum ?? 0), values: p?.values ?? 0, laos: p?.laos ?? 0 } : null;
    return {
      code,
      nameTh,
      nameEn,
      laos: s.laos,
      rows: s.rows,
      values: s.values,
      sum: round(s.sum),
      mean: s.values ? roundMean(s.sum / s.values) : null,
      min: s.min,
      max: s.max,
      previous,
      // Like for like: an LAO that certified only one of the two years would read as a jump or a fall.
      change:
        previous && s.likeThen !== 0 ? Math.round(((s.likeNow - s.likeThen) / s.likeThen) * 1e4) / 1e4 : null,
    };
  };
  const items = [...now.groups.values()]
    .map((g) => shape(g.code, g.nameTh, g.nameEn, g.sums, then?.groups.get(g.code)?.sums))
    .sort((a, b) =>
      q.by === 'type'
        ? typeOrder(a.code) - typeOrder(b.code)
        : a.code < b.code
          ? -1
          : a.code > b.code
            ? 1
            : 0,
    );
  return {
    year: q.year,
    previousYear: then ? q.year - 1 : null,
    basis: q.basis,
    dataset: { id: dataset.id, nameTh: dataset.nameTh, nameEn: dataset.nameEn, kind: dataset.kind },
    field: { key: field.key, labelTh: field.labelTh, labelEn: field.labelEn, unit: field.unit },
    by: q.by,
    area: { province: q.province ?? null, district: q.district ?? null, lao: q.lao ?? null },
    items,
    total: shape('total', 'รวม', 'Total', now.total, then?.total),
  };
}
export type Report = Awaited<ReturnType<typeof report>>;

/**
 * The sum of one numeric field over every row of a data set in a fiscal year, by province or district (of
 * the actor's area), with row and value counts: the recorded rows, signed in (a report with basis=recorded).
 */
export async function sumByArea(db: Kysely<Database>, actor: Actor, q: SumQuery) {
  const scope = scopeOf(actor, q.province);
  await requireKnownArea(db, { province: q.province });
  const { dataset, field } = await datasetAndField(db, q.year, q.dataset, q.field);
  const stats = await repo.statsByLao(db, {
    year: q.year,
    datasetId: dataset.id,
    field: field.key,
    scope,
    published: null,
  });
  const { groups, total } = await rollUp(db, q.year, q.by, stats);
  const places = field.type === 'integer' ? 0 : (field.decimals ?? 6);
  const round = (x: number) => Math.round(x * 10 ** places) / 10 ** places;
  const items = [...groups.values()]
    .map((g) => ({
      code: g.code,
      nameTh: g.nameTh,
      nameEn: g.nameEn,
      rows: g.sums.rows,
      values: g.sums.values,
      sum: round(g.sums.sum),
    }))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  return {
    year: q.year,
    datasetId: dataset.id,
    field: { key: field.key, labelTh: field.labelTh, labelEn: field.labelEn, unit: field.unit },
    by: q.by,
    items,
    total: { rows: total.rows, values: total.values, sum: round(total.sum) },
  };
}

/** A report as a table for people (CSV, .xlsx): the header in row 1, one row per group, the total last. */
export function reportTable(r: Report, lang: 'th' | 'en'): Table {
  const en = lang === 'en';
  const unit = r.field.unit ? ` (${r.field.unit})` : '';
  const header = [
    en ? 'Code' : 'รหัส',
    en ? 'Name' : 'ชื่อ',
    en ? 'LAOs with data' : 'อปท. ที่มีข้อมูล',
    en ? 'Rows' : 'จำนวนรายการ',
    en ? 'Values' : 'จำนวนค่า',
    `${en ? 'Total' : 'ผลรวม'}${unit}`,
    `${en ? 'Mean' : 'ค่าเฉลี่ย'}${unit}`,
    `${en ? 'Min' : 'ต่ำสุด'}${unit}`,
    `${en ? 'Max' : 'สูงสุด'}${unit}`,
    ...(r.previousYear !== null
      ? [`${en ? 'Total' : 'ผลรวม'} ${r.previousYear}${unit}`, en ? 'Change (%)' : 'เปลี่ยนแปลง (%)']
      : []),
  ];
  const row = (g: ReportGroup): Cell[] => [
    g.code,
    en ? g.nameEn : g.nameTh,
    g.laos,
    g.rows,
    g.values,
    g.sum,
    g.mean,
    g.min,
    g.max,
    ...(r.previousYear !== null
      ? [g.previous?.sum ?? null, g.change === null ? null : Math.round(g.change * 1000) / 10]
      : []),
  ];
  return { header, rows: [...r.items.map(row), row(r.total)] };
}

import type { Kysely, Transaction } from 'kysely';
import { onChange } from '../db/change-feed.ts';
import type { Database } from '../db/database.ts';
import { statusChanged } from '../status/status.cache.ts';
import { NodeCache, sharedRead } from '../util/node-cache.ts';
import type { DistrictTable, LaoTable, LaoType, LaoVersionTable, ProvinceTable } from './registry.table.ts';

type Q = Kysely<Database> | Transaction<Database>;

const CHUNK = 500;

async function insertIgnoring<T extends 'province' | 'district' | 'lao' | 'lao_version'>(
  db: Q,
  table: T,
  rows: Database[T][],
  conflict: string[],
) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as any)
      .onConflict((oc) => oc.columns(conflict as any).doNothing())
      .execute();
  }
}

export const insertProvinces = (db: Q, rows: ProvinceTable[]) =>
  insertIgnoring(db, 'province', rows, ['code']);
export const insertDistricts = (db: Q, rows: DistrictTable[]) =>
  insertIgnoring(db, 'district', rows, ['code']);
export const insertLaos = (db: Q, rows: LaoTable[]) => insertIgnoring(db, 'lao', rows, ['code']);
export const insertVersions = (db: Q, rows: LaoVersionTable[]) =>
  insertIgnoring(db, 'lao_version', rows, ['lao_code', 'from_year']);

export async function countLaos(db: Q): Promise<number> {
  const r = await db
    .selectFrom('lao')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** LAOs as they stand in a fiscal year: each joined to its latest version with from_year <= year. */
export function laosAsOf(db: Q, year: number) {
  return db
    .selectFrom('lao as l')
    .innerJoin('lao_version as v', (j) =>
      j.onRef('v.lao_code', '=', 'l.code').on((eb) =>
        eb(
          'v.from_year',
          '=',
          eb
            .selectFrom('lao_version as v2')
            .select((e2) => e2.fn.max('v2.from_year').as('m'))
            .whereRef('v2.lao_code', '=', 'l.code')
            .where('v2.from_year', '<=', year),
        ),
      ),
    )
    .innerJoin('province as p', 'p.code', 'l.province_code')
    .innerJoin('district as d', 'd.code', 'l.district_code');
}

export type LaoFilter = {
  year: number;
  province?: string | undefined;
  district?: string | undefined;
  type?: LaoType | undefined;
  q?: string | undefined;
  code?: string | undefined;
  includeRetired?: boolean;
};

function filtered(db: Q, f: LaoFilter) {
  let q = laosAsOf(db, f.year);
  if (!f.includeRetired) q = q.where('v.status', '=', 'active');
  if (f.province) q = q.where('l.province_code', '=', f.province);
  if (f.district) q = q.where('l.district_code', '=', f.district);
  if (f.type) q = q.where('v.type', '=', f.type);
  if (f.code) q = q.where('l.code', '=', f.code);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = /^\d+$/.test(f.q)
      ? q.where('l.code', 'like', `${f.q}%`)
      : q.where((eb) => eb('v.search_key', 'like', like));
  }
  return q;
}

const laoColumns = [
  'l.code',
  'v.name_th as name',
  'v.type',
  'v.status',
  'v.merged_into',
  'l.province_code',
  'p.name_th as province_name_th',
  'p.name_en as province_name_en',
  'l.district_code',
  'd.name_th as district_name_th',
  'd.name_en as district_name_en',
  'l.lat',
  'l.lon',
  'l.area_km2',
] as const;

/**
 * The registry as it stands in a year, in registry order, kept in memory per database for 30 seconds (and
 * dropped at once by an import in this process): the status search, dashboards and exports page through it
 * without a correlated query per request. Transactions always read the tables.
 */
type Snapshot = {
  rows: SnapshotRow[];
  byCode: Map<string, SnapshotRow>;
  /** Each province's rows (contiguous in registry order): a province's page reads them, not the country. */
  byProvince: Map<string, SnapshotRow[]>;
};
// The promise is kept, so that requests arriving while the snapshot is read share one query.
const snapshots = new NodeCache<Promise<Snapshot>>({
  name: 'registry_snapshot',
  ttlMs: 30_000,
  maxEntries: 20,
});

function snapshotQuery(db: Q, year: number) {
  return filtered(db, { year, includeRetired: true })
    .select([...laoColumns, 'v.search_key'])
    .orderBy('l.province_code')
    .orderBy('l.district_code')
    .orderBy('l.code');
}
type SnapshotRow = Awaited<ReturnType<ReturnType<typeof snapshotQuery>['execute']>>[number];

function snapshot(db: Kysely<Database>, year: number): Promise<Snapshot> {
  return sharedRead(snapshots, db, String(year), () =>
    snapshotQuery(db, year)
      .execute()
      .then((list) => {
        const byProvince = new Map<string, SnapshotRow[]>();
        for (const r of list) {
          const p = byProvince.get(r.province_code);
          if (p) p.push(r);
          else byProvince.set(r.province_code, [r]);
        }
        return { rows: list, byCode: new Map(list.map((r) => [r.code, r])), byProvince };
      }),
  );
}

/** Forgets the in-memory registry snapshots of a database (after an import). */
export function invalidateRegistrySnapshots(db: object) {
  snapshots.drop(db);
  areasCache.drop(db);
  statusChanged();
}
// Another node imported a registry.
onChange('registry', (db) => invalidateRegistrySnapshots(db));

function matches(r: SnapshotRow, f: LaoFilter): boolean {
  if (!f.includeRetired && r.status !== 'active') return false;
  if (f.province && r.province_code !== f.province) return false;
  if (f.district && r.district_code !== f.district) return false;
  if (f.type && r.type !== f.type) return false;
  if (f.code && r.code !== f.code) return false;
  if (f.q) return /^\d+$/.test(f.q) ? r.code.startsWith(f.q) : r.search_key.includes(f.q);
  return true;
}

const strip = ({ search_key: _k, ...row }: SnapshotRow) => row;

async function matching(db: Q, f: LaoFilter) {
  if (db.isTransaction) return null;
  const s = await snapshot(db as Kysely<Database>, f.year);
  if (f.code) {
    // One LAO (every save and page of an LAO asks): by code, not by a scan of the country.
    const r = s.byCode.get(f.code);
    return r && matches(r, f) ? [r] : [];
  }
  const from = f.province ? (s.byProvince.get(f.province) ?? []) : s.rows;
  return from.filter((r) => matches(r, f));
}

/** One page of LAOs in registry order, with the total. */
export async function findLaos(db: Q, f: LaoFilter, page: number, pageSize: number) {
  const rows = await matching(db, f);
  if (rows)
    return { items: rows.slice((page - 1) * pageSize, page * pageSize).map(strip), total: rows.length };
  const [items, total] = await Promise.all([
    filtered(db, f)
      .select(laoColumns)
      .orderBy('l.province_code')
      .orderBy('l.district_code')
      .orderBy('l.code')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    filtered(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export type LaoRow = Omit<SnapshotRow, 'search_key'>;

/** Every LAO matching the filter, unpaged (province and district screens, imports). */
export async function allLaos(db: Q, f: LaoFilter): Promise<LaoRow[]> {
  const rows = await matching(db, f);
  if (rows) return rows.map(strip);
  return filtered(db, f)
    .select(laoColumns)
    .orderBy('l.province_code')
    .orderBy('l.district_code')
    .orderBy('l.code')
    .execute();
}

export function versionsOf(db: Q, code: string) {
  return db.selectFrom('lao_version').selectAll().where('lao_code', '=', code).orderBy('from_year').execute();
}

export async function countsByType(db: Q, year: number) {
  return filtered(db, { year })
    .select(['v.type', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('v.type')
    .execute();
}

const provincesQuery = (db: Q) => db.selectFrom('province').selectAll().orderBy('name_th');
const districtsQuery = (db: Q) => db.selectFrom('district').selectAll().orderBy('code');
type ProvinceRow = Awaited<ReturnType<ReturnType<typeof provincesQuery>['execute']>>[number];
type DistrictRow = Awaited<ReturnType<ReturnType<typeof districtsQuery>['execute']>>[number];
type Areas = {
  provinces: ProvinceRow[];
  districts: DistrictRow[];
  province: Map<string, ProvinceRow>;
  district: Map<string, DistrictRow>;
};

/**
 * The provinces and districts, kept in memory per database like the snapshot (they change only with a registry
 * import): the lists, filters and "is this a known province?" checks of most requests read no table.
 */
const areasCache = new NodeCache<Promise<Areas>>({ name: 'registry_areas', ttlMs: 300_000, maxEntries: 20 });

function areas(db: Kysely<Database>): Promise<Areas> {
  return sharedRead(areasCache, db, 'areas', () =>
    Promise.all([provincesQuery(db).execute(), districtsQuery(db).execute()]).then(
      ([provinces, districts]) => ({
        provinces,
        districts,
        province: new Map(provinces.map((p) => [p.code, p])),
        district: new Map(districts.map((d) => [d.code, d])),
      }),
    ),
  );
}

export async function listProvinces(db: Q): Promise<ProvinceRow[]> {
  if (db.isTransaction) return provincesQuery(db).execute();
  return [...(await areas(db as Kysely<Database>)).provinces];
}

export async function getProvince(db: Q, code: string): Promise<ProvinceRow | undefined> {
  if (db.isTransaction) return provincesQuery(db).where('code', '=', code).executeTakeFirst();
  return (await areas(db as Kysely<Database>)).province.get(code);
}

export async function listDistricts(db: Q, provinceCode?: string): Promise<DistrictRow[]> {
  if (db.isTransaction) {
    const q = districtsQuery(db);
    return (provinceCode ? q.where('province_code', '=', provinceCode) : q).execute();
  }
  const all = (await areas(db as Kysely<Database>)).districts;
  return provinceCode ? all.filter((d) => d.province_code === provinceCode) : [...all];
}

/** Sets a district's English name (a corrected romanisation of the shipped file). */
export function setDistrictNameEn(db: Q, code: string, nameEn: string) {
  return db.updateTable('district').set({ name_en: nameEn }).where('code', '=', code).execute();
}

export async function getDistrict(db: Q, code: string): Promise<DistrictRow | undefined> {
  if (db.isTransaction) return districtsQuery(db).where('code', '=', code).executeTakeFirst();
  return (await areas(db as Kysely<Database>)).district.get(code);
}

export function updateLaoLocation(db: Q, row: LaoTable) {
  return db
    .updateTable('lao')
    .set({
      lat: row.lat,
      lon: row.lon,
      area_km2: row.area_km2,
      district_code: row.district_code,
      updated_at: row.updated_at,
    })
    .where('code', '=', row.code)
    .execute();
}

export function deleteVersion(db: Q, code: string, fromYear: number) {
  return db
    .deleteFrom('lao_version')
    .where('lao_code', '=', code)
    .where('from_year', '=', fromYear)
    .execute();
}

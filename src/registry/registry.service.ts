import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { announceChange } from '../db/change-feed.ts';
import type { Database } from '../db/database.ts';
import { laoScope } from '../policy/scope.ts';
import { parseCsvRows } from '../util/csv.ts';
import { AppError, bi } from '../util/errors.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import { fullNameTh, laoTypeInfo, searchKey } from './lao-names.ts';
import * as repo from './registry.repository.ts';
import { changeFileSchema, registryCsvRowSchema } from './registry.schemas.ts';
import type { LaoTable, LaoType, LaoVersionTable } from './registry.table.ts';

const dataDir = new URL('./data/', import.meta.url);
const readJson = (name: string) => JSON.parse(fs.readFileSync(new URL(name, dataDir), 'utf8'));

type RawLao = {
  dlaCode: string;
  nameTh: string;
  type: LaoType;
  provinceCode: string;
  centerLat: number | null;
  centerLon: number | null;
  areaKm2: number | null;
};
type RawProvince = { provinceCode: number; provinceNameTh: string; provinceNameEn: string };
type RawDistrict = {
  provinceCode: number;
  districtCode: number;
  districtNameTh: string;
  districtNameEn: string;
};

const BASELINE_SOURCE = 'ทะเบียน อปท.: กรมส่งเสริมการปกครองท้องถิ่น (DLA Open Data) 2566';

/** Loads the shipped registry (76 provinces, their districts, 7,849 LAOs) and the dated change layer; idempotent. */
export async function loadRegistry(db: Kysely<Database>): Promise<{ loaded: boolean }> {
  const changes = changeFileSchema.parse(readJson('lao-changes.json'));
  const now = new Date().toISOString();
  const loaded = (await repo.countLaos(db)) === 0;
  await db.transaction().execute(async (trx) => {
    if (loaded) {
      const laos = (readJson('th-dla-local-authorities.json') as { localAuthorities: RawLao[] })
        .localAuthorities;
      const provinceCodes = new Set(laos.map((l) => l.provinceCode));
      const provinces = (readJson('provinces.json') as RawProvince[])
        .map((p) => ({ code: String(p.provinceCode), name_th: p.provinceNameTh, name_en: p.provinceNameEn }))
        .filter((p) => provinceCodes.has(p.code));
      const districts = (readJson('districts.json') as RawDistrict[])
        .map((d) => ({
          code: String(d.districtCode),
          province_code: String(d.provinceCode),
          name_th: d.districtNameTh,
          name_en: d.districtNameEn,
        }))
        .filter((d) => provinceCodes.has(d.province_code));
      await repo.insertProvinces(trx, provinces);
      await repo.insertDistricts(trx, districts);
      await repo.insertLaos(
        trx,
        laos.map((l) => ({
          code: l.dlaCode,
          province_code: l.provinceCode,
          // The district is digits 2–5 of the code (the file's district name is the office's, not always the same).
          district_code: l.dlaCode.slice(1, 5),
          lat: l.centerLat,
          lon: l.centerLon,
          area_km2: l.areaKm2,
          updated_at: now,
        })),
      );
      await repo.insertVersions(
        trx,
        laos.map((l) => ({
          lao_code: l.dlaCode,
          from_year: 0,
          type: l.type,
          name_th: l.nameTh,
          search_key: searchKey(l.nameTh),
          status: 'active' as const,
          merged_into: null,
          change_kind: 'baseline' as const,
          note: null,
          source: BASELINE_SOURCE,
        })),
      );
    }
    // English district names follow the shipped file on every start, so that a corrected romanisation
    // (the upstream file had โนนสุวรรณ as "Non Din Daeng") reaches a database loaded before the fix.
    const shipped = new Map(
      (readJson('districts.json') as RawDistrict[]).map((d) => [String(d.districtCode), d.districtNameEn]),
    );
    for (const d of await repo.listDistricts(trx)) {
      const en = shipped.get(d.code);
      if (en && en !== d.name_en) await repo.setDistrictNameEn(trx, d.code, en);
    }
    // The change layer is applied on every start so that a newer shipped file adds its entries.
    const rows: LaoVersionTable[] = [];
    for (const c of changes.changes) {
      const before = (await repo.versionsOf(trx, c.code)).filter((v) => v.from_year < c.fromYear).at(-1);
      if (!before) continue;
      const name = c.nameTh ?? before.name_th;
      rows.push({
        lao_code: c.code,
        from_year: c.fromYear,
        type: c.type ?? before.type,
        name_th: name,
        search_key: searchKey(name),
        status: c.status ?? 'active',
        merged_into: c.mergedInto ?? null,
        change_kind: c.change,
        note: c.note,
        source: c.source,
      });
    }
    await repo.insertVersions(trx, rows);
    await announceChange(trx, 'registry', null);
  });
  repo.invalidateRegistrySnapshots(db);
  return { loaded };
}

/**
 * The registry's area of an LAO when it is believable (0.1 to 21,000 km², the largest province): the DLA list
 * holds zeros and values in other units (millions), which no check should be measured against.
 */
export function registryAreaKm2(area: number | null): number | null {
  return area !== null && area >= 0.1 && area <= 21_000 ? area : null;
}

/** The API shape of one LAO as it stands in a year. */
export function toApiLao(r: repo.LaoRow) {
  return {
    code: r.code,
    name: r.name,
    nameTh: fullNameTh(r.type, r.name),
    type: r.type,
    provinceCode: r.province_code,
    provinceNameTh: r.province_name_th,
    districtCode: r.district_code,
    districtNameTh: r.district_name_th,
  };
}

export type ApiLao = ReturnType<typeof toApiLao>;

/** Searches the registry as it stands in a fiscal year (default: the current one). */
export async function searchLaos(
  db: Kysely<Database>,
  f: {
    year?: number | undefined;
    province?: string | undefined;
    district?: string | undefined;
    type?: LaoType | undefined;
    q?: string | undefined;
  },
  page: number,
  pageSize: number,
) {
  const year = f.year ?? fiscalYearOf();
  const q = f.q ? searchKey(f.q) : undefined;
  const { items, total } = await repo.findLaos(db, { ...f, year, q }, page, pageSize);
  return { items: items.map(toApiLao), total, page, pageSize, year };
}

/** One LAO in a year, with its whole type and name history; 404 when the code is unknown. */
async function laoRow(db: Kysely<Database>, code: string, year: number) {
  const [row] = await repo.allLaos(db, { year, code, includeRetired: true });
  if (!row) throw new AppError('not_found', bi(`ไม่พบ อปท. รหัส ${code}`, `No LAO with code ${code}`));
  return row;
}

/** An LAO as it stands in a fiscal year (no history): what the records and certification services need. */
export async function laoInYear(db: Kysely<Database>, code: string, year = fiscalYearOf()) {
  const row = await laoRow(db, code, year);
  return { ...toApiLao(row), year, status: row.status };
}

export async function getLao(db: Kysely<Database>, code: string, year = fiscalYearOf()) {
  const row = await laoRow(db, code, year);
  const versions = await repo.versionsOf(db, code);
  return {
    ...toApiLao(row),
    year,
    status: row.status,
    mergedInto: row.merged_into,
    lat: row.lat,
    lon: row.lon,
    areaKm2: row.area_km2,
    provinceNameEn: row.province_name_en,
    districtNameEn: row.district_name_en,
    history: versions.map((v) => ({
      fromYear: v.from_year === 0 ? null : v.from_year,
      type: v.type,
      nameTh: fullNameTh(v.type, v.name_th),
      status: v.status,
      mergedInto: v.merged_into,
      change: v.change_kind,
      note: v.note,
      source: v.source,
    })),
  };
}

/** Counts of active LAOs by type in a year, in registry order, and the total. */
export async function summary(db: Kysely<Database>, year = fiscalYearOf()) {
  const rows = await repo.countsByType(db, year);
  const byType = Object.fromEntries(
    (Object.keys(laoTypeInfo) as LaoType[]).map((t) => [t, Number(rows.find((r) => r.type === t)?.n ?? 0)]),
  ) as Record<LaoType, number>;
  return { year, byType, total: Object.values(byType).reduce((a, b) => a + b, 0) };
}

const thai = new Intl.Collator('th');

/** Provinces in Thai dictionary order (leading vowels ignored as a Thai reader expects). */
export const listProvinces = async (db: Kysely<Database>) =>
  (await repo.listProvinces(db)).sort((a, b) => thai.compare(a.name_th, b.name_th));
export const listDistricts = (db: Kysely<Database>, province?: string) => repo.listDistricts(db, province);
export const getProvince = (db: Kysely<Database>, code: string) => repo.getProvince(db, code);
export const getDistrict = (db: Kysely<Database>, code: string) => repo.getDistrict(db, code);

/**
 * Refuses codes the registry does not have, given as filters (query) or fields (body): a 422 naming each, so an
 * unknown province is told apart from one without results. `names` maps to the parameter's own name.
 */
export async function requireKnownArea(
  db: Kysely<Database>,
  given: { province?: string | undefined; district?: string | undefined; lao?: string | undefined },
  names: { province?: string; district?: string; lao?: string } = {},
) {
  const [province, district, lao] = await Promise.all([
    given.province ? repo.getProvince(db, given.province) : true,
    given.district ? repo.getDistrict(db, given.district) : true,
    given.lao ? laoScope(db, given.lao) : true,
  ]);
  const errors = [
    ...(province
      ? []
      : [
          {
            field: names.province ?? 'province',
            code: 'unknown_province',
            message: bi(
              `ไม่พบจังหวัดรหัส ${given.province} — ใช้รหัสจังหวัด 2 หลักจาก /api/v1/provinces`,
              `No province ${given.province}; use a 2-digit code from /api/v1/provinces`,
            ),
          },
        ]),
    ...(district
      ? []
      : [
          {
            field: names.district ?? 'district',
            code: 'unknown_district',
            message: bi(
              `ไม่พบอำเภอรหัส ${given.district} — ใช้รหัสอำเภอ 4 หลักจาก /api/v1/districts`,
              `No district ${given.district}; use a 4-digit code from /api/v1/districts`,
            ),
          },
        ]),
    ...(lao
      ? []
      : [
          {
            field: names.lao ?? 'lao',
            code: 'unknown_lao',
            message: bi(
              `ไม่พบ อปท. รหัส ${given.lao} — ใช้รหัส อปท. 7 หลักจากทะเบียน (/api/v1/laos)`,
              `No LAO ${given.lao}; use a 7-digit code from the registry (/api/v1/laos)`,
            ),
          },
        ]),
  ];
  if (errors.length) {
    const fields = errors.map((e) => e.field).join(', ');
    throw new AppError(
      'unprocessable',
      bi(`ไม่พบรหัสในทะเบียน: ${fields}`, `Not in the registry: ${fields}`),
      errors,
    );
  }
}

export type RegistryImportReport = {
  year: number;
  added: string[];
  changed: { code: string; what: string }[];
  retired: string[];
  unchanged: number;
  applied: boolean;
};

/**
 * Loads an official registry CSV as the complete list from a fiscal year on: new codes are added, a
 * different type, name or status becomes a new version from that year, and active codes absent from the
 * file are retired. Every row is validated first; any error changes nothing.
 */
export async function importRegistryCsv(
  db: Kysely<Database>,
  text: string,
  opts: { year: number; dryRun?: boolean; source?: string },
): Promise<RegistryImportReport> {
  const rows = parseCsvRows(text);
  const header = rows.shift()?.cells.map((h) => h.trim().toLowerCase());
  if (!header?.includes('code')) {
    throw new AppError(
      'bad_request',
      bi(
        'แฟ้ม CSV ต้องมีหัวคอลัมน์ code, name_th, type, province_code',
        'The CSV needs a header row: code, name_th, type, province_code',
      ),
    );
  }
  const errors: string[] = [];
  // Row numbers as a spreadsheet shows them (the header is row 1, blank lines count).
  const rowNo = rows.map((r) => r.no);
  const parsed = rows.map(({ no, cells }) => {
    const obj = Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']));
    const r = registryCsvRowSchema.safeParse(obj);
    if (!r.success) {
      for (const iss of r.error.issues) errors.push(`แถว ${no} คอลัมน์ ${String(iss.path[0])}: ${iss.message}`);
      return null;
    }
    return r.data;
  });
  const seen = new Set<string>();
  for (const [i, r] of parsed.entries()) {
    if (!r) continue;
    if (seen.has(r.code)) errors.push(`แถว ${rowNo[i]}: รหัส ${r.code} ซ้ำ / duplicate code`);
    seen.add(r.code);
  }
  const provinces = new Set((await repo.listProvinces(db)).map((p) => p.code));
  const districts = new Set((await repo.listDistricts(db)).map((d) => d.code));
  for (const [i, r] of parsed.entries()) {
    if (!r) continue;
    if (!provinces.has(r.province_code)) errors.push(`แถว ${rowNo[i]}: ไม่รู้จักจังหวัด ${r.province_code}`);
    const dc = r.district_code || r.code.slice(1, 5);
    if (!districts.has(dc)) errors.push(`แถว ${rowNo[i]}: ไม่รู้จักอำเภอ ${dc} — ใส่ district_code`);
  }
  if (errors.length) {
    throw new AppError(
      'unprocessable',
      bi(`แฟ้มมีข้อผิดพลาด ${errors.length} รายการ ไม่ได้นำเข้า`, `${errors.length} errors; nothing imported`),
      errors.map((e) => ({ field: 'file', message: bi(e, e) })),
    );
  }
  const source = opts.source ?? `registry import ${new Date().toISOString().slice(0, 10)}`;
  const report: RegistryImportReport = {
    year: opts.year,
    added: [],
    changed: [],
    retired: [],
    unchanged: 0,
    applied: false,
  };
  await db.transaction().execute(async (trx) => {
    const current = new Map(
      (await repo.allLaos(trx, { year: opts.year, includeRetired: true })).map((r) => [r.code, r]),
    );
    const now = new Date().toISOString();
    const newLaos: LaoTable[] = [];
    const versions: LaoVersionTable[] = [];
    for (const r of parsed) {
      if (!r) continue;
      const status = r.status === 'retired' ? 'retired' : 'active';
      const type = r.type;
      const version: LaoVersionTable = {
        lao_code: r.code,
        from_year: opts.year,
        type,
        name_th: r.name_th,
        search_key: searchKey(r.name_th),
        status,
        merged_into: r.merged_into || null,
        change_kind: 'import',
        note: null,
        source,
      };
      const cur = current.get(r.code);
      if (!cur) {
        newLaos.push({
          code: r.code,
          province_code: r.province_code,
          district_code: r.district_code || r.code.slice(1, 5),
          lat: r.lat ?? null,
          lon: r.lon ?? null,
          area_km2: r.area_km2 ?? null,
          updated_at: now,
        });
        versions.push({ ...version, change_kind: 'create' });
        report.added.push(r.code);
        continue;
      }
      const diffs: string[] = [];
      if (cur.type !== type) diffs.push(`type ${cur.type} → ${type}`);
      if (cur.name !== r.name_th) diffs.push(`name ${cur.name} → ${r.name_th}`);
      if (cur.status !== status) diffs.push(`status ${cur.status} → ${status}`);
      if (diffs.length) {
        versions.push(version);
        report.changed.push({ code: r.code, what: diffs.join('; ') });
      } else report.unchanged++;
    }
    for (const [code, cur] of current) {
      if (cur.status === 'active' && !seen.has(code)) {
        versions.push({
          lao_code: code,
          from_year: opts.year,
          type: cur.type,
          name_th: cur.name,
          search_key: searchKey(cur.name),
          status: 'retired',
          merged_into: null,
          change_kind: 'retire',
          note: 'ไม่อยู่ในทะเบียนที่นำเข้า / absent from the imported registry',
          source,
        });
        report.retired.push(code);
      }
    }
    if (opts.dryRun) return;
    await repo.insertLaos(trx, newLaos);
    // A second import for the same year replaces that year's versions.
    for (const v of versions)
      if (v.from_year === opts.year) await repo.deleteVersion(trx, v.lao_code, v.from_year);
    await repo.insertVersions(trx, versions);
    await announceChange(trx, 'registry', null);
    report.applied = true;
  });
  if (report.applied) repo.invalidateRegistrySnapshots(db);
  return report;
}

import type { Kysely } from 'kysely';
import { aspectState } from '../certification/certification.state.ts';
import type { Database } from '../db/database.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { allLaos, findLaos, type LaoRow } from '../registry/registry.repository.ts';
import { fiscalYearOf, toBangkokIso } from '../util/thai-date.ts';
import * as repo from './status.repository.ts';
import type { StatusQuery } from './status.schemas.ts';

/** The aspects the status search shows. */
export const STATUS_ASPECTS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
/** The debt report's section: certified like an aspect, shown in a column after aspect 8. */
export const DEBT_SECTION = 9;

const iso = (v: string | null | undefined) => (v ? toBangkokIso(v) : null);

function markOf(rows: Map<string, repo.AspectRow>, code: string, no: number) {
  const r = rows.get(`${code}:${no}`);
  return {
    no,
    state: aspectState(r),
    laoCertifiedAt: iso(r?.lao_certified_at),
    provinceCertifiedAt: iso(r?.province_certified_at),
    returnedAt: iso(r?.returned_at),
    returnReason: r?.return_reason ?? null,
    changedAfterCertificationAt: iso(r?.changed_after_certification_at),
  };
}

function toItem(l: LaoRow, rows: Map<string, repo.AspectRow>) {
  return {
    laoCode: l.code,
    laoNameTh: fullNameTh(l.type, l.name),
    provinceCode: l.province_code,
    provinceNameTh: l.province_name_th,
    provinceNameEn: l.province_name_en,
    districtCode: l.district_code,
    districtNameTh: l.district_name_th,
    districtNameEn: l.district_name_en,
    aspects: STATUS_ASPECTS.map((no) => markOf(rows, l.code, no)),
    debtReport: markOf(rows, l.code, DEBT_SECTION),
  };
}

export type StatusItem = ReturnType<typeof toItem>;

const byKey = (rows: repo.AspectRow[]) =>
  new Map(rows.map((r) => [`${r.lao_code}:${Number(r.section_no)}`, r]));

/**
 * One page of the public status search: LAOs as they stand in the fiscal year (registry order), each with
 * aspects 1–8 and the debt report. One query for the page (and its count), one for the page's aspect rows: never a query per LAO.
 */
export async function searchStatus(db: Kysely<Database>, q: StatusQuery) {
  const year = q.year ?? fiscalYearOf();
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 10;
  const { items, total } = await findLaos(
    db,
    { year, province: q.province, district: q.district, code: q.lao },
    page,
    pageSize,
  );
  const rows = byKey(
    await repo.aspectRowsOf(
      db,
      year,
      items.map((l) => l.code),
    ),
  );
  return { items: items.map((l) => toItem(l, rows)), total, page, pageSize, year };
}

/** Every LAO the conditions select, with their aspects: the CSV and .xlsx exports (two queries). */
export async function allStatus(db: Kysely<Database>, q: StatusQuery) {
  const year = q.year ?? fiscalYearOf();
  const [laos, rows] = await Promise.all([
    allLaos(db, { year, province: q.province, district: q.district, code: q.lao }),
    repo.aspectRowsWhere(db, year, q),
  ]);
  const map = byKey(rows);
  return { year, items: laos.map((l) => toItem(l, map)) };
}

/** The API shape of an item: exactly the documented fields. */
export const toApiStatusItem = (i: StatusItem) => {
  const api = ({ changedAfterCertificationAt: _c, ...a }: StatusItem['debtReport']) => a;
  return { ...i, aspects: i.aspects.map(api), debtReport: api(i.debtReport) };
};

// The fiscal year a page opens on when the address does not say (ADR 0015): the year with open work for the
// person, otherwise the current one, and always a year the catalog has (so no link leads to a 404).
import type { Kysely } from 'kysely';
import { listCatalogYears } from '../catalog/catalog.service.ts';
import type { Database } from '../db/database.ts';
import type { Actor } from '../policy/policy.ts';
import { fiscalYearOf } from '../util/thai-date.ts';
import * as repo from './certification.repository.ts';
import { openReturnsIn } from './returns.ts';

/** The fiscal years the catalog has, newest first: the only years a year selector offers. */
export async function catalogYears(db: Kysely<Database>) {
  return (await listCatalogYears(db)).map((y) => y.year).sort((a, b) => b - a);
}

/**
 * The default fiscal year of "my work", certification and the dashboards for this person: the newest year with
 * a return or withdrawal waiting for their LAO; else the newest year in which their LAO started work it has not
 * certified (for a province officer: in which an LAO of the province waits for the province's certification);
 * else the current fiscal year. Only years up to the current one that the catalog has are considered; when the
 * catalog lacks the current year, its newest year before it stands in.
 */
export async function workYear(db: Kysely<Database>, actor: Actor, now: Date = new Date()): Promise<number> {
  const current = fiscalYearOf(now);
  const years = (await catalogYears(db)).filter((y) => y <= current);
  const fallback = years[0] ?? current;
  if (!actor || years.length === 0) return fallback;
  if (actor.laoCode) {
    const returns = await openReturnsIn(db, actor.laoCode, years);
    const returned = years.find((y) => (returns.get(y)?.size ?? 0) > 0);
    if (returned !== undefined) return returned;
    const open = new Set(await repo.yearsWithOpenWork(db, actor.laoCode, years));
    return years.find((y) => open.has(y)) ?? fallback;
  }
  if (actor.role === 'province_officer' && actor.provinceCode) {
    const waiting = new Set(await repo.yearsWaitingForProvince(db, actor.provinceCode, years));
    return years.find((y) => waiting.has(y)) ?? fallback;
  }
  return fallback;
}

// The fiscal year a page opens on when the address does not say (ADR 0015): the year with open work for the
// person, otherwise the current one, and always a year the catalog has (so no link leads to a 404).
import type { Kysely } from 'kysely';
import { myWork } from '../assignments/assignments.service.ts';
import { listCatalogYears } from '../catalog/catalog.service.ts';
import type { Database } from '../db/database.ts';
import type { Viewer } from '../policy/policy.ts';
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
 * certified; else the current fiscal year. For staff both count only in the data sets of their divisions, and
 * "open" means started and unfinished rather than uncertified; for a province officer, the newest year in which an aspect of an
 * LAO of the province waits for the province's certification. Only years up to the current one that the catalog has
 * are considered; when the catalog lacks the current year, its newest year before it stands in.
 */
export async function workYear(db: Kysely<Database>, actor: Viewer, now: Date = new Date()): Promise<number> {
  const current = fiscalYearOf(now);
  const years = (await catalogYears(db)).filter((y) => y <= current);
  const fallback = years[0] ?? current;
  if (!actor || years.length === 0) return fallback;
  if (actor.laoCode) {
    const [returns, started] = await Promise.all([
      openReturnsIn(db, actor.laoCode, years),
      repo.yearsWithOpenWork(db, actor.laoCode, years),
    ]);
    const returned = years.filter((y) => (returns.get(y)?.size ?? 0) > 0);
    const open = years.filter((y) => started.includes(y));
    if (actor.role !== 'lao_staff') return returned[0] ?? open[0] ?? fallback;
    // Staff act only on the data sets of their divisions: a return or unfinished work elsewhere is not theirs.
    const work = new Map<number, Awaited<ReturnType<typeof myWork>>>();
    const mine = async (y: number) => work.get(y) ?? work.set(y, await myWork(db, actor, y)).get(y)!;
    for (const y of returned) if ((await mine(y)).returns.length > 0) return y;
    for (const y of [...new Set([...returned, ...open])].sort((a, b) => b - a)) {
      const statuses = (await mine(y)).items.map((i) => i.status);
      const started = statuses.some((x) => x !== 'empty');
      const finished = statuses.every((x) => x === 'complete' || x === 'none');
      if (started && !finished) return y;
    }
    return fallback;
  }
  if (actor.role === 'province_officer' && actor.provinceCode) {
    const waiting = new Set(await repo.yearsWaitingForProvince(db, actor.provinceCode, years));
    return years.find((y) => waiting.has(y)) ?? fallback;
  }
  return fallback;
}

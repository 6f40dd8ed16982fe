// Who must act after a return or a withdrawal: the one place that tells whether an aspect waits for the LAO to
// correct it, read by "my work", the data set page, the LAO dashboard, the certification page and the default
// fiscal year. A return clears the certification columns of aspect_status and a withdrawal leaves no trace
// there at all, so the certification log is what is read.
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import * as repo from './certification.repository.ts';

/** A return by the province or a withdrawal by the LAO certifier that the LAO has not yet answered. */
export type OpenReturn = {
  sectionNo: number;
  action: 'return' | 'withdraw';
  at: string;
  by: string;
  byName: string;
  reason: string | null;
};

/**
 * The open returns and withdrawals of an LAO in a fiscal year, by aspect: the aspect's newest certify, withdraw
 * or return event is a return or a withdrawal and the aspect is not certified by the LAO again.
 */
export async function openReturns(db: Kysely<Database>, laoCode: string, year: number) {
  return (await openReturnsIn(db, laoCode, [year])).get(year) ?? new Map<number, OpenReturn>();
}

/** openReturns for several fiscal years at once (the default year reads every year of the catalog). */
export async function openReturnsIn(db: Kysely<Database>, laoCode: string, years: number[]) {
  const [events, statuses] = await Promise.all([
    repo.decisiveEvents(db, laoCode, years),
    Promise.all(years.map((y) => repo.aspectStatusesOf(db, laoCode, y))),
  ]);
  const certified = new Set(
    statuses.flat().flatMap((s) => (s.lao_certified_at ? [`${s.year}/${s.section_no}`] : [])),
  );
  const seen = new Set<string>();
  const open: (Omit<OpenReturn, 'byName'> & { year: number })[] = [];
  for (const e of events) {
    const key = `${e.year}/${e.section_no}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (e.action === 'certify' || certified.has(key)) continue;
    open.push({
      year: Number(e.year),
      sectionNo: Number(e.section_no),
      action: e.action as 'return' | 'withdraw',
      at: e.at,
      by: e.by_username,
      reason: e.reason,
    });
  }
  const names = new Map(
    (await repo.displayNames(db, [...new Set(open.map((o) => o.by))])).map((n) => [
      n.username,
      n.display_name,
    ]),
  );
  const out = new Map<number, Map<number, OpenReturn>>();
  for (const { year, ...o } of open) {
    const m = out.get(year) ?? new Map<number, OpenReturn>();
    m.set(o.sectionNo, { ...o, byName: names.get(o.by) ?? o.by });
    out.set(year, m);
  }
  return out;
}

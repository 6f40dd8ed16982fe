import { bangkokIsoDate, fiscalYearRange, formatDateBE, parseDateBE } from '../util/thai-date.ts';

/** A calendar date (yyyy-mm-dd, CE) as a person reads it: 15/05/2569. */
export const isoToBE = (iso: string) => formatDateBE(`${iso}T00:00:00+07:00`);

/** A date typed as dd/mm/yyyy in the Buddhist era as yyyy-mm-dd (CE); null when it is not a real date. */
export function beToIso(text: string): string | null {
  const d = parseDateBE(text);
  return d ? bangkokIsoDate(d) : null;
}

/** Whether a string is a real calendar date written yyyy-mm-dd. */
export function isIsoDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

/** The first and last day of a fiscal year as yyyy-mm-dd: FY 2569 → 2025-10-01 … 2026-09-30. */
export function fiscalYearDays(year: number): { first: string; last: string } {
  const r = fiscalYearRange(year);
  return { first: bangkokIsoDate(r.start), last: bangkokIsoDate(r.end.getTime() - 1) };
}

/** Today in Bangkok as yyyy-mm-dd. */
export const todayIso = (now: Date = new Date()) => bangkokIsoDate(now);

// Progress over a fiscal year, rebuilt from the timestamps of the log: when each aspect first got data, and
// which aspects stood certified at the end of each day (the certification log replayed with the same
// meaning the service gives it).
import {
  type Certification,
  type CertificationStep,
  certificationCounts,
  transition,
  uncertified,
} from '../certification/certification.state.ts';
import { bangkokIsoDate } from '../util/thai-date.ts';

export type ProgressPoint = {
  /** yyyy-mm-dd, Bangkok. */
  date: string;
  /** Aspects that had any data by the end of the day. */
  recorded: number;
  laoCertified: number;
  provinceCertified: number;
};

type Event = CertificationStep & { lao_code: string; section_no: number };

const nextDay = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** Every day from `from` to `to` (yyyy-mm-dd, inclusive). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = nextDay(d)) out.push(d);
  return out;
}

/**
 * The count of aspects recorded, LAO-certified and province-certified at the end of each day from `from` to
 * `to`. Events must be in log order; firsts are the first change of each (LAO, aspect).
 */
export function progressSeries(
  events: Event[],
  firsts: { first_at: string | null }[],
  from: string,
  to: string,
): ProgressPoint[] {
  if (to < from) return [];
  const recordedBy = new Map<string, number>();
  let recordedBefore = 0;
  for (const f of firsts) {
    if (!f.first_at) continue;
    const day = bangkokIsoDate(f.first_at);
    if (day < from) recordedBefore++;
    else recordedBy.set(day, (recordedBy.get(day) ?? 0) + 1);
  }
  const states = new Map<string, Certification>();
  const counts = (s: Certification) => {
    const c = certificationCounts(s);
    return { lao: c.lao ? 1 : 0, province: c.province ? 1 : 0 };
  };
  let lao = 0;
  let province = 0;
  let i = 0;
  const apply = (e: Event) => {
    const key = `${e.lao_code}:${e.section_no}`;
    const before = states.get(key) ?? uncertified;
    const after = transition(before, e);
    states.set(key, after);
    const a = counts(before);
    const b = counts(after);
    lao += b.lao - a.lao;
    province += b.province - a.province;
  };
  while (i < events.length && bangkokIsoDate(events[i]!.at) < from) apply(events[i++]!);
  let recorded = recordedBefore;
  return daysBetween(from, to).map((date) => {
    while (i < events.length && bangkokIsoDate(events[i]!.at) <= date) apply(events[i++]!);
    recorded += recordedBy.get(date) ?? 0;
    return { date, recorded, laoCertified: lao, provinceCertified: province };
  });
}

/** Every seventh day and the last: the table that stands in for the chart. */
export const weekly = (points: ProgressPoint[]) =>
  points.filter((_, i) => i % 7 === 0 || i === points.length - 1);

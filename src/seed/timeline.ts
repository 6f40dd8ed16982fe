// Moments inside office hours (08:30–16:30 Bangkok, Monday to Friday) of a window, addressed by a fraction of
// the window's working time: sorting the fractions sorts the moments, so "after X" is "a larger fraction".
const BANGKOK_MS = 7 * 3600_000;
const DAY_MS = 86400_000;
const OPEN_MS = 8.5 * 3600_000;
const CLOSE_MS = 16.5 * 3600_000;

export type Timeline = {
  /** The ISO moment at a fraction in [0, 1) of the window's working time, to the second. */
  at(fraction: number): string;
};

/** The working time between start and end (falls back to the plain interval when it holds no office hour). */
export function officeTimeline(start: Date, end: Date): Timeline {
  const spans: [number, number][] = [];
  const from = start.getTime();
  const to = end.getTime();
  // Midnight Bangkok of the first day.
  let day = Math.floor((from + BANGKOK_MS) / DAY_MS) * DAY_MS - BANGKOK_MS;
  for (; day < to; day += DAY_MS) {
    const weekday = new Date(day + BANGKOK_MS).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const a = Math.max(from, day + OPEN_MS);
    const b = Math.min(to, day + CLOSE_MS);
    if (b - a >= 1000) spans.push([a, b]);
  }
  if (spans.length === 0 && to > from) spans.push([from, to]);
  const prefix: number[] = [];
  let total = 0;
  for (const [a, b] of spans) {
    prefix.push(total);
    total += b - a;
  }
  return {
    at(fraction: number) {
      const x = Math.min(Math.max(fraction, 0), 0.999999) * total;
      let lo = 0;
      let hi = spans.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (prefix[mid]! <= x) lo = mid;
        else hi = mid - 1;
      }
      const ms = spans[lo]![0] + (x - prefix[lo]!);
      return new Date(Math.floor(ms / 1000) * 1000).toISOString();
    },
  };
}

import { createHash } from 'node:crypto';
import { prng } from '../catalog/sample-values.ts';

/** A 32-bit FNV-1a hash of the parts: the seed of one stream (LAO × year × purpose). */
export function hashSeed(...parts: (string | number)[]): number {
  const s = parts.join('\u001f');
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A deterministic UUID (version-4 layout) from a key: the same seed gives the same ids on every run and
 * dialect, and ids from different keys do not collide (128 bits of MD5, not a 32-bit PRNG state).
 */
export function seededUuid(key: string): string {
  const h = createHash('md5').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((Number.parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

/**
 * A deterministic id in UUID layout that sorts in insertion order (LAO code, year, data set, position), so
 * bulk inserts append to the primary-key index instead of scattering over it; the last group varies with
 * the seed. Unique as long as (code, year, slot, position) is.
 */
export function orderedId(seed: number, code: string, year: number, slot: number, position: number): string {
  return `${hex(Number(code), 8)}-${hex(year, 4)}-8${hex(slot, 3)}-${hex(position, 4)}-${hex(hashSeed(seed, code), 8)}${hex(year % 65536, 4)}`;
}

/** Random choices over mulberry32: integers, picks, chances, log-uniform magnitudes. */
export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /**
   * A magnitude between lo and hi, even on a log scale (quantities are log-normal-ish): as many between 1,000
   * and 2,000 as between 5,000 and 10,000. From 0, even on log(1 + x).
   */
  logBetween(lo: number, hi: number): number {
    if (hi <= lo) return lo;
    if (lo > 0) return lo * (hi / lo) ** this.next();
    return Math.expm1(this.next() * Math.log1p(hi));
  }
  /** Picks by weight: [[value, weight], …]. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, c) => s + c[1], 0);
    let x = this.next() * total;
    for (const [v, w] of choices) {
      x -= w;
      if (x < 0) return v;
    }
    return choices[choices.length - 1]![0];
  }
}

// Bangkok has had no daylight saving since 1920: a fixed +07:00 offset is exact for every date we handle.
const BANGKOK_OFFSET_MS = 7 * 60 * 60 * 1000;
const BE_OFFSET = 543;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function bangkokParts(d: Date) {
  const b = new Date(d.getTime() + BANGKOK_OFFSET_MS);
  return {
    y: b.getUTCFullYear(),
    m: b.getUTCMonth() + 1,
    d: b.getUTCDate(),
    hh: b.getUTCHours(),
    mm: b.getUTCMinutes(),
    ss: b.getUTCSeconds(),
  };
}

const toDate = (v: Date | string | number) => (v instanceof Date ? v : new Date(v));

/** dd/mm/yyyy in the Buddhist era, Bangkok time: 14/05/2569. */
export function formatDateBE(v: Date | string | number): string {
  const p = bangkokParts(toDate(v));
  return `${pad(p.d)}/${pad(p.m)}/${p.y + BE_OFFSET}`;
}

const monthsTh = [
  'มกราคม',
  'กุมภาพันธ์',
  'มีนาคม',
  'เมษายน',
  'พฤษภาคม',
  'มิถุนายน',
  'กรกฎาคม',
  'สิงหาคม',
  'กันยายน',
  'ตุลาคม',
  'พฤศจิกายน',
  'ธันวาคม',
];
const monthsEn = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * The long form official Thai documents use, Bangkok day, Buddhist era: 15 พฤษภาคม 2569 (in English
 * 15 May 2569, the year still Buddhist era). A calendar date yyyy-mm-dd is read as that Bangkok day.
 */
export function formatDateLong(v: Date | string | number, lang: 'th' | 'en' = 'th'): string {
  const p = bangkokParts(
    toDate(typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+07:00` : v),
  );
  return `${p.d} ${(lang === 'en' ? monthsEn : monthsTh)[p.m - 1]} ${p.y + BE_OFFSET}`;
}

/** HH:MM:SS, Bangkok time. */
export function formatTime(v: Date | string | number): string {
  const p = bangkokParts(toDate(v));
  return `${pad(p.hh)}:${pad(p.mm)}:${pad(p.ss)}`;
}

/** dd/mm/yyyy HH:MM:SS in the Buddhist era, Bangkok time: 14/05/2569 15:19:29. */
export function formatDateTimeBE(v: Date | string | number): string {
  return `${formatDateBE(v)} ${formatTime(v)}`;
}

/** ISO 8601 with the Bangkok offset: 2026-05-14T15:19:29+07:00 (for APIs). */
export function toBangkokIso(v: Date | string | number): string {
  const p = bangkokParts(toDate(v));
  return `${p.y}-${pad(p.m)}-${pad(p.d)}T${pad(p.hh)}:${pad(p.mm)}:${pad(p.ss)}+07:00`;
}

/**
 * Parses a date typed as dd/mm/yyyy in the Buddhist era (Bangkok midnight); null when it is not a real
 * date. Years below 2400 are refused: they are almost always a CE year typed by mistake.
 */
export function parseDateBE(text: string): Date | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  const yBE = Number(m[3]);
  if (yBE < 2400 || yBE > 2700) return null;
  const y = yBE - BE_OFFSET;
  const utc = Date.UTC(y, mo - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new Date(utc - BANGKOK_OFFSET_MS);
}

/** The ISO calendar date (yyyy-mm-dd, CE) of a Bangkok-local day. */
export function bangkokIsoDate(v: Date | string | number): string {
  const p = bangkokParts(toDate(v));
  return `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

/** The Buddhist-era fiscal year a moment falls in: 1 Oct 2025 00:00 Bangkok starts FY 2569. */
export function fiscalYearOf(v: Date | string | number = new Date()): number {
  const p = bangkokParts(toDate(v));
  return p.y + BE_OFFSET + (p.m >= 10 ? 1 : 0);
}

/** The fiscal year as a half-open interval [start, end): FY 2569 = 2025-10-01T00:00+07 .. 2026-10-01T00:00+07. */
export function fiscalYearRange(fyBE: number): { start: Date; end: Date } {
  const endCE = fyBE - BE_OFFSET;
  return {
    start: new Date(Date.UTC(endCE - 1, 9, 1) - BANGKOK_OFFSET_MS),
    end: new Date(Date.UTC(endCE, 9, 1) - BANGKOK_OFFSET_MS),
  };
}

/** CE year → BE year. */
export const toBE = (ceYear: number) => ceYear + BE_OFFSET;

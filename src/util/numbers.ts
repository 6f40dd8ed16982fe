/**
 * Numbers as Thai people read them: thousands grouped ("12,500"), but a Buddhist-era year never is
 * ("2565", not "2,565").
 */

type NumericField = { type: string; key: string; labelTh: string; min: number | null; max: number | null };

/** Whether a field holds a Buddhist-era year (its label says พ.ศ., or it is a "year" bounded in the 2400s–2600s). */
export function isYearField(f: NumericField): boolean {
  if (f.type !== 'integer') return false;
  if (/พ\.ศ\./.test(f.labelTh)) return true;
  return /year/i.test(f.key) && f.min !== null && f.min >= 2400 && (f.max === null || f.max <= 2700);
}

/** A number with thousands grouped and up to 6 decimals; a year (`year: true`) without grouping. */
export function formatNumber(n: number, lang: 'th' | 'en' = 'th', opts: { year?: boolean } = {}): string {
  return n.toLocaleString(lang === 'en' ? 'en-US' : 'th-TH', {
    maximumFractionDigits: 6,
    useGrouping: !opts.year,
  });
}

/** A field's number as a person reads it: a year field's values (and bounds) never grouped. */
export function formatFieldNumber(f: NumericField, n: number, lang: 'th' | 'en' = 'th'): string {
  return formatNumber(n, lang, { year: isYearField(f) });
}

// THE one place recorded values are checked: the web form, the JSON API and the Excel/CSV import all call
// normalizeValue / validateRow, and every page, the status search and the score call datasetCompleteness.
import type { LaoType } from '../registry/registry.table.ts';
import { type Bilingual, bi } from '../util/errors.ts';
import { formatFieldNumber } from '../util/numbers.ts';
import { bangkokIsoDate, parseDateBE } from '../util/thai-date.ts';
import { isStorableText } from '../util/validation.ts';
import { areaUnitsKm2, type DatasetDef, type FieldDef, type RuleDef } from './catalog.schemas.ts';

/** Where a raw value comes from: the JSON API (JSON types) or a form, Excel or CSV cell (text). */
export type ValueSource = 'api' | 'form';

export type GeoPoint = { lat: number; lon: number };

/** A value as stored and as the API returns it: numbers, strings, option values, booleans, ISO dates, points. */
export type StoredValue = number | string | boolean | string[] | GeoPoint;

export type ValidationCode =
  | 'required'
  | 'type'
  | 'integer'
  | 'min'
  | 'max'
  | 'decimals'
  | 'pattern'
  | 'max_length'
  | 'option'
  | 'geo_range'
  | 'unknown_field'
  | 'unstorable_text'
  | 'rule';

export type Normalized =
  | { ok: true; value: StoredValue | null }
  | { ok: false; code: ValidationCode; message: Bilingual };

export type RowError = { field: string; code: ValidationCode; message: Bilingual; ruleId?: string };
export type RowWarning = { ruleId: string; field: string; message: Bilingual };

export type RowResult = {
  /** Every field of the data set: its stored value, or null when empty or invalid. */
  values: Record<string, StoredValue | null>;
  errors: RowError[];
  warnings: RowWarning[];
};

export type CompletenessStatus = 'empty' | 'partial' | 'complete' | 'none';

/** Thailand's bounding box, generously: a point outside it is a typo or swapped coordinates. */
export const thaiBounds = { latMin: 5, latMax: 21, lonMin: 97, lonMax: 106 } as const;

// ---------------------------------------------------------------------------------------------------------
// Messages: Thai first, naming the field's label and unit, saying what to do.

const fmtNum = (f: FieldDef, n: number) => formatFieldNumber(f, n, 'en');
const unitTh = (f: FieldDef) => (f.unit ? ` หน่วย ${f.unit}` : '');
const unitEn = (f: FieldDef) => (f.unitEn ? ` (${f.unitEn})` : '');

/** "a whole number of at least 0" — what a numeric field expects, for both languages. */
function numberWords(f: FieldDef, stress: 'type' | 'min' | 'max'): Bilingual {
  const kindTh = f.type === 'integer' ? 'จำนวนเต็ม' : 'ตัวเลข';
  const kindEn = f.type === 'integer' ? 'a whole number' : 'a number';
  if (stress === 'min' && f.min !== null) {
    return f.min === 0
      ? bi(`${kindTh}ไม่ติดลบ`, `${kindEn} of at least 0`)
      : bi(`${kindTh}ตั้งแต่ ${fmtNum(f, f.min)} ขึ้นไป`, `${kindEn} of at least ${fmtNum(f, f.min)}`);
  }
  if (stress === 'max' && f.max !== null) {
    return bi(`${kindTh}ไม่เกิน ${fmtNum(f, f.max)}`, `${kindEn} of at most ${fmtNum(f, f.max)}`);
  }
  return bi(kindTh, kindEn);
}

const numberMessage = (f: FieldDef, stress: 'type' | 'min' | 'max') => {
  const w = numberWords(f, stress);
  return bi(`กรอก${f.labelTh}เป็น${w.th}${unitTh(f)}`, `Enter ${f.labelEn} as ${w.en}${unitEn(f)}`);
};

const isChoice = (f: FieldDef) => f.type === 'enum' || f.type === 'multi_enum' || f.type === 'boolean';

function requiredMessage(f: FieldDef): Bilingual {
  if (isChoice(f)) return bi(`เลือก${f.labelTh}`, `Select ${f.labelEn}`);
  if (f.type === 'integer' || f.type === 'decimal') return numberMessage(f, 'min');
  return bi(`กรอก${f.labelTh}`, `Enter ${f.labelEn}`);
}

function optionList(f: FieldDef, source: ValueSource, lang: 'th' | 'en'): string {
  const names = f.options.map((o) => (source === 'api' ? o.value : lang === 'th' ? o.labelTh : o.labelEn));
  return names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
}

function optionMessage(f: FieldDef, source: ValueSource, given: string): Bilingual {
  return bi(
    `เลือก${f.labelTh}จากรายการที่กำหนด (${optionList(f, source, 'th')}) — ไม่มีตัวเลือก “${given}”`,
    `Select ${f.labelEn} from the list (${optionList(f, source, 'en')}); “${given}” is not one of them`,
  );
}

function typeMessage(f: FieldDef, source: ValueSource): Bilingual {
  switch (f.type) {
    case 'integer':
    case 'decimal':
      return numberMessage(f, 'type');
    case 'text':
      return bi(`กรอก${f.labelTh}เป็นข้อความ`, `Enter ${f.labelEn} as text`);
    case 'boolean':
      return source === 'api'
        ? bi(`ส่ง${f.labelTh}เป็น true หรือ false`, `Send ${f.labelEn} as true or false`)
        : bi(`เลือก${f.labelTh} ใช่ หรือ ไม่ใช่`, `Select yes or no for ${f.labelEn}`);
    case 'date':
      return source === 'api'
        ? bi(
            `ส่ง${f.labelTh}เป็นวันที่แบบ ISO ปี ค.ศ. YYYY-MM-DD เช่น 2026-05-14`,
            `Send ${f.labelEn} as an ISO date YYYY-MM-DD (CE), e.g. 2026-05-14`,
          )
        : bi(
            `กรอก${f.labelTh}เป็นวันที่ วว/ดด/ปปปป พ.ศ. เช่น 14/05/2569`,
            `Enter ${f.labelEn} as a date dd/mm/yyyy in the Buddhist era, e.g. 14/05/2569`,
          );
    case 'geo':
      return source === 'api'
        ? bi(
            `ส่ง${f.labelTh}เป็น { "lat": ละติจูด, "lon": ลองจิจูด }`,
            `Send ${f.labelEn} as { "lat": …, "lon": … }`,
          )
        : bi(
            `กรอก${f.labelTh}เป็นละติจูด,ลองจิจูด เช่น 14.9930,103.1029`,
            `Enter ${f.labelEn} as latitude,longitude, e.g. 14.9930,103.1029`,
          );
    case 'enum':
    case 'multi_enum':
      return source === 'api' && f.type === 'multi_enum'
        ? bi(
            `ส่ง${f.labelTh}เป็นรายการค่า เช่น ["${f.options[0]?.value ?? ''}"]`,
            `Send ${f.labelEn} as a list of values, e.g. ["${f.options[0]?.value ?? ''}"]`,
          )
        : bi(
            `เลือก${f.labelTh}จากรายการที่กำหนด (${optionList(f, source, 'th')})`,
            `Select ${f.labelEn} from the list (${optionList(f, source, 'en')})`,
          );
  }
}

// ---------------------------------------------------------------------------------------------------------
// Parsing one raw value into its stored type.

type Parsed = { ok: true; value: StoredValue } | { ok: false; code: ValidationCode; message?: Bilingual };

const fail = (code: ValidationCode, message?: Bilingual): Parsed =>
  message ? { ok: false, code, message } : { ok: false, code };
const okv = (value: StoredValue): Parsed => ({ ok: true, value });

// Thai digits (๐–๙) are typed on Thai keyboards and pasted from official documents.
const arabicDigits = (s: string) => s.replace(/[๐-๙]/g, (c) => String(c.charCodeAt(0) - 0x0e50));
const clean = (s: string) => arabicDigits(s.normalize('NFC').trim());

const formNumber = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/;

function parseNumber(raw: unknown, source: ValueSource): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (source === 'api' || typeof raw !== 'string') return null;
  const s = clean(raw).replace(/\s/g, '');
  if (!formNumber.test(s) || !/\d/.test(s)) return null;
  return Number(s.replace(/,/g, ''));
}

/** Decimal places of a number, exponent notation included (1e-7 has 7). */
function decimalPlaces(n: number): number {
  if (Number.isInteger(n)) return 0;
  const [mantissa = '', exp = '0'] = n.toString().split('e');
  return Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exp));
}

function parseNumeric(f: FieldDef, raw: unknown, source: ValueSource): Parsed {
  const n = parseNumber(raw, source);
  if (n === null) return fail('type');
  if (f.type === 'integer' && !Number.isInteger(n)) {
    return fail(
      'integer',
      bi(
        `กรอก${f.labelTh}เป็นจำนวนเต็ม ไม่มีทศนิยม${unitTh(f)}`,
        `Enter ${f.labelEn} as a whole number${unitEn(f)}`,
      ),
    );
  }
  if (f.min !== null && n < f.min) return fail('min', numberMessage(f, 'min'));
  if (f.max !== null && n > f.max) return fail('max', numberMessage(f, 'max'));
  if (f.decimals !== null && decimalPlaces(n) > f.decimals) {
    return fail(
      'decimals',
      bi(
        `กรอก${f.labelTh}มีทศนิยมไม่เกิน ${f.decimals} ตำแหน่ง${unitTh(f)}`,
        `Enter ${f.labelEn} with at most ${f.decimals} decimal places${unitEn(f)}`,
      ),
    );
  }
  // -0 would print as "0" yet compare oddly in JSON round-trips.
  return okv(n === 0 ? 0 : n);
}

const patterns = new Map<string, RegExp>();
function fullMatch(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    // Anchored whole, so a definition written without ^…$ still checks the entire value.
    re = new RegExp(`^(?:${pattern})$`, 'u');
    patterns.set(pattern, re);
  }
  return re;
}

function parseText(f: FieldDef, raw: unknown, source: ValueSource): Parsed {
  if (typeof raw !== 'string' && !(source === 'form' && typeof raw === 'number')) return fail('type');
  const s = String(raw).normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!isStorableText(s)) {
    // From a spreadsheet cell as much as from the API: a NUL or half a surrogate pair cannot be stored.
    return fail(
      'unstorable_text',
      bi(
        `${f.labelTh}มีอักขระที่ระบบเก็บไม่ได้ (อักขระ NUL หรือ UTF-16 surrogate ที่ไม่ครบคู่) — ลบอักขระนั้นแล้วบันทึกใหม่`,
        `${f.labelEn} holds a character that cannot be stored (NUL or an unpaired UTF-16 surrogate); remove it and save again`,
      ),
    );
  }
  // Counted in characters (code points), not UTF-16 units; a string no longer than the limit in units is within it.
  if (f.maxLength !== null && s.length > f.maxLength && [...s].length > f.maxLength) {
    return fail(
      'max_length',
      bi(
        `กรอก${f.labelTh}ไม่เกิน ${f.maxLength} ตัวอักษร`,
        `Enter ${f.labelEn} in ${f.maxLength} characters or fewer`,
      ),
    );
  }
  if (f.pattern !== null && !fullMatch(f.pattern).test(s)) {
    return fail(
      'pattern',
      bi(
        `กรอก${f.labelTh}ให้ถูกรูปแบบ${f.helpTh ? ` (${f.helpTh})` : ''}`,
        `Enter ${f.labelEn} in the expected format${f.helpEn ? ` (${f.helpEn})` : ''}`,
      ),
    );
  }
  return okv(s);
}

const squash = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** An option value from its value (API and form) or its Thai or English label (form, Excel, CSV). */
function optionValue(f: FieldDef, given: string, source: ValueSource): string | null {
  const s = given.normalize('NFC').trim();
  if (f.options.some((o) => o.value === s)) return s;
  if (source === 'api') return null;
  const k = squash(s);
  return (
    f.options.find((o) => squash(o.labelTh) === k)?.value ??
    f.options.find((o) => squash(o.labelEn) === k)?.value ??
    f.options.find((o) => o.value === k)?.value ??
    null
  );
}

function parseEnum(f: FieldDef, raw: unknown, source: ValueSource): Parsed {
  if (typeof raw !== 'string') return fail('type');
  const v = optionValue(f, raw, source);
  return v === null ? fail('option', optionMessage(f, source, raw.trim())) : okv(v);
}

function parseMultiEnum(f: FieldDef, raw: unknown, source: ValueSource): Parsed {
  let items: unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (source === 'form' && typeof raw === 'string') items = raw.split(/[,;]/);
  else return fail('type');
  const chosen = new Set<string>();
  for (const item of items) {
    if (typeof item !== 'string') return fail('type');
    if (item.trim() === '') continue;
    const v = optionValue(f, item, source);
    if (v === null) return fail('option', optionMessage(f, source, item.trim()));
    chosen.add(v);
  }
  // Stored in the definition's option order, so equal choices compare equal.
  return okv(f.options.map((o) => o.value).filter((v) => chosen.has(v)));
}

const trueWords = new Set(['true', '1', 'ใช่', 'มี', 'yes', 'y']);
const falseWords = new Set(['false', '0', 'ไม่ใช่', 'ไม่มี', 'no', 'n']);

function parseBoolean(raw: unknown, source: ValueSource): Parsed {
  if (typeof raw === 'boolean') return okv(raw);
  if (source === 'api') return fail('type');
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? squash(raw) : '';
  if (trueWords.has(s)) return okv(true);
  if (falseWords.has(s)) return okv(false);
  return fail('type');
}

function isoDate(s: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A Buddhist-era year in an ISO date is the usual mistake; CE years only.
  if (y < 1800 || y > 2300) return null;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? s : null;
}

function parseDate(raw: unknown, source: ValueSource): Parsed {
  if (source === 'form' && raw instanceof Date) {
    return Number.isNaN(raw.getTime()) ? fail('type') : okv(bangkokIsoDate(raw));
  }
  if (typeof raw !== 'string') return fail('type');
  const s = clean(raw);
  if (source === 'api') {
    const iso = isoDate(s);
    return iso ? okv(iso) : fail('type');
  }
  const d = parseDateBE(s);
  return d ? okv(bangkokIsoDate(d)) : fail('type');
}

function parseGeo(f: FieldDef, raw: unknown, source: ValueSource): Parsed {
  let lat: unknown;
  let lon: unknown;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    ({ lat, lon } = raw as { lat?: unknown; lon?: unknown });
    if (Object.keys(raw).some((k) => k !== 'lat' && k !== 'lon')) return fail('type');
  } else if (source === 'form' && typeof raw === 'string') {
    const parts = clean(raw).split(/\s*[,;\s]\s*/);
    if (parts.length !== 2) return fail('type');
    [lat, lon] = parts.map((p) => (/^[+-]?\d+(\.\d+)?$/.test(p) ? Number(p) : Number.NaN));
  } else return fail('type');
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    return fail('type');
  }
  const b = thaiBounds;
  if (lat < b.latMin || lat > b.latMax || lon < b.lonMin || lon > b.lonMax) {
    return fail(
      'geo_range',
      bi(
        `กรอก${f.labelTh}เป็นพิกัดในประเทศไทย: ละติจูด ${b.latMin}–${b.latMax} ลองจิจูด ${b.lonMin}–${b.lonMax} (ตรวจสอบว่าไม่ได้สลับละติจูดกับลองจิจูด)`,
        `Enter ${f.labelEn} as a point in Thailand: latitude ${b.latMin} to ${b.latMax}, longitude ${b.lonMin} to ${b.lonMax} (check they are not swapped)`,
      ),
    );
  }
  return okv({ lat, lon });
}

function parseTyped(f: FieldDef, raw: unknown, source: ValueSource): Parsed {
  switch (f.type) {
    case 'integer':
    case 'decimal':
      return parseNumeric(f, raw, source);
    case 'text':
      return parseText(f, raw, source);
    case 'enum':
      return parseEnum(f, raw, source);
    case 'multi_enum':
      return parseMultiEnum(f, raw, source);
    case 'boolean':
      return parseBoolean(raw, source);
    case 'date':
      return parseDate(raw, source);
    case 'geo':
      return parseGeo(f, raw, source);
  }
}

/** Whether a raw value counts as not filled in: undefined, null, blank text or an empty list. */
export function isEmptyValue(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw === 'string') return raw.trim() === '';
  if (Array.isArray(raw)) return raw.every((x) => typeof x === 'string' && x.trim() === '');
  return false;
}

/**
 * Parses and checks one raw value for a field: empty → null (or 'required'), otherwise the stored type
 * after the type, range, decimals, pattern, length, option and Thailand-plausibility checks.
 */
export function normalizeValue(field: FieldDef, raw: unknown, source: ValueSource): Normalized {
  if (isEmptyValue(raw)) {
    return field.required
      ? { ok: false, code: 'required', message: requiredMessage(field) }
      : { ok: true, value: null };
  }
  const r = parseTyped(field, raw, source);
  if (r.ok) {
    const empty = Array.isArray(r.value) && r.value.length === 0;
    if (empty && field.required) return { ok: false, code: 'required', message: requiredMessage(field) };
    return { ok: true, value: empty ? null : r.value };
  }
  return { ok: false, code: r.code, message: r.message ?? typeMessage(field, source) };
}

// ---------------------------------------------------------------------------------------------------------
// Rows and rules.

type Values = Record<string, StoredValue | null>;

const EPS = 1e-9;
const num = (v: StoredValue | null | undefined) => (typeof v === 'number' ? v : null);
// Sums of decimals (0.1 + 0.2) must still equal 0.3.
const near = (a: number, b: number) => Math.abs(a - b) <= EPS * Math.max(1, Math.abs(a), Math.abs(b));

/** Compares two numbers or two ISO dates: negative, zero or positive; null when either side is empty. */
function compare(a: StoredValue | null | undefined, b: StoredValue | null | undefined): number | null {
  if (typeof a === 'number' && typeof b === 'number') return near(a, b) ? 0 : a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

const comparisons = {
  lte: (c: number) => c <= 0,
  lt: (c: number) => c < 0,
  gte: (c: number) => c >= 0,
  gt: (c: number) => c > 0,
  eq: (c: number) => c === 0,
} as const;

/** Whether a rule is broken by these values; null when it does not apply yet (a side is empty). */
export function ruleBroken(rule: RuleDef, values: Values): boolean | null {
  const c = rule.check;
  switch (c.op) {
    case 'lte':
    case 'lt':
    case 'gte':
    case 'gt':
    case 'eq': {
      const cmp = compare(values[c.left], values[c.right]);
      return cmp === null ? null : !comparisons[c.op](cmp);
    }
    case 'sum_lte':
    case 'sum_eq': {
      const right = num(values[c.right]);
      const parts = c.fields.map((k) => num(values[k]));
      // sum_eq waits for every part; sum_lte can already tell with some parts empty (they only add).
      if (right === null || parts.every((p) => p === null)) return null;
      if (c.op === 'sum_eq' && parts.some((p) => p === null)) return null;
      const sum = parts.reduce<number>((a, p) => a + (p ?? 0), 0);
      return c.op === 'sum_eq' ? !near(sum, right) : sum > right && !near(sum, right);
    }
    case 'required_if': {
      const when = values[c.when];
      if (when === null || when === undefined) return null;
      return when === c.equals && (values[c.field] === null || values[c.field] === undefined);
    }
    case 'range': {
      const v = num(values[c.field]);
      if (v === null) return null;
      return (
        (c.min !== null && v < c.min && !near(v, c.min)) || (c.max !== null && v > c.max && !near(v, c.max))
      );
    }
    default:
      // Context checks (founding year, the LAO's area and district, population, last year): contextRuleBroken.
      return null;
  }
}

/** The field a rule's message belongs to: its left, first or required field. */
export function ruleField(rule: RuleDef): string {
  const c = rule.check;
  if ('field' in c) return c.field;
  if ('fields' in c) return c.fields[0]!;
  return c.left;
}

// ---------------------------------------------------------------------------------------------------------
// Plausibility against what the LAO is: its founding year, area, district and population.

/** A latitude/longitude box. */
export type GeoBox = { latMin: number; latMax: number; lonMin: number; lonMax: number };

/** What a context rule compares a value with; null where the LAO has not said (the rule then does not apply). */
export type LaoContext = {
  /** Buddhist-era year the LAO was founded (its profile). */
  foundedYear: number | null;
  /** The LAO's area in km² (the registry). */
  areaKm2: number | null;
  /** The box the LAO's places lie in: its district's (its province's for a provincial organisation). */
  box: GeoBox | null;
  /** Registered population (the profile). */
  population: number | null;
};

/** Whether a context rule is broken by one row's values; null when it does not apply (a side is unknown). */
export function contextRuleBroken(
  rule: RuleDef,
  values: Values,
  ctx: LaoContext,
  field?: FieldDef,
): boolean | null {
  const c = rule.check;
  switch (c.op) {
    case 'after_founding': {
      const v = values[c.field];
      if (ctx.foundedYear === null) return null;
      // A date field holds an ISO (CE) date; a year field a Buddhist-era year.
      const year = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.slice(0, 4)) + 543 : null;
      return year === null ? null : year < ctx.foundedYear;
    }
    case 'within_lao_area': {
      const v = num(values[c.field]);
      const perUnit = field?.unit ? areaUnitsKm2[field.unit] : undefined;
      if (v === null || ctx.areaKm2 === null || perUnit === undefined) return null;
      // A tenth over: the registry's areas are rounded and boundaries drawn differently.
      return v * perUnit > ctx.areaKm2 * 1.1;
    }
    case 'inside_district': {
      const v = values[c.field];
      if (ctx.box === null || v === null || typeof v !== 'object' || Array.isArray(v)) return null;
      const b = ctx.box;
      return v.lat < b.latMin || v.lat > b.latMax || v.lon < b.lonMin || v.lon > b.lonMax;
    }
    case 'per_population': {
      const v = num(values[c.field]);
      if (v === null || ctx.population === null || ctx.population <= 0) return null;
      return v > c.max * ctx.population;
    }
    default:
      return null;
  }
}

/** Whether a value moved from last year's by more than the rule's percentage (either way); null without both. */
export function yearChangeBroken(rule: RuleDef, now: number | null, before: number | null): boolean | null {
  const c = rule.check;
  if (c.op !== 'year_change' || now === null || before === null) return null;
  if (before === 0) return now !== 0;
  return (Math.abs(now - before) / Math.abs(before)) * 100 > c.percent;
}

function unknownFieldMessage(dataset: DatasetDef, key: string): Bilingual {
  const keys = dataset.fields.map((f) => f.key).join(', ');
  return bi(
    `ชุดข้อมูล${dataset.nameTh}ไม่มีฟิลด์ ${key} — ลบออก หรือใช้ฟิลด์ที่มี: ${keys}`,
    `${dataset.nameEn} has no field ${key}; remove it or use one of: ${keys}`,
  );
}

const keysOf = new WeakMap<DatasetDef, Set<string>>();
/** The field keys of a definition (definitions are shared and never change: worked out once each). */
function fieldKeys(dataset: DatasetDef): Set<string> {
  let keys = keysOf.get(dataset);
  if (!keys) {
    keys = new Set(dataset.fields.map((f) => f.key));
    keysOf.set(dataset, keys);
  }
  return keys;
}

/**
 * Normalises and checks every field of one row (a form's record or a list's row), then the data set's
 * rules while both sides are filled: severity error → errors, warning → warnings.
 */
export function validateRow(
  dataset: DatasetDef,
  rawValues: Record<string, unknown>,
  source: ValueSource,
): RowResult {
  const values: Values = {};
  const errors: RowError[] = [];
  const warnings: RowWarning[] = [];
  const known = fieldKeys(dataset);
  for (const key of Object.keys(rawValues)) {
    if (!known.has(key))
      errors.push({ field: key, code: 'unknown_field', message: unknownFieldMessage(dataset, key) });
  }
  const invalid = new Set<string>();
  for (const f of dataset.fields) {
    const r = normalizeValue(f, Object.hasOwn(rawValues, f.key) ? rawValues[f.key] : undefined, source);
    values[f.key] = r.ok ? r.value : null;
    if (!r.ok) {
      errors.push({ field: f.key, code: r.code, message: r.message });
      invalid.add(f.key);
    }
  }
  for (const rule of dataset.rules) {
    // A field with its own error is not compared again: one message per mistake.
    if (ruleFields(rule).some((k) => invalid.has(k))) continue;
    if (!ruleBroken(rule, values)) continue;
    const message = bi(rule.messageTh, rule.messageEn);
    const field = ruleField(rule);
    if (rule.severity === 'error') errors.push({ field, code: 'rule', message, ruleId: rule.id });
    else warnings.push({ ruleId: rule.id, field, message });
  }
  return { values, errors, warnings };
}

/** Every field key a rule reads. */
export function ruleFields(rule: RuleDef): string[] {
  const c = rule.check;
  if (c.op === 'required_if') return [c.field, c.when];
  if ('field' in c) return [c.field];
  if ('fields' in c) return [...c.fields, c.right];
  return [c.left, c.right];
}

// ---------------------------------------------------------------------------------------------------------
// Completeness.

export type DatasetEntry = { none: boolean; rows: Array<Record<string, unknown>> };
export type Completeness = { status: CompletenessStatus; errorCount: number; warningCount: number };

/**
 * The single completeness rule: 'none' when the LAO said it has none of this in its area; 'empty' when
 * nothing is recorded; 'complete' when a form's one record, or a list's every row (at least one), has
 * every required field filled and no error; 'partial' otherwise. Rows hold stored values; keys the
 * definition no longer has (archived fields) are ignored, so re-importing a catalog never breaks data.
 */
export function datasetCompleteness(dataset: DatasetDef, entry: DatasetEntry): Completeness {
  if (entry.none) return { status: 'none', errorCount: 0, warningCount: 0 };
  const rows = entry.rows.filter((r) => !Object.values(r).every(isEmptyValue));
  if (rows.length === 0) return { status: 'empty', errorCount: 0, warningCount: 0 };
  const known = fieldKeys(dataset);
  let errorCount = 0;
  let warningCount = 0;
  for (const row of rows) {
    const keys = Object.keys(row);
    const current = keys.every((k) => known.has(k))
      ? row
      : Object.fromEntries(keys.filter((k) => known.has(k)).map((k) => [k, row[k]]));
    const r = validateRow(dataset, current, 'api');
    errorCount += r.errors.length;
    warningCount += r.warnings.length;
  }
  const shapeOk = dataset.kind === 'list' || rows.length === 1;
  const status = errorCount === 0 && shapeOk ? 'complete' : 'partial';
  return { status, errorCount, warningCount };
}

/** Whether a data set is recorded by LAOs of this type. */
export function appliesTo(dataset: Pick<DatasetDef, 'appliesTo'>, laoType: LaoType): boolean {
  return dataset.appliesTo === 'all' || dataset.appliesTo.includes(laoType);
}

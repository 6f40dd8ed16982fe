import type { DatasetDef, FieldDef, RuleDef } from './catalog.schemas.ts';
import { validateRow } from './validation.ts';

/** A small deterministic PRNG (mulberry32): the same seed gives the same data on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const thaiWords = [
  'บ้านบัว',
  'หนองแวง',
  'โนนสูง',
  'ดอนมะยาง',
  'สระแก้ว',
  'ห้วยราช',
  'โคกเจริญ',
  'หนองตาด',
  'บ้านยาง',
  'ทุ่งใหญ่',
];

function sampleText(f: FieldDef, r: () => number, i: number): string | null {
  if (f.pattern === '^[0-9]{6}$') return String(310000 + Math.floor(r() * 9999)).padStart(6, '0');
  if (f.pattern?.includes('ถ\\.'))
    return `บร.ถ. ${10 + Math.floor(r() * 80)}-${String(1 + i).padStart(3, '0')}`;
  if (f.pattern) return null;
  const base = `${thaiWords[Math.floor(r() * thaiWords.length)]} ${i + 1}`;
  return f.maxLength ? base.slice(0, f.maxLength) : base;
}

function sampleNumber(f: FieldDef, r: () => number): number {
  const min = f.min ?? 0;
  // Plausible magnitudes: most quantities sit in the lower part of their allowed range.
  const hi = Math.min(f.max ?? min + 1000, min + Math.max(10, ((f.max ?? min + 1000) - min) * 0.05));
  const v = min + r() * (hi - min);
  if (f.type === 'integer') return Math.max(min, Math.round(v));
  const d = f.decimals ?? 2;
  return Math.max(min, Number(v.toFixed(d)));
}

/** One valid stored value for a field (null when it cannot be made up, e.g. an unknown pattern). */
export function sampleValue(f: FieldDef, r: () => number, i = 0, year = 2569): unknown {
  switch (f.type) {
    case 'integer':
    case 'decimal':
      return sampleNumber(f, r);
    case 'text':
      return sampleText(f, r, i);
    case 'enum':
      return f.options[Math.floor(r() * f.options.length)]?.value ?? null;
    case 'multi_enum':
      return f.options.filter((_, j) => j === 0 || r() < 0.3).map((o) => o.value);
    case 'boolean':
      return r() < 0.7;
    case 'date': {
      const y = year - 543 - 1 - Math.floor(r() * 5);
      return `${y}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    }
    case 'geo':
      return { lat: Number((14 + r() * 2).toFixed(5)), lon: Number((102 + r() * 2).toFixed(5)) };
    default:
      return null;
  }
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

function repair(rule: RuleDef, v: Record<string, unknown>, fields: Map<string, FieldDef>, r: () => number) {
  const c = rule.check;
  const round = (key: string, x: number) => {
    const f = fields.get(key);
    return f?.type === 'integer' ? Math.floor(x) : Number(x.toFixed(f?.decimals ?? 2));
  };
  switch (c.op) {
    case 'lte':
    case 'lt':
      if (typeof v[c.left] === 'number' && typeof v[c.right] === 'number')
        v[c.left] = round(c.left, num(v[c.right]) * (c.op === 'lt' ? 0.8 : 0.9) * r());
      else if (typeof v[c.left] === 'string' && typeof v[c.right] === 'string') v[c.left] = v[c.right];
      break;
    case 'gte':
    case 'gt':
      if (typeof v[c.left] === 'number') v[c.left] = round(c.left, num(v[c.right]) + 1 + r() * 10);
      else v[c.left] = v[c.right];
      break;
    case 'eq':
      v[c.left] = v[c.right];
      break;
    case 'sum_eq':
      v[c.right] = round(
        c.right,
        c.fields.reduce((s, k) => s + num(v[k]), 0),
      );
      break;
    case 'sum_lte': {
      const total = c.fields.reduce((s, k) => s + num(v[k]), 0);
      if (total > num(v[c.right])) v[c.right] = round(c.right, total);
      break;
    }
    case 'required_if':
      if (v[c.field] === null || v[c.field] === undefined) v[c.field] = sampleValue(fields.get(c.field)!, r);
      break;
    case 'range': {
      const lo = c.min ?? Number.NEGATIVE_INFINITY;
      const hi = c.max ?? Number.POSITIVE_INFINITY;
      if (typeof v[c.field] === 'number') v[c.field] = Math.min(hi, Math.max(lo, num(v[c.field])));
      break;
    }
  }
}

/**
 * A row of valid stored values for a data set: every required field filled (and optional ones mostly),
 * repaired until the data set's rules hold. Deterministic for a given PRNG.
 */
export function sampleRow(def: DatasetDef, r: () => number, i = 0, year = 2569): Record<string, unknown> {
  const fields = new Map(def.fields.map((f) => [f.key, f]));
  const v: Record<string, unknown> = {};
  for (const f of def.fields) v[f.key] = f.required || r() < 0.7 ? sampleValue(f, r, i, year) : null;
  for (let pass = 0; pass < 4; pass++) {
    const res = validateRow(def, v, 'api');
    // Warnings too: sample data should not need explanations.
    if (res.errors.length === 0 && res.warnings.length === 0) return res.values;
    for (const e of [...res.errors, ...res.warnings.map((w) => ({ ...w, code: 'rule' }))]) {
      const rule = def.rules.find((x) => x.id === e.ruleId);
      if (rule) repair(rule, v, fields, r);
      else if (!fields.get(e.field)?.required) v[e.field] = null;
    }
  }
  return validateRow(def, v, 'api').values;
}

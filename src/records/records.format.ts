import type { FieldDef } from '../catalog/catalog.schemas.ts';
import type { Lang } from '../plugins/i18n.ts';
import { formatFieldNumber } from '../util/numbers.ts';
import { formatDateBE } from '../util/thai-date.ts';

const isGeo = (v: unknown): v is { lat: number; lon: number } =>
  typeof v === 'object' && v !== null && 'lat' in v && 'lon' in v;

/** A stored value as a person reads it: option labels, ใช่/ไม่ใช่, BE dates, Thai digits grouping, the unit. */
export function displayValue(field: FieldDef, value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === '') return '–';
  const label = (v: string) => {
    const o = field.options.find((x) => x.value === v);
    return o ? (lang === 'en' ? o.labelEn : o.labelTh) : v;
  };
  switch (field.type) {
    case 'enum':
      return label(String(value));
    case 'multi_enum':
      return Array.isArray(value) ? value.map((v) => label(String(v))).join(', ') : String(value);
    case 'boolean':
      return value === true ? (lang === 'en' ? 'Yes' : 'ใช่') : lang === 'en' ? 'No' : 'ไม่ใช่';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? formatDateBE(`${value}T00:00:00+07:00`)
        : String(value);
    case 'geo':
      return isGeo(value) ? `${value.lat}, ${value.lon}` : String(value);
    case 'integer':
    case 'decimal': {
      const n =
        typeof value === 'number'
          ? formatFieldNumber(field, value, lang === 'en' ? 'en' : 'th')
          : String(value);
      const unit = lang === 'en' ? (field.unitEn ?? field.unit) : field.unit;
      return unit ? `${n} ${unit}` : n;
    }
    default:
      return String(value);
  }
}

/** A stored value as the text a form input holds (the same text the form parser reads back). */
export function formValue(field: FieldDef, value: unknown): string | string[] {
  if (value === null || value === undefined) return '';
  switch (field.type) {
    case 'multi_enum':
      return Array.isArray(value) ? value.map(String) : [String(value)];
    case 'boolean':
      return value === true ? 'true' : value === false ? 'false' : '';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? formatDateBE(`${value}T00:00:00+07:00`)
        : String(value);
    case 'geo':
      return isGeo(value) ? `${value.lat}, ${value.lon}` : String(value);
    default:
      return String(value);
  }
}

/** The Thai/English name of a data set status. */
export function statusLabel(status: string, lang: Lang): string {
  const th: Record<string, string> = {
    empty: 'ยังไม่บันทึก',
    partial: 'บันทึกบางส่วน',
    complete: 'ครบถ้วน',
    none: 'ไม่มีข้อมูลในพื้นที่',
  };
  const en: Record<string, string> = {
    empty: 'Not recorded',
    partial: 'Partly recorded',
    complete: 'Complete',
    none: 'None in our area',
  };
  return (lang === 'en' ? en : th)[status] ?? status;
}

/** The form fields posted for one row (`v.<key>`) as raw values for validateRow(…, 'form'). */
export function rowFromForm(fields: FieldDef[], body: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = body[`v.${f.key}`];
    if (f.type === 'multi_enum') values[f.key] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    else values[f.key] = Array.isArray(raw) ? raw[0] : raw;
  }
  return values;
}

/**
 * The example reason of a "none in our area" record, made from the data set's own name (so the roads set says
 * roads and the child-development-centre set says centres): ไม่มีศูนย์พัฒนาเด็กเล็กในความรับผิดชอบ.
 */
export function noneExample(def: { nameTh: string; nameEn: string }, lang: Lang): string {
  const short = (n: string) => (n.split(/\s*[/(]/)[0] ?? n).trim();
  return lang === 'en'
    ? `no ${short(def.nameEn).toLowerCase()} in our responsibility`
    : `ไม่มี${short(def.nameTh)}ในความรับผิดชอบ`;
}

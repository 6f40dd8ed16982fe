import type { FieldDef } from '../src/catalog/catalog.schemas.ts';

/** A field with every key present, like the catalog files write them (tests build definitions from it). */
export function fieldDef(key: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef {
  return {
    key,
    labelTh: `ช่อง${key}`,
    labelEn: `Field ${key}`,
    type,
    unit: null,
    unitEn: null,
    required: false,
    min: null,
    max: null,
    decimals: null,
    pattern: null,
    maxLength: null,
    options: [],
    helpTh: null,
    helpEn: null,
    ...extra,
  };
}

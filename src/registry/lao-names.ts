import type { LaoType } from './registry.table.ts';

export const laoTypes = [
  'provincial_admin_org',
  'city_municipality',
  'town_municipality',
  'subdistrict_municipality',
  'subdistrict_admin_org',
  'special_admin_area',
] as const satisfies readonly LaoType[];

type TypeInfo = { prefixTh: string; shortTh: string; labelEn: string; order: number };

/** Thai prefix, abbreviation and English label of each LAO type, in the registry's usual order. */
export const laoTypeInfo: Record<LaoType, TypeInfo> = {
  provincial_admin_org: {
    prefixTh: 'องค์การบริหารส่วนจังหวัด',
    shortTh: 'อบจ.',
    labelEn: 'Provincial Administrative Organization',
    order: 1,
  },
  city_municipality: { prefixTh: 'เทศบาลนคร', shortTh: 'ทน.', labelEn: 'City Municipality', order: 2 },
  town_municipality: { prefixTh: 'เทศบาลเมือง', shortTh: 'ทม.', labelEn: 'Town Municipality', order: 3 },
  subdistrict_municipality: {
    prefixTh: 'เทศบาลตำบล',
    shortTh: 'ทต.',
    labelEn: 'Subdistrict Municipality',
    order: 4,
  },
  subdistrict_admin_org: {
    prefixTh: 'องค์การบริหารส่วนตำบล',
    shortTh: 'อบต.',
    labelEn: 'Subdistrict Administrative Organization',
    order: 5,
  },
  special_admin_area: { prefixTh: '', shortTh: 'เมืองพัทยา', labelEn: 'Special Administrative Area', order: 6 },
};

/** The full Thai name from type and bare name: เทศบาลเมืองบ้านบัว, องค์การบริหารส่วนตำบลกระสัง, เมืองพัทยา. */
export function fullNameTh(type: LaoType, name: string): string {
  if (type === 'special_admin_area') return name.startsWith('เมือง') ? name : `เมือง${name}`;
  return `${laoTypeInfo[type].prefixTh}${name}`;
}

/** The short Thai name: ทม.บ้านบัว. */
export function shortNameTh(type: LaoType, name: string): string {
  if (type === 'special_admin_area') return fullNameTh(type, name);
  return `${laoTypeInfo[type].shortTh}${name}`;
}

// Longest first, so that เทศบาลตำบล is removed whole and not as เทศบาล + ตำบล.
const typePrefixes = [
  'องค์การบริหารส่วนจังหวัด',
  'องค์การบริหารส่วนตำบล',
  'เทศบาลนคร',
  'เทศบาลเมือง',
  'เทศบาลตำบล',
  'เทศบาล',
  'อบจ',
  'อบต',
  'ทน',
  'ทม',
  'ทต',
];

/**
 * The key a name is searched by: Unicode NFC, no spaces, dots or zero-width characters, no type prefix,
 * lower-case Latin. The stored bare names and every query go through it, so "ทต. บ้าน บัว" finds บ้านบัว.
 */
export function searchKey(text: string): string {
  let s = text
    .normalize('NFC')
    .replace(/[\s.\u200b-\u200d\ufeff]/g, '')
    .toLowerCase();
  for (const p of typePrefixes) {
    if (s.startsWith(p) && s.length > p.length) {
      s = s.slice(p.length);
      break;
    }
  }
  return s;
}

// Plausible values for any catalog definition: generated from each field's type, range, decimals, pattern and
// options, scaled by the size of the LAO, then repaired until the data set's rules hold (errors and warnings:
// seeded data never needs an explanation). Nothing here is specific to one data set except the list sizes.
import { areaUnitsKm2, type DatasetDef, type FieldDef, type RuleDef } from '../catalog/catalog.schemas.ts';
import { type GeoBox, ruleBroken, ruleFields, type StoredValue, thaiBounds } from '../catalog/validation.ts';
import { registryAreaKm2 } from '../registry/registry.service.ts';
import type { LaoType } from '../registry/registry.table.ts';
import type { Rng } from './rng.ts';

type Values = Record<string, StoredValue | null>;

/** What the generator knows about an LAO: its type, size and office location. */
export type LaoProfile = {
  code: string;
  type: LaoType;
  provinceCode: string;
  districtCode: string;
  lat: number;
  lon: number;
  population: number;
  /** Annual budget in baht. */
  budget: number;
  /** Size relative to a typical อบต. (1). */
  scale: number;
  /** Buddhist-era year the LAO was set up in its present form: nothing of it is built or bought before. */
  foundedYear: number;
  /** The registry's area when believable (km²), else null: areas recorded stay within it. */
  areaKm2: number | null;
  /** The box its places must lie in (the quality check's: its district's, its province's for an อบจ.), if known. */
  box: GeoBox | null;
  /** Its size class (the profile's ขนาด อปท.): by its population among LAOs of its type. */
  sizeClass: 'small' | 'medium' | 'large';
};

/** Years an LAO of each type was set up in its present form (อบต. 2537–2540, สุขาภิบาล → ทต. in 2542 …). */
const foundedRange: Record<LaoType, [number, number]> = {
  subdistrict_admin_org: [2537, 2540],
  subdistrict_municipality: [2542, 2555],
  town_municipality: [2478, 2550],
  city_municipality: [2478, 2540],
  provincial_admin_org: [2498, 2498],
  special_admin_area: [2521, 2521],
};

const populationRange: Record<LaoType, [number, number]> = {
  subdistrict_admin_org: [2500, 12000],
  subdistrict_municipality: [3000, 16000],
  town_municipality: [12000, 60000],
  city_municipality: [50000, 250000],
  provincial_admin_org: [250000, 2000000],
  special_admin_area: [110000, 130000],
};

/** Baht of annual budget per inhabitant, by type (a provincial organisation spends less per head). */
const budgetPerHead: Record<LaoType, [number, number]> = {
  subdistrict_admin_org: [5000, 9000],
  subdistrict_municipality: [5000, 9000],
  town_municipality: [6000, 10000],
  city_municipality: [6000, 11000],
  provincial_admin_org: [600, 1500],
  special_admin_area: [15000, 20000],
};

/** The size and place of an LAO, drawn once per LAO (the same in both fiscal years). */
export function laoProfile(
  lao: {
    code: string;
    type: LaoType;
    province_code: string;
    district_code: string;
    lat: number | null;
    lon: number | null;
    area_km2?: number | null;
  },
  rng: Rng,
  place: {
    /** Where the LAO's district is (the middle of its other offices), for an LAO without a recorded location. */
    districtCentre?: { lat: number; lon: number } | null;
    box?: GeoBox | null;
  } = {},
): LaoProfile {
  const [pLo, pHi] = populationRange[lao.type];
  const population = Math.round(rng.logBetween(pLo, pHi));
  const [bLo, bHi] = budgetPerHead[lao.type];
  const box = place.box ?? null;
  const centre = place.districtCentre ?? null;
  // The registry's office location when it has both coordinates in the box (one office has a latitude of 5.0
  // and no longitude); else near the district's other offices, else the middle of the country.
  const recorded =
    lao.lat !== null && lao.lon !== null && inBox(box ?? thaiBounds, lao.lat, lao.lon)
      ? { lat: lao.lat, lon: lao.lon }
      : null;
  const lat = recorded?.lat ?? (centre ? centre.lat + rng.between(-0.02, 0.02) : rng.between(14, 17));
  const lon = recorded?.lon ?? (centre ? centre.lon + rng.between(-0.02, 0.02) : rng.between(100, 104));
  const [fLo, fHi] = foundedRange[lao.type];
  const size = pHi > pLo ? Math.log(population / pLo) / Math.log(pHi / pLo) : 0.5;
  return {
    code: lao.code,
    type: lao.type,
    provinceCode: lao.province_code,
    districtCode: lao.district_code,
    lat,
    lon,
    population,
    budget: Math.round(population * rng.between(bLo, bHi)),
    scale: population / 7000,
    foundedYear: rng.int(fLo, fHi),
    areaKm2: registryAreaKm2(lao.area_km2 ?? null),
    box,
    sizeClass: size < 1 / 3 ? 'small' : size < 2 / 3 ? 'medium' : 'large',
  };
}

const inBox = (b: GeoBox, lat: number, lon: number) =>
  lat >= b.latMin && lat <= b.latMax && lon >= b.lonMin && lon <= b.lonMax;

// ---------------------------------------------------------------------------------------------------------
// List sizes

const typeFactor: Record<LaoType, number> = {
  subdistrict_admin_org: 1,
  subdistrict_municipality: 1.2,
  town_municipality: 2,
  city_municipality: 3.5,
  provincial_admin_org: 3,
  special_admin_area: 4,
};

/** Typical rows per list for an อบต. (scaled by type), with the few that are much longer by nature. */
const listBase: Record<string, [number, number]> = {
  'local-roads': [12, 45],
  'villages-communities': [5, 18],
  'village-water-sources': [5, 16],
  'village-water-supply': [3, 12],
  'executives-council': [8, 20],
  'assets-vehicles': [5, 25],
  'religious-places': [3, 12],
  'community-groups': [4, 14],
  drainage: [2, 12],
  'bridges-culverts': [2, 10],
};
const defaultListBase: [number, number] = [1, 5];

/** Road lengths by type: a provincial organisation keeps hundreds of roads between districts. */
const roadsByType: Partial<Record<LaoType, [number, number]>> = {
  provincial_admin_org: [150, 400],
  city_municipality: [80, 250],
  special_admin_area: [100, 200],
};

/** How many rows a list of this LAO has. */
export function listSize(def: DatasetDef, lao: LaoProfile, rng: Rng): number {
  const special = def.id === 'local-roads' ? roadsByType[lao.type] : undefined;
  if (special) return rng.int(special[0], special[1]);
  const [lo, hi] = listBase[def.id] ?? defaultListBase;
  const f = def.id === 'executives-council' ? 1 : typeFactor[lao.type];
  return Math.max(1, Math.round(rng.between(lo, hi) * f));
}

/** How likely an LAO records "none in our area" for a list (loans, treatment plants and hotels are rarer). */
export function noneChance(def: DatasetDef, lao: LaoProfile): number {
  if (def.kind !== 'list') return 0;
  const rare: Record<string, number> = {
    loans: 0.6,
    'wastewater-treatment-systems': 0.6,
    accommodation: 0.4,
    'trade-markets': 0.25,
    'tourist-attractions': 0.2,
    'waste-facilities': 0.3,
    'innovation-projects': 0.3,
  };
  const base = rare[def.id] ?? 0.04;
  return lao.type === 'subdistrict_admin_org' ? base : base / 2;
}

// ---------------------------------------------------------------------------------------------------------
// Text

const placeHeads = [
  'โนน',
  'หนอง',
  'ดอน',
  'สระ',
  'ป่า',
  'นา',
  'โคก',
  'ห้วย',
  'บ่อ',
  'ทุ่ง',
  'วัง',
  'หัว',
  'ท่า',
  'บึง',
];
const placeTails = [
  'ใหญ่',
  'น้อย',
  'แดง',
  'ทอง',
  'งาม',
  'สวรรค์',
  'ยาง',
  'ไผ่',
  'บัว',
  'ม่วง',
  'เจริญ',
  'สำราญ',
  'ตะเคียน',
  'แก้ว',
  'ขาม',
  'จาน',
  'มะนาว',
  'โพธิ์',
];
const firstNames = [
  'สมชาย',
  'สมศรี',
  'บุญมี',
  'สุดารัตน์',
  'ประเสริฐ',
  'วิไลวรรณ',
  'ทองใบ',
  'จันทร์เพ็ญ',
  'สมพงษ์',
  'อรุณี',
  'สุรชัย',
  'กัญญา',
  'วีระพงษ์',
  'พิมพ์ใจ',
  'ณรงค์',
  'ศิริพร',
  'บุญเลิศ',
  'มาลัย',
  'ชาญวิทย์',
  'รัตนา',
  'อนุชา',
  'นงลักษณ์',
  'ไพโรจน์',
  'สายสุนีย์',
];
const lastNames = [
  'ใจดี',
  'ศรีสุข',
  'บุญเรือง',
  'แก้วมณี',
  'ทองคำ',
  'พรหมมา',
  'สุขประเสริฐ',
  'คำแสน',
  'ศรีวงศ์',
  'จันทร์หอม',
  'บุญประเสริฐ',
  'ทองดี',
  'แสงทอง',
  'วงศ์สวัสดิ์',
  'ศรีบุญเรือง',
  'พันธุ์ดี',
  'ชัยมงคล',
  'อินทร์แก้ว',
  'บัวศรี',
  'สีดา',
];

const place = (rng: Rng) => `${rng.pick(placeHeads)}${rng.pick(placeTails)}`;

/** How places of each list are named in Thai villages, so a list reads as one an officer has seen. */
const placeNames: Record<string, (rng: Rng) => string> = {
  'child-development-centres': (r) => `ศูนย์พัฒนาเด็กเล็กบ้าน${place(r)}`,
  'lao-schools': (r) => `โรงเรียนบ้าน${place(r)}`,
  'other-schools': (r) => `โรงเรียนบ้าน${place(r)}`,
  'health-facilities': (r) => `โรงพยาบาลส่งเสริมสุขภาพตำบลบ้าน${place(r)}`,
  'religious-places': (r) => `วัด${r.pick(['บ้าน', 'ป่า', ''])}${place(r)}`,
  'tourist-attractions': (r) => `${r.pick(['น้ำตก', 'อ่างเก็บน้ำ', 'วัด', 'ตลาดน้ำ', 'ถ้ำ', 'บึง'])}${place(r)}`,
  'trade-markets': (r) => `${r.pick(['ตลาดสด', 'ตลาดนัด', 'ตลาดชุมชน'])}บ้าน${place(r)}`,
  accommodation: (r) => `${r.pick(['โฮมสเตย์', 'รีสอร์ท', 'บ้านพัก'])}${place(r)}`,
  'community-groups': (r) =>
    `${r.pick(['กลุ่มแม่บ้าน', 'กลุ่มออมทรัพย์', 'กองทุนหมู่บ้าน', 'วิสาหกิจชุมชน'])}บ้าน${place(r)}`,
  'learning-centres': (r) => `ศูนย์การเรียนรู้${r.pick(['เศรษฐกิจพอเพียง', 'ชุมชน', 'เกษตรอินทรีย์'])}บ้าน${place(r)}`,
  'public-water-bodies': (r) => `${r.pick(['หนอง', 'อ่างเก็บน้ำห้วย', 'สระ', 'ฝาย'])}${r.pick(placeTails)}`,
  'village-water-supply': (r) => `ประปาหมู่บ้านบ้าน${place(r)}`,
  'otop-products': (r) =>
    `${r.pick(['ผ้าไหมมัดหมี่', 'ผ้าฝ้ายทอมือ', 'ข้าวหอมมะลิ', 'เครื่องจักสานไม้ไผ่', 'น้ำพริกเผา', 'ปลาร้าบอง'])}บ้าน${place(r)}`,
};

/** A string that matches a simple pattern: literals, escapes, [classes] with ranges, ?, *, +, {m}, {m,n}. */
export function fromPattern(pattern: string, rng: Rng): string | null {
  let out = '';
  let i = 0;
  const p = pattern.replace(/^\^/, '').replace(/\$$/, '');
  while (i < p.length) {
    let chars: string[];
    const c = p[i]!;
    if (c === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) return null;
      const body = p.slice(i + 1, end);
      if (body.startsWith('^')) return null;
      chars = [];
      for (let j = 0; j < body.length; j++) {
        const a = body[j]!;
        if (body[j + 1] === '-' && j + 2 < body.length) {
          const b = body[j + 2]!;
          for (let k = a.codePointAt(0)!; k <= b.codePointAt(0)!; k++) chars.push(String.fromCodePoint(k));
          j += 2;
        } else chars.push(a);
      }
      i = end + 1;
    } else if (c === '\\') {
      const e = p[i + 1];
      if (e === undefined) return null;
      chars = e === 'd' ? [...'0123456789'] : /[a-zA-Z]/.test(e) ? [] : [e];
      if (chars.length === 0) return null;
      i += 2;
    } else if ('()|.'.includes(c)) {
      return null;
    } else {
      chars = [c];
      i++;
    }
    let min = 1;
    let max = 1;
    const q = p[i];
    if (q === '?') [min, max, i] = [0, 1, i + 1];
    else if (q === '*') [min, max, i] = [0, 3, i + 1];
    else if (q === '+') [min, max, i] = [1, 3, i + 1];
    else if (q === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(p.slice(i));
      if (!m) return null;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[2] === '' ? min + 3 : Number(m[2]);
      i += m[0].length;
    }
    const n = rng.int(min, max);
    for (let k = 0; k < n; k++) out += rng.pick(chars);
  }
  return out;
}

function text(f: FieldDef, def: DatasetDef, lao: LaoProfile, rng: Rng, i: number): string | null {
  const key = f.key.toLowerCase();
  let s: string | null;
  if (key.includes('geocode')) s = `${lao.districtCode}${String(i + 1).padStart(2, '0')}`;
  else if (f.pattern) s = fromPattern(f.pattern, rng);
  else if (key === 'fullname' || key === 'sagename')
    s = `${rng.pick(['นาย', 'นาง', 'นางสาว'])}${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
  else if (key === 'tambonname') s = place(rng);
  else if (key === 'villagename') s = `บ้าน${place(rng)}`;
  else if (key === 'roadname') s = `ถนนสายบ้าน${place(rng)} - บ้าน${place(rng)}`;
  else if (key === 'villages') s = [rng.int(1, 6), rng.int(7, 14)].join(', ');
  else if (key === 'constituency') s = `เขต ${rng.int(1, 4)}`;
  else if (key.includes('registration')) s = `${rng.int(1, 9)}กข ${rng.int(1000, 9999)}`;
  else if (key.includes('name') && placeNames[def.id]) s = placeNames[def.id]!(rng);
  else if (key.includes('name')) s = `${def.nameTh.split(/[/ ]/)[0]}บ้าน${place(rng)}`;
  else s = `${f.labelTh} บ้าน${place(rng)}`;
  if (s === null) return null;
  return f.maxLength ? [...s].slice(0, f.maxLength).join('').trim() : s;
}

// ---------------------------------------------------------------------------------------------------------
// Numbers

const round = (f: FieldDef, x: number) => {
  if (f.type === 'integer') return Math.round(x);
  const p = 10 ** (f.decimals ?? 2);
  return Math.round(x * p) / p;
};

const clamp = (f: FieldDef, x: number) => {
  let v = round(f, x);
  if (f.min !== null && v < f.min) v = f.min;
  if (f.max !== null && v > f.max) v = f.max;
  return v === 0 ? 0 : v;
};

/** People per km² by type (the registry's areas and populations, roughly): to size an LAO without an area. */
const peoplePerKm2: Record<LaoType, number> = {
  subdistrict_admin_org: 80,
  subdistrict_municipality: 250,
  town_municipality: 1500,
  city_municipality: 3000,
  provincial_admin_org: 150,
  special_admin_area: 3500,
};

/** A magnitude that fits the field's unit and the LAO's size. */
function number(f: FieldDef, def: DatasetDef, lao: LaoProfile, rng: Rng, year: number): number {
  const lo = f.min ?? 0;
  const hi = f.max ?? lo + 1e6;
  const key = f.key.toLowerCase();
  const form = def.kind === 'form';
  if (key === 'foundedyear') return clamp(f, lao.foundedYear);
  // Buddhist-era years (yearBuilt, yearAcquired …) sit in the last decades, after the LAO was founded.
  if (lo >= 2400 && hi <= 2700) return clamp(f, rng.int(Math.max(year - 40, lao.foundedYear + 1), year - 1));
  // Areas stay well within the LAO's own (a list's rows share it).
  // Without a believable registry area, the area its people would live on at its type's density.
  const perKm2 = f.unit ? areaUnitsKm2[f.unit] : undefined;
  if (perKm2 !== undefined) {
    const area = lao.areaKm2 ?? lao.population / peoplePerKm2[lao.type];
    const share = form ? rng.between(0.2, 0.6) : rng.between(0.005, 0.1);
    return clamp(f, (area * share) / perKm2);
  }
  // Roads, bridges and shoulders as an engineer would draw them.
  if (key === 'widthm') return clamp(f, rng.between(3, def.id === 'local-roads' ? 8 : 10));
  if (key === 'shoulderm') return clamp(f, rng.between(0, 2.5));
  if (key === 'lengthkm') return clamp(f, rng.logBetween(0.2, 8));
  // Visitors a year in proportion to the people who live there.
  if (key === 'visitorsperyear') return clamp(f, lao.population * rng.between(0.2, 5));
  let top: number;
  if (key.includes('population') && form) return clamp(f, lao.population * rng.between(0.45, 0.55));
  if (key.includes('households') && form) return clamp(f, (lao.population / 3.3) * rng.between(0.9, 1.1));
  switch (f.unit) {
    case 'คน':
      top = key.includes('population') ? 3000 : form ? 60 * lao.scale : 80;
      break;
    case 'ครัวเรือน':
      top = form ? 120 * lao.scale : 600;
      break;
    case 'บาท':
      // A form's money is a share of the budget; a list's (assets, loans, funds) a single item.
      return clamp(f, form ? lao.budget * rng.logBetween(0.04, 0.3) : rng.logBetween(5000, 5e6));
    case 'ร้อยละ':
    case 'ร้อยละต่อปี':
      top = Math.min(hi, 60);
      break;
    case 'ตัน/วัน':
      top = 6 * lao.scale;
      break;
    case 'ไร่':
      top = form ? 20000 * lao.scale : 300;
      break;
    case 'ตร.กม.':
      top = 80 * lao.scale;
      break;
    case 'กม.':
      top = 8;
      break;
    case 'ม.':
      top = key.includes('width') ? 12 : 800;
      break;
    default:
      top = f.unit ? 400 * (form ? lao.scale : 1) : 20;
  }
  return clamp(f, rng.logBetween(Math.max(lo, 0), Math.min(hi, lo + top)));
}

function isoDay(ms: number) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A date in the last years before the fiscal year; the start of a term 2–5 years back. */
function date(f: FieldDef, rng: Rng, year: number): string {
  const ceStart = Date.UTC(year - 543 - 1, 9, 1);
  const back = f.key.toLowerCase().includes('end') ? rng.int(-3 * 365, 365) : rng.int(30, 10 * 365);
  return isoDay(ceStart - back * 86400_000);
}

/** One value for a field (never null: the caller decides which optional fields stay empty). */
export function fieldValue(
  f: FieldDef,
  def: DatasetDef,
  lao: LaoProfile,
  rng: Rng,
  i: number,
  year: number,
): StoredValue | null {
  switch (f.type) {
    case 'integer':
    case 'decimal':
      return number(f, def, lao, rng, year);
    case 'text':
      return text(f, def, lao, rng, i);
    case 'enum':
      if (f.key === 'sizeClass' && f.options.some((o) => o.value === lao.sizeClass)) return lao.sizeClass;
      // Earlier options are the common ones in the default catalog.
      return f.options[Math.min(f.options.length - 1, Math.floor(rng.logBetween(0, f.options.length)))]!
        .value;
    case 'multi_enum': {
      const chosen = f.options.filter((_, j) => j === i % f.options.length || rng.chance(0.25));
      return chosen.map((o) => o.value);
    }
    case 'boolean':
      return rng.chance(0.7);
    case 'date':
      return date(f, rng, year);
    case 'geo': {
      // Within the LAO's own area around its office (about its radius, at most ~9 km), kept inside its box
      // (its district's: what the quality check compares with) and the country's.
      const t = thaiBounds;
      const b = lao.box ?? t;
      const m = lao.box ? 0.002 : 0;
      const r = Math.min(0.08, Math.max(0.005, Math.sqrt(lao.areaKm2 ?? 20) / 111 / 2));
      const into = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
      const lat = into(into(lao.lat + rng.between(-r, r), b.latMin + m, b.latMax - m), t.latMin, t.latMax);
      const lon = into(into(lao.lon + rng.between(-r, r), b.lonMin + m, b.lonMax - m), t.lonMin, t.lonMax);
      return { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Rules

function repair(
  rule: RuleDef,
  v: Values,
  fields: Map<string, FieldDef>,
  fill: (f: FieldDef) => StoredValue | null,
) {
  const c = rule.check;
  const num = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : 0);
  const fit = (k: string, x: number) => {
    const f = fields.get(k);
    return f ? clamp(f, f.type === 'integer' ? Math.floor(x) : x) : x;
  };
  switch (c.op) {
    case 'lte':
    case 'lt': {
      const [l, r] = [v[c.left], v[c.right]];
      if (typeof l === 'number' && typeof r === 'number')
        v[c.left] = fit(c.left, r * (c.op === 'lt' ? 0.5 : 0.85));
      else if (typeof l === 'string' && typeof r === 'string') [v[c.left], v[c.right]] = [r, l];
      break;
    }
    case 'gte':
    case 'gt': {
      const [l, r] = [v[c.left], v[c.right]];
      if (typeof l === 'string' && typeof r === 'string') [v[c.left], v[c.right]] = [r, l];
      else if (typeof r === 'number') v[c.right] = fit(c.right, num(c.left) * 0.5);
      break;
    }
    case 'eq':
      v[c.left] = v[c.right] ?? null;
      break;
    case 'sum_eq':
      v[c.right] = fit(
        c.right,
        c.fields.reduce((s, k) => s + num(k), 0),
      );
      break;
    case 'sum_lte': {
      const total = c.fields.reduce((s, k) => s + num(k), 0);
      const f = fields.get(c.right);
      if (f?.max !== null && f?.max !== undefined && total > f.max) {
        for (const k of c.fields) v[k] = fit(k, (num(k) * f.max) / total / 1.2);
      }
      v[c.right] = fit(c.right, c.fields.reduce((s, k) => s + num(k), 0) * 1.1);
      break;
    }
    case 'required_if': {
      const f = fields.get(c.field);
      if (f && (v[c.field] === null || v[c.field] === undefined)) v[c.field] = fill(f);
      break;
    }
    case 'range': {
      const x = v[c.field];
      if (typeof x === 'number') v[c.field] = fit(c.field, Math.min(c.max ?? x, Math.max(c.min ?? x, x)));
      break;
    }
  }
}

/** Repairs the values until no rule (error or warning) is broken; false when that could not be reached. */
export function satisfyRules(
  def: DatasetDef,
  v: Values,
  fields: Map<string, FieldDef>,
  fill: (f: FieldDef) => StoredValue | null,
): boolean {
  for (let pass = 0; pass < 4; pass++) {
    const broken = def.rules.filter((r) => ruleBroken(r, v));
    if (broken.length === 0) return true;
    for (const r of broken) repair(r, v, fields, fill);
  }
  return def.rules.every((r) => !ruleBroken(r, v));
}

/** The keys of required fields no rule reads: blanking one makes a row partial without breaking a rule. */
export function blankableFields(def: DatasetDef): string[] {
  const used = new Set(def.rules.flatMap(ruleFields));
  return def.fields.filter((f) => f.required && !used.has(f.key)).map((f) => f.key);
}

export type RowMaker = {
  fields: Map<string, FieldDef>;
  blankable: string[];
  /** A complete row: every required field, most optional ones, all rules holding. */
  row(lao: LaoProfile, rng: Rng, i: number, year: number): Values;
  /** Last year's row carried forward with the small changes a year brings. */
  drift(prev: Values, lao: LaoProfile, rng: Rng, i: number, year: number): Values;
};

/** The generator of one data set's rows (built once per data set and reused for every LAO). */
export function rowMaker(def: DatasetDef): RowMaker {
  const fields = new Map(def.fields.map((f) => [f.key, f]));
  const blankable = blankableFields(def);
  const finish = (v: Values, lao: LaoProfile, rng: Rng, i: number, year: number) => {
    satisfyRules(def, v, fields, (f) => fieldValue(f, def, lao, rng, i, year));
    return v;
  };
  return {
    fields,
    blankable,
    row(lao, rng, i, year) {
      const v: Values = {};
      for (const f of def.fields)
        v[f.key] = f.required || rng.chance(0.7) ? fieldValue(f, def, lao, rng, i, year) : null;
      return finish(v, lao, rng, i, year);
    },
    drift(prev, lao, rng, i, year) {
      const v: Values = { ...prev };
      for (const f of def.fields) {
        const x = v[f.key];
        if (typeof x === 'number' && !(f.min !== null && f.min >= 2400) && rng.chance(0.3))
          v[f.key] = clamp(f, x * rng.between(0.95, 1.08));
      }
      return finish(v, lao, rng, i, year);
    },
  };
}

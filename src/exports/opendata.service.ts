import type { Kysely } from 'kysely';
import type { DatasetDef } from '../catalog/catalog.schemas.ts';
import { type CatalogSection, getCatalog, listCatalogYears } from '../catalog/catalog.service.ts';
import type { Database } from '../db/database.ts';
import { AppError, bi } from '../util/errors.ts';
import * as repo from './exports.repository.ts';
import { XLSX_TYPE } from './table.ts';

/** Who publishes the open data, and on what terms: the department, under CC BY 4.0 (attribution). */
export const PUBLISHER = {
  nameTh: 'กรมส่งเสริมการปกครองท้องถิ่น',
  nameEn: 'Department of Local Administration',
  homepage: 'https://www.dla.go.th/',
} as const;
export const LICENCE = {
  url: 'https://creativecommons.org/licenses/by/4.0/',
  nameTh: 'สัญญาอนุญาตครีเอทีฟคอมมอนส์แบบแสดงที่มา 4.0 (CC BY 4.0)',
  nameEn: 'Creative Commons Attribution 4.0 International (CC BY 4.0)',
  /** The GD-Catalog licence value as Thai CKAN portals list it. */
  gdc: 'Creative Commons Attributions License',
} as const;
/** The attribution a user of the data gives, in Thai and English. */
export const ATTRIBUTION = {
  th: `ที่มา: ${PUBLISHER.nameTh} ระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น (INFO) ข้อมูลที่ อปท. รับรองแล้ว`,
  en: `Source: ${PUBLISHER.nameEn}, INFO – the central data system of local government organisations; data certified by the LAOs`,
} as const;

/** The first and last day of a Buddhist-era fiscal year, in ISO 8601 (FY 2569: 2025-10-01 to 2026-09-30). */
export const fiscalYearSpan = (year: number) => ({
  start: `${year - 544}-10-01`,
  end: `${year - 543}-09-30`,
});

/** One data set as open data: its latest definition and section, and the fiscal years it has published data in. */
export type OpenDataset = {
  dataset: DatasetDef;
  section: CatalogSection;
  /** Newest first, with how many LAOs published it. */
  years: { year: number; laos: number }[];
};

/**
 * Every data set with published (certified) data in any fiscal year, described by the newest catalog that has
 * it, in catalog order. One grouped scan of the records, whatever the number of years.
 */
export async function openDatasets(db: Kysely<Database>, only?: string): Promise<OpenDataset[]> {
  const years = (await listCatalogYears(db)).map((y) => y.year).sort((a, b) => b - a);
  const catalogs = await Promise.all(years.map((y) => getCatalog(db, y)));
  const aspects = [
    ...new Set(catalogs.flatMap((c) => c.sections.filter((s) => s.kind === 'aspect').map((s) => s.no))),
  ];
  const counts = await repo.publishedCounts(db, { aspects, ...(only ? { datasetId: only } : {}) });
  const byDataset = new Map<string, { year: number; laos: number }[]>();
  for (const c of counts) {
    const list = byDataset.get(c.dataset_id) ?? [];
    list.push({ year: Number(c.year), laos: Number(c.laos) });
    byDataset.set(c.dataset_id, list);
  }
  const seen = new Set<string>();
  const out: OpenDataset[] = [];
  // The newest catalog first, so each data set is described as it stands now; older ones add removed sets.
  for (const catalog of catalogs) {
    for (const section of catalog.sections) {
      for (const dataset of section.datasets) {
        const published = byDataset.get(dataset.id);
        if (seen.has(dataset.id) || !published) continue;
        seen.add(dataset.id);
        out.push({ dataset, section, years: published.sort((a, b) => b.year - a.year) });
      }
    }
  }
  return out;
}

/** One data set's open-data description; 404 naming it when it has no published data in any year. */
export async function openDataset(db: Kysely<Database>, id: string): Promise<OpenDataset> {
  const [found] = await openDatasets(db, id);
  if (!found)
    throw new AppError(
      'not_found',
      bi(
        `ไม่พบข้อมูลเปิดของชุดข้อมูล ${id} — ยังไม่มี อปท. ใดรับรองข้อมูลชุดนี้ หรือไม่มีชุดข้อมูลนี้`,
        `No open data for ${id}: no LAO has certified it yet, or there is no such data set`,
      ),
    );
  return found;
}

/** Stable addresses of the open data: the data set's page and each year's downloads. */
export const openDataUrls = (base: string, id: string) => ({
  page: `${base}/opendata/${id}`,
  download: (year: number, format: 'csv' | 'xlsx') =>
    `${base}/api/v1/exports/datasets/${id}.${format}?year=${year}`,
});

const lit = (th: string, en: string) => [
  { '@value': th, '@language': 'th' },
  { '@value': en, '@language': 'en' },
];
const date = (d: string) => ({ '@value': d, '@type': 'xsd:date' });

/**
 * The open-data catalog in DCAT as JSON-LD: one dcat:Dataset per data set with published data, one
 * dcat:Distribution per fiscal year and format, with the fields of the Thai government data catalog standard
 * (the metadata CKAN portals with the GD-Catalog extension harvest) under the `gdc:` prefix. The context is
 * inline (no remote document), so a JSON-LD processor expands it offline.
 */
export async function dcatCatalog(db: Kysely<Database>, base: string) {
  const sets = await openDatasets(db);
  const publisher = {
    '@id': `${base}/#publisher`,
    '@type': 'foaf:Organization',
    'foaf:name': lit(PUBLISHER.nameTh, PUBLISHER.nameEn),
    'foaf:homepage': { '@id': PUBLISHER.homepage },
  };
  const licence = { '@id': LICENCE.url };
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      gdc: `${base}/opendata#gdc-`,
    },
    '@id': `${base}/api/v1/opendata/catalog`,
    '@type': 'dcat:Catalog',
    'dct:title': lit(
      'ข้อมูลเปิด ระบบข้อมูลกลางองค์กรปกครองส่วนท้องถิ่น',
      'Open data of INFO, the LAO central data system',
    ),
    'dct:description': lit(
      'ข้อมูลที่องค์กรปกครองส่วนท้องถิ่นบันทึกและรับรองแล้ว รายชุดข้อมูล รายปีงบประมาณ',
      'Data recorded and certified by local government organisations, per data set and fiscal year',
    ),
    'dct:publisher': publisher,
    'dct:license': licence,
    'dct:language': { '@id': 'http://id.loc.gov/vocabulary/iso639-1/th' },
    'foaf:homepage': { '@id': `${base}/opendata` },
    'dcat:dataset': sets.map(({ dataset: d, section: s, years }) => {
      const urls = openDataUrls(base, d.id);
      const newest = years[0]!.year;
      const oldest = years.at(-1)!.year;
      return {
        '@id': urls.page,
        '@type': 'dcat:Dataset',
        'dct:identifier': d.id,
        'dct:title': lit(d.nameTh, d.nameEn),
        'dct:description': lit(d.descriptionTh, d.descriptionEn),
        'dcat:keyword': [s.nameTh, d.nameTh, 'องค์กรปกครองส่วนท้องถิ่น', 'อปท.'],
        'dcat:theme': lit(s.nameTh, s.nameEn),
        'dct:publisher': { '@id': publisher['@id'] },
        'dcat:contactPoint': {
          '@type': 'vcard:Organization',
          'vcard:fn': PUBLISHER.nameTh,
          'vcard:hasURL': { '@id': PUBLISHER.homepage },
        },
        'dct:license': licence,
        'dct:rights': lit(ATTRIBUTION.th, ATTRIBUTION.en),
        'dct:accrualPeriodicity': { '@id': 'http://purl.org/cld/freq/annual' },
        'dct:spatial': lit('ประเทศไทย (ยกเว้นกรุงเทพมหานคร)', 'Thailand (except Bangkok)'),
        'dct:temporal': {
          '@type': 'dct:PeriodOfTime',
          'dcat:startDate': date(fiscalYearSpan(oldest).start),
          'dcat:endDate': date(fiscalYearSpan(newest).end),
        },
        'dcat:landingPage': { '@id': urls.page },
        'dct:language': { '@id': 'http://id.loc.gov/vocabulary/iso639-1/th' },
        // The Thai GD-Catalog fields, named as the CKAN extension names them.
        'gdc:data_type': 'ข้อมูลระเบียน',
        'gdc:objective': 'เพื่อการบริหารจัดการและการกำกับดูแลขององค์กรปกครองส่วนท้องถิ่น และเปิดเผยต่อสาธารณะ',
        'gdc:update_frequency_unit': 'ปี',
        'gdc:update_frequency_interval': 1,
        'gdc:geo_coverage': 'ประเทศ',
        'gdc:data_source': 'องค์กรปกครองส่วนท้องถิ่น บันทึกในระบบข้อมูลกลาง อปท. (INFO)',
        'gdc:data_format': ['CSV', 'XLSX'],
        'gdc:data_category': 'ข้อมูลสาธารณะ',
        'gdc:data_classification': 'เปิดเผย',
        'gdc:license': LICENCE.gdc,
        'gdc:accessible_condition': ATTRIBUTION.th,
        'gdc:data_language': 'ไทย',
        'gdc:owner_org': PUBLISHER.nameTh,
        'gdc:maintainer': PUBLISHER.nameTh,
        'dcat:distribution': years.flatMap(({ year, laos }) =>
          (['csv', 'xlsx'] as const).map((format) => ({
            '@id': urls.download(year, format),
            '@type': 'dcat:Distribution',
            'dct:title': lit(
              `${d.nameTh} ปีงบประมาณ ${year} (${format.toUpperCase()})`,
              `${d.nameEn}, fiscal year ${year} (${format.toUpperCase()})`,
            ),
            'dct:description': lit(
              `ข้อมูลที่ อปท. ${laos.toLocaleString('th')} แห่งรับรองแล้ว`,
              `Data certified by ${laos.toLocaleString('en')} LAOs`,
            ),
            'dcat:downloadURL': { '@id': urls.download(year, format) },
            'dcat:accessURL': { '@id': urls.page },
            'dcat:mediaType': format === 'csv' ? 'text/csv' : XLSX_TYPE,
            'dct:format': format.toUpperCase(),
            'dct:license': licence,
            'dct:temporal': {
              '@type': 'dct:PeriodOfTime',
              'dcat:startDate': date(fiscalYearSpan(year).start),
              'dcat:endDate': date(fiscalYearSpan(year).end),
            },
          })),
        ),
      };
    }),
  };
}

import type { Kysely } from 'kysely';
import type { FieldDef } from '../catalog/catalog.schemas.ts';
import { getDataset } from '../catalog/catalog.service.ts';
import type { Database } from '../db/database.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { allLaos } from '../registry/registry.repository.ts';
import { typeLabel } from '../registry/registry.views.tsx';
import { formatDateBE } from '../util/thai-date.ts';
import * as repo from './exports.repository.ts';
import type { Cell, Table } from './table.ts';

/** Which rows of a section's data sets are open data: certified in an aspect, complete elsewhere. */
export const publishedFilterOf = (section: { no: number; kind: string }): repo.PublishedFilter => ({
  sectionNo: section.no,
  certified: section.kind === 'aspect',
});

const yesNo = (v: unknown) => (v === true ? 'ใช่' : v === false ? 'ไม่ใช่' : null);
const isIsoDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/**
 * The columns one field becomes in a table for people: its value as a person reads it (Thai option labels,
 * ใช่/ไม่ใช่, dates dd/mm/yyyy in the Buddhist era), and beside it what a program reads (the option codes,
 * true/false, the ISO 8601 date; a point as latitude and longitude).
 */
export function fieldColumns(f: FieldDef): { header: string[]; cells: (v: unknown) => Cell[] } {
  const label = f.unit ? `${f.labelTh} (${f.unit})` : f.labelTh;
  const optionLabel = (code: unknown) => f.options.find((o) => o.value === code)?.labelTh ?? String(code);
  switch (f.type) {
    case 'enum':
      return {
        header: [label, `${f.labelTh} (รหัส)`],
        cells: (v) => (v == null || v === '' ? [null, null] : [optionLabel(v), String(v)]),
      };
    case 'multi_enum':
      return {
        header: [label, `${f.labelTh} (รหัส)`],
        cells: (v) => {
          const list = Array.isArray(v) ? v : v == null || v === '' ? [] : [v];
          return list.length ? [list.map(optionLabel).join(', '), list.map(String).join(';')] : [null, null];
        },
      };
    case 'boolean':
      return {
        header: [label, `${f.labelTh} (รหัส)`],
        cells: (v) => [yesNo(v), typeof v === 'boolean' ? String(v) : null],
      };
    case 'date':
      return {
        header: [`${f.labelTh} (วว/ดด/ปปปป พ.ศ.)`, `${f.labelTh} (ISO 8601)`],
        cells: (v) =>
          isIsoDate(v) ? [formatDateBE(`${v}T00:00:00+07:00`), v] : [v == null ? null : String(v), null],
      };
    case 'geo': {
      const bare = f.labelTh.replace(/\s*\(.*\)\s*$/, '');
      return {
        header: [`${bare} (ละติจูด)`, `${bare} (ลองจิจูด)`],
        cells: (v) => {
          const p = v as { lat?: unknown; lon?: unknown } | null;
          return typeof p?.lat === 'number' && typeof p.lon === 'number' ? [p.lat, p.lon] : [null, null];
        },
      };
    }
    case 'integer':
    case 'decimal':
      return { header: [label], cells: (v) => [typeof v === 'number' ? v : v == null ? null : String(v)] };
    default:
      return { header: [label], cells: (v) => [v == null ? null : String(v)] };
  }
}

/**
 * The open-data table of a data set for the whole country: a header (Thai labels with units, codes and ISO
 * dates beside), then one row per published row (certified, or complete where nobody certifies) with the LAO's
 * full name, type, province and district as they stood that year. Checks the year and the data set before
 * anything is sent (a 404 names them); the rows are produced as they stream in from the database.
 */
export async function datasetTable(db: Kysely<Database>, year: number, datasetId: string) {
  const { dataset, section } = await getDataset(db, year, datasetId);
  const registry = new Map(
    (await allLaos(db, { year, includeRetired: true })).map((l) => [
      l.code,
      [fullNameTh(l.type, l.name), typeLabel(l.type, 'th'), l.province_name_th, l.district_name_th] as const,
    ]),
  );
  const columns = dataset.fields.map(fieldColumns);
  const header = [
    'ปีงบประมาณ',
    'รหัส อปท.',
    'อปท.',
    'ประเภท อปท.',
    'จังหวัด',
    'อำเภอ',
    'ลำดับ',
    ...columns.flatMap((c) => c.header),
  ];
  async function* rows(): AsyncGenerator<Cell[]> {
    for await (const r of repo.streamPublishedRows(db, {
      year,
      datasetId: dataset.id,
      ...publishedFilterOf(section),
    })) {
      const values = JSON.parse(r.values_json) as Record<string, unknown>;
      const lao = registry.get(r.lao_code) ?? ['', '', '', ''];
      const cells: Cell[] = [year, r.lao_code, lao[0], lao[1], lao[2], lao[3], r.position];
      dataset.fields.forEach((f, i) => {
        cells.push(...columns[i]!.cells(values[f.key]));
      });
      yield cells;
    }
  }
  const table: Table = { header, rows: rows() };
  return { dataset, section, name: `${dataset.id}-${year}`, table };
}

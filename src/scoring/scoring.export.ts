import { csvText, xlsxBuffer } from '../exports/table.ts';
import type { Lang } from '../plugins/i18n.ts';
import { pick } from '../plugins/i18n.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { describeReason } from './scoring.engine.ts';
import { type byProvince, criterionOf, type ScoreRow, type ScoreRun } from './scoring.service.ts';

/**
 * A table to export: the header (row 1: no title rows, so a program reads it) and the rows. What was a title
 * (as of when) is in the file name and in two columns of every row: the moment in the Buddhist era and in ISO 8601.
 */
export type Table = { header: string[]; rows: (string | number)[][] };

const asOfHeader = (th: boolean) => (th ? ['ณ วันที่', 'ณ วันที่ (ISO 8601)'] : ['As of', 'As of (ISO 8601)']);
const asOfCells = (run: ScoreRun) => [formatDateTimeBE(run.asOf), new Date(run.asOf).toISOString()];

/** The LAO table: one row per LAO with its score, criterion, certified aspects and (when worked out) reasons. */
export function laoTable(run: ScoreRun, rows: ScoreRow[], lang: Lang): Table {
  const th = lang === 'th';
  return {
    header: th
      ? [
          'ลำดับ',
          'จังหวัด',
          'อำเภอ',
          'รหัส อปท.',
          'อปท.',
          'คะแนน',
          'เกณฑ์',
          'ด้านที่ อปท. รับรอง',
          'ด้านที่จังหวัดรับรอง',
          'เหตุผล',
          ...asOfHeader(true),
        ]
      : [
          'No.',
          'Province',
          'District',
          'LAO code',
          'LAO',
          'Score',
          'Criterion',
          'Aspects LAO-certified',
          'Aspects province-certified',
          'Reasons',
          ...asOfHeader(false),
        ],
    rows: rows.map((r, i) => [
      i + 1,
      r.lao.province_name_th,
      r.lao.district_name_th,
      r.lao.code,
      fullNameTh(r.lao.type, r.lao.name),
      r.result.score,
      pick(lang, criterionOf(run.rubric.rubric, r.result.score)),
      r.result.aspects.filter((a) => a.laoCounts).length,
      r.result.aspects.filter((a) => a.provinceCounts).length,
      r.result.reasons.map((x) => pick(lang, describeReason(x, run.catalog, run.periodStart))).join(' | '),
      ...asOfCells(run),
    ]),
  };
}

/** The distribution by province: one row per province with the count of each score, the total and the mean. */
export function provinceTable(run: ScoreRun, provinces: ReturnType<typeof byProvince>, lang: Lang): Table {
  const th = lang === 'th';
  return {
    header: [
      th ? 'รหัสจังหวัด' : 'Province code',
      th ? 'จังหวัด' : 'Province',
      ...[0, 1, 2, 3, 4, 5].map((s) => (th ? `${s} คะแนน` : `Score ${s}`)),
      th ? 'รวม' : 'Total',
      th ? 'เฉลี่ย' : 'Mean',
      ...asOfHeader(th),
    ],
    rows: provinces.map((p) => [
      p.code,
      th ? p.nameTh : p.nameEn,
      ...[0, 1, 2, 3, 4, 5].map((s) => p.distribution[String(s)] ?? 0),
      p.total,
      Number(p.mean.toFixed(2)),
      ...asOfCells(run),
    ]),
  };
}

/** CSV with a UTF-8 BOM (so spreadsheet programs read the Thai text), the header in row 1. */
export const toCsv = (t: Table): Promise<string> => csvText(t);

/** An .xlsx workbook of one sheet: the header in row 1 (frozen), then the rows. */
export const toXlsx = (t: Table, sheet: string): Promise<Buffer> => xlsxBuffer(t, sheet);

import ExcelJS from 'exceljs';
import type { Lang } from '../plugins/i18n.ts';
import { pick } from '../plugins/i18n.ts';
import { fullNameTh } from '../registry/lao-names.ts';
import { csvLine } from '../util/csv.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { describeReason } from './scoring.engine.ts';
import { type byProvince, criterionOf, type ScoreRow, type ScoreRun } from './scoring.service.ts';

/** A table to export: a title line (what and as of when), a header row and the rows. */
export type Table = { title: string; header: string[]; rows: (string | number)[][] };

/** The LAO table: one row per LAO with its score, criterion, certified aspects and (when worked out) reasons. */
export function laoTable(run: ScoreRun, rows: ScoreRow[], lang: Lang): Table {
  const th = lang === 'th';
  return {
    title: `${th ? 'คะแนนตัวชี้วัดที่ 4 ปีงบประมาณ' : 'Indicator 4 scores, fiscal year'} ${run.year} ${th ? 'ณ วันที่' : 'as of'} ${formatDateTimeBE(run.asOf)}`,
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
    ]),
  };
}

/** The distribution by province: one row per province with the count of each score, the total and the mean. */
export function provinceTable(run: ScoreRun, provinces: ReturnType<typeof byProvince>, lang: Lang): Table {
  const th = lang === 'th';
  return {
    title: `${th ? 'การกระจายคะแนนตัวชี้วัดที่ 4 รายจังหวัด ปีงบประมาณ' : 'Indicator 4 scores by province, fiscal year'} ${run.year} ${th ? 'ณ วันที่' : 'as of'} ${formatDateTimeBE(run.asOf)}`,
    header: [
      th ? 'รหัสจังหวัด' : 'Province code',
      th ? 'จังหวัด' : 'Province',
      ...[0, 1, 2, 3, 4, 5].map((s) => (th ? `${s} คะแนน` : `Score ${s}`)),
      th ? 'รวม' : 'Total',
      th ? 'เฉลี่ย' : 'Mean',
    ],
    rows: provinces.map((p) => [
      p.code,
      th ? p.nameTh : p.nameEn,
      ...[0, 1, 2, 3, 4, 5].map((s) => p.distribution[String(s)] ?? 0),
      p.total,
      Number(p.mean.toFixed(2)),
    ]),
  };
}

/** CSV with a UTF-8 BOM (so spreadsheet programs read the Thai text), the title first. */
export function toCsv(t: Table): string {
  return `\ufeff${csvLine([t.title])}${csvLine(t.header)}${t.rows.map(csvLine).join('')}`;
}

/** An .xlsx workbook of one sheet: the title, a bold header row (frozen) and the rows. */
export async function toXlsx(t: Table, sheet: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'lao-info';
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([t.title]).font = { bold: true };
  ws.addRow(t.header).font = { bold: true };
  for (const r of t.rows) ws.addRow(r);
  ws.columns.forEach((c, i) => {
    c.width = Math.min(
      60,
      Math.max(
        8,
        ...t.rows.slice(0, 200).map((r) => String(r[i] ?? '').length + 2),
        (t.header[i] ?? '').length + 2,
      ),
    );
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

import { stateLabel } from '../certification/certification.state.ts';
import { csvText, xlsxBuffer } from '../exports/table.ts';
import type { Lang } from '../plugins/i18n.ts';
import { formatDateTimeBE } from '../util/thai-date.ts';
import { STATUS_ASPECTS, type StatusItem } from './status.service.ts';

const when = (iso: string | null) => (iso ? formatDateTimeBE(iso) : '');

/** The header and rows of an export: ลำดับ, the LAO, then per aspect (and the debt report) its state and both certification times. */
export function statusTable(
  items: StatusItem[],
  lang: Lang,
): { head: string[]; rows: (string | number)[][] } {
  const en = lang === 'en';
  const head = [
    en ? 'No.' : 'ลำดับ',
    en ? 'LAO code' : 'รหัส อปท.',
    en ? 'Province' : 'จังหวัด',
    en ? 'District' : 'อำเภอ',
    en ? 'LAO' : 'อปท.',
    ...STATUS_ASPECTS.flatMap((no) =>
      en
        ? [`Aspect ${no}`, `Aspect ${no} LAO certified`, `Aspect ${no} province certified`]
        : [`ด้านที่ ${no}`, `ด้านที่ ${no} อปท. รับรอง ณ วันที่`, `ด้านที่ ${no} จังหวัดรับรอง ณ วันที่`],
    ),
    ...(en
      ? ['Debt report', 'Debt report LAO certified', 'Debt report province certified']
      : ['รายงานหนี้', 'รายงานหนี้ อปท. รับรอง ณ วันที่', 'รายงานหนี้ จังหวัดรับรอง ณ วันที่']),
  ];
  const rows = items.map((i, n) => [
    n + 1,
    i.laoCode,
    i.provinceNameTh,
    i.districtNameTh,
    i.laoNameTh,
    ...[...i.aspects, i.debtReport].flatMap((a) => [
      stateLabel(a.state, lang),
      when(a.laoCertifiedAt),
      when(a.provinceCertifiedAt),
    ]),
  ]);
  return { head, rows };
}

/** CSV (UTF-8 with a BOM so Excel reads the Thai), the header in row 1. */
export function statusCsv(items: StatusItem[], lang: Lang): Promise<string> {
  const { head, rows } = statusTable(items, lang);
  return csvText({ header: head, rows });
}

/**
 * An .xlsx workbook of the same table, header and LAO columns frozen, written with the streaming writer (rows
 * committed as they are added, no shared-strings table, no styles): the whole country is 7,849 rows × 32 columns.
 */
export function statusXlsx(items: StatusItem[], lang: Lang, year: number): Promise<Buffer> {
  const { head, rows } = statusTable(items, lang);
  return xlsxBuffer({ header: head, rows }, lang === 'en' ? `Status FY ${year}` : `สถานะ ปีงบประมาณ ${year}`, {
    widths: head.map((_, i) => (i === 0 ? 7 : i === 1 ? 10 : i < 5 ? 22 : 20)),
    frozenColumns: 5,
  });
}

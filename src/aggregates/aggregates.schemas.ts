import { z } from 'zod';
import { msg, qCode } from '../util/validation.ts';

const yearMsg = msg(
  'ระบุปีงบประมาณ year เป็น พ.ศ. เช่น 2569',
  'give year as a Buddhist-era fiscal year, e.g. 2569',
);

/** A required Buddhist-era fiscal year in the query. */
export const requiredYear = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z.coerce.number({ error: yearMsg }).int(yearMsg).min(2550, yearMsg).max(2700, yearMsg),
);

export const sumQuery = z.object({
  year: requiredYear,
  dataset: z
    .string({ error: msg('ระบุรหัสชุดข้อมูล dataset เช่น local-roads', 'give dataset, e.g. local-roads') })
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, msg('รหัสชุดข้อมูลไม่ถูกต้อง', 'invalid data set id')),
  field: z
    .string({ error: msg('ระบุรหัสฟิลด์ตัวเลข field เช่น lengthKm', 'give a numeric field, e.g. lengthKm') })
    .regex(/^[a-z][a-zA-Z0-9]*$/, msg('รหัสฟิลด์ไม่ถูกต้อง', 'invalid field key')),
  by: z
    .enum(['province', 'district'], {
      error: msg('by ต้องเป็น province หรือ district', 'by must be province or district'),
    })
    .default('province'),
  province: qCode('province', 2),
  lang: z.string().optional(),
});
export type SumQuery = z.infer<typeof sumQuery>;

export const reportBys = ['province', 'district', 'type', 'lao'] as const;
export type ReportBy = (typeof reportBys)[number];

/** A report: one numeric field of a data set in a year, grouped, within an area, on certified or recorded rows. */
export const reportQuery = z.object({
  year: requiredYear,
  dataset: sumQuery.shape.dataset,
  field: sumQuery.shape.field,
  by: z
    .enum(reportBys, {
      error: msg('by ต้องเป็น province, district, type หรือ lao', 'by must be province, district, type or lao'),
    })
    .default('province'),
  province: qCode('province', 2),
  district: qCode('district', 4),
  lao: qCode('lao', 7),
  basis: z
    .enum(['certified', 'recorded'], {
      error: msg(
        'basis ต้องเป็น certified (ข้อมูลที่รับรองแล้ว) หรือ recorded (ข้อมูลที่บันทึกทั้งหมด ต้องเข้าสู่ระบบ)',
        'basis must be certified or recorded (signed in)',
      ),
    })
    .default('certified'),
  lang: z.string().optional(),
});
export type ReportQuery = z.infer<typeof reportQuery>;

/** The data sets and numeric fields a report can be made of, in a fiscal year. */
export const reportFieldsQuery = z.object({ year: requiredYear, lang: z.string().optional() });

import { z } from 'zod';
import { datasetParams } from '../records/records.schemas.ts';
import { msg } from '../util/validation.ts';

/** The LAO, year, data set and import of an import URL. */
export const importParams = datasetParams.extend({
  importId: z
    .string()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      msg('รหัสการนำเข้าไม่ถูกต้อง', 'invalid import id'),
    ),
});

/** The apply request: a reason is needed only when the aspect is already certified. */
export const applySchema = z.object({
  /** Needed when the preview has date cells that read two ways: as read, or with day and month swapped. */
  dateOrder: z
    .enum(['as_read', 'swapped'], {
      error: msg('เลือกวิธีอ่านวันที่ dateOrder เป็น as_read หรือ swapped', 'dateOrder must be as_read or swapped'),
    })
    .optional(),
  changeReason: z
    .string()
    .max(1000, msg('เหตุผลยาวไม่เกิน 1,000 ตัวอักษร', 'changeReason is at most 1,000 characters'))
    .optional()
    .nullable(),
});

const issue = z.object({
  row: z.number().int().describe('the row number a person sees in the spreadsheet'),
  column: z.string().nullable().describe('the spreadsheet column, e.g. C'),
  field: z.string(),
  code: z.string(),
  message: z.string().describe('Thai; English with Accept-Language: en'),
});

/** An upload's preview as the API answers it: what applying would do, the errors, the file's warnings. */
const ambiguousDate = z.object({
  row: z.number().int(),
  column: z.string(),
  field: z.string(),
  asRead: z.string().describe('ISO date as Excel holds the cell'),
  swapped: z.string().describe('ISO date with day and month swapped'),
});

export const previewAnswer = z.object({
  importId: z.string(),
  laoCode: z.string(),
  year: z.number().int(),
  datasetId: z.string(),
  fileName: z.string(),
  format: z.enum(['xlsx', 'csv']),
  createdAt: z.string(),
  createdBy: z.string(),
  baseVersion: z.number().int(),
  currentVersion: z.number().int(),
  stale: z.boolean().describe('the data set was saved after the upload: upload again'),
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
  total: z.number().int().describe('rows of the data set after applying'),
  errorCount: z.number().int(),
  errors: z.array(issue).describe('the first 1,000 errors'),
  missingCount: z.number().int(),
  missing: z.array(issue).describe('required cells left empty (allowed)'),
  warnings: z
    .array(z.string())
    .describe(
      'about the file as a whole, never blocking: a workbook marked fullCalcOnLoad whose saved formula values may be stale',
    ),
  ambiguousDates: z
    .array(ambiguousDate)
    .describe('date cells with day and month both ≤ 12: applying needs dateOrder (as_read or swapped)'),
  appliedAt: z.string().nullable(),
  appliedBy: z.string().nullable(),
  appliedVersion: z.number().int().nullable(),
});

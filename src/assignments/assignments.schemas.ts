import { z } from 'zod';
import { laoYearParams } from '../records/records.schemas.ts';
import { msg, qYear } from '../util/validation.ts';

export { laoYearParams };

const isoDate = z
  .string({
    error: msg('ส่งวันที่เป็น ปปปป-ดด-วว (ค.ศ.) เช่น 2026-05-15', 'send the date as yyyy-mm-dd, e.g. 2026-05-15'),
  })
  .regex(
    /^\d{4}-\d{2}-\d{2}$/,
    msg('ส่งวันที่เป็น ปปปป-ดด-วว (ค.ศ.) เช่น 2026-05-15', 'send the date as yyyy-mm-dd, e.g. 2026-05-15'),
  );

/** PUT /api/v1/laos/:code/years/:year/assignments: the year's whole list of assignments. */
export const putAssignmentsSchema = z.object({
  assignments: z
    .array(
      z.object({
        sectionNo: z
          .number({ error: msg('sectionNo ต้องเป็นเลขส่วน 0–9', 'sectionNo must be a section number 0–9') })
          .int()
          .min(0)
          .max(99),
        datasetId: z.string().max(80).nullable().optional(),
        divisionId: z.string({ error: msg('เลือกกอง divisionId', 'give divisionId') }).max(64),
        responsibleUsername: z.string().max(64).nullable().optional(),
        dueDate: isoDate.nullable().optional(),
      }),
      { error: msg('ส่ง assignments เป็นรายการ', 'send assignments as a list') },
    )
    .max(1000),
});

/** POST …/assignments/seed and PUT /api/v1/years/:year/deadline. */
export const seedSchema = z.object({ dueDate: isoDate.nullable().optional() });
export const deadlineSchema = z.object({ dueDate: isoDate });

/** /api/v1/years/:year/…: a Buddhist-era fiscal year. */
export const yearParam = laoYearParams.pick({ year: true });

export const yearQuery = z.object({ year: qYear, lang: z.string().optional() });

/** The memo's document number and date (typed on the page, not stored). */
export const memoQuery = z.object({
  no: z
    .string()
    .max(80, msg('เลขที่หนังสือยาวไม่เกิน 80 ตัวอักษร', 'the number is at most 80 characters'))
    .optional(),
  date: z.string().max(20).optional(),
  lang: z.string().optional(),
});

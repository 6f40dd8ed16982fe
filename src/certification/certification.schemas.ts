import { z } from 'zod';
import { laoYearParams } from '../records/records.schemas.ts';
import { pagingQuery } from '../util/paging.ts';
import { msg } from '../util/validation.ts';

/** :code, :year and :no (1–9: the 8 aspects and the debt report). */
export const aspectParams = laoYearParams.extend({
  no: z.coerce
    .number({ error: msg('ด้านต้องเป็นตัวเลข 1–9', 'the aspect must be a number from 1 to 9') })
    .int(msg('ด้านต้องเป็นตัวเลข 1–9', 'the aspect must be a number from 1 to 9'))
    .min(1, msg('ด้านต้องเป็นตัวเลข 1–9', 'the aspect must be a number from 1 to 9'))
    .max(9, msg('ด้านต้องเป็นตัวเลข 1–9', 'the aspect must be a number from 1 to 9')),
});

export const provinceYearParams = z.object({
  code: z.string().regex(/^\d{2}$/, msg('รหัสจังหวัดต้องเป็นตัวเลข 2 หลัก', 'the province code must be 2 digits')),
  year: laoYearParams.shape.year,
});

export const levelSchema = z.enum(['lao', 'province'], {
  error: msg('ระบุระดับการรับรอง level เป็น "lao" หรือ "province"', 'level must be "lao" or "province"'),
});

export const certifyBody = z.object({ level: levelSchema });

/** A reason for a return or a withdrawal: said in a sentence, kept in the log. */
export const reasonSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : v),
  z
    .string({ error: msg('ระบุเหตุผล', 'Give a reason') })
    .min(5, msg('ระบุเหตุผลอย่างน้อย 5 ตัวอักษร', 'Give a reason of at least 5 characters'))
    .max(1000, msg('เหตุผลยาวไม่เกิน 1,000 ตัวอักษร', 'The reason is at most 1,000 characters')),
);

export const reasonBody = z.object({ reason: reasonSchema });

const pairPattern = /^\d{7}:[1-9]$/;

/** The province's batch: (LAO, aspect) pairs as JSON items or form values "5310108:1". */
export const batchBody = z.object({
  items: z
    .array(
      z.object({
        laoCode: z.string().regex(/^\d{7}$/, msg('รหัส อปท. ต้องเป็นตัวเลข 7 หลัก', 'laoCode must be 7 digits')),
        aspectNo: z.number().int().min(1).max(9),
      }),
      {
        error: msg(
          'ส่ง items เป็นรายการ { laoCode, aspectNo }',
          'send items as a list of { laoCode, aspectNo }',
        ),
      },
    )
    .min(1, msg('เลือกอย่างน้อย 1 รายการ', 'Choose at least one'))
    .max(500, msg('รับรองได้ครั้งละไม่เกิน 500 รายการ', 'At most 500 at a time')),
});

export const batchForm = z.object({
  pair: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(z.string().regex(pairPattern, msg('รายการที่เลือกไม่ถูกต้อง', 'Invalid choice')))
      .min(
        1,
        msg('เลือก อปท. และด้านที่จะรับรองอย่างน้อย 1 รายการ', 'Choose at least one LAO and aspect to certify'),
      )
      .max(500, msg('รับรองได้ครั้งละไม่เกิน 500 รายการ', 'At most 500 at a time')),
  ),
});

export const logQuery = z.object({
  page: pagingQuery.page,
  format: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.enum(['csv'], { error: msg('format ต้องเป็น csv', 'format must be csv') }).optional(),
  ),
  lang: z.string().optional(),
});

import { z } from 'zod';
import { beToIso, isIsoDate } from '../assignments/due-dates.ts';
import { laoYearParams } from '../records/records.schemas.ts';
import { isStorableText, msg, qInt } from '../util/validation.ts';

const storable = msg('ลบอักขระพิเศษที่บันทึกไม่ได้ออก', 'Remove characters that cannot be stored');

const text = (th: string, en: string, max: number, min = 1) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : v),
    z
      .string({ error: msg(th, en) })
      .min(min, msg(th, en))
      .max(max, msg(`ยาวไม่เกิน ${max.toLocaleString('en-US')} ตัวอักษร`, `At most ${max} characters`))
      .refine(isStorableText, storable),
  );

const aspectMsg = msg('เลือกด้านที่กิจกรรมนี้เกี่ยวข้อง (ด้านที่ 1–8)', 'Choose the aspect (1–8) the activity belongs to');
const aspect = z.coerce.number({ error: aspectMsg }).int(aspectMsg).min(1, aspectMsg).max(8, aspectMsg);

const participantsMsg = msg(
  'กรอกจำนวนผู้เข้าร่วมเป็นตัวเลขจำนวนเต็ม 0–1,000,000 หรือเว้นว่าง',
  'Enter the number of participants as a whole number 0–1,000,000, or leave it empty',
);
const participants = z.preprocess(
  (v) => (v === '' || v === undefined ? null : typeof v === 'string' ? v.replace(/,/g, '').trim() : v),
  z.coerce
    .number({ error: participantsMsg })
    .int(participantsMsg)
    .min(0, participantsMsg)
    .max(1_000_000, participantsMsg)
    .nullable(),
);

const common = {
  title: text('กรอกชื่อกิจกรรม', 'Enter the title of the activity', 200),
  aspect,
  description: text('', '', 5000, 0),
  participants,
};

const dateBeMsg = msg(
  'กรอกวันที่จัดกิจกรรมเป็น วว/ดด/ปปปป พ.ศ. เช่น 15/05/2569',
  'Enter the date as dd/mm/yyyy in the Buddhist era, e.g. 15/05/2569',
);

/** The activity form as typed: the date in dd/mm/yyyy of the Buddhist era, turned into yyyy-mm-dd (CE). */
export const activityForm = z.object({
  date: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: dateBeMsg })
      .min(1, dateBeMsg)
      .transform((v, c) => {
        const iso = beToIso(v);
        if (!iso) {
          c.addIssue({ code: 'custom', message: dateBeMsg });
          return z.NEVER;
        }
        return iso;
      }),
  ),
  ...common,
});

const dateIsoMsg = msg(
  'date เป็นวันที่ yyyy-mm-dd (ค.ศ.) เช่น 2026-05-15',
  'date is yyyy-mm-dd (CE), e.g. 2026-05-15',
);

/** An activity sent to the JSON API: the date as yyyy-mm-dd (CE). */
export const activityBody = z.object({
  date: z.string({ error: dateIsoMsg }).refine(isIsoDate, dateIsoMsg),
  ...common,
});
export type ActivityInput = z.output<typeof activityBody>;

export const activityParams = laoYearParams.extend({
  id: z.string().regex(/^[0-9a-f-]{36}$/, msg('รหัสกิจกรรมไม่ถูกต้อง', 'Not an activity id')),
});

const optionalText = z.preprocess(
  (v) => (v === '' || v === undefined ? undefined : v),
  z.string().max(100, msg('คำค้นยาวไม่เกิน 100 ตัวอักษร', 'At most 100 characters to search')).optional(),
);

/** The filters of the API list (dates yyyy-mm-dd). */
export const activityQuery = z.object({
  aspect: qInt('aspect', 1, 8),
  from: z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isIsoDate, dateIsoMsg).optional()),
  to: z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isIsoDate, dateIsoMsg).optional()),
  q: optionalText,
  page: qInt('page', 1, 1_000_000),
  pageSize: qInt('pageSize', 1, 500),
});
export type ActivityFilter = {
  aspect?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
};

const beFilter = (name: string) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .transform((v, c) => {
        const iso = beToIso(v);
        if (!iso) {
          c.addIssue({
            code: 'custom',
            message: msg(
              `${name}: กรอกวันที่เป็น วว/ดด/ปปปป พ.ศ.`,
              `${name}: enter a date as dd/mm/yyyy (Buddhist era)`,
            ),
          });
          return z.NEVER;
        }
        return iso;
      })
      .optional(),
  );

/** The filters of the list page (dates typed dd/mm/yyyy BE). */
export const activityPageQuery = z.object({
  aspect: qInt('aspect', 1, 8),
  from: beFilter('from'),
  to: beFilter('to'),
  q: optionalText,
  page: qInt('page', 1, 1_000_000),
});

const fileItem = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  url: z.string(),
});

/** An activity as the JSON API gives it. */
export const activityAnswer = z.object({
  id: z.string(),
  laoCode: z.string(),
  year: z.number().int(),
  date: z.string(),
  title: z.string(),
  aspect: z.number().int(),
  description: z.string(),
  participants: z.number().int().nullable(),
  files: z.array(fileItem),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

import { z } from 'zod';
import { reasonSchema } from '../certification/certification.schemas.ts';
import { aspectStates } from '../certification/certification.state.ts';
import { laoYearParams } from '../records/records.schemas.ts';
import { laoTypes } from '../registry/lao-names.ts';
import { msg, qCode, qInt, qYear } from '../util/validation.ts';

const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (v === '' ? undefined : v), s.optional());

export const yearQuery = z.object({ year: qYear, lang: z.string().optional() });

export const provinceParams = z.object({
  code: z.string().regex(/^\d{2}$/, msg('รหัสจังหวัดต้องเป็นตัวเลข 2 หลัก', 'the province code must be 2 digits')),
});

/** …/provinces/:code/years/:year/… */
export const provinceYearParams = provinceParams.extend({
  year: laoYearParams.shape.year,
});

/** The province dashboard's filters, all in the URL. */
export const provinceQuery = z.object({
  year: qYear,
  district: qCode('district', 4),
  type: optional(
    z.enum(laoTypes, {
      error: msg(`type ต้องเป็นหนึ่งใน ${laoTypes.join(', ')}`, `type must be one of ${laoTypes.join(', ')}`),
    }),
  ),
  state: optional(
    z.enum(aspectStates, {
      error: msg(
        `state ต้องเป็นหนึ่งใน ${aspectStates.join(', ')}`,
        `state must be one of ${aspectStates.join(', ')}`,
      ),
    }),
  ),
  page: qInt('page', 1, 1000),
  lang: z.string().optional(),
});

const isoDate = z
  .string({ error: msg('ระบุ dueDate เป็นวันที่ ปปปป-ดด-วว (ค.ศ.)', 'give dueDate as yyyy-mm-dd (CE)') })
  .regex(
    /^\d{4}-\d{2}-\d{2}$/,
    msg(
      'dueDate ต้องเป็นวันที่ ปปปป-ดด-วว (ค.ศ.) เช่น 2026-06-30',
      'dueDate must be yyyy-mm-dd (CE), e.g. 2026-06-30',
    ),
  );

/** PUT …/deadline-extension. */
export const extensionBody = z.object({ dueDate: isoDate, reason: reasonSchema });

/** The extension form: the LAO, a date typed dd/mm/yyyy (BE), the reason. */
export const extensionForm = z.object({
  year: z.coerce.number().int().min(2550).max(2700),
  lao: z
    .string({ error: msg('เลือก อปท.', 'Choose an LAO') })
    .regex(/^\d{7}$/, msg('เลือก อปท.', 'Choose an LAO')),
  dueDate: z
    .string({
      error: msg('กรอกวันที่ วว/ดด/ปปปป (พ.ศ.) เช่น 30/06/2569', 'Enter a date dd/mm/yyyy (BE), e.g. 30/06/2569'),
    })
    .regex(
      /^\s*\d{1,2}\/\d{1,2}\/\d{4}\s*$/,
      msg('กรอกวันที่ วว/ดด/ปปปป (พ.ศ.) เช่น 30/06/2569', 'Enter a date dd/mm/yyyy (BE), e.g. 30/06/2569'),
    ),
  reason: reasonSchema,
});

export const yearForm = z.object({ year: z.coerce.number().int().min(2550).max(2700) });

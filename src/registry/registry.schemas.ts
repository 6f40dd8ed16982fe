import { z } from 'zod';
import { laoTypes } from './lao-names.ts';

export const laoTypeSchema = z.enum(laoTypes);

/** The shipped change layer (data/lao-changes.json): each entry is an LAO's state from a fiscal year on. */
export const changeFileSchema = z.object({
  description: z.string(),
  changes: z.array(
    z.object({
      code: z.string().regex(/^\d{7}$/),
      fromYear: z.number().int().min(2500).max(2700),
      change: z.enum(['upgrade', 'rename', 'merge', 'retire', 'create']),
      type: laoTypeSchema.optional(),
      nameTh: z.string().min(1).optional(),
      status: z.enum(['active', 'retired']).optional(),
      mergedInto: z
        .string()
        .regex(/^\d{7}$/)
        .optional(),
      note: z.string(),
      source: z.string(),
    }),
  ),
});

const optionalNumber = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: 'custom', message: 'ต้องเป็นตัวเลข / must be a number' });
      return z.NEVER;
    }
    return n;
  });

/** One row of an official registry CSV (columns documented in the README). */
export const registryCsvRowSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{7}$/, 'รหัส อปท. ต้องเป็นตัวเลข 7 หลัก / code must be 7 digits'),
  name_th: z.string().trim().min(1, 'กรอกชื่อ อปท. / name_th is required'),
  type: z.string().trim().pipe(laoTypeSchema),
  province_code: z
    .string()
    .trim()
    .regex(/^\d{2}$/, 'รหัสจังหวัด 2 หลัก / province_code must be 2 digits'),
  district_code: z
    .string()
    .trim()
    .regex(/^(\d{4})?$/, 'รหัสอำเภอ 4 หลัก / district_code must be 4 digits')
    .optional()
    .default(''),
  status: z.enum(['active', 'retired', '']).optional().default(''),
  merged_into: z
    .string()
    .trim()
    .regex(/^(\d{7})?$/)
    .optional()
    .default(''),
  lat: optionalNumber.optional(),
  lon: optionalNumber.optional(),
  area_km2: optionalNumber.optional(),
});

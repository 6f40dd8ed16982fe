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
  changeReason: z
    .string()
    .max(1000, msg('เหตุผลยาวไม่เกิน 1,000 ตัวอักษร', 'changeReason is at most 1,000 characters'))
    .optional()
    .nullable(),
});

import { z } from 'zod';
import { msg, qCode, qInt, qYear } from '../util/validation.ts';

/** The page sizes of the status search ("หน้าละ 10 รายการ"). */
export const pageSizes = [10, 25, 50, 100] as const;

/** The conditions of the status search, all in the URL so a result can be shared. */
export const statusQuery = z.object({
  year: qYear,
  province: qCode('province', 2),
  district: qCode('district', 4),
  lao: qCode('lao', 7),
  page: qInt('page', 1, 100000),
  pageSize: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : Number(v)),
    z
      .literal(pageSizes, {
        error: msg(
          `pageSize ต้องเป็น ${pageSizes.join(', ')}`,
          `pageSize must be one of ${pageSizes.join(', ')}`,
        ),
      })
      .optional(),
  ),
  lang: z.string().optional(),
  show: z.string().optional(),
});

export type StatusQuery = z.output<typeof statusQuery>;

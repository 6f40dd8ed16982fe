import { z } from 'zod';
import { msg, qInt, qYear } from '../util/validation.ts';

/** An explanation of one flag from the data set page: the flag's rule and row, and why the value is right. */
export const explainBody = z.object({
  ruleId: z
    .string({ error: msg('ไม่ระบุกฎที่ทักท้วง', 'ruleId is required') })
    .regex(/^[a-zA-Z0-9-]{1,80}$/, msg('รหัสกฎไม่ถูกต้อง', 'ruleId is not a rule id')),
  rowId: z
    .string()
    .regex(/^[0-9a-f-]{0,36}$/, msg('รหัสแถวไม่ถูกต้อง', 'rowId is not a row id'))
    .default(''),
  text: z
    .string({ error: msg('อธิบายว่าทำไมค่านี้ถูกต้อง', 'text: say why this value is right') })
    .max(2000, msg('คำอธิบายยาวได้ไม่เกิน 1,000 ตัวอักษร', 'text: at most 1,000 characters')),
});
export type ExplainBody = z.output<typeof explainBody>;

/** ?aspect= (1–9) of an LAO's flags; all sections without it. */
export const laoQualityQuery = z.object({ aspect: qInt('aspect', 0, 9) });

/** :code of a province and ?year= of its flags. */
export const provinceQualityParams = z.object({
  code: z.string().regex(/^\d{2}$/, msg('รหัสจังหวัดต้องเป็นตัวเลข 2 หลัก', 'the province code must be 2 digits')),
});
export const provinceQualityQuery = z.object({ year: qYear });

const bilingual = z.object({ th: z.string(), en: z.string() });

/** One flagged value as the API answers it. */
export const flagSchema = z.object({
  laoCode: z.string(),
  datasetId: z.string(),
  sectionNo: z.number().int(),
  ruleId: z.string().describe('the catalog rule, or jump-<field> for a 10-fold change from last year'),
  field: z.string(),
  rowId: z.string().describe("the row; '' for a list's total"),
  row: z.number().int().nullable(),
  kind: z.enum(['plausibility', 'year_change', 'peer']),
  message: bilingual,
  value: z.unknown(),
  blocking: z.boolean().describe('a 10-fold change: the LAO cannot certify the aspect until it is explained'),
  explainable: z.boolean().describe('explained here; false: by the row’s own explanation when it is saved'),
  explanation: z
    .object({ text: z.string(), by: z.string().nullable(), at: z.string().nullable() })
    .nullable(),
});

/** The flags of an LAO's year. */
export const laoFlagsAnswer = z.object({ items: z.array(flagSchema) });

/** The flags of a province's LAOs. */
export const provinceFlagsAnswer = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      nameTh: z.string(),
      districtNameTh: z.string(),
      flags: z.array(flagSchema),
    }),
  ),
});

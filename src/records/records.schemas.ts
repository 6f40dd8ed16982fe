import { z } from 'zod';
import { msg } from '../util/validation.ts';

export const laoYearParams = z.object({
  code: z.string().regex(/^\d{7}$/, msg('รหัส อปท. ต้องเป็นตัวเลข 7 หลัก', 'the LAO code must be 7 digits')),
  year: z.coerce
    .number({
      error: msg('ปีงบประมาณต้องเป็น พ.ศ. เช่น 2569', 'year must be a Buddhist-era fiscal year, e.g. 2569'),
    })
    .int()
    .min(2550, msg('ปีงบประมาณต้องเป็น พ.ศ. เช่น 2569', 'year must be a Buddhist-era fiscal year, e.g. 2569'))
    .max(2700, msg('ปีงบประมาณต้องเป็น พ.ศ. เช่น 2569', 'year must be a Buddhist-era fiscal year, e.g. 2569')),
});

export const datasetParams = laoYearParams.extend({
  datasetId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, msg('รหัสชุดข้อมูลไม่ถูกต้อง', 'invalid data set id')),
});

/** …/history/:version: one change of a data set. */
export const historyParams = datasetParams.extend({
  version: z.coerce
    .number({ error: msg('รุ่นต้องเป็นเลขจำนวนเต็มตั้งแต่ 1', 'version must be a whole number from 1') })
    .int(msg('รุ่นต้องเป็นเลขจำนวนเต็มตั้งแต่ 1', 'version must be a whole number from 1'))
    .min(1, msg('รุ่นต้องเป็นเลขจำนวนเต็มตั้งแต่ 1', 'version must be a whole number from 1'))
    .max(2_000_000_000, msg('รุ่นต้องเป็นเลขจำนวนเต็มตั้งแต่ 1', 'version must be a whole number from 1')),
});

const version = z
  .number({ error: msg('ส่ง version ที่อ่านมาล่าสุด (ตัวเลข)', 'send the version you last read (a number)') })
  .int()
  .min(0);
const changeReason = z.string().max(1000).optional().nullable();

/** The PUT body: all rows, or "none in our area" with a reason. */
export const putDatasetSchema = z.union([
  z.object({
    version,
    none: z.literal(true),
    noneReason: z.string({ error: msg('ระบุเหตุผล noneReason', 'give noneReason') }).max(1000),
    changeReason,
  }),
  z.object({
    version,
    none: z.literal(false).optional(),
    rows: z
      .array(
        z.object({
          id: z.string().max(64).optional(),
          values: z.record(z.string(), z.unknown(), {
            error: msg('values ต้องเป็นออบเจ็กต์ของค่าตามรหัสฟิลด์', 'values must be an object of field values'),
          }),
          explanation: z.string().max(1000).optional().nullable(),
        }),
        {
          error: msg(
            'ส่ง rows เป็นรายการแถว [{ values }] หรือ none: true',
            'send rows as [{ values }] or none: true',
          ),
        },
      )
      .max(
        20000,
        msg('ส่งได้ไม่เกิน 20,000 แถวต่อครั้ง ใช้การนำเข้าแฟ้มสำหรับข้อมูลมากกว่านี้', 'at most 20,000 rows per request'),
      ),
    changeReason,
  }),
]);

// ---- answers (the OpenAPI document and the generated client read them) ----

const status = z.enum(['empty', 'partial', 'complete', 'none']).describe('completeness of the data set');
const who = z.string().nullable();

/** GET …/datasets: every data set that applies to the LAO, with its state. */
export const datasetListAnswer = z.array(
  z.object({
    datasetId: z.string(),
    sectionNo: z.number().int(),
    nameTh: z.string(),
    nameEn: z.string(),
    kind: z.enum(['form', 'list']),
    status,
    none: z.boolean(),
    rowCount: z.number().int(),
    version: z.number().int(),
    updatedAt: who,
    updatedBy: who,
  }),
);

/** GET …/datasets/:datasetId: the rows (a form has one) and the version to send back with a save. */
export const datasetAnswer = z.object({
  datasetId: z.string(),
  kind: z.enum(['form', 'list']),
  status,
  none: z.boolean(),
  noneReason: z.string().nullable(),
  rows: z.array(
    z.object({
      id: z.string(),
      values: z.record(z.string(), z.unknown()),
      explanation: z.string().optional(),
    }),
  ),
  version: z.number().int(),
  updatedAt: who,
  updatedBy: who,
});

/** PUT …/datasets/:datasetId: the new version, the completeness after the save, and whether anything changed. */
export const saveAnswer = z.object({ version: z.number().int(), status, changed: z.boolean() });

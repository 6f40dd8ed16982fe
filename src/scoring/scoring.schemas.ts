import { z } from 'zod';
import { msg, qCode, qInt, qYear } from '../util/validation.ts';

/** The closed set of conditions a rubric level can require; the engine knows how to check each one. */
export const conditions = [
  'some_data',
  'data_in_every_aspect',
  'all_complete',
  'all_correct',
  'all_current',
  'lao_certified',
  'province_certified',
] as const;
export type Condition = (typeof conditions)[number];

const text = z.string().trim().min(1);

/** Whose words a level's criterion is: the indicator's own, or the product's reading of them. */
export const textKinds = ['official', 'interpretation'] as const;
export type TextKind = (typeof textKinds)[number];

/**
 * The indicator's frame as its text states it: weight, assessment unit, goal and the laws and letters it
 * cites. Optional, so that a rubric imported before the frame existed still parses.
 */
const indicatorFrame = z.strictObject({
  weight: z.number().positive().max(100),
  unitTh: text,
  unitEn: text,
  goalTh: text,
  goalEn: text,
  /** The official wording of the period ("ประเมินการดำเนินการระหว่างวันที่ 1 ตุลาคม … ถึงวันที่เข้ารับการประเมิน"). */
  periodOfficialTh: text,
  references: z.array(z.strictObject({ th: text, en: text })).max(20),
});

/**
 * One rubric file (format version 1): the levels 0–5 with their criterion text and the conditions each
 * requires, the aspects assessed, the period assessed and what counts as current.
 */
export const rubricFileSchema = z
  .strictObject({
    formatVersion: z.literal(1),
    year: z.number().int().min(2550).max(2700),
    nameTh: text,
    nameEn: text,
    source: text,
    aspects: z.array(z.number().int().min(1).max(8)).min(1).max(8),
    period: z.strictObject({
      /** The start of the period assessed: 1 October of the fiscal year, or a fixed moment with its offset. */
      from: z.union([z.literal('fiscal_year_start'), z.iso.datetime({ offset: true })]),
      descriptionTh: text,
      descriptionEn: text,
    }),
    current: z.strictObject({
      /**
       * What makes a data set current: a change inside the period ('change'), and optionally a counting LAO
       * certification of its aspect inside the period ('lao_certification') as a confirmation.
       */
      confirmedBy: z.array(z.enum(['change', 'lao_certification'])).min(1),
      descriptionTh: text,
      descriptionEn: text,
    }),
    indicator: indicatorFrame.optional(),
    levels: z
      .array(
        z.strictObject({
          score: z.number().int().min(0).max(5),
          /** The criterion the product applies (the official words, or its reading of them). */
          criterionTh: text,
          criterionEn: text,
          /** Whose words criterionTh is; a file that does not say is shown without a mark. */
          text: z.enum(textKinds).optional(),
          /** For an interpretation: the indicator's own words for this level, and why the product reads them so. */
          officialTh: text.optional(),
          officialEn: text.optional(),
          whyTh: text.optional(),
          whyEn: text.optional(),
          requires: z.array(z.enum(conditions)),
        }),
      )
      .length(6),
  })
  .superRefine((r, ctx) => {
    r.levels.forEach((l, i) => {
      if (l.text === 'interpretation')
        for (const f of ['officialTh', 'whyTh', 'whyEn'] as const)
          if (!l[f])
            ctx.addIssue({
              code: 'custom',
              path: ['levels', i, f],
              message: `คะแนน ${i} เป็นการตีความ: ระบุ ${f} (an interpretation gives the official words and why)`,
            });
      if (l.text !== 'interpretation' && (l.officialTh || l.whyTh))
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'text'],
          message: `คะแนน ${i} มีถ้อยคำทางการแยกไว้: ระบุ "text": "interpretation" (official words beside a reading need text: interpretation)`,
        });
      if (l.score !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'score'],
          message: `ระดับที่ ${i + 1} ต้องมีคะแนน ${i} (levels must be 0–5 in order)`,
        });
      const prev = r.levels[i - 1];
      if (prev && !prev.requires.every((c) => l.requires.includes(c)))
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'requires'],
          message: `คะแนน ${i} ต้องรวมเงื่อนไขทุกข้อของคะแนน ${i - 1} (each level includes the previous one)`,
        });
    });
    if (r.levels[0]?.requires.length)
      ctx.addIssue({
        code: 'custom',
        path: ['levels', 0, 'requires'],
        message: 'คะแนน 0 ต้องไม่มีเงื่อนไข (score 0 requires nothing)',
      });
    if (new Set(r.aspects).size !== r.aspects.length)
      ctx.addIssue({ code: 'custom', path: ['aspects'], message: 'ด้านซ้ำ (duplicate aspect)' });
  });
export type RubricFile = z.infer<typeof rubricFileSchema>;

const asOfText = z
  .string()
  .max(40, msg('asOf ยาวเกินไป', 'asOf is too long'))
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** GET /api/v1/scores and the score pages. */
export const scoresQuerySchema = z.object({
  year: qYear,
  asOf: asOfText,
  province: qCode('province', 2),
  district: qCode('district', 4),
  score: qInt('score', 0, 5),
  page: qInt('page', 1, 100000),
  pageSize: qInt('pageSize', 1, 500),
  lang: z.string().optional(),
});

/** One LAO's score: ?asOf= (and the page's language). */
export const laoScoreQuerySchema = z.object({ asOf: asOfText, lang: z.string().optional() });

export const assessmentIdParams = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/, msg('รหัสการประเมินไม่ถูกต้อง', 'invalid assessment id')),
});

/** POST /api/v1/assessments and the form on /assessments. */
export const assessmentInputSchema = z
  .object({
    scope: z.enum(['lao', 'province', 'country'], {
      error: msg('เลือกขอบเขต: lao, province หรือ country', 'scope must be lao, province or country'),
    }),
    code: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || undefined),
    year: z.coerce
      .number({ error: msg('ปีงบประมาณต้องเป็น พ.ศ. เช่น 2569', 'year must be a Buddhist-era fiscal year') })
      .int(msg('ปีงบประมาณต้องเป็น พ.ศ. เช่น 2569', 'year must be a Buddhist-era fiscal year'))
      .min(2550, msg('ปีงบประมาณต้องเป็น พ.ศ. เช่น 2569', 'year must be a Buddhist-era fiscal year'))
      .max(2700, msg('ปีงบประมาณต้องเป็น พ.ศ. เช่น 2569', 'year must be a Buddhist-era fiscal year')),
    asOf: z
      .string({ error: msg('ระบุวันเวลาที่ประเมิน (asOf)', 'give the assessment moment (asOf)') })
      .trim()
      .min(
        1,
        msg('ระบุวันเวลาที่ประเมิน เช่น 15/05/2569 15:30:00', 'give the assessment moment, e.g. 15/05/2569 15:30'),
      ),
    note: z
      .string()
      .trim()
      .max(500, msg('หมายเหตุยาวไม่เกิน 500 ตัวอักษร', 'note is at most 500 characters'))
      .optional(),
  })
  .superRefine((v, ctx) => {
    const pattern = v.scope === 'lao' ? /^\d{7}$/ : v.scope === 'province' ? /^\d{2}$/ : null;
    if (pattern && !pattern.test(v.code ?? ''))
      ctx.addIssue({
        code: 'custom',
        path: ['code'],
        message:
          v.scope === 'lao'
            ? msg('ระบุรหัส อปท. 7 หลัก', 'give the 7-digit LAO code')
            : msg('ระบุรหัสจังหวัด 2 หลัก', 'give the 2-digit province code'),
      });
  });
export type AssessmentInput = z.infer<typeof assessmentInputSchema>;

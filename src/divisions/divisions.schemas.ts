import { z } from 'zod';
import { msg } from '../util/validation.ts';

export const laoCodeParam = z.object({
  code: z.string().regex(/^\d{7}$/, msg('รหัส อปท. ต้องเป็นตัวเลข 7 หลัก', 'the LAO code must be 7 digits')),
});

export const divisionParams = laoCodeParam.extend({
  id: z.string().regex(/^[\w-]{1,64}$/, msg('รหัสกองไม่ถูกต้อง', 'invalid division id')),
});

export const staffParams = laoCodeParam.extend({
  username: z.string().min(1).max(64),
});

// Names are compared and stored with their spaces collapsed: "กอง  ช่าง " is กอง ช่าง.
const tidy = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC').replace(/\s+/g, ' ').trim() : v);

/** An optional Thai text of a person (name or position): blank is null, at most 200 characters. */
const personText = (th: string, en: string) =>
  z.preprocess(
    (v) => (tidy(v) === '' ? null : tidy(v)),
    z
      .string({ error: msg(`${th}ต้องเป็นข้อความ`, `${en} must be text`) })
      .max(200, msg(`${th}ยาวไม่เกิน 200 ตัวอักษร`, `${en} is at most 200 characters`))
      .nullable()
      .optional(),
  );

/**
 * Add or rename a division: its Thai name, optionally its English one, and its head as the memo names
 * them (name and position; an absent value keeps the old one on a rename, blank clears it).
 */
export const divisionSchema = z.object({
  nameTh: z.preprocess(
    tidy,
    z
      .string({ error: msg('กรอกชื่อกองหรือฝ่าย เช่น กองช่าง', 'Enter the division’s Thai name, e.g. กองช่าง') })
      .min(2, msg('กรอกชื่อกองหรือฝ่าย เช่น กองช่าง', 'Enter the division’s Thai name, e.g. กองช่าง'))
      .max(120, msg('ชื่อกองยาวไม่เกิน 120 ตัวอักษร', 'The name is at most 120 characters')),
  ),
  nameEn: z.preprocess(
    (v) => (tidy(v) === '' ? null : tidy(v)),
    z
      .string()
      .max(120, msg('ชื่อภาษาอังกฤษยาวไม่เกิน 120 ตัวอักษร', 'The English name is at most 120 characters'))
      .nullable()
      .optional(),
  ),
  headNameTh: personText('ชื่อหัวหน้ากอง', 'The head’s name'),
  headPositionTh: personText('ตำแหน่งหัวหน้ากอง', 'The head’s position'),
});
export type DivisionInput = z.output<typeof divisionSchema>;

/** The divisions a staff member belongs to (a form sends one value or several). */
export const staffDivisionsSchema = z.object({
  divisionIds: z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string().max(64), {
      error: msg('ส่ง divisionIds เป็นรายการรหัสกอง', 'send divisionIds as a list of division ids'),
    }),
  ),
});

import { z } from 'zod';
import { msg } from '../util/validation.ts';

/** Registration states, in the order the province screen lists them. */
export const contactStates = ['unregistered', 'pending', 'verified'] as const;
export type ContactState = (typeof contactStates)[number];

/**
 * A Thai phone number typed any common way (081-234-5678, 044 611 111, +66 81 234 5678) → its digits with a
 * leading 0, or null when it is not a Thai number: mobiles are 10 digits (06, 08, 09), fixed lines 9 (02–07).
 */
export function normalisePhone(input: string): string | null {
  let d = input.replace(/[\s\-().]/g, '');
  if (/^\+66\d+$/.test(d)) d = `0${d.slice(3)}`;
  if (!/^\d+$/.test(d)) return null;
  if (/^0[689]\d{8}$/.test(d) || /^0[2-7]\d{7}$/.test(d)) return d;
  return null;
}

/** The digits of a normalised phone number grouped as Thai readers write them: 081-234-5678, 02-123-4567, 044-611-111. */
export function formatPhone(digits: string): string {
  if (digits.length === 10) return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
  if (digits.startsWith('02')) return `${digits.slice(0, 2)}-${digits.slice(2, 5)}-${digits.slice(5)}`;
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

const text = (th: string, en: string, max = 200) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : v),
    z
      .string({ error: msg(th, en) })
      .min(1, msg(th, en))
      .max(max, msg(`ยาวไม่เกิน ${max} ตัวอักษร`, `At most ${max} characters`)),
  );

const phoneMessage = msg(
  'กรอกหมายเลขโทรศัพท์ของไทย 9–10 หลักขึ้นต้นด้วย 0 เช่น 044-611-111 หรือ 081-234-5678',
  'Enter a Thai phone number of 9–10 digits starting with 0, e.g. 044-611-111 or 081-234-5678',
);

/** The central e-mail registration as typed in the form or sent to PUT /api/v1/laos/:code/contact. */
export const contactSchema = z.object({
  responsibleName: text('กรอกชื่อ-สกุลของผู้รับผิดชอบ', 'Enter the full name of the person responsible'),
  responsiblePosition: text('กรอกตำแหน่งของผู้รับผิดชอบ เช่น นักวิชาการคอมพิวเตอร์', 'Enter their position'),
  responsibleDivision: text(
    'กรอกกองหรือฝ่ายที่สังกัด เช่น สำนักปลัด',
    'Enter their division, e.g. office of the clerk',
  ),
  phone: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: phoneMessage })
      .min(1, phoneMessage)
      .transform((v, c) => {
        const d = normalisePhone(v);
        if (!d) {
          c.addIssue({ code: 'custom', message: phoneMessage });
          return z.NEVER;
        }
        return formatPhone(d);
      }),
  ),
  email: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z
      .string({ error: msg('กรอกที่อยู่ e-mail กลางของ อปท.', 'Enter the central e-mail address of the LAO') })
      .min(1, msg('กรอกที่อยู่ e-mail กลางของ อปท.', 'Enter the central e-mail address of the LAO'))
      .max(254, msg('ที่อยู่ e-mail ยาวเกินไป', 'The e-mail address is too long'))
      .pipe(
        z.email(
          msg(
            'กรอกที่อยู่ e-mail ให้ถูกต้อง เช่น saraban@banbua.go.th',
            'Enter a valid e-mail address, e.g. saraban@banbua.go.th',
          ),
        ),
      ),
  ),
});

export type ContactInput = z.output<typeof contactSchema>;

export const laoCodeParam = z.object({
  code: z.string().regex(/^\d{7}$/, msg('รหัส อปท. ต้องเป็นตัวเลข 7 หลัก', 'the LAO code must be 7 digits')),
});

export const provinceCodeParam = z.object({
  code: z.string().regex(/^\d{2}$/, msg('รหัสจังหวัดต้องเป็นตัวเลข 2 หลัก', 'the province code must be 2 digits')),
});

export const stateQuery = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .enum(contactStates, {
      error: msg(
        `state ต้องเป็นหนึ่งใน ${contactStates.join(', ')}`,
        `state must be one of ${contactStates.join(', ')}`,
      ),
    })
    .optional(),
);

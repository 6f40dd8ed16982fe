import { z } from 'zod';
import { AppError, type Bilingual, bi, type FieldError } from './errors.ts';

const SEP = '\u241e';

/** A bilingual Zod message: the error mapper splits it back into Thai and English. */
export const msg = (th: string, en: string) => `${th}${SEP}${en}`;

/** Turns a Zod message (bilingual or plain) into a Thai/English pair. */
export function splitMsg(message: string): Bilingual {
  const [th, en] = message.split(SEP);
  return bi(th ?? message, en ?? th ?? message);
}

/** Maps Zod issues to field errors with their dotted path. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({
    field: i.path.map(String).join('.') || 'body',
    message: splitMsg(i.message),
    code: i.code,
  }));
}

/** Parses or throws a 400 that names each bad parameter and says what to do. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  data: unknown,
  status: 'bad_request' | 'unprocessable' = 'bad_request',
): z.output<T> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const errs = fieldErrors(r.error);
  const names = [...new Set(errs.map((e) => e.field))].join(', ');
  throw new AppError(status, bi(`ค่าที่ส่งมาไม่ถูกต้อง: ${names}`, `Invalid value for: ${names}`), errs);
}

/** Query helpers: optional integer within bounds, with a message naming the parameter. */
export const qInt = (name: string, min: number, max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : v),
    z.coerce
      .number({
        error: msg(
          `${name} ต้องเป็นจำนวนเต็ม ${min}–${max}`,
          `${name} must be a whole number from ${min} to ${max}`,
        ),
      })
      .int(
        msg(`${name} ต้องเป็นจำนวนเต็ม ${min}–${max}`, `${name} must be a whole number from ${min} to ${max}`),
      )
      .min(min, msg(`${name} ต้องไม่น้อยกว่า ${min}`, `${name} must be at least ${min}`))
      .max(max, msg(`${name} ต้องไม่เกิน ${max}`, `${name} must be at most ${max}`))
      .optional(),
  );

/** An optional code of a fixed number of digits. */
export const qCode = (name: string, digits: number) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(
        new RegExp(`^\\d{${digits}}$`),
        msg(`${name} ต้องเป็นรหัสตัวเลข ${digits} หลัก`, `${name} must be a ${digits}-digit code`),
      )
      .optional(),
  );

/** An optional Buddhist-era fiscal year. */
export const qYear = qInt('year', 2550, 2700);

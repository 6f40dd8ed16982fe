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

// What PostgreSQL cannot keep in a text column (and SQLite would keep silently): U+0000, and half of a UTF-16
// surrogate pair (no character at all, so no UTF-8 for it either).
const MAYBE_REFUSED = /[\0\uD800-\uDFFF]/;
const REFUSED = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string can be stored as text on both databases: no U+0000, no unpaired surrogate. */
export const isStorableText = (s: string) => !MAYBE_REFUSED.test(s) || !REFUSED.test(s);

/** The message for a value holding such a character, naming the field and saying what to do. */
export const unstorableText = (field: string) =>
  bi(
    `${field} มีอักขระที่ระบบเก็บไม่ได้ (อักขระ NUL หรือ UTF-16 surrogate ที่ไม่ครบคู่) — ลบอักขระนั้นแล้วส่งใหม่`,
    `${field} holds a character that cannot be stored (NUL or an unpaired UTF-16 surrogate); remove it and send again`,
  );

// Each entry keeps its key and its parent's entry: the path is spelt out only for the value that fails.
type Entry = { v: unknown; key: string; up: Entry | null };
function pathOf(e: Entry) {
  const keys: string[] = [];
  for (let x: Entry | null = e; x; x = x.up) if (x.key) keys.push(x.key);
  return keys.reverse().join('.');
}

/**
 * The dotted path of the first string in a value (a key or a value, at any depth) that is not storable text,
 * or null. Walked with a stack of its own, so a deeply nested body cannot exhaust the call stack.
 */
export function unstorableTextAt(value: unknown, root: string): string | null {
  // A single value (most of what the database guard checks, once per parameter) needs no walk.
  if (typeof value === 'string') return isStorableText(value) ? null : root;
  if (value === null || typeof value !== 'object') return null;
  const stack: Entry[] = [{ v: value, key: root, up: null }];
  while (stack.length) {
    const e = stack.pop()!;
    const v = e.v;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return pathOf(e);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: String(i), up: e });
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const key of Object.keys(v)) {
        const child = { v: (v as Record<string, unknown>)[key], key, up: e };
        if (!isStorableText(key)) return pathOf(child);
        stack.push(child);
      }
    }
  }
  return null;
}

/** Refuses (422, naming the field) a value holding text the databases cannot store. */
export function requireStorableText(value: unknown, root: string) {
  const at = unstorableTextAt(value, root);
  if (at === null) return;
  const message = unstorableText(at || 'body');
  throw new AppError('unprocessable', message, [{ field: at || 'body', code: 'unstorable_text', message }]);
}

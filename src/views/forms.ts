import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { type Lang, pick } from '../plugins/i18n.ts';
import { AppError } from '../util/errors.ts';
import { fieldErrors } from '../util/validation.ts';
import type { ViewFieldError } from './components.tsx';

/** A failed form as values for the page: each error with its field, in the page's language. */
export function viewErrors(err: z.ZodError | AppError, lang: Lang): ViewFieldError[] {
  if (err instanceof AppError) {
    const list = err.fieldErrors.map((f) => ({ field: f.field, message: pick(lang, f.message) }));
    return list.length ? list : [{ field: 'form', message: pick(lang, err.text) }];
  }
  return fieldErrors(err).map((f) => ({ field: f.field, message: pick(lang, f.message) }));
}

/** The message of the first error on a field, for the input beside it. */
export const errorFor = (errors: ViewFieldError[], field: string) =>
  errors.find((e) => e.field === field)?.message;

/** Runs a form action; an AppError with status < 500 becomes page errors instead of an error page. */
export async function tryForm<T>(
  lang: Lang,
  fn: () => Promise<T>,
): Promise<
  { ok: true; value: T } | { ok: false; errors: ViewFieldError[]; status: number; retryAfter?: number }
> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    if (err instanceof AppError && err.status < 500 && err.status !== 403) {
      const status = err.status === 401 ? 400 : err.status;
      const retryAfter = err.extra.retryAfter;
      return {
        ok: false,
        errors: viewErrors(err, lang),
        status,
        ...(typeof retryAfter === 'number' ? { retryAfter } : {}),
      };
    }
    throw err;
  }
}

/** The status to re-render a failed form with; a refusal that says when to try again sets Retry-After too. */
export function formStatus(reply: FastifyReply, failed: { status: number; retryAfter?: number }): number {
  if (failed.retryAfter !== undefined) reply.header('retry-after', String(failed.retryAfter));
  return failed.status;
}

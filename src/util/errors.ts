/** The closed set of application error codes and their HTTP status. */
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  too_many_requests: 429,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** A message in Thai and English; the error handler picks one by the request's language. */
export type Bilingual = { th: string; en: string };

export type FieldError = { field: string; message: Bilingual; row?: number; code?: string };

/** A typed error the error handler maps to a page or a JSON problem; never a 5xx. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly text: Bilingual,
    readonly fieldErrors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(text.en);
    this.status = errorStatus[code];
  }
}

export const bi = (th: string, en: string): Bilingual => ({ th, en });

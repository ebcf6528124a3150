/** Every refusal the API can give; each maps to one HTTP status in the error middleware (api/error-middleware.ts). */
export type AppErrorCode =
  | 'BAD_REQUEST' // 400
  | 'UNAUTHENTICATED' // 401
  | 'FORBIDDEN' // 403
  | 'NOT_FOUND' // 404
  | 'CONFLICT' // 409: wrong state, already decided, duplicate, key in progress
  | 'PAYLOAD_TOO_LARGE' // 413
  | 'UNSUPPORTED_MEDIA_TYPE' // 415
  | 'UNPROCESSABLE' // 422: well-formed but refused by a rule
  | 'RATE_LIMITED' // 429
  | 'UNAVAILABLE'; // 503

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/** A refusal with a reason a person can act on (Bahasa Indonesia), optionally itemised per field. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: { field?: string; reason: string }[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Data') => new AppError('NOT_FOUND', `${what} tidak ditemukan`);
export const conflict = (reason: string, extra?: Record<string, unknown>) => new AppError('CONFLICT', reason, undefined, extra);
export const forbidden = (reason = 'Anda tidak berwenang melakukan tindakan ini') => new AppError('FORBIDDEN', reason);
export const unprocessable = (reason: string, details?: { field?: string; reason: string }[]) => new AppError('UNPROCESSABLE', reason, details);

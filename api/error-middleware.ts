import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { appendAudit } from '../db/repos/audit-log';
import { getContext } from './context';
import { AppError, HTTP_STATUS, type AppErrorCode } from './errors';
import { buildProblem, sendProblem, type ProblemCode } from './problem';
import { printable } from '../domain/text';
import { indonesianIssue, zodReasons } from './validate';

/** body-parser's (http-errors) refusals, which arrive before any route, in words a person can act on. */
const BODY_ERRORS: Record<string, { code: AppErrorCode; detail: string }> = {
  'entity.parse.failed': { code: 'BAD_REQUEST', detail: 'Isi permintaan bukan JSON yang sah: periksa tanda kutip, koma dan kurung' },
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', detail: 'Isi permintaan melebihi batas: kirim data lebih sedikit per permintaan' },
  'entity.verify.failed': { code: 'BAD_REQUEST', detail: 'Isi permintaan ditolak' },
  'encoding.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Content-Encoding tidak didukung: kirim tanpa kompresi, gzip atau deflate' },
  'charset.unsupported': { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Charset tidak didukung: kirim JSON dalam UTF-8' },
  'parameters.too.many': { code: 'PAYLOAD_TOO_LARGE', detail: 'Terlalu banyak kolom formulir dalam satu permintaan' },
  'request.aborted': { code: 'BAD_REQUEST', detail: 'Permintaan terputus sebelum selesai dikirim' },
  'request.size.invalid': { code: 'BAD_REQUEST', detail: 'Panjang isi permintaan tidak sesuai header Content-Length' },
};

/** The parser's own limit (each route sets its own), in the words of the refusal. */
function tooLargeDetail(limit: unknown): string | undefined {
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return undefined;
  const mb = (limit / (1024 * 1024)).toLocaleString('id-ID', { maximumFractionDigits: 1 });
  return `Isi permintaan melebihi batas ${mb} MB: kirim data lebih sedikit per permintaan`;
}

function isHttpError(err: unknown): err is { status: number; type?: string; expose?: boolean; limit?: unknown } {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}

/** 404 for anything no route answered. */
export function notFoundHandler(req: Request, _res: Response, next: NextFunction): void {
  next(new AppError('NOT_FOUND', `Alamat ${req.method} ${printable(req.path, 200)} tidak ada di API ini; lihat daftar operasi di /api/docs`));
}

/**
 * Every refusal becomes a problem document (RFC 9457). An error we did not anticipate is logged with its stack on the
 * server and answered with a generic message and the request id, never with internals.
 */
export async function errorMiddleware(err: unknown, req: Request, res: Response, next: NextFunction): Promise<void> {
  if (res.headersSent) {
    req.log?.error({ err }, 'error after the response had started');
    next(err);
    return;
  }
  let code: ProblemCode;
  let status: number;
  let detail: string;
  let errors: { field?: string; reason: string }[] | undefined;
  let extra: Record<string, unknown> | undefined;

  if (err instanceof AppError) {
    code = err.code;
    status = HTTP_STATUS[err.code];
    detail = err.message;
    errors = err.details;
    extra = err.extra;
  } else if (err instanceof z.ZodError) {
    // A use case that validated with schema.parse() directly: still a 400 with field reasons.
    code = 'BAD_REQUEST';
    status = 400;
    detail = 'Data yang dikirim tidak valid: periksa alasan per kolom';
    // The input is gone from a finished ZodError, so the reasons say what is expected without quoting it; a schema's
    // own (custom) message stands.
    errors = zodReasons(new z.ZodError(err.issues.map((i) => (i.code === 'custom' ? i : { ...i, message: indonesianIssue(i as never) }))), 'body');
  } else if (isHttpError(err) && err.status >= 400 && err.status < 500) {
    const known = err.type ? BODY_ERRORS[err.type] : undefined;
    code = known?.code ?? (err.status === 413 ? 'PAYLOAD_TOO_LARGE' : err.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST');
    status = HTTP_STATUS[code];
    detail = (err.type === 'entity.too.large' ? tooLargeDetail(err.limit) : undefined) ?? known?.detail ?? 'Permintaan tidak dapat dibaca';
  } else {
    code = 'INTERNAL';
    status = 500;
    const id = typeof req.id === 'string' ? req.id : '';
    detail = `Terjadi kesalahan pada server. Coba lagi nanti; bila berulang, sampaikan nomor permintaan ${id} kepada admin.`;
    req.log?.error({ err }, 'unhandled error');
  }

  if (code === 'RATE_LIMITED' && typeof extra?.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(extra.retryAfterSeconds));
  if (code === 'UNAUTHENTICATED' && req.headers.authorization) res.setHeader('WWW-Authenticate', 'Bearer realm="usulan"');
  if (code === 'FORBIDDEN') await auditForbidden(req, detail);
  // Whatever a handler quoted from the request, the answer never carries it raw: hidden characters become \u{…} escapes.
  const shown = (s: string) => printable(s, Number.POSITIVE_INFINITY);
  sendProblem(res, buildProblem(req, {
    code, status, detail: shown(detail),
    errors: errors?.map((e) => ({ ...e, reason: shown(e.reason), ...(e.field !== undefined ? { field: shown(e.field) } : {}) })),
    extra,
  }));
}

/** Refused access is part of the record; an audit failure must not turn the 403 into a 500. */
async function auditForbidden(req: Request, reason: string): Promise<void> {
  const ctx = getContext(req);
  await appendAudit(ctx.db, {
    actorId: req.actor?.userId ?? null,
    action: 'access.denied',
    objectType: 'http',
    objectId: `${req.method} ${req.originalUrl.split('?')[0]}`.slice(0, 300),
    ip: req.ip ?? null,
    data: { status: 403, reason, via: req.actor?.via ?? null, requestId: req.id },
  }).catch((e: unknown) => req.log?.error({ err: e }, 'audit append failed'));
}

import type { Request, Response } from 'express';
import type { AppErrorCode } from './errors';

export type ProblemCode = AppErrorCode | 'INTERNAL';

/** Titles in Bahasa Indonesia; the detail carries the specific, actionable reason. */
export const PROBLEM_TITLES: Record<ProblemCode, string> = {
  BAD_REQUEST: 'Permintaan tidak valid',
  UNAUTHENTICATED: 'Perlu masuk (login)',
  FORBIDDEN: 'Akses ditolak',
  NOT_FOUND: 'Tidak ditemukan',
  CONFLICT: 'Bertentangan dengan keadaan saat ini',
  PAYLOAD_TOO_LARGE: 'Data terlalu besar',
  UNSUPPORTED_MEDIA_TYPE: 'Jenis konten tidak didukung',
  UNPROCESSABLE: 'Tidak dapat diproses',
  RATE_LIMITED: 'Terlalu banyak permintaan',
  UNAVAILABLE: 'Layanan sedang tidak tersedia',
  INTERNAL: 'Kesalahan pada server',
};

/** A relative URI into the docs page, which lists every problem type with its meaning. */
export function problemType(code: ProblemCode): string {
  return `/api/docs#problem-${code.toLowerCase().replace(/_/g, '-')}`;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId?: string;
  errors: { field?: string; reason: string }[];
  [extension: string]: unknown;
}

export function buildProblem(
  req: Request,
  p: { code: ProblemCode; status: number; detail: string; errors?: { field?: string; reason: string }[]; extra?: Record<string, unknown> },
): Problem {
  const base = {
    type: problemType(p.code),
    title: PROBLEM_TITLES[p.code],
    status: p.status,
    detail: p.detail,
    instance: req.originalUrl.split('?')[0] ?? '/',
    requestId: typeof req.id === 'string' ? req.id : undefined,
    errors: p.errors ?? [],
  };
  // Extension members may add to a problem, never replace its standard members.
  return { ...(p.extra ?? {}), ...base };
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').json(problem);
}

import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import { AppError } from './errors';

export interface FieldReason {
  field: string;
  reason: string;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper than any form this API takes; also bounds the recursion of everything that walks a body afterwards. */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses what no endpoint should ever store or merge: prototype-polluting keys, NUL characters (PostgreSQL text
 * cannot hold them) and absurd nesting. Iterative, so a hostile body cannot exhaust the stack. Returns the problems.
 */
export function unsafeJsonReasons(value: unknown, root = 'body'): FieldReason[] {
  const reasons: FieldReason[] = [];
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  while (stack.length > 0 && reasons.length < 20) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) reasons.push({ field: path, reason: 'Teks tidak boleh berisi karakter NUL (\\u0000); hapus karakter itu lalu kirim ulang' });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      reasons.push({ field: path, reason: `Struktur data terlalu dalam (lebih dari ${MAX_JSON_DEPTH} tingkat)` });
      continue;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: `${path}.${i}`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(v)) {
      const child = `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) {
        reasons.push({ field: child, reason: `Nama kolom "${key}" tidak diizinkan` });
        continue;
      }
      if (key.includes('\u0000')) {
        reasons.push({ field: path, reason: 'Nama kolom tidak boleh berisi karakter NUL (\\u0000)' });
        continue;
      }
      stack.push({ v: (v as Record<string, unknown>)[key], path: child, depth: depth + 1 });
    }
  }
  return reasons;
}

export function assertSafeJson(value: unknown, root = 'body'): void {
  const reasons = unsafeJsonReasons(value, root);
  if (reasons.length) throw new AppError('BAD_REQUEST', 'Data yang dikirim berisi kolom atau karakter yang tidak diizinkan', reasons);
}

/** Middleware form, mounted globally after the body parsers so every route (also other teams') gets it. */
export function safeJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (req.body !== undefined && typeof req.body === 'object') assertSafeJson(req.body);
  next();
}

const TYPE_NAMES: Record<string, string> = {
  string: 'teks',
  number: 'angka',
  int: 'bilangan bulat',
  boolean: 'true atau false',
  object: 'objek JSON',
  array: 'daftar (array)',
  date: 'tanggal',
  bigint: 'angka',
  null: 'null',
};

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'daftar (array)';
  return TYPE_NAMES[typeof input] ?? typeof input;
}

/** Indonesian reasons a person can act on; schemas may still give their own (those win). */
export function indonesianIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'Wajib diisi';
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return `Harus berupa ${expected}, bukan ${describeInput(issue.input)}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'Tidak boleh kosong' : `Minimal ${min} karakter`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Minimal ${min} item`;
      return issue.inclusive ? `Minimal ${min}` : `Harus lebih dari ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `Maksimal ${max} karakter`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Maksimal ${max} item`;
      return issue.inclusive ? `Maksimal ${max}` : `Harus kurang dari ${max}`;
    }
    case 'invalid_format':
      switch (issue.format) {
        case 'date':
          return 'Harus tanggal nyata dengan format YYYY-MM-DD';
        case 'datetime':
          return 'Harus tanggal dan jam format ISO 8601, mis. 2026-01-31T08:00:00Z';
        case 'email':
          return 'Alamat email tidak valid';
        case 'uuid':
          return 'Harus UUID';
        default:
          return 'Format tidak sesuai';
      }
    case 'invalid_value':
      return `Harus salah satu dari: ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `Kolom tidak dikenal: ${issue.keys.join(', ')}; hapus kolom ini`;
    case 'invalid_union':
      return 'Nilai tidak sesuai dengan bentuk yang diizinkan';
    case 'not_multiple_of':
      return `Harus kelipatan ${String(issue.divisor)}`;
    default:
      return 'Nilai tidak valid';
  }
}

function fieldName(root: string, path: PropertyKey[]): string {
  return [root, ...path.map((p) => String(p))].join('.');
}

/** Turns zod issues into field reasons; an unknown key becomes one reason per key, named by that key. */
export function zodReasons(error: z.ZodError, root: string): FieldReason[] {
  const out: FieldReason[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: fieldName(root, [...issue.path, key]), reason: 'Kolom tidak dikenal; hapus kolom ini' });
      continue;
    }
    out.push({ field: fieldName(root, issue.path), reason: issue.message });
  }
  return out;
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, root: 'body' | 'query' | 'params', summary: string): z.output<S> {
  const result = schema.safeParse(value, { error: indonesianIssue });
  if (!result.success) throw new AppError('BAD_REQUEST', summary, zodReasons(result.error, root));
  return result.data;
}

/** Validates the JSON body against `schema`; refuses with 400 and a reason per field. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  if (req.body === undefined) {
    throw new AppError('BAD_REQUEST', 'Data (body) wajib dikirim dalam format JSON', [
      { field: 'body', reason: 'Kirim objek JSON dengan header Content-Type: application/json' },
    ]);
  }
  assertSafeJson(req.body);
  return parseWith(schema, req.body, 'body', 'Data yang dikirim tidak valid: periksa alasan per kolom');
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  return parseWith(schema, { ...req.query }, 'query', 'Parameter pencarian (query) tidak valid: periksa alasan per parameter');
}

export function parseParams<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  return parseWith(schema, { ...req.params }, 'params', 'Alamat (path) tidak valid');
}

const NIP_AS_NUMBER = 'NIP harus dikirim sebagai teks (string), bukan angka: angka JSON kehilangan digit';

/**
 * An 18-digit NIP as text. A JSON number is refused with its own reason: 18 digits exceed the 15-16 significant
 * digits of an IEEE double, so the last digits would silently change. Full NIP checks (birth date, TMT, gender digit)
 * are domain/nip.ts's parseNip; this schema only guards the wire format.
 */
export const nipSchema = z
  .string({ error: (iss) => (iss.input === undefined ? 'NIP wajib diisi' : typeof iss.input === 'number' || typeof iss.input === 'bigint' ? NIP_AS_NUMBER : `NIP harus berupa teks 18 digit angka, bukan ${describeInput(iss.input)}`) })
  .regex(/^\d{18}$/, {
    error: (iss) => {
      const s = String(iss.input);
      return /^\d+$/.test(s) ? `NIP harus tepat 18 digit angka; yang dikirim ${s.length} digit` : 'NIP hanya boleh berisi 18 digit angka (tanpa spasi, titik atau huruf)';
    },
  })
  .meta({ description: 'NIP, 18 digit angka sebagai teks (bukan angka JSON)', example: '197001131989032002' });

/** A real calendar date 'YYYY-MM-DD' (domain/dates decides what is real). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Harus tanggal dengan format YYYY-MM-DD' })
  .refine(isIsoDate, { error: 'Tanggal tidak ada di kalender' })
  .meta({ format: 'date', example: '2026-04-01' });

/** Ids in paths and bodies: printable, bounded, so odd input is refused before it reaches SQL or logs. */
export const idSchema = z.string().min(1).max(100).regex(/^[A-Za-z0-9._:-]+$/, { error: 'Hanya huruf, angka, titik, garis bawah, titik dua atau tanda hubung' });

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * For endpoints that take JSON: a request that carries a body of another type is refused with 415 (a cross-site HTML
 * form cannot send application/json without a CORS preflight, which this API never grants).
 */
export function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is(JSON_TYPES)) {
    const got = req.headers['content-type'] ?? '(tidak ada)';
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Jenis konten ${got} tidak diterima: kirim data JSON dengan header Content-Type: application/json`);
  }
  next();
}

export const JSON_CONTENT_TYPES = JSON_TYPES;

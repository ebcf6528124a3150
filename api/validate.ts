import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates';
import { describeTextProblem, inspectText, printable, type TextProblem } from '../domain/text';
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
  // A node knows its parent and its key; the dotted path is spelt only for a node that is reported, so a clean body
  // of 5,000 records costs one visit per value and no strings.
  interface Node { v: unknown; parent: Node | null; key: string | number; depth: number }
  const pathOf = (n: Node): string => {
    const parts: string[] = [];
    for (let x: Node | null = n; x && x.parent; x = x.parent) parts.push(typeof x.key === 'number' ? String(x.key) : printable(x.key, 60));
    return [root, ...parts.reverse()].join('.');
  };
  const stack: Node[] = [{ v: value, parent: null, key: root, depth: 0 }];
  while (stack.length > 0 && reasons.length < 20) {
    const node = stack.pop()!;
    const { v, depth } = node;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) reasons.push({ field: pathOf(node), reason: 'Teks tidak boleh berisi karakter NUL (\\u0000); hapus karakter itu lalu kirim ulang' });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      reasons.push({ field: pathOf(node), reason: `Struktur data terlalu dalam (lebih dari ${MAX_JSON_DEPTH} tingkat)` });
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], parent: node, key: i, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) {
        reasons.push({ field: pathOf({ v: null, parent: node, key, depth: depth + 1 }), reason: `Nama kolom "${key}" tidak diizinkan` });
        continue;
      }
      if (key.includes('\u0000')) {
        reasons.push({ field: pathOf(node), reason: 'Nama kolom tidak boleh berisi karakter NUL (\\u0000)' });
        continue;
      }
      stack.push({ v: (v as Record<string, unknown>)[key], parent: node, key, depth: depth + 1 });
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

const QUOTE_MAX = 40;

/**
 * What was sent, as a reason may quote it: text in quotes (cut at 40 characters, invisible and control characters as
 * \u{…} escapes, so a refusal never carries what it refuses), numbers and booleans as written, structures by kind.
 */
export function describeSent(input: unknown): string {
  if (input === undefined) return 'tidak ada';
  if (input === null) return 'null';
  if (typeof input === 'string') {
    const length = [...input].length;
    if (length === 0) return 'teks kosong';
    return `"${printable(input, QUOTE_MAX)}"${length > QUOTE_MAX ? ` (${length} karakter)` : ''}`;
  }
  if (typeof input === 'number') return Number.isFinite(input) ? `angka ${input}` : 'angka tak hingga';
  if (typeof input === 'boolean') return String(input);
  if (Array.isArray(input)) return input.length === 0 ? 'daftar kosong' : `daftar (array) berisi ${input.length} item`;
  if (typeof input === 'object') return 'objek JSON';
  return typeof input;
}

/** Where the issue's value sits in what was sent; `found: false` when the path leads nowhere (a default, a transform). */
function sentAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || typeof key === 'symbol' || !Object.prototype.hasOwnProperty.call(v, key)) return { found: false };
    v = (v as Record<string, unknown>)[key as string];
  }
  return { found: true, value: v };
}

const listValues = (values: readonly unknown[]): string => {
  const shown = values.slice(0, 15).map((v) => (typeof v === 'string' ? v : String(v)));
  return values.length > 15 ? `${shown.join(', ')}, … (${values.length} pilihan)` : shown.join(', ');
};

const lengthOf = (v: unknown): number | undefined => (typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : undefined);

/**
 * Indonesian reasons a person can act on, quoting what was sent; schemas may still give their own (those win).
 * `sent` is the value as it arrived (before any coercion: `limit=abc` is quoted as "abc", not as the NaN it became);
 * leave it out when the input is not known, and the reason says only what is expected.
 */
export function indonesianIssue(issue: z.core.$ZodRawIssue, sent?: { value: unknown }): string {
  const input = sent ? sent.value : (issue as { input?: unknown }).input;
  const received = sent || 'input' in issue ? `; diterima ${describeSent(input)}` : '';
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined && (sent || 'input' in issue)) return 'Wajib diisi';
      const isInt = issue.expected === 'int' || (issue.inst as { isInt?: boolean } | undefined)?.isInt === true;
      const expected = isInt ? TYPE_NAMES.int : TYPE_NAMES[issue.expected] ?? issue.expected;
      return `Harus berupa ${expected}${received}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      const length = lengthOf(input);
      if (issue.origin === 'string') return min <= 1 ? 'Tidak boleh kosong' : `Minimal ${min} karakter${length !== undefined ? `; diterima ${length} karakter` : ''}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Minimal ${min} item`;
      return `${issue.inclusive ? `Minimal ${min}` : `Harus lebih dari ${min}`}${received}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      const length = lengthOf(input);
      if (issue.origin === 'string') return `Maksimal ${max} karakter${length !== undefined ? `; diterima ${length} karakter` : ''}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Maksimal ${max} item${length !== undefined ? `; diterima ${length} item` : ''}`;
      return `${issue.inclusive ? `Maksimal ${max}` : `Harus kurang dari ${max}`}${received}`;
    }
    case 'invalid_format': {
      const what = (() => {
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
      })();
      return `${what}${received}`;
    }
    case 'invalid_value':
      return `Harus salah satu dari: ${listValues(issue.values)}${received}`;
    case 'unrecognized_keys':
      return `Kolom tidak dikenal: ${issue.keys.map((k) => printable(k)).join(', ')}; hapus kolom ini`;
    case 'invalid_union':
      return `Nilai tidak sesuai dengan bentuk yang diizinkan${received}`;
    case 'not_multiple_of':
      return `Harus kelipatan ${String(issue.divisor)}${received}`;
    default:
      return `Nilai tidak valid${received}`;
  }
}

/** A path segment as a field name: a hostile key (invisible characters, 10 000 characters) is escaped and cut. */
const segment = (p: PropertyKey): string => printable(String(p), 60);

function fieldName(root: string, path: readonly PropertyKey[]): string {
  return [root, ...path.map(segment)].join('.');
}

/** The label a free-text reason starts with: the field's own name (the last non-index segment of its path). */
function labelOf(path: readonly PropertyKey[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string' && !/^\d+$/.test(path[i] as string)) return segment(path[i]);
  return 'teks';
}

const TEXT_PROBLEM = 'textProblem';

/** Turns zod issues into field reasons; an unknown key becomes one reason per key, named by that key. */
export function zodReasons(error: z.ZodError, root: string): FieldReason[] {
  const out: FieldReason[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: fieldName(root, [...issue.path, key]), reason: 'Kolom tidak dikenal; hapus kolom ini' });
      continue;
    }
    const problem = issue.code === 'custom' ? (issue.params as Record<string, unknown> | undefined)?.[TEXT_PROBLEM] : undefined;
    const reason = problem ? describeTextProblem(labelOf(issue.path), problem as TextProblem) : issue.message;
    out.push({ field: fieldName(root, issue.path), reason });
  }
  return out;
}

function parseWith<S extends z.ZodType>(schema: S, value: unknown, root: 'body' | 'query' | 'params', summary: string): z.output<S> {
  const result = schema.safeParse(value, {
    error: (issue) => {
      const at = sentAt(value, issue.path ?? []);
      return indonesianIssue(issue, at.found ? { value: at.value } : undefined);
    },
  });
  if (!result.success) throw new AppError('BAD_REQUEST', summary, zodReasons(result.error, root));
  return result.data;
}

export interface FreeTextOptions {
  /** Most characters (code points) after normalisation. */
  max: number;
  /** Fewest characters when given; a required field also refuses an empty or all-space text. */
  min?: number;
  /** Required fields refuse absence and empty text; optional ones take undefined and keep an empty text empty. */
  required?: boolean;
  /** Notes and reasons: line breaks and tabs are kept (CRLF becomes LF); single-line fields refuse them. */
  multiline?: boolean;
  description?: string;
}

function freeTextSchema(o: FreeTextOptions): z.ZodType<string, string> {
  const rules = { maxLength: o.max, minLength: o.min, required: o.required ?? false, multiline: o.multiline ?? false };
  return z
    .string()
    .transform((raw, ctx) => {
      const { value, problems } = inspectText(raw, rules);
      for (const p of problems) ctx.addIssue({ code: 'custom', input: raw, message: describeTextProblem('teks', p), params: { [TEXT_PROBLEM]: p } });
      return problems.length > 0 ? z.NEVER : value;
    })
    .meta({
      // Marks the field for readers of the document (and the fuzz test, which expects hidden characters refused here).
      'x-free-text': o.multiline ? 'multiline' : 'single-line',
      maxLength: o.max,
      ...(o.required ? { minLength: o.min ?? 1 } : o.min ? { minLength: o.min } : {}),
      description: [o.description, `Teks bebas${o.multiline ? ' (boleh beberapa baris)' : ' satu baris'}: disimpan dalam NFC; karakter kendali dan tak terlihat (mis. U+200B, U+202E) ditolak`]
        .filter(Boolean)
        .join('. '),
    });
}

/**
 * The one rule for text a person types and the system stores (notes, reasons, decree numbers, names of things):
 * normalised to NFC (domain/text.ts), refused with the code point named when it carries control, invisible or bidi
 * characters, length counted in characters after normalisation. Refusals are 400s naming the field, e.g.
 * `body.catatan: catatan mengandung karakter kendali atau tak terlihat (U+202E)`.
 */
export function freeText(o: FreeTextOptions & { required: true }): z.ZodType<string, string>;
export function freeText(o: FreeTextOptions & { required?: false }): z.ZodOptional<z.ZodType<string, string>>;
export function freeText(o: FreeTextOptions): z.ZodType<string, string> | z.ZodOptional<z.ZodType<string, string>> {
  const schema = freeTextSchema(o);
  return o.required ? schema : schema.optional();
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
  assertSafeJson({ ...req.query }, 'query');
  return parseWith(schema, { ...req.query }, 'query', 'Parameter pencarian (query) tidak valid: periksa alasan per parameter');
}

export function parseParams<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  assertSafeJson({ ...req.params }, 'params');
  return parseWith(schema, { ...req.params }, 'params', 'Alamat (path) tidak valid');
}

const NIP_AS_NUMBER = 'NIP harus dikirim sebagai teks (string), bukan angka: angka JSON kehilangan digit';

/**
 * An 18-digit NIP as text. A JSON number is refused with its own reason: 18 digits exceed the 15-16 significant
 * digits of an IEEE double, so the last digits would silently change. Full NIP checks (birth date, TMT, gender digit)
 * are domain/nip.ts's parseNip; this schema only guards the wire format.
 */
export const nipSchema = z
  .string({
    error: (iss) =>
      iss.input === undefined
        ? 'NIP wajib diisi'
        : typeof iss.input === 'number' || typeof iss.input === 'bigint'
          ? NIP_AS_NUMBER
          : `NIP harus berupa teks 18 digit angka, bukan ${describeInput(iss.input)}`,
  })
  .regex(/^\d{18}$/, {
    error: (iss) => {
      const s = String(iss.input);
      return /^\d+$/.test(s)
        ? `NIP harus tepat 18 digit angka; yang dikirim ${s.length} digit`
        : `NIP hanya boleh berisi 18 digit angka (tanpa spasi, titik atau huruf); diterima ${describeSent(iss.input)}`;
    },
  })
  .meta({ description: 'NIP, 18 digit angka sebagai teks (bukan angka JSON)', example: '197001131989032002' });

/** A real calendar date 'YYYY-MM-DD' (domain/dates decides what is real). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: (iss) => `Harus tanggal dengan format YYYY-MM-DD; diterima ${describeSent(iss.input)}` })
  .refine(isIsoDate, { error: (iss) => `Tanggal tidak ada di kalender; diterima ${describeSent(iss.input)}` })
  .meta({ format: 'date', example: '2026-04-01' });

/** Ids in paths and bodies: printable, bounded, so odd input is refused before it reaches SQL or logs. */
export const idSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, { error: (iss) => `Hanya huruf, angka, titik, garis bawah, titik dua atau tanda hubung; diterima ${describeSent(iss.input)}` });

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * For endpoints that take JSON: a request that carries a body of another type is refused with 415 (a cross-site HTML
 * form cannot send application/json without a CORS preflight, which this API never grants).
 */
export function requireJson(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (hasBody && !req.is(JSON_TYPES)) {
    const got = printable(req.headers['content-type'] ?? '(tidak ada)', 100);
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Jenis konten ${got} tidak diterima: kirim data JSON dengan header Content-Type: application/json`);
  }
  next();
}

export const JSON_CONTENT_TYPES = JSON_TYPES;

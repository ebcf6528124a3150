import { sql } from 'kysely';
import type { Db } from '../../db';
import type { Role } from '../../domain/identity';
import { forbiddenCharacters } from '../../domain/text';

/**
 * Malformed requests for every operation of an OpenAPI document, built from the document itself (so a new route is
 * fuzzed the day it is documented, and test/api/openapi-coverage.test.ts makes sure it is documented), and the checks
 * every refusal must pass: never a 5xx, always a problem document with a reason, the field named when a field was at
 * fault, nothing hidden echoed back, and nothing stored.
 */

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  'x-free-text'?: string;
};

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** Express form, '/api/v1/kp/usulan/:id'. */
  path: string;
  id: string;
  roles?: Role[];
  anonymous: boolean;
  idempotent: boolean;
  params: Parameter[];
  query: Parameter[];
  body?: JsonSchema;
  upload?: string;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, {
    operationId: string; parameters?: Parameter[]; security?: unknown[]; 'x-roles'?: Role[];
    requestBody?: { content: Record<string, { schema: JsonSchema }> };
  }>>;
}

export function operationsOf(doc: unknown): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries((doc as OpenApiDoc).paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      const upload = Object.keys(content).find((t) => t !== 'application/json');
      out.push({
        method: method.toUpperCase(),
        path: path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1'),
        id: `${method.toUpperCase()} ${path}`,
        roles: op['x-roles'],
        anonymous: Array.isArray(op.security) && op.security.length === 0,
        idempotent: parameters.some((p) => p.in === 'header' && p.name === 'Idempotency-Key' && p.required === true),
        params: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        body: json?.schema,
        upload,
      });
    }
  }
  return out;
}

const types = (s: JsonSchema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
const branch = (s: JsonSchema): JsonSchema => s.anyOf?.find((b) => !types(b).includes('null')) ?? s.oneOf?.[0] ?? s;

const STRING_CANDIDATES = ['x1', 'abc', 'A', '1', '000000', '197001131989032002', 'Catatan uji'];

function sampleString(s: JsonSchema): string {
  if (s.format === 'date') return '2026-04-01';
  if (s.format === 'date-time') return '2999-01-01T00:00:00Z';
  const min = s.minLength ?? 0;
  const fits = (v: string) => (!s.pattern || new RegExp(s.pattern, 'u').test(v)) && v.length >= min && (s.maxLength === undefined || v.length <= s.maxLength);
  return [...STRING_CANDIDATES, 'x'.repeat(Math.max(min, 1))].find(fits) ?? 'x1';
}

/** A plausible value for a schema: what a careful client would send, so that a mutation of one field is the only fault. */
export function sample(schema: JsonSchema): unknown {
  const s = branch(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const t = types(s);
  if (t.includes('object') || s.properties) {
    const out: Record<string, unknown> = {};
    for (const key of s.required ?? []) out[key] = sample(s.properties?.[key] ?? {});
    return out;
  }
  if (t.includes('array')) return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}));
  if (t.includes('integer') || t.includes('number')) return Math.max(s.minimum ?? 1, 1);
  if (t.includes('boolean')) return true;
  if (t.includes('string')) return sampleString(s);
  return 'x';
}

/** Whether a string field must refuse hidden characters: free text, and anything with a pattern, a format or a list of values. */
const refusesHidden = (s: JsonSchema): boolean => Boolean(s['x-free-text'] || s.pattern || s.format || s.enum || s.const !== undefined);

export interface Case {
  op: Operation;
  what: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Refusal: the input is malformed, so anything but a 4xx is a failure. */
  refusal: boolean;
  /** The field a 400 must name (errors[].field), e.g. 'body.catatan'. */
  field?: string;
  idempotencyKey?: null;
}

const HOSTILE_SEGMENTS: [string, string][] = [
  ['bidi override', encodeURIComponent('\u202e1')],
  ['control character', encodeURIComponent('a\u0007b')],
  ['NUL', encodeURIComponent('a\u0000b')],
  ['3000 characters', 'x'.repeat(3000)],
  ['SQL', encodeURIComponent("1' OR '1'='1")],
  ['dot segments', encodeURIComponent('../..')],
  ['broken percent-encoding', '%E0%A4%A'],
];

const HIDDEN: [string, string][] = [['bidi override U+202E', 'a\u202eb'], ['zero-width space U+200B', 'a\u200bb'], ['bell U+0007', 'a\u0007b'], ['NUL', 'a\u0000b']];

function pathWith(op: Operation, override?: { name: string; raw: string }): string {
  return op.path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    if (override?.name === name) return override.raw;
    const p = op.params.find((x) => x.name === name);
    return encodeURIComponent(String(sample(p?.schema ?? {})));
  });
}

function queryString(entries: [string, string][]): string {
  const qs = new URLSearchParams(entries).toString();
  return qs ? `?${qs}` : '';
}

const baseQuery = (op: Operation): [string, string][] => op.query.filter((q) => q.required).map((q) => [q.name, String(sample(q.schema))]);

function queryCases(op: Operation, url: (qs: string) => string, extra: Partial<Case>): Case[] {
  if (op.query.length === 0) return [];
  const base = baseQuery(op);
  const without = (name: string) => base.filter(([k]) => k !== name);
  const cases: Case[] = [
    { op, what: 'unknown query parameter', url: url(queryString([...base, ['zzz_tidak_dikenal', '1']])), headers: {}, refusal: true, field: 'query.zzz_tidak_dikenal', ...extra },
    { op, what: 'unknown query parameter with a bidi name', url: url(queryString([...base, ['\u202ezzz', '1']])), headers: {}, refusal: true, ...extra },
  ];
  for (const q of op.query) {
    const s = branch(q.schema);
    const t = types(s);
    const bad: [string, string | string[], boolean][] = [];
    if (t.includes('integer') || t.includes('number')) {
      bad.push(['not a number', 'abc', true], ['a fraction', '1.5', t.includes('integer')], ['1e309', '1e309', true], ['20 digits', '99999999999999999999', true]);
      bad.push(['repeated', ['1', '2'], true]);
      if (s.minimum !== undefined && s.minimum >= 0) bad.push(['negative', '-1', true]);
    } else if (s.enum) {
      bad.push(['not one of the values', 'TIDAK_ADA', true], ['a bidi override', `${String(s.enum[0])}\u202e`, true], ['repeated', [String(s.enum[0]), String(s.enum[0])], true]);
    } else if (t.includes('string')) {
      for (const [name, v] of HIDDEN) bad.push([name, v, refusesHidden(s) || name === 'NUL']);
      bad.push(['5000 characters', 'x'.repeat(5000), s.maxLength !== undefined && s.maxLength < 5000], ['repeated', ['x1', 'x1'], true]);
      // Lookups keyed by a value (field tables, maps) must not find what every object has.
      bad.push(['constructor', 'constructor', false], ['__proto__', '__proto__', false]);
    }
    for (const [what, value, refusal] of bad) {
      const entries: [string, string][] = [...without(q.name), ...(Array.isArray(value) ? value.map((v): [string, string] => [q.name, v]) : [[q.name, value] as [string, string]])];
      // NUL reaches the schema as text: a string schema without rules lets it by, which the database would refuse.
      cases.push({ op, what: `query ${q.name}: ${what}`, url: url(queryString(entries)), headers: {}, refusal, field: refusal ? `query.${q.name}` : undefined, ...extra });
    }
  }
  return cases;
}

/** Mutations of one field at a time of a plausible body, recursing into nested objects (one level). */
function bodyMutations(schema: JsonSchema, base: Record<string, unknown>, prefix: string[], depth = 0): { what: string; body: unknown; refusal: boolean; field: string }[] {
  const out: { what: string; body: unknown; refusal: boolean; field: string }[] = [];
  const s = branch(schema);
  for (const [key, raw] of Object.entries(s.properties ?? {})) {
    const p = branch(raw);
    const t = types(p);
    const path = [...prefix, key];
    const field = ['body', ...path].join('.');
    const put = (v: unknown) => setAt(base, path, v);
    if (t.length === 0 && !p.enum && !p.properties) continue;
    if (t.includes('string') || p.enum) out.push({ what: `${field}: a number instead of text`, body: put(12345), refusal: true, field });
    if (t.includes('integer') || t.includes('number')) out.push({ what: `${field}: text instead of a number`, body: put('abc'), refusal: true, field });
    if (t.includes('boolean')) out.push({ what: `${field}: text instead of a boolean`, body: put('ya'), refusal: true, field });
    if (t.includes('array')) {
      out.push({ what: `${field}: text instead of a list`, body: put('bukan-daftar'), refusal: true, field });
      const items = branch(p.items ?? {});
      const first = (getAt(base, path) as unknown[] | undefined)?.[0];
      if (depth < 1 && (types(items).includes('object') || items.properties) && first && typeof first === 'object') out.push(...bodyMutations(items, base, [...path, '0'], depth + 1));
      if (types(items).includes('string')) {
        for (const [name, v] of HIDDEN) out.push({ what: `${field}[0]: ${name}`, body: put([v]), refusal: refusesHidden(items) || name === 'NUL', field });
      }
    }
    if (t.includes('object') || p.properties) {
      out.push({ what: `${field}: text instead of an object`, body: put('bukan-objek'), refusal: true, field });
      if (depth < 1) out.push(...bodyMutations(p, base, path, depth + 1));
    }
    if (t.includes('string')) {
      for (const [name, v] of HIDDEN) out.push({ what: `${field}: ${name}`, body: put(v), refusal: refusesHidden(p) || name === 'NUL', field });
      out.push({ what: `${field}: 100 000 characters`, body: put('x'.repeat(100_000)), refusal: p.maxLength !== undefined && p.maxLength < 100_000, field });
      for (const name of ['constructor', 'toString', '__proto__']) out.push({ what: `${field}: ${name}`, body: put(name), refusal: false, field });
    }
  }
  return out;
}

function getAt(base: unknown, path: string[]): unknown {
  return path.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), base);
}

function setAt(base: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  let o: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof o[key] !== 'object' || o[key] === null) o[key] = {};
    o = o[key] as Record<string, unknown>;
  }
  o[path[path.length - 1]] = value;
  return copy;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The malformed requests for one operation. */
export function casesFor(op: Operation): Case[] {
  const cases: Case[] = [];
  const basePath = pathWith(op);
  const qsBase = queryString(baseQuery(op));
  const plausible = op.body ? (sample(op.body) as Record<string, unknown>) : undefined;
  const withBody = (): Partial<Case> =>
    plausible ? { headers: JSON_HEADERS, body: JSON.stringify(plausible) } : op.upload ? { headers: { 'content-type': op.upload }, body: Buffer.from('%PDF-1.7\n') } : {};

  for (const p of op.params) {
    for (const [what, raw] of HOSTILE_SEGMENTS) {
      cases.push({ op, what: `path ${p.name}: ${what}`, url: pathWith(op, { name: p.name, raw }) + qsBase, headers: {}, refusal: true, ...withBody() });
    }
  }
  cases.push(...queryCases(op, (qs) => basePath + qs, withBody()));

  if (op.method !== 'GET') {
    cases.push({ op, what: 'malformed JSON', url: basePath + qsBase, headers: JSON_HEADERS, body: '{"a": 1,', refusal: true });
    cases.push({ op, what: 'JSON nested 5000 deep', url: basePath + qsBase, headers: JSON_HEADERS, body: '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}', refusal: true });
    cases.push({ op, what: 'a __proto__ key', url: basePath + qsBase, headers: JSON_HEADERS, body: JSON.stringify({ ...(plausible ?? {}) }).replace(/^\{/, '{"__proto__": {"x": 1}' + (plausible && Object.keys(plausible).length ? ',' : '')), refusal: true });
    if (op.idempotent) cases.push({ op, what: 'no Idempotency-Key', url: basePath + qsBase, ...withBody(), headers: withBody().headers ?? {}, refusal: true, idempotencyKey: null });
  }
  if (op.body && plausible) {
    const url = basePath + qsBase;
    for (const [what, body] of [['a list instead of an object', '[]'], ['a number instead of an object', '5'], ['null', 'null']] as const) {
      cases.push({ op, what, url, headers: JSON_HEADERS, body, refusal: true });
    }
    cases.push({ op, what: 'text/plain body', url, headers: { 'content-type': 'text/plain' }, body: JSON.stringify(plausible), refusal: true });
    if (branch(op.body).additionalProperties === false) {
      cases.push({ op, what: 'unknown key', url, headers: JSON_HEADERS, body: JSON.stringify({ ...plausible, zzz_tidak_dikenal: 1 }), refusal: true, field: 'body.zzz_tidak_dikenal' });
      cases.push({ op, what: 'unknown key with a bidi name', url, headers: JSON_HEADERS, body: JSON.stringify({ ...plausible, '\u202ezzz': 1 }), refusal: true });
    }
    for (const m of bodyMutations(op.body, plausible, [])) {
      cases.push({ op, what: m.what, url, headers: JSON_HEADERS, body: JSON.stringify(m.body), refusal: m.refusal, field: m.refusal ? m.field : undefined });
    }
  }
  if (op.upload) {
    const url = basePath + qsBase;
    cases.push({ op, what: 'JSON instead of an upload', url, headers: JSON_HEADERS, body: '{}', refusal: true });
    cases.push({ op, what: 'an upload that is not a PDF', url, headers: { 'content-type': op.upload }, body: Buffer.from('bukan pdf \u202e'), refusal: !op.anonymous });
  }
  return cases;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Every table a refused request might write to, with a digest of the state columns a refused request might change. */
export async function storedState(db: Db): Promise<string> {
  const { rows } = await sql<{ s: string }>`SELECT concat_ws('|',
      (SELECT count(*) || ':' || coalesce(md5(string_agg(id || status, ',' ORDER BY id)), '') FROM usulan_kp),
      (SELECT count(*) FROM usulan_event),
      (SELECT count(*) || ':' || coalesce(md5(string_agg(id || status, ',' ORDER BY id)), '') FROM document),
      (SELECT count(*) || ':' || coalesce(md5(string_agg(id || status, ',' ORDER BY id)), '') FROM usulan_peremajaan),
      (SELECT count(*) || ':' || coalesce(md5(string_agg(id || status, ',' ORDER BY id)), '') FROM peremajaan_change),
      (SELECT count(*) FROM kp_batch),
      (SELECT count(*) || ':' || count(revoked_at) FROM delegation),
      (SELECT count(*) || ':' || count(revoked_at) FROM api_token)) AS s`.execute(db);
  return rows[0].s;
}

/** What is wrong with the answer to a case (empty when nothing is). */
export function judge(c: Case, r: Answer, before: string, after: string): string[] {
  const problems: string[] = [];
  const at = `${c.op.id} [${c.what}] → ${r.status}`;
  if (r.status >= 500) problems.push(`${at}: server error ${JSON.stringify(r.body).slice(0, 300)}`);
  if (c.refusal && r.status < 400) problems.push(`${at}: malformed input was accepted`);
  if (r.status >= 400) {
    const type = r.headers.get('content-type') ?? '';
    const p = r.body as { status?: number; detail?: unknown; errors?: { field?: string; reason?: string }[] } | undefined;
    if (!/^application\/problem\+json/.test(type)) problems.push(`${at}: answered ${type || 'no content type'}, not application/problem+json`);
    else if (!p || typeof p.detail !== 'string' || p.detail.length === 0 || !Array.isArray(p.errors) || p.status !== r.status) {
      problems.push(`${at}: not a problem document with a reason: ${JSON.stringify(p).slice(0, 200)}`);
    } else if (c.field && r.status !== 400) {
      // A fault in one field is a 400 naming it, found before anything is looked up (a 404 would hide a missing rule).
      problems.push(`${at}: a malformed ${c.field} should be a 400, before any lookup: ${p.detail}`);
    } else if (c.field && !p.errors.some((e) => e.field === c.field || e.field?.startsWith(`${c.field}.`))) {
      problems.push(`${at}: does not name ${c.field}: ${JSON.stringify(p.errors).slice(0, 300)}`);
    }
    if (before !== after) problems.push(`${at}: refused, but stored data changed`);
  }
  const echoed = forbiddenCharacters(JSON.stringify(r.body ?? ''));
  if (echoed.length) problems.push(`${at}: echoes hidden characters ${echoed.join(', ')} raw`);
  return problems;
}

/** The role to call an operation as: one it allows, preferring `preferred` for routes any signed-in person may call. */
export function roleFor(op: Operation, available: Role[], preferred: Role): Role | 'anonymous' {
  if (op.anonymous) return 'anonymous';
  if (!op.roles?.length) return preferred;
  return op.roles.find((r) => available.includes(r)) ?? op.roles[0];
}

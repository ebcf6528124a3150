import type { RequestHandler, Router } from 'express';
import { z } from 'zod';
import type { Role } from '../domain/identity';
import { API_SCOPES } from './auth/tokens';
import { PROBLEM_TITLES, problemType, type ProblemCode } from './problem';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json (application/problem+json for 4xx/5xx). */
  contentType?: string;
}

export interface RouteSecurity { roles?: readonly Role[]; scopes?: readonly string[]; mfa?: false }

export interface RouteSpec {
  method: HttpMethod;
  /** Full Express path, e.g. '/api/v1/delegations/:id'. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  request?: {
    body?: z.ZodType;
    /** The body may be left out (e.g. an optional reason). */
    bodyOptional?: boolean;
    /** A raw upload instead of JSON (a PDF): its media type and what it is. */
    upload?: { contentType: string; description: string };
    query?: z.ZodObject;
    params?: z.ZodObject;
  };
  responses: Record<number, ResponseSpec>;
  /**
   * Who may call: 'none' for public routes; otherwise a session (people, with these roles) and/or an API token
   * with these scopes. Omitted: any signed-in person. `mfa: false` also admits a session whose second factor is still
   * to come (the TOTP step itself, logout, who-am-I).
   */
  security?: 'none' | RouteSecurity;
  /**
   * true: the route requires an Idempotency-Key header (idempotent()); 'optional': a key, when sent, gets the same
   * replay semantics (idempotent({ optional: true })), for routes that answered without one before keys were added.
   */
  idempotent?: boolean | 'optional';
  operationId?: string;
}

const routes = new Map<string, RouteSpec>();

/**
 * Records a route for the OpenAPI document (and for the fuzz test, which calls every registered route). Registering
 * the same method and path again replaces the entry, so building several apps in one process is harmless.
 */
export function registerRoute(spec: RouteSpec): RouteSpec {
  routes.set(`${spec.method} ${spec.path}`, spec);
  return spec;
}

export function registeredRoutes(): RouteSpec[] {
  return [...routes.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Registers the spec and mounts the handlers on the router in one step (router mounted at '/'). */
export function defineRoute(router: Router, spec: RouteSpec, ...handlers: RequestHandler[]): void {
  registerRoute(spec);
  router[spec.method](spec.path, ...handlers);
}

/**
 * The same for a router mounted under a prefix (runtime/routers.ts mounts the service routers at '/api/v1'): `spec.path`
 * is the path inside the router, the document gets `mount + path`.
 */
export function defineRouteAt(router: Router, mount: string, spec: RouteSpec, ...handlers: RequestHandler[]): void {
  registerRoute({ ...spec, path: `${mount === '/' ? '' : mount}${spec.path}` });
  router[spec.method](spec.path, ...handlers);
}

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'URI jenis masalah (lihat /api/docs)' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().meta({ description: 'Alasan yang dapat ditindaklanjuti, dalam Bahasa Indonesia' }),
    instance: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string().optional(), reason: z.string() })),
  })
  .meta({ description: 'Problem document (RFC 9457)' });

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function isOptional(s: z.ZodType): boolean {
  return s.safeParse(undefined).success;
}

function parameters(spec: RouteSpec): Record<string, unknown>[] {
  const params: Record<string, unknown>[] = [];
  const shape = (o?: z.ZodObject) => Object.entries((o?.shape ?? {}) as Record<string, z.ZodType>);
  for (const [name, s] of shape(spec.request?.params)) params.push({ name, in: 'path', required: true, schema: jsonSchema(s, 'input') });
  for (const [name, s] of shape(spec.request?.query)) {
    params.push({ name, in: 'query', required: !isOptional(s), schema: jsonSchema(s, 'input'), ...(s.description ? { description: s.description } : {}) });
  }
  if (spec.idempotent) {
    params.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: spec.idempotent === true,
      description: 'Kunci unik per pembuatan; mengulang dengan kunci dan isi yang sama memutar ulang jawaban pertama',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    });
  }
  const writes = spec.method !== 'get';
  if (writes && spec.security !== 'none') {
    params.push({
      name: 'X-CSRF-Token',
      in: 'header',
      required: false,
      description: 'Wajib untuk permintaan dengan cookie sesi (nilai csrfToken dari login atau /auth/me); tidak untuk token API',
      schema: { type: 'string' },
    });
  }
  return params;
}

const STANDARD_PROBLEMS: Record<number, ProblemCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
};

function responses(spec: RouteSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    const problem = Number(status) >= 400;
    const contentType = r.contentType ?? (problem ? 'application/problem+json' : 'application/json');
    const schema = r.schema ? jsonSchema(r.schema, 'output') : problem ? { $ref: '#/components/schemas/Problem' } : undefined;
    out[status] = { description: r.description, ...(schema ? { content: { [contentType]: { schema } } } : {}) };
  }
  const standard = spec.security === 'none' ? [400, 429, 500] : [400, 401, 403, 429, 500];
  if (spec.request?.body || spec.request?.upload) standard.push(413, 415);
  for (const status of standard) {
    if (out[status]) continue;
    out[status] = {
      description: PROBLEM_TITLES[STANDARD_PROBLEMS[status]],
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return out;
}

function security(spec: RouteSpec): Record<string, string[]>[] {
  if (spec.security === 'none') return [];
  const s = spec.security ?? {};
  const reqs: Record<string, string[]>[] = [{ sessionCookie: [] }];
  if (s.scopes) reqs.push({ bearerToken: [...s.scopes] });
  return reqs;
}

export function generateOpenApi(info: { title?: string; version?: string; serverUrl?: string } = {}): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of registeredRoutes()) {
    const p = openApiPath(spec.path);
    const roles = spec.security !== 'none' ? spec.security?.roles : undefined;
    const op: Record<string, unknown> = {
      operationId: spec.operationId ?? `${spec.method}${p.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: spec.summary,
      ...(spec.description || roles ? { description: [spec.description, roles ? `Peran: ${roles.join(', ')}.` : undefined].filter(Boolean).join('\n\n') } : {}),
      tags: spec.tags,
      parameters: parameters(spec),
      responses: responses(spec),
      security: security(spec),
      ...(roles ? { 'x-roles': roles } : {}),
    };
    if (spec.request?.body) op.requestBody = { required: !spec.request.bodyOptional, content: { 'application/json': { schema: jsonSchema(spec.request.body, 'input') } } };
    if (spec.request?.upload) {
      const { contentType, description } = spec.request.upload;
      op.requestBody = { required: true, description, content: { [contentType]: { schema: { type: 'string', format: 'binary', contentMediaType: contentType } } } };
    }
    (paths[p] ??= {})[spec.method] = op;
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: info.title ?? 'usulan API',
      version: info.version ?? '1',
      description:
        'Kenaikan pangkat dan peremajaan data ASN. Kesalahan dijawab sebagai problem document (RFC 9457) dengan alasan per kolom dalam Bahasa Indonesia.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: '__Host-sid', description: 'Cookie sesi dari POST /api/v1/auth/login (bernama "sid" di http://localhost)' },
        bearerToken: { type: 'http', scheme: 'bearer', description: `Token API untuk integrasi sistem. Cakupan: ${API_SCOPES.join(', ')}` },
      },
    },
    'x-problem-types': Object.fromEntries(Object.entries(PROBLEM_TITLES).map(([code, title]) => [problemType(code as ProblemCode), title])),
  };
}

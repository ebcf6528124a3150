import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { mountedRoutes, useFullApiApp } from './full-app';
import type { RunningApp } from './fixtures';

let app: RunningApp;
type Schema = Record<string, unknown> & { type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[] };
let doc: {
  paths: Record<string, Record<string, {
    operationId: string; responses: Record<string, unknown>; security?: unknown[]; parameters: { name: string; in: string; schema: Schema }[];
    requestBody?: { content: Record<string, { schema: Schema }> };
  }>>;
};

useFullApiApp(async (env) => {
  app = env.app;
  doc = (await (await fetch(`${app.url}/openapi.json`)).json()) as typeof doc;
});

/** The JSON API the app mounts: /api/v1 and the pages' /web-api (HTML pages, /healthz, /metrics and the docs are not operations). */
const isApi = (route: string) => / \/(api\/v1|web-api)\//.test(route);
const toOpenApi = (route: string) => route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function documented(): Set<string> {
  return new Set(Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`)));
}

describe('the OpenAPI document lists every route the app mounts', () => {
  it('every /api/v1 and /web-api route on the express router stack is an operation of /openapi.json', () => {
    const mounted = mountedRoutes(app.app).filter(isApi).map(toOpenApi);
    expect(mounted.length).toBeGreaterThan(40);
    expect(mounted.filter((r) => !documented().has(r))).toEqual([]);
  });

  it('every documented operation is mounted (no stale entries)', () => {
    const mounted = new Set(mountedRoutes(app.app).map(toOpenApi));
    expect([...documented()].filter((op) => !mounted.has(op))).toEqual([]);
  });

  it.each([
    'GET /api/v1/documents/{id}',
    'POST /api/v1/documents/{id}/status',
    'GET /api/v1/verifikasi/{id}',
    'POST /api/v1/verifikasi',
    'POST /api/v1/peremajaan',
    'POST /api/v1/peremajaan/kolektif',
    'GET /api/v1/peremajaan',
    'GET /api/v1/peremajaan/{id}',
    'POST /api/v1/peremajaan/{id}/changes/{changeId}/decision',
    'POST /api/v1/peremajaan/{id}/withdraw',
    'GET /api/v1/pegawai/{nip}/berkas',
    'POST /api/v1/pegawai/{nip}/berkas',
    'GET /api/v1/pegawai/{nip}/riwayat-golongan',
    'GET /web-api/pegawai',
  ])('%s is documented', (op) => {
    expect(documented()).toContain(op);
  });

  it('every operation has a unique operationId, says who may call it and documents its refusals as problem documents', () => {
    const ids = new Map<string, string>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect([where, ids.get(op.operationId)]).toEqual([where, undefined]);
        ids.set(op.operationId, where);
        expect([where, Array.isArray(op.security)]).toEqual([where, true]);
        expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(['400', '500'])]);
        for (const name of path.match(/\{([A-Za-z0-9_]+)\}/g) ?? []) {
          expect([where, op.parameters.some((p) => p.in === 'path' && `{${p.name}}` === name)]).toEqual([where, true]);
        }
      }
    }
  });

  it('the operator page listing is paged and filterable by unit, jenis KP and eligibility', () => {
    const params = doc.paths['/web-api/pegawai'].get.parameters.map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['unorId', 'jenisKp', 'layak', 'limit', 'offset', 'q']));
  });

  it('every request schema compiles as JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const schemas = [...op.parameters.map((p) => p.schema), ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema)];
        for (const schema of schemas) expect([`${method} ${path}`, (() => { try { ajv.compile(schema); return 'ok'; } catch (e) { return String(e); } })()]).toEqual([`${method} ${path}`, 'ok']);
      }
    }
  });

  it('every text a request carries has a rule: free text (NFC, no hidden characters), a code (pattern, list, format) or a secret', () => {
    const unruled: string[] = [];
    const walk = (s: Schema | undefined, where: string) => {
      if (!s || typeof s !== 'object') return;
      const types = Array.isArray(s.type) ? s.type : [s.type];
      const ruled = s['x-free-text'] || s['x-secret'] || s.pattern || s.format || s.enum || s.const !== undefined;
      if (types.includes('string') && !ruled) unruled.push(where);
      for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${where}.${k}`);
      walk(s.items, `${where}[]`);
      for (const b of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) walk(b, where);
    };
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const p of op.parameters) if (p.in !== 'header') walk(p.schema, `${method.toUpperCase()} ${path} ${p.in}.${p.name}`);
        walk(op.requestBody?.content['application/json']?.schema, `${method.toUpperCase()} ${path} body`);
      }
    }
    expect(unruled).toEqual([]);
  });
});


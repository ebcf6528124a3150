import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Client as TemporalClient } from '@temporalio/client';
import { CONTENT_SECURITY_POLICY } from '../../api/app';
import { counter, metricsRegistry } from '../../observability/metrics';
import type { Db } from '../../db';
import { Client, login, startApp, type Fixtures, type RunningApp, useApiTestApp } from './fixtures';

let db: Db;
let fx: Fixtures;
let app: RunningApp;

const METRICS_TOKEN = 'metrik-uji-0123456789';
useApiTestApp(async (env) => {
  ({ db, fx, app } = env);
}, { env: { METRICS_TOKEN } });

const fakeTemporal = (getSystemInfo: () => Promise<unknown>) => ({ connection: { workflowService: { getSystemInfo } } }) as unknown as TemporalClient;

describe('/healthz', () => {
  it('answers 503 when Temporal is not configured, naming it', async () => {
    const r = await new Client(app.url).get('/healthz');
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ status: 'degraded', database: 'ok', temporal: 'not_configured' });
  });

  it('answers 200 when the database and Temporal both answer', async () => {
    const ok = await startApp(db, { deps: { temporal: fakeTemporal(async () => ({})) } });
    try {
      const r = await new Client(ok.url).get('/healthz');
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ status: 'ok', database: 'ok', temporal: 'ok' });
    } finally {
      await ok.close();
    }
  });

  it('answers 503 within a few seconds when Temporal hangs', async () => {
    const hung = await startApp(db, { deps: { temporal: fakeTemporal(() => new Promise(() => undefined)) } });
    try {
      const started = Date.now();
      const r = await new Client(hung.url).get('/healthz');
      expect(r.status).toBe(503);
      expect(r.body.temporal).toBe('error');
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await hung.close();
    }
  });
});

describe('/openapi.json', () => {
  it('is an OpenAPI 3.1 document listing the routes, with compilable JSON Schemas', async () => {
    const r = await new Client(app.url).get('/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    for (const [path, method] of [
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/auth/totp', 'post'],
      ['/api/v1/auth/logout', 'post'],
      ['/api/v1/auth/me', 'get'],
      ['/api/v1/delegations', 'post'],
      ['/api/v1/delegations', 'get'],
      ['/api/v1/delegations/{id}', 'delete'],
      ['/api/v1/admin/tokens', 'post'],
      ['/api/v1/admin/audit', 'get'],
    ]) {
      expect(doc.paths[path]?.[method]).toBeDefined();
    }
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc.components.schemas.Problem, '#/components/schemas/Problem');
    const operationIds = new Set<string>();
    for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(methods)) {
        expect(op.responses && Object.keys(op.responses).length).toBeTruthy();
        expect(operationIds.has(op.operationId)).toBe(false);
        operationIds.add(op.operationId);
        for (const p of path.match(/\{(\w+)\}/g) ?? []) {
          expect(op.parameters.some((x: any) => x.in === 'path' && `{${x.name}}` === p)).toBe(true);
        }
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (body) expect(() => ajv.compile(body)).not.toThrow();
        if (method === 'post' && path === '/api/v1/delegations') {
          expect(op.parameters.some((x: any) => x.name === 'Idempotency-Key' && x.required)).toBe(true);
        }
      }
    }
    const login = doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema;
    const validate = ajv.compile(login);
    expect(validate({ username: 'a', password: 'b' })).toBe(true);
    expect(validate({ username: 'a', password: 'b', role: 'ADMIN' })).toBe(false);
    expect(doc.paths['/api/v1/auth/login'].post.responses['401'].content['application/problem+json']).toBeDefined();
    expect(doc.components.securitySchemes.sessionCookie).toBeDefined();
  });

  it('/api/docs lists the operations and problem types in a page without scripts', async () => {
    const r = await new Client(app.url).request('GET', '/api/docs', { headers: { accept: 'text/html' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(r.text).toContain('/api/v1/auth/login');
    expect(r.text).toContain('id="problem-bad-request"');
    expect(r.text).not.toMatch(/<script|https?:\/\/cdn/i);
    const css = await new Client(app.url).get('/api/docs/style.css');
    expect(css.status).toBe(200);
  });
});

describe('headers on every response', () => {
  it.each(['/api/v1/auth/me', '/healthz', '/openapi.json', '/api/docs', '/metrics', '/nope'])('%s carries CSP, nosniff, Referrer-Policy and a request id', async (path) => {
    const r = await new Client(app.url).get(path);
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toBe("default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('x-request-id')).toBeTruthy();
    expect(r.headers.get('x-powered-by')).toBeNull();
  });

  it('a sane X-Request-Id is echoed; an insane one is replaced', async () => {
    const c = new Client(app.url);
    expect((await c.request('GET', '/healthz', { headers: { 'x-request-id': 'abc-123-def-456' } })).headers.get('x-request-id')).toBe('abc-123-def-456');
    const evil = await c.request('GET', '/healthz', { headers: { 'x-request-id': 'x\ty' + 'z'.repeat(300) } });
    expect(evil.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('/metrics', () => {
  it('needs the metrics token: none or a wrong one is 401, and without a configured token /metrics does not exist', async () => {
    expect((await new Client(app.url).get('/metrics')).status).toBe(401);
    expect((await new Client(app.url).request('GET', '/metrics', { headers: { authorization: 'Bearer salah' } })).status).toBe(401);
    const op = await login(app.url, fx.users.op_a);
    expect((await op.get('/metrics')).status).toBe(401);
    const bare = await startApp(db);
    try {
      const r = await new Client(bare.url).get('/metrics');
      expect(r.status).toBe(404);
      expect(JSON.stringify(r.body)).not.toMatch(/http_requests_total/);
    } finally {
      await bare.close();
    }
  });


  it('exposes request counts by route pattern and status, and metrics other modules register', async () => {
    const op = await login(app.url, fx.users.op_a);
    await op.get('/api/v1/delegations');
    counter({ name: 'test_things_total', help: 'a metric from another module' }).inc();
    const r = await new Client(app.url).request('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/delegations",status="200"\} \d+/);
    expect(r.text).toMatch(/http_request_duration_seconds_bucket\{le="0.1",method="GET",route="\/api\/v1\/delegations",status="200"\}/);
    expect(r.text).toContain('test_things_total 1');
    expect(r.text).toContain('usulan_sla_breaches_total');
    expect(metricsRegistry.getSingleMetric('test_things_total')).toBeDefined();
  });
});

import fc from 'fast-check';
import { registeredRoutes, type RouteSpec } from '../../api/openapi';
import { Client, login, type Fixtures, type RunningApp, useApiTestApp } from './fixtures';

let fx: Fixtures;
let app: RunningApp;
let admin: Client;
let approver: Client;
let token: string;

useApiTestApp(async (env) => {
  ({ fx, app } = env);
  admin = await login(app.url, fx.users.admin);
  approver = await login(app.url, fx.users.appr_a);
  token = (await admin.post('/api/v1/admin/tokens', { name: 'Fuzz', instansiId: 'ia', scopes: ['kp:read', 'kp:submit'] })).body.token;
});

const segment = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('1', '0', '-1', '99999999999999999999', "1' OR '1'='1", '../..', '%00', 'u-admin'));
const query = fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('0', '-1', '1e309', 'true', '2026-02-30')), { maxKeys: 4 });

function pathFor(spec: RouteSpec, params: string[]): string {
  let i = 0;
  return spec.path.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(params[i++] ?? 'x'));
}

type Identity = 'anonymous' | 'admin' | 'approver' | 'token';

async function clientFor(identity: Identity, spec: RouteSpec): Promise<Client> {
  if (identity === 'anonymous') return new Client(app.url);
  if (identity === 'token') {
    const c = new Client(app.url);
    c.bearer = token;
    return c;
  }
  // Logging out would end the shared session; give that route a session of its own.
  if (spec.path === '/api/v1/auth/logout') return login(app.url, fx.users.admin);
  return identity === 'admin' ? admin : approver;
}

describe('fuzzing every registered endpoint', () => {
  const routes = () => registeredRoutes();

  it('the route registry holds the API', () => {
    expect(routes().length).toBeGreaterThanOrEqual(10);
  });

  for (const identity of ['anonymous', 'admin', 'approver', 'token'] as Identity[]) {
    it(`random JSON bodies, params and queries never produce a 5xx (${identity})`, async () => {
      for (const spec of routes()) {
        await fc.assert(
          fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.array(segment, { minLength: 3, maxLength: 3 }), query, async (body, params, q) => {
            const c = await clientFor(identity, spec);
            const qs = new URLSearchParams(q).toString();
            const path = pathFor(spec, params) + (qs ? `?${qs}` : '');
            const method = spec.method.toUpperCase();
            const r = method === 'GET' ? await c.request('GET', path) : await c.request(method, path, { json: body });
            if (r.status >= 500) throw new Error(`${method} ${path} → ${r.status}: ${r.text}`);
            if (r.status >= 400) expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
          }),
          { numRuns: 20 },
        );
      }
    });
  }

  it('random raw bytes sent as JSON never produce a 5xx', async () => {
    const posts = routes().filter((r) => r.method !== 'get');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...posts), fc.string({ maxLength: 200 }), async (spec, raw) => {
        const r = await admin.request(spec.method.toUpperCase(), pathFor(spec, ['1']), { body: raw, headers: { 'content-type': 'application/json' } });
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it('well-shaped bodies built from the schemas with hostile strings never produce a 5xx', async () => {
    const hostile = fc.oneof(fc.string(), fc.constantFrom("'; DROP TABLE app_user; --", '\u202e', '𝕏'.repeat(50), 'a'.repeat(5000), '<script>alert(1)</script>'));
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (a, b) => {
        const r1 = await approver.post('/api/v1/delegations', { toUserId: a, jenis: 'PLT', mulai: '2999-01-01', selesai: '2999-01-02' });
        const r2 = await admin.post('/api/v1/admin/tokens', { name: a, instansiId: b, scopes: ['kp:read'] });
        const r3 = await new Client(app.url).post('/api/v1/auth/login', { username: a, password: b }, { idempotencyKey: null });
        for (const r of [r1, r2, r3]) expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 30 },
    );
  });
});

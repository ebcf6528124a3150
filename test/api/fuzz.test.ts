import fc from 'fast-check';
import type { Db } from '../../db';
import type { Role } from '../../domain/identity';
import { Client, login, type Fixtures, type RunningApp } from './fixtures';
import { useFullApiApp } from './full-app';
import { casesFor, judge, operationsOf, roleFor, storedState, type Operation } from './openapi-fuzz';

let db: Db;
let fx: Fixtures;
let app: RunningApp;
let ops: Operation[];
let token: string;
const byRole: Partial<Record<Role, Client>> = {};

/** One signed-in person per role (officials with their second factor), in the fixtures' instansi A / kanreg 1. */
const PEOPLE: Record<Role, string> = {
  OPERATOR: 'op_a', APPROVER: 'appr_a', VERIFIER: 'ver_1', EMPLOYEE: 'emp_a', ADMIN: 'admin', KANREG_HEAD: 'kakanreg_2', BKN_HEAD: 'bkn_head',
};

useFullApiApp(async (env) => {
  ({ db, fx, app } = env);
  for (const [role, user] of Object.entries(PEOPLE) as [Role, string][]) byRole[role] = await login(app.url, fx.users[user]);
  token = (await byRole.ADMIN!.post('/api/v1/admin/tokens', { name: 'Fuzz', instansiId: 'ia', scopes: ['kp:read', 'kp:submit'] })).body.token;
  ops = operationsOf((await byRole.ADMIN!.get('/openapi.json')).body);
});

/** Logging out would end the shared session: that operation gets a session of its own for every request. */
async function callerFor(op: Operation, role: Role | 'anonymous'): Promise<Client> {
  if (role === 'anonymous') return new Client(app.url);
  if (op.path === '/api/v1/auth/logout') return login(app.url, fx.users.op_a);
  return byRole[role]!;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it('the document is the whole API (KP, peremajaan, documents, verification, berkas, admin, auth)', () => {
    expect(ops.length).toBeGreaterThan(40);
    for (const prefix of ['/api/v1/kp/', '/api/v1/peremajaan', '/api/v1/documents/', '/api/v1/verifikasi', '/api/v1/pegawai/', '/api/v1/admin/', '/api/v1/auth/', '/web-api/']) {
      expect([prefix, ops.some((o) => o.path.startsWith(prefix))]).toEqual([prefix, true]);
    }
  });

  it('malformed params, queries and bodies, sent by a role allowed to call: a 4xx problem document naming the field, nothing stored', async () => {
    const failures: string[] = [];
    let sent = 0;
    const roles = Object.keys(byRole) as Role[];
    for (const [i, op] of ops.entries()) {
      const role = roleFor(op, roles, roles[i % roles.length]);
      for (const c of casesFor(op)) {
        const caller = await callerFor(op, role);
        const before = await storedState(db);
        const r = await caller.request(op.method, c.url, { body: c.body, headers: c.headers, idempotencyKey: c.idempotencyKey });
        const after = r.status >= 400 ? await storedState(db) : before;
        failures.push(...judge(c, r, before, after));
        sent += 1;
      }
    }
    expect(sent).toBeGreaterThan(ops.length * 5);
    expect(failures).toEqual([]);
  });

  it('the roles /openapi.json prints are the roles enforced: every other role gets 403, no one signed in gets 401, nothing stored', async () => {
    const roles = Object.keys(byRole) as Role[];
    const wrong: string[] = [];
    let probed = 0;
    for (const op of ops.filter((o) => !o.anonymous)) {
      const url = op.path.replace(/:([A-Za-z0-9_]+)/g, 'x');
      const callers: [Role | 'anonymous', number][] = [['anonymous', 401], ...roles.filter((r) => op.roles?.length && !op.roles.includes(r)).map((r) => [r, 403] as [Role, number])];
      for (const [role, expected] of callers) {
        if (op.path === '/api/v1/auth/logout' && role !== 'anonymous') continue;
        const before = await storedState(db);
        const r = await (role === 'anonymous' ? new Client(app.url) : byRole[role]!).request(op.method.toUpperCase(), url, { json: op.method.toLowerCase() === 'get' ? undefined : {} });
        probed += 1;
        if (r.status !== expected) wrong.push(`${op.method.toUpperCase()} ${op.path} as ${role}: ${r.status}, expected ${expected}`);
        else if (r.headers.get('content-type')?.startsWith('application/problem+json') !== true) wrong.push(`${op.method.toUpperCase()} ${op.path} as ${role}: not a problem document`);
        if (await storedState(db) !== before) wrong.push(`${op.method.toUpperCase()} ${op.path} as ${role}: refused, but stored data changed`);
      }
    }
    expect(probed).toBeGreaterThan(ops.length);
    expect(wrong).toEqual([]);
  });

  const segment = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('1', '0', '-1', '99999999999999999999', "1' OR '1'='1", '../..', '%00', 'u-admin', '\u202e'));
  const query = fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('0', '-1', '1e309', 'true', '2026-02-30')), { maxKeys: 4 });
  const pathFor = (op: Operation, params: string[]) => {
    let i = 0;
    return op.path.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(params[i++] ?? 'x'));
  };

  for (const identity of ['anonymous', 'ADMIN', 'APPROVER', 'token'] as const) {
    it(`random JSON bodies, params and queries never produce a 5xx, and refusals are problem documents (${identity})`, async () => {
      for (const op of ops) {
        await fc.assert(
          fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.array(segment, { minLength: 3, maxLength: 3 }), query, async (body, params, q) => {
            let c: Client;
            if (identity === 'token') {
              c = new Client(app.url);
              c.bearer = token;
            } else {
              c = await callerFor(op, identity === 'anonymous' ? 'anonymous' : identity);
            }
            const qs = new URLSearchParams(q).toString();
            const path = pathFor(op, params) + (qs ? `?${qs}` : '');
            const r = op.method === 'GET' ? await c.request('GET', path) : await c.request(op.method, path, { json: body });
            if (r.status >= 500) throw new Error(`${op.method} ${path} → ${r.status}: ${r.text}`);
            if (r.status >= 400) expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
          }),
          { numRuns: 5 },
        );
      }
    });
  }

  it('random raw bytes sent as JSON never produce a 5xx', async () => {
    const writes = ops.filter((o) => o.method !== 'GET' && o.path !== '/api/v1/auth/logout');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), fc.string({ maxLength: 200 }), async (op, raw) => {
        const r = await byRole.ADMIN!.request(op.method, pathFor(op, ['1', '1', '1']), { body: raw, headers: { 'content-type': 'application/json' } });
        expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('a field code named like what every object has (%s) is refused, not looked up', async (name) => {
    const propose = await byRole.EMPLOYEE!.post('/api/v1/peremajaan', { nip: fx.users.emp_a.nip, changes: [{ area: 'DATA_PRIBADI', field: name, value: 'x' }] });
    expect(propose.status).toBe(400);
    expect(propose.body.errors[0].field).toBe('body.changes.0.field');
    const value = await byRole.OPERATOR!.get(`/web-api/peremajaan/nilai?nip=${fx.users.emp_a.nip}&area=DATA_PRIBADI&field=${name}`);
    expect(value.status).toBe(400);
    expect(value.body.errors[0].field).toBe('query.field');
  });

  it('well-shaped bodies built from the schemas with hostile strings never produce a 5xx', async () => {
    const hostile = fc.oneof(fc.string(), fc.constantFrom("'; DROP TABLE app_user; --", '\u202e', '𝕏'.repeat(50), 'a'.repeat(5000), '<script>alert(1)</script>', '\ud800'));
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (a, b) => {
        const r1 = await byRole.APPROVER!.post('/api/v1/delegations', { toUserId: a, jenis: 'PLT', mulai: '2999-01-01', selesai: '2999-01-02' });
        const r2 = await byRole.ADMIN!.post('/api/v1/admin/tokens', { name: a, instansiId: b, scopes: ['kp:read'] });
        const r3 = await new Client(app.url).post('/api/v1/auth/login', { username: a, password: b }, { idempotencyKey: null });
        const r4 = await byRole.OPERATOR!.get(`/api/v1/kp/usulan?${new URLSearchParams({ nama: a })}`);
        const r5 = await byRole.ADMIN!.post('/api/v1/documents/d-1/status', { status: 'DICABUT', alasan: b });
        for (const r of [r1, r2, r3, r4, r5]) expect(r.status).toBeLessThan(500);
      }),
      { numRuns: 30 },
    );
  });
});

import fc from 'fast-check';
import type { Role } from '../../domain/identity';
import { DEMO_USERS } from '../../db/seed';
import { startTestEngine, type TestEngine } from '../helpers/harness';
import { ApiClient, type ApiResponse } from '../helpers/http-client';
import { casesFor, judge, operationsOf, roleFor, storedState, type Case, type Operation } from '../api/openapi-fuzz';

jest.setTimeout(600_000);

let engine: TestEngine;
let ops: Operation[];
const clients: Partial<Record<Role, ApiClient>> = {};
const ROLES: Role[] = ['OPERATOR', 'APPROVER', 'VERIFIER', 'EMPLOYEE', 'ADMIN', 'KANREG_HEAD', 'BKN_HEAD'];
const demoUser = (role: Role) => DEMO_USERS.find((u) => u.role === role && u.instansiId !== 'I-3404' && !/plt/.test(u.username))!.username;

beforeAll(async () => {
  engine = await startTestEngine();
  for (const role of ROLES) clients[role] = await engine.login(demoUser(role));
  ops = operationsOf((await clients.ADMIN!.get('/openapi.json')).body);
});
afterAll(async () => {
  await engine?.close();
});

/** Logging out would end the shared session: that operation gets a session of its own for every request. */
async function callerFor(op: Operation, role: Role | 'anonymous'): Promise<ApiClient> {
  if (role === 'anonymous') return new ApiClient(engine.url);
  if (op.path === '/api/v1/auth/logout') return engine.login(demoUser('OPERATOR'));
  return clients[role]!;
}

/**
 * One request. The engine keeps its production rate limits: a short 429 is waited out as a client would; a long one
 * (five failed logins for one account lock it for minutes) is itself the refusal, a problem document like any other.
 */
async function send(c: ApiClient, op: Operation, k: Case): Promise<ApiResponse> {
  for (let attempt = 0; ; attempt++) {
    const r = await c.request(op.method, k.url, k.body, { headers: k.headers, idempotencyKey: k.idempotencyKey });
    const wait = Number(r.headers.get('retry-after') ?? 0);
    if (r.status !== 429 || attempt >= 3 || wait > 5) return r;
    await new Promise((resolve) => setTimeout(resolve, 1000 * wait));
  }
}

describe('fuzzing every operation of the OpenAPI document through the whole engine', () => {
  it('the document holds the service routes: KP, peremajaan, documents, verification, berkas', () => {
    const paths = ops.map((o) => `${o.method} ${o.path}`);
    expect(paths).toEqual(expect.arrayContaining([
      'POST /api/v1/kp/usulan', 'POST /api/v1/kp/usulan/:id/verifikasi', 'POST /api/v1/kp/tte-sk',
      'POST /api/v1/peremajaan', 'POST /api/v1/peremajaan/:id/changes/:changeId/decision', 'GET /api/v1/peremajaan',
      'GET /api/v1/documents/:id', 'POST /api/v1/documents/:id/status', 'GET /api/v1/verifikasi/:id', 'POST /api/v1/verifikasi',
      'POST /api/v1/pegawai/:nip/berkas', 'GET /api/v1/pegawai/:nip/riwayat-golongan', 'GET /web-api/pegawai',
    ]));
  });

  it('malformed params, queries and bodies, sent by a role allowed to call: a 4xx problem document naming the field, nothing stored', async () => {
    const failures: string[] = [];
    // Routes any signed-in person may call are spread over the roles, so no one account meets the rate limit.
    for (const [i, op] of ops.entries()) {
      const role = roleFor(op, ROLES, ROLES[i % ROLES.length]);
      for (const k of casesFor(op)) {
        const caller = await callerFor(op, role);
        const before = await storedState(engine.db);
        const r = await send(caller, op, k);
        const after = r.status >= 400 ? await storedState(engine.db) : before;
        failures.push(...judge(k, r, before, after));
      }
    }
    expect(failures).toEqual([]);
  });

  const value = fc.oneof(
    fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.constantFrom('197001131989032002', '2026-02-30', "'; DROP TABLE usulan_kp;--", '\u0000', '\u202e', '__proto__', 'MS', 'APPROVE', 'TTE#2026'),
    fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('197001131989032002', 'BTS-01')), { maxLength: 4 }),
  );
  const segment = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('KP-202701-197001131989032002-abcd1234', '1', "1' OR '1'='1", '..', '\u202e'));

  for (const role of ROLES) {
    it(`random bodies and ids built from each operation's fields never produce a 5xx (${role})`, async () => {
      for (const op of ops) {
        if (op.path === '/api/v1/auth/logout') continue;
        const keys = Object.keys((op.body as { properties?: object } | undefined)?.properties ?? {});
        const body = fc.dictionary(fc.constantFrom(...keys, 'x', '__proto__'), value, { maxKeys: 5 });
        await fc.assert(fc.asyncProperty(body, segment, async (b, param) => {
          const path = op.path.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(param));
          const res = await clients[role]!.request(op.method, path, op.method === 'GET' ? undefined : b);
          if (res.status >= 500) throw new Error(`${op.method} ${op.path} → ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status >= 400) expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        }), { numRuns: 4 });
      }
    });
  }
});

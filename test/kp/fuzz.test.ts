import fc from 'fast-check';
import { registeredRoutes, type RouteSpec } from '../../api/openapi';
import { startTestEngine, type TestEngine } from '../helpers/harness';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS } from '../../db/seed';

jest.setTimeout(300_000);

let engine: TestEngine;
const clients: Record<string, ApiClient> = {};
const login = (role: string) => DEMO_USERS.find((u) => u.role === role && u.instansiId !== 'I-3404' && !/plt/.test(u.username))!.username;

beforeAll(async () => {
  engine = await startTestEngine();
  for (const role of ['OPERATOR', 'APPROVER', 'VERIFIER', 'EMPLOYEE', 'ADMIN']) clients[role] = await engine.login(login(role));
});
afterAll(async () => {
  await engine?.close();
});

const value = fc.oneof(
  fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
  fc.constantFrom('197001131989032002', '2026-02-30', "'; DROP TABLE usulan_kp;--", '\u0000', '__proto__', 'MS', 'APPROVE', 'TTE#2026'),
  fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('197001131989032002', 'BTS-01')), { maxLength: 4 }),
);
const body = fc.dictionary(fc.constantFrom('periode', 'jenisKp', 'nips', 'action', 'catatan', 'passphrase', 'alasan', 'ids', 'nomor', 'tanggal', 'x', '__proto__'), value, { maxKeys: 5 });
const segment = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('KP-202701-197001131989032002-abcd1234', '1', "1' OR '1'='1", '..'));

function pathFor(spec: RouteSpec, param: string): string {
  return spec.path.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(param));
}

describe('fuzzing the KP, peremajaan and document endpoints through the whole engine', () => {
  it('registers the service routes in the OpenAPI registry', () => {
    const paths = registeredRoutes().map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/kp/usulan', '/api/v1/kp/usulan/:id/verifikasi', '/api/v1/kp/tte-sk']));
  });

  for (const role of ['OPERATOR', 'APPROVER', 'VERIFIER', 'EMPLOYEE', 'ADMIN']) {
    it(`random bodies and ids never produce a 5xx (${role})`, async () => {
      const specs = registeredRoutes().filter((r) => r.path.startsWith('/api/v1/kp') || r.path.startsWith('/api/v1/peremajaan'));
      for (const spec of specs) {
        await fc.assert(fc.asyncProperty(body, segment, async (b, param) => {
          const res = await clients[role].request(spec.method.toUpperCase(), pathFor(spec, param), spec.method === 'get' ? undefined : b);
          if (res.status >= 500) throw new Error(`${spec.method} ${spec.path} → ${res.status} ${JSON.stringify(res.body)}`);
        }), { numRuns: 8 });
      }
    });
  }
});

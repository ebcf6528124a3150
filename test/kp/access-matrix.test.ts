import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS, DEMO_CASES } from '../../db/seed';

jest.setTimeout(180_000);

/**
 * Every KP endpoint x every role x own/foreign scope. One usulan of Jawa Tengah (Kanreg I) waits for approval; the
 * "foreign" users belong to Sidoarjo (Kanreg II). Allowed roles in scope are exercised by the lifecycle tests; here each
 * refusal is checked, and the usulan must still be waiting for approval at the end.
 */
let engine: TestEngine;
let usulanId: string;
const clients: Record<string, ApiClient> = {};
const who = {
  operatorOwn: 'op.jateng1', operatorForeign: 'op.sidoarjo', approverOwn: 'pyb.jateng', approverForeign: 'pyb.sidoarjo',
  verifierOwn: 'verif1.kr01', verifierForeign: 'verif1.kr02', kanregHead: 'kakanreg.kr01', bknHead: 'kepala.bkn', admin: 'admin',
  employeeOther: DEMO_USERS.find((u) => u.role === 'EMPLOYEE' && u.instansiId === 'I-3300' && u.nip !== DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT')!.nip)!.username,
} as const;
type Who = keyof typeof who;

beforeAll(async () => {
  engine = await startTestEngine();
  for (const [k, username] of Object.entries(who)) clients[k] = await engine.login(username);
  const periode = (await clients.operatorOwn.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  const nip = DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT')!.nip;
  const res = await clients.operatorOwn.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [nip] });
  usulanId = res.body.items[0].usulanId;
  await eventually(async () => (await engine.db.selectFrom('usulan_kp').select('workflow_started_at').where('id', '=', usulanId).executeTakeFirstOrThrow()).workflow_started_at);
});
afterAll(async () => {
  await engine?.close();
});

const detailMatrix: [Who, number][] = [
  ['operatorOwn', 200], ['operatorForeign', 404], ['approverOwn', 200], ['approverForeign', 404], ['verifierOwn', 200],
  ['verifierForeign', 404], ['kanregHead', 200], ['bknHead', 404], ['admin', 200], ['employeeOther', 404],
];

describe('reading an usulan', () => {
  it.each(detailMatrix)('GET /kp/usulan/:id as %s answers %i', async (k, status) => {
    expect((await clients[k].get(`/api/v1/kp/usulan/${usulanId}`)).status).toBe(status);
    const list = await clients[k].get('/api/v1/kp/usulan');
    expect(list.status).toBe(200);
    expect(list.body.items.some((u: { id: string }) => u.id === usulanId)).toBe(status === 200);
  });
});

const body = {
  'keputusan-instansi': { action: 'RETURN', catatan: 'uji matriks' },
  klaim: {},
  verifikasi: { action: 'TMS', alasan: ['TMS-01'] },
  'ajukan-ulang': {},
  tarik: { alasan: 'uji matriks' },
  keppres: { nomor: '1/2027', tanggal: '2026-12-01' },
} as const;

// Expected status per endpoint and identity; 403 = wrong role, 404 = right role but outside scope, 409 = right role
// and scope but the usulan is not in a state for this step.
const actionMatrix: [keyof typeof body, Who, number][] = [
  ['keputusan-instansi', 'operatorOwn', 403], ['keputusan-instansi', 'approverForeign', 404], ['keputusan-instansi', 'verifierOwn', 403],
  ['keputusan-instansi', 'employeeOther', 403], ['keputusan-instansi', 'admin', 403], ['keputusan-instansi', 'bknHead', 403],
  ['klaim', 'operatorOwn', 403], ['klaim', 'approverOwn', 403], ['klaim', 'verifierForeign', 404], ['klaim', 'verifierOwn', 409],
  ['verifikasi', 'approverOwn', 403], ['verifikasi', 'verifierForeign', 404], ['verifikasi', 'verifierOwn', 409], ['verifikasi', 'employeeOther', 403],
  ['ajukan-ulang', 'approverOwn', 403], ['ajukan-ulang', 'operatorForeign', 404], ['ajukan-ulang', 'operatorOwn', 409],
  ['tarik', 'approverOwn', 403], ['tarik', 'operatorForeign', 404], ['tarik', 'verifierOwn', 403],
  ['keppres', 'operatorOwn', 403], ['keppres', 'approverOwn', 403], ['keppres', 'admin', 409],
];

describe('acting on an usulan', () => {
  it.each(actionMatrix)('POST /kp/usulan/:id/%s as %s answers %i', async (action, k, status) => {
    const res = await clients[k].post(`/api/v1/kp/usulan/${usulanId}/${action}`, body[action]);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(res.body.detail).toMatch(/\S/);
  });

  it('bulk approval and SK signing refuse other roles and foreign usulan', async () => {
    expect((await clients.operatorOwn.post('/api/v1/kp/keputusan-instansi-massal', { ids: [usulanId], action: 'APPROVE', passphrase: 'x' })).status).toBe(403);
    expect((await clients.approverForeign.post('/api/v1/kp/keputusan-instansi-massal', { ids: [usulanId], action: 'APPROVE', passphrase: 'x' })).status).toBe(404);
    expect((await clients.verifierOwn.post('/api/v1/kp/tte-sk', { ids: [usulanId], passphrase: 'x' })).status).toBe(403);
    expect((await clients.approverForeign.post('/api/v1/kp/tte-sk', { ids: [usulanId], passphrase: 'x' })).status).toBe(404);
  });

  it('the usulan is still waiting for approval, with no decision recorded', async () => {
    const u = await engine.db.selectFrom('usulan_kp').select(['status', 'claimed_by', 'approved_by']).where('id', '=', usulanId).executeTakeFirstOrThrow();
    expect(u).toEqual({ status: 'MENUNGGU_PERSETUJUAN', claimed_by: null, approved_by: null });
    // The workflow records its DIAJUKAN event itself; nothing else may have been added.
    const events = await eventually(async () => {
      const rows = await engine.db.selectFrom('usulan_event').select('jenis').where('usulan_id', '=', usulanId).execute();
      return rows.length ? rows : undefined;
    });
    expect(events.map((e) => e.jenis)).toEqual(['DIAJUKAN']);
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', () => expectConsistent(engine));
});

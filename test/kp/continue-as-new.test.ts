import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import { recordHistories } from '../helpers/record-histories';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS, DEMO_SIGNERS, DEMO_CASES } from '../../db/seed';
import type { KpState } from '../../workflows/kp/contract';

/**
 * The BTS loop has no bound, so a KP workflow waiting on a return continues as new once its history is long
 * (KP_HISTORY_LIMIT, set low here): each run hands the next the usulan's state, decisions keep reaching the current
 * run by the usulan id, and the read model never notices.
 */
jest.setTimeout(180_000);

let engine: TestEngine;
let operator: ApiClient;
let approver: ApiClient;
let verifier: ApiClient;
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;
const ap = DEMO_USERS.find((u) => u.username === 'pyb.jateng')!;
let vfName: string;

beforeAll(async () => {
  engine = await startTestEngine({ KP_HISTORY_LIMIT: '30' });
  const inst = await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', 'I-3300').executeTakeFirstOrThrow();
  vfName = DEMO_USERS.find((u) => u.role === 'VERIFIER' && u.kanregId === inst.kanreg_id)!.username;
  [operator, approver, verifier] = await Promise.all([
    engine.login(DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!.username), engine.login(ap.username), engine.login(vfName),
  ]);
});
afterAll(async () => {
  await engine?.close();
});

describe('continue-as-new in a long BTS loop', () => {
  it('each BTS return past the limit starts a new run carrying the state; the usulan still finishes with its whole story', async () => {
    const c = DEMO_CASES.find((x) => x.key === 'REGULER_MEMENUHI_SYARAT')!;
    const periode = (await operator.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
    const id = (await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [c.nip] })).body.items[0].usulanId as string;
    await eventually(async () => (await engine.db.selectFrom('usulan_kp').select('workflow_started_at').where('id', '=', id).executeTakeFirstOrThrow()).workflow_started_at);
    const handle = engine.temporal.workflow.getHandle(id);
    const firstRun = (await handle.describe()).runId;
    expect((await approver.post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf(ap.username) })).status).toBe(200);

    const runs: string[] = [firstRun];
    for (let round = 1; round <= 2; round++) {
      expect((await verifier.post(`/api/v1/kp/usulan/${id}/klaim`)).status).toBe(200);
      const bts = await verifier.post(`/api/v1/kp/usulan/${id}/verifikasi`, { action: 'BTS', alasan: ['BTS-01'], catatan: `Putaran ${round}` });
      expect(bts.body.status).toBe('BTS');
      // The run waiting on the return hands over to a new one.
      const next = await eventually(async () => {
        const d = await handle.describe();
        return d.runId !== runs.at(-1) && d.status.name === 'RUNNING' ? d.runId : undefined;
      });
      expect((await engine.temporal.workflow.getHandle(id, runs.at(-1)).describe()).status.name).toBe('CONTINUED_AS_NEW');
      runs.push(next);
      const state = await handle.query<KpState>('state');
      expect(state).toMatchObject({ status: 'BTS', btsCount: round });
      expect(state.timeline.map((t) => t.jenis).filter((j) => j === 'BTS')).toHaveLength(round);
      const again = await operator.post(`/api/v1/kp/usulan/${id}/ajukan-ulang`, { catatan: `Perbaikan ${round}` });
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('MENUNGGU_VERIFIKASI');
    }
    expect(new Set(runs).size).toBe(3);

    expect((await verifier.post(`/api/v1/kp/usulan/${id}/klaim`)).status).toBe(200);
    expect((await verifier.post(`/api/v1/kp/usulan/${id}/verifikasi`, { action: 'MS', passphrase: passphraseOf(vfName) })).body.status).toBe('MENUNGGU_TTE_SK');
    await eventually(async () => (await engine.db.selectFrom('usulan_kp').select('sk_draft_sha256').where('id', '=', id).executeTakeFirstOrThrow()).sk_draft_sha256);
    const signed = await approver.post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf(ap.username) });
    expect(signed.body.berhasil).toBe(1);
    const result = await handle.result() as KpState;
    expect(result).toMatchObject({ status: 'SELESAI', btsCount: 2 });
    const story = result.timeline.map((t) => t.jenis);
    expect(story[0]).toBe('DIAJUKAN');
    expect(story.filter((j) => j === 'DIAJUKAN_ULANG')).toHaveLength(2);
    expect(story.at(-1)).toBe('SELESAI');

    // The read model saw one usulan: two BTS, one SK, events in order with unique keys.
    const row = await engine.db.selectFrom('usulan_kp').select(['status', 'bts_count', 'sk_nomor']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'SELESAI', bts_count: 2 });
    const events = await engine.db.selectFrom('usulan_event').select(['jenis', 'seq']).where('usulan_id', '=', id).orderBy('seq').execute();
    expect(events.map((e) => e.jenis).filter((j) => j === 'DIAJUKAN')).toHaveLength(1);
    expect(events.map((e) => e.jenis).filter((j) => j === 'BTS')).toHaveLength(2);
    expect(new Set(events.map((e) => e.seq)).size).toBe(events.length);
  });

  it('leaves every invariant the consistency auditor checks intact', async () => {
    await expectConsistent(engine);
    await recordHistories(engine, 'kp-continued');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import type { ApiClient } from '../helpers/http-client';
import { todayInJakarta } from '../../db/seed';
import { DEMO_UNOR } from '../../db/seed/organisations';
import { NOT_IN_SIASN } from '../../db/repos/siasn-snapshots';
import { startStandInSiasn, type StandInSiasn } from '../../siasn/stand-in/server';
import { standInUnorId, type PlantedDrift } from '../../siasn/stand-in/population';

jest.setTimeout(300_000);

/**
 * The SIASN pull on the real dev server and a real database, against the stand-in SIASN on its own port: an outage
 * midway (SUSPENDED, reset connections) is ridden out by retries, the job finishes, every NIP of the instansi has a
 * snapshot or a refused answer, a second pull duplicates nothing, and the drifts the stand-in planted are in the
 * snapshots for a reconciliation to find. Credentials SIASN keeps refusing stop the job with the reason for a person.
 */
const INST = 'I-3404';
let standIn: StandInSiasn;
let engine: TestEngine;
let operator: ApiClient;
let admin: ApiClient;

async function runSync(client: ApiClient, body: Record<string, unknown> = {}) {
  const r = await client.post('/api/v1/siasn/sync', body, { idempotencyKey: null });
  expect(r.status).toBe(202);
  const id = r.body.sync.id as string;
  return eventually(async () => {
    const g = await client.get(`/api/v1/siasn/sync/${id}`);
    return g.body.sync.status === 'SELESAI' || g.body.sync.status === 'GAGAL' ? g.body : null;
  }, 240_000, 500);
}

beforeAll(async () => {
  const today = todayInJakarta();
  standIn = await startStandInSiasn({ today });
  const file = path.join(process.env.TEST_TMP_DIR!, `siasn-accounts-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(standIn.accounts), { mode: 0o600 });
  engine = await startTestEngine({ SIASN_BASE_URL: standIn.url, SIASN_ACCOUNTS_FILE: file, SIASN_THROTTLE: '1ms', SIASN_TIMEOUT: '5s' });
  operator = await engine.login('op.sleman');
  admin = await engine.login('admin');
});
afterAll(async () => {
  await engine?.close();
  await standIn?.stop();
});

describe('the SIASN pull', () => {
  let syncId: string;
  let nips: string[];

  it('rides out an outage midway and finishes with a snapshot or a refused answer for every NIP of the instansi', async () => {
    nips = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', INST).orderBy('nip').execute()).map((r) => r.nip);
    expect(nips.length).toBeGreaterThan(100);
    // About a third of the way in: SIASN's backend is suspended for a few calls, then connections reset, and one
    // answer is malformed and one names another person.
    standIn.setFaults({ suspended: { after: 350, count: 3 }, reset: { after: 500, count: 2 }, malformed: { after: 200, count: 1 }, wrongNip: { after: 60, count: 1 } });
    const before = standIn.calls.length;
    const done = await runSync(operator, { nipsPerRun: 40 });
    syncId = done.sync.id;
    expect(done.sync).toMatchObject({ status: 'SELESAI', total: nips.length, diproses: nips.length, persen: 100 });
    const seen = standIn.calls.slice(before);
    expect(seen.filter((c) => c.status === 503)).toHaveLength(3);
    expect(seen.filter((c) => c.status === 'reset')).toHaveLength(2);

    const snap = new Set((await engine.db.selectFrom('siasn_pegawai').select('nip').where('sync_id', '=', syncId).execute()).map((r) => r.nip));
    const refused = await engine.db.selectFrom('siasn_answer_refused').selectAll().where('sync_id', '=', syncId).execute();
    const refusedNips = new Set(refused.map((r) => r.nip));
    expect(nips.filter((n) => !snap.has(n) && !refusedNips.has(n))).toEqual([]);
    // The wrong-NIP answer and the malformed one were refused with what SIASN sent.
    const unreadable = refused.filter((r) => r.reason !== NOT_IN_SIASN);
    expect(unreadable.length).toBeGreaterThanOrEqual(2);
    expect(unreadable.some((r) => /bukan NIP yang diminta/.test(r.reason) && r.raw!.includes('"nipBaru"'))).toBe(true);
    expect(unreadable.some((r) => r.reason === 'Jawaban bukan JSON yang sah' && r.raw!.length > 0)).toBe(true);
    expect(done.sync.gagal).toBe(new Set(unreadable.map((r) => r.nip)).size);
    const units = await engine.db.selectFrom('siasn_unor').select('id').where('instansi_id', '=', INST).execute();
    expect(units).toHaveLength(DEMO_UNOR.filter((u) => u.instansiId === INST).length);
  });

  it('a second pull writes the same rows again: nothing is duplicated, and the planted drifts are in the snapshots', async () => {
    const count = async () => ({
      pegawai: Number((await engine.db.selectFrom('siasn_pegawai').select((eb) => eb.fn.countAll<string>().as('n')).where('instansi_id', '=', INST).executeTakeFirstOrThrow()).n),
      riwayat: Number((await engine.db.selectFrom('siasn_riwayat').select((eb) => eb.fn.countAll<string>().as('n')).where('nip', 'in', nips).executeTakeFirstOrThrow()).n),
    });
    const again = await runSync(admin, { instansiId: INST });
    expect(again.sync).toMatchObject({ status: 'SELESAI', diproses: nips.length, gagal: 0 });
    const first = await count();
    const third = await runSync(operator);
    expect(third.sync.status).toBe('SELESAI');
    expect(await count()).toEqual(first);

    const drifts = standIn.drifts(INST);
    const kinds = new Set(drifts.map((d) => d.kind));
    expect([...kinds].sort()).toEqual(['GOLONGAN_TERTINGGAL', 'HANYA_SIASN', 'NAMA', 'SKP_HILANG', 'TIDAK_ADA_DI_SIASN', 'UNOR_LAIN']);
    const pegawai = async (d: PlantedDrift) => engine.db.selectFrom('siasn_pegawai').selectAll().where('nip', '=', d.nip).executeTakeFirst();
    for (const d of drifts) {
      const p = await pegawai(d);
      const ours = await engine.db.selectFrom('employee').selectAll().where('nip', '=', d.nip).executeTakeFirst();
      switch (d.kind) {
        case 'NAMA':
          expect(p?.nama).toBe(d.siasn);
          expect(ours?.nama).toBe(d.kita);
          break;
        case 'GOLONGAN_TERTINGGAL':
          expect(p?.golongan_id).toBe(d.siasn);
          expect(ours?.golongan_id).toBe(d.kita);
          break;
        case 'SKP_HILANG': {
          const years = (await engine.db.selectFrom('siasn_riwayat').select('tahun').where('nip', '=', d.nip).where('jenis', '=', 'skp').execute()).map((r) => r.tahun);
          expect(years).not.toContain(d.kita);
          const ourYears = (await engine.db.selectFrom('employee_rating').select('tahun').where('nip', '=', d.nip).execute()).map((r) => r.tahun);
          expect(ourYears).toContain(d.kita);
          break;
        }
        case 'UNOR_LAIN':
          expect(p?.unor_siasn_id).toBe(d.siasn);
          expect(p?.unor_siasn_id).not.toBe(standInUnorId(ours!.unor_id!));
          break;
        case 'TIDAK_ADA_DI_SIASN': {
          expect(p).toBeUndefined();
          const r = await engine.db.selectFrom('siasn_answer_refused').select('reason').where('sync_id', '=', third.sync.id).where('nip', '=', d.nip).execute();
          expect(r.map((x) => x.reason)).toEqual([NOT_IN_SIASN]);
          break;
        }
        case 'HANYA_SIASN':
          // SIASN has no list call (SIASN.md §0.4): a per-NIP pull of our NIPs cannot find them; the Export Data ASN file does.
          expect(ours).toBeUndefined();
          expect(p).toBeUndefined();
          break;
      }
    }
    // A person without drift reads the same in both systems.
    const plain = nips.find((n) => !drifts.some((d) => d.nip === n))!;
    const [p, ours] = await Promise.all([
      engine.db.selectFrom('siasn_pegawai').selectAll().where('nip', '=', plain).executeTakeFirstOrThrow(),
      engine.db.selectFrom('employee').selectAll().where('nip', '=', plain).executeTakeFirstOrThrow(),
    ]);
    expect({ nama: p.nama, golongan_id: p.golongan_id, tanggal_lahir: p.tanggal_lahir, unor: p.unor_siasn_id })
      .toEqual({ nama: ours.nama, golongan_id: ours.golongan_id, tanggal_lahir: ours.tanggal_lahir, unor: standInUnorId(ours.unor_id!) });
  });

  it('only the instansi\'s operator and the admin see a sync; the admin names the instansi; one sync at a time', async () => {
    const other = await engine.login('op.sidoarjo');
    expect((await other.get(`/api/v1/siasn/sync/${syncId}`)).status).toBe(404);
    expect((await admin.get(`/api/v1/siasn/sync/${syncId}`)).status).toBe(200);
    expect((await admin.post('/api/v1/siasn/sync', {}, { idempotencyKey: null })).status).toBe(400);
    expect((await operator.post('/api/v1/siasn/sync', { instansiId: 'I-3515' }, { idempotencyKey: null })).status).toBe(403);
    standIn.setFaults({ latencyMs: 50 });
    const first = await operator.post('/api/v1/siasn/sync', {}, { idempotencyKey: null });
    expect(first.status).toBe(202);
    const second = await operator.post('/api/v1/siasn/sync', {}, { idempotencyKey: null });
    expect(second.status).toBe(409);
    expect(second.body.sync.id).toBe(first.body.sync.id);
    standIn.clearFaults();
    await eventually(async () => (await operator.get(`/api/v1/siasn/sync/${first.body.sync.id}`)).body.sync.status === 'SELESAI', 240_000, 500);
  });

  it('when SIASN keeps refusing the tokens after one refresh, the job stops GAGAL with the reason for a person', async () => {
    standIn.setFaults({ ssoMismatch: -1 });
    const done = await runSync(operator);
    standIn.clearFaults();
    expect(done.sync.status).toBe('GAGAL');
    expect(done.sync.pesan).toMatch(/Token SSO mismatch.*admin perlu memperbarui token SSO/);
  });
});

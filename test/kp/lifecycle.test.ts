import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import { recordHistories } from '../helpers/record-histories';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS, DEMO_SIGNERS, DEMO_CASES } from '../../db/seed';

jest.setTimeout(180_000);

let engine: TestEngine;
let operator: ApiClient;
let approver: ApiClient;
let verifier: ApiClient;
let periode: string;
const accepted: { nip: string; usulanId: string; signer: string }[] = [];

function userOf(role: string, pred: (u: (typeof DEMO_USERS)[number]) => boolean = () => true) {
  const u = DEMO_USERS.find((x) => x.role === role && pred(x));
  if (!u) throw new Error(`no demo ${role}`);
  return u;
}
const passphraseOf = (username: string) => {
  const signerId = DEMO_USERS.find((u) => u.username === username)?.signerId;
  return DEMO_SIGNERS.find((s) => s.signerId === signerId)!.passphrase;
};

async function statusOf(id: string): Promise<string> {
  const row = await engine.db.selectFrom('usulan_kp').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  return row.status;
}

beforeAll(async () => {
  engine = await startTestEngine();
  const op = userOf('OPERATOR');
  const ap = userOf('APPROVER', (u) => u.instansiId === op.instansiId && !u.username.includes('plt'));
  const inst = await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', op.instansiId!).executeTakeFirstOrThrow();
  const vf = userOf('VERIFIER', (u) => u.kanregId === inst.kanreg_id);
  [operator, approver, verifier] = await Promise.all([engine.login(op.username), engine.login(ap.username), engine.login(vf.username)]);
  (approver as any).username = ap.username;
  (verifier as any).username = vf.username;
  const ref = await operator.get('/api/v1/kp/referensi');
  periode = ref.body.periodeTerbuka[0];

  const nips = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', op.instansiId!).orderBy('nip').execute()).map((e) => e.nip);
  const res = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips });
  expect(res.status).toBe(201);
  for (const item of res.body.items) {
    if (item.status === 'DITERIMA') {
      const row = await engine.db.selectFrom('usulan_kp').select('penandatangan_sk').where('id', '=', item.usulanId).executeTakeFirstOrThrow();
      accepted.push({ nip: item.nip, usulanId: item.usulanId, signer: row.penandatangan_sk });
    }
  }
  await eventually(async () => {
    const b = await operator.get(`/api/v1/kp/batches/${res.body.batchId}`);
    return b.body.selesaiDimulai;
  });
});

afterAll(async () => {
  await engine?.close();
});

const ppk = (i: number) => accepted.filter((a) => a.signer === 'PPK')[i];

describe('collective KP submission', () => {
  it('answers each NIP as accepted with its usulan id or held back with the reasons and their regulations', async () => {
    expect(accepted.length).toBeGreaterThanOrEqual(8);
    const again = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [accepted[0].nip, '197001131989032002'] });
    expect(again.status).toBe(201);
    const [dup, foreign] = again.body.items;
    expect(dup).toMatchObject({ status: 'DITAHAN' });
    expect(dup.alasan.map((a: any) => a.kode)).toContain('USULAN_MASIH_TERBUKA');
    expect(foreign.status).toBe('DITAHAN');
  });

  it('streams the progress of a collective submission as server-sent events until every workflow has started', async () => {
    const nip = DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT_SIDOARJO')!.nip;
    const sidoarjo = await engine.login(userOf('OPERATOR', (u) => u.instansiId === 'I-3515').username);
    const res = await sidoarjo.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [nip] });
    expect(res.body.diterima).toBe(1);
    const stream = await sidoarjo.stream(`/api/v1/kp/batches/${res.body.batchId}/stream`);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await stream.text();
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({ event: m[1], data: JSON.parse(m[2]) }));
    expect(events.at(-1)?.event).toBe('selesai');
    expect(events.filter((e) => e.event === 'progres').at(-1)?.data).toMatchObject({ accepted: 1, workflowDimulai: 1, selesaiDimulai: true });
    expect((await operator.stream(`/api/v1/kp/batches/${res.body.batchId}/stream`)).status).toBe(404);
  });

  it('holds back an ineligible employee with one reason per failed rule, each naming its regulation', async () => {
    const res = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', userOf('OPERATOR').instansiId!).execute()).map((e) => e.nip).slice(0, 300) });
    const held = res.body.items.filter((i: any) => i.status === 'DITAHAN' && i.alasan.some((a: any) => a.kode === 'MASA_KERJA_PANGKAT'));
    expect(held.length).toBeGreaterThan(0);
    expect(held[0].alasan.find((a: any) => a.kode === 'MASA_KERJA_PANGKAT').regulasi).toMatch(/PP|Peraturan/);
  });

  it('refuses a NIP sent as a JSON number and a 17-digit NIP, and writes nothing', async () => {
    const before = await engine.db.selectFrom('usulan_kp').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const asNumber = await operator.post('/api/v1/kp/usulan', `{"periode":"${periode}","jenisKp":101,"nips":[197001131989032002]}`);
    expect(asNumber.status).toBe(400);
    expect(JSON.stringify(asNumber.body)).toMatch(/bukan angka/);
    const short = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: ['19700113198903200'] });
    expect(short.status).toBe(400);
    const after = await engine.db.selectFrom('usulan_kp').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('refuses a period outside its submission window', async () => {
    const res = await operator.post('/api/v1/kp/usulan', { periode: '2024-04-01', jenisKp: 101, nips: [accepted[0].nip] });
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/hanya dapat diusulkan/);
  });
});

describe('KP lifecycle on the real dev server', () => {
  it('MS: approve with signature, claim, MS with a signed Pertek, SK signed, archived, golongan history, notified', async () => {
    const a = ppk(0);
    const ok = await approver.post(`/api/v1/kp/usulan/${a.usulanId}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf((approver as any).username) });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('MENUNGGU_VERIFIKASI');
    expect((await verifier.post(`/api/v1/kp/usulan/${a.usulanId}/klaim`)).status).toBe(200);
    const ms = await verifier.post(`/api/v1/kp/usulan/${a.usulanId}/verifikasi`, { action: 'MS', passphrase: passphraseOf((verifier as any).username) });
    expect(ms.status).toBe(200);
    expect(ms.body.status).toBe('MENUNGGU_TTE_SK');
    // The moment the read model offers the draft for signature, the workflow already holds it (it would refuse otherwise).
    await eventually(async () => (await engine.db.selectFrom('usulan_kp').select('sk_draft_sha256').where('id', '=', a.usulanId).executeTakeFirstOrThrow()).sk_draft_sha256, 30_000, 5);
    const held = await engine.temporal.workflow.getHandle(a.usulanId).query<{ sk?: { nomor: string; signerUserId?: string } }>('state');
    expect(held.sk?.signerUserId).toBe((await engine.db.selectFrom('usulan_kp').select('sk_signer_user_id').where('id', '=', a.usulanId).executeTakeFirstOrThrow()).sk_signer_user_id);
    const signed = await approver.post('/api/v1/kp/tte-sk', { ids: [a.usulanId], passphrase: passphraseOf((approver as any).username) });
    expect(signed.status).toBe(200);
    expect(signed.body.berhasil).toBe(1);
    await eventually(async () => (await statusOf(a.usulanId)) === 'SELESAI');
    const u = await engine.db.selectFrom('usulan_kp').selectAll().where('id', '=', a.usulanId).executeTakeFirstOrThrow();
    expect(u.sk_nomor).toMatch(/^800\.1\.3\.2\/\d+\//);
    expect(u.pertek_nomor).toMatch(/^[A-Z]{2,3}-\d{11}$/);
    const history = await engine.db.selectFrom('employee_golongan_history').selectAll().where('usulan_id', '=', a.usulanId).execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ golongan_id: u.golongan_baru, tmt: u.periode, sk_nomor: u.sk_nomor, pertek_nomor: u.pertek_nomor });
    const emp = await engine.db.selectFrom('employee').select(['golongan_id', 'tmt_golongan']).where('nip', '=', a.nip).executeTakeFirstOrThrow();
    expect(emp).toEqual({ golongan_id: u.golongan_baru, tmt_golongan: u.periode });
    const verification = await operator.get(`/api/v1/verifikasi/${u.sk_document_id}`);
    expect(verification.body).toMatchObject({ cocokDenganDms: true, semuaValid: true, dokumen: { jenis: 'SK', berlaku: true } });
    const admin = await engine.login(DEMO_USERS.find((x) => x.role === 'ADMIN')!.username);
    const withdrawn = await admin.post(`/api/v1/documents/${u.sk_document_id}/status`, { status: 'DICABUT', alasan: 'Uji pencabutan' });
    expect(withdrawn.status).toBe(200);
    const after = await operator.get(`/api/v1/verifikasi/${u.sk_document_id}`);
    expect(after.body).toMatchObject({ semuaValid: true, dokumen: { status: 'DICABUT', berlaku: false } });
    expect((await operator.post(`/api/v1/documents/${u.sk_document_id}/status`, { status: 'DICABUT', alasan: 'x' })).status).toBe(403);
    // SELESAI is recorded first, then the notification activity runs.
    await eventually(async () => (await engine.db.selectFrom('notification').selectAll().where('usulan_id', '=', a.usulanId).execute())
      .some((n) => n.recipient_nip === a.nip && /SK kenaikan pangkat/.test(n.subject)));
    await eventually(async () => engine.mail!.messages.some((m) => /SK kenaikan pangkat telah ditetapkan/.test(m.subject)));
    const opInbox = await operator.get('/api/v1/notifikasi');
    expect(opInbox.status).toBe(200);
    expect(opInbox.body.items.some((n: { usulan_id: string }) => n.usulan_id === a.usulanId)).toBe(true);
    const first = opInbox.body.items.find((n: { usulan_id: string }) => n.usulan_id === a.usulanId);
    expect((await operator.post(`/api/v1/notifikasi/${first.id}/dibaca`, {}, { idempotencyKey: null })).status).toBe(200);
    expect((await approver.post(`/api/v1/notifikasi/${first.id}/dibaca`, {}, { idempotencyKey: null })).status).toBe(404);
    const detail = await operator.get(`/api/v1/kp/usulan/${a.usulanId}`);
    expect(detail.body.timeline.map((e: any) => e.jenis)).toEqual(expect.arrayContaining(['DIAJUKAN', 'DISETUJUI_INSTANSI', 'MS', 'DRAF_SK_SIAP', 'SK_DITANDATANGANI', 'SELESAI']));
  });

  it('BTS goes back to the operator with the reasons, the operator resubmits, then MS', async () => {
    const b = ppk(1);
    await approver.post(`/api/v1/kp/usulan/${b.usulanId}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf((approver as any).username) });
    await verifier.post(`/api/v1/kp/usulan/${b.usulanId}/klaim`);
    const bts = await verifier.post(`/api/v1/kp/usulan/${b.usulanId}/verifikasi`, { action: 'BTS', alasan: ['BTS-01'], catatan: 'SK pangkat buram' });
    expect(bts.status).toBe(200);
    expect(bts.body.status).toBe('BTS');
    const row = await engine.db.selectFrom('usulan_kp').select(['bts_count', 'last_note']).where('id', '=', b.usulanId).executeTakeFirstOrThrow();
    expect(row.bts_count).toBe(1);
    const again = await operator.post(`/api/v1/kp/usulan/${b.usulanId}/ajukan-ulang`, { catatan: 'SK pangkat dipindai ulang' });
    expect(again.body.status).toBe('MENUNGGU_VERIFIKASI');
    await verifier.post(`/api/v1/kp/usulan/${b.usulanId}/klaim`);
    const ms = await verifier.post(`/api/v1/kp/usulan/${b.usulanId}/verifikasi`, { action: 'MS', passphrase: passphraseOf((verifier as any).username) });
    expect(ms.body.status).toBe('MENUNGGU_TTE_SK');
  });

  it('TMS is final and the employee is told why', async () => {
    const c = ppk(2);
    await approver.post(`/api/v1/kp/usulan/${c.usulanId}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf((approver as any).username) });
    await verifier.post(`/api/v1/kp/usulan/${c.usulanId}/klaim`);
    const tms = await verifier.post(`/api/v1/kp/usulan/${c.usulanId}/verifikasi`, { action: 'TMS', alasan: ['TMS-01'] });
    expect(tms.body.status).toBe('TMS');
    const resubmit = await operator.post(`/api/v1/kp/usulan/${c.usulanId}/ajukan-ulang`, {});
    expect(resubmit.status).toBe(409);
    expect(await statusOf(c.usulanId)).toBe('TMS');
  });

  it('rejection at the instansi needs a reason and closes the usulan', async () => {
    const d = ppk(3);
    const noReason = await approver.post(`/api/v1/kp/usulan/${d.usulanId}/keputusan-instansi`, { action: 'REJECT' });
    expect(noReason.status).toBe(422);
    const rej = await approver.post(`/api/v1/kp/usulan/${d.usulanId}/keputusan-instansi`, { action: 'REJECT', catatan: 'Masih menjalani tugas belajar' });
    expect(rej.body.status).toBe('DITOLAK_INSTANSI');
    const late = await approver.post(`/api/v1/kp/usulan/${d.usulanId}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf((approver as any).username) });
    expect(late.status).toBe(409);
  });

  it('the operator withdraws before BKN decides; the claim is released', async () => {
    const e = ppk(4);
    const w = await operator.post(`/api/v1/kp/usulan/${e.usulanId}/tarik`, { alasan: 'Pegawai pindah instansi' });
    expect(w.body.status).toBe('DITARIK');
    const row = await engine.db.selectFrom('usulan_kp').select(['is_open', 'claimed_by']).where('id', '=', e.usulanId).executeTakeFirstOrThrow();
    expect(row).toEqual({ is_open: false, claimed_by: null });
  });

  it('refuses a decision by the wrong role (403) and keeps the state', async () => {
    const f = ppk(5);
    const byVerifier = await verifier.post(`/api/v1/kp/usulan/${f.usulanId}/keputusan-instansi`, { action: 'APPROVE', passphrase: 'x' });
    expect([403, 404]).toContain(byVerifier.status);
    const byOperator = await operator.post(`/api/v1/kp/usulan/${f.usulanId}/keputusan-instansi`, { action: 'APPROVE' });
    expect(byOperator.status).toBe(403);
    const wrongPass = await approver.post(`/api/v1/kp/usulan/${f.usulanId}/keputusan-instansi`, { action: 'APPROVE', passphrase: 'salah-sekali' });
    expect(wrongPass.status).toBe(403);
    const unclaimed = await verifier.post(`/api/v1/kp/usulan/${f.usulanId}/verifikasi`, { action: 'TMS', alasan: ['TMS-01'] });
    expect(unclaimed.status).toBe(409);
    expect(await statusOf(f.usulanId)).toBe('MENUNGGU_PERSETUJUAN');
  });

  it('ten concurrent approvals of one usulan: exactly one succeeds', async () => {
    const g = ppk(6);
    const results = await Promise.all(Array.from({ length: 10 }, () =>
      approver.post(`/api/v1/kp/usulan/${g.usulanId}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf((approver as any).username) })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).length).toBe(9);
    const events = await engine.db.selectFrom('usulan_event').select('jenis').where('usulan_id', '=', g.usulanId).where('jenis', '=', 'DISETUJUI_INSTANSI').execute();
    expect(events).toHaveLength(1);
  });

  it('a repeated decision with the same Idempotency-Key replays the first answer and changes nothing', async () => {
    const h = ppk(7);
    const key = `k-${h.usulanId}`;
    const first = await approver.post(`/api/v1/kp/usulan/${h.usulanId}/keputusan-instansi`, { action: 'RETURN', catatan: 'Lengkapi SKP' }, { idempotencyKey: key });
    const second = await approver.post(`/api/v1/kp/usulan/${h.usulanId}/keputusan-instansi`, { action: 'RETURN', catatan: 'Lengkapi SKP' }, { idempotencyKey: key });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const events = await engine.db.selectFrom('usulan_event').select('jenis').where('usulan_id', '=', h.usulanId).where('jenis', '=', 'DIKEMBALIKAN_INSTANSI').execute();
    expect(events).toHaveLength(1);
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', async () => {
    await expectConsistent(engine);
    await recordHistories(engine, 'kp-lifecycle');
  });
});

import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import { recordHistories } from '../helpers/record-histories';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS, DEMO_SIGNERS, DEMO_CASES } from '../../db/seed';
import { createKpActivities } from '../../activities/kp';
import { createKpDocumentActivities } from '../../activities/kp-documents';

jest.setTimeout(180_000);

let engine: TestEngine;
let operator: ApiClient;
let approver: ApiClient;
let verifier: ApiClient;
let periode: string;

const user = (role: string, instansiId?: string, kanregId?: string) =>
  DEMO_USERS.find((u) => u.role === role && (!instansiId || u.instansiId === instansiId) && (!kanregId || u.kanregId === kanregId) && !/plt/i.test(u.username))!;
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;
const demo = (key: string) => DEMO_CASES.find((c) => c.key === key)!;
const statusOf = async (id: string) => (await engine.db.selectFrom('usulan_kp').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const jenisOf: Record<string, number> = { REGULER: 101, JABATAN_STRUKTURAL: 201, JABATAN_FUNGSIONAL: 202 };

const op = user('OPERATOR', 'I-3300');
const ap = user('APPROVER', 'I-3300');

async function submitAndApprove(key: string): Promise<string> {
  const c = demo(key);
  const res = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: jenisOf[c.kpType], nips: [c.nip] });
  expect(res.body.items[0]).toMatchObject({ status: 'DITERIMA' });
  const id = res.body.items[0].usulanId as string;
  await eventually(async () => (await engine.db.selectFrom('usulan_kp').select('workflow_started_at').where('id', '=', id).executeTakeFirstOrThrow()).workflow_started_at);
  const ok = await approver.post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf(ap.username) });
  expect(ok.status).toBe(200);
  return id;
}

async function verifyMs(id: string, vf: { username: string }) {
  expect((await verifier.post(`/api/v1/kp/usulan/${id}/klaim`)).status).toBe(200);
  const ms = await verifier.post(`/api/v1/kp/usulan/${id}/verifikasi`, { action: 'MS', passphrase: passphraseOf(vf.username) });
  expect(ms.status).toBe(200);
  return ms.body.status as string;
}

let vf: (typeof DEMO_USERS)[number];

beforeAll(async () => {
  engine = await startTestEngine({ SLA_APPROVAL: '5s', SLA_VERIFICATION: '1h', SLA_REMINDER_BEFORE: '2s', SLA_KEPPRES_REMINDER: '2s' });
  const inst = await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', 'I-3300').executeTakeFirstOrThrow();
  vf = user('VERIFIER', undefined, inst.kanreg_id);
  [operator, approver, verifier] = await Promise.all([engine.login(op.username), engine.login(ap.username), engine.login(vf.username)]);
  periode = (await operator.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
});

afterAll(async () => {
  await engine?.close();
});

describe('signer routing and the external steps', () => {
  it('IV/c goes to the Head of BKN, who signs the SK', async () => {
    const id = await submitAndApprove('TUJUAN_IV_C_KEPALA_BKN');
    expect(await verifyMs(id, vf)).toBe('MENUNGGU_TTE_SK');
    await eventually(async () => (await engine.db.selectFrom('usulan_kp').select('sk_draft_sha256').where('id', '=', id).executeTakeFirstOrThrow()).sk_draft_sha256);
    const byPpk = await approver.post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf(ap.username) });
    expect(byPpk.status === 404 || byPpk.body.berhasil === 0).toBe(true);
    const head = user('BKN_HEAD');
    const headClient = await engine.login(head.username);
    const signed = await headClient.post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf(head.username) });
    expect(signed.body).toMatchObject({ berhasil: 1 });
    await eventually(async () => (await statusOf(id)) === 'SELESAI');
    const u = await engine.db.selectFrom('usulan_kp').select(['golongan_baru', 'sk_nomor', 'penandatangan_sk']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(u).toMatchObject({ golongan_baru: 43, penandatangan_sk: 'KEPALA_BKN' });
    expect(u.sk_nomor).toMatch(/\/BKN-PUSAT\//);
  });

  it('a presidential decree is waited for with reminders, then recorded as the SK', async () => {
    const id = await submitAndApprove('JF_AHLI_UTAMA_KEPPRES');
    expect(await verifyMs(id, vf)).toBe('MENUNGGU_KEPPRES');
    await eventually(async () => (await engine.db.selectFrom('usulan_event').select('id').where('usulan_id', '=', id).where('jenis', '=', 'PENGINGAT_KEPPRES').execute()).length > 0, 20_000);
    const admin = await engine.login(user('ADMIN').username);
    const res = await admin.post(`/api/v1/kp/usulan/${id}/keppres`, { nomor: '12/KEPPRES/2027', tanggal: '2026-12-20' });
    expect(res.status).toBe(202);
    await eventually(async () => (await statusOf(id)) === 'SELESAI');
    const h = await engine.db.selectFrom('employee_golongan_history').selectAll().where('usulan_id', '=', id).executeTakeFirstOrThrow();
    expect(h).toMatchObject({ sk_nomor: '12/KEPPRES/2027', sk_tanggal: '2026-12-20' });
  });
});

describe('service levels', () => {
  it('reminds the approver before the deadline and escalates to their superior after it, on the usulan history', async () => {
    const c = demo('REGULER_MEMENUHI_SYARAT');
    const res = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [c.nip] });
    const id = res.body.items[0].usulanId as string;
    await eventually(async () => {
      const ev = await engine.db.selectFrom('usulan_event').select('jenis').where('usulan_id', '=', id).execute();
      return ev.some((e) => e.jenis === 'ESKALASI_PERSETUJUAN') && ev.some((e) => e.jenis === 'PENGINGAT_PERSETUJUAN');
    }, 30_000);
    const row = await engine.db.selectFrom('usulan_kp').select('sla_breached').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.sla_breached).toBe(true);
    const superior = DEMO_USERS.find((u) => u.username === ap.superiorUsername)!;
    // The escalation event is recorded first, then the notification activity runs.
    const notes = await eventually(async () => {
      const rows = await engine.db.selectFrom('notification').select(['recipient_user_id', 'subject']).where('usulan_id', '=', id).execute();
      return rows.some((n) => n.recipient_user_id === superior.id && /Eskalasi/.test(n.subject)) ? rows : undefined;
    });
    expect(notes.some((n) => n.recipient_user_id === ap.id && /Pengingat/.test(n.subject))).toBe(true);
    expect(notes.some((n) => n.recipient_user_id === superior.id && /Eskalasi/.test(n.subject))).toBe(true);
    await eventually(async () => engine.mail!.messages.some((m) => m.to.includes(superior.email) && /Eskalasi/.test(m.subject)));
  });
});

describe('exactly-once effects under retries', () => {
  it('a retried activity produces one golongan row, one notification and one SK number', async () => {
    const id = await submitAndApprove('STRUKTURAL_MEMENUHI_SYARAT');
    await verifyMs(id, vf);
    await eventually(async () => (await engine.db.selectFrom('usulan_kp').select('sk_draft_sha256').where('id', '=', id).executeTakeFirstOrThrow()).sk_draft_sha256);
    const acts = createKpActivities({ db: engine.db, publicBaseUrl: 'http://x' });
    const docs = createKpDocumentActivities({ db: engine.db, blobs: engine.blobs });
    const first = await docs.prepareSkDraft({ usulanId: id });
    const again = await docs.prepareSkDraft({ usulanId: id });
    expect(again).toEqual(first);
    // Preparing a draft does not offer it for signature; only the workflow's DRAF_SK_SIAP step does, once the workflow
    // holds the draft (before that it would refuse the signature).
    const offered = await engine.db.selectFrom('usulan_kp').select(['sk_draft_sha256', 'sk_signer_user_id']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(offered.sk_draft_sha256).toBe(first.draftSha256);
    await engine.db.updateTable('usulan_kp').set({ sk_draft_sha256: null, sk_signer_user_id: null }).where('id', '=', id).execute();
    await docs.prepareSkDraft({ usulanId: id });
    expect(await engine.db.selectFrom('usulan_kp').select(['sk_draft_sha256', 'sk_signer_user_id']).where('id', '=', id).executeTakeFirstOrThrow())
      .toEqual({ sk_draft_sha256: null, sk_signer_user_id: null });
    const early = await approver.post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf(ap.username) });
    expect(early.body.items[0]).toMatchObject({ ok: false, httpStatus: 409, alasan: 'Draf SK belum siap' });
    expect((await approver.get('/api/v1/kp/usulan?antrean=tte')).body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    await engine.db.updateTable('usulan_kp').set(offered).where('id', '=', id).execute();
    // No golongan row without a standing SK the workflow accepted.
    await expect(acts.applyPromotion({ usulanId: id, skNomor: first.nomor, skTanggal: first.tanggal })).rejects.toThrow(/tidak ada SK berlaku/);
    expect(await engine.db.selectFrom('employee_golongan_history').select('id').where('usulan_id', '=', id).execute()).toHaveLength(0);
    expect((await approver.post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf(ap.username) })).body.berhasil).toBe(1);
    await eventually(async () => (await statusOf(id)) === 'SELESAI');
    const done = await engine.db.selectFrom('usulan_kp').select(['sk_document_id', 'sk_tanggal']).where('id', '=', id).executeTakeFirstOrThrow();
    await acts.applyPromotion({ usulanId: id, skNomor: first.nomor, skTanggal: done.sk_tanggal!, skDocumentId: done.sk_document_id! });
    await acts.applyPromotion({ usulanId: id, skNomor: first.nomor, skTanggal: done.sk_tanggal!, skDocumentId: done.sk_document_id! });
    expect(await engine.db.selectFrom('employee_golongan_history').select('id').where('usulan_id', '=', id).execute()).toHaveLength(1);
    await acts.notifyKp({ usulanId: id, eventKey: `${id}:retry-test`, kind: 'SELESAI' });
    await acts.notifyKp({ usulanId: id, eventKey: `${id}:retry-test`, kind: 'SELESAI' });
    const notes = await engine.db.selectFrom('notification').select('id').where('event_key', 'like', `${id}:retry-test:%`).execute();
    const recipients = new Set((await engine.db.selectFrom('notification').select('recipient_user_id').where('event_key', 'like', `${id}:retry-test:%`).execute()).map((n) => n.recipient_user_id));
    expect(notes.length).toBe(recipients.size);
    const numbers = await engine.db.selectFrom('number_assignment').select('nomor').where('usulan_id', '=', id).where('kind', '=', 'SK').execute();
    expect(numbers).toHaveLength(1);
  });

  it('holds back an usulan whose mandatory berkas is missing (the completeness gate)', async () => {
    const c = demo('BERKAS_KURANG_SKP');
    const res = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [c.nip] });
    expect(res.body.items[0].status).toBe('DITAHAN');
    expect(res.body.items[0].alasan.map((a: { kode: string }) => a.kode)).toContain('BERKAS_BELUM_LENGKAP');
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', async () => {
    await expectConsistent(engine);
    await recordHistories(engine, 'kp-paths');
  });
});

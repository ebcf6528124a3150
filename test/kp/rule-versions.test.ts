import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS, DEMO_SIGNERS, DEMO_CASES } from '../../db/seed';
import { pdfText, flat } from '../documents/pdf-tools';

jest.setTimeout(180_000);

/**
 * A rule change that lands while usulan are open, end to end: an usulan judged under the rules in force finishes
 * under them (its SK cites their legal basis); a submission after the change is judged by the new version, in every
 * instansi; the change is data an administrator publishes, and nobody else can.
 */
let engine: TestEngine;
let operator: ApiClient;
let admin: ApiClient;
let periode: string;

const user = (role: string, instansiId?: string) => DEMO_USERS.find((u) => u.role === role && (!instansiId || u.instansiId === instansiId) && !/plt/i.test(u.username))!;
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;
const nipOf = (key: string) => DEMO_CASES.find((c) => c.key === key)!.nip;
const row = async (id: string) => engine.db.selectFrom('usulan_kp').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const TEST_REGULATION = 'Peraturan BKN (uji) 99/2026';
const stricter = (id: string, extra: Record<string, unknown> = {}) => ({
  id, validFrom: periode, regulation: TEST_REGULATION, summary: 'masa kerja KP reguler 10 tahun (versi uji)',
  dasarHukum: ['Peraturan Badan Kepegawaian Negara (uji) Nomor 99 Tahun 2026 tentang Kenaikan Pangkat'], superiorCap: false,
  typeRules: { REGULER: { minYearsInPangkat: 10 } }, skNumberFormat: 'UJI.800/{seq:3}/{unit}-{office}/{year}', ...extra,
});

beforeAll(async () => {
  engine = await startTestEngine();
  [operator, admin] = await Promise.all([engine.login(user('OPERATOR', 'I-3300').username), engine.login('admin')]);
  periode = (await operator.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
});

afterAll(async () => {
  await engine?.close();
});

// One sign-in per user: a TOTP code is accepted once.
const clients = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!clients.has(username)) clients.set(username, engine.login(username));
  return clients.get(username)!;
};

/** Approves, verifies MS and signs the SK of one I-3300 usulan, and waits until it is finished. */
async function driveToSelesai(id: string): Promise<void> {
  const ap = user('APPROVER', 'I-3300');
  const inst = await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', 'I-3300').executeTakeFirstOrThrow();
  const vf = DEMO_USERS.find((u) => u.role === 'VERIFIER' && u.kanregId === inst.kanreg_id)!;
  const [approver, verifier] = await Promise.all([as(ap.username), as(vf.username)]);
  await eventually(async () => (await row(id)).workflow_started_at);
  expect((await approver.post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf(ap.username) })).status).toBe(200);
  expect((await verifier.post(`/api/v1/kp/usulan/${id}/klaim`)).status).toBe(200);
  expect((await verifier.post(`/api/v1/kp/usulan/${id}/verifikasi`, { action: 'MS', passphrase: passphraseOf(vf.username) })).status).toBe(200);
  await eventually(async () => (await row(id)).sk_draft_sha256);
  const signed = await approver.post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf(ap.username) });
  expect(signed.body.berhasil).toBe(1);
  await eventually(async () => (await row(id)).status === 'SELESAI');
}

describe('KP rules by effective date, end to end', () => {
  let before = '';
  let jfUnderNew = '';

  it('judges a submission by the version in force for its period, records it and shows it', async () => {
    const list = await operator.get('/api/v1/kp/aturan');
    expect(list.status).toBe(200);
    expect(list.body.items.map((v: { id: string }) => v.id)).toEqual(['KP-2002', 'KP-2024-01', 'KP-2025-05', 'KP-2025-10']);
    expect(list.body.periodeTerbuka[0]).toEqual({ periode, aturan: 'KP-2025-10' });
    const res = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [nipOf('REGULER_MEMENUHI_SYARAT')] });
    expect(res.status).toBe(201);
    expect(res.body.aturan).toMatchObject({ id: 'KP-2025-10', regulasi: 'Peraturan BKN 4/2025' });
    expect(res.body.items[0].status).toBe('DITERIMA');
    before = res.body.items[0].usulanId;
    expect((await row(before)).rule_version).toBe('KP-2025-10');
    const detail = await operator.get(`/api/v1/kp/usulan/${before}`);
    expect(detail.body.aturan).toMatchObject({ id: 'KP-2025-10', dicatat: 'KP-2025-10' });
    const explained = await operator.get(`/api/v1/kp/kelayakan?nip=${nipOf('REGULER_MEMENUHI_SYARAT_SLEMAN')}&jenisKp=101&periode=${periode}`);
    // Another instansi's employee is not the operator's to explain.
    expect(explained.status).toBe(404);
  });

  it('publishes a new version only for an administrator, once per id, and refuses a malformed one with its reasons', async () => {
    const refusedOperator = await operator.post('/api/v1/admin/aturan-kp', stricter('KP-UJI-OPERATOR'));
    expect(refusedOperator.status).toBe(403);
    const bad = await admin.post('/api/v1/admin/aturan-kp', { ...stricter('kp kecil'), dasarHukum: [] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/Id versi/);
    const [a, b] = await Promise.all([
      admin.post('/api/v1/admin/aturan-kp', stricter('KP-UJI-2026')),
      admin.post('/api/v1/admin/aturan-kp', stricter('KP-UJI-2026')),
    ]);
    expect({ statuses: [a.status, b.status].sort(), bodies: [a.body, b.body] }).toMatchObject({ statuses: [201, 409] });
    expect((await engine.db.selectFrom('kp_rule_version').select('id').execute()).map((r) => r.id)).toEqual(['KP-UJI-2026']);
    expect((await engine.db.selectFrom('kp_rule_version').select('id').where('id', 'in', ['KP-UJI-OPERATOR', 'kp kecil']).execute())).toEqual([]);
    const audit = await engine.db.selectFrom('audit_log').select(['action', 'object_id']).where('action', '=', 'KP_RULE_VERSION_PUBLISH').execute();
    expect(audit).toEqual([{ action: 'KP_RULE_VERSION_PUBLISH', object_id: 'KP-UJI-2026' }]);
    expect((await operator.get('/api/v1/kp/aturan')).body.periodeTerbuka[0]).toEqual({ periode, aturan: 'KP-UJI-2026' });
  });

  it('judges every later submission, in any instansi, by the new version, citing its regulation', async () => {
    const res = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [nipOf('REGULER_LINTAS_GOLONGAN_DENGAN_STLUD')] });
    expect(res.body.aturan.id).toBe('KP-UJI-2026');
    expect(res.body.items[0].status).toBe('DITAHAN');
    expect(res.body.items[0].alasan).toEqual(expect.arrayContaining([
      expect.objectContaining({ kode: 'MASA_KERJA_PANGKAT', regulasi: expect.stringContaining(TEST_REGULATION), pesan: expect.stringMatching(/minimal 10 tahun/) }),
    ]));
    const sleman = await engine.login(user('OPERATOR', 'I-3404').username);
    const there = await sleman.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [nipOf('REGULER_MEMENUHI_SYARAT_SLEMAN')] });
    expect(there.body.items[0].status).toBe('DITAHAN');
    const explained = await sleman.get(`/api/v1/kp/kelayakan?nip=${nipOf('REGULER_MEMENUHI_SYARAT_SLEMAN')}&jenisKp=101&periode=${periode}`);
    expect(explained.body.ruleVersion).toMatchObject({ id: 'KP-UJI-2026', regulation: TEST_REGULATION });
    // A JF usulan has no reguler parameter changed: judged by the new version, and accepted as before.
    const jf = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 202, nips: [nipOf('JF_MEMENUHI_SYARAT')] });
    expect(jf.body).toMatchObject({ aturan: { id: 'KP-UJI-2026' }, diterima: 1 });
    jfUnderNew = jf.body.items[0].usulanId;
    expect((await row(jfUnderNew)).rule_version).toBe('KP-UJI-2026');
  });

  it('numbers the SK of an usulan judged by the new version in the format that version prescribes', async () => {
    await driveToSelesai(jfUnderNew);
    expect((await row(jfUnderNew)).sk_nomor).toMatch(/^UJI\.800\/\d{3}\/[A-Za-z0-9.-]+-3300\/\d{4}$/);
  });

  it('lets the usulan judged before the change finish under its own version: its SK cites that version’s legal basis', async () => {
    await driveToSelesai(before);
    const u = await row(before);
    expect(u.rule_version).toBe('KP-2025-10');
    const sk = await engine.db.selectFrom('document').select('sha256').where('id', '=', u.sk_document_id!).executeTakeFirstOrThrow();
    const text = flat(pdfText(await engine.blobs.get(sk.sha256)));
    expect(text).toContain('Peraturan Badan Kepegawaian Negara Nomor 4 Tahun 2025');
    expect(text).toContain('Peraturan Badan Kepegawaian Negara Nomor 2 Tahun 2025');
    expect(text).not.toContain('(uji)');
    // The period regulation revoked on 1 October 2025 is no longer cited.
    expect(text).not.toContain('Nomor 4 Tahun 2023');
    expect(u.sk_nomor).toMatch(/^800\.1\.3\.2\//);
  });

  it('moves open usulan onto a version that says it applies to them, and only those of its periods', async () => {
    const open = (await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 202, nips: [nipOf('TUJUAN_IV_C_KEPALA_BKN')] })).body.items[0];
    expect((await row(open.usulanId)).rule_version).toBe('KP-UJI-2026');
    const correction = await admin.post('/api/v1/admin/aturan-kp', stricter('KP-UJI-KOREKSI', {
      summary: 'koreksi dasar hukum', dasarHukum: ['Peraturan Badan Kepegawaian Negara (uji) Nomor 100 Tahun 2026'], appliesToOpen: true,
    }));
    expect(correction.status).toBe(201);
    const detail = await operator.get(`/api/v1/kp/usulan/${open.usulanId}`);
    expect(detail.body.aturan).toMatchObject({ id: 'KP-UJI-KOREKSI', dicatat: 'KP-UJI-2026' });
    // The finished usulan of the same period keeps its version: a finished decree is not re-judged.
    expect((await operator.get(`/api/v1/kp/usulan/${before}`)).body.aturan.id).toBe('KP-2025-10');
  });

  it('leaves the engine consistent', async () => {
    await expectConsistent(engine);
  });
});

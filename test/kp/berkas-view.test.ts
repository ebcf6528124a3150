import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS, DEMO_SIGNERS, DEMO_CASES } from '../../db/seed';

jest.setTimeout(180_000);

/**
 * What a decider sees before deciding: the berkas of an usulan per checklist item, and the SK draft for its signer;
 * for every role in scope, and for nobody outside it (another instansi, another Kanreg: 404, as if it did not exist).
 */
let engine: TestEngine;
let id = '';
const clients = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!clients.has(username)) clients.set(username, engine.login(username));
  return clients.get(username)!;
};
const user = (role: string, pred: (u: (typeof DEMO_USERS)[number]) => boolean = () => true) =>
  DEMO_USERS.find((u) => u.role === role && pred(u) && !/plt/i.test(u.username))!;
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;
const row = async () => engine.db.selectFrom('usulan_kp').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const pdfText = (bytes: Buffer): string => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'draf-')), 'd.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
};

const op = user('OPERATOR', (u) => u.instansiId === 'I-3300');
const ap = user('APPROVER', (u) => u.instansiId === 'I-3300' && u.username.startsWith('pyb.'));
let vf: (typeof DEMO_USERS)[number];

beforeAll(async () => {
  engine = await startTestEngine();
  const inst = await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', 'I-3300').executeTakeFirstOrThrow();
  vf = user('VERIFIER', (u) => u.kanregId === inst.kanreg_id);
  const operator = await as(op.username);
  const periode = (await operator.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  const nip = DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT')!.nip;
  id = (await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [nip] })).body.items[0].usulanId;
  await eventually(async () => (await row()).workflow_started_at);
});

afterAll(async () => {
  await engine?.close();
});

describe('the berkas of an usulan, beside the decision', () => {
  it('lists every checklist item with the files in force, for the operator, the approver and the Kanreg verifier', async () => {
    for (const username of [op.username, ap.username, vf.username]) {
      const b = await (await as(username)).get(`/api/v1/kp/usulan/${id}/berkas`);
      expect(b.status).toBe(200);
      expect(b.body.aturan).toBe('KP-2025-10');
      const codes = b.body.butir.map((i: { kode: string }) => i.kode);
      expect(codes).toEqual(expect.arrayContaining(['SK_PANGKAT_TERAKHIR', 'SKP', 'IJAZAH', 'TRANSKRIP']));
      // The usulan passed the completeness gate: every mandatory item has its files, and each file opens.
      for (const i of b.body.butir.filter((x: { wajib: boolean }) => x.wajib)) expect({ kode: i.kode, lengkap: i.lengkap }).toEqual({ kode: i.kode, lengkap: true });
      const skp = b.body.butir.find((i: { kode: string }) => i.kode === 'SKP');
      expect(skp.dokumen.length).toBeGreaterThanOrEqual(skp.jumlah);
      const file = await (await as(username)).get(`/api/v1/documents/${b.body.butir[0].dokumen[0].id}`);
      expect(file.status).toBe(200);
      expect(b.body.drafSk).toBe(false);
    }
  });

  it('is not there for another instansi, another Kanreg, or the employee of another person', async () => {
    const outsiders = [
      user('OPERATOR', (u) => u.instansiId === 'I-3404'), user('APPROVER', (u) => u.instansiId === 'I-3404'),
      user('VERIFIER', (u) => u.kanregId !== vf.kanregId),
      user('EMPLOYEE', (u) => u.nip !== DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT')!.nip),
    ];
    for (const u of outsiders) {
      const c = await as(u.username);
      expect({ who: u.username, status: (await c.get(`/api/v1/kp/usulan/${id}/berkas`)).status }).toEqual({ who: u.username, status: 404 });
      expect({ who: u.username, status: (await c.get(`/api/v1/kp/usulan/${id}/draf-sk`)).status }).toEqual({ who: u.username, status: 404 });
    }
  });

  it('gives the signer the SK draft to read between MS and signing, and nothing before or after', async () => {
    const approver = await as(ap.username);
    expect((await approver.get(`/api/v1/kp/usulan/${id}/draf-sk`)).status).toBe(404);
    expect((await approver.post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf(ap.username) })).status).toBe(200);
    const verifier = await as(vf.username);
    expect((await verifier.post(`/api/v1/kp/usulan/${id}/klaim`)).status).toBe(200);
    expect((await verifier.post(`/api/v1/kp/usulan/${id}/verifikasi`, { action: 'MS', passphrase: passphraseOf(vf.username) })).status).toBe(200);
    await eventually(async () => (await row()).sk_draft_sha256);
    const draft = await approver.request<Buffer>('GET', `/api/v1/kp/usulan/${id}/draf-sk`, undefined, { raw: true });
    expect(draft.status).toBe(200);
    expect(draft.headers.get('content-type')).toBe('application/pdf');
    const u = await row();
    expect(pdfText(draft.body)).toContain(u.sk_nomor!);
    const b = (await approver.get(`/api/v1/kp/usulan/${id}/berkas`)).body;
    expect(b.drafSk).toBe(true);
    expect(b.dokumenKeputusan.map((d: { jenis: string }) => d.jenis)).toEqual(expect.arrayContaining(['PENGANTAR', 'PERTEK']));
    const audited = await engine.db.selectFrom('audit_log').select('actor_id').where('action', '=', 'SK_DRAFT_VIEW').where('object_id', '=', id).execute();
    expect(audited.length).toBeGreaterThanOrEqual(1);

    expect((await approver.post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf(ap.username) })).body.berhasil).toBe(1);
    await eventually(async () => (await row()).status === 'SELESAI');
    expect((await approver.get(`/api/v1/kp/usulan/${id}/draf-sk`)).status).toBe(404);
    const after = (await approver.get(`/api/v1/kp/usulan/${id}/berkas`)).body;
    expect(after.drafSk).toBe(false);
    expect(after.dokumenKeputusan.find((d: { jenis: string }) => d.jenis === 'SK')).toMatchObject({ status: 'BERLAKU', nomor: u.sk_nomor });
  });

  it('leaves the engine consistent', async () => {
    await expectConsistent(engine);
  });
});

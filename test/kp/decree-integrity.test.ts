import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import { recordHistories } from '../helpers/record-histories';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS, DEMO_SIGNERS, DEMO_CASES } from '../../db/seed';
import { fixedClock } from '../../domain/office-clock';
import { currentOpenPeriods } from '../../domain/periods';
import { verifyPdf } from '../../signing';
import { randomUUID } from 'node:crypto';
import { signingAttemptId } from '../../api/kp/decide';
import { beginSigningUpdate } from '../../workflows/kp/contract';

/**
 * The decree-integrity classes, each checked as an invariant over real workflows: a signature only for a step the
 * workflow accepts, for the official the draft names; the printed signer is the certificate's; numbers unique per
 * issuing office; dates in the office's zone; a step that cannot heal is visible.
 */
jest.setTimeout(240_000);

const D = new Date().toISOString().slice(0, 10);
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
// 23:30 UTC is 06:30 WIB and 07:30 WITA of the next day: the hour at which UTC dates were wrong.
const clock = fixedClock(`${D}T23:30:00Z`);

let engine: TestEngine;
const clients = new Map<string, Promise<ApiClient>>();
let periode: string;
/** Accepted usulan (signed by the PPK) per instansi, from one collective submission of everyone not used by name. */
const pool = new Map<string, string[]>();
const take = (instansiId: string): string => {
  const id = pool.get(instansiId)?.shift();
  if (!id) throw new Error(`no accepted usulan left for ${instansiId}`);
  return id;
};
const NAMED = new Set(['TUJUAN_IV_C_KEPALA_BKN', 'REGULER_MEMENUHI_SYARAT', 'REGULER_MEMENUHI_SYARAT_SLEMAN', 'REGULER_MEMENUHI_SYARAT_SIDOARJO', 'MASA_KERJA_PANGKAT_KURANG']);

const userByName = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;
const as = (username: string): Promise<ApiClient> => {
  if (!clients.has(username)) clients.set(username, engine.login(username));
  return clients.get(username)!;
};
const row = (id: string) => engine.db.selectFrom('usulan_kp').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const docsOf = (id: string, kind: string) => engine.db.selectFrom('document').selectAll().where('usulan_id', '=', id).where('kind', '=', kind as never).execute();

async function submit(operator: string, caseKey: string, jenisKp: number): Promise<string> {
  const c = DEMO_CASES.find((x) => x.key === caseKey)!;
  const res = await (await as(operator)).post('/api/v1/kp/usulan', { periode, jenisKp, nips: [c.nip] });
  expect(res.body.items?.[0]).toMatchObject({ status: 'DITERIMA' });
  const id = res.body.items[0].usulanId as string;
  await eventually(async () => (await row(id)).workflow_started_at);
  return id;
}

async function approve(approver: string, id: string) {
  const r = await (await as(approver)).post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf(approver) });
  expect(r.status).toBe(200);
}

async function ms(verifier: string, id: string) {
  const v = await as(verifier);
  expect((await v.post(`/api/v1/kp/usulan/${id}/klaim`)).status).toBe(200);
  const r = await v.post(`/api/v1/kp/usulan/${id}/verifikasi`, { action: 'MS', passphrase: passphraseOf(verifier) });
  expect(r.status).toBe(200);
  await eventually(async () => (await row(id)).sk_draft_sha256);
}

function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-'));
  const file = path.join(dir, 'sk.pdf');
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/[ \t]+/g, ' ');
}

async function standingSk(id: string) {
  const sks = (await docsOf(id, 'SK')).filter((d) => d.status === 'BERLAKU');
  expect(sks).toHaveLength(1);
  const bytes = await engine.blobs.get(sks[0].sha256);
  const v = await verifyPdf(bytes, { trustedRootsPem: [] });
  return { doc: sks[0], bytes, sig: v.signatures.at(-1)!, text: pdfText(bytes) };
}

/** The ids in a viewer's TTE queue. */
async function tteQueue(username: string): Promise<string[]> {
  return (await (await as(username)).get('/api/v1/kp/usulan?antrean=tte&limit=500')).body.items.map((i: { id: string }) => i.id);
}

/** Signs the SK as `username`, waits until the usulan is finished, and returns the standing SK. */
async function signSkAs(username: string, id: string) {
  const signed = await (await as(username)).post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf(username) });
  expect(signed.body.berhasil).toBe(1);
  await eventually(async () => (await row(id)).status === 'SELESAI');
  return standingSk(id);
}

beforeAll(async () => {
  engine = await startTestEngine({ METRICS_TOKEN: 'metrik-uji' }, { clock });
  periode = (await (await as('op.jateng1')).get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  const named = new Set(DEMO_CASES.filter((c) => NAMED.has(c.key)).map((c) => c.nip));
  for (const [inst, operator] of [['I-3300', 'op.jateng1'], ['I-3404', 'op.sleman']] as const) {
    const nips = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', inst).orderBy('nip').execute()).map((e) => e.nip).filter((n) => !named.has(n));
    const res = await (await as(operator)).post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips });
    const ids: string[] = [];
    for (const item of res.body.items) {
      if (item.status !== 'DITERIMA') continue;
      const u = await row(item.usulanId);
      if (u.penandatangan_sk === 'PPK') ids.push(u.id);
    }
    pool.set(inst, ids);
    await eventually(async () => (await (await as(operator)).get(`/api/v1/kp/batches/${res.body.batchId}`)).body.selesaiDimulai);
  }
});

afterAll(async () => {
  await engine?.close();
});

describe('an SK is signed only by the official its draft names', () => {
  it('the PPK is refused an SK routed to the Head of BKN before anything is signed; the Head of BKN signs it with their own certificate', async () => {
    const id = await submit('op.jateng1', 'TUJUAN_IV_C_KEPALA_BKN', 202);
    await approve('pyb.jateng', id);
    await ms('verif1.kr01', id);
    const u = await row(id);
    expect(u.penandatangan_sk).toBe('KEPALA_BKN');
    expect(u.sk_signer_user_id).toBe('usr-kepala.bkn');

    const ppk = await as('pyb.jateng');
    expect(await tteQueue('pyb.jateng')).not.toContain(id);
    // The PPK's role does not reach an SK routed to the Head of BKN; nothing may be signed on the way.
    const refused = await ppk.post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf('pyb.jateng') });
    expect(refused.body.berhasil ?? 0).toBe(0);
    expect(await docsOf(id, 'SK')).toHaveLength(0);

    expect(await tteQueue('kepala.bkn')).toContain(id);
    const sk = await signSkAs('kepala.bkn', id);
    const headUser = userByName('kepala.bkn');
    expect(sk.doc.signed_by_user_id).toBe(headUser.id);
    expect(sk.sig.signerNip).toBe(headUser.nip);
    expect(sk.doc.printed_nip).toBe(headUser.nip);
    expect(sk.text).toContain(`NIP ${headUser.nip}`);
    expect(sk.text).toContain('a.n. PRESIDEN REPUBLIK INDONESIA');
    expect((await row(id)).sk_document_id).toBe(sk.doc.id);
  });

  it('another approver of the instansi cannot sign the PPK SK; the named signer prints their own name and NIP with "a.n." the PPK', async () => {
    const id = await submit('op.jateng1', 'REGULER_MEMENUHI_SYARAT', 101);
    await approve('pyb.jateng', id);
    await ms('verif1.kr01', id);
    expect((await row(id)).sk_signer_user_id).toBe('usr-pyb.jateng');
    const sekda = await as('sekda.jateng');
    expect(await tteQueue('sekda.jateng')).not.toContain(id);
    const refused = await sekda.post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf('sekda.jateng') });
    expect(refused.body.items[0]).toMatchObject({ ok: false, httpStatus: 403 });
    expect(await docsOf(id, 'SK')).toHaveLength(0);

    const sk = await signSkAs('pyb.jateng', id);
    const pyb = userByName('pyb.jateng');
    expect(sk.sig.signerNip).toBe(pyb.nip);
    expect(sk.sig.signerName).toBe(pyb.nama);
    expect(sk.text).toContain('a.n. GUBERNUR JAWA TENGAH');
    expect(sk.text).toContain(`NIP ${pyb.nip}`);
    expect(sk.text).not.toContain('Plt.');
    // Dated in the office's zone on the signing day: 06:30 WIB is already the next day in Semarang.
    expect(sk.doc.tanggal).toBe(nextDay(D));
    expect((await row(id)).sk_tanggal).toBe(nextDay(D));
    const pertek = (await docsOf(id, 'PERTEK'))[0];
    expect(pertek.tanggal).toBe(nextDay(D));
    expect((await docsOf(id, 'PENGANTAR'))[0].tanggal).toBe(nextDay(D));
  });

  it('a Plt signing for the named official prints "Plt." and the Plt\'s own name and NIP, whose certificate signs', async () => {
    const id = await submit('op.sleman', 'REGULER_MEMENUHI_SYARAT_SLEMAN', 101);
    await approve('sekda.sleman', id);
    await ms('verif1.kr01', id);
    expect((await row(id)).sk_signer_user_id).toBe('usr-pyb.sleman');
    const plt = await as('plt.sleman');
    expect(await tteQueue('plt.sleman')).toContain(id);
    const sk = await signSkAs('plt.sleman', id);
    const pltUser = userByName('plt.sleman');
    expect(sk.doc).toMatchObject({ signed_by_user_id: pltUser.id, capacity: 'PLT', on_behalf_of_user_id: 'usr-pyb.sleman', printed_nip: pltUser.nip });
    expect(sk.sig.signerNip).toBe(pltUser.nip);
    expect(sk.text).toContain('a.n. BUPATI SLEMAN');
    expect(sk.text).toMatch(/Plt\. KEPALA/);
    expect(sk.text).toContain(`NIP ${pltUser.nip}`);
    expect(sk.text).not.toContain(`NIP ${userByName('pyb.sleman').nip}`);
    const detail = (await plt.get(`/api/v1/kp/usulan/${id}`)).body;
    expect(detail.penandatanganSk).toMatchObject({ userId: 'usr-pyb.sleman' });
    expect(detail.skDitandatanganiOleh).toMatchObject({ nip: pltUser.nip, kapasitas: 'PLT', statusDokumen: 'BERLAKU' });
  });
});

describe('a refused step writes no standing signature', () => {
  it('ten concurrent approvals: one wins, nine are refused, and exactly one approval statement exists and it stands', async () => {
    const id = take('I-3300');
    const approver = await as('pyb.jateng');
    const results = await Promise.all(Array.from({ length: 10 }, () => approver.post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf('pyb.jateng') })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    const statements = await docsOf(id, 'PENGANTAR');
    expect(statements.filter((d) => d.status === 'BERLAKU')).toHaveLength(1);
    expect(statements.filter((d) => d.status !== 'BERLAKU' && d.status !== 'BATAL')).toHaveLength(0);
    const events = await engine.db.selectFrom('usulan_event').select(['jenis', 'data']).where('usulan_id', '=', id).where('jenis', '=', 'DISETUJUI_INSTANSI').execute();
    expect(events).toHaveLength(1);
    expect((events[0].data as { documentId: string }).documentId).toBe(statements.find((d) => d.status === 'BERLAKU')!.id);
    // The verification page says a refused attempt's statement does not stand, whatever its signature says.
    for (const d of statements.filter((x) => x.status === 'BATAL')) {
      const v = await approver.get(`/api/v1/verifikasi/${d.id}`);
      expect(v.body.dokumen.berlaku).toBe(false);
    }
  });

  it('a wrong passphrase and a withdrawn usulan leave nothing signed', async () => {
    const id = await submit('op.sidoarjo', 'REGULER_MEMENUHI_SYARAT_SIDOARJO', 101);
    const approver = await as('pyb.sidoarjo');
    expect((await approver.post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: 'salah' })).status).toBe(403);
    const op = await as('op.sidoarjo');
    expect((await op.post(`/api/v1/kp/usulan/${id}/tarik`, { alasan: 'Berkas akan dilengkapi' })).status).toBe(200);
    expect((await approver.post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf('pyb.sidoarjo') })).status).toBe(409);
    expect(await docsOf(id, 'PENGANTAR')).toHaveLength(0);
  });
  it('a signature made for a step that is withdrawn before its commit is void (BATAL), never standing, and nothing moves', async () => {
    const id = take('I-3300');
    const approver = userByName('pyb.jateng');
    const key = randomUUID();
    // The approver's request got its hold, then the operator withdrew the usulan before the signed approval committed.
    const attemptId = signingAttemptId('APPROVAL', key, id, approver.id);
    await engine.temporal.workflow.getHandle(id).executeUpdate(beginSigningUpdate, {
      args: [{ actor: { userId: approver.id, nama: approver.nama, role: 'APPROVER' }, step: 'APPROVAL', attemptId }], updateId: `${attemptId}:begin`,
    });
    expect((await (await as('op.jateng1')).post(`/api/v1/kp/usulan/${id}/tarik`, { alasan: 'Ditarik sebelum persetujuan tercatat' })).status).toBe(200);
    const late = await (await as('pyb.jateng')).post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf('pyb.jateng') }, { idempotencyKey: key });
    expect(late.status).toBe(409);
    const statements = await docsOf(id, 'PENGANTAR');
    expect(statements.map((d) => d.status)).toEqual(['BATAL']);
    expect((await (await as('pyb.jateng')).get(`/api/v1/verifikasi/${statements[0].id}`)).body.dokumen).toMatchObject({ status: 'BATAL', berlaku: false });
    expect((await row(id)).status).toBe('DITARIK');
  });
});

describe('numbers belong to their issuing office', () => {
  it('two instansi with the same unit code each number their SK in their own sequence, both decrees stand', async () => {
    const jateng = await engine.db.selectFrom('instansi').select('kode_unit_sk').where('id', '=', 'I-3300').executeTakeFirstOrThrow();
    await engine.db.updateTable('instansi').set({ kode_unit_sk: jateng.kode_unit_sk, zona_waktu: 'Asia/Makassar' }).where('id', '=', 'I-3515').execute();
    const id = await submit('op.sidoarjo', 'REGULER_MEMENUHI_SYARAT_SIDOARJO', 101);
    await approve('pyb.sidoarjo', id);
    // 16:30 UTC is 23:30 WIB but already 00:30 WITA of the next day.
    clock.set(`${D}T16:30:00Z`);
    try {
      await ms('verif1.kr02', id);
      const signed = await (await as('pyb.sidoarjo')).post('/api/v1/kp/tte-sk', { ids: [id], passphrase: passphraseOf('pyb.sidoarjo') });
      expect(signed.body.berhasil).toBe(1);
    } finally {
      clock.set(`${D}T23:30:00Z`);
    }
    await eventually(async () => (await row(id)).status === 'SELESAI');
    const sk = await standingSk(id);
    expect(sk.doc.tanggal).toBe(nextDay(D));
    // The signature's own time is written in the office's zone too: the stamp and the decree name the same day.
    expect(Buffer.from(sk.bytes).toString('latin1')).toMatch(new RegExp(`/M \\(D:${nextDay(D).replace(/-/g, '')}0030\\d\\d\\+08'00'\\)`));
    const numbers = await engine.db.selectFrom('number_assignment').selectAll().where('series', '=', 'SK').execute();
    const sidoarjo = numbers.find((n) => n.usulan_id === id)!;
    expect(sidoarjo.issuer).toBe('I-3515');
    // The same unit code and the same sequence number, yet two numbers: each carries its issuing office.
    const jatengNumbers = numbers.filter((n) => n.issuer === 'I-3300');
    const sameSeq = jatengNumbers.find((n) => n.nomor.split('/')[1] === sidoarjo.nomor.split('/')[1]);
    expect(sameSeq).toBeDefined();
    expect(sidoarjo.nomor).toMatch(/\/BKD-3515\//);
    expect(sameSeq!.nomor).toMatch(/\/BKD-3300\//);
    expect(new Set(numbers.map((n) => n.nomor)).size).toBe(numbers.length);
    const scopes = new Set(numbers.map((n) => `${n.issuer}|${n.series}|${n.year}|${n.nomor}`));
    expect(scopes.size).toBe(numbers.length);
  });
});

describe('a step no retry can heal stops visibly', () => {
  it('an instansi without a designated SK signer: timeline event, notification to the admin, stuck flag; after the fix and a retry the SK is drafted', async () => {
    const id = take('I-3404');
    await engine.db.updateTable('instansi').set({ sk_signer_user_id: null }).where('id', '=', 'I-3404').execute();
    await approve('pyb.sleman', id);
    const v = await as('verif1.kr01');
    expect((await v.post(`/api/v1/kp/usulan/${id}/klaim`)).status).toBe(200);
    expect((await v.post(`/api/v1/kp/usulan/${id}/verifikasi`, { action: 'MS', passphrase: passphraseOf('verif1.kr01') })).status).toBe(200);
    await eventually(async () => (await row(id)).stuck_reason, 60_000);
    const events = await engine.db.selectFrom('usulan_event').select(['jenis', 'catatan']).where('usulan_id', '=', id).execute();
    expect(events.find((e) => e.jenis === 'LANGKAH_MACET')?.catatan).toMatch(/belum menetapkan pejabat penandatangan SK/);
    await eventually(async () => (await engine.db.selectFrom('notification').select('subject').where('usulan_id', '=', id).where('recipient_user_id', '=', 'usr-admin').execute())
      .some((n) => /terhenti/.test(n.subject)));
    const metrics = await fetch(`${engine.url}/metrics`, { headers: { authorization: 'Bearer metrik-uji' } }).then((r) => r.text());
    expect(metrics).toMatch(/usulan_steps_stuck_total\{kind="kp",step="DRAF_SK"\} [1-9]/);

    await engine.db.updateTable('instansi').set({ sk_signer_user_id: 'usr-pyb.sleman' }).where('id', '=', 'I-3404').execute();
    const admin = await as('admin');
    expect((await admin.post(`/api/v1/kp/usulan/${id}/ulangi-langkah`, {})).status).toBe(202);
    await eventually(async () => (await row(id)).sk_draft_sha256, 60_000);
    // The draft lands first, then the event that says the step went on (which clears the flag).
    await eventually(async () => (await row(id)).stuck_reason === null);
    expect((await (await as('op.sleman')).post(`/api/v1/kp/usulan/${id}/ulangi-langkah`, {})).status).toBe(403);
  });
});

describe('open periods and windows follow the office\'s own date', () => {
  it('at 23:30 WIB on the 15th a WIB office still has its window open while a WITA office (already the 16th) has moved on', async () => {
    await engine.db.updateTable('instansi').set({ zona_waktu: 'Asia/Makassar' }).where('id', '=', 'I-3515').execute();
    clock.set('2026-12-15T16:30:00Z');
    try {
      const wib = (await (await as('op.jateng1')).get('/api/v1/kp/referensi')).body.periodeTerbuka;
      const wita = (await (await as('op.sidoarjo')).get('/api/v1/kp/referensi')).body.periodeTerbuka;
      expect(wib).toEqual(currentOpenPeriods('2026-12-15'));
      expect(wita).toEqual(currentOpenPeriods('2026-12-16'));
      expect(wib).toContain('2027-01-01');
      expect(wita).not.toContain('2027-01-01');
    } finally {
      clock.set(`${D}T23:30:00Z`);
    }
  });
});

describe('scope of collective batches', () => {
  it('an employee cannot read a batch of their instansi that holds nothing of theirs', async () => {
    const op = await as('op.jateng1');
    const c = DEMO_CASES.find((x) => x.key === 'MASA_KERJA_PANGKAT_KURANG')!;
    const res = await op.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [c.nip] });
    expect(res.status).toBe(201);
    const employeeCase = DEMO_CASES.find((x) => x.key === 'JF_MEMENUHI_SYARAT' && DEMO_USERS.some((u) => u.username === x.nip))!;
    const employee = await as(employeeCase.nip);
    expect((await employee.get(`/api/v1/kp/batches/${res.body.batchId}`)).status).toBe(404);
    expect((await op.get(`/api/v1/kp/batches/${res.body.batchId}`)).status).toBe(200);
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', async () => {
    await expectConsistent(engine);
    await recordHistories(engine, 'kp-decree');
  });
});

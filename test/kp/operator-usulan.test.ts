import { PDFDocument } from 'pdf-lib';
import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_SIGNERS, DEMO_USERS } from '../../db/seed';
import { KP_STATUSES, KP_STATUS_GROUPS } from '../../domain/kp-lifecycle';

/**
 * The operator's day (issue 18): the instansi's usulan grouped by status, withdrawal, a BTS return reaching every
 * operator of the instansi, resubmission with the operator's own note and new berkas, and the verifier seeing what
 * came back and why. Each step is also tried by the wrong people and at the wrong time.
 */
jest.setTimeout(300_000);

let engine: TestEngine;
let op1: ApiClient;
let op2: ApiClient;
let foreignOp: ApiClient;
let approver: ApiClient;
let verifier: ApiClient;
let accepted: string[] = [];
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;
const opUser = (username: string) => DEMO_USERS.find((u) => u.username === username)!;
const row = (id: string) => engine.db.selectFrom('usulan_kp').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const tarik = (c: ApiClient, id: string, alasan = 'Pegawai mutasi ke instansi lain') => c.post(`/api/v1/kp/usulan/${id}/tarik`, { alasan });
const resubmit = (c: ApiClient, id: string, body: Record<string, unknown>) => c.post(`/api/v1/kp/usulan/${id}/ajukan-ulang`, body);

async function onePagePdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  return Buffer.from(await doc.save());
}

async function claimAnd(id: string, body: Record<string, unknown>) {
  expect((await verifier.post(`/api/v1/kp/usulan/${id}/klaim`)).status).toBe(200);
  const r = await verifier.post(`/api/v1/kp/usulan/${id}/verifikasi`, body);
  expect(r.status).toBe(200);
  return r.body;
}

beforeAll(async () => {
  engine = await startTestEngine();
  [op1, op2, foreignOp, approver, verifier] = await Promise.all(['op.jateng1', 'op.jateng2', 'op.sidoarjo', 'pyb.jateng', 'verif1.kr01'].map((u) => engine.login(u)));
  const periode = (await op1.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  const nips = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', 'I-3300').where('jenis_asn', '=', 'PNS').orderBy('nip').execute()).map((e) => e.nip);
  const res = await op1.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips });
  expect(res.status).toBe(201);
  accepted = (res.body.items as { status: string; usulanId?: string }[]).filter((i) => i.status === 'DITERIMA').map((i) => i.usulanId!);
  expect(accepted.length).toBeGreaterThanOrEqual(10);
  await eventually(async () => (await op1.get(`/api/v1/kp/batches/${res.body.batchId}`)).body.selesaiDimulai, 60_000);
  const approved = await approver.post('/api/v1/kp/keputusan-instansi-massal', { ids: accepted.slice(0, 6), action: 'APPROVE', passphrase: passphraseOf('pyb.jateng') });
  expect(approved.body.berhasil).toBe(6);
});

afterAll(async () => {
  await engine?.close();
});

describe('the operator\'s list of the instansi\'s usulan', () => {
  it('groups every state exactly once, serves the groups with the vocabulary, and filters by group on the server', async () => {
    for (const s of KP_STATUSES) expect(Object.values(KP_STATUS_GROUPS).filter((g) => (g.statuses as readonly string[]).includes(s))).toHaveLength(1);
    const ref = await op1.get('/api/v1/kp/referensi');
    expect(ref.body.kelompokStatus.map((g: { kode: string }) => g.kode)).toEqual(Object.keys(KP_STATUS_GROUPS));

    const all = await op1.get('/api/v1/kp/usulan?limit=1');
    expect(all.body.total).toBe(accepted.length);
    const proses = await op1.get('/api/v1/kp/usulan?kelompok=PROSES&limit=500');
    expect(proses.body.total).toBe(accepted.length);
    expect(proses.body.items.map((i: { id: string }) => i.id).sort()).toEqual([...accepted].sort());
    const none = await op1.get('/api/v1/kp/usulan?kelompok=TINDAKAN');
    expect(none.body).toMatchObject({ total: 0, items: [] });
    // A group and a status narrow together; one outside the group finds nothing.
    expect((await op1.get('/api/v1/kp/usulan?kelompok=PROSES&status=MENUNGGU_VERIFIKASI')).body.total).toBe(6);
    expect((await op1.get('/api/v1/kp/usulan?kelompok=TERBIT&status=MENUNGGU_VERIFIKASI')).body.total).toBe(0);

    const bad = await op1.get('/api/v1/kp/usulan?kelompok=SEMUA');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'query.kelompok' });

    // Keyset pages of the operator's list: every usulan once, in order, none twice.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p: { body: { items: { id: string }[]; berikutnya: string | null } } = await op1.get(`/api/v1/kp/usulan?${new URLSearchParams({ sort: '-diajukan', limit: '7', ...(cursor ? { setelah: cursor } : {}) })}`);
      seen.push(...p.body.items.map((i) => i.id));
      cursor = p.body.berikutnya;
    } while (cursor);
    expect(seen).toHaveLength(accepted.length);
    expect(new Set(seen).size).toBe(accepted.length);

    // Another instansi's operator sees none of them, by group or otherwise.
    const foreign = await foreignOp.get('/api/v1/kp/usulan?limit=500');
    expect(foreign.body.items.filter((i: { id: string }) => accepted.includes(i.id))).toEqual([]);
  });
});

describe('a BTS return', () => {
  let id: string;
  it('reaches every operator of the instansi as an unread notification (not another instansi\'s), and stands in "perlu tindakan" with the verifier\'s reasons', async () => {
    id = accepted[0];
    const before = (await op2.get('/api/v1/notifikasi?belumDibaca=true')).body.belumDibaca as number;
    const bts = await claimAnd(id, { action: 'BTS', alasan: ['BTS-01'], catatan: 'SK pangkat terakhir buram, pindai ulang' });
    expect(bts.status).toBe('BTS');

    for (const c of [op1, op2]) {
      const inbox = await eventually(async () => {
        const r = await c.get('/api/v1/notifikasi?belumDibaca=true');
        return r.body.items.some((n: { usulan_id: string; subject: string }) => n.usulan_id === id && /BTS/.test(n.subject)) ? r.body : undefined;
      });
      expect(inbox.belumDibaca).toBeGreaterThanOrEqual(1);
    }
    expect((await op2.get('/api/v1/notifikasi?belumDibaca=true')).body.belumDibaca).toBe(before + 1);
    const rows = await engine.db.selectFrom('notification').select(['recipient_user_id', 'subject']).where('usulan_id', '=', id).execute();
    const btsRecipients = rows.filter((n) => /BTS/.test(n.subject)).map((n) => n.recipient_user_id).sort();
    expect(btsRecipients).toEqual([opUser('op.jateng1').id, opUser('op.jateng2').id].sort());
    expect((await foreignOp.get('/api/v1/notifikasi')).body.items.some((n: { usulan_id: string }) => n.usulan_id === id)).toBe(false);

    const waiting = await op2.get('/api/v1/kp/usulan?kelompok=TINDAKAN');
    expect(waiting.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect(waiting.body.items[0]).toMatchObject({
      status: 'BTS', bts_count: 1,
      pengembalianTerakhir: { jenis: 'BTS', oleh: expect.any(String), catatan: 'SK pangkat terakhir buram, pindai ulang', alasan: [{ kode: 'BTS-01', teks: expect.stringMatching(/\S/) }] },
    });

    // Read on one operator's inbox, still unread on the other's: each has their own.
    const marked = await op2.post('/api/v1/notifikasi/dibaca-semua', {}, { idempotencyKey: null });
    expect(marked.status).toBe(200);
    expect(marked.body.ditandai).toBeGreaterThanOrEqual(1);
    expect((await op2.get('/api/v1/notifikasi?belumDibaca=true')).body.belumDibaca).toBe(0);
    expect((await op1.get('/api/v1/notifikasi?belumDibaca=true')).body.belumDibaca).toBeGreaterThanOrEqual(1);
  });

  it('is resubmitted only by an operator of the instansi, only with a note, and the verifier sees how often it came back, why, the note and the new berkas', async () => {
    for (const [c, status] of [[approver, 403], [verifier, 403], [foreignOp, 404]] as const) {
      const r = await resubmit(c, id, { catatan: 'Sudah diperbaiki' });
      expect(r.status).toBe(status);
      expect(r.body.detail).toMatch(/\S/);
    }
    const noNote = await resubmit(op1, id, {});
    expect(noNote.status).toBe(422);
    expect(noNote.body.detail).toMatch(/Catatan perbaikan wajib diisi/);
    const blank = await resubmit(op1, id, { catatan: '   ' });
    expect([400, 422]).toContain(blank.status);
    expect((await row(id)).status).toBe('BTS');

    // A replacement berkas after the return (a paper the employee has, uploaded again), then the operator's own words.
    const u = await row(id);
    const replaced = await engine.db.selectFrom('document').select(['id', 'doc_code']).where('owner_nip', '=', u.nip).where('kind', '=', 'BERKAS')
      .where('status', '=', 'BERLAKU').where('doc_code', '<>', 'SKP').orderBy('doc_code').executeTakeFirstOrThrow();
    const up = await op2.request('POST', `/api/v1/pegawai/${u.nip}/berkas?kode=${replaced.doc_code}&nama=pindai-ulang.pdf`, await onePagePdf('Dipindai ulang'), { headers: { 'content-type': 'application/pdf' } });
    expect(up.status).toBe(201);
    const note = 'SK pangkat terakhir dipindai ulang 300 dpi; SKP diunggah ulang';
    const again = await resubmit(op2, id, { catatan: note });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('MENUNGGU_VERIFIKASI');
    // A second resubmission of the same return is refused: it is no longer with the operator.
    const twice = await resubmit(op1, id, { catatan: note });
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toMatch(/Ajukan ulang tidak dapat dilakukan: usulan berstatus "Menunggu verifikasi BKN"/);

    const seen = await verifier.get(`/api/v1/kp/usulan/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.pengajuanUlang).toMatchObject({
      kembaliBts: 1, kembaliInstansi: 0,
      pengembalianTerakhir: { jenis: 'BTS', alasan: [{ kode: 'BTS-01' }], catatan: 'SK pangkat terakhir buram, pindai ulang' },
      pengajuanUlang: { catatan: note, oleh: opUser('op.jateng2').nama },
    });
    expect(seen.body.pengajuanUlang.berkasSetelahPengembalian).toEqual([
      expect.objectContaining({ id: up.body.id, kode: replaced.doc_code, tahun: null, namaFile: 'pindai-ulang.pdf', menggantikan: true, berlaku: true, versi: 2 }),
    ]);
    expect(seen.body.timeline.find((e: { jenis: string }) => e.jenis === 'DIAJUKAN_ULANG')).toMatchObject({ catatan: note });
    // In the verifier's queue it is marked as come back, with the reasons of the return.
    const queue = await verifier.get('/api/v1/kp/usulan?antrean=verifikasi&ulang=ya');
    expect(queue.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({ bts_count: 1, pengembalianTerakhir: { jenis: 'BTS' } });
    // An usulan never sent back says so: no resubmission block.
    expect((await verifier.get(`/api/v1/kp/usulan/${accepted[1]}`)).body.pengajuanUlang).toBeNull();
    expect((await op1.get('/api/v1/kp/usulan?kelompok=TINDAKAN')).body.total).toBe(0);
  });
});

describe('withdrawal from the list', () => {
  it('is refused to the approver, the verifier and another instansi\'s operator, and without a reason', async () => {
    const id = accepted[2];
    expect((await tarik(approver, id)).status).toBe(403);
    expect((await tarik(verifier, id)).status).toBe(403);
    expect((await tarik(foreignOp, id)).status).toBe(404);
    const noReason = await op1.post(`/api/v1/kp/usulan/${id}/tarik`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0]).toMatchObject({ field: 'body.alasan' });
    expect((await row(id)).status).toBe('MENUNGGU_VERIFIKASI');
  });

  it('is refused once BKN has decided (TMS, or MS with the Pertek), saying what the usulan is now', async () => {
    const tms = accepted[3];
    await claimAnd(tms, { action: 'TMS', alasan: ['TMS-01'] });
    const r1 = await tarik(op1, tms);
    expect(r1.status).toBe(409);
    expect(r1.body.detail).toMatch(/^Tarik usulan tidak dapat dilakukan: usulan berstatus "Tidak memenuhi syarat \(TMS\)"/);

    const ms = accepted[4];
    const decided = await claimAnd(ms, { action: 'MS', passphrase: passphraseOf('verif1.kr01') });
    expect(['MENUNGGU_TTE_SK', 'MENUNGGU_KEPPRES']).toContain(decided.status);
    const r2 = await tarik(op2, ms);
    expect(r2.status).toBe(409);
    expect(r2.body.detail).toMatch(/usulan berstatus "Pertek terbit/);
    expect((await row(ms)).status).toBe(decided.status);
    expect((await engine.db.selectFrom('usulan_event').select('id').where('usulan_id', 'in', [tms, ms]).where('jenis', '=', 'DITARIK').execute())).toEqual([]);
  });

  it('two operators withdrawing at once leave one outcome: one withdrawal, one event, one notice; the other is told it is already withdrawn', async () => {
    const id = accepted[5];
    const results = await Promise.all([tarik(op1, id, 'Pegawai mengundurkan diri'), tarik(op2, id, 'Salah periode')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body.detail).toMatch(/usulan berstatus "Ditarik oleh operator"/);
    const won = results.find((r) => r.status === 200)!;
    expect(won.body.status).toBe('DITARIK');
    const events = await engine.db.selectFrom('usulan_event').select(['catatan']).where('usulan_id', '=', id).where('jenis', '=', 'DITARIK').execute();
    expect(events).toHaveLength(1);
    expect(['Pegawai mengundurkan diri', 'Salah periode']).toContain(events[0].catatan);
    expect(await row(id)).toMatchObject({ status: 'DITARIK', is_open: false, last_note: events[0].catatan });
    const notes = await eventually(async () => {
      const n = await engine.db.selectFrom('notification').select('subject').where('usulan_id', '=', id).execute();
      return n.some((x) => /ditarik/.test(x.subject)) ? n : undefined;
    });
    expect(notes.filter((x) => /ditarik/.test(x.subject))).toHaveLength(1);
    // In the operator's list it has moved to the group of what ended without an SK.
    const ended = await op1.get('/api/v1/kp/usulan?kelompok=BERAKHIR');
    expect(ended.body.items.map((i: { id: string }) => i.id).sort()).toEqual([accepted[3], id].sort());
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', () => expectConsistent(engine));
});

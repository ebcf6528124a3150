import { randomBytes, randomUUID } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS } from '../../db/seed';

/**
 * Collective peremajaan on the whole engine (demo seed, workers, real sessions): each NIP with its own papers and the
 * shared decrees, decided one by one and applied; and the decisions and withdrawals replayed by Idempotency-Key.
 */
jest.setTimeout(240_000);

let engine: TestEngine;
let operator: ApiClient;
let approver: ApiClient;
let verifier: ApiClient;
let otherOperator: ApiClient;
let otherApprover: ApiClient;
let own: string[];
let foreignNip: string;


async function onePagePdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  return Buffer.from(await doc.save());
}

/** A standing personal paper of `nip` as a row, for the hundreds this file needs (the upload path is exercised below). */
async function paper(nip: string, code: string, uploadedBy: string): Promise<string> {
  const id = `doc-kol-${randomUUID()}`;
  await engine.db.insertInto('document').values({
    id, sha256: randomBytes(32).toString('hex'), size: 10, mime: 'application/pdf', filename: `${code}.pdf`, kind: 'BERKAS', doc_code: code,
    siasn_id: null, owner_nip: nip, usulan_id: null, supersedes_id: null, uploaded_by: uploadedBy, created_at: new Date(),
  }).execute();
  return id;
}

const opUser = () => DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!;
const diklat = (value: string) => ({ area: 'DIKLAT', field: 'namaDiklat', value, documents: [] as string[] });
const countUsulan = async () => Number((await engine.db.selectFrom('usulan_peremajaan').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  engine = await startTestEngine();
  operator = await engine.login(opUser().username);
  approver = await engine.login('pyb.jateng');
  verifier = await engine.login('verif1.kr01');
  otherOperator = await engine.login(DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3515')!.username);
  otherApprover = await engine.login('pyb.sidoarjo');
  own = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', 'I-3300').orderBy('nip').execute()).map((e) => e.nip);
  foreignNip = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', 'I-3515').orderBy('nip').executeTakeFirstOrThrow()).nip;
});
afterAll(async () => {
  await engine?.close();
});

describe('a collective peremajaan for hundreds of NIPs, each with their own papers', () => {
  it('is accepted per NIP with mixed outcomes, decided one by one and applied; nothing waits for another', async () => {
    const opId = (await engine.db.selectFrom('app_user').select('id').where('username', '=', opUser().username).executeTakeFirstOrThrow()).id;
    const people = own.slice(0, 160);
    expect(people.length).toBe(160);
    const [noPaper, othersPaper, busy, ...rest] = people;
    const byNip: Record<string, string[]> = {};
    for (const nip of rest) byNip[nip] = [await paper(nip, 'SERTIFIKAT_DIKLAT', opId)];
    // Three of the papers through the real upload gate.
    for (const nip of rest.slice(0, 3)) {
      const up = await operator.request('POST', `/api/v1/pegawai/${nip}/berkas?kode=SERTIFIKAT_DIKLAT`, await onePagePdf(`Sertifikat ${nip}`), { headers: { 'content-type': 'application/pdf' } });
      expect(up.status).toBe(201);
      byNip[nip] = [up.body.id];
    }
    byNip[othersPaper] = [byNip[rest[0]][0]];
    byNip[busy] = [await paper(busy, 'SERTIFIKAT_DIKLAT', opId)];
    const open = await operator.post('/api/v1/peremajaan', { nip: busy, changes: [{ ...diklat('Diklat lain'), documents: [await paper(busy, 'SERTIFIKAT_DIKLAT', opId)] }] });
    expect(open.status).toBe(201);

    const nips = [...people, foreignNip, rest[5]];
    const r = await operator.post('/api/v1/peremajaan/kolektif', { nips, change: diklat('Pelatihan Kepemimpinan Pengawas Angkatan III'), documentsByNip: byNip });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ total: nips.length, diterima: rest.length, ditahan: 5 });
    const item = (nip: string, i?: number) => (i === undefined ? r.body.items.find((x: { nip: string }) => x.nip === nip) : r.body.items[i]);
    expect(r.body.items.map((i: { nip: string }) => i.nip)).toEqual(nips);
    expect(item(noPaper).alasan).toEqual([{ kode: 'TIDAK_VALID', pesan: expect.stringMatching(/Dokumen pendukung wajib: Sertifikat Diklat/) }]);
    expect(item(othersPaper).alasan.map((a: { pesan: string }) => a.pesan).join('\n')).toMatch(/bukan milik pegawai ini/);
    expect(item(busy).alasan).toEqual([expect.objectContaining({ kode: 'USULAN_MASIH_TERBUKA', openUsulanId: open.body.usulanId })]);
    expect(item(foreignNip).alasan[0].kode).toBe('NIP_TIDAK_DITEMUKAN');
    expect(item(rest[5], nips.length - 1).alasan[0].kode).toBe('NIP_GANDA');
    const accepted = rest.map((nip) => item(nip).usulanId as string);
    expect(new Set(accepted).size).toBe(rest.length);

    // Each usulan carries exactly its person's paper; the batch is listed by its id.
    const rows = await engine.db.selectFrom('peremajaan_change').select(['nip', 'documents']).where('usulan_id', 'in', accepted).execute();
    for (const row of rows) expect(row.documents).toEqual(byNip[row.nip]);
    const listed = await operator.get(`/api/v1/peremajaan?batchId=${encodeURIComponent(r.body.batchId)}&limit=200`);
    expect(listed.body.total).toBe(rest.length);

    // Decided one by one, right away (before the background start reached every workflow): reject every tenth.
    const cannot = await verifier.post(`/api/v1/peremajaan/${accepted[0]}/changes/${accepted[0]}-1/decision`, { action: 'APPROVE' });
    expect(cannot.status).toBe(403);
    expect((await otherApprover.post(`/api/v1/peremajaan/${accepted[0]}/changes/${accepted[0]}-1/decision`, { action: 'APPROVE' })).status).toBe(404);
    const rejected = new Set(accepted.filter((_, i) => i % 10 === 0));
    const answers = await Promise.all(accepted.map((id, i) => new Promise((ok) => setTimeout(ok, (i % 8) * 5)).then(() => approver.post(
      `/api/v1/peremajaan/${id}/changes/${id}-1/decision`, rejected.has(id) ? { action: 'REJECT', reason: 'Sertifikat tidak terbaca' } : { action: 'APPROVE' },
    ))));
    expect(answers.map((a) => a.status)).toEqual(accepted.map(() => 200));

    await eventually(async () => {
      const done = await engine.db.selectFrom('usulan_peremajaan').select('id').where('id', 'in', accepted).where('status', '=', 'SELESAI').execute();
      return done.length === accepted.length;
    }, 120_000, 500);
    const applied = await engine.db.selectFrom('employee_record_item').select(['nip', 'usulan_id', 'data']).where('usulan_id', 'in', accepted).execute();
    expect(applied.map((a) => a.usulan_id).sort()).toEqual(accepted.filter((id) => !rejected.has(id)).sort());
    for (const a of applied) expect(a.data).toEqual({ value: 'Pelatihan Kepemimpinan Pengawas Angkatan III' });
    // The held ones got nothing; the one that was busy still has its own usulan open.
    expect(await engine.db.selectFrom('usulan_peremajaan').select('id').where('batch_id', '=', r.body.batchId).where('nip', 'in', [noPaper, othersPaper, busy, foreignNip]).execute()).toEqual([]);
    expect((await operator.get(`/api/v1/peremajaan/${open.body.usulanId}`)).body.status).toBe('MENUNGGU_VERIFIKASI');
  });

  it('refuses a whole request whose shared document is a personal paper, or whose documentsByNip names a NIP not listed, storing nothing', async () => {
    const opId = (await engine.db.selectFrom('app_user').select('id').where('username', '=', opUser().username).executeTakeFirstOrThrow()).id;
    const before = await countUsulan();
    const cert = await paper(own[170], 'SERTIFIKAT_DIKLAT', opId);
    const personal = await operator.post('/api/v1/peremajaan/kolektif', { nips: [own[170], own[171]], change: { ...diklat('Kursus A'), documents: [cert] } });
    expect(personal.status).toBe(422);
    expect(personal.body.errors[0]).toEqual({ field: 'change.documents.0', reason: expect.stringMatching(/dokumen perorangan: kirim per pegawai lewat documentsByNip/) });
    const stray = await operator.post('/api/v1/peremajaan/kolektif', { nips: [own[170]], change: diklat('Kursus A'), documentsByNip: { [own[171]]: [cert] } });
    expect(stray.status).toBe(422);
    expect(stray.body.errors[0].field).toBe(`documentsByNip.${own[171]}`);
    const badKey = await operator.post('/api/v1/peremajaan/kolektif', { nips: [own[170]], change: diklat('Kursus A'), documentsByNip: { 'bukan-nip': [cert] } });
    expect(badKey.status).toBe(400);
    expect(await countUsulan()).toBe(before);
  });
});

describe('two collective requests for the same people at once', () => {
  it('give each NIP one usulan in all: the other request holds it, whichever commits second', async () => {
    const opId = (await engine.db.selectFrom('app_user').select('id').where('username', '=', opUser().username).executeTakeFirstOrThrow()).id;
    const people = own.slice(195, 215);
    const byNip = Object.fromEntries(await Promise.all(people.map(async (nip) => [nip, [await paper(nip, 'SERTIFIKAT_DIKLAT', opId)]])));
    const body = { nips: people, change: diklat('Kursus Bahasa Inggris'), documentsByNip: byNip };
    const [x, y] = await Promise.all([operator.post('/api/v1/peremajaan/kolektif', body), operator.post('/api/v1/peremajaan/kolektif', body)]);
    expect([x.status, y.status].every((st) => st === 200 || st === 201)).toBe(true);
    for (const nip of people) {
      const states = [x, y].map((r) => r.body.items.find((i: { nip: string }) => i.nip === nip).status);
      expect(states.sort()).toEqual(['DITAHAN', 'DITERIMA']);
    }
    expect(x.body.diterima + y.body.diterima).toBe(people.length);
    const open = await engine.db.selectFrom('peremajaan_change').select('nip').where('nip', 'in', people).where('field', '=', 'namaDiklat').where('is_open', '=', true).execute();
    expect(open.map((o) => o.nip).sort()).toEqual([...people].sort());
    const usulan = await engine.db.selectFrom('usulan_peremajaan').select('nip').where('batch_id', 'in', [x.body.batchId, y.body.batchId]).execute();
    expect(usulan).toHaveLength(people.length);
  });
});

describe('a decree naming a whole section, uploaded once', () => {
  it('supports each NIP it is used for, records them as owners, and is readable by those who decide', async () => {
    const section = own.slice(180, 186);
    const units = await engine.db.selectFrom('unor').select('id').where('instansi_id', '=', 'I-3300').orderBy('id').execute();
    const current = await engine.db.selectFrom('employee').select(['nip', 'unor_id']).where('nip', 'in', section).execute();
    const target = units.find((u) => current.every((c) => c.unor_id !== u.id))!.id;
    const personalType = await operator.request('POST', '/api/v1/dokumen-bersama?kode=SERTIFIKAT_DIKLAT', await onePagePdf('x'), { headers: { 'content-type': 'application/pdf' } });
    expect(personalType.status).toBe(400);
    expect((await approver.request('POST', '/api/v1/dokumen-bersama?kode=SK_MUTASI_UNIT', await onePagePdf('x'), { headers: { 'content-type': 'application/pdf' } })).status).toBe(403);
    const sk = await operator.request('POST', '/api/v1/dokumen-bersama?kode=SK_MUTASI_UNIT&nama=SK%20mutasi%20bagian.pdf', await onePagePdf('SK Mutasi'), { headers: { 'content-type': 'application/pdf' } });
    expect(sk.status).toBe(201);
    expect(sk.body).toMatchObject({ doc_code: 'SK_MUTASI_UNIT', halaman: 1 });

    // Another instansi's operator cannot use it (it is not theirs) nor read it.
    const foreignUse = await otherOperator.post('/api/v1/peremajaan/kolektif', { nips: [foreignNip], change: { area: 'UNIT_KERJA', field: 'unorId', value: target, documents: [sk.body.id] } });
    expect(foreignUse.body.items[0].status).toBe('DITAHAN');
    expect((await otherOperator.request('GET', `/api/v1/documents/${sk.body.id}`, undefined, { raw: true })).status).toBe(404);

    const r = await operator.post('/api/v1/peremajaan/kolektif', { nips: section, change: { area: 'UNIT_KERJA', field: 'unorId', value: target, documents: [sk.body.id] } });
    expect(r.status).toBe(201);
    expect(r.body.diterima).toBe(section.length);
    const owners = await engine.db.selectFrom('shared_document_owner').select(['nip', 'usulan_id']).where('document_id', '=', sk.body.id).orderBy('nip').execute();
    expect(owners.map((o) => o.nip)).toEqual([...section].sort());
    const download = await approver.request('GET', `/api/v1/documents/${sk.body.id}`, undefined, { raw: true });
    expect(download.status).toBe(200);
    expect((download.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await otherApprover.request('GET', `/api/v1/documents/${sk.body.id}`, undefined, { raw: true })).status).toBe(404);
    for (const it of r.body.items) {
      expect((await approver.post(`/api/v1/peremajaan/${it.usulanId}/changes/${it.usulanId}-1/decision`, { action: 'APPROVE' })).status).toBe(200);
    }
    await eventually(async () => {
      const moved = await engine.db.selectFrom('employee').select('nip').where('nip', 'in', section).where('unor_id', '=', target).execute();
      return moved.length === section.length;
    }, 60_000, 300);
  });
});

describe('Idempotency-Key on peremajaan decisions, withdrawals and the collective submission', () => {
  it('replays the first answer, refuses the key with another body, and lets one of two concurrent same-key requests through', async () => {
    const opId = (await engine.db.selectFrom('app_user').select('id').where('username', '=', opUser().username).executeTakeFirstOrThrow()).id;
    const [a, b, c] = own.slice(190, 193);
    const byNip = { [a]: [await paper(a, 'SERTIFIKAT_DIKLAT', opId)], [b]: [await paper(b, 'SERTIFIKAT_DIKLAT', opId)], [c]: [await paper(c, 'SERTIFIKAT_DIKLAT', opId)] };
    const body = { nips: [a, b, c], change: diklat('Bimtek Kearsipan'), documentsByNip: byNip };
    const before = await countUsulan();
    const first = await operator.post('/api/v1/peremajaan/kolektif', body, { idempotencyKey: 'kol-1' });
    const again = await operator.post('/api/v1/peremajaan/kolektif', body, { idempotencyKey: 'kol-1' });
    expect(first.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await countUsulan()).toBe(before + 3);
    const [ua, ub, uc] = first.body.items.map((i: { usulanId: string }) => i.usulanId);

    const decide = (id: string, action: object, key: string | null) => approver.post(`/api/v1/peremajaan/${id}/changes/${id}-1/decision`, action, { idempotencyKey: key });
    const d1 = await decide(ua, { action: 'REJECT', reason: 'Sertifikat kedaluwarsa' }, 'dec-a');
    const d2 = await decide(ua, { action: 'REJECT', reason: 'Sertifikat kedaluwarsa' }, 'dec-a');
    expect(d1.status).toBe(200);
    expect(d2.status).toBe(200);
    expect(d2.headers.get('idempotent-replayed')).toBe('true');
    expect(d2.body).toEqual(d1.body);
    const mismatch = await decide(ua, { action: 'APPROVE' }, 'dec-a');
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors[0].field).toBe('header.Idempotency-Key');
    const otherUsulan = await decide(ub, { action: 'REJECT', reason: 'Sertifikat kedaluwarsa' }, 'dec-a');
    expect(otherUsulan.status).toBe(422);
    // Without a key the decision still runs, and a repeat is the workflow's own refusal.
    const fresh = await decide(ub, { action: 'APPROVE' }, null);
    expect(fresh.status).toBe(200);
    expect((await decide(ub, { action: 'APPROVE' }, null)).status).toBe(409);

    const [w1, w2] = await Promise.all([
      operator.post(`/api/v1/peremajaan/${uc}/withdraw`, { alasan: 'salah input' }, { idempotencyKey: 'wd-c' }),
      operator.post(`/api/v1/peremajaan/${uc}/withdraw`, { alasan: 'salah input' }, { idempotencyKey: 'wd-c' }),
    ]);
    expect([w1.status, w2.status].filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect([w1.status, w2.status].every((s) => s === 200 || s === 409)).toBe(true);
    const w3 = await operator.post(`/api/v1/peremajaan/${uc}/withdraw`, { alasan: 'salah input' }, { idempotencyKey: 'wd-c' });
    expect(w3.status).toBe(200);
    expect(w3.body).toEqual({ status: 'DITARIK' });
    expect(w3.headers.get('idempotent-replayed')).toBe('true');
    const events = await engine.db.selectFrom('usulan_event').select('jenis').where('usulan_id', '=', uc).execute();
    expect(events.filter((e) => e.jenis === 'DITARIK')).toHaveLength(1);
    const decisions = await engine.db.selectFrom('usulan_event').select('jenis').where('usulan_id', '=', ua).where('jenis', 'in', ['PERUBAHAN_DISETUJUI', 'PERUBAHAN_DITOLAK']).execute();
    expect(decisions).toHaveLength(1);
  });
});

describe('deciding a collective submission in one request', () => {
  it('decides each change on its own: refusals come back per change, the rest are decided and applied', async () => {
    const opId = (await engine.db.selectFrom('app_user').select('id').where('username', '=', opUser().username).executeTakeFirstOrThrow()).id;
    const people = own.slice(100, 130);
    const byNip = Object.fromEntries(await Promise.all(people.map(async (nip) => [nip, [await paper(nip, 'SERTIFIKAT_DIKLAT', opId)]])));
    const r = await operator.post('/api/v1/peremajaan/kolektif', { nips: people, change: diklat('Diklat Pengadaan Barang/Jasa'), documentsByNip: byNip });
    expect(r.body.diterima).toBe(people.length);
    const ids: string[] = r.body.items.map((i: { usulanId: string }) => i.usulanId);
    const foreignOp = await otherOperator.post('/api/v1/peremajaan', { nip: foreignNip, changes: [{ ...diklat('Kursus Lain'), documents: [await paper(foreignNip, 'SERTIFIKAT_DIKLAT', opId)] }] });
    // A BKN verifier may not decide what the instansi decides: every item refused, nothing decided.
    const byVerifier = await verifier.post('/api/v1/peremajaan/keputusan-massal', { keputusan: ids.slice(0, 3).map((id) => ({ usulanId: id, changeId: `${id}-1`, action: 'APPROVE' })) });
    expect(byVerifier.status).toBe(200);
    expect(byVerifier.body).toMatchObject({ diputus: 0, ditolak: 3 });
    expect(byVerifier.body.items[0]).toMatchObject({ status: 'DITOLAK', kode: 403 });

    const keputusan = [
      ...ids.map((id, i) => (i === 0 ? { usulanId: id, changeId: `${id}-1`, action: 'REJECT' } : { usulanId: id, changeId: `${id}-1`, action: 'APPROVE' })),
      { usulanId: ids[1], changeId: `${ids[1]}-1`, action: 'APPROVE' },
      { usulanId: foreignOp.body.usulanId, changeId: `${foreignOp.body.usulanId}-1`, action: 'APPROVE' },
    ];
    const first = await approver.post('/api/v1/peremajaan/keputusan-massal', { keputusan }, { idempotencyKey: 'massal-1' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: keputusan.length, diputus: ids.length - 1, ditolak: 3 });
    expect(first.body.items[0]).toMatchObject({ status: 'DITOLAK', kode: 422, alasan: 'Alasan wajib diisi untuk menolak perubahan' });
    expect(first.body.items[ids.length]).toMatchObject({ status: 'DITOLAK', kode: 422, alasan: expect.stringMatching(/lebih dari sekali/) });
    expect(first.body.items[ids.length + 1]).toMatchObject({ status: 'DITOLAK', kode: 404 });
    const again = await approver.post('/api/v1/peremajaan/keputusan-massal', { keputusan }, { idempotencyKey: 'massal-1' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await approver.post('/api/v1/peremajaan/keputusan-massal', { keputusan: [] })).status).toBe(400);

    await eventually(async () => {
      const applied = await engine.db.selectFrom('employee_record_item').select('usulan_id').where('usulan_id', 'in', ids).execute();
      return applied.length === ids.length - 1;
    }, 60_000, 300);
    const stillOpen = await engine.db.selectFrom('usulan_peremajaan').select(['id', 'status']).where('id', 'in', [ids[0], foreignOp.body.usulanId]).execute();
    expect(stillOpen.every((u) => u.status === 'MENUNGGU_VERIFIKASI')).toBe(true);
  });

  it('two bulk requests for the same changes at once decide each change exactly once', async () => {
    const opId = (await engine.db.selectFrom('app_user').select('id').where('username', '=', opUser().username).executeTakeFirstOrThrow()).id;
    const people = own.slice(130, 145);
    const byNip = Object.fromEntries(await Promise.all(people.map(async (nip) => [nip, [await paper(nip, 'SERTIFIKAT_DIKLAT', opId)]])));
    const r = await operator.post('/api/v1/peremajaan/kolektif', { nips: people, change: diklat('Bimtek Keuangan Daerah'), documentsByNip: byNip });
    const keputusan = r.body.items.map((i: { usulanId: string }) => ({ usulanId: i.usulanId, changeId: `${i.usulanId}-1`, action: 'APPROVE' }));
    const [x, y] = await Promise.all([
      approver.post('/api/v1/peremajaan/keputusan-massal', { keputusan }),
      approver.post('/api/v1/peremajaan/keputusan-massal', { keputusan: [...keputusan].reverse() }),
    ]);
    expect(x.body.diputus + y.body.diputus).toBe(people.length);
    for (const k of keputusan) {
      const answers = [x, y].map((res) => res.body.items.find((i: { changeId: string }) => i.changeId === k.changeId));
      expect(answers.map((a) => a.status).sort()).toEqual(['DIPUTUS', 'DITOLAK']);
      expect(answers.find((a) => a.status === 'DITOLAK').kode).toBe(409);
    }
    const events = await engine.db.selectFrom('usulan_event').select('usulan_id').where('usulan_id', 'in', keputusan.map((k: { usulanId: string }) => k.usulanId)).where('jenis', '=', 'PERUBAHAN_DISETUJUI').execute();
    expect(events).toHaveLength(people.length);
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', async () => {
    await expectConsistent(engine);
  });
});

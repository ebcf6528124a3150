import { startPeremajaanEnv, TODAY, type PeremajaanTestEnv } from './setup';
import path from 'node:path';
import { FsBlobStore } from '../../dms/blob-store';
import { expectConsistent } from '../helpers/audit';
import { recordHistories } from '../helpers/record-histories';
import { submitPeremajaan, submitPeremajaanKolektif } from '../../api/peremajaan/service';
import { decidePeremajaanChange, startPeremajaanWorkflows, withdrawPeremajaan } from '../../api/peremajaan/starter';
import { openPeremajaanAreas } from '../../db/repos/peremajaan';
import { peremajaanStateQuery, type PeremajaanState } from '../../workflows/peremajaan/contract';
import type { AppError } from '../../api/errors';
import { eventually } from '../helpers/harness';

let env: PeremajaanTestEnv;

beforeAll(async () => {
  env = await startPeremajaanEnv();
});
afterAll(async () => {
  await env?.close();
});

const result = (id: string): Promise<PeremajaanState> => env.temporal.workflow.getHandle(id).result();
const state = (id: string) => env.temporal.workflow.getHandle(id).query(peremajaanStateQuery);
const refusal = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a refusal');
};
const employee = (nip: string) => env.db.selectFrom('employee').selectAll().where('nip', '=', nip).executeTakeFirstOrThrow();
const history = (usulanId: string) => env.db.selectFrom('employee_data_history').selectAll().where('usulan_id', '=', usulanId).orderBy('change_id').execute();
const notifications = (usulanId: string) => env.db.selectFrom('notification').selectAll().where('usulan_id', '=', usulanId).execute();

async function submitAndStart(actor: PeremajaanTestEnv['actors'][keyof PeremajaanTestEnv['actors']], nip: string, changes: { area: string; field: string; value: unknown; documents: string[] }[]) {
  const u = await submitPeremajaan(env.db, actor, { nip, changes }, TODAY);
  await startPeremajaanWorkflows(env.deps, [u.usulanId]);
  return u;
}

describe('peremajaan workflow on the dev server', () => {
  test('an instansi-only change is decided by the instansi verifier, applied with history, and the person is notified', async () => {
    const { nips, actors } = env;
    const u = await submitAndStart(actors.employee, nips.a, [{ area: 'DATA_PRIBADI', field: 'alamat', value: '  Jl. Baru  No. 2 ', documents: [await env.doc('KTP', nips.a)] }]);
    expect(u.changes[0]).toMatchObject({ authority: 'INSTANSI', oldValue: 'Jl. Lama 1', newValue: 'Jl. Baru No. 2' });
    expect(await openPeremajaanAreas(env.db, [nips.a, nips.b])).toEqual(new Map([[nips.a, ['DATA_PRIBADI']]]));

    const byBkn = await refusal(decidePeremajaanChange(env.deps, actors.verifier, u.usulanId, u.changes[0].id, { action: 'APPROVE' }));
    expect(byBkn.code).toBe('FORBIDDEN');
    expect(byBkn.message).toMatch(/kewenangan instansi/);

    const d = await decidePeremajaanChange(env.deps, actors.approver, u.usulanId, u.changes[0].id, { action: 'APPROVE' });
    expect(d.change.status).toBe('DISETUJUI');
    const final = await result(u.usulanId);
    expect(final.status).toBe('SELESAI');
    expect(final.changes[0].status).toBe('DITERAPKAN');
    expect((await employee(nips.a)).alamat).toBe('Jl. Baru No. 2');
    expect(await history(u.usulanId)).toEqual([expect.objectContaining({
      area: 'DATA_PRIBADI', field: 'alamat', old_value: 'Jl. Lama 1', new_value: 'Jl. Baru No. 2', proposed_by: actors.employee.userId, approved_by: actors.approver.userId,
    })]);
    const row = await env.db.selectFrom('usulan_peremajaan').selectAll().where('id', '=', u.usulanId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'SELESAI', is_open: false });
    const n = await notifications(u.usulanId);
    expect(n.some((x) => x.recipient_nip === nips.a && /diterapkan/.test(x.subject))).toBe(true);
    expect(await openPeremajaanAreas(env.db, [nips.a])).toEqual(new Map());
  });

  test('a BKN-only change is decided by the BKN verifier of the kanreg only', async () => {
    const { nips, actors } = env;
    const u = await submitAndStart(actors.operator, nips.b, [{ area: 'GOLONGAN', field: 'golongan', value: 'III/b', documents: [await env.doc('SK_PANGKAT_TERAKHIR', nips.b)] }]);
    expect(u.changes[0]).toMatchObject({ authority: 'BKN', oldValue: 31, newValue: 32 });
    const byApprover = await refusal(decidePeremajaanChange(env.deps, actors.approver, u.usulanId, u.changes[0].id, { action: 'APPROVE' }));
    expect(byApprover.code).toBe('FORBIDDEN');
    // Another kanreg's verifier does not even see the usulan.
    expect((await refusal(decidePeremajaanChange(env.deps, actors.otherVerifier, u.usulanId, u.changes[0].id, { action: 'APPROVE' }))).code).toBe('NOT_FOUND');
    await decidePeremajaanChange(env.deps, actors.verifier, u.usulanId, u.changes[0].id, { action: 'APPROVE' });
    expect((await result(u.usulanId)).status).toBe('SELESAI');
    expect((await employee(nips.b)).golongan_id).toBe(32);
    expect(await history(u.usulanId)).toEqual([expect.objectContaining({ old_value: 31, new_value: 32, approved_by: actors.verifier.userId })]);
  });

  test('a mixed change set goes to both verifiers in parallel; a rejected change is kept with its reason and the rest applied', async () => {
    const { nips, actors } = env;
    const u = await submitAndStart(actors.operator, nips.c, [
      { area: 'DATA_PRIBADI', field: 'tempatLahir', value: 'Garut', documents: [await env.doc('AKTA_KELAHIRAN', nips.c)] },
      { area: 'PENDIDIKAN', field: 'gelarBelakang', value: 'S.Kom.', documents: await Promise.all(['IJAZAH', 'TRANSKRIP', 'AKREDITASI', 'IZIN_BELAJAR'].map((c) => env.doc(c, nips.c))) },
      { area: 'DIKLAT', field: 'namaDiklat', value: 'Diklat Kepemimpinan', documents: [await env.doc('SERTIFIKAT_DIKLAT', nips.c)] },
    ]);
    expect(u.changes.map((c) => c.authority)).toEqual(['INSTANSI', 'BKN', 'INSTANSI']);
    const [tempat, gelar, diklat] = u.changes;
    const noReason = await refusal(decidePeremajaanChange(env.deps, actors.approver, u.usulanId, diklat.id, { action: 'REJECT' }));
    expect(noReason.code).toBe('UNPROCESSABLE');
    expect(noReason.message).toMatch(/Alasan wajib/);
    await Promise.all([
      decidePeremajaanChange(env.deps, actors.verifier, u.usulanId, gelar.id, { action: 'APPROVE' }),
      decidePeremajaanChange(env.deps, actors.approver, u.usulanId, tempat.id, { action: 'APPROVE' }),
      decidePeremajaanChange(env.deps, actors.approver, u.usulanId, diklat.id, { action: 'REJECT', reason: 'Sertifikat tidak terbaca' }),
    ]);
    const again = await refusal(decidePeremajaanChange(env.deps, actors.approver, u.usulanId, diklat.id, { action: 'APPROVE' }));
    expect(again.code).toBe('CONFLICT');
    const final = await result(u.usulanId);
    expect(final.status).toBe('SELESAI');
    expect(final.changes.map((c) => c.status)).toEqual(['DITERAPKAN', 'DITERAPKAN', 'DITOLAK']);
    const emp = await employee(nips.c);
    expect(emp).toMatchObject({ tempat_lahir: 'Garut', gelar_belakang: 'S.Kom.' });
    expect((await history(u.usulanId)).map((h) => h.field).sort()).toEqual(['gelarBelakang', 'tempatLahir']);
    expect(await env.db.selectFrom('employee_record_item').selectAll().where('usulan_id', '=', u.usulanId).execute()).toEqual([]);
    const rejected = await env.db.selectFrom('peremajaan_change').selectAll().where('id', '=', diklat.id).executeTakeFirstOrThrow();
    expect(rejected).toMatchObject({ status: 'DITOLAK', reason: 'Sertifikat tidak terbaca', is_open: false, decided_by: actors.approver.userId });
    const n = await notifications(u.usulanId);
    const forPerson = n.filter((x) => x.recipient_nip === nips.c);
    expect(forPerson.map((x) => x.subject).sort()).toEqual([
      expect.stringMatching(/diterapkan: gelar belakang/), expect.stringMatching(/diterapkan: tempat lahir/), expect.stringMatching(/ditolak: nama diklat/),
    ].sort() as never);
    expect(forPerson.length).toBe(3);
  });

  test('a collective change makes one usulan and one workflow per NIP; a foreign NIP is held', async () => {
    const { nips, actors, unor } = env;
    const sk = await env.doc('SK_MUTASI_UNIT', null, actors.operator.userId);
    const r = await submitPeremajaanKolektif(env.db, actors.operator, { nips: [nips.a, nips.b, nips.foreign, nips.a], change: { area: 'UNIT_KERJA', field: 'unorId', value: unor.own2, documents: [sk] } }, TODAY);
    expect(r).toMatchObject({ total: 4, diterima: 2, ditahan: 2 });
    expect(r.items[2]).toMatchObject({ nip: nips.foreign, status: 'DITAHAN', alasan: [{ kode: 'NIP_TIDAK_DITEMUKAN' }] });
    expect(r.items[3]).toMatchObject({ status: 'DITAHAN', alasan: [{ kode: 'NIP_GANDA' }] });
    const ids = r.items.flatMap((i) => (i.usulanId ? [i.usulanId] : []));
    expect(await startPeremajaanWorkflows(env.deps, ids)).toBe(2);
    expect(await startPeremajaanWorkflows(env.deps, ids)).toBe(0);
    for (const id of ids) {
      const c = await env.db.selectFrom('peremajaan_change').select('id').where('usulan_id', '=', id).executeTakeFirstOrThrow();
      await decidePeremajaanChange(env.deps, actors.approver, id, c.id, { action: 'APPROVE' });
    }
    for (const id of ids) expect((await result(id)).status).toBe('SELESAI');
    expect((await employee(nips.a)).unor_id).toBe(unor.own2);
    expect((await employee(nips.b)).unor_id).toBe(unor.own2);
  });

  test('a second open usulan on the same field of the same person is refused with a pointer to the open one', async () => {
    const { nips, actors } = env;
    const first = await submitAndStart(actors.employee, nips.a, [{ area: 'DATA_PRIBADI', field: 'agama', value: 'Kristen', documents: [await env.doc('SURAT_PERNYATAAN', nips.a)] }]);
    const second = await refusal(submitPeremajaan(env.db, actors.operator, { nip: nips.a, changes: [{ area: 'DATA_PRIBADI', field: 'agama', value: 'KATOLIK', documents: [await env.doc('SURAT_PERNYATAAN', nips.a)] }] }, TODAY));
    expect(second.code).toBe('CONFLICT');
    expect(second.extra).toEqual({ openUsulanId: first.usulanId });
    expect(second.message).toContain(first.usulanId);
    await withdrawPeremajaan(env.deps, actors.employee, first.usulanId, 'salah pilih');
    expect((await result(first.usulanId)).status).toBe('DITARIK');
    // Withdrawn: the field is free again.
    const third = await submitAndStart(actors.operator, nips.a, [{ area: 'DATA_PRIBADI', field: 'agama', value: 'KATOLIK', documents: [await env.doc('SURAT_PERNYATAAN', nips.a)] }]);
    expect(third.changes[0].newValue).toBe('KATOLIK');
  });

  test('a change whose record moved meanwhile is not applied blindly: it goes back to the verifier with the new snapshot', async () => {
    const { nips, actors } = env;
    const u = await submitAndStart(actors.employee2, nips.b, [
      { area: 'DATA_PRIBADI', field: 'alamat', value: 'Jl. Usulan 3', documents: [await env.doc('KTP', nips.b)] },
      { area: 'JABATAN', field: 'namaJabatan', value: 'Analis Kepegawaian', documents: [await env.doc('SK_JABATAN', nips.b), await env.doc('SPMT', nips.b)] },
    ]);
    // Someone else's channel (say, a correction in SIASN) changes the address after the proposal.
    await env.db.updateTable('employee').set({ alamat: 'Jl. Lain 9' }).where('nip', '=', nips.b).execute();
    await decidePeremajaanChange(env.deps, actors.approver, u.usulanId, u.changes[0].id, { action: 'APPROVE' });
    await decidePeremajaanChange(env.deps, actors.approver, u.usulanId, u.changes[1].id, { action: 'APPROVE' });
    const back = await eventually(async () => {
      const s = await state(u.usulanId);
      return s.changes[0].status === 'KEMBALI_KE_VERIFIKATOR' ? s : undefined;
    });
    expect(back.status).toBe('MENUNGGU_VERIFIKASI');
    expect(back.changes[0].oldValue).toBe('Jl. Lain 9');
    expect(back.changes[1].status).toBe('DITERAPKAN');
    expect((await employee(nips.b))).toMatchObject({ alamat: 'Jl. Lain 9', jabatan_nama: 'Analis Kepegawaian' });
    const row = await env.db.selectFrom('peremajaan_change').selectAll().where('id', '=', u.changes[0].id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'KEMBALI_KE_VERIFIKATOR', old_value: 'Jl. Lain 9', is_open: true, returned_count: 1, decided_by: null });
    await decidePeremajaanChange(env.deps, actors.approver, u.usulanId, u.changes[0].id, { action: 'APPROVE' });
    expect((await result(u.usulanId)).changes.map((c) => c.status)).toEqual(['DITERAPKAN', 'DITERAPKAN']);
    expect((await employee(nips.b)).alamat).toBe('Jl. Usulan 3');
    const h = await history(u.usulanId);
    expect(h.find((x) => x.field === 'alamat')).toMatchObject({ old_value: 'Jl. Lain 9', new_value: 'Jl. Usulan 3' });
  });

  test('the submitter may withdraw before any decision, nobody else, and not after one', async () => {
    const { nips, actors } = env;
    const u = await submitAndStart(actors.operator, nips.c, [
      { area: 'DATA_PRIBADI', field: 'statusPerkawinan', value: 'CERAI_HIDUP', documents: [await env.doc('AKTA_CERAI', nips.c)] },
      { area: 'SKP', field: 'predikat', value: 'BAIK', documents: [await env.doc('SKP', nips.c)] },
    ]);
    const byOther = await refusal(withdrawPeremajaan(env.deps, actors.approver, u.usulanId));
    expect(byOther.code).toBe('FORBIDDEN');
    await decidePeremajaanChange(env.deps, actors.approver, u.usulanId, u.changes[1].id, { action: 'REJECT', reason: 'SKP belum ditandatangani' });
    const late = await refusal(withdrawPeremajaan(env.deps, actors.operator, u.usulanId));
    expect(late.code).toBe('CONFLICT');
    expect(late.message).toMatch(/sudah ada perubahan yang diputus/);

    const w = await submitAndStart(actors.operator, nips.b, [{ area: 'DATA_PRIBADI', field: 'tempatLahir', value: 'Bogor', documents: [await env.doc('AKTA_KELAHIRAN', nips.b)] }]);
    expect((await withdrawPeremajaan(env.deps, actors.operator, w.usulanId, 'data sudah benar')).status).toBe('DITARIK');
    expect((await result(w.usulanId)).status).toBe('DITARIK');
    const rows = await env.db.selectFrom('peremajaan_change').select(['is_open']).where('usulan_id', '=', w.usulanId).execute();
    expect(rows.every((r) => !r.is_open)).toBe(true);
    const events = await env.db.selectFrom('usulan_event').select('jenis').where('usulan_id', '=', w.usulanId).orderBy('seq').orderBy('id').execute();
    expect(events.map((e) => e.jenis)).toEqual(['DIAJUKAN', 'DITARIK']);
    const after = await refusal(decidePeremajaanChange(env.deps, actors.approver, w.usulanId, `${w.usulanId}-1`, { action: 'APPROVE' }));
    expect(after.code).toBe('CONFLICT');
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', async () => {
    await expectConsistent({
      db: env.db, temporal: env.temporal, keysDir: path.join(process.env.TEST_TMP_DIR!, 'keys'), blobs: new FsBlobStore(path.join(process.env.TEST_TMP_DIR!, 'blobs')),
    });
    await recordHistories(env, 'peremajaan-workflow', 'usulan_peremajaan');
  });
});

import { startPeremajaanEnv, TODAY, type PeremajaanTestEnv } from './setup';
import { submitPeremajaan } from '../../api/peremajaan/service';
import { decidePeremajaanChange, startPeremajaanWorkflows } from '../../api/peremajaan/starter';
import { recheckOpenUsulan } from '../../db/repos/eligibility-recheck';
import type { PeremajaanState } from '../../workflows/peremajaan/contract';

jest.setTimeout(120_000);

/**
 * A verified peremajaan is a fact an open KP usulan may rest on, like an import: applying it judges the person's open
 * usulan again, and a change that breaks one shows on it (the warning and a timeline event), once, however often
 * Temporal retries the apply.
 */
let env: PeremajaanTestEnv;
beforeAll(async () => {
  env = await startPeremajaanEnv();
});
afterAll(async () => {
  await env?.close();
});

it('lowering the education to SD of someone with an open KP reguler warns on the usulan, once', async () => {
  const nip = env.nips.c;
  const { db, actors } = env;
  const employee = await db.selectFrom('employee').selectAll().where('nip', '=', nip).executeTakeFirstOrThrow();
  await db.insertInto('employee_rating').values([2023, 2024, 2025, 2026].map((tahun) => ({ nip, tahun, predikat: 'BAIK' }))).execute();
  const id = `kp-recheck-${nip}`;
  await db.insertInto('usulan_kp').values({
    id, batch_id: null, nip, nama: employee.nama, instansi_id: employee.instansi_id,
    kanreg_id: (await db.selectFrom('instansi').select('kanreg_id').where('id', '=', employee.instansi_id).executeTakeFirstOrThrow()).kanreg_id,
    periode: '2027-04-01', jenis_kp: 101, status: 'MENUNGGU_VERIFIKASI_BKN', golongan_lama: employee.golongan_id, golongan_baru: employee.golongan_id + 1,
    penandatangan_sk: 'PPK', submitted_by: actors.operator.userId,
  }).execute();
  // Eligible as it stands (III/a → III/b with S1, four years in the pangkat, two good years): nothing to warn of.
  expect(await recheckOpenUsulan(db, [nip], { key: 'before', sumber: 'TES' })).toEqual({ checked: 1, broken: 0, mended: 0 });

  const u = await submitPeremajaan(db, actors.operator, {
    nip, changes: [{ area: 'PENDIDIKAN', field: 'tingkatPendidikan', value: 'SD', documents: await Promise.all(['IJAZAH', 'TRANSKRIP'].map((c) => env.doc(c, nip))) }],
  }, TODAY);
  await startPeremajaanWorkflows(env.deps, [u.usulanId]);
  await decidePeremajaanChange(env.deps, actors.verifier, u.usulanId, u.changes[0].id, { action: 'APPROVE' });
  const final: PeremajaanState = await env.temporal.workflow.getHandle(u.usulanId).result();
  expect(final.changes[0].status).toBe('DITERAPKAN');

  const kp = await db.selectFrom('usulan_kp').select('kelayakan_peringatan').where('id', '=', id).executeTakeFirstOrThrow();
  const warning = kp.kelayakan_peringatan as { sumber: string; alasan: string[] };
  expect(warning.sumber).toBe('PEREMAJAAN');
  expect(warning.alasan.join(' ')).toMatch(/pendidikan/i);
  const events = await db.selectFrom('usulan_event').select(['jenis', 'catatan']).where('usulan_id', '=', id).execute();
  expect(events.filter((e) => e.jenis === 'KELAYAKAN_BERUBAH')).toHaveLength(1);
  // The same facts judged again (a retried activity) write nothing new.
  await recheckOpenUsulan(db, [nip], { key: `peremajaan:retry`, sumber: 'PEREMAJAAN' });
  expect((await db.selectFrom('usulan_event').select('id').where('usulan_id', '=', id).where('jenis', '=', 'KELAYAKAN_BERUBAH').execute())).toHaveLength(1);
});

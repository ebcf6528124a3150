import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createDb, dropDatabase, ensureDatabase, type Db } from '../../db';
import { applyImportChunk, stageImportJob, type RawImportRecord } from '../../db/repos/master-data';
import { buildNip } from '../../domain/nip';

jest.setTimeout(120_000);

/**
 * A re-import stops at staging for every record its row already holds (the row carries the fingerprint of the record
 * that wrote or confirmed it). The invariant: a fingerprint never hides a change. Whatever wrote the row since (SQL by
 * hand, a finished KP, a move to another instansi), or whatever another job of the instansi is still to apply, sends
 * the record through the planner again, and the outcome is the one a full plan gives.
 */
let db: Db;
let dbName: string;
let operatorId: string;
const INSTANSI = 'I-3404';

beforeAll(async () => {
  dbName = `usulan_t_${randomBytes(5).toString('hex')}`;
  db = createDb(await ensureDatabase(process.env.TEST_PG_SERVER_URL!, dbName, process.env.TEST_TEMPLATE_DB), { max: 8 });
  operatorId = (await db.selectFrom('app_user').select('id').where('role', '=', 'OPERATOR').where('instansi_id', '=', INSTANSI).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await db?.destroy();
  await dropDatabase(process.env.TEST_PG_SERVER_URL!, dbName).catch(() => undefined);
});

const person = (i: number) => {
  const birth = `19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 10}`;
  const nip = buildNip(birth, `20${10 + (i % 10)}-0${1 + (i % 9)}`, i % 2 ? 'L' : 'P', 700 + i);
  const tmt = `${nip.slice(8, 12)}-${nip.slice(12, 14)}-01`;
  return {
    nip,
    records: [
      { dataset: 'unor', data: { id: `FP-${i}`, nama: `Bidang Sidik ${i}` } },
      { dataset: 'pegawai', data: { nip, nama: `Sidik ${i}`, tempat_lahir: 'Sleman', tanggal_lahir: birth, jenis_kelamin: i % 2 ? 'L' : 'P', jenis_asn: 'PNS', instansi_id: INSTANSI, unor_id: `FP-${i}`, jabatan_nama: 'Pengadministrasi', jabatan_jenis: 'PELAKSANA', golongan: '22', tmt_golongan: tmt, tmt_cpns: tmt, pendidikan_tingkat: 'D3' } },
      { dataset: 'riwayat_golongan', data: { id: `G${i}`, nip, golongan: '22', tmt } },
      { dataset: 'pendidikan', data: { id: `P${i}`, nip, tingkat: 'D3', nama_sekolah: 'Politeknik', tahun_lulus: 2008 } },
      { dataset: 'skp', data: { nip, tahun: 2025, predikat: 'BAIK' } },
      { dataset: 'kinerja', data: { nip, tahun: 2025, bulan_mulai: 1, bulan_selesai: 6, predikat: 'BAIK' } },
      { dataset: 'hukdis', data: { id: `H${i}`, nip, tingkat: 'RINGAN', jenis: 'Teguran', tmt_mulai: '2024-01-01', tmt_selesai: '2024-03-31' } },
    ] as RawImportRecord[],
  };
};

const stage = async (records: RawImportRecord[], uji = false) =>
  (await stageImportJob(db, records, { instansiId: INSTANSI, sumber: 'SIMPEG', asal: 'API', createdBy: operatorId, today: '2026-12-04', uji })).job;
async function apply(jobId: string) {
  for (let r = await applyImportChunk(db, jobId, 50, operatorId); r.processed > 0; r = await applyImportChunk(db, jobId, 50, operatorId));
  return db.selectFrom('import_job').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
}
const stagedOutcomes = async (jobId: string) =>
  db.selectFrom('import_job_record').select(['dataset', 'kunci', 'hasil', 'diterapkan_at']).where('job_id', '=', jobId).orderBy('seq').execute();
const factChanges = async () => Number((await db.selectFrom('master_fact_change').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

it('the same records again are SAMA at staging for every data set, confirm their rows and write no history', async () => {
  const people = [person(1), person(2), person(3)];
  const records = people.flatMap((p) => p.records);
  expect(await apply((await stage(records)).id)).toMatchObject({ baru: 21, ditolak: 0 });
  const confirmedBefore = await db.selectFrom('employee').select(['nip', 'dikonfirmasi_at']).where('nip', 'in', people.map((p) => p.nip)).execute();
  const changesBefore = await factChanges();
  const again = await stage(records);
  // Decided while staging: nothing is left for the workflow to plan or apply.
  expect(again).toMatchObject({ total: 21, diproses: 21, sama: 21, baru: 0, berubah: 0, ditolak: 0 });
  expect((await stagedOutcomes(again.id)).every((r) => r.hasil === 'SAMA' && r.diterapkan_at)).toBe(true);
  expect((await applyImportChunk(db, again.id, 50, operatorId)).processed).toBe(0);
  expect(await factChanges()).toBe(changesBefore);
  const confirmedAfter = await db.selectFrom('employee').select(['nip', 'dikonfirmasi_at']).where('nip', 'in', people.map((p) => p.nip)).execute();
  for (const b of confirmedBefore) {
    const a = confirmedAfter.find((x) => x.nip === b.nip)!;
    expect(a.dikonfirmasi_at!.getTime()).toBeGreaterThanOrEqual(b.dikonfirmasi_at!.getTime());
  }
  // The confirming switch is the staging transaction's own: afterwards a change by hand drops the fingerprint again.
  await sql`UPDATE employee SET nama = 'Diubah Tangan' WHERE nip = ${people[0].nip}`.execute(db);
  expect((await db.selectFrom('employee').select('impor_sidik').where('nip', '=', people[0].nip).executeTakeFirstOrThrow()).impor_sidik).toBeNull();
});

it('a fact written by anyone else since is planned in full: the change is found, reverted with history, and fingerprinted again', async () => {
  const p = person(10);
  await apply((await stage(p.records)).id);
  // A finished KP (or SQL by hand) moves the golongan and a rating; neither sets a fingerprint.
  await db.updateTable('employee').set({ golongan_id: 23 }).where('nip', '=', p.nip).execute();
  await db.updateTable('employee_rating').set({ predikat: 'SANGAT_BAIK' }).where('nip', '=', p.nip).where('tahun', '=', 2025).execute();
  const changesBefore = await factChanges();
  const again = await stage(p.records);
  expect(again.sama).toBe(5);
  const staged = await stagedOutcomes(again.id);
  expect(staged.filter((r) => r.hasil === null).map((r) => r.dataset).sort()).toEqual(['pegawai', 'skp']);
  const done = await apply(again.id);
  expect(done).toMatchObject({ berubah: 2, sama: 5, baru: 0, ditolak: 0 });
  expect(await factChanges()).toBe(changesBefore + 2);
  expect((await db.selectFrom('employee').select('golongan_id').where('nip', '=', p.nip).executeTakeFirstOrThrow()).golongan_id).toBe(22);
  // Written by the import again, so the third time stops at staging.
  expect(await stage(p.records)).toMatchObject({ sama: 7, diproses: 7 });
});

it('rows without a fingerprint (older imports, or dropped) are planned SAMA once and then take it', async () => {
  const p = person(20);
  await apply((await stage(p.records)).id);
  for (const t of ['employee', 'unor', 'employee_golongan_history', 'employee_education', 'employee_rating', 'employee_kinerja_periodik', 'employee_sanction'] as const) {
    await sql`UPDATE ${sql.table(t)} SET impor_sidik = NULL WHERE ${t === 'unor' ? sql`id = ${`${INSTANSI}:FP-20`}` : sql`nip = ${p.nip}`}`.execute(db);
  }
  const second = await stage(p.records);
  expect(second.sama).toBe(0);
  expect(await apply(second.id)).toMatchObject({ sama: 7, baru: 0, berubah: 0 });
  expect(await stage(p.records)).toMatchObject({ sama: 7, diproses: 7 });
});

it('a key another unfinished job of the instansi is still to apply is never confirmed at staging: the later job sees its change', async () => {
  const p = person(30);
  const original = p.records;
  await apply((await stage(original)).id);
  const changed = original.map((r) => (r.dataset === 'skp' ? { ...r, data: { ...(r.data as object), predikat: 'CUKUP' } } : r));
  // Job A carries the change and has not run yet; job B (the original values again) is staged after it.
  const a = await stage(changed);
  const b = await stage(original);
  const skpOf = async (jobId: string) => (await stagedOutcomes(jobId)).find((r) => r.dataset === 'skp')!;
  expect((await skpOf(b.id)).hasil).toBeNull();
  // Every other record of A is the same and confirmed; so B's other records are not pending anywhere either.
  expect(a.sama).toBe(6);
  expect(b.sama).toBe(6);
  expect(await apply(a.id)).toMatchObject({ berubah: 1 });
  // B applies after A and is planned against A's change: the last word is B's, as it was sent last.
  expect(await apply(b.id)).toMatchObject({ berubah: 1, sama: 6 });
  expect((await db.selectFrom('employee_rating').select('predikat').where('nip', '=', p.nip).where('tahun', '=', 2025).executeTakeFirstOrThrow()).predikat).toBe('BAIK');
});

it('a person who has since moved to another instansi is refused by the planner, never passed as SAMA', async () => {
  const p = person(40);
  await apply((await stage(p.records)).id);
  await db.updateTable('employee').set({ instansi_id: 'I-3515' }).where('nip', '=', p.nip).execute();
  const again = await stage(p.records.filter((r) => r.dataset !== 'unor'));
  expect(again.sama).toBe(0);
  const done = await apply(again.id);
  expect(done.ditolak).toBe(6);
  const facts = await db.selectFrom('employee').select(['instansi_id', 'nama']).where('nip', '=', p.nip).executeTakeFirstOrThrow();
  expect(facts.instansi_id).toBe('I-3515');
});

it('a dry run plans every record (nothing is confirmed until the operator confirms)', async () => {
  const p = person(50);
  await apply((await stage(p.records)).id);
  const dry = await stage(p.records, true);
  expect(dry).toMatchObject({ status: 'UJI', sama: 0, diproses: 0 });
});

it('the same records pushed four times at once, in different orders, are all SAMA and leave the facts as they were', async () => {
  const people = [person(60), person(61), person(62), person(63)];
  const records = people.flatMap((p) => p.records);
  await apply((await stage(records)).id);
  const changesBefore = await factChanges();
  const orders = [records, [...records].reverse(), [...records.slice(14), ...records.slice(0, 14)], [...records].sort((a, b) => a.dataset.localeCompare(b.dataset))];
  const jobs = await Promise.all(orders.map((o) => stage(o)));
  for (const j of jobs) expect(j).toMatchObject({ total: 28, sama: 28, diproses: 28 });
  expect(await factChanges()).toBe(changesBefore);
});

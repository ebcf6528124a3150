import { randomBytes } from 'node:crypto';
import { createDb, dropDatabase, ensureDatabase, type Db } from '../../db';
import { applyImportChunk, planImportJob, stageImportJob, type RawImportRecord } from '../../db/repos/master-data';
import { buildNip } from '../../domain/nip';

jest.setTimeout(120_000);

/**
 * The import job's invariants on the real database, whatever the order and the concurrency: every record gets exactly
 * one outcome, a fact is written once, the counters add up, a stopped job resumes where it stopped, and records sent in
 * any order (histories before their people) end in the same state.
 */
let db: Db;
let dbName: string;
let operatorId: string;

beforeAll(async () => {
  dbName = `usulan_t_${randomBytes(5).toString('hex')}`;
  db = createDb(await ensureDatabase(process.env.TEST_PG_SERVER_URL!, dbName, process.env.TEST_TEMPLATE_DB), { max: 8 });
  operatorId = (await db.selectFrom('app_user').select('id').where('role', '=', 'OPERATOR').where('instansi_id', '=', 'I-3404').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await db?.destroy();
  await dropDatabase(process.env.TEST_PG_SERVER_URL!, dbName).catch(() => undefined);
});

const person = (i: number) => {
  const birth = `19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 10}`;
  const nip = buildNip(birth, `20${10 + (i % 10)}-0${1 + (i % 9)}`, i % 2 ? 'L' : 'P', 500 + i);
  const tmt = `${nip.slice(8, 12)}-${nip.slice(12, 14)}-01`;
  return {
    nip, tmt,
    records: [
      { dataset: 'pegawai', data: { nip, nama: `Orang ${i}`, tempat_lahir: 'Sleman', tanggal_lahir: birth, jenis_kelamin: i % 2 ? 'L' : 'P', jenis_asn: 'PNS', instansi_id: 'I-3404', jabatan_nama: 'Pengadministrasi', jabatan_jenis: 'PELAKSANA', golongan: '22', tmt_golongan: tmt, tmt_cpns: tmt, pendidikan_tingkat: 'D3' } },
      { dataset: 'riwayat_golongan', data: { id: `G${i}`, nip, golongan: '22', tmt } },
      { dataset: 'skp', data: { nip, tahun: 2025, predikat: 'BAIK' } },
      { dataset: 'hukdis', data: { id: `H${i}`, nip, tingkat: 'RINGAN', jenis: 'Teguran', tmt_mulai: '2024-01-01', tmt_selesai: '2024-03-31' } },
    ] as RawImportRecord[],
  };
};

async function stage(records: RawImportRecord[]) {
  return (await stageImportJob(db, records, { instansiId: 'I-3404', sumber: 'SIMPEG', asal: 'API', createdBy: operatorId, today: '2026-12-04', uji: false })).job;
}
async function outcomes(jobId: string) {
  return db.selectFrom('import_job_record').select(['seq', 'hasil', 'diterapkan_at']).where('job_id', '=', jobId).orderBy('seq').execute();
}

it('four concurrent appliers of one job apply every record exactly once, and the counters add up', async () => {
  const people = Array.from({ length: 30 }, (_, i) => person(i));
  const job = await stage(people.flatMap((p) => p.records));
  const runs = await Promise.all([0, 1, 2, 3].map(async () => {
    let processed = 0;
    for (;;) {
      const r = await applyImportChunk(db, job.id, 7, operatorId);
      processed += r.processed;
      if (r.processed === 0) return processed;
    }
  }));
  expect(runs.reduce((a, b) => a + b, 0)).toBe(120);
  const rows = await outcomes(job.id);
  expect(rows.every((r) => r.hasil === 'BARU' && r.diterapkan_at)).toBe(true);
  const after = await db.selectFrom('import_job').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
  expect(after).toMatchObject({ total: 120, diproses: 120, baru: 120, berubah: 0, sama: 0, ditolak: 0 });
  const nips = people.map((p) => p.nip);
  const counts = await Promise.all(['employee', 'employee_golongan_history', 'employee_rating', 'employee_sanction'].map(async (t) =>
    Number((await db.selectFrom(t as 'employee').select((eb) => eb.fn.countAll<string>().as('n')).where('nip', 'in', nips).executeTakeFirstOrThrow()).n)));
  expect(counts).toEqual([30, 30, 30, 30]);
});

it('records sent histories-first end in the same state; a stopped job resumes at its first unapplied record', async () => {
  const people = Array.from({ length: 12 }, (_, i) => person(100 + i));
  // Reversed: every hukdis, skp and riwayat arrives before its pegawai.
  const job = await stage(people.flatMap((p) => p.records).reverse());
  const first = await applyImportChunk(db, job.id, 5, operatorId);
  expect(first.processed).toBe(5);
  // The job "stops" here (a crash between chunks); the next applier carries on from record 6 in apply order.
  const mid = await outcomes(job.id);
  expect(mid.filter((r) => r.diterapkan_at).length).toBe(5);
  let total = 5;
  for (let r = await applyImportChunk(db, job.id, 5, operatorId); r.processed > 0; r = await applyImportChunk(db, job.id, 5, operatorId)) total += r.processed;
  expect(total).toBe(48);
  const rows = await outcomes(job.id);
  expect(rows.map((r) => r.hasil)).toEqual(Array(48).fill('BARU'));
});

it('the dry run predicts the apply exactly, and re-sending is all SAMA with no history written', async () => {
  const people = Array.from({ length: 6 }, (_, i) => person(200 + i));
  const records = people.flatMap((p) => p.records);
  // One refused record among them: a golongan that is not on the ladder.
  records.push({ dataset: 'riwayat_golongan', data: { id: 'GX', nip: people[0].nip, golongan: 'V/a', tmt: people[0].tmt } });
  const dry = await stageImportJob(db, records, { instansiId: 'I-3404', sumber: 'SIMPEG', asal: 'BERKAS', createdBy: operatorId, today: '2026-12-04', uji: true });
  const plan = await planImportJob(db, dry.job.id);
  expect(plan).toEqual({ baru: 24, berubah: 0, sama: 0, ditolak: 1 });
  const planned = await outcomes(dry.job.id);
  for (let r = await applyImportChunk(db, dry.job.id, 10, operatorId); r.processed > 0; r = await applyImportChunk(db, dry.job.id, 10, operatorId));
  expect((await outcomes(dry.job.id)).map((r) => r.hasil)).toEqual(planned.map((r) => r.hasil));
  const historyBefore = Number((await db.selectFrom('master_fact_change').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const again = await stage(records);
  for (let r = await applyImportChunk(db, again.id, 50, operatorId); r.processed > 0; r = await applyImportChunk(db, again.id, 50, operatorId));
  const j = await db.selectFrom('import_job').selectAll().where('id', '=', again.id).executeTakeFirstOrThrow();
  expect(j).toMatchObject({ baru: 0, berubah: 0, sama: 24, ditolak: 1 });
  const historyAfter = Number((await db.selectFrom('master_fact_change').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  expect(historyAfter).toBe(historyBefore);
});

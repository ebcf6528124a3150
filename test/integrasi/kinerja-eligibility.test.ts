import { randomBytes } from 'node:crypto';
import { createDb, dropDatabase, ensureDatabase, type Db } from '../../db';
import { applyImportChunk, stageImportJob, type RawImportRecord } from '../../db/repos/master-data';
import { loadEmployeeFacts } from '../../db/repos/employee-facts';
import { checkKpEligibility } from '../../domain/eligibility';
import { buildNip } from '../../domain/nip';

jest.setTimeout(60_000);

/**
 * Periodic kinerja (e-Kinerja) pushed through the import feeds eligibility: a year without a yearly SKP counts when
 * its periods cover the whole year, at the lowest of their predikat; a year they do not cover stays missing, and a
 * yearly SKP always wins over the periods.
 */
let db: Db;
let dbName: string;
let operatorId: string;

beforeAll(async () => {
  dbName = `usulan_t_${randomBytes(5).toString('hex')}`;
  db = createDb(await ensureDatabase(process.env.TEST_PG_SERVER_URL!, dbName, process.env.TEST_TEMPLATE_DB), { max: 4 });
  operatorId = (await db.selectFrom('app_user').select('id').where('role', '=', 'OPERATOR').where('instansi_id', '=', 'I-3404').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await db?.destroy();
  await dropDatabase(process.env.TEST_PG_SERVER_URL!, dbName).catch(() => undefined);
});

async function importRecords(records: RawImportRecord[]) {
  const { job } = await stageImportJob(db, records, { instansiId: 'I-3404', sumber: 'SIMPEG', asal: 'API', createdBy: operatorId, today: '2026-12-04', uji: false });
  while ((await applyImportChunk(db, job.id, 100, operatorId)).processed > 0);
  const refused = await db.selectFrom('import_job_record').select(['kunci', 'alasan']).where('job_id', '=', job.id).where('hasil', '=', 'DITOLAK').execute();
  expect(refused).toEqual([]);
}

const person = (seq: number) => {
  const nip = buildNip('1985-04-12', '2010-03', 'L', seq);
  return {
    nip,
    pegawai: {
      dataset: 'pegawai' as const, data: {
        nip, nama: `Kinerja ${seq}`, tempat_lahir: 'Sleman', tanggal_lahir: '1985-04-12', jenis_kelamin: 'L', jenis_asn: 'PNS', instansi_id: 'I-3404',
        jabatan_nama: 'Analis', jabatan_jenis: 'PELAKSANA', golongan: 'III/a', tmt_golongan: '2021-04-01', tmt_cpns: '2010-03-01', pendidikan_tingkat: 'S1',
      },
    },
  };
};
const quarter = (nip: string, tahun: number, q: number, predikat: string): RawImportRecord =>
  ({ dataset: 'kinerja', data: { nip, tahun, bulan_mulai: q * 3 - 2, bulan_selesai: q * 3, predikat } });

it('whole years of periods count at their lowest predikat; a partial year stays missing; a yearly SKP wins', async () => {
  const a = person(811);
  await importRecords([
    a.pegawai,
    quarter(a.nip, 2025, 1, 'SANGAT_BAIK'), quarter(a.nip, 2025, 2, 'BAIK'), quarter(a.nip, 2025, 3, 'SANGAT_BAIK'), quarter(a.nip, 2025, 4, 'BAIK'),
    // 2024: three quarters only.
    quarter(a.nip, 2024, 1, 'BAIK'), quarter(a.nip, 2024, 2, 'BAIK'), quarter(a.nip, 2024, 3, 'BAIK'),
    // 2023: a yearly SKP and periods that disagree with it.
    { dataset: 'skp', data: { nip: a.nip, tahun: 2023, predikat: 'BAIK' } },
    quarter(a.nip, 2023, 1, 'KURANG'), quarter(a.nip, 2023, 2, 'KURANG'), quarter(a.nip, 2023, 3, 'KURANG'), quarter(a.nip, 2023, 4, 'KURANG'),
  ]);
  const facts = (await loadEmployeeFacts(db, [a.nip])).get(a.nip)!;
  expect(facts.ratings).toEqual([{ year: 2023, rating: 'BAIK' }, { year: 2025, rating: 'BAIK' }]);
});

it('the periods decide the kinerja rule of a KP: a weak quarter fails it, twelve good months pass it', async () => {
  const good = person(812);
  const weak = person(813);
  const year = (nip: string, tahun: number, worst: string) => [1, 2, 3, 4].map((q) => quarter(nip, tahun, q, q === 3 ? worst : 'BAIK'));
  await importRecords([good.pegawai, weak.pegawai, ...year(good.nip, 2025, 'BAIK'), ...year(good.nip, 2026, 'BAIK'),
    ...year(weak.nip, 2025, 'BAIK'), ...year(weak.nip, 2026, 'BUTUH_PERBAIKAN')]);
  const facts = await loadEmployeeFacts(db, [good.nip, weak.nip]);
  const kinerja = (nip: string) => checkKpEligibility(facts.get(nip)!, 101, '2027-04-01').failures.filter((f) => f.rule === 'PENILAIAN_KINERJA');
  expect(kinerja(good.nip)).toEqual([]);
  expect(kinerja(weak.nip)).toHaveLength(1);
});

it('an imported struktural riwayat jabatan and eselon feed the struktural rules: the inauguration date and the eselon range', async () => {
  const recent = person(814);
  const long = person(815);
  const struktural = (p: ReturnType<typeof person>) => ({
    ...p.pegawai, data: { ...p.pegawai.data, jabatan_nama: 'Kepala Bagian Umum', jabatan_jenis: 'STRUKTURAL', jenjang: 'ADMINISTRATOR', eselon: 'III.a', golongan: 'III/d' },
  });
  const post = (nip: string, id: string, tmt: string, jenis = 'STRUKTURAL'): RawImportRecord =>
    ({ dataset: 'jabatan', data: { id, nip, jenis, nama: jenis === 'STRUKTURAL' ? 'Kepala Bagian Umum' : 'Analis', tmt, ...(jenis === 'STRUKTURAL' ? { eselon: 'III.a' } : {}) } });
  await importRecords([struktural(recent), struktural(long),
    post(recent.nip, 'J1', '2015-01-01', 'PELAKSANA'), post(recent.nip, 'J2', '2026-10-01'),
    post(long.nip, 'J1', '2018-01-01', 'STRUKTURAL'), post(long.nip, 'J2', '2022-07-01')]);
  const facts = await loadEmployeeFacts(db, [recent.nip, long.nip]);
  expect(facts.get(recent.nip)!.jabatan).toMatchObject({ kind: 'STRUKTURAL', eselon: 'IIIA', tmtJabatan: '2026-10-01' });
  expect(facts.get(long.nip)!.jabatan).toMatchObject({ eselon: 'IIIA', tmtJabatan: '2022-07-01' });
  // Eselon III.a spans IV/a–IV/b, so III/d is one step below it: at least a year since the inauguration is required.
  const masaJabatan = (nip: string) => {
    const r = checkKpEligibility(facts.get(nip)!, 201, '2027-04-01');
    return [...r.failures.filter((f) => f.rule === 'MASA_JABATAN').map(() => false), ...r.passed.filter((p) => p.rule === 'MASA_JABATAN').map(() => true)];
  };
  expect(masaJabatan(recent.nip)).toEqual([false]);
  expect(masaJabatan(long.nip)).toEqual([true]);
});

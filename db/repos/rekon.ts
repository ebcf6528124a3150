import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { nextPeriodOnOrAfter } from '../../domain/periods';
import { reconcile, rekonScore, type OurPegawai, type RekonResult, type SiasnPegawai } from '../../domain/rekon';
import type { Database, RekonRun } from '../types';

/**
 * Loads both sides of an instansi's reconciliation (our master tables; the SIASN snapshots a sync wrote), runs the
 * pure comparison (domain/rekon.ts) and keeps the run: its counts, its score and the rows that need attention. One
 * run is one transaction, so a run is whole or absent; a run with the same id twice (a retried activity) stores once.
 */
type Db = Kysely<Database>;

/** A snapshot older than this counts against timeliness (the IKD "ketepatan waktu" dimension). */
export const SNAPSHOT_FRESH_DAYS = 30;

export async function loadRekonInput(db: Db, instansiId: string, today: string) {
  const [employees, jabatanSince, ratings, unors, snapshots, siasnSkp, siasnJabatan, siasnUnor] = await Promise.all([
    db.selectFrom('employee').select([
      'nip', 'nama', 'gelar_depan', 'gelar_belakang', 'tanggal_lahir', 'jenis_kelamin', 'jenis_asn', 'kedudukan_hukum', 'golongan_id', 'tmt_golongan',
      'mkg_tahun', 'mkg_bulan', 'tmt_cpns', 'tmt_pns', 'pendidikan_level', 'jabatan_jenis', 'jabatan_nama', 'eselon', 'unor_id', 'email', 'siasn_id',
    ]).where('instansi_id', '=', instansiId).execute(),
    sql<{ nip: string; jenis: string; tmt: string }>`
      SELECT h.nip, h.jenis, max(h.tmt)::text AS tmt FROM employee_jabatan_history h JOIN employee e ON e.nip = h.nip
      WHERE e.instansi_id = ${instansiId} GROUP BY h.nip, h.jenis`.execute(db),
    sql<{ nip: string; tahun: number }>`
      SELECT r.nip, r.tahun FROM employee_rating r JOIN employee e ON e.nip = r.nip WHERE e.instansi_id = ${instansiId}`.execute(db),
    db.selectFrom('unor').select(['id', 'nama', 'parent_id', 'siasn_id']).where('instansi_id', '=', instansiId).execute(),
    db.selectFrom('siasn_pegawai').selectAll().where('instansi_id', '=', instansiId).execute(),
    sql<{ nip: string; tahun: number }>`
      SELECT r.nip, r.tahun FROM siasn_riwayat r JOIN siasn_pegawai p ON p.nip = r.nip
      WHERE p.instansi_id = ${instansiId} AND r.jenis = 'skp' AND r.tahun IS NOT NULL`.execute(db),
    // The latest rw-jabatan per person, by its TMT as SIASN's projection names it.
    sql<{ nip: string; nama: string | null }>`
      SELECT DISTINCT ON (r.nip) r.nip, coalesce(r.data->>'nama', r.data->>'jabatanNama', r.data->>'jabatan_nama') AS nama
      FROM siasn_riwayat r JOIN siasn_pegawai p ON p.nip = r.nip
      WHERE p.instansi_id = ${instansiId} AND r.jenis = 'jabatan'
      ORDER BY r.nip, coalesce(r.data->>'tmt', r.data->>'tmtJabatan', r.data->>'tmt_jabatan') DESC NULLS LAST`.execute(db),
    db.selectFrom('siasn_unor').select(['id', 'nama', 'induk_id', 'pemimpin_pns_id']).where('instansi_id', '=', instansiId).execute(),
  ]);
  const group = (rows: { nip: string; tahun: number }[]) => {
    const m = new Map<string, number[]>();
    for (const r of rows) (m.get(r.nip) ?? m.set(r.nip, []).get(r.nip)!).push(Number(r.tahun));
    return m;
  };
  const ourSkp = group(ratings.rows);
  const theirSkp = group(siasnSkp.rows);
  const since = new Map(jabatanSince.rows.map((r) => [`${r.nip}/${r.jenis}`, r.tmt]));
  const lastJabatan = new Map(siasnJabatan.rows.map((r) => [r.nip, r.nama]));
  const ours: OurPegawai[] = employees.map((e) => ({
    nip: e.nip, nama: e.nama, gelarDepan: e.gelar_depan, gelarBelakang: e.gelar_belakang, tanggalLahir: e.tanggal_lahir, jenisKelamin: e.jenis_kelamin,
    jenisAsn: e.jenis_asn, kedudukanHukum: e.kedudukan_hukum, golonganId: e.golongan_id, tmtGolongan: e.tmt_golongan, mkTahun: e.mkg_tahun,
    mkBulan: e.mkg_bulan, tmtCpns: e.tmt_cpns, tmtPns: e.tmt_pns, pendidikan: e.pendidikan_level, jabatanJenis: e.jabatan_jenis,
    jabatanNama: e.jabatan_nama, eselon: e.eselon, tmtJabatan: since.get(`${e.nip}/${e.jabatan_jenis}`) ?? null, unorId: e.unor_id, email: e.email,
    skpTahun: ourSkp.get(e.nip) ?? [],
  }));
  const siasn: SiasnPegawai[] = snapshots.map((s) => ({
    nip: s.nip, nama: s.nama, gelarDepan: s.gelar_depan, gelarBelakang: s.gelar_belakang, tanggalLahir: s.tanggal_lahir, jenisKelamin: s.jenis_kelamin,
    jenisAsn: s.jenis_asn, kedudukanHukum: s.kedudukan_hukum, golonganId: s.golongan_id, tmtGolongan: s.tmt_golongan, mkTahun: s.mk_tahun,
    mkBulan: s.mk_bulan, tmtCpns: s.tmt_cpns, tmtPns: s.tmt_pns, pendidikan: s.pendidikan_tingkat, jabatanJenis: s.jabatan_jenis,
    jabatanNama: s.jabatan_nama, eselon: s.eselon, tmtJabatan: s.tmt_jabatan, unorSiasnId: s.unor_siasn_id, email: s.email,
    skpTahun: theirSkp.get(s.nip) ?? [], riwayatJabatanTerakhir: lastJabatan.get(s.nip) ?? null,
  }));
  const next = nextPeriodOnOrAfter(today) ?? today;
  const year = Number(next.slice(0, 4));
  const freshSince = Date.now() - SNAPSHOT_FRESH_DAYS * 86_400_000;
  const fresh = snapshots.filter((s) => new Date(s.fetched_at).getTime() >= freshSince).length;
  return {
    input: {
      ours, siasn, skpYears: [year - 2, year - 1],
      ourUnor: unors.map((u) => ({ id: u.id, nama: u.nama, parentId: u.parent_id, siasnId: u.siasn_id })),
      siasnUnor: siasnUnor.map((u) => ({ id: u.id, nama: u.nama, indukId: u.induk_id, pemimpinPnsId: u.pemimpin_pns_id })),
      pnsIdOf: new Map(snapshots.filter((s) => s.pns_id).map((s) => [s.nip, s.pns_id as string])),
    },
    timeliness: snapshots.length === 0 ? 0 : fresh / snapshots.length,
    snapshotAt: snapshots.reduce<Date | null>((m, s) => (!m || new Date(s.fetched_at) > m ? new Date(s.fetched_at) : m), null),
  };
}

export const newRekonRunId = (): string => `rekon_${randomUUID()}`;

export async function createRekonRun(db: Db, id: string, instansiId: string, createdBy: string | null): Promise<RekonRun> {
  await db.insertInto('rekon_run').values({ id, instansi_id: instansiId, status: 'BERJALAN', created_by: createdBy }).onConflict((oc) => oc.column('id').doNothing()).execute();
  return db.selectFrom('rekon_run').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Runs the comparison and stores it under the run's id; a run already finished is left as it is (idempotent). */
export async function runRekon(db: Db, runId: string, today: string): Promise<RekonRun> {
  const run = await db.selectFrom('rekon_run').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  if (run.status === 'SELESAI') return run;
  const { input, timeliness, snapshotAt } = await loadRekonInput(db, run.instansi_id, today);
  const result: RekonResult = reconcile(input);
  const score = rekonScore(result, timeliness);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('rekon_row').where('run_id', '=', runId).execute();
    const CHUNK = 5000;
    for (let i = 0; i < result.rows.length; i += CHUNK) {
      const part = result.rows.slice(i, i + CHUNK);
      const col = <K extends keyof (typeof part)[number]>(k: K) => part.map((r) => r[k]);
      await sql`
        INSERT INTO rekon_row (run_id, seq, bagian, nip, unor_id, cek, nilai_kita, nilai_siasn, hasil, tindakan)
        SELECT ${runId}, v.seq, v.bagian, v.nip, v.unor_id, v.cek, v.nilai_kita, v.nilai_siasn, v.hasil, v.tindakan
        FROM unnest(${part.map((_, k) => i + k + 1)}::int[], ${col('bagian')}::text[], ${col('nip')}::text[], ${col('unorId')}::text[],
          ${col('cek')}::text[], ${col('nilaiKita')}::text[], ${col('nilaiSiasn')}::text[], ${col('hasil')}::text[], ${col('tindakan')}::text[])
          AS v(seq, bagian, nip, unor_id, cek, nilai_kita, nilai_siasn, hasil, tindakan)`.execute(trx);
    }
    await trx.updateTable('rekon_run').set({
      status: 'SELESAI', counts: JSON.stringify({ ...result.counts, populasi: result.populasi, ketepatanWaktu: timeliness }), score: String(score),
      snapshot_at: snapshotAt, finished_at: new Date(),
    }).where('id', '=', runId).execute();
  });
  return db.selectFrom('rekon_run').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
}

export async function failRekonRun(db: Db, runId: string, pesan: string): Promise<void> {
  await db.updateTable('rekon_run').set({ status: 'GAGAL', counts: JSON.stringify({ pesan }), finished_at: new Date() }).where('id', '=', runId).where('status', '=', 'BERJALAN').execute();
}

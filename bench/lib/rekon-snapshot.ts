import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/types';

/**
 * A SIASN snapshot of an instansi made from our own rows, with drift planted by a hash of the NIP (so a test can
 * name exactly who drifted): per thousand people, by default 20 with another nama, 20 a golongan one step behind, 10
 * missing in SIASN (`perMille` sets the three); plus `extra` people only SIASN holds, and the unit tree mapped one to one (our unit U ↔ SIASN unor `S-U`).
 * For the reconciliation's tests and `npm run bench:rekon`; the SIASN stand-in (siasn/stand-in) makes its own.
 */
export interface DriftRates { nama: number; golongan: number; hilang: number }
const DEFAULT_RATES: DriftRates = { nama: 20, golongan: 20, hilang: 10 };
const driftOf = (k: number, r: DriftRates): 'NAMA' | 'GOLONGAN' | 'HILANG' | null =>
  (k < r.nama ? 'NAMA' : k < r.nama + r.golongan ? 'GOLONGAN' : k < r.nama + r.golongan + r.hilang ? 'HILANG' : null);
const K = sql`(abs(hashtext(e.nip)) % 1000)`;

export async function plantSiasnSnapshot(db: Kysely<Database>, instansiId: string, opts: { extra?: number; perMille?: DriftRates } = {}): Promise<{ planted: { nip: string; drift: string }[] }> {
  const r = opts.perMille ?? DEFAULT_RATES;
  const a = r.nama; const b = r.nama + r.golongan; const c = b + r.hilang;
  await db.transaction().execute(async (trx) => {
    await sql`UPDATE unor SET siasn_id = 'S-' || id WHERE instansi_id = ${instansiId}`.execute(trx);
    await sql`DELETE FROM siasn_unor WHERE instansi_id = ${instansiId}`.execute(trx);
    await sql`INSERT INTO siasn_unor (id, instansi_id, nama, induk_id, raw)
      SELECT 'S-' || u.id, u.instansi_id, u.nama, CASE WHEN u.parent_id IS NULL THEN NULL ELSE 'S-' || u.parent_id END, jsonb_build_object('id', 'S-' || u.id)
      FROM unor u WHERE u.instansi_id = ${instansiId}`.execute(trx);
    await sql`DELETE FROM siasn_pegawai WHERE instansi_id = ${instansiId}`.execute(trx);
    await sql`INSERT INTO siasn_pegawai (nip, instansi_id, pns_id, nama, gelar_depan, gelar_belakang, tanggal_lahir, jenis_kelamin, jenis_asn, kedudukan_hukum,
        golongan_id, tmt_golongan, mk_tahun, mk_bulan, tmt_cpns, tmt_pns, pendidikan_tingkat, jabatan_jenis, jabatan_nama, eselon, unor_siasn_id, email, raw)
      SELECT e.nip, e.instansi_id, coalesce(e.siasn_id, 'PNS-' || e.nip),
        CASE WHEN ${K} < ${a} THEN e.nama || ' ALIAS' ELSE upper(e.nama) END, e.gelar_depan, e.gelar_belakang, e.tanggal_lahir, e.jenis_kelamin, e.jenis_asn,
        e.kedudukan_hukum, CASE WHEN ${K} >= ${a} AND ${K} < ${b} AND e.golongan_id % 10 > 1 THEN e.golongan_id - 1 ELSE e.golongan_id END,
        e.tmt_golongan, e.mkg_tahun, e.mkg_bulan, e.tmt_cpns, e.tmt_pns, e.pendidikan_level, e.jabatan_jenis, e.jabatan_nama, e.eselon,
        CASE WHEN e.unor_id IS NULL THEN NULL ELSE 'S-' || e.unor_id END, e.email, jsonb_build_object('nipBaru', e.nip)
      FROM employee e WHERE e.instansi_id = ${instansiId} AND NOT (${K} >= ${b} AND ${K} < ${c})`.execute(trx);
    const extra = opts.extra ?? 0;
    if (extra > 0) {
      await sql`INSERT INTO siasn_pegawai (nip, instansi_id, nama, tanggal_lahir, jenis_kelamin, jenis_asn, raw)
        SELECT '19800101' || '2005' || '01' || '1' || lpad((900 - g)::text, 3, '0'), ${instansiId}, 'Hanya Di SIASN ' || g, '1980-01-01', 'L', 'PNS', '{}'::jsonb
        FROM generate_series(1, ${extra}) g ON CONFLICT (nip) DO NOTHING`.execute(trx);
    }
  });
  const { rows } = await sql<{ nip: string; k: number; golongan_id: number }>`SELECT e.nip, ${K} AS k, e.golongan_id FROM employee e WHERE e.instansi_id = ${instansiId}`.execute(db);
  return {
    planted: rows.flatMap((row) => {
      const d = driftOf(Number(row.k), r);
      if (!d || (d === 'GOLONGAN' && row.golongan_id % 10 <= 1)) return [];
      return [{ nip: row.nip, drift: d }];
    }),
  };
}

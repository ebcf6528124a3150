import type { IsoDate } from '../../domain/dates';
import { addMonths, compareIso } from '../../domain/dates';
import { datasetFields, MASTER_DATASETS, type MasterDataset } from '../../domain/master-records';
import type { RawImportRecord } from '../repos/master-data';
import { demoPlan, demoReference, materialize } from './employees';
import { DEMO_UNOR } from './organisations';

/**
 * The demo population as the files an agency's SIMPEG would export (issue 14): one record per unit, employee and
 * history row, in the import contract's fields, for one instansi. `npm run seed:simpeg-file` writes them as the
 * template CSV files the operator's import page takes, and the tests import them through the same path users use and
 * compare the facts with the seeded ones. Facts the import does not carry (STLUD, penyesuaian ijazah, BKN blocks,
 * berkas) stay with the seed.
 */
export function demoSimpegRecords(instansiId: string, today: IsoDate): RawImportRecord[] {
  const ref = demoReference(today);
  const plan = demoPlan();
  const out: RawImportRecord[] = [];
  // The file names units by the agency's own ids (the import gives them ours).
  const keyOf = new Map(DEMO_UNOR.map((u) => [u.id, u.key]));
  for (const u of DEMO_UNOR.filter((x) => x.instansiId === instansiId)) {
    out.push({ dataset: 'unor', data: { id: u.key, nama: u.nama, ...(u.parentId ? { induk_id: keyOf.get(u.parentId) } : {}) } });
  }
  for (const e of plan.employees.filter((x) => x.instansiId === instansiId)) {
    const s = materialize(e, ref);
    const cpns = e.jenisAsn === 'PNS' && compareIso(today, addMonths(e.tmtCpns, 12)) < 0;
    out.push({
      dataset: 'pegawai',
      data: {
        nip: e.nip, nama: e.nama, gelar_depan: e.gelarDepan, gelar_belakang: e.gelarBelakang, tempat_lahir: e.tempatLahir,
        tanggal_lahir: e.tanggalLahir, jenis_kelamin: e.jenisKelamin, agama: e.agama, status_perkawinan: e.statusPerkawinan, alamat: e.alamat,
        email: e.email, jenis_asn: e.jenisAsn,
        status_kepegawaian: e.jenisAsn === 'PPPK' ? 'PPPK' : cpns ? 'CPNS' : 'PNS', instansi_id: e.instansiId, unor_id: keyOf.get(e.unorId),
        jabatan_nama: e.jabatanNama, jabatan_jenis: e.jabatanJenis, jenjang: e.jenjang, angka_kredit: e.angkaKredit,
        golongan: e.golonganId, tmt_golongan: s.tmtGolongan, mk_tahun: s.mkgTahun, mk_bulan: s.mkgBulan,
        tmt_cpns: e.jenisAsn === 'PNS' ? e.tmtCpns : null, pendidikan_tingkat: e.pendidikanLevel, pendidikan_nama: e.pendidikanNama,
      },
    });
    s.history.forEach((h, i) => out.push({
      dataset: 'riwayat_golongan',
      data: { id: `RG-${i + 1}`, nip: e.nip, golongan: h.golonganId, tmt: h.tmt, mk_tahun: h.mkgTahun, mk_bulan: h.mkgBulan, sk_nomor: h.skNomor, sk_tanggal: h.skTanggal },
    }));
    e.education.forEach((r, i) => out.push({
      dataset: 'pendidikan',
      data: { id: `PD-${i + 1}`, nip: e.nip, tingkat: r.level, nama_sekolah: r.namaSekolah, jurusan: r.jurusan, tahun_lulus: r.tahunLulus, diakui: r.diakui },
    }));
    for (const r of s.ratings) out.push({ dataset: 'skp', data: { nip: e.nip, tahun: r.tahun, predikat: r.predikat } });
    s.sanctions.forEach((h, i) => out.push({
      dataset: 'hukdis',
      data: { id: `HD-${i + 1}`, nip: e.nip, tingkat: h.tingkat, jenis: h.jenis, tmt_mulai: h.tmtMulai, tmt_selesai: h.tmtSelesai, sk_nomor: h.skNomor },
    }));
  }
  return out.map((r) => ({ ...r, data: Object.fromEntries(Object.entries(r.data as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined)) }));
}

/** One template CSV per data set (`;`-separated, UTF-8 with BOM, as spreadsheets in Indonesia save it). */
export function demoSimpegCsvFiles(instansiId: string, today: IsoDate): { dataset: MasterDataset; filename: string; csv: string }[] {
  const records = demoSimpegRecords(instansiId, today);
  const cell = (v: unknown): string => {
    const s = v === undefined || v === null ? '' : String(v);
    return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return MASTER_DATASETS.flatMap((dataset) => {
    const rows = records.filter((r) => r.dataset === dataset).map((r) => r.data as Record<string, unknown>);
    if (rows.length === 0) return [];
    const cols = datasetFields(dataset).map((f) => f.name).filter((c) => rows.some((r) => r[c] !== undefined));
    const lines = [cols.join(';'), ...rows.map((r) => cols.map((c) => cell(r[c])).join(';'))];
    return [{ dataset, filename: `${instansiId}-${dataset}.csv`, csv: `\ufeff${lines.join('\r\n')}\r\n` }];
  });
}

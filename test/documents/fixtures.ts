import type { PertekData, SkKpData } from '../../documents/types';

/** A III/a → III/b reguler promotion at the 1 April 2026 period, as a Jawa Tengah provincial SK. */
export function skSample(): SkKpData {
  return {
    nomor: '800.1.3.2/0412/BKD/2026',
    tanggalPenetapan: '2026-03-20',
    tempatPenetapan: 'Semarang',
    jabatanPpk: 'Gubernur Jawa Tengah',
    pegawai: {
      nama: 'Siti Rahmawati, S.Kom.',
      tempatLahir: 'Semarang',
      tanggalLahir: '1994-01-13',
      nip: '199401132022032005',
      pendidikan: 'S-1 Teknik Informatika',
      jabatan: 'Pranata Komputer Ahli Pertama',
      unitKerja: 'Bidang Informasi Kepegawaian, Badan Kepegawaian Daerah Provinsi Jawa Tengah',
      instansi: 'Pemerintah Provinsi Jawa Tengah',
    },
    lama: { pangkat: 'Penata Muda', golongan: 'III/a', tmt: '2022-03-01', mkgTahun: 0, mkgBulan: 0, gajiPokok: 2785700 },
    baru: { pangkat: 'Penata Muda Tingkat I', golongan: 'III/b', tmt: '2026-04-01', mkgTahun: 4, mkgBulan: 1, gajiPokok: 3089300 },
    pertek: { nomor: 'IG-26305000356', tanggal: '2026-03-10', pejabat: 'Kepala Kantor Regional I Badan Kepegawaian Negara' },
    penandatangan: { jabatan: 'GUBERNUR JAWA TENGAH,', nama: 'AHMAD LUTHFI', nip: '196609271987031001' },
    tembusan: [
      'Kepala Kantor Regional I Badan Kepegawaian Negara di Yogyakarta',
      'Kepala Badan Pengelola Keuangan dan Aset Daerah Provinsi Jawa Tengah',
      'Kepala PT TASPEN (Persero) Kantor Cabang Semarang',
      'Kepala Badan Kepegawaian Daerah Provinsi Jawa Tengah',
      'Arsip',
    ],
    jenisKp: 'reguler',
  };
}

export function pertekSample(): PertekData {
  const sk = skSample();
  return {
    nomor: sk.pertek.nomor,
    tanggal: sk.pertek.tanggal,
    tempat: 'Yogyakarta',
    kopSurat: { baris: ['BADAN KEPEGAWAIAN NEGARA', 'KANTOR REGIONAL I', 'Jalan Magelang KM 7,5 Yogyakarta 55284'] },
    kepada: 'Gubernur Jawa Tengah',
    usulan: { nomor: '800.1.3.2/0377/BKD/2026', tanggal: '2026-02-20' },
    pegawai: sk.pegawai,
    lama: { pangkat: sk.lama.pangkat, golongan: sk.lama.golongan, tmt: sk.lama.tmt },
    baru: sk.baru,
    jenisKp: 'Reguler',
    penandatangan: { jabatan: 'a.n. KEPALA KANTOR REGIONAL I\nBADAN KEPEGAWAIAN NEGARA\nKEPALA BIDANG MUTASI DAN STATUS KEPEGAWAIAN,', nama: 'BUDI SANTOSO, S.H., M.Si.', nip: '197205141998031002' },
  };
}

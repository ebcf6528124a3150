/** The demo organisations: two Kantor Regional BKN, one province and two regencies with their unor trees. */
import { importedUnorId } from '../repos/master-data';

export interface KanregSeed {
  id: string;
  nama: string;
  /** The 3-digit office code in Pertek numbers (see domain/numbering.ts). */
  kode: string;
  kota: string;
}

export const DEMO_KANREG: readonly KanregSeed[] = [
  { id: 'KR01', nama: 'Kantor Regional I Badan Kepegawaian Negara', kode: '013', kota: 'Yogyakarta' },
  { id: 'KR02', nama: 'Kantor Regional II Badan Kepegawaian Negara', kode: '023', kota: 'Surabaya' },
];

export interface InstansiSeed {
  id: string;
  nama: string;
  jenis: 'PROVINSI' | 'KABUPATEN';
  kanregId: string;
  jabatanPpk: string;
  tempatPenetapan: string;
  kodeUnitSk: string;
  /** Short name for usernames and e-mail addresses. */
  slug: string;
  /** Name of the personnel agency, whose head is the PyB (approver). */
  bkdNama: string;
  /** Towns people in this instansi were born in or live in, most common first. */
  kotaLokal: readonly string[];
  jalan: readonly string[];
}

export const DEMO_INSTANSI: readonly InstansiSeed[] = [
  {
    id: 'I-3300', nama: 'Pemerintah Provinsi Jawa Tengah', jenis: 'PROVINSI', kanregId: 'KR01',
    jabatanPpk: 'GUBERNUR JAWA TENGAH', tempatPenetapan: 'Semarang', kodeUnitSk: 'BKD', slug: 'jateng',
    bkdNama: 'Badan Kepegawaian Daerah Provinsi Jawa Tengah',
    kotaLokal: ['Semarang', 'Surakarta', 'Kudus', 'Pati', 'Magelang', 'Klaten', 'Boyolali', 'Kendal', 'Demak', 'Salatiga',
      'Purwokerto', 'Tegal', 'Pekalongan', 'Kebumen', 'Purworejo', 'Wonosobo', 'Jepara', 'Blora', 'Sragen', 'Wonogiri'],
    jalan: ['Jl. Pemuda', 'Jl. Pandanaran', 'Jl. Gajahmada', 'Jl. Setiabudi', 'Jl. Majapahit', 'Jl. Sriwijaya',
      'Jl. Kaligarang', 'Jl. Ngesrep Timur', 'Jl. Tlogosari Raya', 'Jl. Pedurungan Kidul', 'Perum Graha Padma',
      'Jl. Banyumanik Raya', 'Jl. Durian Raya', 'Jl. Fatmawati', 'Jl. Sompok'],
  },
  {
    id: 'I-3404', nama: 'Pemerintah Kabupaten Sleman', jenis: 'KABUPATEN', kanregId: 'KR01',
    jabatanPpk: 'BUPATI SLEMAN', tempatPenetapan: 'Sleman', kodeUnitSk: 'BKPSDM', slug: 'sleman',
    bkdNama: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Sleman',
    kotaLokal: ['Sleman', 'Yogyakarta', 'Bantul', 'Kulon Progo', 'Gunungkidul', 'Klaten', 'Magelang', 'Muntilan',
      'Wates', 'Wonosari', 'Temanggung', 'Purworejo'],
    jalan: ['Jl. Kaliurang Km 7', 'Jl. Magelang Km 10', 'Jl. Affandi', 'Jl. Monjali', 'Perum Candi Gebang Permai',
      'Jl. Palagan Tentara Pelajar', 'Jl. Godean Km 5', 'Jl. Wonosari Km 8', 'Jl. Seturan Raya', 'Jl. Gejayan',
      'Jl. Parasamya', 'Jl. Turi', 'Jl. Damai'],
  },
  {
    id: 'I-3515', nama: 'Pemerintah Kabupaten Sidoarjo', jenis: 'KABUPATEN', kanregId: 'KR02',
    jabatanPpk: 'BUPATI SIDOARJO', tempatPenetapan: 'Sidoarjo', kodeUnitSk: 'BKD', slug: 'sidoarjo',
    bkdNama: 'Badan Kepegawaian Daerah Kabupaten Sidoarjo',
    kotaLokal: ['Sidoarjo', 'Surabaya', 'Malang', 'Mojokerto', 'Kediri', 'Jombang', 'Pasuruan', 'Gresik', 'Lamongan',
      'Bangkalan', 'Sumenep', 'Madiun', 'Tulungagung', 'Probolinggo'],
    jalan: ['Jl. Pahlawan', 'Jl. Gajah Mada', 'Perum Pondok Jati', 'Jl. Raya Waru', 'Perum Taman Pinang Indah',
      'Jl. Jenggolo', 'Jl. Sultan Agung', 'Jl. Raya Candi', 'Jl. Lingkar Timur', 'Perum Citra Harmoni',
      'Jl. Raya Taman', 'Jl. Kahuripan'],
  },
];

/** What a unit does decides which jabatan its people hold (see employees.ts). */
export type UnorKind =
  | 'SETDA' | 'BAGIAN' | 'BKD' | 'BIDANG' | 'DINAS' | 'SEKOLAH' | 'RUMAH_SAKIT' | 'PUSKESMAS' | 'KECAMATAN' | 'INSPEKTORAT';

export interface UnorSeed {
  /** Ours: the id the import gives the unit of this instansi's SIMPEG (importedUnorId). */
  id: string;
  /** The agency's own id for the unit, as its SIMPEG file names it. */
  key: string;
  instansiId: string;
  parentId: string | null;
  nama: string;
  kind: UnorKind;
  /** Health, education, finance, public works, agriculture or general administration. */
  sector: 'UMUM' | 'PENDIDIKAN' | 'KESEHATAN' | 'KEUANGAN' | 'PU' | 'PERTANIAN' | 'KEPEGAWAIAN';
}

type Node = [key: string, nama: string, kind: UnorKind, sector: UnorSeed['sector'], children?: Node[]];

const TREES: Record<string, Node[]> = {
  'I-3300': [
    ['SETDA', 'Sekretariat Daerah Provinsi Jawa Tengah', 'SETDA', 'UMUM', [
      ['SETDA-PEM', 'Biro Pemerintahan, Otonomi Daerah dan Kerja Sama', 'BAGIAN', 'UMUM'],
      ['SETDA-ORG', 'Biro Organisasi', 'BAGIAN', 'UMUM'],
      ['SETDA-HKM', 'Biro Hukum', 'BAGIAN', 'UMUM'],
      ['SETDA-UMUM', 'Biro Umum', 'BAGIAN', 'UMUM'],
    ]],
    ['BKD', 'Badan Kepegawaian Daerah Provinsi Jawa Tengah', 'BKD', 'KEPEGAWAIAN', [
      ['BKD-SEK', 'Sekretariat Badan Kepegawaian Daerah', 'BAGIAN', 'KEPEGAWAIAN'],
      ['BKD-PPIK', 'Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian', 'BIDANG', 'KEPEGAWAIAN'],
      ['BKD-MUT', 'Bidang Mutasi dan Promosi', 'BIDANG', 'KEPEGAWAIAN'],
      ['BKD-PKA', 'Bidang Pengembangan Kompetensi Aparatur', 'BIDANG', 'KEPEGAWAIAN'],
    ]],
    ['INSP', 'Inspektorat Provinsi Jawa Tengah', 'INSPEKTORAT', 'UMUM'],
    ['DISDIK', 'Dinas Pendidikan dan Kebudayaan Provinsi Jawa Tengah', 'DINAS', 'PENDIDIKAN', [
      ['DISDIK-SMA', 'Bidang Pembinaan Sekolah Menengah Atas', 'BIDANG', 'PENDIDIKAN'],
      ['DISDIK-SMK', 'Bidang Pembinaan Sekolah Menengah Kejuruan', 'BIDANG', 'PENDIDIKAN'],
      ['SMAN1-SMG', 'SMA Negeri 1 Semarang', 'SEKOLAH', 'PENDIDIKAN'],
      ['SMAN3-SKA', 'SMA Negeri 3 Surakarta', 'SEKOLAH', 'PENDIDIKAN'],
      ['SMKN2-SMG', 'SMK Negeri 2 Semarang', 'SEKOLAH', 'PENDIDIKAN'],
      ['SMKN1-KDS', 'SMK Negeri 1 Kudus', 'SEKOLAH', 'PENDIDIKAN'],
    ]],
    ['DINKES', 'Dinas Kesehatan Provinsi Jawa Tengah', 'DINAS', 'KESEHATAN', [
      ['DINKES-YANKES', 'Bidang Pelayanan Kesehatan', 'BIDANG', 'KESEHATAN'],
      ['RSUD-MWD', 'RSUD Dr. Moewardi', 'RUMAH_SAKIT', 'KESEHATAN'],
      ['RSJD-AGH', 'RSJD Dr. Amino Gondohutomo', 'RUMAH_SAKIT', 'KESEHATAN'],
    ]],
    ['BPKAD', 'Badan Pengelolaan Keuangan dan Aset Daerah Provinsi Jawa Tengah', 'DINAS', 'KEUANGAN', [
      ['BPKAD-ANG', 'Bidang Anggaran', 'BIDANG', 'KEUANGAN'],
      ['BPKAD-AKT', 'Bidang Akuntansi', 'BIDANG', 'KEUANGAN'],
    ]],
    ['DPU', 'Dinas Pekerjaan Umum Bina Marga dan Cipta Karya Provinsi Jawa Tengah', 'DINAS', 'PU', [
      ['DPU-BM', 'Bidang Pembangunan Jalan dan Jembatan', 'BIDANG', 'PU'],
    ]],
  ],
  'I-3404': [
    ['SETDA', 'Sekretariat Daerah Kabupaten Sleman', 'SETDA', 'UMUM', [
      ['SETDA-ORG', 'Bagian Organisasi', 'BAGIAN', 'UMUM'],
      ['SETDA-HKM', 'Bagian Hukum', 'BAGIAN', 'UMUM'],
      ['SETDA-UMUM', 'Bagian Umum', 'BAGIAN', 'UMUM'],
    ]],
    ['BKPSDM', 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Sleman', 'BKD', 'KEPEGAWAIAN', [
      ['BKPSDM-SEK', 'Sekretariat BKPSDM', 'BAGIAN', 'KEPEGAWAIAN'],
      ['BKPSDM-MUT', 'Bidang Mutasi dan Informasi Kepegawaian', 'BIDANG', 'KEPEGAWAIAN'],
      ['BKPSDM-PSDM', 'Bidang Pengembangan Sumber Daya Manusia', 'BIDANG', 'KEPEGAWAIAN'],
    ]],
    ['DISDIK', 'Dinas Pendidikan Kabupaten Sleman', 'DINAS', 'PENDIDIKAN', [
      ['DISDIK-SD', 'Bidang Pembinaan Sekolah Dasar', 'BIDANG', 'PENDIDIKAN'],
      ['SDN-DENGGUNG', 'SD Negeri Denggung', 'SEKOLAH', 'PENDIDIKAN'],
      ['SDN-PERCOBAAN2', 'SD Negeri Percobaan 2 Depok', 'SEKOLAH', 'PENDIDIKAN'],
      ['SMPN1-DEPOK', 'SMP Negeri 1 Depok', 'SEKOLAH', 'PENDIDIKAN'],
      ['SMPN4-PAKEM', 'SMP Negeri 4 Pakem', 'SEKOLAH', 'PENDIDIKAN'],
    ]],
    ['DINKES', 'Dinas Kesehatan Kabupaten Sleman', 'DINAS', 'KESEHATAN', [
      ['PKM-DEPOK1', 'Puskesmas Depok I', 'PUSKESMAS', 'KESEHATAN'],
      ['PKM-GAMPING1', 'Puskesmas Gamping I', 'PUSKESMAS', 'KESEHATAN'],
      ['RSUD-SLEMAN', 'RSUD Sleman', 'RUMAH_SAKIT', 'KESEHATAN'],
    ]],
    ['DP3', 'Dinas Pertanian, Pangan dan Perikanan Kabupaten Sleman', 'DINAS', 'PERTANIAN', [
      ['DP3-TP', 'Bidang Tanaman Pangan dan Hortikultura', 'BIDANG', 'PERTANIAN'],
    ]],
    ['BKAD', 'Badan Keuangan dan Aset Daerah Kabupaten Sleman', 'DINAS', 'KEUANGAN'],
    ['KEC-DEPOK', 'Kecamatan Depok', 'KECAMATAN', 'UMUM'],
    ['KEC-MLATI', 'Kecamatan Mlati', 'KECAMATAN', 'UMUM'],
  ],
  'I-3515': [
    ['SETDA', 'Sekretariat Daerah Kabupaten Sidoarjo', 'SETDA', 'UMUM', [
      ['SETDA-ORG', 'Bagian Organisasi', 'BAGIAN', 'UMUM'],
      ['SETDA-UMUM', 'Bagian Umum', 'BAGIAN', 'UMUM'],
    ]],
    ['BKD', 'Badan Kepegawaian Daerah Kabupaten Sidoarjo', 'BKD', 'KEPEGAWAIAN', [
      ['BKD-SEK', 'Sekretariat Badan Kepegawaian Daerah', 'BAGIAN', 'KEPEGAWAIAN'],
      ['BKD-MUT', 'Bidang Mutasi dan Promosi', 'BIDANG', 'KEPEGAWAIAN'],
    ]],
    ['DISDIKBUD', 'Dinas Pendidikan dan Kebudayaan Kabupaten Sidoarjo', 'DINAS', 'PENDIDIKAN', [
      ['SDN-PUCANG', 'SD Negeri Pucang', 'SEKOLAH', 'PENDIDIKAN'],
      ['SDN-SIDOKARE', 'SD Negeri Sidokare', 'SEKOLAH', 'PENDIDIKAN'],
      ['SMPN1-SDA', 'SMP Negeri 1 Sidoarjo', 'SEKOLAH', 'PENDIDIKAN'],
    ]],
    ['DINKES', 'Dinas Kesehatan Kabupaten Sidoarjo', 'DINAS', 'KESEHATAN', [
      ['PKM-CANDI', 'Puskesmas Candi', 'PUSKESMAS', 'KESEHATAN'],
      ['PKM-WARU', 'Puskesmas Waru', 'PUSKESMAS', 'KESEHATAN'],
      ['RSUD-NOTOPURO', 'RSUD R.T. Notopuro', 'RUMAH_SAKIT', 'KESEHATAN'],
    ]],
    ['DPUBMSDA', 'Dinas Pekerjaan Umum Bina Marga dan Sumber Daya Air Kabupaten Sidoarjo', 'DINAS', 'PU'],
    ['BPKAD', 'Badan Pengelolaan Keuangan dan Aset Daerah Kabupaten Sidoarjo', 'DINAS', 'KEUANGAN'],
    ['KEC-SDA', 'Kecamatan Sidoarjo', 'KECAMATAN', 'UMUM'],
    ['KEC-WARU', 'Kecamatan Waru', 'KECAMATAN', 'UMUM'],
  ],
};

function flatten(instansiId: string, nodes: Node[], parentId: string | null, out: UnorSeed[]): void {
  for (const [key, nama, kind, sector, children] of nodes) {
    const id = importedUnorId(instansiId, key);
    out.push({ id, key, instansiId, parentId, nama, kind, sector });
    if (children) flatten(instansiId, children, id, out);
  }
}

/** Parents come before their children, so the list can be inserted in order. */
export const DEMO_UNOR: readonly UnorSeed[] = (() => {
  const out: UnorSeed[] = [];
  for (const inst of DEMO_INSTANSI) flatten(inst.id, TREES[inst.id], null, out);
  return out;
})();

export function unorsOf(instansiId: string): UnorSeed[] {
  return DEMO_UNOR.filter((u) => u.instansiId === instansiId);
}

export function unorByKey(instansiId: string, key: string): UnorSeed {
  const id = importedUnorId(instansiId, key);
  const u = DEMO_UNOR.find((x) => x.id === id);
  if (!u) throw new Error(`unknown unor ${id}`);
  return u;
}

export function instansiById(id: string): InstansiSeed {
  const i = DEMO_INSTANSI.find((x) => x.id === id);
  if (!i) throw new Error(`unknown instansi ${id}`);
  return i;
}

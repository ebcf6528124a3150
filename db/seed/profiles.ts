import type { EducationLevel } from '../../domain/education';
import type { GolonganId } from '../../domain/golongan';
import type { JfLevel } from '../../domain/types';
import type { UnorKind, UnorSeed } from './organisations';
import type { Rng } from './prng';

/** The field someone studied and works in: decides jurusan, gelar and school names. */
export type Field =
  | 'PENDIDIKAN' | 'KEDOKTERAN' | 'KEDOKTERAN_GIGI' | 'KEPERAWATAN' | 'KEBIDANAN' | 'FARMASI' | 'GIZI' | 'LAB' | 'SANITASI'
  | 'REKAM_MEDIS' | 'KESMAS' | 'KOMPUTER' | 'SDM' | 'ADMINISTRASI' | 'KEUANGAN' | 'TEKNIK' | 'PERTANIAN' | 'HUKUM' | 'UMUM';

export interface JabatanTemplate {
  base: string;
  jenis: 'FUNGSIONAL' | 'PELAKSANA';
  jf?: 'KEAHLIAN' | 'KETERAMPILAN';
  educations: readonly (readonly [EducationLevel, number])[];
  field: Field;
  weight: number;
}

const jf = (base: string, kind: 'KEAHLIAN' | 'KETERAMPILAN', educations: JabatanTemplate['educations'], field: Field, weight: number): JabatanTemplate =>
  ({ base, jenis: 'FUNGSIONAL', jf: kind, educations, field, weight });
const pel = (base: string, educations: JabatanTemplate['educations'], field: Field, weight: number): JabatanTemplate =>
  ({ base, jenis: 'PELAKSANA', educations, field, weight });

const OFFICE: JabatanTemplate[] = [
  jf('Analis Kebijakan', 'KEAHLIAN', [['S1', 8], ['S2', 2]], 'ADMINISTRASI', 2),
  jf('Perencana', 'KEAHLIAN', [['S1', 7], ['S2', 3]], 'ADMINISTRASI', 1),
  jf('Pranata Komputer', 'KEAHLIAN', [['S1', 1]], 'KOMPUTER', 1),
  jf('Pranata Komputer', 'KETERAMPILAN', [['D3', 1]], 'KOMPUTER', 1),
  jf('Arsiparis', 'KETERAMPILAN', [['D3', 1]], 'ADMINISTRASI', 1),
  pel('Penelaah Teknis Kebijakan', [['S1', 1]], 'ADMINISTRASI', 4),
  pel('Pengolah Data dan Informasi', [['SLTA', 3], ['D3', 2]], 'ADMINISTRASI', 3),
  pel('Pengadministrasi Perkantoran', [['SLTA', 1]], 'UMUM', 4),
  pel('Operator Layanan Operasional', [['SLTA', 1]], 'UMUM', 2),
  pel('Pengelola Umum Operasional', [['SLTA', 3], ['SLTP', 1]], 'UMUM', 1),
  pel('Pengemudi', [['SLTA', 2], ['SLTP', 2]], 'UMUM', 1),
  pel('Caraka', [['SD', 1], ['SLTP', 1]], 'UMUM', 0.6),
];

const BY_SECTOR: Record<UnorSeed['sector'], JabatanTemplate[]> = {
  UMUM: [jf('Analis Hukum', 'KEAHLIAN', [['S1', 1]], 'HUKUM', 1)],
  KEPEGAWAIAN: [
    jf('Analis Sumber Daya Manusia Aparatur', 'KEAHLIAN', [['S1', 8], ['S2', 2]], 'SDM', 6),
    jf('Pranata Sumber Daya Manusia Aparatur', 'KETERAMPILAN', [['D3', 1]], 'SDM', 2),
  ],
  KEUANGAN: [
    jf('Analis Keuangan Pusat dan Daerah', 'KEAHLIAN', [['S1', 1]], 'KEUANGAN', 3),
    pel('Penata Laporan Keuangan', [['S1', 2], ['D3', 1]], 'KEUANGAN', 3),
    pel('Bendahara', [['SLTA', 1], ['D3', 1]], 'KEUANGAN', 1),
  ],
  PU: [
    jf('Teknik Jalan dan Jembatan', 'KEAHLIAN', [['S1', 1]], 'TEKNIK', 3),
    jf('Teknik Pengairan', 'KEAHLIAN', [['S1', 1]], 'TEKNIK', 1),
    pel('Pengawas Jalan dan Jembatan', [['SLTA', 1], ['D3', 1]], 'TEKNIK', 2),
  ],
  PERTANIAN: [
    jf('Penyuluh Pertanian', 'KEAHLIAN', [['S1', 1]], 'PERTANIAN', 3),
    jf('Penyuluh Pertanian', 'KETERAMPILAN', [['D3', 1]], 'PERTANIAN', 2),
    jf('Pengendali Organisme Pengganggu Tumbuhan', 'KETERAMPILAN', [['D3', 1]], 'PERTANIAN', 1),
  ],
  PENDIDIKAN: [jf('Pengawas Sekolah', 'KEAHLIAN', [['S1', 1], ['S2', 1]], 'PENDIDIKAN', 2)],
  KESEHATAN: [jf('Administrator Kesehatan', 'KEAHLIAN', [['S1', 1], ['S2', 1]], 'KESMAS', 1)],
};

const SEKOLAH: JabatanTemplate[] = [
  jf('Guru', 'KEAHLIAN', [['S1', 85], ['S2', 12], ['D4', 3]], 'PENDIDIKAN', 12),
  jf('Pustakawan', 'KETERAMPILAN', [['D3', 1]], 'ADMINISTRASI', 1),
  jf('Pranata Laboratorium Pendidikan', 'KETERAMPILAN', [['D3', 1]], 'PENDIDIKAN', 1),
  pel('Pengadministrasi Perkantoran', [['SLTA', 1]], 'UMUM', 2),
  pel('Operator Layanan Operasional', [['SLTA', 1]], 'UMUM', 1),
];

const RUMAH_SAKIT: JabatanTemplate[] = [
  jf('Dokter', 'KEAHLIAN', [['DOKTER', 1]], 'KEDOKTERAN', 3),
  jf('Perawat', 'KETERAMPILAN', [['D3', 1]], 'KEPERAWATAN', 6),
  jf('Perawat', 'KEAHLIAN', [['S1', 1]], 'KEPERAWATAN', 3),
  jf('Bidan', 'KETERAMPILAN', [['D3', 1]], 'KEBIDANAN', 2),
  jf('Bidan', 'KEAHLIAN', [['D4', 1]], 'KEBIDANAN', 1),
  jf('Apoteker', 'KEAHLIAN', [['APOTEKER', 1]], 'FARMASI', 1),
  jf('Asisten Apoteker', 'KETERAMPILAN', [['D3', 1]], 'FARMASI', 1),
  jf('Pranata Laboratorium Kesehatan', 'KETERAMPILAN', [['D3', 1]], 'LAB', 1),
  jf('Nutrisionis', 'KETERAMPILAN', [['D3', 1]], 'GIZI', 1),
  jf('Perekam Medis', 'KETERAMPILAN', [['D3', 1]], 'REKAM_MEDIS', 1),
  pel('Pengadministrasi Perkantoran', [['SLTA', 1]], 'UMUM', 2),
  pel('Pengemudi Ambulans', [['SLTA', 2], ['SLTP', 1]], 'UMUM', 1),
];

const PUSKESMAS: JabatanTemplate[] = [
  jf('Dokter', 'KEAHLIAN', [['DOKTER', 1]], 'KEDOKTERAN', 2),
  jf('Dokter Gigi', 'KEAHLIAN', [['DOKTER', 1]], 'KEDOKTERAN_GIGI', 1),
  jf('Perawat', 'KETERAMPILAN', [['D3', 1]], 'KEPERAWATAN', 3),
  jf('Bidan', 'KETERAMPILAN', [['D3', 1]], 'KEBIDANAN', 3),
  jf('Sanitarian', 'KETERAMPILAN', [['D3', 1]], 'SANITASI', 1),
  jf('Nutrisionis', 'KETERAMPILAN', [['D3', 1]], 'GIZI', 1),
  jf('Penyuluh Kesehatan Masyarakat', 'KEAHLIAN', [['S1', 1]], 'KESMAS', 1),
  pel('Pengadministrasi Perkantoran', [['SLTA', 1]], 'UMUM', 1),
];

const INSPEKTORAT: JabatanTemplate[] = [
  jf('Auditor', 'KEAHLIAN', [['S1', 8], ['S2', 2]], 'KEUANGAN', 5),
  jf('Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah', 'KEAHLIAN', [['S1', 1]], 'ADMINISTRASI', 2),
];

export function templatesFor(unor: UnorSeed): JabatanTemplate[] {
  const byKind: Partial<Record<UnorKind, JabatanTemplate[]>> = {
    SEKOLAH, RUMAH_SAKIT, PUSKESMAS, INSPEKTORAT: [...INSPEKTORAT, ...OFFICE],
  };
  return byKind[unor.kind] ?? [...OFFICE, ...BY_SECTOR[unor.sector]];
}

export function findTemplate(base: string, kind?: 'KEAHLIAN' | 'KETERAMPILAN'): JabatanTemplate {
  const all = [OFFICE, SEKOLAH, RUMAH_SAKIT, PUSKESMAS, INSPEKTORAT, ...Object.values(BY_SECTOR)].flat();
  const t = all.find((x) => x.base === base && (kind === undefined || x.jf === kind));
  if (!t) throw new Error(`no jabatan template ${base}`);
  return t;
}

const KEAHLIAN_BY_GOL: Partial<Record<number, JfLevel>> = {
  31: 'AHLI_PERTAMA', 32: 'AHLI_PERTAMA', 33: 'AHLI_MUDA', 34: 'AHLI_MUDA',
  41: 'AHLI_MADYA', 42: 'AHLI_MADYA', 43: 'AHLI_MADYA', 44: 'AHLI_UTAMA', 45: 'AHLI_UTAMA',
};
const KETERAMPILAN_BY_GOL: Partial<Record<number, JfLevel>> = {
  21: 'PEMULA', 22: 'TERAMPIL', 23: 'TERAMPIL', 24: 'TERAMPIL', 31: 'MAHIR', 32: 'MAHIR', 33: 'PENYELIA', 34: 'PENYELIA',
};

export const JF_LEVEL_WORDS: Record<JfLevel, string> = {
  AHLI_PERTAMA: 'Ahli Pertama', AHLI_MUDA: 'Ahli Muda', AHLI_MADYA: 'Ahli Madya', AHLI_UTAMA: 'Ahli Utama',
  PEMULA: 'Pemula', TERAMPIL: 'Terampil', MAHIR: 'Mahir', PENYELIA: 'Penyelia',
};

export function jfLevelFor(kind: 'KEAHLIAN' | 'KETERAMPILAN', golonganId: GolonganId): JfLevel | null {
  return (kind === 'KEAHLIAN' ? KEAHLIAN_BY_GOL : KETERAMPILAN_BY_GOL)[golonganId] ?? null;
}

/** The golongan range a JF category can hold at all (keterampilan ends at III/d). */
export function jfGolonganAllowed(kind: 'KEAHLIAN' | 'KETERAMPILAN', golonganId: GolonganId): boolean {
  return jfLevelFor(kind, golonganId) !== null;
}

const JURUSAN: Record<Field, Partial<Record<EducationLevel, readonly string[]>>> = {
  PENDIDIKAN: {
    S1: ['Pendidikan Matematika', 'Pendidikan Bahasa Indonesia', 'Pendidikan Bahasa Inggris', 'Pendidikan Biologi',
      'Pendidikan Fisika', 'Pendidikan Guru Sekolah Dasar', 'Pendidikan Sejarah', 'Pendidikan Ekonomi',
      'Pendidikan Jasmani', 'Pendidikan Agama Islam', 'Bimbingan dan Konseling', 'Pendidikan Teknik Mesin'],
    S2: ['Manajemen Pendidikan', 'Pendidikan Matematika', 'Pendidikan Bahasa Inggris', 'Teknologi Pendidikan'],
    D4: ['Pendidikan Teknik Otomotif'], D3: ['Teknik Laboratorium'],
  },
  KEDOKTERAN: { DOKTER: ['Profesi Dokter'], S1: ['Pendidikan Dokter'], S2: ['Ilmu Kesehatan Masyarakat'] },
  KEDOKTERAN_GIGI: { DOKTER: ['Profesi Dokter Gigi'], S1: ['Pendidikan Dokter Gigi'] },
  KEPERAWATAN: { D3: ['Keperawatan'], S1: ['Ilmu Keperawatan (Ners)'], S2: ['Keperawatan'] },
  KEBIDANAN: { D3: ['Kebidanan'], D4: ['Kebidanan'] },
  FARMASI: { D3: ['Farmasi'], S1: ['Farmasi'], APOTEKER: ['Profesi Apoteker'] },
  GIZI: { D3: ['Gizi'] },
  LAB: { D3: ['Analis Kesehatan'] },
  SANITASI: { D3: ['Kesehatan Lingkungan'] },
  REKAM_MEDIS: { D3: ['Rekam Medis dan Informasi Kesehatan'] },
  KESMAS: { S1: ['Kesehatan Masyarakat'], S2: ['Ilmu Kesehatan Masyarakat', 'Manajemen Rumah Sakit'] },
  KOMPUTER: { D3: ['Manajemen Informatika', 'Teknik Komputer'], S1: ['Teknik Informatika', 'Sistem Informasi'], S2: ['Ilmu Komputer'] },
  SDM: { D3: ['Administrasi Perkantoran'], S1: ['Ilmu Administrasi Negara', 'Psikologi', 'Manajemen Sumber Daya Manusia'], S2: ['Ilmu Administrasi', 'Manajemen Sumber Daya Manusia'] },
  ADMINISTRASI: { D3: ['Administrasi Perkantoran', 'Kearsipan'], S1: ['Ilmu Administrasi Negara', 'Ilmu Pemerintahan', 'Sosiologi', 'Ilmu Komunikasi', 'Ilmu Politik'], S2: ['Ilmu Administrasi Publik', 'Manajemen', 'Ilmu Politik'], S3: ['Ilmu Administrasi Publik'] },
  KEUANGAN: { D3: ['Akuntansi', 'Keuangan dan Perbankan'], S1: ['Akuntansi', 'Manajemen', 'Ekonomi Pembangunan'], S2: ['Akuntansi', 'Manajemen'] },
  TEKNIK: { D3: ['Teknik Sipil'], S1: ['Teknik Sipil', 'Teknik Lingkungan', 'Arsitektur'], S2: ['Teknik Sipil'] },
  PERTANIAN: { D3: ['Budidaya Tanaman Pangan', 'Penyuluhan Pertanian'], S1: ['Agroteknologi', 'Agribisnis', 'Penyuluhan Pertanian'], S2: ['Agronomi'] },
  HUKUM: { S1: ['Ilmu Hukum'], S2: ['Ilmu Hukum'] },
  UMUM: {},
};

const GELAR: Record<Field, Partial<Record<EducationLevel, readonly string[]>>> = {
  PENDIDIKAN: { S1: ['S.Pd.'], S2: ['M.Pd.'], D4: ['S.Tr.Pd.'], D3: ['A.Md.'] },
  KEDOKTERAN: { S2: ['M.Kes.'] },
  KEDOKTERAN_GIGI: {},
  KEPERAWATAN: { D3: ['A.Md.Kep.'], S1: ['S.Kep., Ners'], S2: ['M.Kep.'] },
  KEBIDANAN: { D3: ['A.Md.Keb.'], D4: ['S.Tr.Keb.'] },
  FARMASI: { D3: ['A.Md.Farm.'], S1: ['S.Farm.'] },
  GIZI: { D3: ['A.Md.Gz.'] },
  LAB: { D3: ['A.Md.A.K.'] },
  SANITASI: { D3: ['A.Md.K.L.'] },
  REKAM_MEDIS: { D3: ['A.Md.RMIK.'] },
  KESMAS: { S1: ['S.K.M.'], S2: ['M.Kes.', 'M.M.R.'] },
  KOMPUTER: { D3: ['A.Md.Kom.'], S1: ['S.Kom.'], S2: ['M.Kom.'] },
  SDM: { D3: ['A.Md.'], S1: ['S.Sos.', 'S.I.P.', 'S.Psi.', 'S.AP.'], S2: ['M.Si.', 'M.M.', 'M.A.P.'] },
  ADMINISTRASI: { D3: ['A.Md.'], S1: ['S.Sos.', 'S.I.P.', 'S.AP.', 'S.I.Kom.'], S2: ['M.Si.', 'M.A.P.', 'M.M.'] },
  KEUANGAN: { D3: ['A.Md.Ak.'], S1: ['S.E.', 'S.Ak.'], S2: ['M.Ak.', 'M.M.', 'M.Si.'] },
  TEKNIK: { D3: ['A.Md.T.'], S1: ['S.T.'], S2: ['M.T.'] },
  PERTANIAN: { D3: ['A.Md.P.'], S1: ['S.P.'], S2: ['M.P.'] },
  HUKUM: { S1: ['S.H.'], S2: ['M.H.'] },
  UMUM: { S1: ['S.E.', 'S.Sos.'], S2: ['M.M.'] },
};

/** The gelar that goes with a programme, where it is fixed (S1/S2/D3); others fall back to the field's list. */
const GELAR_BY_JURUSAN: Partial<Record<EducationLevel, Record<string, readonly string[]>>> = {
  D3: {
    Keperawatan: ['A.Md.Kep.'], Kebidanan: ['A.Md.Keb.'], Farmasi: ['A.Md.Farm.'], Gizi: ['A.Md.Gz.'], 'Analis Kesehatan': ['A.Md.A.K.'],
    'Kesehatan Lingkungan': ['A.Md.K.L.'], 'Rekam Medis dan Informasi Kesehatan': ['A.Md.RMIK.'], 'Manajemen Informatika': ['A.Md.Kom.'],
    'Teknik Komputer': ['A.Md.Kom.'], Akuntansi: ['A.Md.Ak.'], 'Keuangan dan Perbankan': ['A.Md.'], 'Teknik Sipil': ['A.Md.T.'],
    'Budidaya Tanaman Pangan': ['A.Md.P.'], 'Penyuluhan Pertanian': ['A.Md.P.'], 'Administrasi Perkantoran': ['A.Md.'],
    Kearsipan: ['A.Md.'], 'Teknik Laboratorium': ['A.Md.'],
  },
  S1: {
    'Ilmu Administrasi Negara': ['S.AP.', 'S.Sos.'], 'Ilmu Pemerintahan': ['S.I.P.'], Sosiologi: ['S.Sos.'], 'Ilmu Komunikasi': ['S.I.Kom.'],
    'Ilmu Politik': ['S.I.P.'], Psikologi: ['S.Psi.'], 'Manajemen Sumber Daya Manusia': ['S.M.', 'S.E.'], Akuntansi: ['S.Ak.', 'S.E.'],
    Manajemen: ['S.E.', 'S.M.'], 'Ekonomi Pembangunan': ['S.E.'], 'Teknik Sipil': ['S.T.'], 'Teknik Lingkungan': ['S.T.'],
    Arsitektur: ['S.Ars.', 'S.T.'], Agroteknologi: ['S.P.'], Agribisnis: ['S.P.'], 'Penyuluhan Pertanian': ['S.P.'], 'Ilmu Hukum': ['S.H.'],
    'Teknik Informatika': ['S.Kom.'], 'Sistem Informasi': ['S.Kom.'], 'Kesehatan Masyarakat': ['S.K.M.'], Farmasi: ['S.Farm.'],
    'Ilmu Keperawatan (Ners)': ['S.Kep., Ners'], 'Pendidikan Agama Islam': ['S.Pd.I.', 'S.Pd.'],
  },
  S2: {
    'Ilmu Administrasi Publik': ['M.A.P.'], Manajemen: ['M.M.'], 'Ilmu Politik': ['M.I.P.', 'M.Si.'], 'Ilmu Administrasi': ['M.Si.', 'M.A.P.'],
    'Manajemen Sumber Daya Manusia': ['M.M.'], Akuntansi: ['M.Ak.'], 'Ilmu Hukum': ['M.H.'], 'Teknik Sipil': ['M.T.'],
    'Ilmu Komputer': ['M.Kom.'], 'Ilmu Kesehatan Masyarakat': ['M.Kes.'], 'Manajemen Rumah Sakit': ['M.M.R.'], Agronomi: ['M.P.'],
    'Manajemen Pendidikan': ['M.Pd.'], 'Pendidikan Matematika': ['M.Pd.'], 'Pendidikan Bahasa Inggris': ['M.Pd.'],
    'Teknologi Pendidikan': ['M.Pd.'], Keperawatan: ['M.Kep.'],
  },
};

const SPESIALIS = ['Sp.PD.', 'Sp.A.', 'Sp.OG.', 'Sp.B.', 'Sp.KJ.', 'Sp.An.', 'Sp.Rad.', 'Sp.N.'];

const UNIVERSITAS = ['Universitas Diponegoro', 'Universitas Gadjah Mada', 'Universitas Sebelas Maret',
  'Universitas Jenderal Soedirman', 'Universitas Airlangga', 'Universitas Brawijaya', 'Universitas Negeri Semarang',
  'Universitas Negeri Yogyakarta', 'Universitas Negeri Surabaya', 'Institut Teknologi Sepuluh Nopember',
  'Universitas Islam Indonesia', 'Universitas Muhammadiyah Surakarta', 'UIN Walisongo Semarang', 'Universitas Terbuka',
  'UPN Veteran Yogyakarta', 'Universitas 17 Agustus 1945 Surabaya', 'Universitas Dian Nuswantoro',
  'Universitas Ahmad Dahlan', 'Universitas PGRI Semarang', 'Universitas Muhammadiyah Sidoarjo'];
const KEDOKTERAN_UNIV = ['Universitas Gadjah Mada', 'Universitas Diponegoro', 'Universitas Sebelas Maret',
  'Universitas Airlangga', 'Universitas Islam Sultan Agung', 'Universitas Brawijaya'];
const POLTEKKES = ['Poltekkes Kemenkes Semarang', 'Poltekkes Kemenkes Yogyakarta', 'Poltekkes Kemenkes Surabaya',
  'Poltekkes Kemenkes Surakarta', 'Akademi Keperawatan Kesdam IV/Diponegoro', 'STIKES Muhammadiyah Klaten'];
const POLITEKNIK = ['Politeknik Negeri Semarang', 'Politeknik Negeri Malang', 'Politeknik Elektronika Negeri Surabaya',
  'Akademi Sekretari dan Manajemen Indonesia', 'AMIK BSI Yogyakarta', 'Politeknik Pembangunan Pertanian Malang'];

export const LEVEL_PREFIX: Record<EducationLevel, string> = {
  SD: 'SD', SLTP: 'SLTP', SLTP_KEJURUAN: 'SLTP Kejuruan', SLTA: 'SLTA', D1: 'D-I', D2: 'D-II', D3: 'D-III', D4: 'D-IV',
  S1: 'S-1', S2: 'S-2', S3: 'S-3', DOKTER: 'Profesi Dokter', APOTEKER: 'Profesi Apoteker',
};

const HEALTH: readonly Field[] = ['KEPERAWATAN', 'KEBIDANAN', 'FARMASI', 'GIZI', 'LAB', 'SANITASI', 'REKAM_MEDIS'];

export interface EducationRowPlan {
  level: EducationLevel;
  namaSekolah: string;
  jurusan: string | null;
  tahunLulus: number;
  diakui: boolean;
}

export function jurusanFor(rng: Rng, field: Field, level: EducationLevel): string | null {
  if (level === 'SD' || level === 'SLTP') return null;
  if (level === 'SLTA') return rng.pick(['IPA', 'IPS', 'IPA', 'Bahasa', 'Akuntansi (SMK)', 'Administrasi Perkantoran (SMK)', 'Teknik Mesin (SMK)']);
  const list = JURUSAN[field][level] ?? JURUSAN.ADMINISTRASI[level] ?? JURUSAN.ADMINISTRASI.S1 ?? [];
  return list.length > 0 ? rng.pick(list) : null;
}

export function schoolFor(rng: Rng, field: Field, level: EducationLevel, town: string): string {
  switch (level) {
    case 'SD': return `SD Negeri ${rng.int(1, 9)} ${town}`;
    case 'SLTP': case 'SLTP_KEJURUAN': return `SMP Negeri ${rng.int(1, 6)} ${town}`;
    case 'SLTA': return rng.pick([`SMA Negeri ${rng.int(1, 5)} ${town}`, `SMK Negeri ${rng.int(1, 4)} ${town}`, `MA Negeri ${rng.int(1, 2)} ${town}`]);
    case 'DOKTER': return rng.pick(KEDOKTERAN_UNIV);
    case 'D1': case 'D2': case 'D3': case 'D4':
      return HEALTH.includes(field) ? rng.pick(POLTEKKES) : rng.pick([...POLITEKNIK, ...UNIVERSITAS.slice(0, 6)]);
    default:
      return field === 'KEDOKTERAN' || field === 'KEDOKTERAN_GIGI' ? rng.pick(KEDOKTERAN_UNIV) : rng.pick(UNIVERSITAS);
  }
}

/** Gelar depan and belakang from the recognised education rows (oldest first). */
export function gelarFor(
  rng: Rng, field: Field, rows: readonly Pick<EducationRowPlan, 'level' | 'jurusan'>[], opts: { specialist?: boolean },
): { depan: string | null; belakang: string | null } {
  const depan: string[] = [];
  const belakang: string[] = [];
  const pick = (level: EducationLevel, jurusan: string | null): string | undefined => {
    const list = (jurusan ? GELAR_BY_JURUSAN[level]?.[jurusan] : undefined)
      ?? (jurusan?.startsWith('Pendidikan') && level !== 'D3' ? GELAR.PENDIDIKAN[level] : undefined)
      ?? GELAR[field][level] ?? GELAR.UMUM[level];
    return list && list.length > 0 ? rng.pick(list) : undefined;
  };
  for (const { level, jurusan } of rows) {
    switch (level) {
      case 'DOKTER':
        depan.push(field === 'KEDOKTERAN_GIGI' ? 'drg.' : 'dr.');
        if (opts.specialist && field === 'KEDOKTERAN') belakang.push(rng.pick(SPESIALIS));
        break;
      case 'APOTEKER':
        depan.push('apt.');
        if (!belakang.includes('S.Farm.')) belakang.push('S.Farm.');
        break;
      case 'S3':
        depan.unshift('Dr.');
        break;
      case 'S1': case 'S2': case 'D3': case 'D4': {
        const g = pick(level, jurusan);
        if (g) belakang.push(g);
        break;
      }
      default:
        break;
    }
  }
  return { depan: depan.length > 0 ? depan.join(' ') : null, belakang: belakang.length > 0 ? belakang.join(', ') : null };
}

import { compareIso, isIsoDate, parseIsoDate, toYmd, type IsoDate } from './dates';
import { EDUCATION_LEVELS, parseEducationLevel } from './education';
import { GOLONGAN_LADDER, parseGolongan } from './golongan';
import { REGULATION } from './regulations';
import { checkPersonName, checkText } from './text';

export const PEREMAJAAN_REGULATION = REGULATION.PEREMAJAAN;

export const PEREMAJAAN_AREAS = [
  'DATA_PRIBADI', 'PENDIDIKAN', 'JABATAN', 'UNIT_KERJA', 'DIKLAT', 'SKP', 'PENGHARGAAN', 'KELUARGA', 'GOLONGAN',
  'MASA_KERJA', 'STATUS_KEPEGAWAIAN', 'ORGANISASI',
] as const;

export type PeremajaanArea = (typeof PEREMAJAAN_AREAS)[number];

export function isPeremajaanArea(value: unknown): value is PeremajaanArea {
  return typeof value === 'string' && (PEREMAJAAN_AREAS as readonly string[]).includes(value);
}

/** The field's spec, or undefined: own keys only, so "constructor" or "__proto__" never look like fields. */
export function peremajaanField(area: PeremajaanArea, field: string): (typeof PEREMAJAAN_FIELDS)[PeremajaanArea][string] | undefined {
  const fields = PEREMAJAAN_FIELDS[area] as Record<string, (typeof PEREMAJAAN_FIELDS)[PeremajaanArea][string]>;
  return Object.hasOwn(fields, field) ? fields[field] : undefined;
}

export const PEREMAJAAN_AREA_LABELS: Readonly<Record<PeremajaanArea, string>> = Object.freeze({
  DATA_PRIBADI: 'Data Pribadi',
  PENDIDIKAN: 'Pendidikan dan Pencantuman Gelar',
  JABATAN: 'Jabatan',
  UNIT_KERJA: 'Unit Kerja',
  DIKLAT: 'Diklat/Kursus',
  SKP: 'SKP',
  PENGHARGAAN: 'Penghargaan',
  KELUARGA: 'Keluarga',
  GOLONGAN: 'Golongan',
  MASA_KERJA: 'Masa Kerja (PMK)',
  STATUS_KEPEGAWAIAN: 'Status CPNS/PNS',
  ORGANISASI: 'Organisasi',
});

export interface CodeLabel {
  code: string;
  label: string;
}

export const RELIGIONS: readonly CodeLabel[] = Object.freeze([
  { code: 'ISLAM', label: 'Islam' },
  { code: 'KRISTEN', label: 'Kristen' },
  { code: 'KATOLIK', label: 'Katolik' },
  { code: 'HINDU', label: 'Hindu' },
  { code: 'BUDDHA', label: 'Buddha' },
  { code: 'KONGHUCU', label: 'Khonghucu' },
  // Recognised on identity documents since the Constitutional Court decision of 2017.
  { code: 'KEPERCAYAAN', label: 'Kepercayaan terhadap Tuhan Yang Maha Esa' },
]);

export const MARITAL_STATUSES: readonly CodeLabel[] = Object.freeze([
  { code: 'BELUM_KAWIN', label: 'Belum Kawin' },
  { code: 'KAWIN', label: 'Kawin' },
  { code: 'CERAI_HIDUP', label: 'Cerai Hidup' },
  { code: 'CERAI_MATI', label: 'Cerai Mati' },
]);

export type ReferenceList = 'EDUCATION' | 'GOLONGAN' | 'RELIGION' | 'MARITAL_STATUS';

export type FieldSpec = { label: string } & (
  | { type: 'string'; format?: 'name'; maxLength?: number }
  /** notAfterToday is checked only when the caller passes today (domain/ reads no clock). */
  | { type: 'date'; notAfterToday?: boolean }
  | { type: 'enum'; options: readonly string[] }
  | { type: 'reference'; list: ReferenceList }
  | { type: 'integer'; min: number; max: number }
);

const str = (label: string, maxLength = 200): FieldSpec => ({ type: 'string', label, maxLength });
const name = (label: string): FieldSpec => ({ type: 'string', format: 'name', label, maxLength: 100 });
const date = (label: string, notAfterToday = true): FieldSpec => ({ type: 'date', label, notAfterToday });
const oneOf = (label: string, options: readonly string[]): FieldSpec => ({ type: 'enum', label, options });
const ref = (label: string, list: ReferenceList): FieldSpec => ({ type: 'reference', label, list });
const int = (label: string, min: number, max: number): FieldSpec => ({ type: 'integer', label, min, max });

/** The editable fields per area. Unit kerja is a reference to the unor tree, which only the database can check. */
export const PEREMAJAAN_FIELDS: Readonly<Record<PeremajaanArea, Readonly<Record<string, FieldSpec>>>> = Object.freeze({
  DATA_PRIBADI: {
    nama: name('nama'),
    tempatLahir: str('tempat lahir', 100),
    tanggalLahir: date('tanggal lahir'),
    jenisKelamin: oneOf('jenis kelamin', ['L', 'P']),
    agama: ref('agama', 'RELIGION'),
    statusPerkawinan: ref('status perkawinan', 'MARITAL_STATUS'),
    alamat: str('alamat', 300),
  },
  PENDIDIKAN: {
    tingkatPendidikan: ref('tingkat pendidikan', 'EDUCATION'),
    namaSekolah: str('nama sekolah/perguruan tinggi'),
    jurusan: str('jurusan/program studi'),
    nomorIjazah: str('nomor ijazah', 100),
    tanggalLulus: date('tanggal lulus'),
    gelarDepan: str('gelar depan', 50),
    gelarBelakang: str('gelar belakang', 50),
  },
  JABATAN: {
    jenisJabatan: oneOf('jenis jabatan', ['STRUKTURAL', 'FUNGSIONAL', 'PELAKSANA']),
    namaJabatan: str('nama jabatan'),
    jenjangFungsional: oneOf('jenjang jabatan fungsional', [
      'AHLI_PERTAMA', 'AHLI_MUDA', 'AHLI_MADYA', 'AHLI_UTAMA', 'PEMULA', 'TERAMPIL', 'MAHIR', 'PENYELIA',
    ]),
    tmtJabatan: date('TMT jabatan', false),
    nomorSk: str('nomor SK', 100),
    tanggalSk: date('tanggal SK'),
  },
  UNIT_KERJA: {
    unorId: str('unit organisasi', 64),
    tmtUnor: date('TMT unit kerja', false),
    nomorSk: str('nomor SK', 100),
    tanggalSk: date('tanggal SK'),
  },
  DIKLAT: {
    jenisDiklat: oneOf('jenis diklat', ['STRUKTURAL', 'FUNGSIONAL', 'TEKNIS', 'KURSUS']),
    namaDiklat: str('nama diklat'),
    tanggalMulai: date('tanggal mulai'),
    tanggalSelesai: date('tanggal selesai'),
    jumlahJam: int('jumlah jam pelajaran', 1, 10000),
    nomorSertifikat: str('nomor sertifikat', 100),
  },
  SKP: {
    tahun: int('tahun penilaian', 1990, 2100),
    predikat: oneOf('predikat kinerja', ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG']),
  },
  PENGHARGAAN: {
    namaPenghargaan: str('nama penghargaan'),
    nomorSk: str('nomor SK', 100),
    tanggalSk: date('tanggal SK'),
  },
  KELUARGA: {
    hubungan: oneOf('hubungan keluarga', ['SUAMI', 'ISTRI', 'ANAK', 'AYAH', 'IBU']),
    nama: name('nama anggota keluarga'),
    tempatLahir: str('tempat lahir', 100),
    tanggalLahir: date('tanggal lahir'),
    statusHidup: oneOf('status hidup', ['HIDUP', 'MENINGGAL']),
  },
  GOLONGAN: {
    golongan: ref('golongan', 'GOLONGAN'),
    tmtGolongan: date('TMT golongan', false),
    nomorSk: str('nomor SK', 100),
    tanggalSk: date('tanggal SK'),
    mkgTahun: int('masa kerja golongan (tahun)', 0, 50),
    mkgBulan: int('masa kerja golongan (bulan)', 0, 11),
  },
  MASA_KERJA: {
    masaKerjaTahun: int('masa kerja (tahun)', 0, 50),
    masaKerjaBulan: int('masa kerja (bulan)', 0, 11),
    nomorSkPmk: str('nomor SK PMK', 100),
    tanggalSkPmk: date('tanggal SK PMK'),
  },
  STATUS_KEPEGAWAIAN: {
    statusKepegawaian: oneOf('status kepegawaian', ['CPNS', 'PNS']),
    tmtCpns: date('TMT CPNS', false),
    tmtPns: date('TMT PNS', false),
    nomorSk: str('nomor SK', 100),
  },
  ORGANISASI: {
    namaOrganisasi: str('nama organisasi'),
    jabatanOrganisasi: str('jabatan dalam organisasi'),
    tanggalMulai: date('tanggal mulai'),
    tanggalSelesai: date('tanggal selesai', false),
  },
});

export type Verifier = 'INSTANSI' | 'BKN';

/**
 * Who verifies each area. Unconfirmed (DOMAIN.md): the split follows Kepka BKN 87/2021 as read so far; organisasi
 * is not named there and is given to the instansi. Field-level exceptions go in `fields` as 'AREA.field'.
 */
export interface AuthorityTable {
  areas: Readonly<Record<PeremajaanArea, Verifier>>;
  fields: Readonly<Record<string, Verifier>>;
}

export const PEREMAJAAN_AUTHORITY: AuthorityTable = Object.freeze({
  areas: Object.freeze({
    DATA_PRIBADI: 'INSTANSI',
    JABATAN: 'INSTANSI',
    UNIT_KERJA: 'INSTANSI',
    DIKLAT: 'INSTANSI',
    KELUARGA: 'INSTANSI',
    SKP: 'INSTANSI',
    PENGHARGAAN: 'INSTANSI',
    ORGANISASI: 'INSTANSI',
    PENDIDIKAN: 'BKN',
    GOLONGAN: 'BKN',
    MASA_KERJA: 'BKN',
    STATUS_KEPEGAWAIAN: 'BKN',
  }),
  fields: Object.freeze({}),
});

export interface FieldRef {
  area: PeremajaanArea;
  field: string;
}

export function verifierFor(change: FieldRef, table: AuthorityTable = PEREMAJAAN_AUTHORITY): Verifier {
  return table.fields[`${change.area}.${change.field}`] ?? table.areas[change.area];
}

export interface Routing<T extends FieldRef> {
  /** In the order they act: the instansi first, then BKN. */
  verifiers: Verifier[];
  byVerifier: Record<Verifier, T[]>;
}

/** Splits a change set by authority; a set touching both goes through both, each change decided by its own verifier. */
export function routeChanges<T extends FieldRef>(changes: readonly T[], table: AuthorityTable = PEREMAJAAN_AUTHORITY): Routing<T> {
  const byVerifier: Record<Verifier, T[]> = { INSTANSI: [], BKN: [] };
  for (const c of changes) {
    if (!isPeremajaanArea(c.area)) throw new RangeError(`unknown peremajaan area: ${String(c.area)}`);
    byVerifier[verifierFor(c, table)].push(c);
  }
  const verifiers = (['INSTANSI', 'BKN'] as const).filter((v) => byVerifier[v].length > 0);
  return { verifiers, byVerifier };
}

export interface OpenFieldChange extends FieldRef {
  nip: string;
  usulanId: string;
}

/** Proposed changes that hit a field of the same person another open usulan is already changing. */
export function findFieldConflicts(
  proposed: readonly (FieldRef & { nip: string })[], open: readonly OpenFieldChange[],
): { change: FieldRef & { nip: string }; usulanId: string }[] {
  const key = (c: FieldRef & { nip: string }): string => `${c.nip}|${c.area}|${c.field}`;
  const openByKey = new Map(open.map((o) => [key(o), o.usulanId]));
  return proposed.flatMap((c) => {
    const usulanId = openByKey.get(key(c));
    return usulanId === undefined ? [] : [{ change: c, usulanId }];
  });
}

export type FieldCheck = { ok: true; value: string | number } | { ok: false; reasons: string[] };

export interface ValidationContext {
  /** Enables the "not in the future" check on dates that have it. */
  today?: IsoDate;
}

const MIN_YEAR = 1900;

/** Checks one proposed value and returns it normalised (NFC text, canonical codes, golongan as SIASN id). */
export function validateFieldValue(area: string, field: string, value: unknown, ctx: ValidationContext = {}): FieldCheck {
  if (!isPeremajaanArea(area)) return { ok: false, reasons: [`area peremajaan ${JSON.stringify(area)} tidak dikenal`] };
  const spec = peremajaanField(area, field);
  if (!spec) return { ok: false, reasons: [`kolom ${JSON.stringify(field)} tidak dikenal pada area ${PEREMAJAAN_AREA_LABELS[area]}`] };
  const label = spec.label;

  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string') return { ok: false, reasons: [`${label} harus berupa teks`] };
      return spec.format === 'name' ? checkPersonName(value, label, spec.maxLength) : checkText(value, { label, maxLength: spec.maxLength });
    }
    case 'date': {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
        return { ok: false, reasons: [`${label} harus berformat YYYY-MM-DD`] };
      }
      if (!isIsoDate(value)) return { ok: false, reasons: [`${label} tidak valid: ${value} bukan tanggal yang ada`] };
      if (toYmd(value).year < MIN_YEAR) return { ok: false, reasons: [`${label} tidak valid: tahun sebelum ${MIN_YEAR}`] };
      if (spec.notAfterToday && ctx.today && parseIsoDate(ctx.today) && compareIso(value, ctx.today) > 0) {
        return { ok: false, reasons: [`${label} tidak boleh sesudah hari ini (${ctx.today})`] };
      }
      return { ok: true, value };
    }
    case 'enum': {
      const code = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
      if (code !== undefined && spec.options.includes(code)) return { ok: true, value: code };
      return { ok: false, reasons: [`${label} ${JSON.stringify(value)} tidak dikenal; pilihan: ${spec.options.join(', ')}`] };
    }
    case 'reference':
      return checkReference(spec.list, label, value);
    case 'integer': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
      if (!Number.isInteger(n)) return { ok: false, reasons: [`${label} harus bilangan bulat`] };
      if (n < spec.min || n > spec.max) return { ok: false, reasons: [`${label} harus antara ${spec.min} dan ${spec.max}`] };
      return { ok: true, value: n };
    }
  }
}

function checkReference(list: ReferenceList, label: string, value: unknown): FieldCheck {
  const unknown = (choices: string): FieldCheck => ({
    ok: false, reasons: [`${label} ${JSON.stringify(value)} tidak dikenal; pilihan: ${choices}`],
  });
  switch (list) {
    case 'EDUCATION': {
      const level = parseEducationLevel(value);
      return level ? { ok: true, value: level } : unknown(EDUCATION_LEVELS.map((e) => e.level).join(', '));
    }
    case 'GOLONGAN': {
      const id = parseGolongan(value);
      return id !== null ? { ok: true, value: id } : unknown(`${GOLONGAN_LADDER[0].code} s.d. ${GOLONGAN_LADDER[GOLONGAN_LADDER.length - 1].code}`);
    }
    case 'RELIGION':
    case 'MARITAL_STATUS': {
      const entries = list === 'RELIGION' ? RELIGIONS : MARITAL_STATUSES;
      const text = typeof value === 'string' ? value.trim().toUpperCase() : '';
      const hit = entries.find((e) => e.code === text || e.label.toUpperCase() === text);
      return hit ? { ok: true, value: hit.code } : unknown(entries.map((e) => e.code).join(', '));
    }
  }
}

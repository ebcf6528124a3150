import { addMonths, compareIso, formatIsoDate, isRealDate, type IsoDate } from './dates';
import { parseEducationLevel, type EducationLevel } from './education';
import { parseGolongan } from './golongan';
import { parseNip } from './nip';
import { forbiddenCharacters, codePointLabel, normalizeText } from './text';

/**
 * The contract of the SIMPEG data path (issue 14): the data sets an agency pushes or imports, their fields, and how one
 * raw record (JSON from the push API, a row of a CSV/XLSX file) becomes a typed record or a list of refusals, each
 * naming the field and the reason in Bahasa Indonesia. Pure: checks that need the database (does the NIP belong to this
 * instansi, does the unor exist, do sanctions overlap) are in master-consistency.ts, on what the caller loaded.
 */
export const MASTER_DATASETS = [
  'unor', 'pegawai', 'riwayat_golongan', 'pendidikan', 'jabatan', 'skp', 'kinerja', 'angka_kredit', 'hukdis',
] as const;
export type MasterDataset = (typeof MASTER_DATASETS)[number];

/** Apply order: the unit tree before the people in it, the people before their histories. */
export const DATASET_ORDER: Readonly<Record<MasterDataset, number>> = Object.freeze({
  unor: 1, pegawai: 2, riwayat_golongan: 3, pendidikan: 3, jabatan: 3, skp: 3, kinerja: 3, angka_kredit: 3, hukdis: 3,
});

export const DATASET_LABELS: Readonly<Record<MasterDataset, string>> = Object.freeze({
  unor: 'unit organisasi', pegawai: 'data utama pegawai', riwayat_golongan: 'riwayat golongan', pendidikan: 'riwayat pendidikan',
  jabatan: 'riwayat jabatan', skp: 'SKP tahunan', kinerja: 'kinerja periodik', angka_kredit: 'angka kredit', hukdis: 'hukuman disiplin',
});

export function isMasterDataset(v: unknown): v is MasterDataset {
  return typeof v === 'string' && (MASTER_DATASETS as readonly string[]).includes(v);
}

export type MasterSource = 'SIMPEG' | 'SIASN';
export const JABATAN_KINDS = ['STRUKTURAL', 'FUNGSIONAL', 'PELAKSANA'] as const;
export type JabatanKind = (typeof JABATAN_KINDS)[number];
export const PREDIKAT = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'] as const;
export type Predikat = (typeof PREDIKAT)[number];
export const SANCTION_TINGKAT = ['RINGAN', 'SEDANG', 'BERAT'] as const;
export const JENJANG = [
  'AHLI_PERTAMA', 'AHLI_MUDA', 'AHLI_MADYA', 'AHLI_UTAMA', 'PEMULA', 'TERAMPIL', 'MAHIR', 'PENYELIA',
  'JPT_UTAMA', 'JPT_MADYA', 'JPT_PRATAMA', 'ADMINISTRATOR', 'PENGAWAS',
] as const;
export const ESELON = ['I.a', 'I.b', 'II.a', 'II.b', 'III.a', 'III.b', 'IV.a', 'IV.b', 'V.a'] as const;
export const STATUS_KEPEGAWAIAN = ['CPNS', 'PNS', 'PPPK'] as const;
export const KEDUDUKAN_HUKUM = ['AKTIF', 'CLTN', 'TUGAS_BELAJAR', 'PEMBERHENTIAN_SEMENTARA', 'MASA_PERSIAPAN_PENSIUN', 'PENSIUN', 'MENINGGAL', 'BERHENTI'] as const;

export interface UnorRecord { id: string; nama: string; induk_id: string | null; siasn_id?: string | null }
export interface PegawaiRecord {
  nip: string; nama: string; tempat_lahir: string; tanggal_lahir: IsoDate; jenis_kelamin: 'L' | 'P'; jenis_asn: 'PNS' | 'PPPK';
  instansi_id: string; jabatan_nama: string; jabatan_jenis: JabatanKind; golongan_id: number; tmt_golongan: IsoDate;
  pendidikan_tingkat: EducationLevel;
  gelar_depan?: string | null; gelar_belakang?: string | null; agama?: string | null; email?: string | null;
  status_kepegawaian?: string; kedudukan_hukum?: string; unor_id?: string | null; jenjang?: string | null; eselon?: string | null;
  angka_kredit?: number | null; mk_tahun?: number; mk_bulan?: number; tmt_cpns?: IsoDate | null; tmt_pns?: IsoDate | null;
  pendidikan_nama?: string | null; siasn_id?: string | null;
}
export interface RiwayatGolonganRecord {
  id: string; nip: string; golongan_id: number; tmt: IsoDate; mk_tahun?: number; mk_bulan?: number; sk_nomor?: string | null;
  sk_tanggal?: IsoDate | null; siasn_id?: string | null;
}
export interface PendidikanRecord {
  id: string; nip: string; tingkat: EducationLevel; nama_sekolah?: string | null; jurusan?: string | null; tahun_lulus?: number | null;
  diakui?: boolean; siasn_id?: string | null;
}
export interface JabatanRecord {
  id: string; nip: string; jenis: JabatanKind; nama: string; jenjang?: string | null; eselon?: string | null; unor_id?: string | null;
  tmt: IsoDate; sk_nomor?: string | null; sk_tanggal?: IsoDate | null; siasn_id?: string | null;
}
export interface SkpRecord { nip: string; tahun: number; predikat: Predikat; id?: string | null; siasn_id?: string | null }
export interface KinerjaRecord {
  nip: string; tahun: number; bulan_mulai: number; bulan_selesai: number; predikat: Predikat; id?: string | null; siasn_id?: string | null;
}
export interface AngkaKreditRecord {
  id: string; nip: string; sk_tanggal: IsoDate; kredit_utama: number; kredit_penunjang?: number; kredit_total: number;
  sk_nomor?: string | null; siasn_id?: string | null;
}
export interface HukdisRecord {
  id: string; nip: string; tingkat: (typeof SANCTION_TINGKAT)[number]; jenis: string; tmt_mulai: IsoDate; tmt_selesai?: IsoDate | null;
  sk_nomor?: string | null; siasn_id?: string | null;
}
export interface MasterRecordOf {
  unor: UnorRecord; pegawai: PegawaiRecord; riwayat_golongan: RiwayatGolonganRecord; pendidikan: PendidikanRecord;
  jabatan: JabatanRecord; skp: SkpRecord; kinerja: KinerjaRecord; angka_kredit: AngkaKreditRecord; hukdis: HukdisRecord;
}
export type AnyMasterRecord = MasterRecordOf[MasterDataset];

export interface FieldProblem { field: string; reason: string }
export type Normalized<D extends MasterDataset> = { ok: true; record: MasterRecordOf[D]; key: string; nip: string | null } | { ok: false; problems: FieldProblem[]; key: string | null; nip: string | null };

type Kind =
  | { t: 'text'; max: number } | { t: 'id' } | { t: 'nip' } | { t: 'date' } | { t: 'int'; min: number; max: number }
  | { t: 'num'; min: number; max: number } | { t: 'enum'; values: readonly string[]; aliases?: Record<string, string> }
  | { t: 'golongan' } | { t: 'pendidikan' } | { t: 'bool' } | { t: 'gender' } | { t: 'email' };
interface Field { name: string; kind: Kind; required?: boolean; label: string }

const text = (max = 200): Kind => ({ t: 'text', max });
const F = (name: string, label: string, kind: Kind, required = false): Field => ({ name, label, kind, required });
const PREDIKAT_KIND: Kind = { t: 'enum', values: PREDIKAT, aliases: { SANGAT_BAIK: 'SANGAT_BAIK', 'SANGAT BAIK': 'SANGAT_BAIK', 'BUTUH PERBAIKAN': 'BUTUH_PERBAIKAN', 'SANGAT KURANG': 'SANGAT_KURANG', CUKUP: 'BUTUH_PERBAIKAN' } };
const JENIS_JABATAN: Kind = { t: 'enum', values: JABATAN_KINDS, aliases: { '1': 'STRUKTURAL', '2': 'FUNGSIONAL', '4': 'PELAKSANA', 'FUNGSIONAL TERTENTU': 'FUNGSIONAL', 'FUNGSIONAL UMUM': 'PELAKSANA', JFT: 'FUNGSIONAL', JFU: 'PELAKSANA' } };
const TAHUN: Kind = { t: 'int', min: 1950, max: 2100 };

const FIELDS: Readonly<Record<MasterDataset, readonly Field[]>> = Object.freeze({
  unor: [F('id', 'id unor', { t: 'id' }, true), F('nama', 'nama unor', text(300), true), F('induk_id', 'id unor induk', { t: 'id' }), F('siasn_id', 'id SIASN', { t: 'id' })],
  pegawai: [
    F('nip', 'NIP', { t: 'nip' }, true), F('nama', 'nama', text(120), true), F('gelar_depan', 'gelar depan', text(40)),
    F('gelar_belakang', 'gelar belakang', text(60)), F('tempat_lahir', 'tempat lahir', text(80), true),
    F('tanggal_lahir', 'tanggal lahir', { t: 'date' }, true), F('jenis_kelamin', 'jenis kelamin', { t: 'gender' }, true),
    F('agama', 'agama', text(40)), F('status_perkawinan', 'status perkawinan', text(40)), F('alamat', 'alamat', text(300)),
    F('email', 'email', { t: 'email' }),
    F('jenis_asn', 'jenis ASN', { t: 'enum', values: ['PNS', 'PPPK'] }, true),
    F('status_kepegawaian', 'status CPNS/PNS', { t: 'enum', values: STATUS_KEPEGAWAIAN }),
    F('kedudukan_hukum', 'kedudukan hukum', { t: 'enum', values: KEDUDUKAN_HUKUM, aliases: { 'TUGAS BELAJAR': 'TUGAS_BELAJAR', MPP: 'MASA_PERSIAPAN_PENSIUN' } }),
    F('instansi_id', 'instansi', { t: 'id' }, true), F('unor_id', 'unit organisasi', { t: 'id' }),
    F('jabatan_nama', 'nama jabatan', text(200), true), F('jabatan_jenis', 'jenis jabatan', JENIS_JABATAN, true),
    F('jenjang', 'jenjang jabatan', { t: 'enum', values: JENJANG }), F('eselon', 'eselon', { t: 'enum', values: ESELON }),
    F('angka_kredit', 'angka kredit', { t: 'num', min: 0, max: 9999 }), F('golongan', 'golongan', { t: 'golongan' }, true),
    F('tmt_golongan', 'TMT golongan', { t: 'date' }, true), F('mk_tahun', 'masa kerja golongan (tahun)', { t: 'int', min: 0, max: 50 }),
    F('mk_bulan', 'masa kerja golongan (bulan)', { t: 'int', min: 0, max: 11 }), F('tmt_cpns', 'TMT CPNS', { t: 'date' }),
    F('tmt_pns', 'TMT PNS', { t: 'date' }), F('pendidikan_tingkat', 'tingkat pendidikan', { t: 'pendidikan' }, true),
    F('pendidikan_nama', 'nama pendidikan', text(200)), F('siasn_id', 'id SIASN', { t: 'id' }),
  ],
  riwayat_golongan: [
    F('id', 'id riwayat', { t: 'id' }, true), F('nip', 'NIP', { t: 'nip' }, true), F('golongan', 'golongan', { t: 'golongan' }, true),
    F('tmt', 'TMT golongan', { t: 'date' }, true), F('mk_tahun', 'masa kerja (tahun)', { t: 'int', min: 0, max: 50 }),
    F('mk_bulan', 'masa kerja (bulan)', { t: 'int', min: 0, max: 11 }), F('sk_nomor', 'nomor SK', text(100)),
    F('sk_tanggal', 'tanggal SK', { t: 'date' }), F('siasn_id', 'id SIASN', { t: 'id' }),
  ],
  pendidikan: [
    F('id', 'id riwayat', { t: 'id' }, true), F('nip', 'NIP', { t: 'nip' }, true), F('tingkat', 'tingkat pendidikan', { t: 'pendidikan' }, true),
    F('nama_sekolah', 'nama sekolah', text(200)), F('jurusan', 'jurusan', text(200)), F('tahun_lulus', 'tahun lulus', TAHUN),
    F('diakui', 'diakui', { t: 'bool' }), F('siasn_id', 'id SIASN', { t: 'id' }),
  ],
  jabatan: [
    F('id', 'id riwayat', { t: 'id' }, true), F('nip', 'NIP', { t: 'nip' }, true), F('jenis', 'jenis jabatan', JENIS_JABATAN, true),
    F('nama', 'nama jabatan', text(200), true), F('jenjang', 'jenjang', { t: 'enum', values: JENJANG }),
    F('eselon', 'eselon', { t: 'enum', values: ESELON }), F('unor_id', 'unit organisasi', { t: 'id' }),
    F('tmt', 'TMT jabatan', { t: 'date' }, true), F('sk_nomor', 'nomor SK', text(100)), F('sk_tanggal', 'tanggal SK', { t: 'date' }),
    F('siasn_id', 'id SIASN', { t: 'id' }),
  ],
  skp: [F('nip', 'NIP', { t: 'nip' }, true), F('tahun', 'tahun', TAHUN, true), F('predikat', 'predikat', PREDIKAT_KIND, true), F('id', 'id riwayat', { t: 'id' }), F('siasn_id', 'id SIASN', { t: 'id' })],
  kinerja: [
    F('nip', 'NIP', { t: 'nip' }, true), F('tahun', 'tahun', TAHUN, true), F('bulan_mulai', 'bulan mulai', { t: 'int', min: 1, max: 12 }, true),
    F('bulan_selesai', 'bulan selesai', { t: 'int', min: 1, max: 12 }, true), F('predikat', 'predikat', PREDIKAT_KIND, true),
    F('id', 'id riwayat', { t: 'id' }), F('siasn_id', 'id SIASN', { t: 'id' }),
  ],
  angka_kredit: [
    F('id', 'id riwayat', { t: 'id' }, true), F('nip', 'NIP', { t: 'nip' }, true), F('sk_nomor', 'nomor SK', text(100)),
    F('sk_tanggal', 'tanggal SK', { t: 'date' }, true), F('kredit_utama', 'kredit utama', { t: 'num', min: 0, max: 9999 }, true),
    F('kredit_penunjang', 'kredit penunjang', { t: 'num', min: 0, max: 9999 }), F('kredit_total', 'kredit total', { t: 'num', min: 0, max: 9999 }, true),
    F('siasn_id', 'id SIASN', { t: 'id' }),
  ],
  hukdis: [
    F('id', 'id riwayat', { t: 'id' }, true), F('nip', 'NIP', { t: 'nip' }, true), F('tingkat', 'tingkat hukuman', { t: 'enum', values: SANCTION_TINGKAT }, true),
    F('jenis', 'jenis hukuman', text(200), true), F('tmt_mulai', 'TMT mulai hukuman', { t: 'date' }, true),
    F('tmt_selesai', 'TMT selesai hukuman', { t: 'date' }), F('sk_nomor', 'nomor SK', text(100)), F('siasn_id', 'id SIASN', { t: 'id' }),
  ],
});

/** The field names of a data set, in the order a template file lists them. */
export function datasetFields(dataset: MasterDataset): { name: string; label: string; required: boolean }[] {
  return FIELDS[dataset].map((f) => ({ name: f.name, label: f.label, required: !!f.required }));
}

/** Spreadsheet programs run a cell that starts like this as a formula when the file is opened again (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Education as files write it (S-1, D-III, SMA) onto the domain's codes. */
const EDUCATION_ALIASES: Record<string, EducationLevel> = {
  'S-1': 'S1', 'S-2': 'S2', 'S-3': 'S3', 'D-I': 'D1', 'D-II': 'D2', 'D-III': 'D3', 'D-IV': 'D4', DI: 'D1', DII: 'D2', DIII: 'D3', DIV: 'D4',
  SMA: 'SLTA', SMK: 'SLTA', MA: 'SLTA', SMU: 'SLTA', SMP: 'SLTP', MTS: 'SLTP', SLTP: 'SLTP', 'SLTP KEJURUAN': 'SLTP_KEJURUAN',
  'STRATA 1': 'S1', 'STRATA 2': 'S2', 'STRATA 3': 'S3', 'SEKOLAH DASAR': 'SD', SPESIALIS: 'S2', PROFESI: 'S1',
};

export interface NormalizeOptions { today: IsoDate }

/** A date as the sources write it: YYYY-MM-DD (our API), DD-MM-YYYY or DD/MM/YYYY (SIASN and spreadsheets). */
export function parseSourceDate(raw: string): IsoDate | null {
  let y: number; let m: number; let d: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (match) { y = +match[1]; m = +match[2]; d = +match[3]; } else {
    match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(raw);
    if (!match) return null;
    d = +match[1]; m = +match[2]; y = +match[3];
  }
  return isRealDate(y, m, d) ? formatIsoDate(y, m, d) : null;
}

function keyOf(dataset: MasterDataset, r: Record<string, unknown>): string | null {
  const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());
  switch (dataset) {
    case 'unor': return s(r.id) || null;
    case 'pegawai': return s(r.nip) || null;
    case 'skp': return s(r.nip) && s(r.tahun) ? `${s(r.nip)}/${s(r.tahun)}` : null;
    case 'kinerja': return s(r.nip) && s(r.tahun) ? `${s(r.nip)}/${s(r.tahun)}/${s(r.bulan_mulai)}-${s(r.bulan_selesai)}` : null;
    default: return s(r.nip) && s(r.id) ? `${s(r.nip)}/${s(r.id)}` : null;
  }
}

/**
 * One raw record → a typed record, or every problem with it. Text is NFC-trimmed; a leading apostrophe (how the SIASN
 * export keeps NIPs as text) and the literal `null` are the sources' own conventions and are read as such; an empty
 * value is absent. A field the data set does not have is refused, so a typo in a column name is not silently dropped.
 */
export function normalizeMasterRecord<D extends MasterDataset>(dataset: D, raw: unknown, opts: NormalizeOptions): Normalized<D> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [{ field: '(rekaman)', reason: 'Rekaman harus berupa objek JSON dengan kolom-kolomnya' }], key: null, nip: null };
  }
  const input = raw as Record<string, unknown>;
  const fields = FIELDS[dataset];
  const known = knownFields(dataset);
  const problems: FieldProblem[] = [];
  for (const k of Object.keys(input)) if (!known.has(k)) problems.push({ field: k, reason: `Kolom "${k}" tidak dikenal untuk ${DATASET_LABELS[dataset]}` });
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const name = f.name === 'golongan' ? 'golongan_id' : f.name;
    const v = readValue(f, input[f.name], opts, problems);
    if (v === undefined) {
      if (f.required && !problems.some((p) => p.field === f.name)) problems.push({ field: f.name, reason: `${cap(f.label)} wajib diisi` });
      continue;
    }
    if (v === null && f.required) { problems.push({ field: f.name, reason: `${cap(f.label)} wajib diisi` }); continue; }
    out[name] = v;
  }
  const key = keyOf(dataset, input);
  const nipRaw = typeof out.nip === 'string' ? out.nip : null;
  if (problems.length === 0) crossFieldChecks(dataset, out, opts, problems);
  if (problems.length > 0) return { ok: false, problems, key, nip: nipRaw ?? (typeof input.nip === 'string' ? input.nip.trim() : null) };
  return { ok: true, record: out as unknown as MasterRecordOf[D], key: keyOf(dataset, out) ?? key ?? '', nip: nipRaw };
}

const KNOWN = new Map<MasterDataset, Set<string>>();
const knownFields = (d: MasterDataset): Set<string> => KNOWN.get(d) ?? KNOWN.set(d, new Set(FIELDS[d].map((f) => f.name))).get(d)!;

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Records a field's problem; the value reads as absent. (Module-level: readValue runs per field of every record.) */
function refuse(problems: FieldProblem[], f: Field, reason: string): undefined {
  problems.push({ field: f.name, reason });
  return undefined;
}

function readValue(f: Field, v: unknown, opts: NormalizeOptions, problems: FieldProblem[]): unknown {
  if (v === undefined || v === '') return undefined;
  if (v === null) return null;
  let s: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return refuse(problems, f, `${cap(f.label)} bukan angka yang sah`);
    s = String(v);
  } else if (typeof v === 'boolean') {
    if (f.kind.t !== 'bool') return refuse(problems, f, `${cap(f.label)} tidak boleh berupa true/false`);
    return v;
  } else if (typeof v === 'string') {
    s = normalizeText(v);
    if (s.startsWith("'")) s = s.slice(1).trim();
    if (s === '' ) return undefined;
    if (s.toLowerCase() === 'null') return null;
  } else {
    return refuse(problems, f, `${cap(f.label)} harus berupa teks atau angka, bukan ${Array.isArray(v) ? 'daftar' : 'objek'}`);
  }
  const forbidden = forbiddenCharacters(s);
  if (forbidden.length > 0) return refuse(problems, f, `${cap(f.label)} memuat karakter yang tidak diizinkan (${forbidden.map((c) => codePointLabel(c.codePointAt(0) ?? 0)).join(', ')})`);
  const k = f.kind;
  switch (k.t) {
    case 'text': {
      if (FORMULA_START.test(s)) return refuse(problems, f, `${cap(f.label)} diawali "${s[0]}", yang dibaca sebagai rumus oleh program lembar kerja; hapus tanda itu`);
      if (s.length > k.max && [...s].length > k.max) return refuse(problems, f, `${cap(f.label)} lebih dari ${k.max} karakter`);
      return s;
    }
    case 'id': {
      if (!/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/.test(s)) return refuse(problems, f, `${cap(f.label)} "${s.slice(0, 40)}" tidak sah: hanya huruf, angka dan . _ : / -, paling banyak 64 karakter`);
      return s;
    }
    case 'email': {
      if (s.length > 200 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return refuse(problems, f, `Email "${s.slice(0, 60)}" tidak sah`);
      return s.toLowerCase();
    }
    case 'nip': {
      const digits = s.replace(/\s+/g, '');
      const parsed = parseNip(digits, { allowPppk: true, today: opts.today });
      if (!parsed.ok) return refuse(problems, f, `NIP "${digits.slice(0, 30)}" tidak sah: ${parsed.reasons.join('; ')}`);
      return parsed.nip.nip;
    }
    case 'date': {
      const d = parseSourceDate(s);
      if (!d) return refuse(problems, f, `${cap(f.label)} "${s.slice(0, 30)}" bukan tanggal yang ada (tulis YYYY-MM-DD atau DD-MM-YYYY)`);
      if (d < '1900-01-01') return refuse(problems, f, `${cap(f.label)} ${d} terlalu lampau`);
      return d;
    }
    case 'int': case 'num': {
      const n = Number(s.replace(',', '.'));
      if (!/^-?\d+([.,]\d+)?$/.test(s) || !Number.isFinite(n)) return refuse(problems, f, `${cap(f.label)} "${s.slice(0, 30)}" bukan angka`);
      if (k.t === 'int' && !Number.isInteger(n)) return refuse(problems, f, `${cap(f.label)} harus bilangan bulat`);
      if (n < k.min || n > k.max) return refuse(problems, f, `${cap(f.label)} ${n} di luar rentang ${k.min}–${k.max}`);
      return n;
    }
    case 'enum': {
      const up = s.toUpperCase();
      const v2 = k.aliases?.[up] ?? up.replace(/[\s-]+/g, '_');
      const match = k.values.find((x) => x.toUpperCase() === v2.toUpperCase() || x.toUpperCase() === up);
      if (!match) return refuse(problems, f, `${cap(f.label)} "${s.slice(0, 40)}" tidak dikenal; yang sah: ${k.values.join(', ')}`);
      return match;
    }
    case 'golongan': {
      const g = parseGolongan(/^\d+$/.test(s) ? Number(s) : s);
      if (g === null) return refuse(problems, f, `Golongan "${s.slice(0, 20)}" tidak dikenal (tulis misalnya III/a atau kode 31)`);
      return g;
    }
    case 'pendidikan': {
      const up = s.toUpperCase();
      const level = parseEducationLevel(up) ?? EDUCATION_ALIASES[up] ?? null;
      if (!level) return refuse(problems, f, `Tingkat pendidikan "${s.slice(0, 30)}" tidak dikenal (misalnya SD, SLTP, SLTA, D3, D4, S1, S2, S3)`);
      return level;
    }
    case 'bool': {
      const up = s.toUpperCase();
      if (['YA', 'Y', 'TRUE', '1'].includes(up)) return true;
      if (['TIDAK', 'T', 'N', 'FALSE', '0'].includes(up)) return false;
      return refuse(problems, f, `${cap(f.label)} "${s.slice(0, 20)}" harus ya atau tidak`);
    }
    case 'gender': {
      const up = s.toUpperCase();
      if (['L', 'M', 'LAKI-LAKI', 'PRIA'].includes(up)) return 'L';
      if (['P', 'F', 'PEREMPUAN', 'WANITA'].includes(up)) return 'P';
      return refuse(problems, f, `Jenis kelamin "${s.slice(0, 20)}" harus L atau P`);
    }
  }
}

/** Contradictions inside one record: what cannot be true whatever the database holds. */
function crossFieldChecks(dataset: MasterDataset, r: Record<string, unknown>, opts: NormalizeOptions, problems: FieldProblem[]): void {
  const future = (field: string, d: unknown, label: string): void => {
    // A decree may set a TMT a few months ahead; more than a year ahead is a typing error.
    if (typeof d === 'string' && compareIso(d, addMonths(opts.today, 12)) > 0) problems.push({ field, reason: `${label} ${d} lebih dari setahun di masa depan` });
  };
  if (dataset === 'pegawai') {
    const birth = r.tanggal_lahir as string;
    if (compareIso(birth, opts.today) > 0) problems.push({ field: 'tanggal_lahir', reason: `Tanggal lahir ${birth} di masa depan` });
    const tmtCpns = r.tmt_cpns as string | undefined;
    if (tmtCpns && compareIso(tmtCpns, birth) <= 0) problems.push({ field: 'tmt_cpns', reason: `TMT CPNS ${tmtCpns} tidak mungkin sebelum tanggal lahir ${birth}` });
    if (tmtCpns && compareIso(r.tmt_golongan as string, tmtCpns) < 0) problems.push({ field: 'tmt_golongan', reason: `TMT golongan ${String(r.tmt_golongan)} sebelum TMT CPNS ${tmtCpns}` });
    const tmtPns = r.tmt_pns as string | undefined;
    if (tmtCpns && tmtPns && compareIso(tmtPns, tmtCpns) < 0) problems.push({ field: 'tmt_pns', reason: `TMT PNS ${tmtPns} sebelum TMT CPNS ${tmtCpns}` });
    if (compareIso(r.tmt_golongan as string, birth) <= 0) problems.push({ field: 'tmt_golongan', reason: `TMT golongan ${String(r.tmt_golongan)} tidak mungkin sebelum tanggal lahir` });
    future('tmt_golongan', r.tmt_golongan, 'TMT golongan');
    future('tmt_cpns', r.tmt_cpns, 'TMT CPNS');
    if (r.jabatan_jenis === 'FUNGSIONAL' && r.eselon) problems.push({ field: 'eselon', reason: 'Jabatan fungsional tidak memiliki eselon' });
  }
  if (dataset === 'riwayat_golongan') future('tmt', r.tmt, 'TMT golongan');
  if (dataset === 'jabatan') future('tmt', r.tmt, 'TMT jabatan');
  if (dataset === 'hukdis') {
    const from = r.tmt_mulai as string; const to = r.tmt_selesai as string | undefined;
    if (to && compareIso(to, from) < 0) problems.push({ field: 'tmt_selesai', reason: `TMT selesai ${to} sebelum TMT mulai ${from}` });
  }
  if (dataset === 'kinerja' && (r.bulan_selesai as number) < (r.bulan_mulai as number)) {
    problems.push({ field: 'bulan_selesai', reason: 'Bulan selesai sebelum bulan mulai' });
  }
  if (dataset === 'angka_kredit') {
    const total = r.kredit_total as number; const parts = (r.kredit_utama as number) + ((r.kredit_penunjang as number | undefined) ?? 0);
    if (Math.abs(total - parts) > 0.0015) problems.push({ field: 'kredit_total', reason: `Kredit total ${total} tidak sama dengan kredit utama + penunjang (${Math.round(parts * 1000) / 1000})` });
  }
  if ((dataset === 'skp' || dataset === 'kinerja') && (r.tahun as number) > Number(opts.today.slice(0, 4))) {
    problems.push({ field: 'tahun', reason: `Penilaian kinerja tahun ${String(r.tahun)} belum mungkin ada` });
  }
}

/**
 * What is suspicious in a valid record but not refused: DOMAIN.md makes a birth date that differs from the NIP a
 * warning (the record, not the NIP, may be the one that is right), and the same holds for the gender digit and the
 * number's form. Reported beside the record's outcome, prefixed "Peringatan".
 */
export function recordWarnings(dataset: MasterDataset, record: AnyMasterRecord): FieldProblem[] {
  if (dataset !== 'pegawai') return [];
  const r = record as PegawaiRecord;
  const parsed = parseNip(r.nip, { allowPppk: true });
  if (!parsed.ok) return [];
  const out: FieldProblem[] = [];
  if (parsed.nip.birthDate !== r.tanggal_lahir) out.push({ field: 'tanggal_lahir', reason: `Peringatan: tanggal lahir ${r.tanggal_lahir} tidak sama dengan tanggal lahir dalam NIP (${parsed.nip.birthDate})` });
  if (parsed.nip.gender !== r.jenis_kelamin) out.push({ field: 'jenis_kelamin', reason: `Peringatan: jenis kelamin ${r.jenis_kelamin} tidak sama dengan kode dalam NIP (${parsed.nip.gender})` });
  if ((parsed.nip.kind === 'PPPK') !== (r.jenis_asn === 'PPPK')) out.push({ field: 'jenis_asn', reason: `Peringatan: jenis ASN ${r.jenis_asn} tidak cocok dengan bentuk nomor (${parsed.nip.kind === 'PPPK' ? 'NI PPPK' : 'NIP PNS'})` });
  return out;
}

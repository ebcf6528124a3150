import { formatIsoDate, isRealDate, type IsoDate } from '../domain/dates';
import type { ReferenceRow, ReferenceTables } from './reference';

/**
 * Tolerant reading of SIASN's answers (SIASN.md §4, §7.4): dates in dd-mm-yyyy (and yyyy-mm-dd, with or without a
 * time), numbers as numbers or strings or "null", keys in mixed case, the PNS-id key named per endpoint. Tolerant of
 * form, strict on meaning: a required field missing, a reference id the tables do not know, a NIP or PNS id other
 * than the one asked for, makes the whole answer refused with a reason; it is never half-used.
 */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export class Refusal extends Error {}

/** siasn_pegawai's typed columns. */
export interface PegawaiSnapshot {
  nip: string;
  pns_id: string;
  nama: string;
  gelar_depan: string | null;
  gelar_belakang: string | null;
  tanggal_lahir: IsoDate | null;
  jenis_kelamin: 'L' | 'P' | null;
  jenis_asn: 'PNS' | 'PPPK' | null;
  kedudukan_hukum: string | null;
  golongan_id: number | null;
  tmt_golongan: IsoDate | null;
  mk_tahun: number | null;
  mk_bulan: number | null;
  tmt_cpns: IsoDate | null;
  tmt_pns: IsoDate | null;
  pendidikan_tingkat: string | null;
  jabatan_jenis: 'STRUKTURAL' | 'FUNGSIONAL' | 'PELAKSANA' | null;
  jabatan_nama: string | null;
  eselon: string | null;
  tmt_jabatan: IsoDate | null;
  unor_siasn_id: string | null;
  email: string | null;
}

export const RIWAYAT_JENIS = ['golongan', 'jabatan', 'pendidikan', 'skp', 'kinerja', 'angka_kredit', 'hukdis'] as const;
export type RiwayatJenis = (typeof RIWAYAT_JENIS)[number];

/** The SIASN path of each riwayat, and its owner-id key (SIASN.md §4.8: it differs per endpoint). */
export const RIWAYAT_ENDPOINTS: Readonly<Record<RiwayatJenis, { path: string; ownerKey: string }>> = Object.freeze({
  golongan: { path: 'pns/rw-golongan', ownerKey: 'idPns' },
  jabatan: { path: 'pns/rw-jabatan', ownerKey: 'idPns' },
  pendidikan: { path: 'pns/rw-pendidikan', ownerKey: 'idPns' },
  skp: { path: 'pns/rw-skp22', ownerKey: 'pnsDinilaiId' },
  kinerja: { path: 'pns/rw-kinerjaperiodik', ownerKey: 'pnsDinilaiId' },
  angka_kredit: { path: 'pns/rw-angkakredit', ownerKey: 'pns' },
  hukdis: { path: 'pns/rw-hukdis', ownerKey: 'pnsOrang' },
});

export interface RiwayatRow {
  siasnId: string;
  tahun: number | null;
  data: Record<string, unknown>;
  raw: unknown;
}

export interface UnorRow {
  id: string;
  instansiId: string | null;
  nama: string;
  indukId: string | null;
  pemimpinPnsId: string | null;
  raw: unknown;
}

type Obj = Record<string, unknown>;

const NULLISH = new Set(['', 'null', 'NULL', '-']);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a key in any casing (`KuadranKinerjaNilai` and `kuadranKinerjaNilai` are the same field). */
function get(o: Obj, key: string): unknown {
  if (key in o) return o[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}

function text(o: Obj, key: string): string | null {
  const v = get(o, key);
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw new Refusal(`${key} bukan teks`);
  const t = v.trim();
  return NULLISH.has(t) ? null : t;
}

function requiredText(o: Obj, key: string): string {
  const t = text(o, key);
  if (t === null) throw new Refusal(`${key} wajib ada`);
  return t;
}

/** Numbers may come as strings or "null"; a non-numeric value is null (SIASN.md §4.2: kanekescom nulls them). */
function num(o: Obj, key: string): number | null {
  const v = get(o, key);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const t = v.trim().replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

const DMY = /^(\d{2})-(\d{2})-(\d{4})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseSiasnDate(value: unknown, field = 'tanggal'): IsoDate | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new Refusal(`${field} bukan tanggal`);
  const t = value.trim();
  if (NULLISH.has(t)) return null;
  const m = DMY.exec(t);
  const [y, mo, d] = m ? [Number(m[3]), Number(m[2]), Number(m[1])] : (() => {
    const n = YMD.exec(t);
    if (!n) throw new Refusal(`${field} "${t.slice(0, 40)}" bukan tanggal dd-mm-yyyy`);
    return [Number(n[1]), Number(n[2]), Number(n[3])];
  })();
  if (!isRealDate(y, mo, d)) throw new Refusal(`${field} "${t}" bukan tanggal yang ada`);
  return formatIsoDate(y, mo, d);
}

function date(o: Obj, key: string): IsoDate | null {
  return parseSiasnDate(get(o, key), key);
}

/** A reference id must be one the tables know; null stays null. */
function ref(o: Obj, key: string, t: ReadonlyMap<string, ReferenceRow>, what: string): ReferenceRow | null {
  const v = get(o, key);
  if (v === undefined || v === null) return null;
  const id = String(v).trim();
  if (NULLISH.has(id)) return null;
  const row = t.get(id) ?? (/^\d$/.test(id) ? t.get(`0${id}`) : undefined);
  if (!row) throw new Refusal(`${key} "${id.slice(0, 20)}" bukan kode ${what} yang dikenal`);
  return row;
}

const PNS_ID = /^[0-9A-Fa-f]{32}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function guard<T>(fn: () => T): Parsed<T> {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, reason: err.message };
    throw err;
  }
}

const JENIS_KELAMIN: Readonly<Record<string, 'L' | 'P'>> = { M: 'L', L: 'L', '1': 'L', F: 'P', P: 'P', '2': 'P' };

/** `GET pns/data-utama/{nip}`'s `data` object, read for the NIP asked. */
export function parseDataUtama(data: unknown, askedNip: string, t: ReferenceTables): Parsed<PegawaiSnapshot> {
  return guard(() => {
    if (!isObj(data)) throw new Refusal('data bukan objek');
    const nip = requiredText(data, 'nipBaru');
    if (nip !== askedNip) throw new Refusal(`nipBaru ${nip.slice(0, 30)} bukan NIP yang diminta (${askedNip})`);
    const pnsId = requiredText(data, 'id');
    if (!PNS_ID.test(pnsId)) throw new Refusal(`id "${pnsId.slice(0, 40)}" bukan id PNS SIASN`);
    const jk = text(data, 'jenisKelamin');
    if (jk !== null && !(jk.toUpperCase() in JENIS_KELAMIN)) throw new Refusal(`jenisKelamin "${jk.slice(0, 10)}" tidak dikenal`);
    const kedudukan = ref(data, 'kedudukanPnsId', t.kedudukanHukum, 'kedudukan hukum');
    const golongan = ref(data, 'golRuangAkhirId', t.golongan, 'golongan');
    const tingkat = ref(data, 'tkPendidikanTerakhirId', t.tingkatPendidikan, 'tingkat pendidikan');
    const jenisJabatan = ref(data, 'jenisJabatanId', t.jenisJabatan, 'jenis jabatan');
    const eselon = ref(data, 'eselonId', t.eselon, 'eselon');
    return {
      nip,
      pns_id: pnsId.toUpperCase(),
      nama: requiredText(data, 'nama'),
      gelar_depan: text(data, 'gelarDepan'),
      gelar_belakang: text(data, 'gelarBelakang'),
      tanggal_lahir: date(data, 'tglLahir'),
      jenis_kelamin: jk === null ? null : JENIS_KELAMIN[jk.toUpperCase()],
      jenis_asn: kedudukan?.jenisAsn === 'PPPK' ? 'PPPK' : kedudukan ? 'PNS' : null,
      kedudukan_hukum: kedudukan?.kita ?? null,
      golongan_id: golongan ? Number(golongan.id) : null,
      tmt_golongan: date(data, 'tmtGolAkhir'),
      mk_tahun: num(data, 'mkTahun'),
      mk_bulan: num(data, 'mkBulan'),
      tmt_cpns: date(data, 'tmtCpns'),
      tmt_pns: date(data, 'tmtPns'),
      pendidikan_tingkat: tingkat?.kita ?? null,
      jabatan_jenis: (jenisJabatan?.kita ?? null) as PegawaiSnapshot['jabatan_jenis'],
      jabatan_nama: text(data, 'jabatanNama'),
      eselon: eselon?.kita ?? null,
      tmt_jabatan: date(data, 'tmtJabatan'),
      unor_siasn_id: text(data, 'unorId'),
      email: text(data, 'email'),
    };
  });
}

const year = (d: IsoDate | null): number | null => (d ? Number(d.slice(0, 4)) : null);

/** One riwayat row's typed projection (the raw row is kept beside it). */
function projectRow(jenis: RiwayatJenis, r: Obj, t: ReferenceTables): { tahun: number | null; data: Record<string, unknown> } {
  switch (jenis) {
    case 'golongan': {
      const g = ref(r, 'golonganId', t.golongan, 'golongan');
      if (!g) throw new Refusal('golonganId wajib ada');
      const tmt = date(r, 'tmtGolongan');
      if (!tmt) throw new Refusal('tmtGolongan wajib ada');
      const kp = ref(r, 'jenisKPId', t.jenisKp, 'jenis KP');
      return {
        tahun: year(tmt),
        data: {
          golonganId: Number(g.id), tmt, skNomor: text(r, 'skNomor'), skTanggal: date(r, 'skTanggal'), pertekNomor: text(r, 'noPertekBkn'),
          pertekTanggal: date(r, 'tglPertekBkn'), jenisKpId: kp?.id ?? null, mkTahun: num(r, 'masaKerjaGolonganTahun'), mkBulan: num(r, 'masaKerjaGolonganBulan'),
          kreditUtama: num(r, 'jumlahKreditUtama'),
        },
      };
    }
    case 'jabatan': {
      const jj = ref(r, 'jenisJabatan', t.jenisJabatan, 'jenis jabatan');
      const tmt = date(r, 'tmtJabatan');
      return {
        tahun: year(tmt),
        data: {
          jenis: jj?.kita ?? null, nama: text(r, 'namaJabatan'), unorId: text(r, 'unorId'), unorNama: text(r, 'unorNama') ?? text(r, 'namaUnor'),
          eselon: ref(r, 'eselonId', t.eselon, 'eselon')?.kita ?? null, tmt, skNomor: text(r, 'nomorSk'), skTanggal: date(r, 'tanggalSk'),
          tmtPelantikan: date(r, 'tmtPelantikan'), jabatanFungsionalId: text(r, 'jabatanFungsionalId'), jabatanFungsionalUmumId: text(r, 'jabatanFungsionalUmumId'),
        },
      };
    }
    case 'pendidikan': {
      const tk = ref(r, 'tkPendidikanId', t.tingkatPendidikan, 'tingkat pendidikan');
      if (!tk) throw new Refusal('tkPendidikanId wajib ada');
      const tahunLulus = num(r, 'tahunLulus');
      return {
        tahun: tahunLulus,
        data: {
          tingkat: tk.kita ?? null, pendidikanNama: text(r, 'pendidikanNama'), namaSekolah: text(r, 'namaSekolah'), tahunLulus, tglLulus: date(r, 'tglLulus'),
          nomorIjazah: text(r, 'nomorIjasah'), pertama: text(r, 'isPendidikanPertama') === '1',
        },
      };
    }
    case 'skp': {
      const tahun = num(r, 'tahun');
      if (tahun === null) throw new Refusal('tahun wajib ada');
      const kuadran = ref(r, 'KuadranKinerjaNilai', t.kuadranKinerja, 'kuadran kinerja');
      return {
        tahun,
        data: {
          tahun, predikat: kuadran?.kita ?? null, hasilKinerjaNilai: num(r, 'hasilKinerjaNilai'), perilakuKerjaNilai: num(r, 'PerilakuKerjaNilai'),
          penilaiNip: text(r, 'nipNrpPenilai'), penilaiNama: text(r, 'namaPenilai'),
        },
      };
    }
    case 'kinerja': {
      const tahun = num(r, 'tahun');
      if (tahun === null) throw new Refusal('tahun wajib ada');
      const periodik = ref(r, 'periodikId', t.periodikKinerja, 'periodik kinerja');
      return {
        tahun,
        data: {
          tahun, periodik: periodik?.nama ?? null, bulanMulai: num(r, 'bulanMulaiPenilaian'), bulanSelesai: num(r, 'bulanSelesaiPenilaian'),
          predikat: ref(r, 'kuadranKinerjaNilai', t.kuadranKinerja, 'kuadran kinerja')?.kita ?? null,
        },
      };
    }
    case 'angka_kredit': {
      const tanggalSk = date(r, 'tanggalSk');
      return {
        tahun: num(r, 'tahunSelesaiPenailan') ?? year(tanggalSk),
        data: {
          skNomor: text(r, 'nomorSk'), skTanggal: tanggalSk, kreditUtama: num(r, 'kreditUtamaBaru'), kreditPenunjang: num(r, 'kreditPenunjangBaru'),
          total: num(r, 'kreditBaruTotal'), pertama: text(r, 'isAngkaKreditPertama') === '1',
        },
      };
    }
    case 'hukdis': {
      const mulai = date(r, 'hukumanTanggal');
      return {
        tahun: year(mulai),
        data: {
          jenisHukumanId: text(r, 'jenisHukumanId'), jenisHukumanNama: text(r, 'jenisHukumanNama'), tingkat: text(r, 'jenisTingkatHukumanId'),
          skNomor: text(r, 'skNomor'), skTanggal: date(r, 'skTanggal'), mulai, selesai: date(r, 'akhirHukumanTanggal'),
        },
      };
    }
  }
}

/** `GET pns/rw-<x>/{nip}`'s `data` array: every row must be the asked person's (owner key and, where present, nipBaru). */
export function parseRiwayat(jenis: RiwayatJenis, data: unknown, owner: { nip: string; pnsId: string }, t: ReferenceTables): Parsed<RiwayatRow[]> {
  return guard(() => {
    if (!Array.isArray(data)) throw new Refusal('data bukan daftar');
    const { ownerKey } = RIWAYAT_ENDPOINTS[jenis];
    const seen = new Set<string>();
    return data.map((r: unknown, i) => {
      if (!isObj(r)) throw new Refusal(`baris ${i + 1} bukan objek`);
      const at = (msg: string) => new Refusal(`baris ${i + 1}: ${msg}`);
      const id = text(r, 'id');
      if (!id) throw at('id wajib ada');
      if (seen.has(id)) throw at(`id ${id} muncul dua kali`);
      seen.add(id);
      const ownerId = text(r, ownerKey);
      if (!ownerId) throw at(`${ownerKey} wajib ada`);
      if (ownerId.toUpperCase() !== owner.pnsId.toUpperCase()) throw at(`${ownerKey} ${ownerId.slice(0, 40)} bukan PNS yang diminta`);
      const nip = text(r, 'nipBaru');
      if (nip !== null && nip !== owner.nip) throw at(`nipBaru ${nip.slice(0, 30)} bukan NIP yang diminta (${owner.nip})`);
      try {
        return { siasnId: id, ...projectRow(jenis, r, t), raw: r };
      } catch (err) {
        throw err instanceof Refusal ? at(err.message) : err;
      }
    });
  });
}

/** `GET referensi/ref-unor` rows (PascalCase, SIASN.md §4.6). */
export function parseUnorRows(data: unknown): Parsed<UnorRow[]> {
  return guard(() => {
    if (!Array.isArray(data)) throw new Refusal('data bukan daftar');
    return data.map((r: unknown, i) => {
      if (!isObj(r)) throw new Refusal(`baris ${i + 1} bukan objek`);
      try {
        return {
          id: requiredText(r, 'Id'), instansiId: text(r, 'InstansiId'), nama: requiredText(r, 'NamaUnor'), indukId: text(r, 'DiatasanId'),
          pemimpinPnsId: text(r, 'PemimpinPnsId'), raw: r,
        };
      } catch (err) {
        throw err instanceof Refusal ? new Refusal(`baris ${i + 1}: ${err.message}`) : err;
      }
    });
  });
}

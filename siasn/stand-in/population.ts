import { createHash } from 'node:crypto';
import { addMonths, addDays, compareIso, type IsoDate } from '../../domain/dates';
import { golongan } from '../../domain/golongan';
import { buildNip } from '../../domain/nip';
import { demoPlan, demoReference, materialize, type EmployeePlan, type EmployeeState } from '../../db/seed/employees';
import { DEMO_INSTANSI, DEMO_UNOR, type UnorSeed } from '../../db/seed/organisations';
import { hashString } from '../../db/seed/prng';
import { BUNDLED_REFERENCE, siasnIdOf } from '../reference';
import type { RiwayatJenis } from '../parse';

/**
 * STAND-IN: the people SIASN holds in this stand-in, made from the demo seed's population (db/seed: demoPlan(),
 * materialize(), DEMO_UNOR) in SIASN's shapes (SIASN.md §4), and drifted on purpose: a few people per instansi differ
 * in a way a reconciliation must find (plantedDrifts() names them). Deterministic: the same day gives the same answers.
 */
export type DriftKind = 'NAMA' | 'GOLONGAN_TERTINGGAL' | 'SKP_HILANG' | 'UNOR_LAIN' | 'HANYA_SIASN' | 'TIDAK_ADA_DI_SIASN';
export const DRIFT_KINDS: readonly DriftKind[] = ['TIDAK_ADA_DI_SIASN', 'NAMA', 'GOLONGAN_TERTINGGAL', 'SKP_HILANG', 'UNOR_LAIN', 'HANYA_SIASN'];

export interface PlantedDrift {
  nip: string;
  instansiId: string;
  kind: DriftKind;
  /** Our value and SIASN's, where the drift is a value (nama, golongan id, tahun SKP missing, SIASN unor id). */
  kita: string | number | null;
  siasn: string | number | null;
}

export interface StandInPerson {
  nip: string;
  instansiId: string;
  pnsId: string;
  dataUtama: Record<string, unknown>;
  riwayat: Record<RiwayatJenis, Record<string, unknown>[]>;
}

export interface StandInPopulation {
  today: IsoDate;
  people: ReadonlyMap<string, StandInPerson>;
  unor: ReadonlyMap<string, Record<string, unknown>[]>;
  drifts: readonly PlantedDrift[];
}

const hex = (label: string): string => createHash('sha256').update(label).digest('hex').slice(0, 32);
/** SIASN's ids: PNS, instansi and unor ids 32 uppercase hex, riwayat ids 32 lowercase hex (SIASN.md §4.8). */
export const standInPnsId = (nip: string): string => hex(`pns/${nip}`).toUpperCase();
export const standInInstansiId = (instansiId: string): string => hex(`instansi/${instansiId}`).toUpperCase();
export const standInUnorId = (unorId: string): string => hex(`unor/${unorId}`).toUpperCase();
const riwayatId = (nip: string, jenis: string, i: number | string): string => hex(`rw/${nip}/${jenis}/${i}`);

const dmy = (iso: IsoDate | null | undefined): string | null => (iso ? `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}` : null);

const ESELON_OF_LEVEL: Record<string, string> = { JPT_UTAMA: '10', JPT_MADYA: '11', JPT_PRATAMA: '21', ADMINISTRATOR: '31', PENGAWAS: '41' };
const JENIS_JABATAN: Record<string, string> = { STRUKTURAL: '1', FUNGSIONAL: '2', PELAKSANA: '4' };
const TINGKAT_HUKUMAN: Record<string, string> = { RINGAN: '1', SEDANG: '2', BERAT: '3' };

/** Our education level as SIASN's tingkat; dokter and apoteker are a profesi at S-1 (inferred), named in pendidikanTerakhirNama. */
function tingkatOf(level: string): { id: string; profesi: string | null } {
  if (level === 'DOKTER') return { id: '40', profesi: 'Profesi Dokter' };
  if (level === 'APOTEKER') return { id: '40', profesi: 'Profesi Apoteker' };
  return { id: siasnIdOf(BUNDLED_REFERENCE.tingkatPendidikan, level), profesi: null };
}

/** Another spelling of the same name, as old records have it (ejaan lama oe/dj, a dropped double letter). */
export function otherSpelling(nama: string): string {
  if (/u/.test(nama)) return nama.replace('u', 'oe');
  if (/j/i.test(nama)) return nama.replace(/j/, 'dj').replace(/J/, 'Dj');
  if (/y/.test(nama)) return nama.replace('y', 'j');
  return nama.replace(/([aeio])/, '$1$1');
}

interface Person { plan: EmployeePlan; state: EmployeeState }

function buildPerson(p: Person, today: IsoDate, unorOf: (id: string) => UnorSeed, drift?: { kind: DriftKind; otherUnor?: UnorSeed }): StandInPerson {
  const e = p.plan;
  const s = p.state;
  const pnsId = standInPnsId(e.nip);
  const inst = standInInstansiId(e.instansiId);
  const unor = drift?.kind === 'UNOR_LAIN' && drift.otherUnor ? drift.otherUnor : unorOf(e.unorId);
  const root = DEMO_UNOR.find((u) => u.instansiId === e.instansiId && u.parentId === null)!;
  const history = drift?.kind === 'GOLONGAN_TERTINGGAL' ? s.history.slice(0, -1) : s.history;
  const current = history[history.length - 1];
  const golonganId = current?.golonganId ?? e.golonganId;
  const tmtGolongan = current?.tmt ?? s.tmtGolongan;
  const tk = tingkatOf(e.pendidikanLevel);
  const pppk = e.jenisAsn === 'PPPK';
  const tmtPns = pppk || compareIso(addMonths(e.tmtCpns, 12), today) > 0 ? null : addMonths(e.tmtCpns, 12);
  const tmtJabatan = compareIso(e.tmtCpns, addMonths(today, -48)) > 0 ? e.tmtCpns : addMonths(today, -12 - (hashString(e.nip) % 36));
  const eselonId = e.jabatanJenis === 'STRUKTURAL' ? ESELON_OF_LEVEL[e.jenjang ?? ''] ?? '99' : null;
  const g = golongan(golonganId);
  const bup = e.jabatanJenis === 'STRUKTURAL' && (e.jenjang === 'JPT_PRATAMA' || e.jenjang === 'JPT_MADYA') ? 60 : 58;
  const dataUtama: Record<string, unknown> = {
    id: pnsId, nipBaru: e.nip, nipLama: null,
    nama: drift?.kind === 'NAMA' ? otherSpelling(e.nama) : e.nama, gelarDepan: e.gelarDepan ?? '', gelarBelakang: e.gelarBelakang ?? '',
    tempatLahir: e.tempatLahir, tglLahir: dmy(e.tanggalLahir), jenisKelamin: e.jenisKelamin === 'L' ? 'M' : 'F',
    agama: e.agama, nik: String(3300000000000000 + (hashString(`nik/${e.nip}`) % 99999999)), validNik: 'true', email: e.email, noHp: null,
    alamat: e.alamat, jenisPegawaiId: pppk ? '10' : '4', jenisPegawaiNama: pppk ? 'PPPK' : 'PNS Daerah',
    kedudukanPnsId: pppk ? '71' : '01', kedudukanPnsNama: pppk ? 'PPPK Aktif' : 'Aktif', statusPegawai: pppk ? 'PPPK' : tmtPns ? 'PNS' : 'CPNS',
    tmtCpns: pppk ? null : dmy(e.tmtCpns), tmtPns: dmy(tmtPns),
    golRuangAwalId: String(e.startGolonganId), golRuangAwal: golongan(e.startGolonganId).code,
    golRuangAkhirId: String(golonganId), golRuangAkhir: g.code, pangkatAkhir: g.pangkat, tmtGolAkhir: dmy(tmtGolongan),
    // Numbers as strings here and numbers elsewhere: SIASN mixes them (SIASN.md §7.4).
    mkTahun: String(current?.mkgTahun ?? s.mkgTahun), mkBulan: current?.mkgBulan ?? s.mkgBulan, gajiPokok: 'null',
    jenisJabatanId: JENIS_JABATAN[e.jabatanJenis], jenisJabatan: e.jabatanJenis === 'PELAKSANA' ? 'Jabatan Fungsional Umum' : e.jabatanJenis === 'FUNGSIONAL' ? 'Jabatan Fungsional Tertentu' : 'Jabatan Struktural',
    jabatanNama: e.jabatanNama, jabatanFungsionalId: e.jabatanJenis === 'FUNGSIONAL' ? hex(`jf/${e.jabatanNama}`).toUpperCase() : null,
    jabatanFungsionalUmumId: e.jabatanJenis === 'PELAKSANA' ? hex(`jfu/${e.jabatanNama}`).toUpperCase() : null,
    eselonId, eselon: eselonId ? BUNDLED_REFERENCE.eselon.get(eselonId)?.nama ?? null : null, tmtJabatan: dmy(tmtJabatan),
    unorId: standInUnorId(unor.id), unorNama: unor.nama, unorIndukId: standInUnorId(root.id), unorIndukNama: root.nama,
    instansiIndukId: inst, instansiKerjaId: inst, satuanKerjaKerjaId: standInUnorId(root.id),
    tkPendidikanTerakhirId: tk.id, tkPendidikanTerakhir: BUNDLED_REFERENCE.tingkatPendidikan.get(tk.id)?.nama, pendidikanTerakhirId: hex(`pd/${e.pendidikanNama}`).toUpperCase(),
    pendidikanTerakhirNama: tk.profesi ?? e.pendidikanNama, tahunLulus: String(e.education[e.education.length - 1]?.tahunLulus ?? ''),
    bupPensiun: String(bup), tmtPensiun: dmy(addMonths(`${Number(e.tanggalLahir.slice(0, 4)) + bup}-${e.tanggalLahir.slice(5, 7)}-01`, 1)),
    // Fields BKN's document does not list but answers carry (SIASN.md §4.1): tolerant parsing keeps them in raw.
    lokasiKerjaId: hex(`lokasi/${e.instansiId}`).toUpperCase(), kelas_jabatan: e.jabatanJenis === 'STRUKTURAL' ? '12' : '7', path: {},
  };
  const ratings = drift?.kind === 'SKP_HILANG' ? s.ratings.slice(0, -1) : s.ratings;
  const kuadran = (r: string) => siasnIdOf(BUNDLED_REFERENCE.kuadranKinerja, r);
  const riwayat: StandInPerson['riwayat'] = {
    golongan: history.map((h, i) => ({
      id: riwayatId(e.nip, 'golongan', i), idPns: pnsId, nipBaru: e.nip, nipLama: null, golonganId: String(h.golonganId), golongan: golongan(h.golonganId).code,
      pangkat: golongan(h.golonganId).pangkat, skNomor: h.skNomor, skTanggal: dmy(h.skTanggal), tmtGolongan: dmy(h.tmt), noPertekBkn: h.pertekNomor,
      tglPertekBkn: h.pertekNomor ? dmy(addDays(h.skTanggal, -7)) : null, jumlahKreditUtama: 'null', jumlahKreditTambahan: 'null',
      jenisKPId: i === 0 ? '211' : '101', jenisKPNama: i === 0 ? 'Gol. dari Pengadaan CPNS/PNS' : 'Reguler',
      masaKerjaGolonganTahun: String(h.mkgTahun), masaKerjaGolonganBulan: String(h.mkgBulan), path: {},
    })),
    jabatan: [{
      id: riwayatId(e.nip, 'jabatan', 0), idPns: pnsId, nipBaru: e.nip, jenisJabatan: JENIS_JABATAN[e.jabatanJenis], instansiKerjaId: inst,
      unorId: standInUnorId(unor.id), unorNama: unor.nama, namaUnor: unor.nama, unorIndukId: standInUnorId(root.id), eselonId, eselon: dataUtama.eselon,
      jabatanFungsionalId: dataUtama.jabatanFungsionalId, jabatanFungsionalUmumId: dataUtama.jabatanFungsionalUmumId, namaJabatan: e.jabatanNama,
      tmtJabatan: dmy(tmtJabatan), nomorSk: `821/${hashString(`skj/${e.nip}`) % 900 + 100}/${tmtJabatan.slice(0, 4)}`, tanggalSk: dmy(addDays(tmtJabatan, -14)),
      tmtPelantikan: e.jabatanJenis === 'STRUKTURAL' ? dmy(tmtJabatan) : null, jenisPenugasanId: 'D', jenisMutasiId: 'MJ', path: {},
    }],
    pendidikan: e.education.map((r, i) => {
      const t = tingkatOf(r.level);
      return {
        id: riwayatId(e.nip, 'pendidikan', i), idPns: pnsId, nipBaru: e.nip, tkPendidikanId: t.id, tkPendidikanNama: BUNDLED_REFERENCE.tingkatPendidikan.get(t.id)?.nama,
        pendidikanId: hex(`pd/${r.jurusan ?? r.level}`).toUpperCase(), pendidikanNama: t.profesi ?? r.jurusan ?? r.level, tahunLulus: String(r.tahunLulus),
        tglLulus: dmy(`${r.tahunLulus}-07-15`), isPendidikanPertama: i === 0 ? '1' : '0', nomorIjasah: `${hashString(`ij/${e.nip}/${i}`) % 900000 + 100000}`,
        namaSekolah: r.namaSekolah, gelarDepan: null, gelarBelakang: null, path: {},
      };
    }),
    skp: ratings.filter((r) => r.tahun >= 2022).map((r) => ({
      id: riwayatId(e.nip, 'skp22', r.tahun), tahun: r.tahun, hasilKinerja: null, hasilKinerjaNilai: r.predikat === 'SANGAT_BAIK' ? 1 : r.predikat === 'BAIK' ? 2 : 3,
      kuadranKinerja: BUNDLED_REFERENCE.kuadranKinerja.get(kuadran(r.predikat))?.nama, KuadranKinerjaNilai: kuadran(r.predikat),
      perilakuKerja: null, PerilakuKerjaNilai: r.predikat === 'SANGAT_BAIK' ? 1 : 2, namaPenilai: 'Atasan Langsung', nipNrpPenilai: null,
      statusPenilai: 'ASN', pnsDinilaiId: pnsId, path: {},
    })),
    kinerja: hashString(`kp/${e.nip}`) % 7 === 0 && ratings.length > 0
      ? [1, 2].map((q) => {
        const last = ratings[ratings.length - 1];
        return {
          id: riwayatId(e.nip, 'kinerja', q), tahun: last.tahun + 1, periodikId: '2', periodikNama: 'Triwulan', bulanMulaiPenilaian: q * 3 - 2,
          bulanSelesaiPenilaian: q * 3, hasilKinerjaNilai: 2, perilakuKerjaNilai: 2, kuadranKinerjaNilai: kuadran(last.predikat), koefisenId: null,
          pnsDinilaiId: pnsId, unorId: standInUnorId(unor.id),
        };
      })
      : [],
    angka_kredit: e.jabatanJenis === 'FUNGSIONAL' && e.angkaKredit !== null ? [{
      id: riwayatId(e.nip, 'angkakredit', 0), pns: pnsId, nomorSk: `800/PAK/${hashString(`pak/${e.nip}`) % 900 + 100}`, tanggalSk: dmy(addMonths(today, -6)),
      kreditUtamaBaru: String(Math.round(e.angkaKredit * 0.8 * 1000) / 1000), kreditPenunjangBaru: String(Math.round(e.angkaKredit * 0.2 * 1000) / 1000),
      kreditBaruTotal: String(e.angkaKredit), tahunSelesaiPenailan: String(Number(today.slice(0, 4)) - 1), isAngkaKreditPertama: '0', path: {},
    }] : [],
    hukdis: s.sanctions.map((h, i) => ({
      id: riwayatId(e.nip, 'hukdis', i), pnsOrang: pnsId, jenisHukumanId: String(10 + i), jenisHukumanNama: h.jenis,
      jenisTingkatHukumanId: TINGKAT_HUKUMAN[h.tingkat], skNomor: h.skNomor, skTanggal: dmy(addDays(h.tmtMulai, -5)),
      hukumanTanggal: dmy(h.tmtMulai), akhirHukumanTanggal: dmy(h.tmtSelesai), path: {},
    })),
  };
  return { nip: e.nip, instansiId: e.instansiId, pnsId, dataUtama, riwayat };
}

/** Per instansi, this share of people (at least one each) carries each drift. */
const DRIFT_SHARE = 0.02;

const cache = new Map<IsoDate, StandInPopulation>();

export function standInPopulation(today: IsoDate): StandInPopulation {
  const hit = cache.get(today);
  if (hit) return hit;
  const ref = demoReference(today);
  const plan = demoPlan();
  const unorById = new Map(DEMO_UNOR.map((u) => [u.id, u]));
  const unorOf = (id: string) => unorById.get(id)!;
  const people = new Map<string, StandInPerson>();
  const drifts: PlantedDrift[] = [];
  for (const inst of DEMO_INSTANSI) {
    const members = plan.employees.filter((e) => e.instansiId === inst.id).map((planRow) => ({ plan: planRow, state: materialize(planRow, ref) }));
    const units = DEMO_UNOR.filter((u) => u.instansiId === inst.id);
    const want = Math.max(1, Math.round(members.length * DRIFT_SHARE));
    const count = new Map<DriftKind, number>();
    const assigned = new Map<string, { kind: DriftKind; otherUnor?: UnorSeed }>();
    // Only people who are no demo case: the cases' stories stay as the README tells them.
    const ranked = members.filter((m) => m.plan.caseKey === null).sort((a, b) => hashString(`siasn-drift/${a.plan.nip}`) - hashString(`siasn-drift/${b.plan.nip}`));
    const fits: Record<Exclude<DriftKind, 'HANYA_SIASN'>, (m: Person) => boolean> = {
      TIDAK_ADA_DI_SIASN: () => true,
      NAMA: (m) => otherSpelling(m.plan.nama) !== m.plan.nama,
      GOLONGAN_TERTINGGAL: (m) => m.state.history.length >= 2,
      SKP_HILANG: (m) => m.state.ratings.some((r) => r.tahun >= 2022),
      UNOR_LAIN: () => units.length >= 2,
    };
    for (const m of ranked) {
      const kind = (Object.keys(fits) as (keyof typeof fits)[]).find((k) => (count.get(k) ?? 0) < want && fits[k](m));
      if (!kind) continue;
      count.set(kind, (count.get(kind) ?? 0) + 1);
      const otherUnor = kind === 'UNOR_LAIN' ? units[(units.findIndex((u) => u.id === m.plan.unorId) + 1) % units.length] : undefined;
      assigned.set(m.plan.nip, { kind, otherUnor });
    }
    for (const m of members) {
      const d = assigned.get(m.plan.nip);
      if (d?.kind === 'TIDAK_ADA_DI_SIASN') {
        drifts.push({ nip: m.plan.nip, instansiId: inst.id, kind: d.kind, kita: m.plan.nama, siasn: null });
        continue;
      }
      const person = buildPerson(m, today, unorOf, d);
      people.set(person.nip, person);
      if (!d) continue;
      const last = m.state.history[m.state.history.length - 1];
      const values: Record<string, [string | number | null, string | number | null]> = {
        NAMA: [m.plan.nama, String(person.dataUtama.nama)],
        GOLONGAN_TERTINGGAL: [last?.golonganId ?? null, Number(person.dataUtama.golRuangAkhirId)],
        SKP_HILANG: [m.state.ratings[m.state.ratings.length - 1]?.tahun ?? null, null],
        UNOR_LAIN: [m.plan.unorId, String(person.dataUtama.unorId)],
      };
      const [kita, siasn] = values[d.kind];
      drifts.push({ nip: m.plan.nip, instansiId: inst.id, kind: d.kind, kita, siasn });
    }
    // People SIASN has and the instansi's SIMPEG does not (a transfer in, a record never imported).
    for (let i = 0; i < want; i += 1) {
      const template = ranked[ranked.length - 1 - i];
      const nip = buildNip(template.plan.tanggalLahir, template.plan.tmtCpns.slice(0, 7), template.plan.jenisKelamin, 990 - i);
      if (people.has(nip) || members.some((m) => m.plan.nip === nip)) continue;
      const clone: Person = { plan: { ...template.plan, nip, nama: `${template.plan.nama.split(' ')[0]} Prasetyo` }, state: template.state };
      const person = buildPerson(clone, today, unorOf);
      people.set(nip, person);
      drifts.push({ nip, instansiId: inst.id, kind: 'HANYA_SIASN', kita: null, siasn: clone.plan.nama });
    }
  }
  const unor = new Map<string, Record<string, unknown>[]>();
  for (const inst of DEMO_INSTANSI) {
    unor.set(inst.id, DEMO_UNOR.filter((u) => u.instansiId === inst.id).map((u) => ({
      Id: standInUnorId(u.id), InstansiId: standInInstansiId(inst.id), DiatasanId: u.parentId ? standInUnorId(u.parentId) : null,
      EselonId: u.parentId ? '31' : '21', NamaUnor: u.nama, NamaJabatan: `Kepala ${u.nama}`, CepatKode: u.key,
      IndukUnorId: standInUnorId(DEMO_UNOR.find((x) => x.instansiId === inst.id && x.parentId === null)!.id), PemimpinPnsId: null,
      JenisUnorId: '1', IsUnorSekolah: u.kind === 'SEKOLAH',
    })));
  }
  const pop: StandInPopulation = { today, people, unor, drifts };
  cache.set(today, pop);
  return pop;
}

/** The drifts the stand-in planted for that day (all instansi, or one). */
export function plantedDrifts(today: IsoDate, instansiId?: string): PlantedDrift[] {
  return standInPopulation(today).drifts.filter((d) => !instansiId || d.instansiId === instansiId);
}

import { parseEducationLevel } from './education';
import { golonganById } from './golongan';
import { parseNip } from './nip';

/**
 * Reconciliation (rekon, issue 15; SIASN.md §9.3): what we hold for an instansi against SIASN's snapshot of it, as
 * rows an operator can work through. A row names the person or unit, the check, both values, the result and what to
 * do. Pure: db/repos/rekon.ts loads both sides and stores the rows; only rows that need attention are stored, the
 * rest are counted.
 */
export type RekonBagian = 'PEGAWAI' | 'KONSISTENSI_NIP' | 'JABATAN' | 'PEJABAT_STRUKTURAL' | 'UNIT_KERJA' | 'KINERJA';
export type RekonHasil = 'SESUAI' | 'TIDAK_SESUAI' | 'HANYA_KITA' | 'HANYA_SIASN';
export type RekonTindakan = 'PERBAIKI_DI_SINI' | 'KIRIM_KE_SIASN' | 'AJUKAN_KE_BKN' | 'PETAKAN_UNIT';

export const REKON_BAGIAN: readonly RekonBagian[] = ['PEGAWAI', 'KONSISTENSI_NIP', 'JABATAN', 'PEJABAT_STRUKTURAL', 'UNIT_KERJA', 'KINERJA'];
export const REKON_BAGIAN_LABEL: Readonly<Record<RekonBagian, string>> = Object.freeze({
  PEGAWAI: 'Data pegawai', KONSISTENSI_NIP: 'Konsistensi NIP', JABATAN: 'Data jabatan', PEJABAT_STRUKTURAL: 'Data pejabat struktural',
  UNIT_KERJA: 'Struktur unit kerja', KINERJA: 'Kinerja (SKP dua tahun terakhir)',
});
export const REKON_HASIL_LABEL: Readonly<Record<RekonHasil, string>> = Object.freeze({
  SESUAI: 'Sesuai', TIDAK_SESUAI: 'Tidak sesuai', HANYA_KITA: 'Hanya di data instansi', HANYA_SIASN: 'Hanya di SIASN',
});
export const REKON_TINDAKAN_LABEL: Readonly<Record<RekonTindakan, string>> = Object.freeze({
  PERBAIKI_DI_SINI: 'Perbaiki di data instansi (SIMPEG)',
  KIRIM_KE_SIASN: 'Kirim ke SIASN melalui web service',
  AJUKAN_KE_BKN: 'Ajukan peremajaan atau usul KP ke BKN (hanya BKN yang dapat mengubahnya)',
  PETAKAN_UNIT: 'Petakan unit ke unor SIASN',
});

/** Our side, per person: the master row with the SIASN ids we keep (design B). */
export interface OurPegawai {
  nip: string; nama: string; gelarDepan: string | null; gelarBelakang: string | null; tanggalLahir: string; jenisKelamin: 'L' | 'P';
  jenisAsn: 'PNS' | 'PPPK'; kedudukanHukum: string; golonganId: number; tmtGolongan: string; mkTahun: number; mkBulan: number;
  tmtCpns: string | null; tmtPns: string | null; pendidikan: string; jabatanJenis: string; jabatanNama: string; eselon: string | null;
  tmtJabatan: string | null; unorId: string | null; email: string | null; skpTahun: number[];
}
/** SIASN's side, per person: the typed projection of its snapshot (siasn_pegawai, siasn_riwayat). */
export interface SiasnPegawai {
  nip: string; nama: string | null; gelarDepan: string | null; gelarBelakang: string | null; tanggalLahir: string | null; jenisKelamin: 'L' | 'P' | null;
  jenisAsn: 'PNS' | 'PPPK' | null; kedudukanHukum: string | null; golonganId: number | null; tmtGolongan: string | null; mkTahun: number | null;
  mkBulan: number | null; tmtCpns: string | null; tmtPns: string | null; pendidikan: string | null; jabatanJenis: string | null; jabatanNama: string | null;
  eselon: string | null; tmtJabatan: string | null; unorSiasnId: string | null; email: string | null; skpTahun: number[];
  /** The latest rw-jabatan row's name, when SIASN has riwayat jabatan: it must equal the data-utama jabatan. */
  riwayatJabatanTerakhir: string | null;
}
export interface OurUnor { id: string; nama: string; parentId: string | null; siasnId: string | null }
export interface SiasnUnor { id: string; nama: string; indukId: string | null; pemimpinPnsId: string | null }
export interface RekonInput {
  ours: OurPegawai[]; siasn: SiasnPegawai[]; ourUnor: OurUnor[]; siasnUnor: SiasnUnor[];
  /** Our pns_id (SIASN's person id) per NIP, to name a unit's head. */
  pnsIdOf: ReadonlyMap<string, string>;
  /** The two SKP years a KP of the coming period needs. */
  skpYears: readonly number[];
}

export interface RekonRow {
  bagian: RekonBagian; nip: string | null; unorId: string | null; cek: string; nilaiKita: string | null; nilaiSiasn: string | null;
  hasil: RekonHasil; tindakan: RekonTindakan | null;
}
export interface RekonSectionCount { diperiksa: number; sesuai: number; tidakSesuai: number; hanyaKita: number; hanyaSiasn: number }
export interface RekonResult {
  rows: RekonRow[]; counts: Record<RekonBagian, RekonSectionCount>;
  /** People we hold, SIASN holds, and both hold. */
  populasi: { kita: number; siasn: number; keduanya: number };
}

/** SIASN.md §9.2's normalisation for text: trimmed, upper case, spaces collapsed, apostrophes unified. */
export const normRekonText = (s: string | null | undefined): string =>
  (s ?? '').normalize('NFC').replace(/[\u2018\u2019\u02bc`´]/g, "'").replace(/\s+/g, ' ').trim().toUpperCase();
const normEselon = (s: string | null | undefined): string => (s ?? '').replace(/[.\s]/g, '').toUpperCase();
const normEducation = (s: string | null | undefined): string => (s ? parseEducationLevel(s) ?? normRekonText(s) : '');
const golonganCode = (id: number | null): string | null => (id === null ? null : golonganById(id)?.code ?? String(id));

/**
 * Who can change what (SIASN.md §9.3): nama, NIP, tanggal lahir, pendidikan and golongan only through BKN's layanan;
 * the rest the agency pushes through the web service once its own record is right.
 */
const BKN_ONLY = new Set(['nama', 'tanggal lahir', 'jenis kelamin', 'golongan', 'TMT golongan', 'masa kerja golongan', 'TMT CPNS', 'TMT PNS', 'tingkat pendidikan']);

export function reconcile(input: RekonInput): RekonResult {
  const rows: RekonRow[] = [];
  const counts = Object.fromEntries(REKON_BAGIAN.map((b) => [b, { diperiksa: 0, sesuai: 0, tidakSesuai: 0, hanyaKita: 0, hanyaSiasn: 0 }])) as Record<RekonBagian, RekonSectionCount>;
  const add = (r: RekonRow): void => {
    const c = counts[r.bagian];
    c.diperiksa++;
    if (r.hasil === 'SESUAI') { c.sesuai++; return; }
    if (r.hasil === 'TIDAK_SESUAI') c.tidakSesuai++;
    else if (r.hasil === 'HANYA_KITA') c.hanyaKita++;
    else c.hanyaSiasn++;
    rows.push(r);
  };
  const siasnBy = new Map(input.siasn.map((s) => [s.nip, s]));
  const oursBy = new Map(input.ours.map((o) => [o.nip, o]));
  const unorById = new Map(input.ourUnor.map((u) => [u.id, u]));
  const siasnUnorById = new Map(input.siasnUnor.map((u) => [u.id, u]));

  // A. Population and fields. A field SIASN leaves empty is not compared: SIASN not having it is not a disagreement.
  for (const o of input.ours) {
    const s = siasnBy.get(o.nip);
    if (!s) {
      add({ bagian: 'PEGAWAI', nip: o.nip, unorId: o.unorId, cek: 'terdaftar di SIASN', nilaiKita: o.nama, nilaiSiasn: null, hasil: 'HANYA_KITA', tindakan: 'AJUKAN_KE_BKN' });
      continue;
    }
    const field = (bagian: RekonBagian, cek: string, ours: string | null, theirs: string | null, same: (a: string, b: string) => boolean = (a, b) => a === b) => {
      if (theirs === null || theirs === '') return;
      const agree = ours !== null && ours !== '' && same(ours, theirs);
      add({
        bagian, nip: o.nip, unorId: o.unorId, cek, nilaiKita: ours, nilaiSiasn: theirs, hasil: agree ? 'SESUAI' : 'TIDAK_SESUAI',
        tindakan: agree ? null : BKN_ONLY.has(cek) ? 'AJUKAN_KE_BKN' : 'KIRIM_KE_SIASN',
      });
    };
    const text = (a: string, b: string) => normRekonText(a) === normRekonText(b);
    field('PEGAWAI', 'nama', o.nama, s.nama, text);
    field('PEGAWAI', 'gelar depan', o.gelarDepan, s.gelarDepan, text);
    field('PEGAWAI', 'gelar belakang', o.gelarBelakang, s.gelarBelakang, text);
    field('PEGAWAI', 'tanggal lahir', o.tanggalLahir, s.tanggalLahir);
    field('PEGAWAI', 'jenis kelamin', o.jenisKelamin, s.jenisKelamin);
    field('PEGAWAI', 'jenis ASN', o.jenisAsn, s.jenisAsn);
    field('PEGAWAI', 'kedudukan hukum', o.kedudukanHukum, s.kedudukanHukum, text);
    field('PEGAWAI', 'golongan', golonganCode(o.golonganId), golonganCode(s.golonganId));
    field('PEGAWAI', 'TMT golongan', o.tmtGolongan, s.tmtGolongan);
    field('PEGAWAI', 'masa kerja golongan', `${o.mkTahun} th ${o.mkBulan} bl`, s.mkTahun === null ? null : `${s.mkTahun} th ${s.mkBulan ?? 0} bl`);
    field('PEGAWAI', 'TMT CPNS', o.tmtCpns, s.tmtCpns);
    field('PEGAWAI', 'TMT PNS', o.tmtPns, s.tmtPns);
    field('PEGAWAI', 'tingkat pendidikan', o.pendidikan, s.pendidikan, (a, b) => normEducation(a) === normEducation(b));
    field('PEGAWAI', 'email', o.email, s.email, (a, b) => a.trim().toLowerCase() === b.trim().toLowerCase());

    // C. Jabatan.
    field('JABATAN', 'jenis jabatan', o.jabatanJenis, s.jabatanJenis);
    field('JABATAN', 'nama jabatan', o.jabatanNama, s.jabatanNama, text);
    if (o.jabatanJenis === 'STRUKTURAL' || s.jabatanJenis === 'STRUKTURAL') field('JABATAN', 'eselon', o.eselon, s.eselon, (a, b) => normEselon(a) === normEselon(b));
    field('JABATAN', 'TMT jabatan', o.tmtJabatan, s.tmtJabatan);
    if (s.riwayatJabatanTerakhir !== null && s.jabatanNama) {
      const agree = text(s.riwayatJabatanTerakhir, s.jabatanNama);
      add({
        bagian: 'JABATAN', nip: o.nip, unorId: o.unorId, cek: 'riwayat jabatan terakhir SIASN sama dengan jabatan di data utama', nilaiKita: s.jabatanNama,
        nilaiSiasn: s.riwayatJabatanTerakhir, hasil: agree ? 'SESUAI' : 'TIDAK_SESUAI', tindakan: agree ? null : 'KIRIM_KE_SIASN',
      });
    }
    // E. The person's unit: ours mapped to SIASN's must be the unit SIASN places them on.
    if (s.unorSiasnId) {
      const mapped = o.unorId ? unorById.get(o.unorId)?.siasnId ?? null : null;
      add({
        bagian: 'UNIT_KERJA', nip: o.nip, unorId: o.unorId, cek: 'unit kerja pegawai', nilaiKita: mapped ? `${o.unorId} → ${mapped}` : o.unorId,
        nilaiSiasn: s.unorSiasnId, hasil: mapped === s.unorSiasnId ? 'SESUAI' : 'TIDAK_SESUAI',
        tindakan: mapped === s.unorSiasnId ? null : mapped ? 'KIRIM_KE_SIASN' : 'PETAKAN_UNIT',
      });
    }
    // F. The SKP a KP of the coming period needs, present on both sides.
    for (const year of input.skpYears) {
      const here = o.skpTahun.includes(year); const there = s.skpTahun.includes(year);
      if (!here && !there) continue;
      add({
        bagian: 'KINERJA', nip: o.nip, unorId: o.unorId, cek: `SKP ${year}`, nilaiKita: here ? 'ada' : 'tidak ada', nilaiSiasn: there ? 'ada' : 'tidak ada',
        hasil: here && there ? 'SESUAI' : here ? 'HANYA_KITA' : 'HANYA_SIASN', tindakan: here && there ? null : here ? 'KIRIM_KE_SIASN' : 'PERBAIKI_DI_SINI',
      });
    }
  }
  for (const s of input.siasn) {
    if (!oursBy.has(s.nip)) add({ bagian: 'PEGAWAI', nip: s.nip, unorId: null, cek: 'terdaftar di data instansi', nilaiKita: null, nilaiSiasn: s.nama, hasil: 'HANYA_SIASN', tindakan: 'PERBAIKI_DI_SINI' });
  }

  // B. NIP consistency (the IKD consistency dimension), on both sides' values.
  for (const o of input.ours) {
    const parsed = parseNip(o.nip, { allowPppk: true });
    if (!parsed.ok) {
      add({ bagian: 'KONSISTENSI_NIP', nip: o.nip, unorId: o.unorId, cek: 'NIP sah', nilaiKita: o.nip, nilaiSiasn: null, hasil: 'TIDAK_SESUAI', tindakan: 'AJUKAN_KE_BKN' });
      continue;
    }
    const s = siasnBy.get(o.nip);
    const check = (cek: string, expected: string, ours: string | null, theirs: string | null | undefined) => {
      for (const [who, v] of [['kita', ours], ['siasn', theirs ?? null]] as const) {
        if (v === null) continue;
        const agree = v === expected;
        add({
          bagian: 'KONSISTENSI_NIP', nip: o.nip, unorId: o.unorId, cek: `${cek} (${who === 'kita' ? 'data instansi' : 'SIASN'})`, nilaiKita: expected,
          nilaiSiasn: v, hasil: agree ? 'SESUAI' : 'TIDAK_SESUAI', tindakan: agree ? null : who === 'kita' ? 'PERBAIKI_DI_SINI' : 'AJUKAN_KE_BKN',
        });
      }
    };
    check('tanggal lahir = digit 1–8 NIP', parsed.nip.birthDate, o.tanggalLahir, s?.tanggalLahir);
    check('jenis kelamin = digit 15 NIP', parsed.nip.gender, o.jenisKelamin, s?.jenisKelamin);
    if (parsed.nip.kind === 'PNS') check('TMT CPNS = digit 9–14 NIP', parsed.nip.tmtCpns, o.tmtCpns?.slice(0, 7) ?? null, s?.tmtCpns?.slice(0, 7));
  }

  // D. Struktural posts: one holder per post, and each SIASN unit's head is someone we hold there as struktural.
  const holders = new Map<string, string[]>();
  for (const o of input.ours) {
    if (o.jabatanJenis !== 'STRUKTURAL' || !o.unorId) continue;
    const key = `${o.unorId}\u0000${normRekonText(o.jabatanNama)}`;
    holders.set(key, [...(holders.get(key) ?? []), o.nip]);
  }
  for (const [key, nips] of holders) {
    const [unorId, jabatan] = key.split('\u0000');
    add({
      bagian: 'PEJABAT_STRUKTURAL', nip: nips.length === 1 ? nips[0] : null, unorId, cek: `satu pemangku jabatan ${jabatan}`,
      nilaiKita: nips.join(', '), nilaiSiasn: null, hasil: nips.length === 1 ? 'SESUAI' : 'TIDAK_SESUAI', tindakan: nips.length === 1 ? null : 'PERBAIKI_DI_SINI',
    });
  }
  const nipOfPns = new Map([...input.pnsIdOf].map(([nip, pns]) => [pns, nip]));
  const ourByUnorSiasn = new Map(input.ourUnor.filter((u) => u.siasnId).map((u) => [u.siasnId as string, u]));
  for (const su of input.siasnUnor) {
    if (!su.pemimpinPnsId) continue;
    const head = nipOfPns.get(su.pemimpinPnsId) ?? null;
    const ours = ourByUnorSiasn.get(su.id) ?? null;
    const o = head ? oursBy.get(head) : undefined;
    const agree = !!o && !!ours && o.jabatanJenis === 'STRUKTURAL' && o.unorId === ours.id;
    add({
      bagian: 'PEJABAT_STRUKTURAL', nip: head, unorId: ours?.id ?? null, cek: `pimpinan unor ${su.nama}`,
      nilaiKita: o ? `${o.nip} ${o.jabatanJenis === 'STRUKTURAL' ? o.jabatanNama : `(bukan struktural: ${o.jabatanNama})`} di ${o.unorId ?? '-'}` : null,
      nilaiSiasn: head ?? `pnsId ${su.pemimpinPnsId}`, hasil: agree ? 'SESUAI' : o ? 'TIDAK_SESUAI' : 'HANYA_SIASN', tindakan: agree ? null : 'PERBAIKI_DI_SINI',
    });
  }

  // E. The unit tree: each of our units mapped to a SIASN unor, with the same name and a parent that maps to its parent.
  const mappedSiasn = new Set<string>();
  for (const u of input.ourUnor) {
    const su = u.siasnId ? siasnUnorById.get(u.siasnId) : undefined;
    if (!su) {
      add({ bagian: 'UNIT_KERJA', nip: null, unorId: u.id, cek: 'dipetakan ke unor SIASN', nilaiKita: u.nama, nilaiSiasn: u.siasnId, hasil: 'HANYA_KITA', tindakan: 'PETAKAN_UNIT' });
      continue;
    }
    mappedSiasn.add(su.id);
    const sameName = normRekonText(u.nama) === normRekonText(su.nama);
    add({ bagian: 'UNIT_KERJA', nip: null, unorId: u.id, cek: 'nama unit', nilaiKita: u.nama, nilaiSiasn: su.nama, hasil: sameName ? 'SESUAI' : 'TIDAK_SESUAI', tindakan: sameName ? null : 'PERBAIKI_DI_SINI' });
    const parentMapped = u.parentId ? unorById.get(u.parentId)?.siasnId ?? null : null;
    const sameParent = (parentMapped ?? null) === (su.indukId ?? null) || (!u.parentId && !!su.indukId && !siasnUnorById.has(su.indukId));
    add({
      bagian: 'UNIT_KERJA', nip: null, unorId: u.id, cek: 'unit atasan', nilaiKita: parentMapped ?? u.parentId, nilaiSiasn: su.indukId,
      hasil: sameParent ? 'SESUAI' : 'TIDAK_SESUAI', tindakan: sameParent ? null : 'PERBAIKI_DI_SINI',
    });
  }
  for (const su of input.siasnUnor) {
    if (!mappedSiasn.has(su.id)) add({ bagian: 'UNIT_KERJA', nip: null, unorId: null, cek: 'unor SIASN dipetakan', nilaiKita: null, nilaiSiasn: `${su.id} ${su.nama}`, hasil: 'HANYA_SIASN', tindakan: 'PETAKAN_UNIT' });
  }
  const keduanya = input.ours.filter((o) => siasnBy.has(o.nip)).length;
  return { rows, counts, populasi: { kita: input.ours.length, siasn: input.siasn.length, keduanya } };
}

/**
 * One figure for the dashboard (SIASN.md §9.3, IKD weights): accuracy 0.30 (fields, jabatan, struktural, units and
 * kinerja that agree), consistency 0.11 (the NIP checks), completeness 0.28 (of the people either side holds, the
 * share both hold) and timeliness 0.31 (the share of snapshots younger than the freshness bound, given by the
 * caller). 0-100; a section with nothing checked counts as whole.
 */
export function rekonScore(result: Pick<RekonResult, 'counts' | 'populasi'>, timeliness: number): number {
  const { counts, populasi } = result;
  const ratio = (bagian: RekonBagian[]) => {
    const d = bagian.reduce((n, b) => n + counts[b].diperiksa, 0);
    return d === 0 ? 1 : bagian.reduce((n, b) => n + counts[b].sesuai, 0) / d;
  };
  const either = populasi.kita + populasi.siasn - populasi.keduanya;
  const completeness = either === 0 ? 1 : populasi.keduanya / either;
  const score = 0.30 * ratio(['PEGAWAI', 'JABATAN', 'PEJABAT_STRUKTURAL', 'UNIT_KERJA', 'KINERJA']) + 0.11 * ratio(['KONSISTENSI_NIP'])
    + 0.28 * completeness + 0.31 * Math.min(1, Math.max(0, timeliness));
  return Math.round(score * 10000) / 100;
}

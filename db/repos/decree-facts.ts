import type { Db } from '../index';
import type { Selectable } from 'kysely';
import type { AppUser, Employee, InstansiTable, KanregTable, UsulanKp } from '../types';
import type { Pegawai, PertekData, SkKpData } from '../../documents/types';
import { golongan } from '../../domain/golongan';
import { educationLabel, parseEducationLevel } from '../../domain/education';
import { findKpType } from '../../domain/kp-types';
import { asOfficeZone, DEFAULT_OFFICE_ZONE, type OfficeZone } from '../../domain/office-clock';
import { printedSigner, type SignerCapacity } from '../../domain/signer-block';
import { namaLengkap } from '../../domain/person-name';
import { PermanentError, PermanentFailure } from '../../domain/failures';
import { computePromotionSalary } from '../../reference/promotion';
import { KEPALA_BKN_JABATAN, PRESIDEN_RI } from './signers';
import { loadKpRuleBook } from './kp-rule-versions';
import { kpRuleVersionOfUsulan, type KpRuleVersion } from '../../domain/kp-rule-versions';

/**
 * What both decrees of one promotion print about the person and the promotion, read once in one place: the Pertek
 * and the SK that rests on it cannot print the person, their office or their pay differently.
 */
export interface PromotionFacts {
  usulan: UsulanKp;
  employee: Employee;
  instansi: Selectable<InstansiTable>;
  kanreg: Selectable<KanregTable>;
  pegawai: Pegawai;
  lama: SkKpData['lama'];
  baru: SkKpData['baru'];
  jenisKp: string | undefined;
}

/** Everything an SK KP prints except its number, date and signer block, read once for the draft and for the signing. */
export interface SkFacts {
  usulan: UsulanKp;
  /** The office whose clock dates the decree and whose sequence numbers it. */
  issuer: { id: string; zone: OfficeZone; unit: string; code: string };
  /** The office the decree is signed for ("a.n."), or null when the signer holds the office printed in the heading. */
  atasNama: string | null;
  /** The rule version the usulan finishes under: its legal basis is printed, its number format (if any) numbers it. */
  ruleVersion: KpRuleVersion;
  data: Omit<SkKpData, 'nomor' | 'tanggalPenetapan' | 'penandatangan'>;
}

/** Everything a Pertek prints except its number, date and signer block; the Kanreg issues it, in its own zone. */
export interface PertekFacts {
  usulan: UsulanKp;
  kanreg: Selectable<KanregTable>;
  zone: OfficeZone;
  data: Omit<PertekData, 'nomor' | 'tanggal' | 'penandatangan'>;
}

/** The office code printed in SK numbers: the instansi's own code (its id without the 'I-' prefix). */
export const officeCode = (instansiId: string): string => instansiId.replace(/^I-/, '').replace(/[^A-Za-z0-9.-]/g, '');

export async function loadPromotionFacts(db: Db, usulanId: string): Promise<PromotionFacts> {
  const u = await db.selectFrom('usulan_kp').selectAll().where('id', '=', usulanId).executeTakeFirstOrThrow();
  const emp = await db.selectFrom('employee').selectAll().where('nip', '=', u.nip).executeTakeFirstOrThrow();
  const inst = await db.selectFrom('instansi').selectAll().where('id', '=', u.instansi_id).executeTakeFirstOrThrow();
  const kanreg = await db.selectFrom('kanreg').selectAll().where('id', '=', u.kanreg_id).executeTakeFirstOrThrow();
  const unor = emp.unor_id ? await db.selectFrom('unor').select('nama').where('id', '=', emp.unor_id).executeTakeFirst() : undefined;
  const pay = computePromotionSalary({
    fromGolonganId: u.golongan_lama, toGolonganId: u.golongan_baru, mkgTahun: emp.mkg_tahun, mkgBulan: emp.mkg_bulan,
    asOf: emp.tmt_golongan, newTmt: u.periode,
  });
  const gLama = golongan(u.golongan_lama);
  const gBaru = golongan(u.golongan_baru);
  const level = parseEducationLevel(emp.pendidikan_level);
  return {
    usulan: u as UsulanKp,
    employee: emp as Employee,
    instansi: inst,
    kanreg,
    pegawai: {
      nama: namaLengkap({ nama: emp.nama, gelarDepan: emp.gelar_depan, gelarBelakang: emp.gelar_belakang }),
      tempatLahir: emp.tempat_lahir, tanggalLahir: emp.tanggal_lahir, nip: emp.nip,
      pendidikan: emp.pendidikan_nama ?? (level ? educationLabel(level) : emp.pendidikan_level),
      jabatan: emp.jabatan_nama, unitKerja: unor?.nama ?? inst.nama, instansi: inst.nama,
    },
    lama: { pangkat: gLama.pangkat, golongan: gLama.code, tmt: emp.tmt_golongan, mkgTahun: pay.old.tahun, mkgBulan: pay.old.bulan, gajiPokok: pay.old.gajiPokok },
    baru: { pangkat: gBaru.pangkat, golongan: gBaru.code, tmt: u.periode, mkgTahun: pay.new.tahun, mkgBulan: pay.new.bulan, gajiPokok: pay.new.gajiPokok },
    jenisKp: findKpType(u.jenis_kp)?.name,
  };
}

export async function loadSkFacts(db: Db, usulanId: string): Promise<SkFacts> {
  const f = await loadPromotionFacts(db, usulanId);
  const { usulan: u, instansi: inst, kanreg } = f;
  // The SK rests on the Pertek: drafting one without it is a step out of order, which no retry puts right.
  if (!u.pertek_nomor || !u.pertek_tanggal) throw new PermanentError(PermanentFailure.INVARIANT_VIOLATION, `usulan ${usulanId} has no Pertek yet`);
  const bkn = u.penandatangan_sk === 'KEPALA_BKN';
  // The SK cites the legal basis of the rule version the usulan was judged by, not today's.
  const version = kpRuleVersionOfUsulan(u.rule_version, u.periode, await loadKpRuleBook(db));
  return {
    usulan: u,
    issuer: bkn
      ? { id: 'BKN', zone: DEFAULT_OFFICE_ZONE, unit: 'BKN', code: 'PUSAT' }
      : { id: inst.id, zone: asOfficeZone(inst.zona_waktu), unit: inst.kode_unit_sk, code: officeCode(inst.id) },
    atasNama: bkn ? PRESIDEN_RI : inst.sk_atas_nama ? inst.jabatan_ppk : null,
    ruleVersion: version,
    data: {
      tempatPenetapan: bkn ? 'Jakarta' : inst.tempat_penetapan,
      jabatanPpk: bkn ? KEPALA_BKN_JABATAN : inst.jabatan_ppk,
      pegawai: f.pegawai,
      lama: f.lama,
      baru: f.baru,
      pertek: { nomor: u.pertek_nomor, tanggal: u.pertek_tanggal, pejabat: bkn ? 'Kepala Badan Kepegawaian Negara' : `Kepala ${kanreg.nama}` },
      jenisKp: f.jenisKp,
      dasarHukum: version.dasarHukum,
    },
  };
}

export async function loadPertekFacts(db: Db, usulanId: string): Promise<PertekFacts> {
  const f = await loadPromotionFacts(db, usulanId);
  const { kanreg, instansi: inst } = f;
  return {
    usulan: f.usulan,
    kanreg,
    zone: asOfficeZone(kanreg.zona_waktu),
    data: {
      tempat: kanreg.kota, kepada: titleCase(inst.jabatan_ppk),
      kopSurat: { baris: ['BADAN KEPEGAWAIAN NEGARA', kanreg.nama.toUpperCase()] },
      pegawai: f.pegawai,
      lama: { pangkat: f.lama.pangkat, golongan: f.lama.golongan, tmt: f.lama.tmt },
      baru: f.baru,
      jenisKp: f.jenisKp,
    },
  };
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

/**
 * The signer block of an SK signed by `signer`: the named official in their own office, or their Plt/Plh acting in the
 * named official's office. The Head of BKN's office is fixed; an instansi official prints their jabatan.
 */
export function skSignerBlock(facts: SkFacts, signer: AppUser, capacity: SignerCapacity, named: AppUser) {
  const office = facts.usulan.penandatangan_sk === 'KEPALA_BKN' ? KEPALA_BKN_JABATAN : named.jabatan ?? facts.data.jabatanPpk;
  return printedSigner({ atasNama: facts.atasNama, jabatan: office, capacity, nama: signer.nama, nip: signer.nip ?? '' });
}

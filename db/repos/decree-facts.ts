import type { Db } from '../index';
import type { AppUser, UsulanKp } from '../types';
import type { SkKpData } from '../../documents/types';
import { golongan } from '../../domain/golongan';
import { educationLabel, parseEducationLevel } from '../../domain/education';
import { findKpType } from '../../domain/kp-types';
import { asOfficeZone, DEFAULT_OFFICE_ZONE, type OfficeZone } from '../../domain/office-clock';
import { printedSigner, type SignerCapacity } from '../../domain/signer-block';
import { computePromotionSalary } from '../../activities/promotion';
import { KEPALA_BKN_JABATAN, PRESIDEN_RI } from './signers';

/** Everything an SK KP prints except its number, date and signer block, read once for the draft and for the signing. */
export interface SkFacts {
  usulan: UsulanKp;
  /** The office whose clock dates the decree and whose sequence numbers it. */
  issuer: { id: string; zone: OfficeZone; unit: string; code: string };
  /** The office the decree is signed for ("a.n."), or null when the signer holds the office printed in the heading. */
  atasNama: string | null;
  data: Omit<SkKpData, 'nomor' | 'tanggalPenetapan' | 'penandatangan'>;
}

/** The office code printed in SK numbers: the instansi's own code (its id without the 'I-' prefix). */
export const officeCode = (instansiId: string): string => instansiId.replace(/^I-/, '').replace(/[^A-Za-z0-9.-]/g, '');


export async function loadSkFacts(db: Db, usulanId: string): Promise<SkFacts> {
  const u = await db.selectFrom('usulan_kp').selectAll().where('id', '=', usulanId).executeTakeFirstOrThrow();
  if (!u.pertek_nomor || !u.pertek_tanggal) throw new Error(`usulan ${usulanId} has no Pertek yet`);
  const emp = await db.selectFrom('employee').selectAll().where('nip', '=', u.nip).executeTakeFirstOrThrow();
  const inst = await db.selectFrom('instansi').selectAll().where('id', '=', u.instansi_id).executeTakeFirstOrThrow();
  const kanreg = await db.selectFrom('kanreg').selectAll().where('id', '=', u.kanreg_id).executeTakeFirstOrThrow();
  const unor = emp.unor_id ? await db.selectFrom('unor').select('nama').where('id', '=', emp.unor_id).executeTakeFirst() : undefined;
  const bkn = u.penandatangan_sk === 'KEPALA_BKN';
  const pay = computePromotionSalary({
    fromGolonganId: u.golongan_lama, toGolonganId: u.golongan_baru, mkgTahun: emp.mkg_tahun, mkgBulan: emp.mkg_bulan,
    asOf: emp.tmt_golongan, newTmt: u.periode,
  });
  const gLama = golongan(u.golongan_lama);
  const gBaru = golongan(u.golongan_baru);
  const level = parseEducationLevel(emp.pendidikan_level);
  const nama = [emp.gelar_depan, emp.nama].filter(Boolean).join(' ') + (emp.gelar_belakang ? `, ${emp.gelar_belakang}` : '');
  return {
    usulan: u as UsulanKp,
    issuer: bkn
      ? { id: 'BKN', zone: DEFAULT_OFFICE_ZONE, unit: 'BKN', code: 'PUSAT' }
      : { id: inst.id, zone: asOfficeZone(inst.zona_waktu), unit: inst.kode_unit_sk, code: officeCode(inst.id) },
    atasNama: bkn ? PRESIDEN_RI : inst.sk_atas_nama ? inst.jabatan_ppk : null,
    data: {
      tempatPenetapan: bkn ? 'Jakarta' : inst.tempat_penetapan,
      jabatanPpk: bkn ? KEPALA_BKN_JABATAN : inst.jabatan_ppk,
      pegawai: {
        nama, tempatLahir: emp.tempat_lahir, tanggalLahir: emp.tanggal_lahir, nip: emp.nip,
        pendidikan: emp.pendidikan_nama ?? (level ? educationLabel(level) : emp.pendidikan_level),
        jabatan: emp.jabatan_nama, unitKerja: unor?.nama ?? inst.nama, instansi: inst.nama,
      },
      lama: { pangkat: gLama.pangkat, golongan: gLama.code, tmt: emp.tmt_golongan, mkgTahun: pay.old.tahun, mkgBulan: pay.old.bulan, gajiPokok: pay.old.gajiPokok },
      baru: { pangkat: gBaru.pangkat, golongan: gBaru.code, tmt: u.periode, mkgTahun: pay.new.tahun, mkgBulan: pay.new.bulan, gajiPokok: pay.new.gajiPokok },
      pertek: { nomor: u.pertek_nomor, tanggal: u.pertek_tanggal, pejabat: bkn ? 'Kepala Badan Kepegawaian Negara' : `Kepala ${kanreg.nama}` },
      jenisKp: findKpType(u.jenis_kp)?.name,
    },
  };
}

/**
 * The signer block of an SK signed by `signer`: the named official in their own office, or their Plt/Plh acting in the
 * named official's office. The Head of BKN's office is fixed; an instansi official prints their jabatan.
 */
export function skSignerBlock(facts: SkFacts, signer: AppUser, capacity: SignerCapacity, named: AppUser) {
  const office = facts.usulan.penandatangan_sk === 'KEPALA_BKN' ? KEPALA_BKN_JABATAN : named.jabatan ?? facts.data.jabatanPpk;
  return printedSigner({ atasNama: facts.atasNama, jabatan: office, capacity, nama: signer.nama, nip: signer.nip ?? '' });
}

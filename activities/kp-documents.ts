import type { Db } from '../db';
import type { BlobStore } from '../dms/blob-store';
import { assignNumber } from '../db/repos/numbers';
import { formatSkNumber, DEFAULT_SK_NUMBER_FORMAT } from '../domain/numbering';
import { golongan } from '../domain/golongan';
import { educationLabel, parseEducationLevel } from '../domain/education';
import { findKpType } from '../domain/kp-types';
import { renderSkKp } from '../documents/sk-kp';
import type { KpDocumentActivities } from './kp-contract';
import { computePromotionSalary } from './promotion';

export interface KpDocumentDeps {
  db: Db;
  blobs: BlobStore;
  skNumberFormat?: string;
  today?: () => string;
}

const todayIso = () => new Date().toISOString().slice(0, 10);

export function createKpDocumentActivities(deps: KpDocumentDeps): KpDocumentActivities {
  const { db } = deps;
  return {
    /**
     * Numbers and renders the SK draft the signer will sign. Rendering is deterministic and the number is assigned
     * once per usulan, so a retry stores the same bytes under the same hash.
     */
    async prepareSkDraft({ usulanId }) {
      const u = await db.selectFrom('usulan_kp').selectAll().where('id', '=', usulanId).executeTakeFirstOrThrow();
      if (!u.pertek_nomor || !u.pertek_tanggal) throw new Error(`usulan ${usulanId} has no Pertek yet`);
      const emp = await db.selectFrom('employee').selectAll().where('nip', '=', u.nip).executeTakeFirstOrThrow();
      const inst = await db.selectFrom('instansi').selectAll().where('id', '=', u.instansi_id).executeTakeFirstOrThrow();
      const kanreg = await db.selectFrom('kanreg').selectAll().where('id', '=', u.kanreg_id).executeTakeFirstOrThrow();
      const unor = emp.unor_id ? await db.selectFrom('unor').select('nama').where('id', '=', emp.unor_id).executeTakeFirst() : undefined;
      const signer = u.penandatangan_sk === 'KEPALA_BKN'
        ? await db.selectFrom('app_user').selectAll().where('role', '=', 'BKN_HEAD').where('active', '=', true).orderBy('id').executeTakeFirst()
        : await db.selectFrom('app_user').selectAll().where('role', '=', 'APPROVER').where('instansi_id', '=', u.instansi_id)
          .where('active', '=', true).where('signer_id', 'is not', null).orderBy('id').executeTakeFirst();
      const year = Number(u.periode.slice(0, 4));
      const tanggal = deps.today?.() ?? todayIso();
      const scope = u.penandatangan_sk === 'KEPALA_BKN' ? `SK:BKN:${year}` : `SK:${u.instansi_id}:${year}`;
      const unit = u.penandatangan_sk === 'KEPALA_BKN' ? 'BKN' : inst.kode_unit_sk;
      const { nomor, tanggal: tglSk } = await assignNumber(db, {
        usulanId, kind: 'SK', scope, tanggal,
        format: (seq) => formatSkNumber(deps.skNumberFormat ?? DEFAULT_SK_NUMBER_FORMAT, { seq, unit, year }),
      });
      const pay = computePromotionSalary({
        fromGolonganId: u.golongan_lama, toGolonganId: u.golongan_baru, mkgTahun: emp.mkg_tahun, mkgBulan: emp.mkg_bulan,
        asOf: emp.tmt_golongan, newTmt: u.periode,
      });
      const gLama = golongan(u.golongan_lama);
      const gBaru = golongan(u.golongan_baru);
      const level = parseEducationLevel(emp.pendidikan_level);
      const nama = [emp.gelar_depan, emp.nama].filter(Boolean).join(' ') + (emp.gelar_belakang ? `, ${emp.gelar_belakang}` : '');
      const { bytes, signatureField } = await renderSkKp({
        nomor, tanggalPenetapan: tglSk,
        tempatPenetapan: u.penandatangan_sk === 'KEPALA_BKN' ? 'Jakarta' : inst.tempat_penetapan,
        jabatanPpk: u.penandatangan_sk === 'KEPALA_BKN' ? 'KEPALA BADAN KEPEGAWAIAN NEGARA' : inst.jabatan_ppk,
        pegawai: {
          nama, tempatLahir: emp.tempat_lahir, tanggalLahir: emp.tanggal_lahir, nip: emp.nip,
          pendidikan: emp.pendidikan_nama ?? (level ? educationLabel(level) : emp.pendidikan_level),
          jabatan: emp.jabatan_nama, unitKerja: unor?.nama ?? inst.nama, instansi: inst.nama,
        },
        lama: { pangkat: gLama.pangkat, golongan: gLama.code, tmt: emp.tmt_golongan, mkgTahun: pay.old.tahun, mkgBulan: pay.old.bulan, gajiPokok: pay.old.gajiPokok },
        baru: { pangkat: gBaru.pangkat, golongan: gBaru.code, tmt: u.periode, mkgTahun: pay.new.tahun, mkgBulan: pay.new.bulan, gajiPokok: pay.new.gajiPokok },
        pertek: {
          nomor: u.pertek_nomor, tanggal: u.pertek_tanggal,
          pejabat: u.penandatangan_sk === 'KEPALA_BKN' ? 'Kepala Badan Kepegawaian Negara' : `Kepala ${kanreg.nama}`,
        },
        penandatangan: {
          jabatan: u.penandatangan_sk === 'KEPALA_BKN' ? 'KEPALA BADAN KEPEGAWAIAN NEGARA,' : `${inst.jabatan_ppk},`,
          nama: signer?.nama ?? '-', nip: signer?.nip ?? '-',
        },
        jenisKp: findKpType(u.jenis_kp)?.name,
      });
      const { sha256 } = await deps.blobs.put(bytes);
      await db.updateTable('usulan_kp').set({ sk_nomor: nomor, sk_tanggal: tglSk, sk_draft_sha256: sha256, sk_draft_field: JSON.stringify(signatureField), updated_at: new Date() })
        .where('id', '=', usulanId).execute();
      return { nomor, tanggal: tglSk, draftSha256: sha256 };
    },
  };
}

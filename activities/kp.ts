import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db';
import { recordKpEvent } from '../db/repos/usulan-events';
import type { KpActivities, KpNotificationKind, NotifyInput } from './kp-contract';
import type { Mailer } from '../notify/mailer';
import { KP_STATUS_LABEL, type KpStatus } from '../workflows/kp/contract';
import { computePromotionMkg } from './promotion';
import { deliverNotifications, type Recipient } from '../notify/deliver';
import { slaBreaches, stuckSteps } from '../api/metrics';

export interface KpActivityDeps {
  db: Db;
  mailer?: Mailer;
  publicBaseUrl: string;
}

const SUBJECT: Record<KpNotificationKind, string> = {
  DIKEMBALIKAN: 'Usulan kenaikan pangkat dikembalikan ke operator',
  DITOLAK_INSTANSI: 'Usulan kenaikan pangkat ditolak instansi',
  BTS: 'Usulan kenaikan pangkat dikembalikan BKN: berkas tidak sesuai (BTS)',
  TMS: 'Usulan kenaikan pangkat tidak memenuhi syarat (TMS)',
  SELESAI: 'SK kenaikan pangkat telah ditetapkan',
  DITARIK: 'Usulan kenaikan pangkat ditarik',
  PENGINGAT_PERSETUJUAN: 'Pengingat: usulan kenaikan pangkat menunggu persetujuan Anda',
  ESKALASI_PERSETUJUAN: 'Eskalasi: persetujuan usulan kenaikan pangkat melewati batas waktu',
  PENGINGAT_VERIFIKASI: 'Pengingat: usulan kenaikan pangkat menunggu verifikasi',
  ESKALASI_VERIFIKASI: 'Eskalasi: verifikasi usulan kenaikan pangkat melewati batas waktu',
  PENGINGAT_TTE_SK: 'Pengingat: SK kenaikan pangkat menunggu tanda tangan elektronik',
  ESKALASI_TTE_SK: 'Eskalasi: tanda tangan SK kenaikan pangkat melewati batas waktu',
  PENGINGAT_KEPPRES: 'Pengingat: usulan menunggu Keputusan Presiden',
  LANGKAH_MACET: 'Perhatian: langkah usulan kenaikan pangkat terhenti dan perlu ditangani',
};


export function createKpActivities(deps: KpActivityDeps): KpActivities {
  const { db } = deps;

  async function recipientsFor(kind: KpNotificationKind, usulanId: string): Promise<Recipient[]> {
    const u = await db.selectFrom('usulan_kp').selectAll().where('id', '=', usulanId).executeTakeFirstOrThrow();
    const users = (rows: { id: string; email: string | null; nip: string | null }[]) => rows.map((r) => ({ userId: r.id, nip: r.nip, email: r.email }));
    const submitter = () => db.selectFrom('app_user').select(['id', 'email', 'nip']).where('id', '=', u.submitted_by).execute().then(users);
    const employee = async (): Promise<Recipient[]> => {
      const e = await db.selectFrom('employee').select(['nip', 'email']).where('nip', '=', u.nip).executeTakeFirst();
      const account = await db.selectFrom('app_user').select('id').where('nip', '=', u.nip).where('role', '=', 'EMPLOYEE').executeTakeFirst();
      return e ? [{ userId: account?.id ?? null, nip: e.nip, email: e.email }] : [];
    };
    const approvers = () => db.selectFrom('app_user').select(['id', 'email', 'nip'])
      .where('role', '=', 'APPROVER').where('instansi_id', '=', u.instansi_id).where('active', '=', true).execute().then(users);
    const approverSuperiors = () => db.selectFrom('app_user as a').innerJoin('app_user as s', 's.id', 'a.superior_user_id')
      .select(['s.id', 's.email', 's.nip']).where('a.role', '=', 'APPROVER').where('a.instansi_id', '=', u.instansi_id).distinct().execute().then(users);
    const verifiers = () => db.selectFrom('app_user').select(['id', 'email', 'nip'])
      .where('role', '=', 'VERIFIER').where('kanreg_id', '=', u.kanreg_id).where('active', '=', true).execute().then(users);
    const kanregHead = () => db.selectFrom('app_user').select(['id', 'email', 'nip'])
      .where('role', '=', 'KANREG_HEAD').where('kanreg_id', '=', u.kanreg_id).execute().then(users);
    const bknHead = () => db.selectFrom('app_user').select(['id', 'email', 'nip']).where('role', '=', 'BKN_HEAD').execute().then(users);
    const signers = () => (u.penandatangan_sk === 'KEPALA_BKN' ? bknHead() : approvers());
    const admins = () => db.selectFrom('app_user').select(['id', 'email', 'nip']).where('role', '=', 'ADMIN').execute().then(users);
    switch (kind) {
      case 'DIKEMBALIKAN': case 'BTS': case 'DITARIK': return submitter();
      case 'DITOLAK_INSTANSI': case 'TMS': case 'SELESAI': return [...(await submitter()), ...(await employee())];
      case 'PENGINGAT_PERSETUJUAN': return approvers();
      case 'ESKALASI_PERSETUJUAN': return approverSuperiors();
      case 'PENGINGAT_VERIFIKASI': return verifiers();
      case 'ESKALASI_VERIFIKASI': return kanregHead();
      case 'PENGINGAT_TTE_SK': return signers();
      case 'ESKALASI_TTE_SK': return u.penandatangan_sk === 'KEPALA_BKN' ? kanregHead() : approverSuperiors();
      case 'PENGINGAT_KEPPRES': return [...(await submitter()), ...(await admins())];
      // A stopped step: the administrators and the office responsible for the step (the instansi's approvers, or the
      // Kanreg's verifiers for BKN's side).
      case 'LANGKAH_MACET': return [...(await admins()), ...(await (u.penandatangan_sk === 'KEPALA_BKN' ? bknHead() : approvers()))];
    }
  }

  return {
    async recordTransition(input) {
      await recordKpEvent(db, { ...input, changesStatus: true });
    },

    async recordEvent(input) {
      const recorded = await recordKpEvent(db, { ...input, from: input.status, to: input.status, changesStatus: false });
      if (recorded && input.patch?.stuck) stuckSteps.inc({ kind: 'KP', step: input.patch.stuck.step });
      if (recorded && input.patch?.slaBreached) slaBreaches.inc({ step: input.status });
    },

    /** One notification per event and recipient: the unique event key makes a retried activity a no-op. */
    async notifyKp(input: NotifyInput) {
      const u = await db.selectFrom('usulan_kp').select(['id', 'nip', 'nama', 'status', 'periode']).where('id', '=', input.usulanId).executeTakeFirstOrThrow();
      const recipients = await recipientsFor(input.kind, input.usulanId);
      const subject = `${SUBJECT[input.kind]}: ${u.nama} (${u.nip})`;
      const body = [
        `Usulan ${u.id} untuk ${u.nama}, NIP ${u.nip}, periode ${u.periode}.`,
        `Status: ${KP_STATUS_LABEL[u.status as KpStatus] ?? u.status}.`,
        input.catatan ? `Catatan: ${input.catatan}` : '',
        `Lihat: ${deps.publicBaseUrl}/usulan/${encodeURIComponent(u.id)}`,
      ].filter(Boolean).join('\n');
      return deliverNotifications(db, deps.mailer, { usulanId: u.id, eventKey: input.eventKey, recipients, subject, body });
    },

    /** Writes the new golongan row once (unique by usulan id) and moves the employee's current golongan with it. */
    async applyPromotion(input) {
      await db.transaction().execute(async (trx) => {
        const u = await trx.selectFrom('usulan_kp').selectAll().where('id', '=', input.usulanId).executeTakeFirstOrThrow();
        // A golongan row only for a decree that stands: the signed SK the workflow accepted, or the recorded Keppres.
        if (u.penandatangan_sk !== 'PRESIDEN') {
          const sk = input.skDocumentId
            ? await trx.selectFrom('document').select(['status', 'kind', 'usulan_id']).where('id', '=', input.skDocumentId).executeTakeFirst()
            : undefined;
          if (!sk || sk.kind !== 'SK' || sk.usulan_id !== u.id || sk.status !== 'BERLAKU') {
            throw ApplicationFailure.nonRetryable(`Kenaikan pangkat ${u.id} tidak dapat dicatat: tidak ada SK berlaku yang diterima alur kerja`, 'NoStandingDecree');
          }
        }
        const emp = await trx.selectFrom('employee').selectAll().where('nip', '=', u.nip).forUpdate().executeTakeFirstOrThrow();
        const mkg = computePromotionMkg({ fromGolonganId: emp.golongan_id, toGolonganId: u.golongan_baru, mkgTahun: emp.mkg_tahun, mkgBulan: emp.mkg_bulan, asOf: emp.tmt_golongan, newTmt: u.periode });
        const inserted = await trx.insertInto('employee_golongan_history').values({
          nip: u.nip, golongan_id: u.golongan_baru, tmt: u.periode, mkg_tahun: mkg.tahun, mkg_bulan: mkg.bulan,
          sk_nomor: input.skNomor, sk_tanggal: input.skTanggal, pertek_nomor: u.pertek_nomor, usulan_id: u.id,
        }).onConflict((oc) => oc.column('usulan_id').doNothing()).returning('id').executeTakeFirst();
        if (inserted) {
          await trx.updateTable('employee').set({
            golongan_id: u.golongan_baru, tmt_golongan: u.periode, mkg_tahun: mkg.tahun, mkg_bulan: mkg.bulan, updated_at: new Date(),
          }).where('nip', '=', u.nip).execute();
        }
        await trx.updateTable('usulan_kp').set({
          sk_nomor: input.skNomor, sk_tanggal: input.skTanggal,
          ...(input.skDocumentId ? { sk_document_id: input.skDocumentId } : {}),
          updated_at: new Date(),
        }).where('id', '=', u.id).execute();
      });
    },
  };
}


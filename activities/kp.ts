import type { Db } from '../db';
import { writeOutboxIntents } from '../db/repos/siasn-outbox';
import { KP_NOTIFICATIONS } from '../domain/kp-lifecycle';
import { recordKpEvent } from '../db/repos/usulan-events';
import type { KpActivities, KpNotificationKind, NotifyInput } from '../workflows/kp/contract';
import type { Mailer } from '../notify/mailer';
import { KP_STATUS_LABEL, type KpStatus } from '../workflows/kp/contract';
import { computePromotionMkg } from '../reference/promotion';
import { classified, permanentFailure } from './failures';
import { PermanentFailure } from '../domain/failures';
import { deliverNotifications } from '../notify/deliver';
import { recipientsFor, type Audience } from '../notify/recipients';
import { countSlaBreach, countStuckStep } from '../observability/metrics';

export interface KpActivityDeps {
  db: Db;
  mailer?: Mailer;
  publicBaseUrl: string;
}

/** Subject lines, from the lifecycle module. */
const SUBJECT = KP_NOTIFICATIONS;


export function createKpActivities(deps: KpActivityDeps): KpActivities {
  const { db } = deps;

  /** Who hears of each kind of notification, by their part in the usulan. */
  const AUDIENCE = (u: { penandatangan_sk: string | null }): Record<KpNotificationKind, readonly Audience[]> => {
    const bkn = u.penandatangan_sk === 'KEPALA_BKN';
    return {
      // A return is the instansi's work: every operator of it hears, so it never waits on one person's inbox.
      DIKEMBALIKAN: ['SUBMITTER', 'INSTANSI_OPERATORS'], BTS: ['SUBMITTER', 'INSTANSI_OPERATORS'], DITARIK: ['SUBMITTER'],
      DITOLAK_INSTANSI: ['SUBMITTER', 'EMPLOYEE'], TMS: ['SUBMITTER', 'EMPLOYEE'], SELESAI: ['SUBMITTER', 'EMPLOYEE'],
      PENGINGAT_PERSETUJUAN: ['INSTANSI_APPROVERS'],
      ESKALASI_PERSETUJUAN: ['INSTANSI_APPROVER_SUPERIORS'],
      PENGINGAT_VERIFIKASI: ['KANREG_VERIFIERS'],
      ESKALASI_VERIFIKASI: ['KANREG_HEAD'],
      PENGINGAT_TTE_SK: [bkn ? 'BKN_HEAD' : 'INSTANSI_APPROVERS'],
      ESKALASI_TTE_SK: [bkn ? 'KANREG_HEAD' : 'INSTANSI_APPROVER_SUPERIORS'],
      PENGINGAT_KEPPRES: ['SUBMITTER', 'ADMINS'],
      // A stopped step: the administrators and the office responsible for the step (the instansi's approvers, or the
      // Head of BKN for decrees BKN signs).
      LANGKAH_MACET: ['ADMINS', bkn ? 'BKN_HEAD' : 'INSTANSI_APPROVERS'],
    };
  };

  return classified<KpActivities>({
    async recordTransition(input) {
      await recordKpEvent(db, { ...input, changesStatus: true });
    },

    async recordEvent(input) {
      const recorded = await recordKpEvent(db, { ...input, from: input.status, to: input.status, changesStatus: false });
      if (recorded && input.patch?.stuck) countStuckStep('kp', input.patch.stuck.step);
      if (recorded && input.patch?.slaBreached) countSlaBreach('kp', input.status);
    },

    /** One notification per event and recipient: the unique event key makes a retried activity a no-op. */
    async notifyKp(input: NotifyInput) {
      const u = await db.selectFrom('usulan_kp').selectAll().where('id', '=', input.usulanId).executeTakeFirstOrThrow();
      const recipients = await recipientsFor(db, u, AUDIENCE(u)[input.kind]);
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
            throw permanentFailure(PermanentFailure.NO_STANDING_DECREE, `Kenaikan pangkat ${u.id} tidak dapat dicatat: tidak ada SK berlaku yang diterima alur kerja`);
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
          // SIASN learns of the decree (upload-dok-sk-kp) through the outbox, in this transaction with the promotion.
          await writeOutboxIntents(trx, [{
            instansiId: u.instansi_id, jenis: 'SK_KP', kunci: `SK_KP:${u.id}`, nip: u.nip,
            payload: { usulanId: u.id, nip: u.nip, skNomor: input.skNomor, skTanggal: input.skTanggal, skDocumentId: input.skDocumentId ?? null, golonganId: u.golongan_baru, tmt: u.periode },
          }]);
        }
        await trx.updateTable('usulan_kp').set({
          sk_nomor: input.skNomor, sk_tanggal: input.skTanggal,
          ...(input.skDocumentId ? { sk_document_id: input.skDocumentId } : {}),
          updated_at: new Date(),
        }).where('id', '=', u.id).execute();
      });
    },
  });
}


import type { Db } from '../db';
import type { Mailer } from '../notify/mailer';
import { applyApprovedChanges, recordPeremajaanEvent } from '../db/repos/peremajaan';
import { PEREMAJAAN_AREA_LABELS, PEREMAJAAN_FIELDS, isPeremajaanArea, type Verifier } from '../domain/peremajaan';
import type { PeremajaanActivities, PeremajaanNotificationKind } from './peremajaan-contract';
import { deliverNotifications, dedupeRecipients as dedupe, type Recipient } from '../notify/deliver';

export interface PeremajaanActivityDeps {
  db: Db;
  mailer?: Mailer;
  publicBaseUrl: string;
}

const SUBJECT: Record<PeremajaanNotificationKind, string> = {
  DITARIK: 'Usulan peremajaan data ditarik',
  PENGINGAT_VERIFIKASI: 'Pengingat: usulan peremajaan data menunggu verifikasi Anda',
  ESKALASI_VERIFIKASI: 'Eskalasi: verifikasi usulan peremajaan data melewati batas waktu',
  KEMBALI_KE_VERIFIKATOR: 'Perubahan data perlu diputus ulang: data pegawai berubah sejak diusulkan',
};


export function describeField(area: string, field: string): string {
  if (!isPeremajaanArea(area)) return `${area}.${field}`;
  return `${PEREMAJAAN_FIELDS[area][field]?.label ?? field} (${PEREMAJAAN_AREA_LABELS[area]})`;
}

function show(v: unknown): string {
  return v === null || v === undefined || v === '' ? '(kosong)' : typeof v === 'string' ? v : JSON.stringify(v);
}

export function createPeremajaanActivities(deps: PeremajaanActivityDeps): PeremajaanActivities {
  const { db } = deps;
  const users = (rows: { id: string; email: string | null; nip: string | null }[]): Recipient[] => rows.map((r) => ({ userId: r.id, nip: r.nip, email: r.email }));

  async function usulan(id: string) {
    return db.selectFrom('usulan_peremajaan').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** The person whose record it is, and the submitter when someone else proposed. */
  async function personAndSubmitter(u: { nip: string; submitted_by: string }): Promise<Recipient[]> {
    const e = await db.selectFrom('employee').select(['nip', 'email']).where('nip', '=', u.nip).executeTakeFirst();
    const account = await db.selectFrom('app_user').select('id').where('nip', '=', u.nip).where('role', '=', 'EMPLOYEE').executeTakeFirst();
    const submitter = await db.selectFrom('app_user').select(['id', 'email', 'nip']).where('id', '=', u.submitted_by).execute().then(users);
    return dedupe([...(e ? [{ userId: account?.id ?? null, nip: e.nip, email: e.email }] : []), ...submitter]);
  }

  async function verifiers(u: { instansi_id: string; kanreg_id: string }, authorities: Verifier[], escalate: boolean): Promise<Recipient[]> {
    const out: Recipient[] = [];
    if (authorities.includes('INSTANSI')) {
      out.push(...await (escalate
        ? db.selectFrom('app_user as a').innerJoin('app_user as s', 's.id', 'a.superior_user_id').select(['s.id', 's.email', 's.nip'])
          .where('a.role', '=', 'APPROVER').where('a.instansi_id', '=', u.instansi_id).distinct().execute().then(users)
        : db.selectFrom('app_user').select(['id', 'email', 'nip']).where('role', '=', 'APPROVER').where('instansi_id', '=', u.instansi_id)
          .where('active', '=', true).execute().then(users)));
    }
    if (authorities.includes('BKN')) {
      out.push(...await db.selectFrom('app_user').select(['id', 'email', 'nip']).where('role', '=', escalate ? 'KANREG_HEAD' : 'VERIFIER')
        .where('kanreg_id', '=', u.kanreg_id).where('active', '=', true).execute().then(users));
    }
    return dedupe(out);
  }

  const deliver = (usulanId: string, eventKey: string, recipients: Recipient[], subject: string, body: string): Promise<number> =>
    deliverNotifications(db, deps.mailer, { usulanId, eventKey, recipients, subject, body });

  const link = (id: string) => `Lihat: ${deps.publicBaseUrl}/peremajaan/${encodeURIComponent(id)}`;

  return {
    async peremajaanRecordEvent(input) {
      await recordPeremajaanEvent(db, input);
    },

    async peremajaanApplyApprovedChanges(input) {
      return applyApprovedChanges(db, input);
    },

    async peremajaanNotifyOutcomes(input) {
      const u = await usulan(input.usulanId);
      const recipients = await personAndSubmitter(u);
      let sent = 0;
      for (const o of input.outcomes) {
        const c = await db.selectFrom('peremajaan_change').selectAll().where('id', '=', o.changeId).executeTakeFirstOrThrow();
        const what = describeField(c.area, c.field);
        const subject = o.outcome === 'DITERAPKAN'
          ? `Perubahan data disetujui dan diterapkan: ${what}`
          : `Perubahan data ditolak: ${what}`;
        const body = [
          `Usulan peremajaan ${u.id} untuk ${u.nama}, NIP ${u.nip}.`,
          o.outcome === 'DITERAPKAN'
            ? `${what} diubah dari ${show(c.old_value)} menjadi ${show(c.new_value)}.`
            : `Usulan mengubah ${what} menjadi ${show(c.new_value)} ditolak. Alasan: ${o.reason ?? c.reason ?? '-'}`,
          link(u.id),
        ].join('\n');
        sent += await deliver(u.id, `${u.id}:${c.id}:${o.outcome}`, recipients, subject, body);
      }
      return sent;
    },

    async peremajaanNotify(input) {
      const u = await usulan(input.usulanId);
      const authorities = input.authorities ?? [];
      const recipients = input.kind === 'DITARIK'
        ? await personAndSubmitter(u)
        : await verifiers(u, authorities, input.kind === 'ESKALASI_VERIFIKASI');
      const subject = `${SUBJECT[input.kind]}: ${u.nama} (${u.nip})`;
      const body = [`Usulan peremajaan ${u.id} untuk ${u.nama}, NIP ${u.nip}.`, input.catatan ? `Catatan: ${input.catatan}` : '', link(u.id)]
        .filter(Boolean).join('\n');
      return deliver(u.id, input.eventKey, recipients, subject, body);
    },
  };
}


import type { Db } from '../db';
import { PEREMAJAAN_NOTIFICATIONS } from '../domain/peremajaan-lifecycle';
import type { Mailer } from '../notify/mailer';
import { applyApprovedChanges, recordPeremajaanEvent } from '../db/repos/peremajaan';
import { recheckOpenUsulan } from '../db/repos/eligibility-recheck';
import { PEREMAJAAN_AREA_LABELS, PEREMAJAAN_FIELDS, isPeremajaanArea, type Verifier } from '../domain/peremajaan';
import type { PeremajaanActivities } from '../workflows/peremajaan/contract';
import { deliverNotifications, type Recipient } from '../notify/deliver';
import { recipientsFor, type Audience } from '../notify/recipients';
import { countSlaBreach, countStuckStep } from '../observability/metrics';
import { classified } from './failures';

export interface PeremajaanActivityDeps {
  db: Db;
  mailer?: Mailer;
  publicBaseUrl: string;
}

/** Subject lines, from the lifecycle module. */
const SUBJECT = PEREMAJAAN_NOTIFICATIONS;


export function describeField(area: string, field: string): string {
  if (!isPeremajaanArea(area)) return `${area}.${field}`;
  return `${PEREMAJAAN_FIELDS[area][field]?.label ?? field} (${PEREMAJAAN_AREA_LABELS[area]})`;
}

function show(v: unknown): string {
  return v === null || v === undefined || v === '' ? '(kosong)' : typeof v === 'string' ? v : JSON.stringify(v);
}

export function createPeremajaanActivities(deps: PeremajaanActivityDeps): PeremajaanActivities {
  const { db } = deps;
  async function usulan(id: string) {
    return db.selectFrom('usulan_peremajaan').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** The person whose record it is, and the submitter when someone else proposed. */
  const PERSON_AND_SUBMITTER: readonly Audience[] = ['EMPLOYEE', 'SUBMITTER'];

  /** Whoever still owes a decision: the instansi's verifiers and BKN's (their superiors and the Kanreg head on escalation). */
  function verifierAudience(authorities: Verifier[], escalate: boolean): Audience[] {
    return [
      ...(authorities.includes('INSTANSI') ? [escalate ? 'INSTANSI_APPROVER_SUPERIORS' as const : 'INSTANSI_APPROVERS' as const] : []),
      ...(authorities.includes('BKN') ? [escalate ? 'KANREG_HEAD' as const : 'KANREG_VERIFIERS' as const] : []),
    ];
  }

  const deliver = (usulanId: string, eventKey: string, recipients: Recipient[], subject: string, body: string): Promise<number> =>
    deliverNotifications(db, deps.mailer, { usulanId, eventKey, recipients, subject, body });

  const link = (id: string) => `Lihat: ${deps.publicBaseUrl}/peremajaan/${encodeURIComponent(id)}`;

  return classified<PeremajaanActivities>({
    async peremajaanRecordEvent(input) {
      const recorded = await recordPeremajaanEvent(db, input);
      if (recorded && input.patch?.stuck) countStuckStep('peremajaan', input.patch.stuck.step);
      if (recorded && input.patch?.slaBreached) countSlaBreach('peremajaan', input.to);
    },

    async peremajaanApplyApprovedChanges(input) {
      const result = await applyApprovedChanges(db, input);
      // A verified change is a fact an open KP usulan may have been judged on (pendidikan, golongan, jabatan): judge it
      // again, as after an import. Keyed by this apply's event, so a retried activity writes no second warning.
      if (result.results.some((r) => r.outcome === 'DITERAPKAN')) {
        const u = await usulan(input.usulanId);
        await recheckOpenUsulan(db, [u.nip], { key: `peremajaan:${input.eventKey}`, sumber: 'PEREMAJAAN' });
      }
      return result;
    },

    async peremajaanNotifyOutcomes(input) {
      const u = await usulan(input.usulanId);
      const recipients = await recipientsFor(db, u, PERSON_AND_SUBMITTER);
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
      const audience: readonly Audience[] = input.kind === 'DITARIK' ? PERSON_AND_SUBMITTER
        // A stopped step: the administrators and the offices that decide this usulan's changes.
        : input.kind === 'LANGKAH_MACET' ? ['ADMINS', ...verifierAudience(['INSTANSI', 'BKN'], false)]
          : verifierAudience(authorities, input.kind === 'ESKALASI_VERIFIKASI');
      const recipients = await recipientsFor(db, u, audience);
      const subject = `${SUBJECT[input.kind]}: ${u.nama} (${u.nip})`;
      const body = [`Usulan peremajaan ${u.id} untuk ${u.nama}, NIP ${u.nip}.`, input.catatan ? `Catatan: ${input.catatan}` : '', link(u.id)]
        .filter(Boolean).join('\n');
      return deliver(u.id, input.eventKey, recipients, subject, body);
    },
  });
}


import type { Db } from '../index';
import type { Kysely } from 'kysely';
import type { Database } from '../types';
import type { TransitionInput } from '../../workflows/kp/contract';
import { canTransition, isFinal, type KpStatus } from '../../domain/kp-lifecycle';

/**
 * Records one step of an usulan: the event row (unique by event key) and the read-model change, in one transaction.
 * A retry finds the event already there and changes nothing.
 */
export async function recordKpEvent(
  db: Db,
  input: Omit<TransitionInput, 'from' | 'to'> & { from: KpStatus | null; to: KpStatus; changesStatus: boolean },
): Promise<boolean> {
  // The lifecycle's table is the law of the read model too: a move it does not allow is a bug, never a new state.
  if (input.changesStatus && input.from !== null && input.from !== input.to && !canTransition(input.from, input.to)) {
    throw new Error(`transition ${input.from} → ${input.to} of ${input.usulanId} is not in KP_TRANSITIONS`);
  }
  return db.transaction().execute(async (trx) => {
    const inserted = await insertEventRow(trx, input);
    if (!inserted) return false;
    const p = input.patch ?? {};
    const final = isFinal(input.to);
    const statusChange = input.changesStatus ? { status: input.to, is_open: !final, closed_at: final ? new Date() : null, last_step: input.step } : {};
    await trx.updateTable('usulan_kp').set({
      ...statusChange,
      updated_at: new Date(),
      ...(input.catatan !== undefined ? { last_note: input.catatan } : {}),
      ...(p.approvedBy ? { approved_by: p.approvedBy } : {}),
      ...(p.btsCount !== undefined ? { bts_count: p.btsCount } : {}),
      ...(p.pertek ? { pertek_nomor: p.pertek.nomor, pertek_tanggal: p.pertek.tanggal, pertek_document_id: p.pertek.documentId } : {}),
      ...(p.dueInMs !== undefined ? { due_at: p.dueInMs === null ? null : new Date(Date.now() + p.dueInMs), sla_breached: false } : {}),
      ...(p.slaBreached ? { sla_breached: true } : {}),
      ...(p.releaseClaim ? { claimed_by: null, claim_expires_at: null } : {}),
      ...(p.skDraft ? { sk_signer_user_id: p.skDraft.signerUserId, sk_draft_sha256: p.skDraft.sha256 } : {}),
      ...(p.stuck !== undefined ? { stuck_reason: p.stuck ? `${p.stuck.step}: ${p.stuck.reason}`.slice(0, 1000) : null, stuck_since: p.stuck ? new Date() : null } : {}),
    }).where('id', '=', input.usulanId)
      .$if(input.changesStatus, (qb) => qb.where('last_step', '<', input.step))
      .execute();
    // The signed document becomes the standing decree in the same transaction as the step that accepted it; the
    // workflow is the authority, so even a signature housekeeping had given up on stands once its step is accepted.
    if (p.activateDocumentId) {
      const doc = await trx.updateTable('document').set({ status: 'BERLAKU' })
        .where('id', '=', p.activateDocumentId).where('usulan_id', '=', input.usulanId).where('status', 'in', ['MENUNGGU', 'BERLAKU', 'BATAL'])
        .returning('id').executeTakeFirst();
      if (!doc) throw new Error(`signed document ${p.activateDocumentId} of ${input.usulanId} is not pending`);
    }
    return true;
  });
}

export interface EventRow {
  usulanId: string;
  eventKey: string;
  jenis: string;
  actor?: { userId: string; nama: string };
  from: string | null;
  to: string | null;
  catatan?: string;
  data?: Record<string, unknown>;
  /** The workflow's step: the timeline's order, whatever order the activities commit in. */
  step?: number;
}

/** The timeline row of any usulan (KP or peremajaan); false when this event key was already recorded. */
export async function insertEventRow(trx: Kysely<Database>, e: EventRow): Promise<boolean> {
  const row = await trx.insertInto('usulan_event').values({
    usulan_id: e.usulanId,
    event_key: e.eventKey,
    jenis: e.jenis,
    actor_id: e.actor?.userId ?? null,
    actor_nama: e.actor?.nama ?? null,
    from_status: e.from,
    to_status: e.to,
    catatan: e.catatan ?? null,
    data: e.data ? JSON.stringify(e.data) : null,
    seq: e.step ?? null,
  }).onConflict((oc) => oc.column('event_key').doNothing()).returning('id').executeTakeFirst();
  return row !== undefined;
}

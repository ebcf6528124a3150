import type { Client } from '@temporalio/client';
import type { Db } from '../../db';
import type { Actor } from '../../domain/identity';
import { conflict, notFound } from '../errors';
import { appendAudit } from '../../db/repos/audit-log';
import { peremajaanWorkflowId, retryPeremajaanStepSignal } from '../../workflows/peremajaan/contract';

/** A step stopped on a failure (LANGKAH_MACET) tries again once the cause is fixed, without waiting for its own retry. */
export async function retryStuckPeremajaanStep(deps: { db: Db; temporal: Client }, actor: Actor, id: string, ip?: string): Promise<{ usulanId: string; diulang: true }> {
  const u = await deps.db.selectFrom('usulan_peremajaan').select(['id', 'stuck_reason']).where('id', '=', id).executeTakeFirst();
  if (!u) throw notFound('Usulan peremajaan');
  if (!u.stuck_reason) throw conflict('Langkah usulan ini tidak sedang terhenti');
  await deps.temporal.workflow.getHandle(peremajaanWorkflowId(u.id)).signal(retryPeremajaanStepSignal, { actor: { userId: actor.userId, nama: actor.nama, role: actor.role } });
  await appendAudit(deps.db, { actorId: actor.userId, action: 'PEREMAJAAN_RETRY_STEP', objectType: 'usulan_peremajaan', objectId: u.id, ip, data: { stuck: u.stuck_reason } });
  return { usulanId: u.id, diulang: true };
}

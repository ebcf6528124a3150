import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { kpUsulanWorkflow } from '../../workflows/kp/workflow';
import type { Db } from '../../db';
import type { SlaDurations, KpWorkflowInput, WorkingDaySla } from '../../workflows/kp/contract';
import { zoneLookup } from '../../db/repos/office-dates';
import { forEachConcurrently } from '../concurrently';
import { KP_WORKFLOW_TYPE, kpWorkflowId } from '../../workflows/kp/contract';

export interface StarterDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  sla: Omit<SlaDurations, 'workingDays'> & { workingDays?: Omit<WorkingDaySla, 'instansiZone' | 'kanregZone'> };
  /** KP_HISTORY_LIMIT; the workflow's own default when absent. */
  historyLimit?: number;
}

/** The SLA of one usulan: in hari kerja, with the zones of the offices that count them. */
async function slaOf(deps: StarterDeps, u: { instansi_id: string; kanreg_id: string }, zoneOf: ReturnType<typeof zoneLookup>): Promise<SlaDurations> {
  const { workingDays, approvalMs, verificationMs, reminderBeforeMs, keppresReminderMs } = deps.sla;
  const sla: SlaDurations = { approvalMs, verificationMs, reminderBeforeMs, keppresReminderMs };
  if (!workingDays) return sla;
  const [instansiZone, kanregZone] = await Promise.all([zoneOf({ instansiId: u.instansi_id }), zoneOf({ kanregId: u.kanreg_id })]);
  return { ...sla, workingDays: { ...workingDays, instansiZone, kanregZone } };
}

/**
 * Starts the workflows of committed usulan rows (the rows are the "intent to start"). Safe to run twice: the
 * workflow id is the usulan id, so a second start finds the first.
 */
export async function startKpWorkflows(deps: StarterDeps, usulanIds: string[], concurrency = 32): Promise<number> {
  let started = 0;
  const zones = zoneLookup(deps.db);
  for (let i = 0; i < usulanIds.length; i += 500) {
    const chunk = usulanIds.slice(i, i + 500);
    const rows = await deps.db.selectFrom('usulan_kp').selectAll().where('id', 'in', chunk).where('workflow_started_at', 'is', null).execute();
    const done: string[] = [];
    try {
      await forEachConcurrently(rows, concurrency, async (u) => {
        const input: KpWorkflowInput = {
          usulanId: u.id, nip: u.nip, instansiId: u.instansi_id, kanregId: u.kanreg_id, periode: u.periode, jenisKp: u.jenis_kp,
          golonganLama: u.golongan_lama, golonganBaru: u.golongan_baru, penandatangan: u.penandatangan_sk, submittedBy: u.submitted_by, sla: await slaOf(deps, u, zones), historyLimit: deps.historyLimit,
        };
        try {
          await deps.temporal.workflow.start<typeof kpUsulanWorkflow>(KP_WORKFLOW_TYPE, { workflowId: kpWorkflowId(u.id), taskQueue: deps.taskQueue, args: [input] });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
        done.push(u.id);
        if (done.length >= 100) await markStarted(deps.db, done.splice(0));
      });
    } finally {
      if (done.length) await markStarted(deps.db, done);
    }
    started += rows.length;
  }
  return started;
}

async function markStarted(db: Db, ids: string[]): Promise<void> {
  await db.updateTable('usulan_kp').set({ workflow_started_at: new Date() }).where('id', 'in', ids).where('workflow_started_at', 'is', null).execute();
}

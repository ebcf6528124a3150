import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { peremajaanWorkflow } from '../../workflows/peremajaan/workflow';
import type { Db } from '../../db';
import type { Actor } from '../../domain/identity';
import { AppError, HTTP_STATUS } from '../errors';
import { zoneLookup } from '../../db/repos/office-dates';
import { forEachConcurrently } from '../concurrently';
import type { SlaConfig } from '../../config';
import { refusalOf } from '../refusals';
import { getUsulanInScope } from './service';
import type { PeremajaanArea } from '../../domain/peremajaan';
import {
  PEREMAJAAN_WORKFLOW_TYPE, decideChangeUpdate, peremajaanWorkflowId, withdrawPeremajaanUpdate,
  type ChangeDecisionResult, type PeremajaanActorRef, type PeremajaanSla, type PeremajaanStatus, type PeremajaanWorkflowInput,
} from '../../workflows/peremajaan/contract';

export interface PeremajaanWorkflowDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** As configured; the zone of a working-day SLA is each usulan's own (slaOf). */
  sla: Omit<PeremajaanSla, 'workingDays'> & { workingDays?: { verification: number; reminderBefore: number } };
}

/** The peremajaan part of the configured SLAs (verification and its reminder). */
export function peremajaanSlaOf(sla: Readonly<SlaConfig>): PeremajaanWorkflowDeps['sla'] {
  return {
    verificationMs: sla.verificationMs, reminderBeforeMs: sla.reminderBeforeMs,
    ...(sla.workingDays ? { workingDays: { verification: sla.workingDays.verification, reminderBefore: sla.workingDays.reminderBefore } } : {}),
  };
}

/**
 * The SLA of one usulan. In hari kerja it is counted in the zone of the office that decides: the Kanreg's when every
 * change is BKN's to verify, else the instansi's.
 */
async function slaOf(
  deps: PeremajaanWorkflowDeps, u: { instansi_id: string; kanreg_id: string }, authorities: string[], zoneOf: ReturnType<typeof zoneLookup>,
): Promise<PeremajaanSla> {
  const { workingDays, verificationMs, reminderBeforeMs } = deps.sla;
  if (!workingDays) return { verificationMs, reminderBeforeMs };
  const bknOnly = authorities.length > 0 && authorities.every((a) => a === 'BKN');
  const zone = await zoneOf(bknOnly ? { kanregId: u.kanreg_id } : { instansiId: u.instansi_id });
  return { verificationMs, reminderBeforeMs, workingDays: { ...workingDays, zone } };
}

/**
 * Starts the workflows of committed usulan rows (the rows are the intent to start). Safe to run twice, and alongside
 * itself: the workflow id is the usulan id, so a second start finds the first.
 */
export async function startPeremajaanWorkflows(deps: PeremajaanWorkflowDeps, usulanIds: string[], concurrency = 16): Promise<number> {
  let started = 0;
  const zones = zoneLookup(deps.db);
  for (let i = 0; i < usulanIds.length; i += 200) {
    const chunk = usulanIds.slice(i, i + 200);
    const rows = await deps.db.selectFrom('usulan_peremajaan').selectAll().where('id', 'in', chunk).where('workflow_started_at', 'is', null).execute();
    const changes = rows.length ? await deps.db.selectFrom('peremajaan_change').selectAll().where('usulan_id', 'in', rows.map((r) => r.id)).orderBy('seq').execute() : [];
    const done: string[] = [];
    try {
      await forEachConcurrently(rows, concurrency, async (u) => {
        const own = changes.filter((c) => c.usulan_id === u.id);
        const input: PeremajaanWorkflowInput = {
          usulanId: u.id, nip: u.nip, instansiId: u.instansi_id, kanregId: u.kanreg_id, submittedBy: u.submitted_by, sla: await slaOf(deps, u, own.map((c) => c.authority), zones),
          changes: own.map((c) => ({
            id: c.id, seq: c.seq, area: c.area as PeremajaanArea, field: c.field, authority: c.authority, oldValue: c.old_value, newValue: c.new_value,
          })),
        };
        try {
          await deps.temporal.workflow.start<typeof peremajaanWorkflow>(PEREMAJAAN_WORKFLOW_TYPE, { workflowId: peremajaanWorkflowId(u.id), taskQueue: deps.taskQueue, args: [input] });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
        done.push(u.id);
      });
    } finally {
      if (done.length) await deps.db.updateTable('usulan_peremajaan').set({ workflow_started_at: new Date() }).where('id', 'in', done).where('workflow_started_at', 'is', null).execute();
    }
    started += done.length;
  }
  return started;
}

const actorRef = (a: Actor): PeremajaanActorRef => ({
  userId: a.userId, nama: a.nama, role: a.role, instansiId: a.instansiId, kanregId: a.kanregId, delegatedInstansiIds: a.delegatedInstansiIds,
});

/** A validator's refusal or a finished workflow as the API's error: 403 for who, 409 for when, 422 for what. */
const CLOSED = 'Usulan sudah selesai; tidak ada lagi yang dapat diputus';
/** A refused update as the API's answer (api/refusals.ts, shared by every workflow). */
export function mapUpdateError(err: unknown): never {
  throw refusalOf(err, CLOSED);
}

/**
 * A collective submission answers before its workflows are all started; an action that reaches one of them first
 * starts it (the same idempotent start the background and the sweeper use) instead of finding no workflow.
 */
async function ensureStarted(deps: PeremajaanWorkflowDeps, u: { id: string; workflow_started_at: Date | null }): Promise<void> {
  if (u.workflow_started_at === null) await startPeremajaanWorkflows(deps, [u.id]);
}

export async function decidePeremajaanChange(
  deps: PeremajaanWorkflowDeps, actor: Actor, usulanId: string, changeId: string, body: { action: 'APPROVE' | 'REJECT'; reason?: string },
): Promise<ChangeDecisionResult> {
  await ensureStarted(deps, await getUsulanInScope(deps.db, actor, usulanId));
  const change = await deps.db.selectFrom('peremajaan_change').select('id').where('usulan_id', '=', usulanId).where('id', '=', changeId).executeTakeFirst();
  if (!change) throw new AppError('NOT_FOUND', 'Perubahan tidak ditemukan pada usulan ini');
  try {
    return await deps.temporal.workflow.getHandle(peremajaanWorkflowId(usulanId))
      .executeUpdate(decideChangeUpdate, { args: [{ actor: actorRef(actor), changeId, action: body.action, reason: body.reason }] });
  } catch (err) {
    return mapUpdateError(err);
  }
}

export const MAX_BULK_DECISIONS = 500;

export interface BulkDecisionItem {
  usulanId: string;
  changeId: string;
  status: 'DIPUTUS' | 'DITOLAK';
  change?: ChangeDecisionResult['change'];
  /** Why this one was refused: the same words its own request would have answered. */
  alasan?: string;
  kode?: number;
}

/**
 * Many decisions in one request, each through its own workflow's validator as if sent alone (a few at a time, so a
 * hundred decisions do not queue one behind the other); one refused does not stop the others.
 */
export async function decidePeremajaanChanges(
  deps: PeremajaanWorkflowDeps, actor: Actor, items: { usulanId: string; changeId: string; action: 'APPROVE' | 'REJECT'; reason?: string }[],
): Promise<{ total: number; diputus: number; ditolak: number; items: BulkDecisionItem[] }> {
  const out: BulkDecisionItem[] = new Array(items.length);
  const seen = new Set<string>();
  await forEachConcurrently(items, 8, async (it, i) => {
    const key = `${it.usulanId}\u0000${it.changeId}`;
    if (seen.has(key)) {
      out[i] = { usulanId: it.usulanId, changeId: it.changeId, status: 'DITOLAK', alasan: 'Perubahan ini tercantum lebih dari sekali dalam permintaan', kode: 422 };
      return;
    }
    seen.add(key);
    try {
      const r = await decidePeremajaanChange(deps, actor, it.usulanId, it.changeId, { action: it.action, reason: it.reason });
      out[i] = { usulanId: it.usulanId, changeId: it.changeId, status: 'DIPUTUS', change: r.change };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      out[i] = { usulanId: it.usulanId, changeId: it.changeId, status: 'DITOLAK', alasan: err.message, kode: HTTP_STATUS[err.code] };
    }
  });
  const diputus = out.filter((o) => o.status === 'DIPUTUS').length;
  return { total: out.length, diputus, ditolak: out.length - diputus, items: out };
}

export async function withdrawPeremajaan(
  deps: PeremajaanWorkflowDeps, actor: Actor, usulanId: string, alasan?: string,
): Promise<{ status: PeremajaanStatus }> {
  await ensureStarted(deps, await getUsulanInScope(deps.db, actor, usulanId));
  try {
    return await deps.temporal.workflow.getHandle(peremajaanWorkflowId(usulanId))
      .executeUpdate(withdrawPeremajaanUpdate, { args: [{ actor: actorRef(actor), alasan }] });
  } catch (err) {
    return mapUpdateError(err);
  }
}

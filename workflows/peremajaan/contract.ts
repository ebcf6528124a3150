import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { PeremajaanArea, Verifier } from '../../domain/peremajaan';
import type { StuckStep } from '../stop-and-surface';

/**
 * The one contract of the peremajaan workflow: the API, the workflow and the activities import these names and
 * types, nothing is defined twice.
 */
export const PEREMAJAAN_WORKFLOW_TYPE = 'peremajaanWorkflow';

/** Business id = workflow id, so a repeated start finds the running workflow instead of starting a second. */
export const peremajaanWorkflowId = (usulanId: string): string => usulanId;

export {
  PeremajaanStatus, PEREMAJAAN_STATUS_LABEL, isFinalPeremajaanStatus, ChangeStatus, CHANGE_STATUS_LABEL, isPendingChange,
} from '../../domain/peremajaan-lifecycle';
import type { ChangeStatus, PeremajaanStatus } from '../../domain/peremajaan-lifecycle';

export interface PeremajaanSla {
  verificationMs: number;
  reminderBeforeMs: number;
}

export interface ChangeInput {
  id: string;
  seq: number;
  area: PeremajaanArea;
  field: string;
  authority: Verifier;
  oldValue: unknown;
  newValue: unknown;
}

export interface PeremajaanWorkflowInput {
  usulanId: string;
  nip: string;
  instansiId: string;
  kanregId: string;
  submittedBy: string;
  changes: ChangeInput[];
  sla: PeremajaanSla;
}

/** What a validator needs to know about who acts (the API resolves it from the session). */
export interface PeremajaanActorRef {
  userId: string;
  nama: string;
  role: string;
  instansiId: string | null;
  kanregId: string | null;
  /** Instansi whose approver this user stands in for today (Plt/Plh). */
  delegatedInstansiIds?: string[];
}

export interface ChangeDecision {
  actor: PeremajaanActorRef;
  changeId: string;
  action: 'APPROVE' | 'REJECT';
  reason?: string;
}

export interface PeremajaanWithdrawal {
  actor: PeremajaanActorRef;
  alasan?: string;
}

export interface ChangeState extends ChangeInput {
  status: ChangeStatus;
  decidedBy?: string;
  reason?: string;
}

export interface PeremajaanTimelineEntry {
  at: string;
  jenis: string;
  changeId?: string;
  actor?: string;
  catatan?: string;
}

export interface PeremajaanState {
  usulanId: string;
  status: PeremajaanStatus;
  changes: ChangeState[];
  timeline: PeremajaanTimelineEntry[];
  /** Set while a step is stopped on a failure no retry healed. */
  stuck?: StuckStep;
}

export interface ChangeDecisionResult {
  status: PeremajaanStatus;
  change: ChangeState;
}

export const decideChangeUpdate = defineUpdate<ChangeDecisionResult, [ChangeDecision]>('decideChange');
export const withdrawPeremajaanUpdate = defineUpdate<{ status: PeremajaanStatus }, [PeremajaanWithdrawal]>('withdraw');
export const peremajaanStateQuery = defineQuery<PeremajaanState>('state');
/** An administrator asks a step that stopped on a failure to try again. */
export const retryPeremajaanStepSignal = defineSignal<[{ actor: { userId: string; nama: string; role: string } }]>('retryStuckStep');

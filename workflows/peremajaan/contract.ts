import type { OfficeZone } from '../../domain/office-clock';
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
export type { PeremajaanNotificationKind } from '../../domain/peremajaan-lifecycle';
import type { ChangeStatus, PeremajaanStatus, PeremajaanNotificationKind } from '../../domain/peremajaan-lifecycle';

export interface PeremajaanSla {
  verificationMs: number;
  reminderBeforeMs: number;
  /** Counted in hari kerja on the office calendar when set, in the zone of the office that decides (see the starter). */
  workingDays?: { verification: number; reminderBefore: number; zone: OfficeZone };
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

// ---- Activity inputs and interfaces: the worker implements them, the workflow imports them as types only. ----

export interface PeremajaanEventInput {
  usulanId: string;
  /** Unique per workflow step, so a retried activity records the event and its effect once. */
  eventKey: string;
  step: number;
  jenis: string;
  from: PeremajaanStatus | null;
  to: PeremajaanStatus;
  changesStatus: boolean;
  actor?: { userId: string; nama: string };
  catatan?: string;
  data?: Record<string, unknown>;
  patch?: {
    dueInMs?: number | null;
    slaBreached?: boolean;
    /** Withdrawal or completion: no change of this usulan blocks its field any more. */
    closeChanges?: boolean;
    change?: { id: string; status: ChangeStatus; decidedBy: string; decidedByNama: string; reason?: string };
    /** A step stopped on a failure (reason) or went on again (null). */
    stuck?: { step: string; reason: string } | null;
  };
}

export interface ApplyInput {
  usulanId: string;
  eventKey: string;
  step: number;
  changeIds: string[];
}

export interface ApplyOutcome {
  changeId: string;
  outcome: 'DITERAPKAN' | 'KEMBALI_KE_VERIFIKATOR';
  /** For a change sent back: the record's value now, which becomes its snapshot. */
  currentValue?: unknown;
}

export interface ApplyResult {
  results: ApplyOutcome[];
}

export interface PeremajaanNotifyInput {
  usulanId: string;
  eventKey: string;
  kind: PeremajaanNotificationKind;
  /** Whose verifiers a reminder, an escalation or a sent-back change goes to. */
  authorities?: Verifier[];
  catatan?: string;
}

export interface ChangeOutcomeNotice {
  changeId: string;
  outcome: 'DITERAPKAN' | 'DITOLAK';
  reason?: string;
}

export interface PeremajaanActivities {
  peremajaanRecordEvent(input: PeremajaanEventInput): Promise<void>;
  /** One transaction: each approved change is applied with history, or sent back when its snapshot is stale. */
  peremajaanApplyApprovedChanges(input: ApplyInput): Promise<ApplyResult>;
  /** One notification per change outcome and recipient (keyed by change), to the person and the submitter. */
  peremajaanNotifyOutcomes(input: { usulanId: string; outcomes: ChangeOutcomeNotice[] }): Promise<number>;
  peremajaanNotify(input: PeremajaanNotifyInput): Promise<number>;
}

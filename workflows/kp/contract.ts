import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * The one contract of the KP usulan workflow: the API, the workflow and the activities import these names and types,
 * nothing is defined twice.
 */
export const KP_WORKFLOW_TYPE = 'kpUsulanWorkflow';

/** Business id = workflow id, so a repeated start finds the running workflow instead of starting a second. */
export const kpWorkflowId = (usulanId: string): string => usulanId;

export { KpStatus, KP_STATUS_LABELS as KP_STATUS_LABEL, WITHDRAWABLE } from '../../domain/kp-lifecycle';
export type { KpNotificationKind } from '../../domain/kp-lifecycle';
import { KpStatus, isFinal, isKpStatus, type KpNotificationKind } from '../../domain/kp-lifecycle';

export const isFinalStatus = (s: string): boolean => isKpStatus(s) && isFinal(s);

export type { SkSigner } from '../../domain/signer-routing';
import type { SkSigner } from '../../domain/signer-routing';
import type { StuckStep } from '../stop-and-surface';
import type { OfficeZone } from '../../domain/office-clock';

export interface SlaDurations {
  approvalMs: number;
  verificationMs: number;
  reminderBeforeMs: number;
  keppresReminderMs: number;
  /**
   * Counted in hari kerja on the office calendar (domain/working-days.ts) when set: approval and SK signing in the
   * instansi's zone, verification in the Kanreg's. Unset: the *Ms durations above, as they are.
   */
  workingDays?: WorkingDaySla;
}

export interface WorkingDaySla {
  approval: number;
  verification: number;
  reminderBefore: number;
  instansiZone: OfficeZone;
  kanregZone: OfficeZone;
}

export interface KpWorkflowInput {
  usulanId: string;
  nip: string;
  instansiId: string;
  kanregId: string;
  periode: string;
  jenisKp: number;
  golonganLama: number;
  golonganBaru: number;
  penandatangan: SkSigner;
  submittedBy: string;
  sla: SlaDurations;
  /** A run continues as new once its history reaches this many events (default KP_HISTORY_LIMIT) while it waits on a return. */
  historyLimit?: number;
  /** Set on a run that continues an earlier one: the usulan's state so far. */
  carried?: KpCarriedState;
}

/** What a run hands the next when it continues as new in a long BTS loop; everything else is in the read model. */
export interface KpCarriedState {
  status: KpStatus;
  step: number;
  btsCount: number;
  timeline: KpTimelineEntry[];
  pertek?: KpState['pertek'];
  sk?: KpState['sk'];
  skSignerUserId?: string;
  stepStartedMs: number;
}

/** Past this, a run waiting on a BTS or instansi return continues as new (Temporal suggests it far later; this bounds it). */
export const KP_HISTORY_LIMIT = 2000;

export interface ActorRef {
  userId: string;
  nama: string;
  role: string;
  /** When the actor acts as Plt/Plh: the official they stand in for (resolved by the API from a delegation in force). */
  onBehalfOf?: string;
}

/** The steps that carry a human signature. */
export type SignedStep = 'APPROVAL' | 'PERTEK' | 'SK';

/**
 * Validate, then sign, then commit: the API first asks the workflow to hold a signed step for one official
 * (beginSigning, refused like the step itself would be), signs with the passphrase outside Temporal, then commits the
 * step with the attempt id and the document id. Only the holder's attempt can commit; a hold expires so a crashed
 * request cannot block the step for long.
 */
export interface SigningRequest {
  actor: ActorRef;
  step: SignedStep;
  /** Derived from the request's idempotency key and the usulan, so a repeated request finds its own hold. */
  attemptId: string;
}

export interface SigningHold {
  attemptId: string;
  step: SignedStep;
  userId: string;
  expiresAtMs: number;
}

export interface SignedDocumentRef {
  attemptId: string;
  documentId: string;
}

/** How long a hold keeps others out of a signed step. */
export const SIGNING_HOLD_MS = 30_000;

export interface ApproverDecision {
  actor: ActorRef;
  action: 'APPROVE' | 'RETURN' | 'REJECT';
  catatan?: string;
  /** The approval statement the approver signed under a hold (the passphrase never reaches here). */
  signed?: SignedDocumentRef & { sha256: string };
}

export interface VerifierDecision {
  actor: ActorRef;
  action: 'MS' | 'BTS' | 'TMS';
  alasan: string[];
  catatan?: string;
  pertek?: { nomor: string; tanggal: string; documentId: string; attemptId: string };
}

export interface SkSigned {
  actor: ActorRef;
  attemptId: string;
  documentId: string;
  nomor: string;
  tanggal: string;
}

export interface AbandonSigning {
  actor: ActorRef;
  attemptId: string;
}

/** An administrator asks a step that stopped on a failure to try again. */
export interface RetryStuckStep {
  actor: ActorRef;
}

export interface Resubmission {
  actor: ActorRef;
  catatan?: string;
}

export interface Withdrawal {
  actor: ActorRef;
  alasan: string;
}

export interface KeppresIssued {
  nomor: string;
  tanggal: string;
}

export interface KpTimelineEntry {
  at: string;
  jenis: string;
  status: KpStatus;
  actor?: string;
  catatan?: string;
}

export interface KpState {
  usulanId: string;
  status: KpStatus;
  btsCount: number;
  timeline: KpTimelineEntry[];
  sk?: { nomor: string; tanggal: string; documentId?: string; signerUserId?: string };
  pertek?: { nomor: string; tanggal: string; documentId: string };
  /** Set while a step is stopped on a failure no retry healed. */
  stuck?: StuckStep;
}

export interface DecisionResult {
  status: KpStatus;
}

export const approverDecisionUpdate = defineUpdate<DecisionResult, [ApproverDecision]>('approverDecision');
export const verifierDecisionUpdate = defineUpdate<DecisionResult, [VerifierDecision]>('verifierDecision');
export const resubmitUpdate = defineUpdate<DecisionResult, [Resubmission]>('resubmit');
export const withdrawUpdate = defineUpdate<DecisionResult, [Withdrawal]>('withdraw');
export const skSignedUpdate = defineUpdate<DecisionResult, [SkSigned]>('skSigned');
export const beginSigningUpdate = defineUpdate<SigningHold, [SigningRequest]>('beginSigning');
export const abandonSigningUpdate = defineUpdate<void, [AbandonSigning]>('abandonSigning');
export const retryStuckStepSignal = defineSignal<[RetryStuckStep]>('retryStuckStep');
export const keppresIssuedSignal = defineSignal<[KeppresIssued]>('keppresIssued');
export const stateQuery = defineQuery<KpState>('state');

// ---- Activity inputs and interfaces: the worker implements them, the workflow imports them as types only. ----

export interface TransitionInput {
  usulanId: string;
  /** Unique per workflow step, so a retried activity records the event and its effect once. */
  eventKey: string;
  /** The workflow's step counter; the read model only moves forward. */
  step: number;
  jenis: string;
  from: KpStatus;
  to: KpStatus;
  actor?: { userId: string; nama: string };
  catatan?: string;
  data?: Record<string, unknown>;
  patch?: {
    approvedBy?: string;
    btsCount?: number;
    pertek?: { nomor: string; tanggal: string; documentId: string };
    dueInMs?: number | null;
    slaBreached?: boolean;
    releaseClaim?: boolean;
    /** The signed document this step commits: MENUNGGU becomes BERLAKU in the same transaction as the event. */
    activateDocumentId?: string;
    /**
     * The SK draft the workflow now holds: its named signer (chosen by the routing) and its hash. The read model offers
     * a draft for signature only from this step on, so the API never offers one the workflow would still refuse.
     */
    skDraft?: { signerUserId: string; sha256: string };
    /** A step stopped on a failure (reason) or went on again (null). */
    stuck?: { step: string; reason: string } | null;
  };
}

export interface NotifyInput {
  usulanId: string;
  eventKey: string;
  kind: KpNotificationKind;
  catatan?: string;
}

export interface PreparedSk {
  nomor: string;
  tanggal: string;
  draftSha256: string;
  /** The one official the draft is prepared for (the signer block prints them, or their Plt/Plh at signing). */
  signerUserId: string;
}

export interface KpActivities {
  recordTransition(input: TransitionInput): Promise<void>;
  recordEvent(input: Omit<TransitionInput, 'from' | 'to'> & { status: KpStatus }): Promise<void>;
  notifyKp(input: NotifyInput): Promise<number>;
  applyPromotion(input: { usulanId: string; skNomor: string; skTanggal: string; skDocumentId?: string }): Promise<void>;
}

/** CPU-heavy document work runs on its own task queue so it cannot starve workflow tasks. */
export interface KpDocumentActivities {
  prepareSkDraft(input: { usulanId: string }): Promise<PreparedSk>;
}

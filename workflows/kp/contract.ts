import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * The one contract of the KP usulan workflow: the API, the workflow and the activities import these names and types,
 * nothing is defined twice.
 */
export const KP_WORKFLOW_TYPE = 'kpUsulanWorkflow';

/** Business id = workflow id, so a repeated start finds the running workflow instead of starting a second. */
export const kpWorkflowId = (usulanId: string): string => usulanId;

export { KpStatus, KP_STATUS_LABELS as KP_STATUS_LABEL, WITHDRAWABLE } from '../../domain/kp-status';
import { KpStatus, isFinal, isKpStatus } from '../../domain/kp-status';

export const isFinalStatus = (s: string): boolean => isKpStatus(s) && isFinal(s);

export type { SkSigner } from '../../domain/signer-routing';
import type { SkSigner } from '../../domain/signer-routing';

export interface SlaDurations {
  approvalMs: number;
  verificationMs: number;
  reminderBeforeMs: number;
  keppresReminderMs: number;
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
}

export interface ActorRef {
  userId: string;
  nama: string;
  role: string;
}

export interface ApproverDecision {
  actor: ActorRef;
  action: 'APPROVE' | 'RETURN' | 'REJECT';
  catatan?: string;
  /** Digest of the approval statement the approver signed with their passphrase (the passphrase never reaches here). */
  signatureSha256?: string;
}

export interface VerifierDecision {
  actor: ActorRef;
  action: 'MS' | 'BTS' | 'TMS';
  alasan: string[];
  catatan?: string;
  pertek?: { nomor: string; tanggal: string; documentId: string };
}

export interface SkSigned {
  actor: ActorRef;
  documentId: string;
  nomor: string;
  tanggal: string;
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
  sk?: { nomor: string; tanggal: string; documentId?: string };
  pertek?: { nomor: string; tanggal: string; documentId: string };
}

export interface DecisionResult {
  status: KpStatus;
}

export const approverDecisionUpdate = defineUpdate<DecisionResult, [ApproverDecision]>('approverDecision');
export const verifierDecisionUpdate = defineUpdate<DecisionResult, [VerifierDecision]>('verifierDecision');
export const resubmitUpdate = defineUpdate<DecisionResult, [Resubmission]>('resubmit');
export const withdrawUpdate = defineUpdate<DecisionResult, [Withdrawal]>('withdraw');
export const skSignedUpdate = defineUpdate<DecisionResult, [SkSigned]>('skSigned');
export const keppresIssuedSignal = defineSignal<[KeppresIssued]>('keppresIssued');
export const stateQuery = defineQuery<KpState>('state');

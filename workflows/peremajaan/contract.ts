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

export const PeremajaanStatus = {
  MENUNGGU_VERIFIKASI: 'MENUNGGU_VERIFIKASI',
  SELESAI: 'SELESAI',
  DITARIK: 'DITARIK',
} as const;
export type PeremajaanStatus = (typeof PeremajaanStatus)[keyof typeof PeremajaanStatus];

export const PEREMAJAAN_STATUS_LABEL: Record<PeremajaanStatus, string> = {
  MENUNGGU_VERIFIKASI: 'Menunggu verifikasi',
  SELESAI: 'Selesai: setiap perubahan telah diputus',
  DITARIK: 'Ditarik oleh pengusul',
};

export const isFinalPeremajaanStatus = (s: string): boolean => s === PeremajaanStatus.SELESAI || s === PeremajaanStatus.DITARIK;

export const ChangeStatus = {
  MENUNGGU: 'MENUNGGU',
  DISETUJUI: 'DISETUJUI',
  DITOLAK: 'DITOLAK',
  DITERAPKAN: 'DITERAPKAN',
  /** The record changed after the proposal: the verifier decides again against the new current value. */
  KEMBALI_KE_VERIFIKATOR: 'KEMBALI_KE_VERIFIKATOR',
} as const;
export type ChangeStatus = (typeof ChangeStatus)[keyof typeof ChangeStatus];

export const CHANGE_STATUS_LABEL: Record<ChangeStatus, string> = {
  MENUNGGU: 'Menunggu keputusan verifikator',
  DISETUJUI: 'Disetujui, menunggu diterapkan',
  DITOLAK: 'Ditolak',
  DITERAPKAN: 'Diterapkan pada data pegawai',
  KEMBALI_KE_VERIFIKATOR: 'Data berubah sejak diusulkan: menunggu keputusan ulang verifikator',
};

/** A change waiting for its verifier: new, or sent back because the record moved meanwhile. */
export const isPendingChange = (s: ChangeStatus): boolean => s === ChangeStatus.MENUNGGU || s === ChangeStatus.KEMBALI_KE_VERIFIKATOR;

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

/** Failure types a validator refuses with; the API maps them to 403 and 409/422. */
export const REFUSAL = { FORBIDDEN: 'PeremajaanForbidden', CONFLICT: 'PeremajaanConflict', INVALID: 'PeremajaanInvalid' } as const;

export const decideChangeUpdate = defineUpdate<ChangeDecisionResult, [ChangeDecision]>('decideChange');
export const withdrawPeremajaanUpdate = defineUpdate<{ status: PeremajaanStatus }, [PeremajaanWithdrawal]>('withdraw');
export const peremajaanStateQuery = defineQuery<PeremajaanState>('state');
/** An administrator asks a step that stopped on a failure to try again. */
export const retryPeremajaanStepSignal = defineSignal<[{ actor: { userId: string; nama: string; role: string } }]>('retryStuckStep');

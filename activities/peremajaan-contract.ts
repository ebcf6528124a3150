import type { ChangeStatus, PeremajaanStatus } from '../workflows/peremajaan/contract';
import type { Verifier } from '../domain/peremajaan';

/** Activity types shared by the worker and the peremajaan workflow (which imports them as types only). */

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

export type { PeremajaanNotificationKind } from '../domain/peremajaan-lifecycle';
import type { PeremajaanNotificationKind } from '../domain/peremajaan-lifecycle';

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

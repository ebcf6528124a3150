import type { KpStatus } from '../workflows/kp/contract';

/** Activity types shared by the worker and the workflow (which imports them as types only). */

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

export type { KpNotificationKind } from '../domain/kp-lifecycle';
import type { KpNotificationKind } from '../domain/kp-lifecycle';

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

import type { Client } from '@temporalio/client';
import type { Db } from '../db';
import type { BlobStore } from '../dms/blob-store';

/** The global invariants, each checked by its own module in auditor/checks/. */
export const CHECK_NAMES = ['signatures', 'numbers', 'signed-steps', 'decrees', 'workflow-status', 'liveness', 'audit-chain'] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export const CHECK_LABELS: Readonly<Record<CheckName, string>> = Object.freeze({
  signatures: 'Tanda tangan dokumen yang berlaku sah dan atas nama pejabat yang tercatat',
  numbers: 'Nomor unik dalam kantor, seri dan tahunnya, dan sama dengan penomoran',
  'signed-steps': 'Setiap dokumen bertanda tangan yang berlaku adalah milik langkah yang diterima',
  decrees: 'Satu SK, satu dokumen dan satu riwayat golongan per usulan selesai',
  'workflow-status': 'Status tampilan sama dengan status workflow',
  liveness: 'Tidak ada kegiatan gagal berulang tanpa terlihat, tidak ada tenggat terlewat tanpa pengingat dan eskalasi',
  'audit-chain': 'Rantai hash log audit utuh',
});

export function isCheckName(s: unknown): s is CheckName {
  return typeof s === 'string' && (CHECK_NAMES as readonly string[]).includes(s);
}

/**
 * One broken invariant. `object` names what is wrong as `<kind>:<id>` (document:DOC-…, usulan:…, nomor:…,
 * workflow:…, audit_log:…), so a person or a script can find it; `message` says what, in Bahasa Indonesia.
 */
export interface Violation {
  check: CheckName;
  object: string;
  message: string;
}

export interface AuditDeps {
  db: Db;
  blobs: Pick<BlobStore, 'get'>;
  temporal: Client;
  /** Defaults to the client's namespace. */
  namespace?: string;
  /** The roots a standing document's signatures must chain to (the stand-in root today). */
  trustedRootsPem: string[];
  /** The key store, for the certificate each official is enrolled with. */
  keysDir: string;
  /** The audit's instant (ages, deadlines); defaults to the time the audit starts. */
  now?: Date;
}

export interface AuditOptions {
  /** Run only these checks (default: all). */
  checks?: readonly CheckName[];
  /** A signature still MENUNGGU after this long was abandoned (default 5 min; a signing hold lasts 2 min). */
  pendingSignatureGraceMs?: number;
  /** A deadline passed longer ago than this must have its reminder and escalation (default 2 min). */
  slaGraceMs?: number;
  /** A committed usulan whose workflow is still not started after this long was lost by the sweeper (default 5 min). */
  unstartedGraceMs?: number;
  /** A pending activity on a higher attempt than this is failing unseen (default 5). */
  activityAttemptBudget?: number;
  /** How many closed usulan to compare with their workflow, at random (default 200; Infinity: all). Open ones: all. */
  closedWorkflowSample?: number;
  /**
   * When above 0 and violations were found, wait this long and check again, keeping only what is still broken: an
   * on-demand audit of a live system otherwise reports a workflow caught between its state change and its activity.
   */
  settleMs?: number;
  /** Deadline of each Temporal call (default 10 s). */
  temporalTimeoutMs?: number;
  /** Parallel Temporal calls and document verifications (default 8). */
  concurrency?: number;
}

export interface ConsistencyReport {
  ok: boolean;
  violations: Violation[];
  /** What was looked at, per kind of object (documents, numbers, usulan, workflows, audit entries…). */
  checked: Record<string, number>;
  checks: CheckName[];
  startedAt: string;
  durationMs: number;
}

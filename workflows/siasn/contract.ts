/**
 * The one contract of the SIASN pull (issue 15): one workflow per sync job of one instansi. It reads SIASN's unit tree,
 * then each of our NIPs of the instansi (data-utama and the riwayat), one activity per NIP; the siasn_sync row is the
 * job's progress, and the snapshots it writes say which NIPs are done, so a restart resumes where it stopped.
 */
export const SIASN_SYNC_WORKFLOW_TYPE = 'siasnSyncWorkflow';
export const siasnSyncWorkflowId = (syncId: string): string => `siasn-${syncId}`;

export interface SiasnSyncInput {
  syncId: string;
  instansiId: string;
  /** NIPs per run before the history is handed to a fresh run (continueAsNew). */
  nipsPerRun?: number;
  /** Set by continueAsNew: the last NIP the previous run pulled (NIP order); the unit tree is then read already. */
  after?: string;
}

export interface SiasnSyncActivities {
  siasnSyncStarted(input: { syncId: string }): Promise<{ total: number }>;
  siasnPullUnor(input: { syncId: string; instansiId: string }): Promise<{ units: number; refused: boolean }>;
  siasnNextNips(input: { syncId: string; instansiId: string; after: string; limit: number }): Promise<string[]>;
  siasnPullNip(input: { syncId: string; instansiId: string; nip: string }): Promise<{ outcome: 'SNAPSHOT' | 'TIDAK_ADA' | 'DITOLAK' }>;
  siasnSyncFinished(input: { syncId: string; failed?: string }): Promise<void>;
}

/**
 * The one contract of the reconciliation workflow (issue 15): one run per instansi compares our master data with the
 * latest SIASN snapshots and keeps the rows that need attention. Started on demand (the API) or by the instansi's
 * Temporal Schedule; a scheduled run names itself by its own run id, so a retried start never makes two runs.
 */
export const REKON_WORKFLOW_TYPE = 'rekonWorkflow';
export const rekonWorkflowId = (runId: string): string => `rekon-${runId}`;
export const rekonScheduleId = (instansiId: string): string => `rekon-jadwal-${instansiId}`;

export interface RekonWorkflowInput {
  instansiId: string;
  /** Given by the API; a scheduled run has none and takes `rekon_<its Temporal run id>`. */
  runId?: string;
  actorId: string | null;
}

export interface RekonActivities {
  rekonCreateRun(input: { runId: string; instansiId: string; actorId: string | null }): Promise<void>;
  rekonRun(input: { runId: string }): Promise<{ score: number | null; rows: number }>;
  rekonFailed(input: { runId: string; pesan: string }): Promise<void>;
}

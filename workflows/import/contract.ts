/**
 * The one contract of the import job workflow (issue 14): a SIMPEG push or a confirmed file import is applied in
 * chunks by activities, each chunk one transaction; the job's rows in the database are its progress and its report.
 */
export const IMPORT_WORKFLOW_TYPE = 'masterImportWorkflow';
export const importWorkflowId = (jobId: string): string => `impor-${jobId}`;

export interface ImportWorkflowInput {
  jobId: string;
  actorId: string | null;
  /** Records per chunk (one transaction each). */
  chunkSize?: number;
}

export interface ImportChunkOutcome {
  processed: number;
  done: boolean;
  /** NIPs with an open KP usulan whose facts changed: judged again by the next activity. */
  recheckNips: string[];
}

export interface ImportActivities {
  importJobStarted(jobId: string): Promise<void>;
  importApplyChunk(input: { jobId: string; limit: number; actorId: string | null }): Promise<ImportChunkOutcome>;
  importRecheckEligibility(input: { jobId: string; nips: string[] }): Promise<void>;
  importJobFinished(input: { jobId: string; failed?: string }): Promise<void>;
}

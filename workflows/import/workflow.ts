import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import { READ_MODEL_WRITES, SURFACING } from '../activity-options';
import type { ImportActivities, ImportWorkflowInput } from './contract';

const acts = proxyActivities<ImportActivities>(READ_MODEL_WRITES);
const surfacing = proxyActivities<Pick<ImportActivities, 'importJobFinished'>>(SURFACING);

/** Chunks per run before the history is handed to a fresh run (each chunk adds a handful of events). */
const CHUNKS_PER_RUN = 100;

/**
 * Applies an import job chunk by chunk until no record is left without an outcome. Each chunk is idempotent (its
 * records are claimed and their outcomes committed with the facts), so a retry or a restart never applies a record
 * twice; a budget that runs out marks the job GAGAL with the reason, and starting the workflow again resumes it.
 */
export async function masterImportWorkflow(input: ImportWorkflowInput): Promise<void> {
  const limit = input.chunkSize ?? 1000;
  try {
    await acts.importJobStarted(input.jobId);
    for (let chunk = 0; chunk < CHUNKS_PER_RUN; chunk++) {
      const r = await acts.importApplyChunk({ jobId: input.jobId, limit, actorId: input.actorId });
      if (r.recheckNips.length > 0) await acts.importRecheckEligibility({ jobId: input.jobId, nips: r.recheckNips });
      if (r.done) {
        await acts.importJobFinished({ jobId: input.jobId });
        return;
      }
    }
  } catch (err) {
    await surfacing.importJobFinished({ jobId: input.jobId, failed: err instanceof Error ? err.message : String(err) });
    return;
  }
  await continueAsNew<typeof masterImportWorkflow>(input);
}

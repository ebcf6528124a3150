import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import { SURFACING } from '../activity-options';
import type { SiasnSyncActivities, SiasnSyncInput } from './contract';

/**
 * Calls to SIASN: an outage (SUSPENDED, resets, 5xx) is retried with backoff for about 15 minutes; credentials that
 * need a person are non-retryable at once (activities/siasn-sync.ts marks them), and either ends the job GAGAL with
 * the reason, from where starting it again resumes.
 */
const siasn = proxyActivities<SiasnSyncActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 14 },
});
const surfacing = proxyActivities<Pick<SiasnSyncActivities, 'siasnSyncFinished'>>(SURFACING);

const PAGE = 50;

export async function siasnSyncWorkflow(input: SiasnSyncInput): Promise<void> {
  const perRun = Math.max(1, input.nipsPerRun ?? 200);
  let after = input.after ?? '';
  try {
    if (input.after === undefined) {
      await siasn.siasnSyncStarted({ syncId: input.syncId });
      await siasn.siasnPullUnor({ syncId: input.syncId, instansiId: input.instansiId });
    }
    let done = 0;
    while (done < perRun) {
      const nips = await siasn.siasnNextNips({ syncId: input.syncId, instansiId: input.instansiId, after, limit: Math.min(PAGE, perRun - done) });
      if (nips.length === 0) {
        await siasn.siasnSyncFinished({ syncId: input.syncId });
        return;
      }
      for (const nip of nips) {
        await siasn.siasnPullNip({ syncId: input.syncId, instansiId: input.instansiId, nip });
        after = nip;
        done += 1;
      }
    }
  } catch (err) {
    await surfacing.siasnSyncFinished({ syncId: input.syncId, failed: err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err) });
    return;
  }
  await continueAsNew<typeof siasnSyncWorkflow>({ ...input, after });
}

import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import { SURFACING } from '../activity-options';
import type { RekonActivities, RekonWorkflowInput } from './contract';

// A run reads two snapshots of up to tens of thousands of people and writes its rows in one transaction.
const acts = proxyActivities<RekonActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});
const surfacing = proxyActivities<Pick<RekonActivities, 'rekonFailed'>>(SURFACING);

export async function rekonWorkflow(input: RekonWorkflowInput): Promise<void> {
  const runId = input.runId ?? `rekon_${workflowInfo().runId}`;
  await acts.rekonCreateRun({ runId, instansiId: input.instansiId, actorId: input.actorId });
  try {
    await acts.rekonRun({ runId });
  } catch (err) {
    await surfacing.rekonFailed({ runId, pesan: err instanceof Error ? err.message : String(err) });
  }
}

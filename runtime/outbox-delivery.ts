import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { SIASN_OUTBOX_WORKFLOW_TYPE, siasnOutboxWorkflowId } from '../workflows/siasn-outbox/contract';
import type { siasnOutboxWorkflow } from '../workflows/siasn-outbox/workflow';

/**
 * Starts the outbox drain of this deployment (one workflow per task queue) unless it runs already, which is the usual
 * case: every API process calls this at start.
 */
export async function ensureOutboxDelivery(temporal: Client, taskQueue: string, input: { idleMs?: number } = {}): Promise<void> {
  try {
    await temporal.workflow.start<typeof siasnOutboxWorkflow>(SIASN_OUTBOX_WORKFLOW_TYPE, { workflowId: siasnOutboxWorkflowId(taskQueue), taskQueue, args: [input] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

/**
 * The one contract of the outbox delivery (issue 15): a single workflow drains the due intents of siasn_outbox,
 * oldest first, one delivery activity each. The activity records every outcome itself (sent, already there, failed
 * with the next attempt's time, given up), so an outage costs time and never an intent.
 */
export const SIASN_OUTBOX_WORKFLOW_TYPE = 'siasnOutboxWorkflow';
/** One drain per task queue (a deployment has one; tests each their own). */
export const siasnOutboxWorkflowId = (taskQueue: string): string => `siasn-outbox-${taskQueue}`;

export interface SiasnOutboxInput {
  /** Pause between looks at an empty queue. */
  idleMs?: number;
}

export interface SiasnOutboxActivities {
  outboxDue(input: { limit: number }): Promise<string[]>;
  outboxDeliver(input: { id: string }): Promise<{ status: string }>;
}

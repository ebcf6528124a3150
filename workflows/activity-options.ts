import type { ActivityOptions } from '@temporalio/workflow';
import { PERMANENT_FAILURES } from '../domain/failures';

/**
 * The activity option sets, one per kind of effect. A budget ends in the workflow's stop-and-surface step (the
 * LANGKAH_MACET event, a notification, the stuck flag and metrics), never in a failed workflow or a silent loop; a
 * permanent failure (domain/failures.ts) ends the budget at once. Every failed attempt is counted by the worker's
 * interceptor (activity_failures_total), so a step that is still retrying shows on /metrics before its budget is spent.
 *
 * Budgets are sized to outlast the outages each kind meets: a database restart or failover for the read model, a mail
 * relay restart for notifications; anything longer is a fault someone must see.
 */
const nonRetryableErrorTypes = [...PERMANENT_FAILURES];

/** Exponential backoff (×2) from `first` to `cap`; no `attempts` means no budget. */
function budget(timeout: string, first: string, cap: string, attempts?: number): ActivityOptions {
  return Object.freeze({
    startToCloseTimeout: timeout,
    retry: { initialInterval: first, backoffCoefficient: 2, maximumInterval: cap, ...(attempts ? { maximumAttempts: attempts } : {}), nonRetryableErrorTypes },
  });
}

/** Event rows and read-model changes: the database comes back, so a long budget (about 8 minutes). */
export const READ_MODEL_WRITES = budget('30 seconds', '500 ms', '30 seconds', 20);

/** In-app notifications and their mail (about 2 minutes): a relay that stays down is an operator's matter. */
export const NOTIFICATIONS = budget('30 seconds', '1 second', '30 seconds', 8);

/** Rendering, numbering and signing on the documents queue: CPU-bound, so a failure rarely heals by waiting. */
export const DOCUMENTS = budget('60 seconds', '1 second', '10 seconds', 6);

/** Effects on the person's record (promotion, applied data changes) and, later, other systems. */
export const EXTERNAL_EFFECTS = budget('30 seconds', '500 ms', '10 seconds', 6);

/**
 * The stop-and-surface record itself (LANGKAH_MACET on the timeline and the stuck flag): without a budget, because it
 * is how a failure becomes visible; while it retries, its own failed attempts are what activity_failures_total shows.
 */
export const SURFACING = budget('30 seconds', '1 second', '60 seconds');

/** How long a stopped step waits before trying again on its own (an administrator's retry comes sooner). */
export const STUCK_RETRY_MS = 15 * 60_000;

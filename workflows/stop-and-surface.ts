import { ActivityFailure, condition } from '@temporalio/workflow';

/** A step stopped on a failure no retry healed, as the workflow's query state shows it. */
export interface StuckStep {
  step: string;
  reason: string;
  since: string;
}

/** What each workflow supplies: how it records the two timeline events and how it tells people. */
export interface SurfaceHooks {
  /** LANGKAH_MACET or LANGKAH_DILANJUTKAN, recorded without a retry budget; answers the event's key. */
  record(jenis: 'LANGKAH_MACET' | 'LANGKAH_DILANJUTKAN', catatan: string, stuck: { step: string; reason: string } | null): Promise<string>;
  notifyStuck(eventKey: string, catatan: string): Promise<unknown>;
  retryAfterMs: number;
}

function failureReason(err: unknown): string {
  let e: unknown = err;
  while (e instanceof ActivityFailure && e.cause) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}

/**
 * One stop-and-surface for every workflow: an effect runs with its retry budget; when the budget is spent (or the
 * activity says no retry can heal it) the step stops visibly (a timeline event, a notification, the read model's stuck
 * flag and metrics) and tries again on an administrator's request or after a while.
 */
export function stopAndSurface(hooks: SurfaceHooks) {
  let stuck: StuckStep | undefined;
  let retryRequested = false;

  async function guarded<T>(stepName: string, fn: () => Promise<T>): Promise<T> {
    for (;;) {
      try {
        const result = await fn();
        // Only the step that stopped clears the flag: another step succeeding meanwhile says nothing about it.
        if (stuck?.step === stepName) {
          stuck = undefined;
          await hooks.record('LANGKAH_DILANJUTKAN', `Langkah ${stepName} berhasil setelah dihentikan`, null);
        }
        return result;
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        const reason = failureReason(err);
        // Reset before recording, so a retry asked for while the notification goes out is not lost.
        retryRequested = false;
        if (!stuck) {
          stuck = { step: stepName, reason, since: new Date().toISOString() };
          const catatan = `Langkah ${stepName} terhenti: ${reason}`;
          const key = await hooks.record('LANGKAH_MACET', catatan, { step: stepName, reason });
          try {
            await hooks.notifyStuck(`${key}:notify`, catatan);
          } catch (notifyErr) {
            // The timeline event, the flag and the metrics already stand; the in-app rows are written before any mail.
            if (!(notifyErr instanceof ActivityFailure)) throw notifyErr;
          }
        }
        await condition(() => retryRequested, hooks.retryAfterMs);
      }
    }
  }

  return {
    guarded,
    /** The stopped step, for the query state. */
    current: (): StuckStep | undefined => stuck,
    /** An administrator's retry: wakes the stopped step now instead of after retryAfterMs. */
    requestRetry(): void {
      if (stuck) retryRequested = true;
    },
  };
}

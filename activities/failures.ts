import { ApplicationFailure } from '@temporalio/activity';
import { NoResultError } from 'kysely';
import { PermanentError, PermanentFailure } from '../domain/failures';

/** A failure no retry can heal: the workflow's option sets stop the step at once (see workflows/activity-options.ts). */
export function permanentFailure(type: PermanentFailure, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * What the database says, sorted: a row that is not there, or a constraint the data breaks, will say the same on
 * every retry. A unique violation is left retryable: two attempts racing for one idempotency key heal on the next
 * attempt, which finds the row; the steps where it means a real collision say so themselves.
 */
export function classifyFailure(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  if (err instanceof PermanentError) return permanentFailure(err.type, err.message);
  if (err instanceof NoResultError) return permanentFailure(PermanentFailure.ROW_MISSING, `Data yang diperlukan langkah ini tidak ada (${err.message})`);
  const code = (err as { code?: unknown } | null)?.code;
  // 23502 not null, 23503 foreign key, 23514 check; class 22 is data the column cannot hold.
  if (typeof code === 'string' && (code === '23502' || code === '23503' || code === '23514' || code.startsWith('22'))) {
    return permanentFailure(PermanentFailure.INVARIANT_VIOLATION, `${(err as Error).message} (SQLSTATE ${code})`);
  }
  return err;
}

/** Wraps every activity of a set so its failures are classified in one place. */
export function classified<T extends object>(activities: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    out[name] = typeof fn === 'function'
      ? async (...args: unknown[]) => {
        try {
          return await (fn as (...a: unknown[]) => Promise<unknown>).apply(activities, args);
        } catch (err) {
          throw classifyFailure(err);
        }
      }
      : fn;
  }
  return out as T;
}

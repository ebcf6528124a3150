import { WorkflowUpdateFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Refusal } from '../domain/refusal';
import { AppError, HTTP_STATUS } from './errors';

/**
 * The one mapper from a workflow's refusal to the API's answer, for every workflow. A closed workflow refuses with
 * `closed` (the caller knows what it means for its resource); anything else is not a refusal and is rethrown.
 */
export function refusalOf(err: unknown, closed: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (!(cause instanceof ApplicationFailure)) return new AppError('CONFLICT', cause?.message ?? err.message);
    if (cause.type === Refusal.FORBIDDEN) return new AppError('FORBIDDEN', cause.message);
    if (cause.type === Refusal.INVALID) return new AppError('UNPROCESSABLE', cause.message, [{ field: 'body', reason: cause.message }]);
    return new AppError('CONFLICT', cause.message);
  }
  if (err instanceof WorkflowNotFoundError || /already completed|not found/i.test((err as Error)?.message ?? '')) return new AppError('CONFLICT', closed);
  throw err;
}

/** True when the workflow answered (a refusal), as opposed to a fault on the way after which the outcome is unknown. */
export function isWorkflowRefusal(err: unknown): boolean {
  return err instanceof AppError || (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) || err instanceof WorkflowNotFoundError;
}

/** One item of a bulk answer, refused: the reason, the status it would have alone, and its problem code. */
export interface RefusedItem { usulanId: string; ok: false; alasan: string; httpStatus: number; kode: AppError['code'] }

export const refusedItem = (usulanId: string, e: AppError): RefusedItem => ({ usulanId, ok: false, alasan: e.message, httpStatus: HTTP_STATUS[e.code], kode: e.code });

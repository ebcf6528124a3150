/**
 * Failures no retry can heal, named once: activities throw them (non-retryable) and every activity option set lists
 * them, so such a failure stops its step at the first attempt instead of spending the retry budget.
 */
export const PermanentFailure = {
  /** A row the step needs is not there (the usulan, the person, the office): retrying reads the same nothing. */
  ROW_MISSING: 'RowMissing',
  /** The data contradicts a rule the system relies on (a constraint violated, a step before its precondition). */
  INVARIANT_VIOLATION: 'InvariantViolation',
  /** The instansi has designated no SK signer. */
  NO_NAMED_SIGNER: 'NoNamedSigner',
  /** The configured number format cannot number (no {seq}, {office} or {year}, or a sequence it cannot print). */
  NUMBER_FORMAT: 'NumberFormat',
  /** A decree number is already taken in its scope. */
  NUMBER_COLLISION: 'NumberCollision',
  /** A promotion asked for without a standing SK (or recorded Keppres). */
  NO_STANDING_DECREE: 'NoStandingDecree',
} as const;
export type PermanentFailure = (typeof PermanentFailure)[keyof typeof PermanentFailure];

export const PERMANENT_FAILURES: readonly PermanentFailure[] = Object.freeze(Object.values(PermanentFailure));

/** Thrown below the activities (repositories, loaders), which know no Temporal; the activity layer makes it non-retryable. */
export class PermanentError extends Error {
  constructor(readonly type: PermanentFailure, message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

/**
 * Why a workflow refuses a step, in the one vocabulary every workflow uses (the failure type of a refused update).
 * The API maps each to one HTTP answer (api/refusals.ts): FORBIDDEN → 403, WRONG_STATE → 409, INVALID → 422.
 */
export const Refusal = {
  /** This person may not take this step (role, scope, own usulan, another official's draft). */
  FORBIDDEN: 'Forbidden',
  /** The usulan is not in a state where this step can be taken (already decided, not yet ready, closed). */
  WRONG_STATE: 'WrongState',
  /** The request itself breaks a rule (a missing reason, an unknown change). */
  INVALID: 'Invalid',
} as const;
export type Refusal = (typeof Refusal)[keyof typeof Refusal];

export const isRefusal = (type: unknown): type is Refusal => Object.values(Refusal).includes(type as Refusal);

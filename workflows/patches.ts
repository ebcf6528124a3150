/**
 * Every patch in force, by id (workflows/README.md says when one is added and retired). A history recorded before a
 * patch replays with its old branch; a new run takes the new one.
 */

/** Deadlines in hari kerja on the office calendar (issue 13), in the KP and peremajaan workflows. */
export const WORKING_DAY_SLA_PATCH = 'sla-hari-kerja';

/** A KP run waiting on a return continues as new once its history is long (the BTS loop had no bound). */
export const KP_CONTINUE_AS_NEW_PATCH = 'kp-continue-as-new';

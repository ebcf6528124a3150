import type { Role } from './identity';

/**
 * The shape every workflow's lifecycle module fills in (domain/kp-lifecycle.ts, domain/peremajaan-lifecycle.ts): its
 * states, who may take which step from where, the events its timeline records and the notifications it sends. The
 * workflow's validators, the route guards, the OpenAPI document, the notifiers and the pages (through the referensi
 * endpoints) all read these, so a label or a permission is written once.
 */

/** How a page shows a state: ok (went through), bad (ended without), warn (needs the proposer), info (in progress). */
export type Tone = 'ok' | 'bad' | 'warn' | 'info';

export interface StateDef {
  label: string;
  tone: Tone;
}

export interface ActionDef<S extends string> {
  label: string;
  /** Roles that may take the step; the workflow still checks scope, claim and the person's own usulan. */
  roles: readonly Role[];
  /** States the step can be taken from. */
  from: readonly S[];
}

/** The labels of a state table, by state: for code that needs only the words. */
export function labelsOf<S extends string>(states: Readonly<Record<S, StateDef>>): Readonly<Record<S, string>> {
  return Object.freeze(Object.fromEntries(Object.entries<StateDef>(states).map(([s, d]) => [s, d.label])) as Record<S, string>);
}

/** What the referensi endpoints serve to the browser: the lifecycle as data. */
export interface LifecycleVocabulary {
  status: { kode: string; label: string; nada: Tone; final: boolean }[];
  tindakan: { kode: string; label: string; peran: readonly Role[]; dari: readonly string[] }[];
  peristiwa: { kode: string; label: string }[];
  notifikasi: { kode: string; label: string }[];
}

export function vocabularyOf<S extends string>(l: {
  states: Readonly<Record<S, StateDef>>;
  isFinal: (s: S) => boolean;
  actions: Readonly<Record<string, ActionDef<S>>>;
  events: Readonly<Record<string, string>>;
  notifications: Readonly<Record<string, string>>;
}): LifecycleVocabulary {
  return {
    status: (Object.entries(l.states) as [S, StateDef][]).map(([kode, d]) => ({ kode, label: d.label, nada: d.tone, final: l.isFinal(kode) })),
    tindakan: Object.entries(l.actions).map(([kode, a]) => ({ kode, label: a.label, peran: a.roles, dari: a.from })),
    peristiwa: Object.entries(l.events).map(([kode, label]) => ({ kode, label })),
    notifikasi: Object.entries(l.notifications).map(([kode, label]) => ({ kode, label })),
  };
}

/** Events every workflow records when a step stops on a failure no retry healed, and when it goes on again. */
export const STEP_EVENTS = {
  LANGKAH_MACET: 'Langkah terhenti, perlu ditangani',
  LANGKAH_DILANJUTKAN: 'Langkah dilanjutkan',
} as const;

/** Which workflow an usulan belongs to, as every usulan metric labels it (so usulan_stuck and usulan_steps_stuck_total join by kind). */
export type UsulanKind = 'kp' | 'peremajaan';

import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../domain/identity';
import type { Db } from './index';
import type { Database } from './types';

/**
 * Who may see what, in one place. Every list and every lookup of usulan, employees and delegations goes through these
 * helpers; an object outside the actor's scope is simply not found (the API answers 404, not 403, so ids cannot be
 * probed). Scope comes from the Actor (the user row and delegations resolved at authentication), never from a request.
 *
 * - ADMIN: everything.
 * - OPERATOR (and API tokens, which act as an operator of their instansi): own instansi.
 * - APPROVER: own instansi, plus the instansi of Plt/Plh delegations in force today (any role may hold those).
 * - VERIFIER, KANREG_HEAD: instansi under their kanreg.
 * - EMPLOYEE: their own NIP.
 * - BKN_HEAD: KP whose SK the Head of BKN signs (penandatangan_sk = KEPALA_BKN) and the employees concerned.
 *
 * Column references are qualified with the table name (usulan_kp.instansi_id), so the builders may join other
 * tables, but must not alias the scoped table.
 */

/** Anything with Kysely's `where(expression)`: select, update and delete builders. */
export interface Whereable<T> {
  where(expression: Expression<SqlBool>): T;
}

const NOTHING = sql<SqlBool>`false`;
const EVERYTHING = sql<SqlBool>`true`;

function ownInstansiIds(actor: Actor): string[] {
  const ids = new Set(actor.delegatedInstansiIds);
  if ((actor.role === 'OPERATOR' || actor.role === 'APPROVER') && actor.instansiId) ids.add(actor.instansiId);
  return [...ids];
}

export function usulanKpScope(actor: Actor): Expression<SqlBool> {
  if (actor.role === 'ADMIN') return EVERYTHING;
  const eb = expressionBuilder<Database, 'usulan_kp'>();
  const ors: Expression<SqlBool>[] = [];
  const instansi = ownInstansiIds(actor);
  if (instansi.length) ors.push(eb('usulan_kp.instansi_id', 'in', instansi));
  if ((actor.role === 'VERIFIER' || actor.role === 'KANREG_HEAD') && actor.kanregId) ors.push(eb('usulan_kp.kanreg_id', '=', actor.kanregId));
  if (actor.role === 'EMPLOYEE' && actor.nip) ors.push(eb('usulan_kp.nip', '=', actor.nip));
  if (actor.role === 'BKN_HEAD') ors.push(eb('usulan_kp.penandatangan_sk', '=', 'KEPALA_BKN'));
  return ors.length ? eb.or(ors) : NOTHING;
}

/** Adds the actor's scope to a query on usulan_kp: `scopeUsulanKp(db.selectFrom('usulan_kp').selectAll(), actor)`. */
export function scopeUsulanKp<T extends Whereable<T>>(qb: T, actor: Actor): T {
  return qb.where(usulanKpScope(actor));
}

export function employeeScope(actor: Actor): Expression<SqlBool> {
  if (actor.role === 'ADMIN') return EVERYTHING;
  const eb = expressionBuilder<Database, 'employee'>();
  const ors: Expression<SqlBool>[] = [];
  const instansi = ownInstansiIds(actor);
  if (instansi.length) ors.push(eb('employee.instansi_id', 'in', instansi));
  if ((actor.role === 'VERIFIER' || actor.role === 'KANREG_HEAD') && actor.kanregId) {
    const kanregId = actor.kanregId;
    ors.push(eb('employee.instansi_id', 'in', eb.selectFrom('instansi').select('instansi.id').where('instansi.kanreg_id', '=', kanregId)));
  }
  if (actor.role === 'EMPLOYEE' && actor.nip) ors.push(eb('employee.nip', '=', actor.nip));
  if (actor.role === 'BKN_HEAD') {
    ors.push(eb('employee.nip', 'in', eb.selectFrom('usulan_kp').select('usulan_kp.nip').where('usulan_kp.penandatangan_sk', '=', 'KEPALA_BKN')));
  }
  return ors.length ? eb.or(ors) : NOTHING;
}

/** Adds the actor's scope to a query on employee. */
export function scopeEmployees<T extends Whereable<T>>(qb: T, actor: Actor): T {
  return qb.where(employeeScope(actor));
}

/** Delegations an actor may see: all for ADMIN; an approver's own instansi; anyone's own (given or received). */
export function delegationScope(actor: Actor): Expression<SqlBool> {
  if (actor.role === 'ADMIN') return EVERYTHING;
  const eb = expressionBuilder<Database, 'delegation'>();
  const ors: Expression<SqlBool>[] = [eb('delegation.from_user_id', '=', actor.userId), eb('delegation.to_user_id', '=', actor.userId)];
  if (actor.role === 'APPROVER' && actor.instansiId) ors.push(eb('delegation.instansi_id', '=', actor.instansiId));
  return eb.or(ors);
}

export function scopeDelegations<T extends Whereable<T>>(qb: T, actor: Actor): T {
  return qb.where(delegationScope(actor));
}

/**
 * May the actor act for this instansi (submit for it, decide on its usulan, manage its delegations)? Verifiers and
 * kanreg heads act on instansi under their kanreg: pass the instansi's kanreg id (or use instansiInScope).
 */
export function canActOnInstansi(actor: Actor, instansiId: string, instansiKanregId?: string | null): boolean {
  if (actor.role === 'ADMIN') return true;
  if (ownInstansiIds(actor).includes(instansiId)) return true;
  if ((actor.role === 'VERIFIER' || actor.role === 'KANREG_HEAD') && actor.kanregId && instansiKanregId) {
    return instansiKanregId === actor.kanregId;
  }
  return false;
}

/** canActOnInstansi with the instansi's kanreg looked up; false for an instansi that does not exist. */
export async function instansiInScope(db: Db, actor: Actor, instansiId: string): Promise<boolean> {
  const row = await db.selectFrom('instansi').select('kanreg_id').where('id', '=', instansiId).executeTakeFirst();
  return row ? canActOnInstansi(actor, instansiId, row.kanreg_id) : false;
}

/** May the actor approve usulan of this instansi: its approver, or a Plt/Plh in force for it. */
export function canApproveFor(actor: Actor, instansiId: string): boolean {
  if (actor.role === 'APPROVER' && actor.instansiId === instansiId) return true;
  return actor.delegatedInstansiIds.includes(instansiId);
}

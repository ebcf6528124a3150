import type { Request } from 'express';
import type { UsulanKp, Employee } from '../db/types';
import { scopeEmployees, scopeUsulanKp } from '../db/scope';
import { actorOf } from './auth/middleware';
import { appendAudit } from '../db/repos/audit-log';
import { getContext } from './context';
import { AppError } from './errors';

/**
 * Loads one object within the actor's scope. Outside the scope it is "not found" for the caller (404, the same answer
 * as for an id that does not exist, so ids cannot be probed), but the refusal is recorded in the audit log when the
 * object does exist.
 */
export async function loadInScope<T>(
  req: Request,
  what: { objectType: string; objectId: string; label: string; scoped: () => Promise<T | undefined>; exists: () => Promise<boolean> },
): Promise<T> {
  const row = await what.scoped();
  if (row !== undefined) return row;
  if (await what.exists()) {
    const actor = actorOf(req);
    await appendAudit(getContext(req).db, {
      actorId: actor.userId,
      action: 'access.denied',
      objectType: what.objectType,
      objectId: what.objectId,
      ip: req.ip ?? null,
      data: { status: 404, reason: 'outside_scope', method: req.method, path: req.originalUrl.split('?')[0], requestId: req.id },
    });
  }
  throw new AppError('NOT_FOUND', `${what.label} tidak ditemukan`);
}

export function getUsulanKpInScope(req: Request, id: string): Promise<UsulanKp> {
  const { db } = getContext(req);
  const actor = actorOf(req);
  return loadInScope(req, {
    objectType: 'usulan_kp',
    objectId: id,
    label: 'Usulan',
    scoped: () => scopeUsulanKp(db.selectFrom('usulan_kp').selectAll().where('usulan_kp.id', '=', id), actor).executeTakeFirst(),
    exists: async () => !!(await db.selectFrom('usulan_kp').select('id').where('id', '=', id).executeTakeFirst()),
  });
}

export function getEmployeeInScope(req: Request, nip: string): Promise<Employee> {
  const { db } = getContext(req);
  const actor = actorOf(req);
  return loadInScope(req, {
    objectType: 'employee',
    objectId: nip,
    label: 'Pegawai',
    scoped: () => scopeEmployees(db.selectFrom('employee').selectAll().where('employee.nip', '=', nip), actor).executeTakeFirst(),
    exists: async () => !!(await db.selectFrom('employee').select('nip').where('nip', '=', nip).executeTakeFirst()),
  });
}

/** The one instansi an account (an operator or its integration token) acts for; an account bound to none is refused. */
export function requireInstansi(actor: { instansiId: string | null }): string {
  if (!actor.instansiId) throw new AppError('FORBIDDEN', 'Akun ini tidak terikat pada satu instansi');
  return actor.instansiId;
}

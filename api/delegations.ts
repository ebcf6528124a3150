import { Router, type Request, type Response } from 'express';
import { guardedRoutes } from './guarded-route';
import { z } from 'zod';
import { findUserById } from '../db/repos/users';
import { officeTodayOf } from '../db/repos/office-dates';
import { scopeDelegations } from '../db/scope';
import type { Db } from '../db';
import { actorOf } from './auth/middleware';
import { appendAudit } from '../db/repos/audit-log';
import { getContext } from './context';
import { AppError, conflict, unprocessable } from './errors';
import { idempotent } from './idempotency';
import { loadInScope } from './scope-guard';
import { describeSent, idSchema, isoDateSchema, parseBody, parseParams, parseQuery, requireJson } from './validate';

export const createDelegationBody = z.strictObject({
  toUserId: idSchema.meta({ description: 'Pengguna yang menjadi Plt/Plh (instansi yang sama)' }),
  jenis: z.enum(['PLT', 'PLH']),
  mulai: isoDateSchema,
  selesai: isoDateSchema,
  fromUserId: idSchema.optional().meta({ description: 'Hanya untuk ADMIN: approver yang digantikan. Approver selalu mendelegasikan dirinya sendiri.' }),
});
const listQuery = z.strictObject({
  instansiId: idSchema.optional(),
  berlaku: z.enum(['true', 'false']).optional().meta({ description: 'true: hanya yang berlaku hari ini' }),
});
const idParams = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, { error: (iss) => `Harus nomor delegasi (angka); diterima ${describeSent(iss.input)}` }) });

export const delegationSchema = z.object({
  id: z.string(),
  instansiId: z.string(),
  fromUserId: z.string(),
  toUserId: z.string(),
  jenis: z.enum(['PLT', 'PLH']),
  mulai: z.string(),
  selesai: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

type DelegationRow = {
  id: string; instansi_id: string; from_user_id: string; to_user_id: string; jenis: 'PLT' | 'PLH'; mulai: string; selesai: string;
  created_by: string; created_at: Date | string; revoked_at: Date | string | null;
};

const toDto = (r: DelegationRow): z.infer<typeof delegationSchema> => ({
  id: String(r.id),
  instansiId: r.instansi_id,
  fromUserId: r.from_user_id,
  toUserId: r.to_user_id,
  jenis: r.jenis,
  mulai: r.mulai,
  selesai: r.selesai,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
});

async function createDelegation(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  const actor = actorOf(req);
  const body = parseBody(createDelegationBody, req);
  let fromUserId: string;
  if (actor.role === 'ADMIN') {
    if (!body.fromUserId) throw new AppError('BAD_REQUEST', 'Admin harus menyebut approver yang digantikan', [{ field: 'body.fromUserId', reason: 'Wajib diisi oleh admin' }]);
    fromUserId = body.fromUserId;
  } else {
    if (body.fromUserId && body.fromUserId !== actor.userId) {
      throw new AppError('BAD_REQUEST', 'Approver hanya dapat mendelegasikan kewenangannya sendiri', [{ field: 'body.fromUserId', reason: 'Kosongkan kolom ini' }]);
    }
    fromUserId = actor.userId;
  }
  const from = await findUserById(db, fromUserId);
  if (!from || !from.active || from.role !== 'APPROVER' || !from.instansi_id) {
    throw unprocessable('Yang digantikan harus approver aktif sebuah instansi', [{ field: 'body.fromUserId', reason: 'Bukan approver aktif' }]);
  }
  const instansiId = from.instansi_id;
  const to = await findUserById(db, body.toUserId);
  // The same answer whether the user is unknown or belongs elsewhere: no probing of other instansi's users.
  if (!to || !to.active || to.instansi_id !== instansiId || to.id === from.id) {
    throw unprocessable('Penerima delegasi harus pengguna aktif lain dari instansi yang sama', [{ field: 'body.toUserId', reason: 'Bukan pengguna aktif lain di instansi ini' }]);
  }
  if (!to.totp_secret) {
    throw unprocessable('Penerima delegasi belum mendaftarkan TOTP; Plt/Plh bertindak sebagai approver dan wajib memakai faktor kedua', [
      { field: 'body.toUserId', reason: 'Belum memiliki TOTP' },
    ]);
  }
  if (body.selesai < body.mulai) throw unprocessable('Tanggal selesai tidak boleh sebelum tanggal mulai', [{ field: 'body.selesai', reason: 'Sebelum tanggal mulai' }]);
  // Delegation dates are the instansi's own office dates.
  const instansiToday = await officeTodayOf(db, { instansiId });
  if (body.mulai < instansiToday) throw unprocessable('Tanggal mulai tidak boleh di masa lalu', [{ field: 'body.mulai', reason: `Paling awal ${instansiToday}` }]);

  const row = await db.transaction().execute(async (trx) => {
    const overlap = await trx
      .selectFrom('delegation')
      .select('id')
      .where('from_user_id', '=', from.id)
      .where('to_user_id', '=', to.id)
      .where('revoked_at', 'is', null)
      .where('mulai', '<=', body.selesai)
      .where('selesai', '>=', body.mulai)
      .executeTakeFirst();
    if (overlap) throw conflict(`Sudah ada delegasi ${overlap.id} untuk pengguna ini pada rentang tanggal yang beririsan`, { delegationId: String(overlap.id) });
    const inserted = await trx
      .insertInto('delegation')
      .values({ instansi_id: instansiId, from_user_id: from.id, to_user_id: to.id, jenis: body.jenis, mulai: body.mulai, selesai: body.selesai, created_by: actor.userId })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx as Db, {
      actorId: actor.userId,
      action: 'delegation.create',
      objectType: 'delegation',
      objectId: String(inserted.id),
      ip: req.ip ?? null,
      data: { instansiId, fromUserId: from.id, toUserId: to.id, jenis: body.jenis, mulai: body.mulai, selesai: body.selesai },
    });
    return inserted;
  });
  res.status(201).location(`/api/v1/delegations/${row.id}`).json(toDto(row));
}

async function listDelegations(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  const actor = actorOf(req);
  const q = parseQuery(listQuery, req);
  let qb = scopeDelegations(db.selectFrom('delegation').selectAll(), actor);
  if (q.instansiId) qb = qb.where('delegation.instansi_id', '=', q.instansiId);
  if (q.berlaku === 'true') {
    const today = await officeTodayOf(db, actor);
    qb = qb.where('delegation.revoked_at', 'is', null).where('delegation.mulai', '<=', today).where('delegation.selesai', '>=', today);
  }
  const rows = await qb.orderBy('delegation.id', 'desc').limit(500).execute();
  res.json({ items: rows.map(toDto) });
}

async function revokeDelegation(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  const actor = actorOf(req);
  const { id } = parseParams(idParams, req);
  // Revoking is for the approver of the instansi (or the one who gave it) and admins; the delegate can see, not revoke.
  const row = await loadInScope(req, {
    objectType: 'delegation',
    objectId: id,
    label: 'Delegasi',
    scoped: () =>
      scopeDelegations(db.selectFrom('delegation').selectAll().where('delegation.id', '=', id), actor)
        .where((eb) => (actor.role === 'ADMIN' ? eb.val(true) : eb.or([eb('delegation.from_user_id', '=', actor.userId), eb('delegation.instansi_id', '=', actor.instansiId ?? '')])))
        .executeTakeFirst(),
    exists: async () => !!(await db.selectFrom('delegation').select('id').where('id', '=', id).executeTakeFirst()),
  });
  if (row.revoked_at) {
    res.json(toDto(row));
    return;
  }
  const updated = await db.transaction().execute(async (trx) => {
    const u = await trx.updateTable('delegation').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
    if (u) {
      await appendAudit(trx as Db, { actorId: actor.userId, action: 'delegation.revoke', objectType: 'delegation', objectId: id, ip: req.ip ?? null, data: { instansiId: u.instansi_id } });
    }
    return u;
  });
  res.json(toDto(updated ?? row));
}

export function createDelegationRouter(): Router {
  const router = Router();
  const route = guardedRoutes(router, '');
  const roles = ['APPROVER', 'ADMIN'] as const;
  route(
    {
      method: 'post',
      path: '/api/v1/delegations',
      summary: 'Buat delegasi Plt/Plh kepada pengguna lain di instansi yang sama',
      description: 'Instansi diambil dari approver yang digantikan, bukan dari isi permintaan. Penerima harus sudah memiliki TOTP.',
      tags: ['delegasi'],
      security: { roles: [...roles] },
      idempotent: true,
      request: { body: createDelegationBody },
      responses: { 201: { description: 'Delegasi dibuat', schema: delegationSchema }, 409: { description: 'Delegasi beririsan sudah ada' }, 422: { description: 'Ditolak oleh aturan' } },
    },
    requireJson,
    idempotent(),
    createDelegation,
  );
  route(
    {
      method: 'get',
      path: '/api/v1/delegations',
      summary: 'Daftar delegasi yang boleh dilihat',
      tags: ['delegasi'],
      request: { query: listQuery },
      responses: { 200: { description: 'Daftar delegasi', schema: z.object({ items: z.array(delegationSchema) }) } },
    },
    listDelegations,
  );
  route(
    {
      method: 'delete',
      path: '/api/v1/delegations/:id',
      summary: 'Cabut delegasi',
      tags: ['delegasi'],
      security: { roles: [...roles] },
      request: { params: idParams },
      responses: { 200: { description: 'Delegasi dicabut (atau sudah dicabut)', schema: delegationSchema }, 404: { description: 'Tidak ditemukan' } },
    },
    revokeDelegation,
  );
  return router;
}

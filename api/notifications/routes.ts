import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db';
import { actorOf } from '../auth/middleware';
import { guardedRoutes } from '../guarded-route';
import { parseParams, parseQuery } from '../validate';
import { notFound } from '../errors';
import type { Actor } from '../../domain/identity';
import type { Expression, SqlBool, ExpressionBuilder } from 'kysely';
import type { Database } from '../../db/types';

const listQuery = z.object({ belumDibaca: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });

/** The in-app inbox: what was mailed is also kept here, addressed to the user or to their NIP. */
function mine(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'notification'>): Expression<SqlBool> =>
    eb.or([eb('recipient_user_id', '=', actor.userId), ...(actor.nip ? [eb('recipient_nip', '=', actor.nip)] : [])]);
}

export function createNotificationRouter(deps: { db: Db }): express.Router {
  const r = express.Router();
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: (e?: unknown) => void) => {
    fn(req, res).catch(next);
  };
  // Any signed-in person; each sees only their own (mine()).
  const route = guardedRoutes(r, '/api/v1');
  route({
    method: 'get', path: '/notifikasi', summary: 'Kotak masuk notifikasi pengguna', tags: ['Notifikasi'], request: { query: listQuery },
    responses: { 200: { description: 'Notifikasi' } },
  }, wrap(async (req, res) => {
    const q = parseQuery(listQuery, req);
    const actor = actorOf(req);
    let qb = deps.db.selectFrom('notification').select(['id', 'usulan_id', 'subject', 'body', 'created_at', 'read_at']).where(mine(actor));
    if (q.belumDibaca === 'true') qb = qb.where('read_at', 'is', null);
    const items = await qb.orderBy('id', 'desc').limit(q.limit).execute();
    const unread = await deps.db.selectFrom('notification').select((eb) => eb.fn.countAll<string>().as('n')).where(mine(actor)).where('read_at', 'is', null).executeTakeFirstOrThrow();
    res.json({ belumDibaca: Number(unread.n), items });
  }));
  route({
    method: 'post', path: '/notifikasi/:id/dibaca', summary: 'Tandai notifikasi sudah dibaca', tags: ['Notifikasi'], request: { params: idParams },
    responses: { 200: { description: 'Ditandai' }, 404: { description: 'Bukan milik Anda' } },
  }, wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const row = await deps.db.updateTable('notification').set({ read_at: new Date() }).where('id', '=', id).where(mine(actorOf(req)))
      .returning(['id', 'read_at']).executeTakeFirst();
    if (!row) throw notFound('Notifikasi');
    res.json(row);
  }));
  route({
    method: 'post', path: '/notifikasi/dibaca-semua', summary: 'Tandai semua notifikasi Anda sudah dibaca', tags: ['Notifikasi'],
    responses: { 200: { description: 'Jumlah yang ditandai' } },
  }, wrap(async (req, res) => {
    const rows = await deps.db.updateTable('notification').set({ read_at: new Date() }).where(mine(actorOf(req))).where('read_at', 'is', null)
      .returning('id').execute();
    res.json({ ditandai: rows.length });
  }));
  return r;
}

import { Router, type Request, type Response } from 'express';
import { sql } from 'kysely';
import { z } from 'zod';
import { actorOf } from './auth/middleware';
import { guardedRoutes } from './guarded-route';
import { API_SCOPES, createApiToken, publicToken } from './auth/tokens';
import { resetTotp } from './auth/totp-enrolment';
import { appendAudit, toAuditRecord, verifyAuditChain } from '../db/repos/audit-log';
import { getContext } from './context';
import { AppError, unprocessable } from './errors';
import { idempotent } from './idempotency';
import { describeSent, freeText, idSchema, parseBody, parseParams, parseQuery, requireJson } from './validate';

export const createTokenBody = z.strictObject({
  name: freeText({ min: 3, max: 100, required: true, description: 'Nama integrasi, mis. "SIMPEG Kab. Contoh"' }),
  instansiId: idSchema.meta({ description: 'Instansi yang diwakili token' }),
  scopes: z.array(z.enum(API_SCOPES)).min(1).max(API_SCOPES.length),
  expiresAt: z.iso.datetime({ offset: true }).optional().meta({ description: 'Kedaluwarsa (ISO 8601); paling lama 1 tahun' }),
  requestsPerMinute: z.number().int().min(1).max(1_000_000).optional()
    .meta({ description: 'Kuota permintaan per menit khusus token ini; tanpa ini berlaku RATE_LIMIT_API_TOKEN (jauh di atas batas per orang)' }),
});
const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  instansiId: z.string(),
  scopes: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  requestsPerMinute: z.number().nullable(),
});
const createdTokenSchema = tokenSchema.extend({ token: z.string().optional().meta({ description: 'Ditampilkan sekali saja' }) });
const userParams = z.strictObject({ id: idSchema.max(100).meta({ description: 'Id pengguna (app_user.id)' }) });
const tokenParams = z.strictObject({ id: idSchema.max(60).meta({ description: 'Id token, mis. tok_…' }) });

const auditQuery = z.strictObject({
  actorId: freeText({ max: 200 }),
  action: freeText({ max: 200 }),
  objectType: freeText({ max: 200 }),
  objectId: freeText({ max: 500 }),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  beforeId: z.string().regex(/^\d{1,18}$/, { error: (iss) => `Harus angka id entri; diterima ${describeSent(iss.input)}` }).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  ip: z.string().nullable(),
  data: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
const verifySchema = z.object({ ok: z.boolean(), entries: z.number(), headId: z.string().optional(), brokenId: z.string().optional(), reason: z.string().optional() });

const MAX_TOKEN_LIFETIME_MS = 366 * 24 * 60 * 60_000;

async function resetUserTotp(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  const actor = actorOf(req);
  const { id } = parseParams(userParams, req);
  if (id === actor.userId) throw new AppError('FORBIDDEN', 'Admin tidak dapat mengatur ulang TOTP akunnya sendiri; minta admin lain');
  if (!(await resetTotp(db, id))) throw new AppError('NOT_FOUND', 'Pengguna tidak ada');
  await appendAudit(db, { actorId: actor.userId, action: 'auth.totp_reset', objectType: 'app_user', objectId: id, ip: req.ip ?? null, data: { requestId: req.id } });
  res.json({ id, reset: true, catatan: 'Pengguna mendaftarkan TOTP lagi saat masuk berikutnya; semua sesinya telah diakhiri' });
}

async function createToken(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  const actor = actorOf(req);
  const body = parseBody(createTokenBody, req);
  const instansi = await db.selectFrom('instansi').select(['id', 'kanreg_id']).where('id', '=', body.instansiId).executeTakeFirst();
  if (!instansi) throw unprocessable('Instansi tidak dikenal', [{ field: 'body.instansiId', reason: 'Tidak ada instansi dengan id ini' }]);
  const expiresAt = body.expiresAt ? new Date(body.expiresAt) : new Date(Date.now() + MAX_TOKEN_LIFETIME_MS - 86_400_000);
  if (expiresAt.getTime() <= Date.now()) throw unprocessable('Tanggal kedaluwarsa harus di masa depan', [{ field: 'body.expiresAt', reason: 'Sudah lewat' }]);
  if (expiresAt.getTime() > Date.now() + MAX_TOKEN_LIFETIME_MS) throw unprocessable('Token berlaku paling lama 1 tahun', [{ field: 'body.expiresAt', reason: 'Lebih dari 1 tahun' }]);
  const created = await createApiToken(db, {
    name: body.name,
    instansiId: instansi.id,
    kanregId: instansi.kanreg_id,
    scopes: [...new Set(body.scopes)],
    expiresAt,
    createdBy: actor.userId,
    requestsPerMinute: body.requestsPerMinute ?? null,
  });
  await appendAudit(db, {
    actorId: actor.userId,
    action: 'token.create',
    objectType: 'api_token',
    objectId: created.row.id,
    ip: req.ip ?? null,
    data: { name: body.name, instansiId: instansi.id, scopes: created.row.scopes, expiresAt: expiresAt.toISOString(), principal: created.user.id, requestsPerMinute: body.requestsPerMinute ?? null },
  });
  res.status(201).location(`/api/v1/admin/tokens/${created.row.id}`).json({ ...publicToken(created.row), token: created.token });
}

async function listTokens(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  const rows = await db.selectFrom('api_token').selectAll().orderBy('created_at', 'desc').limit(1000).execute();
  res.json({ items: rows.map(publicToken) });
}

async function revokeToken(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  const actor = actorOf(req);
  const { id } = parseParams(tokenParams, req);
  const row = await db.updateTable('api_token').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
  if (row) {
    await appendAudit(db, { actorId: actor.userId, action: 'token.revoke', objectType: 'api_token', objectId: id, ip: req.ip ?? null, data: { name: row.name } });
    res.json(publicToken(row));
    return;
  }
  const existing = await db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
  if (!existing) throw new AppError('NOT_FOUND', 'Token tidak ditemukan');
  res.json(publicToken(existing));
}

async function listAudit(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  const q = parseQuery(auditQuery, req);
  const limit = q.limit ?? 50;
  let qb = db.selectFrom('audit_log').selectAll();
  if (q.actorId) qb = qb.where('actor_id', '=', q.actorId);
  if (q.action) qb = qb.where('action', '=', q.action);
  if (q.objectType) qb = qb.where('object_type', '=', q.objectType);
  if (q.objectId) qb = qb.where('object_id', '=', q.objectId);
  if (q.from) qb = qb.where('at', '>=', new Date(q.from));
  if (q.to) qb = qb.where('at', '<', new Date(q.to));
  if (q.beforeId) qb = qb.where(sql<boolean>`id < ${q.beforeId}::bigint`);
  const rows = await qb.orderBy('id', 'desc').limit(limit + 1).execute();
  const items = rows.slice(0, limit).map(toAuditRecord);
  res.json({ items, nextBeforeId: rows.length > limit ? items[items.length - 1].id : null });
}

async function verifyAudit(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  res.json(await verifyAuditChain(db));
}

export function createAdminRouter(): Router {
  const router = Router();
  const route = guardedRoutes(router, '');
  const security = { roles: ['ADMIN' as const] };
  route(
    {
      method: 'post',
      path: '/api/v1/admin/tokens',
      summary: 'Buat token API untuk integrasi sistem (ditampilkan sekali)',
      description: 'Token terikat pada satu instansi dan cakupan (scope). Hanya hash-nya yang disimpan; simpan token dari jawaban ini.',
      tags: ['admin'],
      security,
      idempotent: true,
      request: { body: createTokenBody },
      responses: { 201: { description: 'Token dibuat', schema: createdTokenSchema }, 422: { description: 'Ditolak oleh aturan' } },
    },
    requireJson,
    // A replay must not show the secret again: what is stored for replay leaves it out.
    idempotent({ storeAs: (body) => ({ ...(body as Record<string, unknown>), token: undefined, catatan: 'Token hanya ditampilkan sekali; cabut dan buat token baru bila hilang' }) }),
    createToken,
  );
  route(
    { method: 'get', path: '/api/v1/admin/tokens', summary: 'Daftar token API', tags: ['admin'], security, responses: { 200: { description: 'Token', schema: z.object({ items: z.array(tokenSchema) }) } } },
    listTokens,
  );
  route(
    {
      method: 'delete',
      path: '/api/v1/admin/tokens/:id',
      summary: 'Cabut token API',
      tags: ['admin'],
      security,
      request: { params: tokenParams },
      responses: { 200: { description: 'Token dicabut', schema: tokenSchema }, 404: { description: 'Tidak ditemukan' } },
    },
    revokeToken,
  );
  route(
    {
      method: 'post',
      path: '/api/v1/admin/pengguna/:id/reset-totp',
      summary: 'Atur ulang TOTP seorang pengguna (perangkat hilang): ia mendaftar ulang saat masuk berikutnya',
      description: 'Rahasia TOTP, kode pemulihan dan semua sesi pengguna itu dihapus; tercatat di log audit. Kunci tanda tangan tidak berubah.',
      tags: ['admin'],
      security,
      request: { params: userParams },
      responses: { 200: { description: 'TOTP diatur ulang' }, 404: { description: 'Pengguna tidak ada' } },
    },
    requireJson,
    resetUserTotp,
  );
  route(
    {
      method: 'get',
      path: '/api/v1/admin/audit',
      summary: 'Telusuri log audit (terbaru dulu)',
      tags: ['admin'],
      security,
      request: { query: auditQuery },
      responses: { 200: { description: 'Entri audit', schema: z.object({ items: z.array(auditEntrySchema), nextBeforeId: z.string().nullable() }) } },
    },
    listAudit,
  );
  route(
    {
      method: 'get',
      path: '/api/v1/admin/audit/verify',
      summary: 'Periksa keutuhan rantai hash log audit',
      tags: ['admin'],
      security,
      responses: { 200: { description: 'Hasil pemeriksaan; brokenId menyebut entri pertama yang rusak', schema: verifySchema } },
    },
    verifyAudit,
  );
  return router;
}

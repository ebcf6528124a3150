import express, { type Request, type Response } from 'express';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../../db';
import type { Config } from '../../config';
import { guardedRoutes } from '../guarded-route';
import { AppError, conflict, notFound } from '../errors';
import { parseBody, parseParams, parseQuery, requireJson } from '../validate';
import { appendAudit } from '../../db/repos/audit-log';
import { outboxItem, retryOutbox } from '../../db/repos/siasn-outbox';
import { createSiasnSync, getSiasnSync, newSiasnSyncId, runningSiasnSync, type SiasnSync } from '../../db/repos/siasn-snapshots';
import type { Actor } from '../../domain/identity';
import { SIASN_SYNC_WORKFLOW_TYPE, siasnSyncWorkflowId, type SiasnSyncInput } from '../../workflows/siasn/contract';
import type { siasnSyncWorkflow } from '../../workflows/siasn/workflow';

/**
 * The SIASN pull over HTTP (issue 15): the instansi's operator (or the admin, naming the instansi) starts a sync job
 * that reads SIASN for every NIP of the instansi, and follows its progress. The job is a Temporal workflow; the
 * siasn_sync row is its progress.
 */
export interface SiasnRouterDeps { db: Db; temporal: Client; config: Readonly<Config> }

const MOUNT = '/api/v1';
const ROLES = ['OPERATOR', 'ADMIN'] as const;
const errs = { 400: { description: 'Masukan tidak sah' }, 401: { description: 'Belum masuk' }, 403: { description: 'Tidak berwenang' }, 404: { description: 'Tidak ditemukan' } };

const startBody = z.strictObject({
  instansiId: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, { error: 'Id instansi tidak sah' }).optional().meta({ description: 'Wajib untuk admin; operator hanya instansinya sendiri' }),
  nipsPerRun: z.number().int().min(1).max(1000).optional().meta({ description: 'NIP per putaran alur kerja sebelum dilanjutkan sebagai putaran baru (bawaan 200)' }),
});
const syncParam = z.strictObject({ id: z.string().regex(/^sync_[0-9a-f-]{36}$/, { error: 'Id penarikan SIASN tidak sah' }) });

export const SYNC_STATUS_LABEL: Readonly<Record<SiasnSync['status'], string>> = Object.freeze({
  MENUNGGU: 'Menunggu', BERJALAN: 'Sedang menarik data SIASN', SELESAI: 'Selesai', GAGAL: 'Berhenti (gagal)',
});

export function syncView(s: SiasnSync) {
  return {
    id: s.id, instansiId: s.instansi_id, status: s.status, statusLabel: SYNC_STATUS_LABEL[s.status], total: s.total, diproses: s.diproses, gagal: s.gagal,
    persen: s.total === 0 ? (s.status === 'SELESAI' ? 100 : 0) : Math.floor((s.diproses / s.total) * 100),
    pesan: s.pesan, createdAt: s.created_at, finishedAt: s.finished_at,
  };
}

const actorOf = (req: Request): Actor => (req as Request & { actor: Actor }).actor;

/** The operator acts for their own instansi; the admin for the one they name. */
function instansiFor(actor: Actor, asked: string | undefined): string {
  if (actor.role === 'ADMIN') {
    if (!asked) throw new AppError('BAD_REQUEST', 'Sebutkan instansiId: instansi mana yang ditarik dari SIASN', [{ field: 'instansiId', reason: 'wajib untuk admin' }]);
    return asked;
  }
  if (!actor.instansiId) throw new AppError('FORBIDDEN', 'Akun ini tidak terikat pada satu instansi');
  if (asked && asked !== actor.instansiId) throw new AppError('FORBIDDEN', 'Operator hanya dapat menarik data SIASN instansinya sendiri');
  return actor.instansiId;
}

export function createSiasnRouter(deps: SiasnRouterDeps): express.Router {
  const r = express.Router();
  const route = guardedRoutes(r, MOUNT);
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: (e?: unknown) => void) => {
    fn(req, res).catch(next);
  };

  route({ method: 'post', path: '/siasn/sync', summary: 'Mulai penarikan data SIASN satu instansi (data utama dan riwayat tiap NIP, serta unor)', tags: ['siasn'], request: { body: startBody }, responses: { 202: { description: 'Diterima; penarikan berjalan' }, ...errs, 409: { description: 'Penarikan lain instansi ini masih berjalan' } }, security: { roles: [...ROLES] } },
  requireJson, wrap(async (req, res) => {
    const body = parseBody(startBody, req);
    const actor = actorOf(req);
    const instansiId = instansiFor(actor, body.instansiId);
    const inst = await deps.db.selectFrom('instansi').select('id').where('id', '=', instansiId).executeTakeFirst();
    if (!inst) throw notFound('Instansi');
    const running = await runningSiasnSync(deps.db, instansiId);
    if (running) throw conflict('Penarikan data SIASN instansi ini masih berjalan; ikuti kemajuannya', { sync: syncView(running) });
    const sync = await createSiasnSync(deps.db, { id: newSiasnSyncId(), instansiId, createdBy: actor.userId });
    await appendAudit(deps.db, { actorId: actor.userId, action: 'siasn.tarik', objectType: 'siasn_sync', objectId: sync.id, ip: req.ip ?? null, data: { instansiId } });
    const input: SiasnSyncInput = { syncId: sync.id, instansiId, ...(body.nipsPerRun ? { nipsPerRun: body.nipsPerRun } : {}) };
    try {
      await deps.temporal.workflow.start<typeof siasnSyncWorkflow>(SIASN_SYNC_WORKFLOW_TYPE, {
        workflowId: siasnSyncWorkflowId(sync.id), taskQueue: deps.config.taskQueue, args: [input],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    res.status(202).location(`${MOUNT}/siasn/sync/${sync.id}`).json({ sync: syncView(sync) });
  }));

  route({ method: 'get', path: '/siasn/sync/:id', summary: 'Kemajuan satu penarikan data SIASN', tags: ['siasn'], request: { params: syncParam }, responses: { 200: { description: 'Penarikan SIASN' }, ...errs }, security: { roles: [...ROLES] } },
  wrap(async (req, res) => {
    const { id } = parseParams(syncParam, req);
    const actor = actorOf(req);
    const sync = await getSiasnSync(deps.db, id);
    if (!sync || (actor.role !== 'ADMIN' && sync.instansi_id !== actor.instansiId)) throw notFound('Penarikan SIASN');
    const refused = await deps.db.selectFrom('siasn_answer_refused').select(['endpoint', 'nip', 'reason', 'at']).where('sync_id', '=', id).orderBy('id').limit(100).execute();
    res.json({ sync: syncView(sync), jawabanDitolak: refused });
  }));

  const OUTBOX_LABEL: Readonly<Record<string, string>> = Object.freeze({
    MENUNGGU: 'Menunggu dikirim', TERKIRIM: 'Terkirim', SUDAH_ADA: 'Sudah ada di SIASN (tidak dikirim ulang)', MENYERAH: 'Gagal: perlu tindakan admin',
  });
  const outboxQuery = z.strictObject({
    instansiId: z.string().regex(/^[A-Za-z0-9._:-]{1,40}$/, { error: 'Id instansi tidak sah' }).optional(),
    status: z.enum(['MENUNGGU', 'TERKIRIM', 'SUDAH_ADA', 'MENYERAH']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  });
  const outboxParam = z.strictObject({ id: z.string().regex(/^\d{1,18}$/, { error: 'Id antrean tidak sah' }) });
  const outboxView = (o: { id: string; instansi_id: string; jenis: string; kunci: string; nip: string | null; payload: unknown; status: string; percobaan: number; alasan: string | null; siasn_id: string | null; created_at: Date; next_at: Date; sent_at: Date | null }) => ({
    id: String(o.id), instansiId: o.instansi_id, jenis: o.jenis, nip: o.nip, data: o.payload, status: o.status, statusLabel: OUTBOX_LABEL[o.status] ?? o.status,
    percobaan: o.percobaan, alasan: o.alasan, siasnId: o.siasn_id, dibuat: o.created_at, berikutnya: o.status === 'MENUNGGU' ? o.next_at : null, terkirim: o.sent_at,
  });

  route({ method: 'get', path: '/siasn/antrean', summary: 'Antrean kiriman ke SIASN (menunggu, terkirim, gagal dengan alasan)', tags: ['siasn'], request: { query: outboxQuery }, responses: { 200: { description: 'Antrean' }, ...errs }, security: { roles: [...ROLES] } },
  wrap(async (req, res) => {
    const q = parseQuery(outboxQuery, req);
    const actor = actorOf(req);
    const instansiId = actor.role === 'ADMIN' ? q.instansiId : instansiFor(actor, q.instansiId);
    const rows = await deps.db.selectFrom('siasn_outbox').selectAll()
      .$if(!!instansiId, (x) => x.where('instansi_id', '=', instansiId as string))
      .$if(!!q.status, (x) => x.where('status', '=', q.status as 'MENUNGGU'))
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
    const counts = await deps.db.selectFrom('siasn_outbox').select(['status']).select((eb) => eb.fn.countAll<string>().as('n'))
      .$if(!!instansiId, (x) => x.where('instansi_id', '=', instansiId as string)).groupBy('status').execute();
    res.json({ jumlah: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])), items: rows.map(outboxView) });
  }));

  route({ method: 'post', path: '/siasn/antrean/:id/ulang', summary: 'Kirim ulang kiriman yang gagal (setelah penyebabnya diperbaiki)', tags: ['siasn'], request: { params: outboxParam }, responses: { 200: { description: 'Masuk antrean lagi' }, ...errs, 409: { description: 'Bukan kiriman yang gagal' } }, security: { roles: ['ADMIN'] } },
  wrap(async (req, res) => {
    const { id } = parseParams(outboxParam, req);
    const actor = actorOf(req);
    const item = await outboxItem(deps.db, id);
    if (!item) throw notFound('Kiriman SIASN');
    if (!(await retryOutbox(deps.db, id))) throw conflict(`Kiriman ini berstatus "${OUTBOX_LABEL[item.status] ?? item.status}"; hanya kiriman yang gagal dapat dikirim ulang`);
    await appendAudit(deps.db, { actorId: actor.userId, action: 'siasn.kirim_ulang', objectType: 'siasn_outbox', objectId: id, ip: req.ip ?? null, data: {} });
    res.json(outboxView((await outboxItem(deps.db, id))!));
  }));

  return r;
}

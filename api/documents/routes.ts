import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db';
import type { BlobStore } from '../../dms/blob-store';
import { verifyPdf, type PdfVerification } from '../../signing';
import { requireAuth } from '../auth/middleware';
import { parseParams, parseBody, idSchema, requireJson } from '../validate';
import { idempotent } from '../idempotency';
import { AppError, notFound } from '../errors';
import { appendAudit } from '../audit';
import { scopeEmployees, scopeUsulanKp } from '../../db/scope';
import type { Actor } from '../auth/actor';

export interface DocumentRouterDeps {
  db: Db;
  blobs: BlobStore;
  /** PEM of the stand-in root: what a verification trusts. */
  trustedRootsPem: string[];
  maxUploadBytes?: number;
}

const idParams = z.object({ id: idSchema });
const statusSchema = z.object({ status: z.enum(['DICABUT', 'DIKOREKSI']), alasan: z.string().trim().min(1).max(1000) }).strict();
const actorOf = (req: Request): Actor => (req as Request & { actor: Actor }).actor;

/** Downloads through access control, and the public verification a QR code leads to. */
export function createDocumentRouter(deps: DocumentRouterDeps): express.Router {
  const r = express.Router();
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: (e?: unknown) => void) => {
    fn(req, res).catch(next);
  };

  r.get('/documents/:id', requireAuth(), wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const actor = actorOf(req);
    const doc = await deps.db.selectFrom('document').selectAll().where('id', '=', id).executeTakeFirst();
    if (!doc) throw notFound('Dokumen');
    const viaUsulan = doc.usulan_id
      ? await scopeUsulanKp(deps.db.selectFrom('usulan_kp').select('usulan_kp.id'), actor).where('usulan_kp.id', '=', doc.usulan_id).executeTakeFirst()
      : undefined;
    const viaOwner = !viaUsulan && doc.owner_nip
      ? await scopeEmployees(deps.db.selectFrom('employee').select('employee.nip'), actor).where('employee.nip', '=', doc.owner_nip).executeTakeFirst()
      : undefined;
    if (!viaUsulan && !viaOwner) {
      await appendAudit(deps.db, { actorId: actor.userId, action: 'ACCESS_REFUSED', objectType: 'document', objectId: id, ip: req.ip });
      throw notFound('Dokumen');
    }
    const bytes = await deps.blobs.get(doc.sha256);
    await appendAudit(deps.db, { actorId: actor.userId, action: 'DOCUMENT_DOWNLOAD', objectType: 'document', objectId: id, ip: req.ip, data: { sha256: doc.sha256 } });
    const ascii = doc.filename.replace(/[^A-Za-z0-9._-]/g, '_');
    res.setHeader('Content-Type', doc.mime);
    res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(bytes);
  }));

  // Withdrawing or correcting a decree never deletes it: the file stays, its verification says it no longer stands.
  r.post('/documents/:id/status', requireAuth({ roles: ['ADMIN'] }), requireJson, idempotent(), wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const body = parseBody(statusSchema, req);
    const actor = actorOf(req);
    const row = await deps.db.updateTable('document').set({ status: body.status }).where('id', '=', id).where('kind', 'in', ['SK', 'PERTEK'])
      .where('status', '=', 'BERLAKU').returning(['id', 'status']).executeTakeFirst();
    if (!row) {
      const exists = await deps.db.selectFrom('document').select('status').where('id', '=', id).where('kind', 'in', ['SK', 'PERTEK']).executeTakeFirst();
      if (!exists) throw notFound('Dokumen');
      throw new AppError('CONFLICT', `Dokumen sudah berstatus ${exists.status}`);
    }
    await appendAudit(deps.db, { actorId: actor.userId, action: `DOCUMENT_${body.status}`, objectType: 'document', objectId: id, ip: req.ip, data: { alasan: body.alasan } });
    res.json(row);
  }));

  r.get('/verifikasi/:id', wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const doc = await deps.db.selectFrom('document').selectAll().where('id', '=', id).where('kind', 'in', ['SK', 'PERTEK', 'PENGANTAR']).executeTakeFirst();
    if (!doc) throw notFound('Dokumen');
    const bytes = await deps.blobs.get(doc.sha256);
    res.json(await report(deps, bytes, await verifyPdf(bytes, { trustedRootsPem: deps.trustedRootsPem })));
  }));

  r.post('/verifikasi', express.raw({ type: 'application/pdf', limit: deps.maxUploadBytes ?? 10 * 1024 * 1024 }), wrap(async (req, res) => {
    if (!req.is('application/pdf')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unggah berkas PDF dengan Content-Type: application/pdf');
    const bytes = req.body as Buffer;
    if (!Buffer.isBuffer(bytes) || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError('UNPROCESSABLE', 'Berkas bukan PDF (tidak diawali %PDF-)');
    let v: PdfVerification;
    try {
      v = await verifyPdf(bytes, { trustedRootsPem: deps.trustedRootsPem });
    } catch {
      throw new AppError('UNPROCESSABLE', 'PDF tidak dapat dibaca untuk diverifikasi');
    }
    res.json(await report(deps, bytes, v));
  }));

  return r;
}

/** What the public sees: the signatures, whether this exact file is the archived one, and whether the decree stands. */
async function report(deps: DocumentRouterDeps, _bytes: Uint8Array, v: PdfVerification) {
  const doc = await deps.db.selectFrom('document').selectAll().where('sha256', '=', v.sha256).where('kind', 'in', ['SK', 'PERTEK', 'PENGANTAR']).executeTakeFirst();
  let nomor: string | null = null;
  if (doc?.usulan_id) {
    const u = await deps.db.selectFrom('usulan_kp').select(['sk_nomor', 'pertek_nomor', 'status']).where('id', '=', doc.usulan_id).executeTakeFirst();
    nomor = doc.kind === 'SK' ? u?.sk_nomor ?? null : doc.kind === 'PERTEK' ? u?.pertek_nomor ?? null : null;
  }
  return {
    dokumen: doc ? { id: doc.id, jenis: doc.kind, nomor, status: doc.status, berlaku: doc.status === 'BERLAKU', diarsipkan: doc.created_at } : null,
    cocokDenganDms: Boolean(doc),
    semuaValid: v.allValid,
    sha256: v.sha256,
    tandaTangan: v.signatures.map((s) => ({
      signerName: s.signerName, signerNip: s.signerNip, jabatan: s.jabatan, signedAt: s.signedAt, valid: s.valid,
      coversWholeDocument: s.coversWholeDocument, chainToRoot: s.chainToRoot, timestamp: s.timestamp, subFilter: s.subFilter, reason: s.reason,
    })),
  };
}

import express, { type Request, type Response } from 'express';
import { guardedRoutes } from '../guarded-route';
import { z } from 'zod';
import type { Db } from '../../db';
import type { BlobStore } from '../../dms/blob-store';
import { verifyPdf, type PdfVerification } from '../../signing';
import { parseParams, parseBody, idSchema, requireJson, freeText } from '../validate';
import { idempotent } from '../idempotency';
import { AppError, notFound } from '../errors';
import { appendAudit } from '../../db/repos/audit-log';
import { scopeEmployees, scopeUsulanKp } from '../../db/scope';
import type { Actor } from '../../domain/identity';
import { peremajaanScope } from '../peremajaan/service';

export interface DocumentRouterDeps {
  db: Db;
  blobs: BlobStore;
  /** PEM of the stand-in root: what a verification trusts. */
  trustedRootsPem: string[];
  maxUploadBytes?: number;
}

const idParams = z.object({ id: idSchema });
const statusSchema = z.object({ status: z.enum(['DICABUT', 'DIKOREKSI']), alasan: freeText({ max: 1000, required: true, multiline: true, description: 'Alasan pencabutan atau koreksi' }) }).strict();
const actorOf = (req: Request): Actor => (req as Request & { actor: Actor }).actor;
/** Where runtime/routers.ts mounts this router; the OpenAPI paths carry it. */
const MOUNT = '/api/v1';
const TAGS = ['Dokumen'];

/** Downloads through access control, and the public verification a QR code leads to. */
export function createDocumentRouter(deps: DocumentRouterDeps): express.Router {
  const r = express.Router();
  const route = guardedRoutes(r, MOUNT);
  const maxUploadBytes = deps.maxUploadBytes ?? 10 * 1024 * 1024;
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: (e?: unknown) => void) => {
    fn(req, res).catch(next);
  };

  route({
    method: 'get', path: '/documents/:id', summary: 'Unduh dokumen (SK, Pertek, berkas) bila dalam wewenang', tags: TAGS, request: { params: idParams },
    description: 'Akses dicatat di log audit. Dokumen di luar wewenang dijawab 404, sama dengan dokumen yang tidak ada.',
    responses: { 200: { description: 'Isi berkas (biasanya PDF) sebagai lampiran', contentType: 'application/pdf' }, 404: { description: 'Tidak ada atau di luar wewenang' } },
  }, wrap(async (req, res) => {
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
    // A document naming several employees (no single owner) is the uploader's, and anyone's who may see one of the
    // usulan its owners of record were added by.
    const viaShared = !viaUsulan && !viaOwner && doc.owner_nip === null && (doc.uploaded_by === actor.userId
      || await deps.db.selectFrom('shared_document_owner').innerJoin('usulan_peremajaan', 'usulan_peremajaan.id', 'shared_document_owner.usulan_id')
        .select('shared_document_owner.nip').where('shared_document_owner.document_id', '=', id).where(peremajaanScope(actor)).executeTakeFirst() !== undefined);
    if (!viaUsulan && !viaOwner && !viaShared) {
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
  route({
    method: 'post', path: '/documents/:id/status', summary: 'Cabut atau koreksi SK/Pertek (berkas tetap disimpan)', tags: TAGS,
    request: { params: idParams, body: statusSchema }, security: { roles: ['ADMIN'] }, idempotent: true,
    responses: { 200: { description: 'Status baru', schema: z.object({ id: z.string(), status: z.string() }) }, 404: { description: 'Tidak ada SK/Pertek dengan id ini' }, 409: { description: 'Sudah dicabut atau dikoreksi' } },
  }, requireJson, idempotent(), wrap(async (req, res) => {
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

  route({
    method: 'get', path: '/verifikasi/:id', summary: 'Verifikasi publik dokumen yang diarsipkan (tujuan kode QR)', tags: ['Verifikasi'], security: 'none',
    request: { params: idParams }, responses: { 200: { description: 'Tanda tangan, kecocokan dengan arsip dan status berlaku' }, 404: { description: 'Tidak ada dokumen dengan id ini' } },
  }, wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const doc = await deps.db.selectFrom('document').selectAll().where('id', '=', id).where('kind', 'in', ['SK', 'PERTEK', 'PENGANTAR']).executeTakeFirst();
    if (!doc) throw notFound('Dokumen');
    const bytes = await deps.blobs.get(doc.sha256);
    res.json(await report(deps, bytes, await verifyPdf(bytes, { trustedRootsPem: deps.trustedRootsPem })));
  }));

  route({
    method: 'post', path: '/verifikasi', summary: 'Verifikasi publik sebuah PDF yang diunggah: tanda tangan dan kecocokan dengan arsip', tags: ['Verifikasi'], security: 'none',
    request: { upload: { contentType: 'application/pdf', description: `PDF bertanda tangan, paling besar ${Math.round(maxUploadBytes / 1024 / 1024)} MB` } },
    responses: { 200: { description: 'Hasil verifikasi' }, 415: { description: 'Bukan application/pdf' }, 422: { description: 'Bukan PDF atau tidak dapat dibaca' } },
  }, express.raw({ type: 'application/pdf', limit: maxUploadBytes }), wrap(async (req, res) => {
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

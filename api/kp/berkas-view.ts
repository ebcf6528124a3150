import type { Request, Response, RequestHandler } from 'express';
import { z } from 'zod';
import type { Db } from '../../db';
import type { BlobStore } from '../../dms/blob-store';
import type { RouteSpec } from '../openapi';
import { parseParams, idSchema } from '../validate';
import { notFound } from '../errors';
import { appendAudit } from '../../db/repos/audit-log';
import { loadKpRuleBook } from '../../db/repos/kp-rule-versions';
import { kpRuleVersionOfUsulan } from '../../domain/kp-rule-versions';
import { DOCUMENT_TYPES, kpChecklist, missingDocuments, type DocumentCode } from '../../domain/documents';
import { crossesBand } from '../../domain/golongan';
import { findKpType } from '../../domain/kp-types';
import type { Actor } from '../../domain/identity';
import type { UsulanKp } from '../../db/types';

type Route = (spec: RouteSpec, ...handlers: RequestHandler[]) => void;
const idParams = z.object({ id: idSchema });

/**
 * What a decision rests on, for whoever may see the usulan: the berkas checklist of its KP type under the rule version
 * it was judged by, with the files in force for each item (the approver and the verifier decide with them open), the
 * decrees issued so far, and the SK draft for its signer to read before signing.
 */
export function kpBerkasViewRoutes(route: Route, deps: { db: Db; blobs: BlobStore; loadUsulan: (actor: Actor, id: string) => Promise<UsulanKp> }, common: {
  actorOf: (req: Request) => Actor; ok: (d: string) => Record<number, { description: string }>; errs: Record<number, { description: string }>;
  wrap: (fn: (req: Request, res: Response) => Promise<void>) => RequestHandler;
}): void {
  const { actorOf, ok, errs, wrap } = common;

  route({ method: 'get', path: '/kp/usulan/:id/berkas', summary: 'Berkas usulan per butir daftar periksa, dan dokumen keputusannya', tags: ['KP'], request: { params: idParams }, responses: { ...ok('Berkas'), ...errs } },
  wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const u = await deps.loadUsulan(actorOf(req), id);
    const version = kpRuleVersionOfUsulan(u.rule_version, u.periode, await loadKpRuleBook(deps.db), u.is_open);
    const [files, history, decrees] = await Promise.all([
      deps.db.selectFrom('document').select(['id', 'doc_code', 'filename', 'version', 'tahun', 'created_at', 'size'])
        .where('owner_nip', '=', u.nip).where('kind', '=', 'BERKAS').where('status', '=', 'BERLAKU').orderBy('doc_code').orderBy('tahun').execute(),
      deps.db.selectFrom('employee_golongan_history').select('id').where('nip', '=', u.nip).where((eb) => eb.or([eb('usulan_id', 'is', null), eb('usulan_id', '<>', u.id)])).execute(),
      deps.db.selectFrom('document').select(['id', 'kind', 'nomor', 'tanggal', 'status', 'printed_nama', 'filename'])
        .where('usulan_id', '=', u.id).orderBy('created_at').execute(),
    ]);
    const code = findKpType(u.jenis_kp)?.code ?? 'REGULER';
    const checklist = kpChecklist(code, { crossesBand: crossesBand(u.golongan_lama, u.golongan_baru), firstKp: history.length <= 1, version });
    const missing = new Set(missingDocuments(checklist, files.map((f) => f.doc_code ?? '')).map((m) => m.item.code));
    const filesFor = (codes: readonly DocumentCode[]) => files.filter((f) => codes.includes(f.doc_code as DocumentCode)).map((f) => ({
      id: f.id, kode: f.doc_code, namaFile: f.filename, versi: f.version, tahun: f.tahun, diunggah: f.created_at, ukuran: f.size,
    }));
    res.json({
      usulanId: u.id, nip: u.nip, aturan: version.id,
      butir: checklist.map((i) => ({
        kode: i.code, nama: i.name, wajib: i.mandatory, jumlah: i.count, lengkap: !missing.has(i.code),
        dokumen: filesFor([i.code, ...i.alternatives]),
      })),
      // Files of this person that no checklist item asks for (a supporting paper the operator added).
      lainnya: filesFor((Object.keys(DOCUMENT_TYPES) as DocumentCode[]).filter((c) => !checklist.some((i) => i.code === c || i.alternatives.includes(c)))),
      dokumenKeputusan: decrees.map((d) => ({ id: d.id, jenis: d.kind, nomor: d.nomor, tanggal: d.tanggal, status: d.status, penandatangan: d.printed_nama })),
      drafSk: u.sk_draft_sha256 !== null && u.sk_document_id === null,
    });
  }));

  route({ method: 'get', path: '/kp/usulan/:id/draf-sk', summary: 'Pratinjau draf SK sebelum ditandatangani (PDF, tanpa tanda tangan)', tags: ['KP'], request: { params: idParams }, responses: { 200: { description: 'PDF draf SK', contentType: 'application/pdf' }, ...errs } },
  wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const actor = actorOf(req);
    const u = await deps.loadUsulan(actor, id);
    // Once signed, the SK itself is the document to read; a draft no longer stands for anything.
    if (!u.sk_draft_sha256 || u.sk_document_id) throw notFound('Draf SK');
    const bytes = await deps.blobs.get(u.sk_draft_sha256);
    await appendAudit(deps.db, { actorId: actor.userId, action: 'SK_DRAFT_VIEW', objectType: 'usulan_kp', objectId: u.id, ip: req.ip, data: { sha256: u.sk_draft_sha256 } });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="draf-sk-${u.nip}.pdf"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(Buffer.from(bytes));
  }));
}

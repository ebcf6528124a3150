import express, { type Request, type Response } from 'express';
import { guardedRoutes } from '../guarded-route';
import { z } from 'zod';
import type { Db } from '../../db';
import type { BlobStore } from '../../dms/blob-store';
import { InspectionBusyError, InspectorUnavailableError, inspectUploadedFile } from '../../dms/pdf-inspect';
import { spoolUpload } from '../upload-spool';
import { newDocumentId } from '../../dms/documents';
import { parseParams, parseQuery, nipSchema, isoDateSchema, freeText } from '../validate';
import { AppError, notFound } from '../errors';
import { appendAudit } from '../../db/repos/audit-log';
import { idempotent } from '../idempotency';
import { scopeEmployees } from '../../db/scope';
import type { Role } from '../../domain/identity';
import { loadEmployeeFacts } from '../../db/repos/employee-facts';
import { DOCUMENT_TYPES, MULTI_OWNER_DOCUMENTS, kpChecklist, missingDocuments, type DocumentCode } from '../../domain/documents';
import { checkKpEligibility } from '../../domain/eligibility';
import { loadKpRuleBook } from '../../db/repos/kp-rule-versions';
import { kpRuleVersionFor } from '../../domain/kp-rule-versions';
import { crossesBand, golonganById } from '../../domain/golongan';
import { findKpType } from '../../domain/kp-types';
import { currentOpenPeriods } from '../../domain/periods';
import type { Actor } from '../../domain/identity';
import { officeTodayOf } from '../../db/repos/office-dates';

export const MAX_BERKAS_BYTES = 5 * 1024 * 1024;

export interface BerkasRouterDeps {
  db: Db;
  blobs: BlobStore;
  today?: () => string;
}

const nipParams = z.object({ nip: nipSchema });
const codes = Object.keys(DOCUMENT_TYPES) as [DocumentCode, ...DocumentCode[]];
const uploadQuery = z.object({
  kode: z.enum(codes),
  tahun: z.coerce.number().int().min(1950).max(2100).optional(),
  nama: freeText({ max: 200, description: 'Nama berkas yang disimpan' })
    .refine((v) => v === undefined || !/[\\/]/.test(v), { error: 'Nama berkas tidak boleh berisi / atau \\' }),
}).strict();
const sharedCodes = [...MULTI_OWNER_DOCUMENTS] as [DocumentCode, ...DocumentCode[]];
const sharedUploadQuery = z.object({
  kode: z.enum(sharedCodes).meta({ description: 'Jenis dokumen yang memuat banyak pegawai' }),
  nama: uploadQuery.shape.nama,
}).strict();
const checklistQuery = z.object({ jenisKp: z.coerce.number().int().default(101), periode: isoDateSchema.optional() }).strict();
const historyItem = z.object({
  golonganId: z.number(), golongan: z.string().nullable(), pangkat: z.string().nullable(), tmt: z.string(), mkgTahun: z.number(), mkgBulan: z.number(),
  skNomor: z.string().nullable(), skTanggal: z.string().nullable(), pertekNomor: z.string().nullable(), usulanId: z.string().nullable(),
});
const historyAnswer = z.object({ nip: z.string(), nama: z.string(), items: z.array(historyItem) });
const CHECKLIST_ROLES: Role[] = ['OPERATOR', 'APPROVER', 'VERIFIER', 'EMPLOYEE', 'ADMIN', 'KANREG_HEAD'];
const UPLOADERS: Role[] = ['OPERATOR', 'EMPLOYEE'];
/** Where runtime/routers.ts mounts this router; the OpenAPI paths carry it. */
const MOUNT = '/api/v1';
const TAGS = ['Berkas'];
const dateText = (d: unknown): string | null => (d === null || d === undefined ? null : d instanceof Date ? d.toISOString().slice(0, 10) : String(d));
const actorOf = (req: Request): Actor => (req as Request & { actor: Actor }).actor;

/**
 * An employee's berkas: uploads are inspected in a child process before anything is stored, a new upload of the same
 * document type is a new version (the old one stays, marked as corrected), and the checklist answers the
 * completeness gate the submission applies.
 */
export function createBerkasRouter(deps: BerkasRouterDeps): express.Router {
  const r = express.Router();
  const route = guardedRoutes(r, MOUNT);
  // The checklist's default period is the one open in the viewer's own office zone.
  const today = async (req: Request) => (deps.today ? deps.today() : officeTodayOf(deps.db, actorOf(req)));
  /** A handler, or with `thenNext` a check that passes the request on when it does not throw. */
  const wrap = (fn: (req: Request, res: Response) => Promise<void>, thenNext = false) => (req: Request, res: Response, next: (e?: unknown) => void) => {
    fn(req, res).then(() => thenNext && next(), next);
  };
  const spool = spoolUpload({ maxBytes: MAX_BERKAS_BYTES, dir: deps.blobs.spoolDir, type: 'application/pdf' });
  const employeeInScope = async (actor: Actor, nip: string) => {
    const emp = await scopeEmployees(deps.db.selectFrom('employee').select(['employee.nip', 'employee.nama']), actor).where('employee.nip', '=', nip).executeTakeFirst();
    if (!emp) throw notFound('Pegawai');
    return emp;
  };

  route({
    method: 'get', path: '/pegawai/:nip/berkas', summary: 'Daftar periksa berkas KP dan dokumen yang diunggah', tags: TAGS, request: { params: nipParams, query: checklistQuery },
    responses: { 200: { description: 'Daftar periksa' }, 404: { description: 'Pegawai di luar wewenang' } }, security: { roles: CHECKLIST_ROLES },
  }, wrap(async (req, res) => {
    const { nip } = parseParams(nipParams, req);
    const q = parseQuery(checklistQuery, req);
    const emp = await employeeInScope(actorOf(req), nip);
    const jenis = findKpType(q.jenisKp);
    if (!jenis) throw new AppError('BAD_REQUEST', `Jenis KP ${q.jenisKp} tidak dikenal`, [{ field: 'query.jenisKp', reason: `Tidak dikenal; diterima angka ${q.jenisKp}` }]);
    const docs = await deps.db.selectFrom('document').select(['id', 'doc_code', 'siasn_id', 'tahun', 'filename', 'version', 'status', 'created_at', 'size'])
      .where('owner_nip', '=', nip).where('kind', '=', 'BERKAS').orderBy('doc_code').orderBy('version', 'desc').execute();
    const present = docs.filter((d) => d.status === 'BERLAKU' && d.doc_code).map((d) => d.doc_code!);
    const facts = (await loadEmployeeFacts(deps.db, [nip])).get(nip);
    const periode = q.periode ?? currentOpenPeriods(await today(req))[0];
    // The checklist of the rule version that governs the period, as the submission will judge it.
    const ruleVersion = kpRuleVersionFor(periode, await loadKpRuleBook(deps.db));
    const target = facts ? checkKpEligibility(facts, jenis.code, periode, { ruleVersion }).targetGolonganId : null;
    const history = await deps.db.selectFrom('employee_golongan_history').select('id').where('nip', '=', nip).execute();
    const checklist = kpChecklist(jenis.code, { crossesBand: facts && target ? crossesBand(facts.golonganId, target) : false, firstKp: history.length <= 1, version: ruleVersion });
    const missing = new Set(missingDocuments(checklist, present).map((m) => m.item.code));
    res.json({
      nip: emp.nip, nama: emp.nama, jenisKp: jenis.siasnId, periode,
      lengkap: missing.size === 0,
      daftar: checklist.map((i) => ({ ...i, ada: present.filter((c) => c === i.code || i.alternatives.includes(c as DocumentCode)).length, lengkap: !missing.has(i.code) })),
      dokumen: docs,
    });
  }));

  route({
    method: 'post', path: '/pegawai/:nip/berkas', summary: 'Unggah berkas PDF (diperiksa: ukuran, enkripsi, konten aktif)', tags: TAGS,
    request: { params: nipParams, query: uploadQuery, upload: { contentType: 'application/pdf', description: `PDF, paling besar ${MAX_BERKAS_BYTES / 1024 / 1024} MB` } },
    responses: { 201: { description: 'Tersimpan sebagai versi baru' }, 404: { description: 'Pegawai di luar wewenang' }, 413: { description: 'Terlalu besar' }, 415: { description: 'Bukan PDF' }, 422: { description: 'PDF ditolak' } },
    security: { roles: UPLOADERS, scopes: ['kp:submit'] }, idempotent: true,
  },
    // The address and the parameters are checked before a byte of the body is read.
    wrap(async (req) => {
      const { nip } = parseParams(nipParams, req);
      const q = parseQuery(uploadQuery, req);
      if (q.kode === 'SKP' && !q.tahun) throw new AppError('BAD_REQUEST', 'SKP diunggah per tahun: sertakan parameter tahun', [{ field: 'query.tahun', reason: 'wajib untuk SKP' }]);
      await employeeInScope(actorOf(req), nip);
    }, true), spool, idempotent(), wrap(async (req, res) => {
      const { nip } = parseParams(nipParams, req);
      const q = parseQuery(uploadQuery, req);
      const actor = actorOf(req);
      const pages = await inspected(req, res, actor, { objectType: 'employee', objectId: nip });
      const { sha256, size } = await deps.blobs.putFile(req.upload!.file, req.upload!.sha256);
      const type = DOCUMENT_TYPES[q.kode];
      const tahun = q.tahun ?? null;
      const id = newDocumentId();
      const row = await deps.db.transaction().execute(async (trx) => {
        // Serialise versions of one document type of one person, so two uploads never get the same number.
        await trx.selectFrom('employee').select('nip').where('nip', '=', nip).forUpdate().executeTakeFirstOrThrow();
        const prev = await trx.selectFrom('document').select(['id', 'version']).where('owner_nip', '=', nip).where('kind', '=', 'BERKAS')
          .where('doc_code', '=', q.kode).where((eb) => (tahun === null ? eb('tahun', 'is', null) : eb('tahun', '=', tahun)))
          .orderBy('version', 'desc').executeTakeFirst();
        if (prev) await trx.updateTable('document').set({ status: 'DIKOREKSI' }).where('id', '=', prev.id).execute();
        return trx.insertInto('document').values({
          id, sha256, size, mime: 'application/pdf', filename: q.nama ?? `${q.kode.toLowerCase()}-${nip}.pdf`, kind: 'BERKAS', doc_code: q.kode,
          siasn_id: type.siasnId, tahun, owner_nip: nip, usulan_id: null, version: (prev?.version ?? 0) + 1, supersedes_id: prev?.id ?? null, uploaded_by: actor.userId,
        }).returning(['id', 'doc_code', 'siasn_id', 'tahun', 'version', 'sha256', 'size', 'created_at']).executeTakeFirstOrThrow();
      });
      await appendAudit(deps.db, { actorId: actor.userId, action: 'UPLOAD', objectType: 'document', objectId: row.id, ip: req.ip, data: { nip, kode: q.kode, sha256 } });
      res.status(201).json({ ...row, halaman: pages });
    }));

  route({
    method: 'post', path: '/dokumen-bersama', summary: 'Unggah dokumen yang memuat banyak pegawai (mis. SK mutasi satu bagian) untuk peremajaan kolektif', tags: TAGS,
    description: 'Dokumen belum punya pemilik; setiap pegawai yang perubahannya didukung dokumen ini dicatat sebagai pemilik saat peremajaan kolektif diajukan. '
      + `Hanya jenis yang memuat banyak pegawai: ${[...MULTI_OWNER_DOCUMENTS].join(', ')}. Dokumen perorangan diunggah per pegawai (/pegawai/{nip}/berkas).`,
    request: { query: sharedUploadQuery, upload: { contentType: 'application/pdf', description: `PDF, paling besar ${MAX_BERKAS_BYTES / 1024 / 1024} MB` } },
    responses: { 201: { description: 'Tersimpan' }, 413: { description: 'Terlalu besar' }, 415: { description: 'Bukan PDF' }, 422: { description: 'PDF ditolak' } },
    security: { roles: ['OPERATOR'] }, idempotent: true,
  },
    wrap(async (req) => {
      parseQuery(sharedUploadQuery, req);
      if (!actorOf(req).instansiId) throw new AppError('FORBIDDEN', 'Hanya operator instansi yang dapat mengunggah dokumen bersama');
    }, true), spool, idempotent(), wrap(async (req, res) => {
      const q = parseQuery(sharedUploadQuery, req);
      const actor = actorOf(req);
      const pages = await inspected(req, res, actor, { objectType: 'instansi', objectId: actor.instansiId! });
      const { sha256, size } = await deps.blobs.putFile(req.upload!.file, req.upload!.sha256);
      const row = await deps.db.insertInto('document').values({
        id: newDocumentId(), sha256, size, mime: 'application/pdf', filename: q.nama ?? `${q.kode.toLowerCase()}-bersama.pdf`, kind: 'PEREMAJAAN', doc_code: q.kode,
        siasn_id: DOCUMENT_TYPES[q.kode].siasnId, tahun: null, owner_nip: null, usulan_id: null, version: 1, supersedes_id: null, uploaded_by: actor.userId,
      }).returning(['id', 'doc_code', 'siasn_id', 'version', 'sha256', 'size', 'created_at']).executeTakeFirstOrThrow();
      await appendAudit(deps.db, { actorId: actor.userId, action: 'UPLOAD', objectType: 'document', objectId: row.id, ip: req.ip, data: { kode: q.kode, sha256, bersama: true } });
      res.status(201).json({ ...row, halaman: pages });
    }));

  /** The upload gate both routes share: a PDF by its type and bytes, inspected before anything is stored; a refusal is audited. */
  async function inspected(req: Request, res: Response, actor: Actor, on: { objectType: string; objectId: string }): Promise<number> {
    const upload = req.upload;
    if (!upload || upload.size === 0) throw new AppError('BAD_REQUEST', 'Isi berkas kosong');
    let result: Awaited<ReturnType<typeof inspectUploadedFile>>;
    try {
      result = await inspectUploadedFile(upload.file, { maxBytes: MAX_BERKAS_BYTES });
    } catch (err) {
      if (err instanceof InspectorUnavailableError) {
        throw new AppError('UNAVAILABLE', `Pemeriksa PDF di server belum lengkap (${err.missing.join(', ')}): tidak ada yang disimpan; sampaikan kepada admin`);
      }
      if (!(err instanceof InspectionBusyError)) throw err;
      res.setHeader('Retry-After', String(err.retryAfterSeconds));
      throw new AppError('UNAVAILABLE', 'Pemeriksa berkas sedang penuh: tidak ada yang disimpan; kirim ulang permintaan yang sama beberapa detik lagi', undefined, { retryAfterSeconds: err.retryAfterSeconds });
    }
    if (!result.ok) {
      await appendAudit(deps.db, { actorId: actor.userId, action: 'UPLOAD_REFUSED', ...on, ip: req.ip, data: { code: result.code } });
      throw new AppError(result.code === 'TOO_LARGE' ? 'PAYLOAD_TOO_LARGE' : 'UNPROCESSABLE', result.reason, [{ field: 'body', reason: result.reason }], { kode: result.code });
    }
    return result.pages;
  }

  // The pangkat history: what the eligibility rules read (years in the current golongan) and what each decree set.
  route({
    method: 'get', path: '/pegawai/:nip/riwayat-golongan', summary: 'Riwayat golongan/pangkat seorang pegawai (terlama dulu)', tags: ['Pegawai'],
    description: 'Pegawai hanya melihat riwayatnya sendiri; NIP di luar wewenang dijawab 404, sama dengan NIP yang tidak ada.',
    request: { params: nipParams }, responses: { 200: { description: 'Riwayat', schema: historyAnswer }, 404: { description: 'Pegawai tidak ada atau di luar wewenang' } },
    security: { scopes: ['kp:read'] },
  }, wrap(async (req, res) => {
    const { nip } = parseParams(nipParams, req);
    const emp = await employeeInScope(actorOf(req), nip);
    const rows = await deps.db.selectFrom('employee_golongan_history')
      .select(['golongan_id', 'tmt', 'mkg_tahun', 'mkg_bulan', 'sk_nomor', 'sk_tanggal', 'pertek_nomor', 'usulan_id'])
      .where('nip', '=', nip).orderBy('tmt').orderBy('id').execute();
    const answer: z.infer<typeof historyAnswer> = {
      nip: emp.nip, nama: emp.nama,
      items: rows.map((h) => {
        const g = golonganById(h.golongan_id);
        return {
          golonganId: h.golongan_id, golongan: g?.code ?? null, pangkat: g?.pangkat ?? null, tmt: dateText(h.tmt) ?? '', mkgTahun: h.mkg_tahun, mkgBulan: h.mkg_bulan,
          skNomor: h.sk_nomor, skTanggal: dateText(h.sk_tanggal), pertekNomor: h.pertek_nomor, usulanId: h.usulan_id,
        };
      }),
    };
    res.json(answer);
  }));
  return r;
}

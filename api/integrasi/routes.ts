import express, { type Request, type Response } from 'express';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../../db';
import type { Config } from '../../config';
import type { ImportJob } from '../../db/types';
import { guardedRoutes } from '../guarded-route';
import { csvCell } from '../csv-cell';
import { requireInstansi } from '../scope-guard';
import { AppError, notFound } from '../errors';
import { parseBody, parseParams, parseQuery, requireJson } from '../validate';
import { spoolUpload } from '../upload-spool';
import { appendAudit } from '../../db/repos/audit-log';
import { officeTodayOf } from '../../db/repos/office-dates';
import {
  dryRunSummary, getImportJob, listJobRecords, planImportJob, setImportJobStatus, stageImportJob, type RawImportRecord,
} from '../../db/repos/master-data';
import {
  DATASET_LABELS, MASTER_DATASETS, datasetFields, type MasterDataset,
} from '../../domain/master-records';
import type { Actor } from '../../domain/identity';
import { IMPORT_WORKFLOW_TYPE, importWorkflowId, type ImportWorkflowInput } from '../../workflows/import/contract';
import type { masterImportWorkflow } from '../../workflows/import/workflow';
import { IMPORT_FILE_MAX_BYTES, ImportFileRefused, parseImportFile } from './file-parse';

/**
 * The SIMPEG data path over HTTP (issue 14): the push API for an agency's system (an API token bound to one instansi,
 * with a scope per data set) and the operator's file import (the same job, after a dry run). Every push is a job: its
 * records are staged and checked, then applied by a Temporal workflow in chunks; the job is its own progress and
 * report, per record, so nothing is lost or half-applied and a stopped job resumes.
 */
export interface IntegrasiRouterDeps { db: Db; temporal: Client; config: Readonly<Config>; spoolDir: string }

const MOUNT = '/api/v1';
export const MAX_RECORDS_PER_REQUEST = 5000;

/** The scope a token needs per data set: the unit tree, the main record, the histories, the performance ratings. */
export const DATASET_SCOPE: Readonly<Record<MasterDataset, string>> = Object.freeze({
  unor: 'integrasi:unor', pegawai: 'integrasi:pegawai', riwayat_golongan: 'integrasi:riwayat', pendidikan: 'integrasi:riwayat',
  jabatan: 'integrasi:riwayat', angka_kredit: 'integrasi:riwayat', hukdis: 'integrasi:riwayat', skp: 'integrasi:skp', kinerja: 'integrasi:skp',
});

const actorOf = (req: Request): Actor => (req as Request & { actor: Actor }).actor;
const ok = (description: string) => ({ 200: { description } });
const errs = { 400: { description: 'Masukan tidak sah' }, 401: { description: 'Belum masuk' }, 403: { description: 'Tidak berwenang' }, 404: { description: 'Tidak ditemukan' } };

const datasetParam = z.strictObject({ dataset: z.enum(MASTER_DATASETS) });
const jobParam = z.strictObject({ id: z.string().regex(/^imp_[0-9a-f-]{36}$/, { error: 'Id pekerjaan impor tidak sah' }) });
const sumberSchema = z.enum(['SIMPEG', 'SIASN']).default('SIMPEG');
const pushQuery = z.strictObject({
  tunggu: z.coerce.number().int().min(0).max(120).optional().meta({ description: 'Tunggu sampai selesai (detik, paling lama 120)' }),
  sumber: sumberSchema.optional(),
});
const pushBody = z.strictObject({
  records: z.array(z.unknown()).min(1, { error: 'Kirim paling sedikit satu rekaman' }).max(MAX_RECORDS_PER_REQUEST, { error: `Paling banyak ${MAX_RECORDS_PER_REQUEST} rekaman per permintaan; bagi kiriman yang lebih besar` }),
  uji: z.boolean().optional().meta({ description: 'Uji saja: rencana per rekaman tanpa menerapkan apa pun' }),
});
const recordsQuery = z.strictObject({
  hasil: z.enum(['BARU', 'BERUBAH', 'SAMA', 'DITOLAK']).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const listQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });
const fileQuery = z.strictObject({ dataset: z.enum(MASTER_DATASETS), sumber: sumberSchema.optional() });

export const JOB_STATUS_LABEL: Readonly<Record<ImportJob['status'], string>> = Object.freeze({
  UJI: 'Uji, belum diterapkan', MENUNGGU: 'Menunggu', BERJALAN: 'Sedang diterapkan', SELESAI: 'Selesai', GAGAL: 'Berhenti (gagal)', DIBATALKAN: 'Dibatalkan',
});
export const RECORD_OUTCOME_LABEL: Readonly<Record<string, string>> = Object.freeze({ BARU: 'Baru', BERUBAH: 'Berubah', SAMA: 'Sama', DITOLAK: 'Ditolak' });

export function jobView(j: ImportJob) {
  return {
    id: j.id, status: j.status, sumber: j.sumber, asal: j.asal, namaBerkas: j.nama_berkas, total: j.total, diproses: j.diproses,
    baru: j.baru, berubah: j.berubah, sama: j.sama, ditolak: j.ditolak, kelayakanDiperiksa: j.kelayakan_diperiksa,
    kelayakanBerubah: j.kelayakan_berubah, pesan: j.pesan || null, createdAt: j.created_at, startedAt: j.started_at, finishedAt: j.finished_at,
    persen: j.total === 0 ? 100 : Math.floor((j.diproses / j.total) * 100),
    // The page reads the state from these, and the words from statusLabel: it keeps no copy of the vocabulary.
    statusLabel: JOB_STATUS_LABEL[j.status], uji: j.status === 'UJI', berjalan: j.status === 'MENUNGGU' || j.status === 'BERJALAN',
    selesai: j.status === 'SELESAI', gagal: j.status === 'GAGAL',
  };
}

/** Only the instansi's own operators (people or its integration tokens) see or touch its jobs. */
async function ownJob(db: Db, actor: Actor, id: string): Promise<ImportJob> {
  requireIntegrationScope(actor);
  const job = await getImportJob(db, id);
  if (!job || job.instansi_id !== actor.instansiId) throw notFound('Pekerjaan impor');
  return job;
}

/** A token reaches the import routes only with an integrasi:* scope; a person only as the instansi's operator. */
function requireIntegrationScope(actor: Actor, needed?: string): void {
  if (actor.via !== 'token') return;
  const scopes = actor.scopes ?? [];
  if (needed ? !scopes.includes(needed) : !scopes.some((s) => s.startsWith('integrasi:'))) {
    throw new AppError('FORBIDDEN', needed ? `Token ini tidak memiliki cakupan ${needed}` : 'Token ini tidak memiliki cakupan integrasi:*');
  }
}


export function createIntegrasiRouter(deps: IntegrasiRouterDeps): express.Router {
  const r = express.Router();
  const route = guardedRoutes(r, MOUNT);
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: (e?: unknown) => void) => {
    fn(req, res).catch(next);
  };

  async function startJob(job: ImportJob, actor: Actor): Promise<void> {
    const input: ImportWorkflowInput = { jobId: job.id, actorId: actor.userId };
    try {
      await deps.temporal.workflow.start<typeof masterImportWorkflow>(IMPORT_WORKFLOW_TYPE, {
        workflowId: importWorkflowId(job.id), taskQueue: deps.config.taskQueue, args: [input],
      });
    } catch (err) {
      // A running job is already being applied: starting it twice is a no-op, not an error.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  async function waitFor(jobId: string, seconds: number): Promise<ImportJob> {
    const until = Date.now() + seconds * 1000;
    for (;;) {
      const job = await getImportJob(deps.db, jobId);
      if (!job) throw notFound('Pekerjaan impor');
      if (job.status === 'SELESAI' || job.status === 'GAGAL' || Date.now() >= until) return job;
      await new Promise((res) => setTimeout(res, 200));
    }
  }

  async function stageAndRun(req: Request, res: Response, records: RawImportRecord[], o: { sumber: 'SIMPEG' | 'SIASN'; asal: 'API' | 'BERKAS'; uji: boolean; namaBerkas?: string | null; tunggu?: number; columnsIgnored?: string[] }) {
    const actor = actorOf(req);
    const instansiId = requireInstansi(actor);
    // The instansi of every pegawai record is the token's or the operator's; a record naming another is refused per record.
    const today = await officeTodayOf(deps.db, actor);
    const { job } = await stageImportJob(deps.db, records, { instansiId, sumber: o.sumber, asal: o.asal, namaBerkas: o.namaBerkas, createdBy: actor.userId, today, uji: o.uji });
    await appendAudit(deps.db, { actorId: actor.userId, action: o.uji ? 'integrasi.uji' : 'integrasi.kirim', objectType: 'import_job', objectId: job.id, ip: req.ip ?? null, data: { total: job.total, asal: o.asal, sumber: o.sumber, namaBerkas: o.namaBerkas ?? null } });
    if (o.uji) {
      const ringkasan = await planImportJob(deps.db, job.id);
      const fresh = await getImportJob(deps.db, job.id);
      res.status(201).location(`${MOUNT}/integrasi/jobs/${job.id}`).json({ job: jobView(fresh ?? job), ringkasan, kolomDiabaikan: o.columnsIgnored ?? [] });
      return;
    }
    await startJob(job, actor);
    const after = o.tunggu ? await waitFor(job.id, o.tunggu) : job;
    const finished = after.status === 'SELESAI' || after.status === 'GAGAL';
    res.status(finished ? 200 : 202).location(`${MOUNT}/integrasi/jobs/${job.id}`).json({ job: jobView(after) });
  }

  const ROLES = ['OPERATOR'] as const;

  const spoolCsv = spoolUpload({ maxBytes: IMPORT_FILE_MAX_BYTES, dir: deps.spoolDir, type: 'text/csv' });
  const spoolXlsx = spoolUpload({ maxBytes: IMPORT_FILE_MAX_BYTES, dir: deps.spoolDir, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  route({ method: 'post', path: '/integrasi/berkas', summary: 'Unggah berkas CSV/XLSX (templat atau "Export Data ASN" SIASN) untuk uji impor; tidak ada yang diterapkan sebelum dikonfirmasi', tags: ['integrasi'], request: { query: fileQuery, upload: { contentType: 'text/csv', description: 'Berkas CSV (UTF-8) atau XLSX, paling besar 10 MB' } }, responses: { 201: { description: 'Uji impor: ringkasan dan rencana per baris' }, ...errs, 413: { description: 'Berkas terlalu besar' }, 415: { description: 'Bukan CSV/XLSX' } }, security: { roles: [...ROLES], scopes: [] } },
  (req, res, next) => {
    // The query is checked before a byte of the body is stored.
    try { parseQuery(fileQuery, req); } catch (err) { next(err); return; }
    if (req.is('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')) spoolXlsx(req, res, next);
    else if (req.is('text/csv') || req.is('application/vnd.ms-excel') || req.is('text/plain')) {
      req.headers['content-type'] = 'text/csv';
      spoolCsv(req, res, next);
    } else next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Berkas impor harus CSV (text/csv) atau XLSX'));
  },
  wrap(async (req, res) => {
    const q = parseQuery(fileQuery, req);
    const actor = actorOf(req);
    const instansiId = requireInstansi(actor);
    requireIntegrationScope(actor, DATASET_SCOPE[q.dataset]);
    const rawName = req.get('x-nama-berkas');
    let namaBerkas = 'berkas';
    try { namaBerkas = rawName ? decodeURIComponent(rawName).replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 120) : 'berkas'; } catch { namaBerkas = 'berkas'; }
    const upload = (req as Request & { upload?: { file: string } }).upload;
    if (!upload) throw new AppError('BAD_REQUEST', 'Berkas tidak terkirim');
    let parsed;
    try {
      parsed = await parseImportFile({ path: upload.file, filename: namaBerkas, dataset: q.dataset });
    } catch (err) {
      if (err instanceof ImportFileRefused) throw new AppError('UNPROCESSABLE', err.message, [{ field: 'berkas', reason: err.message }]);
      throw err;
    }
    // A file brings one instansi's people: the operator's. A SIASN export's own instansi columns are not trusted.
    const records = parsed.records.map((rec) => (rec.dataset === 'pegawai' && rec.data && typeof rec.data === 'object'
      ? { ...rec, data: { ...(rec.data as Record<string, unknown>), instansi_id: instansiId } } : rec));
    await stageAndRun(req, res, records, { sumber: q.sumber ?? 'SIMPEG', asal: 'BERKAS', uji: true, namaBerkas, columnsIgnored: parsed.columnsIgnored });
  }));

  route({ method: 'post', path: '/integrasi/:dataset', summary: 'Kirim rekaman satu set data dari SIMPEG (paling banyak 5.000 per permintaan); diterapkan sebagai pekerjaan impor', tags: ['integrasi'], request: { params: datasetParam, query: pushQuery, body: pushBody }, responses: { 200: { description: 'Selesai diterapkan (dengan tunggu)' }, 201: { description: 'Uji: rencana per rekaman' }, 202: { description: 'Diterima; pekerjaan berjalan' }, ...errs }, security: { roles: [...ROLES], scopes: [] } },
  requireJson, wrap(async (req, res) => {
    const { dataset } = parseParams(datasetParam, req);
    const q = parseQuery(pushQuery, req);
    const body = parseBody(pushBody, req);
    const actor = actorOf(req);
    requireIntegrationScope(actor, DATASET_SCOPE[dataset]);
    const records = body.records.map((data, i) => ({ dataset, data, baris: i + 1 }));
    await stageAndRun(req, res, records, { sumber: q.sumber ?? 'SIMPEG', asal: 'API', uji: body.uji === true, tunggu: q.tunggu });
  }));

  route({ method: 'get', path: '/integrasi/jobs', summary: 'Pekerjaan impor terakhir instansi ini', tags: ['integrasi'], request: { query: listQuery }, responses: { ...ok('Daftar pekerjaan impor'), ...errs }, security: { roles: [...ROLES], scopes: [] } },
  wrap(async (req, res) => {
    const q = parseQuery(listQuery, req);
    const actor = actorOf(req);
    requireIntegrationScope(actor);
    const instansiId = requireInstansi(actor);
    const rows = await deps.db.selectFrom('import_job').selectAll().where('instansi_id', '=', instansiId).orderBy('created_at', 'desc').limit(q.limit).execute();
    res.json({ items: rows.map(jobView) });
  }));

  route({ method: 'get', path: '/integrasi/jobs/:id', summary: 'Kemajuan dan ringkasan satu pekerjaan impor', tags: ['integrasi'], request: { params: jobParam }, responses: { ...ok('Pekerjaan impor'), ...errs }, security: { roles: [...ROLES], scopes: [] } },
  wrap(async (req, res) => {
    const { id } = parseParams(jobParam, req);
    const job = await ownJob(deps.db, actorOf(req), id);
    // A dry run's counters stay at zero (the apply counts what it does); its plan is read from the records.
    const ringkasan = job.status === 'UJI' ? await dryRunSummary(deps.db, id) : undefined;
    res.json({ job: jobView(job), ...(ringkasan ? { ringkasan } : {}) });
  }));

  route({ method: 'get', path: '/integrasi/jobs/:id/rekaman', summary: 'Hasil per rekaman (baru, berubah lama → baru, sama, ditolak dengan alasan), berhalaman', tags: ['integrasi'], request: { params: jobParam, query: recordsQuery }, responses: { ...ok('Rekaman'), ...errs }, security: { roles: [...ROLES], scopes: [] } },
  wrap(async (req, res) => {
    const q = parseQuery(recordsQuery, req);
    const { id } = parseParams(jobParam, req);
    await ownJob(deps.db, actorOf(req), id);
    const items = await listJobRecords(deps.db, id, { hasil: q.hasil, after: q.after, limit: q.limit + 1 });
    const more = items.length > q.limit;
    const page = items.slice(0, q.limit);
    res.json({ items: page.map((it) => ({ ...it, hasilLabel: it.hasil ? RECORD_OUTCOME_LABEL[it.hasil] : null, ditolak: it.hasil === 'DITOLAK' })), next: more ? page[page.length - 1].seq : null });
  }));

  route({ method: 'get', path: '/integrasi/jobs/:id/hasil.csv', summary: 'Berkas hasil: satu baris per rekaman dengan hasil dan alasannya', tags: ['integrasi'], request: { params: jobParam }, responses: { ...ok('CSV'), ...errs }, security: { roles: [...ROLES], scopes: [] } },
  wrap(async (req, res) => {
    const { id } = parseParams(jobParam, req);
    const job = await ownJob(deps.db, actorOf(req), id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="hasil-impor-${job.id.slice(4, 12)}.csv"`);
    res.write('\ufeffbaris;set_data;kunci;nip;hasil;alasan;perubahan\n');
    let after = 0;
    for (;;) {
      const items = await listJobRecords(deps.db, id, { after, limit: 2000 });
      if (items.length === 0) break;
      for (const it of items) {
        const alasan = it.alasan.map((a) => `${a.field}: ${a.reason}`).join(' | ');
        const perubahan = it.perubahan.map((c) => `${c.field}: ${JSON.stringify(c.lama)} → ${JSON.stringify(c.baru)}`).join(' | ');
        res.write(`${[it.baris, it.dataset, it.kunci, it.nip, it.hasil ?? 'BELUM', alasan, perubahan].map(csvCell).join(';')}\n`);
      }
      after = items[items.length - 1].seq;
    }
    res.end();
  }));

  route({ method: 'post', path: '/integrasi/jobs/:id/terapkan', summary: 'Terapkan impor yang sudah diuji', tags: ['integrasi'], request: { params: jobParam }, responses: { 202: { description: 'Diterapkan di latar belakang' }, ...errs, 409: { description: 'Bukan impor uji' } }, security: { roles: [...ROLES], scopes: [] } },
  wrap(async (req, res) => {
    const { id } = parseParams(jobParam, req);
    const actor = actorOf(req);
    const job = await ownJob(deps.db, actor, id);
    if (job.status !== 'UJI' && job.status !== 'MENUNGGU') throw new AppError('CONFLICT', `Impor ini berstatus ${job.status}; hanya impor uji yang bisa diterapkan`);
    // Only the move from UJI to MENUNGGU starts it, so two clicks start one job.
    const moved = await deps.db.updateTable('import_job').set({ status: 'MENUNGGU' }).where('id', '=', id).where('status', 'in', ['UJI', 'MENUNGGU']).executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) throw new AppError('CONFLICT', 'Impor ini sudah diterapkan');
    await appendAudit(deps.db, { actorId: actor.userId, action: 'integrasi.terapkan', objectType: 'import_job', objectId: id, ip: req.ip ?? null, data: { total: job.total } });
    await startJob(job, actor);
    res.status(202).json({ job: jobView((await getImportJob(deps.db, id)) ?? job) });
  }));

  route({ method: 'post', path: '/integrasi/jobs/:id/lanjutkan', summary: 'Lanjutkan impor yang berhenti (GAGAL) dari rekaman pertama yang belum diterapkan', tags: ['integrasi'], request: { params: jobParam }, responses: { 202: { description: 'Dilanjutkan' }, ...errs, 409: { description: 'Tidak berhenti' } }, security: { roles: [...ROLES], scopes: [] } },
  wrap(async (req, res) => {
    const { id } = parseParams(jobParam, req);
    const actor = actorOf(req);
    const job = await ownJob(deps.db, actor, id);
    if (job.status !== 'GAGAL') throw new AppError('CONFLICT', `Impor ini berstatus ${job.status}; hanya impor yang berhenti (GAGAL) yang bisa dilanjutkan`);
    await setImportJobStatus(deps.db, id, 'MENUNGGU', '');
    await startJob(job, actor);
    res.status(202).json({ job: jobView((await getImportJob(deps.db, id)) ?? job) });
  }));

  route({ method: 'get', path: '/integrasi/templat/:dataset.csv', summary: 'Templat CSV satu set data (baris judul kolom)', tags: ['integrasi'], request: { params: datasetParam }, responses: { ...ok('CSV'), ...errs }, security: { roles: [...ROLES], scopes: [] } },
  wrap(async (req, res) => {
    const { dataset } = parseParams(datasetParam, req);
    requireIntegrationScope(actorOf(req));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="templat-${dataset}.csv"`);
    res.send(`\ufeff${datasetFields(dataset).map((f) => f.name).join(';')}\n`);
  }));

  route({ method: 'get', path: '/integrasi/referensi', summary: 'Set data impor, kolomnya (wajib atau tidak) dan cakupan token yang diperlukan', tags: ['integrasi'], responses: { ...ok('Referensi impor'), ...errs }, security: { roles: [...ROLES], scopes: [] } },
  wrap(async (req, res) => {
    requireIntegrationScope(actorOf(req));
    res.json({ maksRekamanPerPermintaan: MAX_RECORDS_PER_REQUEST, setData: MASTER_DATASETS.map((d) => ({ id: d, label: DATASET_LABELS[d], cakupan: DATASET_SCOPE[d], kolom: datasetFields(d) })) });
  }));

  return r;
}


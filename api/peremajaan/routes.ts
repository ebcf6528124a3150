import { Router, type RequestHandler } from 'express';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { actorOf } from '../auth/middleware';
import { guardedRoutes, type GuardFactory } from '../guarded-route';
import { PEREMAJAAN_ACTIONS } from '../../domain/peremajaan-lifecycle';
import { idempotent, type IdempotentOptions } from '../idempotency';
import { describeSent, freeText, idSchema, nipSchema, parseBody, parseParams, parseQuery, requireJson } from '../validate';
import {
  MAX_CHANGES_PER_USULAN, MAX_NIPS_PER_KOLEKTIF, getPeremajaanDetail, listPeremajaan, submitPeremajaan, submitPeremajaanKolektif,
} from './service';
import { MAX_BULK_DECISIONS, decidePeremajaanChanges, decidePeremajaanChange, peremajaanSlaOf, startPeremajaanWorkflows, withdrawPeremajaan } from './starter';
import { officeTodayOf } from '../../db/repos/office-dates';
import { retryStuckPeremajaanStep } from './retry-step';

export interface PeremajaanRouterDeps {
  db: Db;
  temporal: Client;
  config: Readonly<Pick<Config, 'taskQueue' | 'sla'>>;
  /** Overridable for tests that mount the router on a bare app; defaults to the real middleware. */
  auth?: GuardFactory;
  idempotency?: (opts?: IdempotentOptions) => RequestHandler;
  today?: () => string;
}

/**
 * Area and field names are codes (DATA_PRIBADI, unorId): the service names the known ones when a code is unknown. The
 * names every object has (constructor, toString) are refused here, since the field tables are plain objects.
 */
const codeSchema = (max: number) =>
  z.string().max(max)
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: (iss) => `Harus kode (huruf, angka, garis bawah); diterima ${describeSent(iss.input)}` })
    .refine((v) => !(v in Object.prototype), { error: (iss) => `Kode tidak dikenal; diterima ${describeSent(iss.input)}` });

const changeSchema = z.strictObject({
  area: codeSchema(40),
  field: codeSchema(60),
  value: z.unknown().refine((v) => v !== undefined && v !== null, { error: 'Nilai baru wajib diisi' })
    .meta({ description: 'Nilai baru: teks, angka atau kode sesuai kolomnya; teks mengikuti aturan teks bebas (NFC, tanpa karakter tak terlihat)' }),
  documents: z.array(idSchema).max(20).default([]),
});

const submitSchema = z.strictObject({
  nip: nipSchema,
  changes: z.array(changeSchema).min(1).max(MAX_CHANGES_PER_USULAN),
});

const kolektifSchema = z.strictObject({
  nips: z.array(nipSchema).min(1).max(MAX_NIPS_PER_KOLEKTIF),
  change: changeSchema.meta({ description: 'Perubahan yang sama untuk semua NIP; documents di sini dipakai bersama (hanya dokumen yang memuat banyak pegawai, mis. SK mutasi)' }),
  documentsByNip: z.record(nipSchema, z.array(idSchema).max(20)).optional()
    .meta({ description: 'Dokumen perorangan per NIP (mis. sertifikat diklat masing-masing), ditambahkan ke dokumen bersama' }),
});

const decisionSchema = z.strictObject({
  action: z.enum(['APPROVE', 'REJECT']),
  reason: freeText({ max: 1000, multiline: true, description: 'Alasan keputusan (wajib untuk REJECT)' }),
});

const bulkDecisionSchema = z.strictObject({
  keputusan: z.array(z.strictObject({ usulanId: idSchema, changeId: idSchema, action: decisionSchema.shape.action, reason: decisionSchema.shape.reason }))
    .min(1).max(MAX_BULK_DECISIONS),
});

const withdrawSchema = z.strictObject({ alasan: freeText({ max: 1000, multiline: true, description: 'Alasan penarikan' }) });

const listSchema = z.strictObject({
  status: z.enum(['MENUNGGU_VERIFIKASI', 'SELESAI', 'DITARIK']).optional(),
  nip: nipSchema.optional(),
  area: codeSchema(40).optional(),
  batchId: idSchema.optional().meta({ description: 'Hanya usulan dari satu pengajuan kolektif (batchId jawabannya)' }),
  q: freeText({ max: 100, description: 'Awal NIP atau bagian nama' }),
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const idParams = z.strictObject({ id: idSchema });
const decisionParams = z.strictObject({ id: idSchema, changeId: idSchema });

/** Where runtime/routers.ts mounts this router; the OpenAPI paths carry it. */
const MOUNT = '/api/v1';
const TAGS = ['Peremajaan'];
const refusals = {
  400: { description: 'Data tidak valid' }, 403: { description: 'Peran tidak berwenang' }, 404: { description: 'Tidak ditemukan atau di luar wewenang' },
  409: { description: 'Status tidak sesuai' }, 422: { description: 'Ditolak aturan (alasan per perubahan)' },
};

/** Peremajaan data: mounted under /api/v1. */
export function createPeremajaanRouter(deps: PeremajaanRouterDeps): Router {
  const r = Router();
  const route = guardedRoutes(r, MOUNT, deps.auth);
  const once = deps.idempotency ?? ((opts?: IdempotentOptions) => idempotent(opts));
  const today = async (req: Parameters<typeof actorOf>[0]) => (deps.today ? deps.today() : officeTodayOf(deps.db, actorOf(req)));
  const wf = { db: deps.db, temporal: deps.temporal, taskQueue: deps.config.taskQueue, sla: peremajaanSlaOf(deps.config.sla) };

  route({
    method: 'post', path: '/peremajaan', summary: 'Usulkan peremajaan data seorang pegawai (satu atau beberapa perubahan)', tags: TAGS,
    request: { body: submitSchema }, responses: { 201: { description: 'Usulan dibuat; verifikasi berjalan' }, ...refusals }, security: { roles: PEREMAJAAN_ACTIONS.PROPOSE.roles }, idempotent: true,
  }, requireJson, once(), async (req, res) => {
    const body = parseBody(submitSchema, req);
    const result = await submitPeremajaan(deps.db, actorOf(req), body, await today(req));
    await startPeremajaanWorkflows(wf, [result.usulanId]);
    res.status(201).location(`${req.baseUrl}/peremajaan/${encodeURIComponent(result.usulanId)}`).json(result);
  });

  route({
    method: 'post', path: '/peremajaan/kolektif', summary: 'Satu perubahan yang sama untuk banyak pegawai (mis. pindah unit kerja)', tags: TAGS,
    request: { body: kolektifSchema }, responses: { 200: { description: 'Tidak ada yang diterima; alasan per NIP' }, 201: { description: 'Diterima per NIP' }, ...refusals },
    security: { roles: PEREMAJAAN_ACTIONS.PROPOSE_COLLECTIVE.roles }, idempotent: true,
  }, requireJson, once(), async (req, res) => {
    const body = parseBody(kolektifSchema, req);
    const result = await submitPeremajaanKolektif(deps.db, actorOf(req), body, await today(req));
    const ids = result.items.flatMap((i) => (i.usulanId ? [i.usulanId] : []));
    // The answer does not wait for hundreds of starts: an action on an unstarted one starts it, the sweeper the rest.
    void startPeremajaanWorkflows(wf, ids).catch((err: Error) => req.log?.warn({ err: err.message }, 'starting peremajaan workflows failed; the sweeper retries'));
    res.status(ids.length ? 201 : 200).json(result);
  });

  route({
    method: 'get', path: '/peremajaan', summary: 'Daftar usulan peremajaan dalam wewenang', tags: TAGS, request: { query: listSchema },
    responses: { 200: { description: 'Daftar' }, 400: refusals[400] },
  }, async (req, res) => {
    const q = parseQuery(listSchema, req);
    res.json(await listPeremajaan(deps.db, actorOf(req), q));
  });

  route({
    method: 'get', path: '/peremajaan/:id', summary: 'Rincian usulan peremajaan: perubahan, keputusan dan linimasa', tags: TAGS, request: { params: idParams },
    responses: { 200: { description: 'Rincian' }, 404: refusals[404] },
  }, async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await getPeremajaanDetail(deps.db, actorOf(req), id));
  });

  route({
    method: 'post', path: '/peremajaan/:id/changes/:changeId/decision', summary: 'Setujui atau tolak satu perubahan', tags: TAGS,
    request: { params: decisionParams, body: decisionSchema }, responses: { 200: { description: 'Keputusan tercatat' }, ...refusals }, security: { roles: PEREMAJAAN_ACTIONS.DECIDE_CHANGE.roles },
    idempotent: 'optional',
  }, requireJson, once({ optional: true }), async (req, res) => {
    const { id, changeId } = parseParams(decisionParams, req);
    const body = parseBody(decisionSchema, req);
    res.json(await decidePeremajaanChange(wf, actorOf(req), id, changeId, body));
  });

  route({
    method: 'post', path: '/peremajaan/keputusan-massal', summary: 'Putuskan banyak perubahan sekaligus (mis. hasil pengajuan kolektif); hasil per perubahan', tags: TAGS,
    description: `Paling banyak ${MAX_BULK_DECISIONS} perubahan. Tiap perubahan diputus sendiri-sendiri oleh alur kerjanya: yang ditolak aturan (peran, status, alasan) dilaporkan dengan alasannya, yang lain tetap diputus.`,
    request: { body: bulkDecisionSchema }, responses: { 200: { description: 'Hasil per perubahan' }, ...refusals }, security: { roles: PEREMAJAAN_ACTIONS.DECIDE_CHANGE.roles }, idempotent: true,
  }, requireJson, once(), async (req, res) => {
    const body = parseBody(bulkDecisionSchema, req);
    res.json(await decidePeremajaanChanges(wf, actorOf(req), body.keputusan));
  });

  route({
    method: 'post', path: '/peremajaan/:id/withdraw', summary: 'Tarik usulan peremajaan yang belum selesai', tags: TAGS,
    request: { params: idParams, body: withdrawSchema, bodyOptional: true }, responses: { 200: { description: 'Ditarik' }, ...refusals }, security: { roles: PEREMAJAAN_ACTIONS.WITHDRAW.roles },
    idempotent: 'optional',
  }, requireJson, (req, _res, next) => {
    // The reason is optional, so an empty request is a withdrawal without one (and hashes like one sent as {}).
    req.body ??= {};
    next();
  }, once({ optional: true }), async (req, res) => {
    const { id } = parseParams(idParams, req);
    const body = parseBody(withdrawSchema, req);
    res.json(await withdrawPeremajaan(wf, actorOf(req), id, body.alasan));
  });

  route({
    method: 'post', path: '/peremajaan/:id/ulangi-langkah', summary: 'Ulangi langkah yang terhenti karena kegagalan (LANGKAH_MACET)', tags: TAGS,
    request: { params: idParams }, responses: { 202: { description: 'Langkah dicoba lagi' }, ...refusals }, security: { roles: PEREMAJAAN_ACTIONS.RETRY_STEP.roles }, idempotent: true,
  }, once(), async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.status(202).json(await retryStuckPeremajaanStep(deps, actorOf(req), id, req.ip));
  });

  return r;
}

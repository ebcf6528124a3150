import express, { type Request, type Response } from 'express';
import { systemClock } from '../../config/clock';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { sql } from 'kysely';
import type { Db } from '../../db';
import type { Config } from '../../config';
import type { BlobStore } from '../../dms/blob-store';
import type { SignerBackend } from '../../signing';
import { parseBody, parseQuery, parseParams, nipSchema, isoDateSchema, idSchema, requireJson, freeText, describeSent } from '../validate';
import { guardedRoutes } from '../guarded-route';
import { idempotent } from '../idempotency';
import { AppError, notFound } from '../errors';
import { appendAudit } from '../../db/repos/audit-log';
import { scopeUsulanKp, scopeEmployees } from '../../db/scope';
import { loadEmployeeFacts } from '../../db/repos/employee-facts';
import { submitCollective, MAX_NIPS_PER_SUBMISSION } from './submit';
import { startKpWorkflows } from './starter';
import { approverDecide, claim, verifierDecide, operatorAct, signSk, recordKeppres, loadUsulan, mapUpdateError, type ItemOutcome, type DecideDeps } from './decide';
import { checkKpEligibility } from '../../domain/eligibility';
import { loadKpRuleBook } from '../../db/repos/kp-rule-versions';
import { kpRuleVersionOfUsulan } from '../../domain/kp-rule-versions';
import { aturanOf, kpRuleVersionRoutes } from './rule-versions';
import { kpBerkasViewRoutes } from './berkas-view';
import { KP_TYPES, findKpType } from '../../domain/kp-types';
import { currentOpenPeriods } from '../../domain/periods';
import { KP_STATUS_LABEL, KpStatus, kpWorkflowId, stateQuery, retryStuckStepSignal } from '../../workflows/kp/contract';
import { KP_ACTIONS, KP_VOCABULARY } from '../../domain/kp-lifecycle';
import { GOLONGAN_LADDER } from '../../domain/golongan';
import type { Actor } from '../../domain/identity';
import { DECISION_REASONS, reasonsFor, validateDecisionReasons } from '../../domain/reasons';
import type { Clock } from '../../domain/office-clock';
import { officeTodayOf } from '../../db/repos/office-dates';
import { signableFor } from '../../db/repos/signers';

export interface KpRouterDeps {
  db: Db;
  temporal: Client;
  config: Readonly<Config>;
  blobs: BlobStore;
  signer: SignerBackend;
  clock?: Clock;
}

const actorOf = (req: Request): Actor => (req as Request & { actor: Actor }).actor;
const keyOf = (req: Request): string => String(req.header('Idempotency-Key'));

const submitSchema = z.object({
  periode: isoDateSchema,
  jenisKp: z.number().int(),
  nips: z.array(nipSchema).min(1).max(MAX_NIPS_PER_SUBMISSION),
}).strict();
const idParams = z.object({ id: idSchema });
// A secret: compared, never stored or normalised (the free-text rule is for what is kept and shown).
const passphrase = z.string().min(1).max(200).meta({ 'x-secret': true, description: 'Passphrase TTE penandatangan' }).optional();
const catatan = freeText({ max: 2000, multiline: true, description: 'Catatan keputusan' });
const approverSchema = z.object({ action: z.enum(['APPROVE', 'RETURN', 'REJECT']), catatan, passphrase }).strict();
const bulkApproveSchema = z.object({ ids: z.array(idSchema).min(1).max(1000), action: z.literal('APPROVE'), passphrase }).strict();
const reasonCodes = DECISION_REASONS.map((r) => r.code) as [string, ...string[]];
const verifierSchema = z.object({ action: z.enum(['MS', 'BTS', 'TMS']), alasan: z.array(z.enum(reasonCodes)).max(20).default([]), catatan, passphrase }).strict();
const operatorSchema = z.object({ catatan }).strict();
const withdrawSchema = z.object({ alasan: freeText({ max: 2000, required: true, multiline: true, description: 'Alasan penarikan' }) }).strict();
const signSkSchema = z.object({ ids: z.array(idSchema).min(1).max(1000), passphrase }).strict();
const keppresSchema = z.object({ nomor: freeText({ max: 100, required: true, description: 'Nomor Keputusan Presiden' }), tanggal: isoDateSchema }).strict();
const listSchema = z.object({
  periode: isoDateSchema.optional(), instansiId: idSchema.optional(), status: z.enum(Object.values(KpStatus) as [string, ...string[]]).optional(),
  nip: z.string().regex(/^\d{1,18}$/, { error: (iss) => `Harus awal NIP (1 sampai 18 digit angka); diterima ${describeSent(iss.input)}` }).optional(), nama: freeText({ max: 100, description: 'Bagian nama pegawai' }), jenisKp: z.coerce.number().int().optional(),
  batchId: idSchema.optional(), antrean: z.enum(['verifikasi', 'persetujuan', 'tte']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).strict();
const eligibilitySchema = z.object({ nip: nipSchema, jenisKp: z.coerce.number().int().default(101), periode: isoDateSchema.optional() }).strict();

/** Single decisions answer like one resource: refused → that refusal's own problem. */
function single(res: Response, o: ItemOutcome): void {
  if (!o.ok) throw new AppError(o.kode, o.alasan);
  res.json(o);
}

/** Where runtime/routers.ts mounts this router. */
const MOUNT = '/api/v1';

export function createKpRouter(deps: KpRouterDeps): express.Router {
  const r = express.Router();
  // Each route's guard is its spec's security (roles from domain/kp-lifecycle.ts), and the spec is its OpenAPI entry.
  const route = guardedRoutes(r, MOUNT);
  const clock = deps.clock ?? systemClock;
  // Dates people see are their own office's (WIB/WITA/WIT): open periods, windows and delegations in force.
  const decideDeps: DecideDeps = {
    db: deps.db, temporal: deps.temporal, blobs: deps.blobs, signer: deps.signer, publicBaseUrl: deps.config.publicBaseUrl,
    claimLeaseMs: deps.config.sla.claimLeaseMs, clock,
  };
  const starter = { db: deps.db, temporal: deps.temporal, taskQueue: deps.config.taskQueue, sla: deps.config.sla, historyLimit: deps.config.kpHistoryLimit };
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: (e?: unknown) => void) => {
    fn(req, res).catch(next);
  };

  route({ method: 'get', path: '/kp/referensi', summary: 'Periode terbuka, jenis KP, golongan, alasan BTS/TMS dan siklus usulan (status, tindakan, peristiwa, notifikasi)', tags: ['KP'], responses: ok('Referensi') },
  wrap(async (req, res) => {
    res.json({
      periodeTerbuka: currentOpenPeriods(await officeTodayOf(deps.db, actorOf(req), clock)),
      jenisKp: KP_TYPES.map((t) => ({ id: t.siasnId, kode: t.code, nama: t.name, dalamPeriode: t.withinPeriods })),
      // The lifecycle as data (domain/kp-lifecycle.ts): statuses with their tone, steps with who may take them,
      // timeline events and notifications; the pages label and colour from this, never from a copy.
      ...KP_VOCABULARY,
      golongan: GOLONGAN_LADDER.map((g) => ({ id: g.id, kode: g.code, pangkat: g.pangkat })),
      alasanBts: reasonsFor('BTS'), alasanTms: reasonsFor('TMS'),
    });
  }));

  kpRuleVersionRoutes(route, { db: deps.db, today: (req) => officeTodayOf(deps.db, actorOf(req), clock) }, { actorOf, ok, errs, wrap });
  kpBerkasViewRoutes(route, { db: deps.db, blobs: deps.blobs, loadUsulan: (actor, id) => loadUsulan(deps.db, actor, id) }, { actorOf, ok, errs, wrap });

  route({ method: 'get', path: '/kp/kelayakan', summary: 'Penjelasan kelayakan KP seorang pegawai', tags: ['KP'], request: { query: eligibilitySchema }, responses: { ...ok('Hasil per aturan'), ...errs }, security: { roles: ['OPERATOR', 'APPROVER', 'VERIFIER', 'EMPLOYEE', 'ADMIN', 'KANREG_HEAD'] } },
  wrap(async (req, res) => {
    const q = parseQuery(eligibilitySchema, req);
    const actor = actorOf(req);
    const emp = await scopeEmployees(deps.db.selectFrom('employee').select(['employee.nip', 'employee.nama']), actor).where('employee.nip', '=', q.nip).executeTakeFirst();
    if (!emp) throw notFound('Pegawai');
    const facts = (await loadEmployeeFacts(deps.db, [q.nip])).get(q.nip);
    if (!facts) throw notFound('Data kepegawaian');
    const jenis = findKpType(q.jenisKp);
    if (!jenis) throw new AppError('BAD_REQUEST', `Jenis KP ${q.jenisKp} tidak dikenal`, [{ field: 'query.jenisKp', reason: 'tidak dikenal' }]);
    const periode = q.periode ?? currentOpenPeriods(await officeTodayOf(deps.db, actor, clock))[0];
    res.json({ nip: emp.nip, nama: emp.nama, periode, ...checkKpEligibility(facts, jenis.code, periode, { ruleBook: await loadKpRuleBook(deps.db) }) });
  }));

  route({ method: 'post', path: '/kp/usulan', summary: 'Pengajuan usulan KP kolektif (hingga 5.000 NIP)', tags: ['KP'], request: { body: submitSchema }, responses: { 201: { description: 'Tiap NIP diterima atau ditahan beserta alasannya' }, ...errs }, security: { roles: ['OPERATOR'], scopes: ['kp:submit'] }, idempotent: true },
  requireJson, idempotent(), wrap(async (req, res) => {
    const input = parseBody(submitSchema, req);
    const actor = actorOf(req);
    const result = await submitCollective(deps.db, actor, input, await officeTodayOf(deps.db, actor, clock));
    await appendAudit(deps.db, { actorId: actor.userId, action: 'KP_SUBMIT', objectType: 'kp_batch', objectId: result.batchId, ip: req.ip, data: { total: result.total, diterima: result.diterima } });
    res.status(201).json(result);
    // The rows are committed; the workflows start now, and the sweeper catches any this process fails to start.
    const ids = result.items.flatMap((i) => (i.usulanId ? [i.usulanId] : []));
    void startKpWorkflows(starter, ids).catch((err: Error) => req.log?.warn({ err: err.message }, 'starting KP workflows failed; the sweeper retries'));
  }));

  /** How far one collective submission has got: workflows started and usulan per status, in the actor's scope. */
  const batchProgress = async (actor: Actor, id: string) => {
    const batch = await deps.db.selectFrom('kp_batch').selectAll().where('id', '=', id).executeTakeFirst();
    if (!batch) throw notFound('Pengajuan');
    const rows = await scopeUsulanKp(deps.db.selectFrom('usulan_kp').select(['usulan_kp.status']).select((eb) => [
      eb.fn.countAll<string>().as('n'), eb.fn.count<string>('usulan_kp.workflow_started_at').as('started'),
    ]), actor).where('usulan_kp.batch_id', '=', id).groupBy('usulan_kp.status').execute();
    // A batch with nothing of the viewer's is not theirs to see; an employee sees only batches holding their own usulan.
    const officeOfBatch = actor.role === 'ADMIN' || ((actor.role === 'OPERATOR' || actor.role === 'APPROVER') && actor.instansiId === batch.instansi_id);
    if (rows.length === 0 && (batch.accepted > 0 || !officeOfBatch)) throw notFound('Pengajuan');
    const started = rows.reduce((sum, x) => sum + Number(x.started), 0);
    return {
      ...batch, workflowDimulai: started, selesaiDimulai: started >= batch.accepted,
      perStatus: Object.fromEntries(rows.map((x) => [x.status, Number(x.n)])),
    };
  };

  route({ method: 'get', path: '/kp/batches/:id', summary: 'Kemajuan satu pengajuan kolektif', tags: ['KP'], request: { params: idParams }, responses: { ...ok('Kemajuan'), ...errs } },
  wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await batchProgress(actorOf(req), id));
  }));

  // Server-sent events: the operator's page follows a large submission without polling.
  route({ method: 'get', path: '/kp/batches/:id/stream', summary: 'Kemajuan pengajuan kolektif sebagai server-sent events', tags: ['KP'], request: { params: idParams }, responses: { 200: { description: 'text/event-stream: event progres tiap detik, lalu selesai', contentType: 'text/event-stream' }, 404: { description: 'Tidak ditemukan' } } },
  wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const actor = actorOf(req);
    let progress = await batchProgress(actor, id);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Accel-Buffering': 'no' });
    let open = true;
    req.on('close', () => { open = false; });
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      res.write(`event: progres\ndata: ${JSON.stringify(progress)}\n\n`);
      if (progress.selesaiDimulai || !open || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (!open) break;
      progress = await batchProgress(actor, id);
    }
    if (open) res.write('event: selesai\ndata: {}\n\n');
    res.end();
  }));

  route({ method: 'get', path: '/kp/usulan', summary: 'Daftar, pencarian dan jumlah usulan per status', tags: ['KP'], request: { query: listSchema }, responses: { ...ok('Daftar'), ...errs } },
  wrap(async (req, res) => {
    const q = parseQuery(listSchema, req);
    const actor = actorOf(req);
    let base = scopeUsulanKp(deps.db.selectFrom('usulan_kp'), actor);
    if (q.periode) base = base.where('usulan_kp.periode', '=', q.periode);
    if (q.instansiId) base = base.where('usulan_kp.instansi_id', '=', q.instansiId);
    if (q.nip) base = base.where('usulan_kp.nip', 'like', `${q.nip}%`);
    if (q.nama) base = base.where(sql`lower(usulan_kp.nama)`, 'like', `%${q.nama.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (q.jenisKp) base = base.where('usulan_kp.jenis_kp', '=', q.jenisKp);
    if (q.batchId) base = base.where('usulan_kp.batch_id', '=', q.batchId);
    if (q.antrean === 'verifikasi') base = base.where('usulan_kp.status', '=', KpStatus.MENUNGGU_VERIFIKASI);
    if (q.antrean === 'persetujuan') base = base.where('usulan_kp.status', '=', KpStatus.MENUNGGU_PERSETUJUAN);
    if (q.antrean === 'tte') {
      // Only what this viewer may sign: drafts named for them, or for the official whose Plt/Plh they are today.
      const mine = actor.role === 'ADMIN' ? null : await signableFor(deps.db, actor.userId, await officeTodayOf(deps.db, actor, clock));
      base = base.where('usulan_kp.status', '=', KpStatus.MENUNGGU_TTE_SK).where('usulan_kp.sk_draft_sha256', 'is not', null)
        .$if(mine !== null, (qb) => qb.where('usulan_kp.sk_signer_user_id', 'in', mine!));
    }
    const counts = await base.select(['usulan_kp.status']).select((eb) => eb.fn.countAll<string>().as('n')).groupBy('usulan_kp.status').execute();
    let list = base.selectAll('usulan_kp');
    if (q.status) list = list.where('usulan_kp.status', '=', q.status);
    const items = await list.orderBy('usulan_kp.created_at', 'asc').orderBy('usulan_kp.id').limit(q.limit).offset(q.offset).execute();
    res.json({
      jumlahPerStatus: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
      total: q.status ? Number(counts.find((c) => c.status === q.status)?.n ?? 0) : counts.reduce((s, c) => s + Number(c.n), 0),
      items: items.map((u) => ({ ...u, statusLabel: KP_STATUS_LABEL[u.status as KpStatus] ?? u.status })),
    });
  }));

  route({ method: 'get', path: '/kp/usulan/:id', summary: 'Rincian dan linimasa usulan', tags: ['KP'], request: { params: idParams }, responses: { ...ok('Rincian'), ...errs } },
  wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const u = await loadUsulan(deps.db, actorOf(req), id);
    const timeline = await deps.db.selectFrom('usulan_event').select(['jenis', 'actor_nama', 'from_status', 'to_status', 'catatan', 'data', 'at'])
      .where('usulan_id', '=', u.id).orderBy('seq').orderBy('id').execute();
    // Who the SK is prepared for (the routing's one named official), and who signed it, in what capacity.
    const namedSigner = u.sk_signer_user_id
      ? await deps.db.selectFrom('app_user').select(['id', 'nama', 'nip', 'jabatan']).where('id', '=', u.sk_signer_user_id).executeTakeFirst()
      : undefined;
    const skDoc = u.sk_document_id
      ? await deps.db.selectFrom('document').select(['printed_nama', 'printed_nip', 'printed_jabatan', 'capacity', 'status']).where('id', '=', u.sk_document_id).executeTakeFirst()
      : undefined;
    // The rules it was judged by and finishes under, as the explanation shows them.
    const version = kpRuleVersionOfUsulan(u.rule_version, u.periode, await loadKpRuleBook(deps.db), u.is_open);
    res.json({
      ...u, statusLabel: KP_STATUS_LABEL[u.status as KpStatus] ?? u.status, timeline,
      aturan: { ...aturanOf(version), dicatat: u.rule_version ?? null },
      penandatanganSk: namedSigner ? { userId: namedSigner.id, nama: namedSigner.nama, nip: namedSigner.nip, jabatan: namedSigner.jabatan } : null,
      skDitandatanganiOleh: skDoc ? { nama: skDoc.printed_nama, nip: skDoc.printed_nip, jabatan: skDoc.printed_jabatan, kapasitas: skDoc.capacity, statusDokumen: skDoc.status } : null,
    });
  }));

  route({ method: 'get', path: '/kp/usulan/:id/state', summary: 'Status langsung dari workflow', tags: ['KP'], request: { params: idParams }, responses: { ...ok('Status'), ...errs } },
  wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const u = await loadUsulan(deps.db, actorOf(req), id);
    try {
      res.json(await deps.temporal.workflow.getHandle(kpWorkflowId(u.id)).query(stateQuery));
    } catch (err) {
      throw mapUpdateError(err);
    }
  }));

  route({ method: 'post', path: '/kp/usulan/:id/keputusan-instansi', summary: 'Setujui (dengan TTE), kembalikan atau tolak', tags: ['KP'], request: { params: idParams, body: approverSchema }, responses: { ...ok('Status baru'), ...errs }, security: { roles: KP_ACTIONS.APPROVE.roles }, idempotent: true },
  requireJson, idempotent(), wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const body = parseBody(approverSchema, req);
    const [o] = await approverDecide(decideDeps, actorOf(req), { ids: [id], ...body, requestKey: keyOf(req) });
    single(res, o);
  }));

  route({ method: 'post', path: '/kp/keputusan-instansi-massal', summary: 'Persetujuan massal dengan satu kali passphrase', tags: ['KP'], request: { body: bulkApproveSchema }, responses: { ...ok('Hasil per usulan'), ...errs }, security: { roles: KP_ACTIONS.APPROVE.roles }, idempotent: true },
  requireJson, idempotent(), wrap(async (req, res) => {
    const body = parseBody(bulkApproveSchema, req);
    const items = await approverDecide(decideDeps, actorOf(req), { ...body, requestKey: keyOf(req) });
    res.json({ berhasil: items.filter((i) => i.ok).length, gagal: items.filter((i) => !i.ok).length, items });
  }));

  route({ method: 'post', path: '/kp/usulan/:id/klaim', summary: 'Klaim usulan dari antrean verifikasi (lease)', tags: ['KP'], request: { params: idParams }, responses: { ...ok('Batas waktu klaim'), ...errs }, security: { roles: KP_ACTIONS.CLAIM.roles }, idempotent: true },
  requireJson, idempotent(), wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    res.json(await claim(decideDeps, actorOf(req), id));
  }));

  route({ method: 'post', path: '/kp/usulan/:id/verifikasi', summary: 'Keputusan verifikator: MS, BTS atau TMS', tags: ['KP'], request: { params: idParams, body: verifierSchema }, responses: { ...ok('Status baru'), ...errs }, security: { roles: KP_ACTIONS.MS.roles }, idempotent: true },
  requireJson, idempotent(), wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const body = parseBody(verifierSchema, req);
    if (body.action !== 'MS') {
      const problems = validateDecisionReasons(body.action, { codes: body.alasan, note: body.catatan });
      if (problems.length) throw new AppError('UNPROCESSABLE', problems.join('; '), problems.map((reason) => ({ field: 'alasan', reason })));
    }
    single(res, await verifierDecide(decideDeps, actorOf(req), { id, ...body, requestKey: keyOf(req) }));
  }));

  route({ method: 'post', path: '/kp/usulan/:id/ajukan-ulang', summary: 'Ajukan ulang setelah dikembalikan atau BTS', tags: ['KP'], request: { params: idParams, body: operatorSchema }, responses: { ...ok('Status baru'), ...errs }, security: { roles: KP_ACTIONS.RESUBMIT.roles }, idempotent: true },
  requireJson, idempotent(), wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const body = parseBody(operatorSchema, req);
    single(res, await operatorAct(decideDeps, actorOf(req), { id, kind: 'RESUBMIT', catatan: body.catatan, requestKey: keyOf(req) }));
  }));

  route({ method: 'post', path: '/kp/usulan/:id/tarik', summary: 'Tarik usulan sebelum BKN memutuskan', tags: ['KP'], request: { params: idParams, body: withdrawSchema }, responses: { ...ok('Status baru'), ...errs }, security: { roles: KP_ACTIONS.WITHDRAW.roles }, idempotent: true },
  requireJson, idempotent(), wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const body = parseBody(withdrawSchema, req);
    single(res, await operatorAct(decideDeps, actorOf(req), { id, kind: 'WITHDRAW', catatan: body.alasan, requestKey: keyOf(req) }));
  }));

  route({ method: 'post', path: '/kp/tte-sk', summary: 'Tanda tangan elektronik SK (massal)', tags: ['KP'], request: { body: signSkSchema }, responses: { ...ok('Hasil per usulan'), ...errs }, security: { roles: KP_ACTIONS.SIGN_SK.roles }, idempotent: true },
  requireJson, idempotent(), wrap(async (req, res) => {
    const body = parseBody(signSkSchema, req);
    const items = await signSk(decideDeps, actorOf(req), { ...body, requestKey: keyOf(req) });
    res.json({ berhasil: items.filter((i) => i.ok).length, gagal: items.filter((i) => !i.ok).length, items });
  }));

  route({ method: 'post', path: '/kp/usulan/:id/keppres', summary: 'Catat Keputusan Presiden (nomor dan tanggal)', tags: ['KP'], request: { params: idParams, body: keppresSchema }, responses: { 202: { description: 'Diterima' }, ...errs }, security: { roles: KP_ACTIONS.RECORD_KEPPRES.roles }, idempotent: true },
  requireJson, idempotent(), wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const body = parseBody(keppresSchema, req);
    await recordKeppres(decideDeps, actorOf(req), { id, ...body });
    res.status(202).json({ usulanId: id, diterima: true });
  }));

  // A step stopped on a failure (LANGKAH_MACET) tries again once the cause is fixed, without waiting for its own retry.
  route({ method: 'post', path: '/kp/usulan/:id/ulangi-langkah', summary: 'Ulangi langkah yang terhenti (LANGKAH_MACET) setelah penyebabnya diperbaiki', tags: ['KP'], request: { params: idParams }, responses: { 202: { description: 'Langkah diulang' }, ...errs }, security: { roles: KP_ACTIONS.RETRY_STEP.roles }, idempotent: true },
  requireJson, idempotent(), wrap(async (req, res) => {
    const { id } = parseParams(idParams, req);
    const actor = actorOf(req);
    const u = await loadUsulan(deps.db, actor, id);
    if (!u.stuck_reason) throw new AppError('CONFLICT', 'Langkah usulan ini tidak sedang terhenti');
    await deps.temporal.workflow.getHandle(kpWorkflowId(u.id)).signal(retryStuckStepSignal, { actor: { userId: actor.userId, nama: actor.nama, role: actor.role } });
    await appendAudit(deps.db, { actorId: actor.userId, action: 'KP_RETRY_STEP', objectType: 'usulan_kp', objectId: u.id, ip: req.ip, data: { stuck: u.stuck_reason } });
    res.status(202).json({ usulanId: u.id, diulang: true });
  }));

  return r;
}

const ok = (description: string) => ({ 200: { description } });
const errs = { 400: { description: 'Data tidak valid' }, 403: { description: 'Tidak berwenang' }, 404: { description: 'Tidak ditemukan' }, 409: { description: 'Status tidak sesuai' }, 422: { description: 'Ditolak aturan' } };


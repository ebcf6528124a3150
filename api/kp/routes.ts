import express, { type Request, type Response } from 'express';
import { systemClock } from '../../config/clock';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/types';
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
import { kpForecastRoutes } from './forecast';
import { kpBerkasViewRoutes } from './berkas-view';
import { kpQueue, queueFilterShape } from './queue';
import { kpQueueToolRoutes, sendQueueCsv, QUEUE_EXPORT_LIMIT } from './queue-tools';
import { KP_TYPES, findKpType } from '../../domain/kp-types';
import { currentOpenPeriods } from '../../domain/periods';
import { KP_STATUS_LABEL, KpStatus, kpWorkflowId, stateQuery, retryStuckStepSignal } from '../../workflows/kp/contract';
import { KP_ACTIONS, KP_STATUSES, KP_STATUS_GROUPS, KP_STATUS_GROUP_LIST, KP_VOCABULARY, type KpStatusGroup } from '../../domain/kp-lifecycle';
import { latestReturns, resubmissionOf } from './resubmission';
import { GOLONGAN_LADDER } from '../../domain/golongan';
import type { Actor } from '../../domain/identity';
import { DECISION_REASONS, reasonsFor, validateDecisionReasons } from '../../domain/reasons';
import type { Clock } from '../../domain/office-clock';
import { officeTodayOf } from '../../db/repos/office-dates';

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
/**
 * The queues' order and keyset paging. Each sort has a key (compared as a row with usulan_kp.id, so equal keys still
 * page in one stable order), the key as text for the cursor, and the cast that reads it back. Timestamps travel in
 * microseconds (a JS Date would drop them and skip or repeat rows at a page edge).
 */
const QUEUE_SORTS = ['diajukan', '-diajukan', 'nama', '-nama', 'nip', '-nip', 'tenggat'] as const;
type QueueSort = (typeof QUEUE_SORTS)[number];
const utcText = (col: RawBuilder<unknown>) => sql<string>`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const TS_KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z|infinity)$/;
const SORT_KEYS: Record<string, { key: RawBuilder<unknown>; text: RawBuilder<string>; cast: (v: string) => RawBuilder<unknown>; valid: (v: string) => boolean }> = {
  diajukan: { key: sql`usulan_kp.created_at`, text: utcText(sql`usulan_kp.created_at`), cast: (v) => sql`${v}::timestamptz`, valid: (v) => TS_KEY.test(v) },
  nama: { key: sql`lower(usulan_kp.nama)`, text: sql<string>`lower(usulan_kp.nama)`, cast: (v) => sql`${v}::text`, valid: (v) => v.length <= 300 },
  nip: { key: sql`usulan_kp.nip`, text: sql<string>`usulan_kp.nip`, cast: (v) => sql`${v}::text`, valid: (v) => /^\d{1,18}$/.test(v) },
  tenggat: {
    key: sql`coalesce(usulan_kp.due_at, 'infinity'::timestamptz)`, text: sql<string>`coalesce(${utcText(sql`usulan_kp.due_at`)}, 'infinity')`,
    cast: (v) => sql`${v}::timestamptz`, valid: (v) => TS_KEY.test(v),
  },
};
interface QueueCursor { sort: QueueSort; key: string; id: string }
const encodeCursor = (c: QueueCursor): string => Buffer.from(JSON.stringify([c.sort, c.key, c.id])).toString('base64url');
function decodeCursor(s: string): QueueCursor | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'string')) return undefined;
    const [sort, key, id] = v as [QueueSort, string, string];
    if (!QUEUE_SORTS.includes(sort) || !SORT_KEYS[sort.replace('-', '')].valid(key) || !/^[A-Za-z0-9._:-]{1,100}$/.test(id)) return undefined;
    return { sort, key, id };
  } catch {
    return undefined;
  }
}
const cursorSchema = z.string().max(600).regex(/^[A-Za-z0-9_-]+$/, { error: (iss) => `Kursor tidak dikenal; diterima ${describeSent(iss.input)}` });
/** The filters that make sense in this queue (what it holds now), each with its count; before any filter is applied. */
async function queueChoices(queue: SelectQueryBuilder<Database, 'usulan_kp', object>) {
  const n = sql<string>`count(*)`.as('n');
  const [jenis, periode, instansi, unor] = await Promise.all([
    queue.select(['usulan_kp.jenis_kp as id', n]).groupBy('usulan_kp.jenis_kp').orderBy('usulan_kp.jenis_kp').execute(),
    queue.select([sql<string>`to_char(usulan_kp.periode, 'YYYY-MM-DD')`.as('id'), n]).groupBy('usulan_kp.periode').orderBy('usulan_kp.periode').execute(),
    queue.innerJoin('instansi', 'instansi.id', 'usulan_kp.instansi_id').select(['instansi.id', 'instansi.nama', n]).groupBy(['instansi.id', 'instansi.nama']).orderBy('instansi.nama').execute(),
    queue.innerJoin('employee', 'employee.nip', 'usulan_kp.nip').innerJoin('unor', 'unor.id', 'employee.unor_id')
      .select(['unor.id', 'unor.nama', 'unor.instansi_id', n]).groupBy(['unor.id', 'unor.nama', 'unor.instansi_id']).orderBy('unor.nama').limit(500).execute(),
  ]);
  return {
    jenisKp: jenis.map((j) => ({ id: j.id, nama: findKpType(j.id)?.name ?? String(j.id), jumlah: Number(j.n) })),
    periode: periode.map((p) => ({ id: p.id, jumlah: Number(p.n) })),
    instansi: instansi.map((i) => ({ id: i.id, nama: i.nama, jumlah: Number(i.n) })),
    unor: unor.map((u) => ({ id: u.id, nama: u.nama, instansiId: u.instansi_id, jumlah: Number(u.n) })),
  };
}
const listSchema = z.object({
  ...queueFilterShape, status: z.enum(Object.values(KpStatus) as [string, ...string[]]).optional(),
  kelompok: z.enum(Object.keys(KP_STATUS_GROUPS) as [KpStatusGroup, ...KpStatusGroup[]]).optional()
    .meta({ description: `Kelompok status (daftar operator): ${KP_STATUS_GROUP_LIST.map((g) => `${g.kode} = ${g.label}`).join('; ')}` }),
  batchId: idSchema.optional(), antrean: z.enum(['verifikasi', 'persetujuan', 'tte']).optional(),
  klaim: z.enum(['bebas', 'saya', 'lain']).optional().meta({ description: 'Antrean verifikasi: belum diklaim, diklaim saya, diklaim verifikator lain' }),
  format: z.enum(['json', 'csv']).default('json').meta({ description: `csv: seluruh himpunan yang tersaring (bukan satu halaman, paling banyak ${QUEUE_EXPORT_LIMIT} baris) sebagai CSV UTF-8 berpemisah titik koma` }),
  sort: z.enum(QUEUE_SORTS).default('diajukan').meta({ description: 'diajukan (terlama dahulu, bawaan), -diajukan, nama, -nama, nip, -nip, tenggat (paling mendesak dahulu)' }),
  setelah: cursorSchema.optional().meta({ description: 'Kursor halaman berikutnya (berikutnya dari jawaban sebelumnya)' }),
  sebelum: cursorSchema.optional().meta({ description: 'Kursor halaman sebelumnya (sebelumnya dari jawaban sebelumnya)' }),
  pilihan: z.enum(['ya']).optional().meta({ description: 'ya: sertakan pilihan filter (jenis KP, periode, instansi, unit kerja) dalam antrean ini' }),
  limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
}).strict().superRefine((v, ctx) => {
  const paging = [v.setelah && 'setelah', v.sebelum && 'sebelum', v.offset > 0 && 'offset'].filter(Boolean);
  if (paging.length > 1) ctx.addIssue({ code: 'custom', path: [String(paging[1])], message: `Gunakan salah satu saja dari ${paging.join(', ')}` });
  for (const key of ['setelah', 'sebelum'] as const) {
    const c = v[key] && decodeCursor(v[key]);
    if (v[key] && (!c || c.sort !== v.sort)) ctx.addIssue({ code: 'custom', path: [key], message: c ? `Kursor dibuat untuk urutan ${c.sort}, bukan ${v.sort}; mulai lagi dari halaman pertama` : 'Kursor tidak dikenal; mulai lagi dari halaman pertama' });
  }
  if (v.klaim && v.antrean !== 'verifikasi') ctx.addIssue({ code: 'custom', path: ['klaim'], message: 'Filter klaim hanya untuk antrean=verifikasi' });
});
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
      kelompokStatus: KP_STATUS_GROUP_LIST,
      golongan: GOLONGAN_LADDER.map((g) => ({ id: g.id, kode: g.code, pangkat: g.pangkat })),
      alasanBts: reasonsFor('BTS'), alasanTms: reasonsFor('TMS'),
    });
  }));

  kpRuleVersionRoutes(route, { db: deps.db, today: (req) => officeTodayOf(deps.db, actorOf(req), clock) }, { actorOf, ok, errs, wrap });
  kpForecastRoutes(route, { db: deps.db, today: (req) => officeTodayOf(deps.db, actorOf(req), clock) }, { actorOf, ok, errs, wrap });
  kpQueueToolRoutes(route, { db: deps.db, clock, claimLeaseMs: deps.config.sla.claimLeaseMs }, { actorOf, ok, errs, wrap });
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
    // The queue: the actor's scope (db/scope.ts, the only scope there is), the queue's status, minus decisions under way.
    const { queue, base } = await kpQueue({ db: deps.db, clock }, actor, q);
    if (q.format === 'csv') {
      await sendQueueCsv(res, deps.db, actor, q.status ? base.where('usulan_kp.status', '=', q.status) : base, { antrean: q.antrean, order: SORT_KEYS[q.sort.replace('-', '')].key, desc: q.sort.startsWith('-') });
      return;
    }
    const counts = await base.select(['usulan_kp.status']).select((eb) => eb.fn.countAll<string>().as('n')).groupBy('usulan_kp.status').execute();
    // A status and an operator's status group (domain/kp-lifecycle.ts) narrow alike; the counts per status stay whole.
    const shown: readonly string[] = KP_STATUSES.filter((s) => (!q.status || s === q.status) && (!q.kelompok || (KP_STATUS_GROUPS[q.kelompok].statuses as readonly string[]).includes(s)));
    const narrowed = q.status !== undefined || q.kelompok !== undefined;
    const total = counts.filter((c) => !narrowed || shown.includes(c.status)).reduce((s, c) => s + Number(c.n), 0);
    const filtered = !narrowed ? base : shown.length ? base.where('usulan_kp.status', 'in', shown) : base.where(sql<SqlBool>`false`);

    // Keyset paging (setelah/sebelum) in a total order (sort key, id); offset stays for callers that page by number.
    const sortKey = SORT_KEYS[q.sort.replace('-', '')];
    const desc = q.sort.startsWith('-');
    const cursor = q.setelah ? decodeCursor(q.setelah) : q.sebelum ? decodeCursor(q.sebelum) : undefined;
    const backwards = q.sebelum !== undefined;
    const dir = desc !== backwards ? 'desc' : 'asc';
    const beyond = (c: { key: string; id: string }, op: '>' | '<') => sql<SqlBool>`(${sortKey.key}, usulan_kp.id) ${sql.raw(op)} (${sortKey.cast(c.key)}, ${c.id})`;
    let list = filtered.leftJoin('employee', 'employee.nip', 'usulan_kp.nip').leftJoin('unor', 'unor.id', 'employee.unor_id')
      .leftJoin('instansi', 'instansi.id', 'usulan_kp.instansi_id')
      .selectAll('usulan_kp').select(['unor.id as unor_id', 'unor.nama as unor_nama', 'instansi.nama as instansi_nama', sortKey.text.as('sort_key')]);
    if (cursor) list = list.where(beyond(cursor, dir === 'asc' ? '>' : '<'));
    const fetched = await list.orderBy(sortKey.key, dir).orderBy('usulan_kp.id', dir).limit(q.limit + 1).offset(cursor ? 0 : q.offset).execute();
    const more = fetched.length > q.limit;
    const rows = fetched.slice(0, q.limit);
    if (backwards) rows.reverse();
    const first = rows[0];
    const last = rows[rows.length - 1];
    const asCursor = (r: { sort_key: string; id: string }) => encodeCursor({ sort: q.sort, key: r.sort_key, id: r.id });
    // Where this page starts in the filtered set, for "menampilkan 51-100 dari 312".
    const before = first
      ? Number((await filtered.where(beyond({ key: first.sort_key, id: first.id }, desc ? '>' : '<')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)
      : 0;
    const hasNext = first ? (backwards ? before + rows.length < total : more) : backwards && total > 0;
    const hasPrev = first ? (backwards ? more || before > 0 : before > 0) : !backwards && total > 0 && (cursor !== undefined || q.offset > 0);
    const pilihan = q.pilihan ? await queueChoices(queue) : undefined;
    // Why each one was last sent back (BTS or the instansi's return), for the operator's "perlu tindakan" and the verifier.
    const returns = await latestReturns(deps.db, rows.map((r) => r.id));
    res.json({
      jumlahPerStatus: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
      total,
      posisi: first ? before + 1 : 0,
      urutan: q.sort,
      berikutnya: hasNext ? (last ? asCursor(last) : q.sebelum!) : null,
      sebelumnya: hasPrev ? (first ? asCursor(first) : q.setelah ?? null) : null,
      ...(pilihan ? { pilihan } : {}),
      items: rows.map(({ sort_key: _k, ...u }) => ({ ...u, statusLabel: KP_STATUS_LABEL[u.status as KpStatus] ?? u.status, pengembalianTerakhir: returns.get(u.id) ?? null })),
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
      // Sent back before: how many times, the latest reasons, the operator's note and the berkas uploaded since.
      pengajuanUlang: await resubmissionOf(deps.db, u),
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


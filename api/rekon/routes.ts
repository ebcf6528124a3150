import express, { type Request, type Response } from 'express';
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { Db } from '../../db';
import type { Config } from '../../config';
import type { RekonRun } from '../../db/types';
import { guardedRoutes } from '../guarded-route';
import { csvCell } from '../csv-cell';
import { AppError, notFound } from '../errors';
import { parseBody, parseParams, parseQuery, requireJson } from '../validate';
import { appendAudit } from '../../db/repos/audit-log';
import { createRekonRun, newRekonRunId } from '../../db/repos/rekon';
import { officeTodayOf } from '../../db/repos/office-dates';
import { submitPeremajaan } from '../peremajaan/service';
import { peremajaanSlaOf, startPeremajaanWorkflows } from '../peremajaan/starter';
import {
  REKON_BAGIAN, REKON_BAGIAN_LABEL, REKON_HASIL_LABEL, REKON_TINDAKAN_LABEL, type RekonBagian, type RekonHasil, type RekonTindakan,
} from '../../domain/rekon';
import type { Actor } from '../../domain/identity';
import { REKON_WORKFLOW_TYPE, rekonScheduleId, rekonWorkflowId, type RekonWorkflowInput } from '../../workflows/rekon/contract';
import type { rekonWorkflow } from '../../workflows/rekon/workflow';

/**
 * The reconciliation over HTTP (issue 15): an instansi's operator (or the administrator, naming the instansi) runs it,
 * schedules it, reads its sections with counts and the rows that need attention, and exports them. The run itself is
 * a Temporal workflow; its rows are in the database and outlive it.
 */
export interface RekonRouterDeps { db: Db; temporal: Client; config: Readonly<Config> }

const actorOf = (req: Request): Actor => (req as Request & { actor: Actor }).actor;
const errs = { 400: { description: 'Masukan tidak sah' }, 401: { description: 'Belum masuk' }, 403: { description: 'Tidak berwenang' }, 404: { description: 'Tidak ditemukan' } };
const ROLES = ['OPERATOR', 'ADMIN'] as const;

const instansiField = z.string().regex(/^[A-Za-z0-9._:-]{1,40}$/, { error: 'Id instansi tidak sah' });
const runParam = z.strictObject({ id: z.string().regex(/^rekon_[0-9a-f-]{36}$/, { error: 'Id rekon tidak sah' }) });
const startBody = z.strictObject({ instansiId: instansiField.optional().meta({ description: 'Hanya untuk administrator' }) });
const instansiQuery = z.strictObject({ instansiId: instansiField.optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });
const rowsQuery = z.strictObject({
  bagian: z.enum(REKON_BAGIAN as [RekonBagian, ...RekonBagian[]]).optional(),
  hasil: z.enum(['TIDAK_SESUAI', 'HANYA_KITA', 'HANYA_SIASN']).optional(),
  nip: z.string().regex(/^\d{18}$/, { error: 'NIP harus 18 digit' }).optional(),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const exportQuery = z.strictObject({
  bagian: z.enum(REKON_BAGIAN as [RekonBagian, ...RekonBagian[]]).optional(),
  hasil: z.enum(['TIDAK_SESUAI', 'HANYA_KITA', 'HANYA_SIASN']).optional(),
  format: z.enum(['csv', 'xlsx']).default('csv'),
});
const rowParam = z.strictObject({ id: runParam.shape.id, seq: z.coerce.number().int().min(1).max(10_000_000) });
const proposeBody = z.strictObject({
  documents: z.array(z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/, { error: 'Id dokumen tidak sah' })).max(20).default([]).meta({ description: 'Dokumen bukti (id berkas yang sudah diunggah)' }),
});

/**
 * The rekon checks a peremajaan can settle, and the field it changes: the person's record takes SIASN's value, and
 * the peremajaan's verifier (the instansi or BKN, by field) decides on the evidence.
 */
const PEREMAJAAN_OF: Readonly<Record<string, { area: string; field: string }>> = Object.freeze({
  nama: { area: 'DATA_PRIBADI', field: 'nama' }, 'tanggal lahir': { area: 'DATA_PRIBADI', field: 'tanggalLahir' },
  'jenis kelamin': { area: 'DATA_PRIBADI', field: 'jenisKelamin' }, 'tingkat pendidikan': { area: 'PENDIDIKAN', field: 'tingkatPendidikan' },
  'gelar depan': { area: 'PENDIDIKAN', field: 'gelarDepan' }, 'gelar belakang': { area: 'PENDIDIKAN', field: 'gelarBelakang' },
  'jenis jabatan': { area: 'JABATAN', field: 'jenisJabatan' }, 'nama jabatan': { area: 'JABATAN', field: 'namaJabatan' },
  'TMT jabatan': { area: 'JABATAN', field: 'tmtJabatan' },
});

const scheduleBody = z.strictObject({
  instansiId: instansiField.optional(),
  aktif: z.boolean({ error: 'aktif wajib true atau false' }),
  jam: z.number().int().min(0).max(23).default(1).meta({ description: 'Jam mulai (WIB), 0-23' }),
});

/** The instansi a request is about: the operator's own; the administrator must name one that exists. */
async function instansiOf(db: Db, actor: Actor, named: string | undefined): Promise<string> {
  if (actor.role === 'ADMIN') {
    if (!named) throw new AppError('BAD_REQUEST', 'Administrator harus menyebut instansiId', [{ field: 'instansiId', reason: 'Wajib diisi untuk administrator' }]);
    const found = await db.selectFrom('instansi').select('id').where('id', '=', named).executeTakeFirst();
    if (!found) throw notFound('Instansi');
    return named;
  }
  if (!actor.instansiId) throw new AppError('FORBIDDEN', 'Akun ini tidak terikat pada satu instansi');
  if (named && named !== actor.instansiId) throw notFound('Instansi');
  return actor.instansiId;
}

async function ownRun(db: Db, actor: Actor, id: string): Promise<RekonRun> {
  const run = await db.selectFrom('rekon_run').selectAll().where('id', '=', id).executeTakeFirst();
  if (!run || (actor.role !== 'ADMIN' && run.instansi_id !== actor.instansiId)) throw notFound('Rekon');
  return run;
}

export function runView(r: RekonRun) {
  const counts = (r.counts ?? {}) as Record<string, unknown>;
  return {
    id: r.id, instansiId: r.instansi_id, status: r.status, skor: r.score === null ? null : Number(r.score), snapshotAt: r.snapshot_at,
    createdAt: r.created_at, finishedAt: r.finished_at, pesan: typeof counts.pesan === 'string' ? counts.pesan : null,
    populasi: counts.populasi ?? null, ketepatanWaktu: counts.ketepatanWaktu ?? null,
    bagian: REKON_BAGIAN.map((b) => ({ kode: b, label: REKON_BAGIAN_LABEL[b], ...((counts[b] as object | undefined) ?? {}) })),
  };
}

const rowView = (r: { seq: number; bagian: string; nip: string | null; unor_id: string | null; cek: string; nilai_kita: string | null; nilai_siasn: string | null; hasil: string; tindakan: string | null }) => ({
  seq: r.seq, bagian: r.bagian, bagianLabel: REKON_BAGIAN_LABEL[r.bagian as RekonBagian], nip: r.nip, unorId: r.unor_id, cek: r.cek,
  nilaiKita: r.nilai_kita, nilaiSiasn: r.nilai_siasn, hasil: r.hasil, hasilLabel: REKON_HASIL_LABEL[r.hasil as RekonHasil],
  tindakan: r.tindakan, tindakanLabel: r.tindakan ? REKON_TINDAKAN_LABEL[r.tindakan as RekonTindakan] : null,
});

export function createRekonRouter(deps: RekonRouterDeps): express.Router {
  const r = express.Router();
  const route = guardedRoutes(r, '/api/v1');
  const wrap = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: (e?: unknown) => void) => {
    fn(req, res).catch(next);
  };

  route({ method: 'post', path: '/rekon', summary: 'Jalankan rekon data instansi dengan snapshot SIASN terakhir', tags: ['rekon'], request: { body: startBody }, responses: { 202: { description: 'Rekon berjalan' }, ...errs }, security: { roles: [...ROLES] } },
  requireJson, wrap(async (req, res) => {
    const body = parseBody(startBody, req);
    const actor = actorOf(req);
    const instansiId = await instansiOf(deps.db, actor, body.instansiId);
    const runId = newRekonRunId();
    // The run exists (BERJALAN) before its workflow starts, so a client reading it at once finds it.
    await createRekonRun(deps.db, runId, instansiId, actor.userId);
    const input: RekonWorkflowInput = { instansiId, runId, actorId: actor.userId };
    await deps.temporal.workflow.start<typeof rekonWorkflow>(REKON_WORKFLOW_TYPE, { workflowId: rekonWorkflowId(runId), taskQueue: deps.config.taskQueue, args: [input] });
    await appendAudit(deps.db, { actorId: actor.userId, action: 'rekon.jalankan', objectType: 'rekon_run', objectId: runId, ip: req.ip ?? null, data: { instansiId } });
    res.status(202).location(`/api/v1/rekon/${runId}`).json({ id: runId, instansiId, status: 'BERJALAN' });
  }));

  route({ method: 'get', path: '/rekon', summary: 'Riwayat rekon instansi dan skor kualitas datanya', tags: ['rekon'], request: { query: instansiQuery }, responses: { 200: { description: 'Daftar rekon' }, ...errs }, security: { roles: [...ROLES] } },
  wrap(async (req, res) => {
    const q = parseQuery(instansiQuery, req);
    const instansiId = await instansiOf(deps.db, actorOf(req), q.instansiId);
    const runs = await deps.db.selectFrom('rekon_run').selectAll().where('instansi_id', '=', instansiId).orderBy('created_at', 'desc').limit(q.limit).execute();
    res.json({ instansiId, items: runs.map(runView) });
  }));

  route({ method: 'get', path: '/rekon/jadwal', summary: 'Jadwal rekon otomatis instansi', tags: ['rekon'], request: { query: instansiQuery }, responses: { 200: { description: 'Jadwal' }, ...errs }, security: { roles: [...ROLES] } },
  wrap(async (req, res) => {
    const q = parseQuery(instansiQuery, req);
    const instansiId = await instansiOf(deps.db, actorOf(req), q.instansiId);
    try {
      const d = await deps.temporal.schedule.getHandle(rekonScheduleId(instansiId)).describe();
      const spec = d.spec.calendars?.[0];
      res.json({ instansiId, aktif: !d.state.paused, jam: Number((spec?.hour as { start?: number }[] | undefined)?.[0]?.start ?? 0), berikutnya: d.info.nextActionTimes[0] ?? null });
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      res.json({ instansiId, aktif: false, jam: null, berikutnya: null });
    }
  }));

  route({ method: 'put', path: '/rekon/jadwal', summary: 'Atur rekon otomatis harian (Temporal Schedule)', tags: ['rekon'], request: { body: scheduleBody }, responses: { 200: { description: 'Jadwal tersimpan' }, ...errs }, security: { roles: [...ROLES] }, idempotent: 'optional' },
  requireJson, wrap(async (req, res) => {
    const body = parseBody(scheduleBody, req);
    const actor = actorOf(req);
    const instansiId = await instansiOf(deps.db, actor, body.instansiId);
    const id = rekonScheduleId(instansiId);
    const handle = deps.temporal.schedule.getHandle(id);
    const spec = { calendars: [{ hour: body.jam, minute: 0, comment: 'rekon harian' }], timezone: 'Asia/Jakarta' };
    const action = { type: 'startWorkflow' as const, workflowType: REKON_WORKFLOW_TYPE, taskQueue: deps.config.taskQueue, args: [{ instansiId, actorId: null } satisfies RekonWorkflowInput] };
    try {
      await handle.update((prev) => ({ ...prev, spec, action, state: { ...prev.state, paused: !body.aktif } }));
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
      await deps.temporal.schedule.create({ scheduleId: id, spec, action, state: { paused: !body.aktif, note: `rekon ${instansiId}` } });
    }
    await appendAudit(deps.db, { actorId: actor.userId, action: 'rekon.jadwal', objectType: 'instansi', objectId: instansiId, ip: req.ip ?? null, data: { aktif: body.aktif, jam: body.jam } });
    const d = await handle.describe();
    res.json({ instansiId, aktif: !d.state.paused, jam: body.jam, berikutnya: d.state.paused ? null : d.info.nextActionTimes[0] ?? null });
  }));

  route({ method: 'get', path: '/rekon/:id', summary: 'Hasil rekon: skor dan jumlah per bagian', tags: ['rekon'], request: { params: runParam }, responses: { 200: { description: 'Rekon' }, ...errs }, security: { roles: [...ROLES] } },
  wrap(async (req, res) => {
    const { id } = parseParams(runParam, req);
    res.json(runView(await ownRun(deps.db, actorOf(req), id)));
  }));

  route({ method: 'get', path: '/rekon/:id/baris', summary: 'Baris rekon yang perlu tindakan (per bagian, hasil, NIP)', tags: ['rekon'], request: { params: runParam, query: rowsQuery }, responses: { 200: { description: 'Baris' }, ...errs }, security: { roles: [...ROLES] } },
  wrap(async (req, res) => {
    // The query first: a malformed query is named as such, whatever the id.
    const q = parseQuery(rowsQuery, req);
    const { id } = parseParams(runParam, req);
    await ownRun(deps.db, actorOf(req), id);
    const rows = await deps.db.selectFrom('rekon_row').selectAll().where('run_id', '=', id)
      .$if(!!q.bagian, (x) => x.where('bagian', '=', q.bagian as string))
      .$if(!!q.hasil, (x) => x.where('hasil', '=', q.hasil as RekonHasil))
      .$if(!!q.nip, (x) => x.where('nip', '=', q.nip as string))
      .$if(q.after !== undefined, (x) => x.where('seq', '>', q.after ?? 0))
      .orderBy('seq').limit(q.limit).execute();
    res.json({ items: rows.map(rowView), berikutnya: rows.length === q.limit ? rows[rows.length - 1].seq : null });
  }));

  route({ method: 'get', path: '/rekon/:id/unduh', summary: 'Unduh baris rekon (CSV atau XLSX)', tags: ['rekon'], request: { params: runParam, query: exportQuery }, responses: { 200: { description: 'Berkas' }, ...errs }, security: { roles: [...ROLES] } },
  wrap(async (req, res) => {
    const q = parseQuery(exportQuery, req);
    const { id } = parseParams(runParam, req);
    const run = await ownRun(deps.db, actorOf(req), id);
    const header = ['bagian', 'nip', 'unit', 'pemeriksaan', 'nilai_instansi', 'nilai_siasn', 'hasil', 'tindakan'];
    const name = `rekon-${run.instansi_id}-${new Date(run.created_at).toISOString().slice(0, 10)}`;
    const rowsOf = async function* () {
      let after = 0;
      for (;;) {
        const rows = await deps.db.selectFrom('rekon_row').selectAll().where('run_id', '=', id)
          .$if(!!q.bagian, (x) => x.where('bagian', '=', q.bagian as string))
          .$if(!!q.hasil, (x) => x.where('hasil', '=', q.hasil as RekonHasil))
          .where('seq', '>', after).orderBy('seq').limit(5000).execute();
        if (rows.length === 0) return;
        for (const row of rows) {
          const v = rowView(row);
          yield [v.bagianLabel, v.nip, v.unorId, v.cek, v.nilaiKita, v.nilaiSiasn, v.hasilLabel, v.tindakanLabel];
        }
        after = rows[rows.length - 1].seq;
      }
    };
    if (q.format === 'xlsx') {
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: false, useSharedStrings: false });
      const sheet = book.addWorksheet('Rekon');
      sheet.addRow(header).commit();
      // Cells are written as text, never as formulas, whatever they start with.
      for await (const row of rowsOf()) sheet.addRow(row.map((c) => (c === null || c === undefined ? '' : String(c)))).commit();
      sheet.commit();
      await book.commit();
      return;
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
    res.write(`\ufeff${header.join(';')}\n`);
    for await (const row of rowsOf()) res.write(`${row.map(csvCell).join(';')}\n`);
    res.end();
  }));

  const wf = { db: deps.db, temporal: deps.temporal, taskQueue: deps.config.taskQueue, sla: peremajaanSlaOf(deps.config.sla) };
  route({ method: 'post', path: '/rekon/:id/baris/:seq/peremajaan', summary: 'Jadikan satu perbedaan usulan peremajaan (nilai SIASN, dengan dokumen bukti)', tags: ['rekon'], request: { params: rowParam, body: proposeBody }, responses: { 201: { description: 'Usulan peremajaan dibuat' }, ...errs, 409: { description: 'Baris ini tidak dapat dijadikan peremajaan' }, 422: { description: 'Usulan tidak dapat diterima' } }, security: { roles: ['OPERATOR'] }, idempotent: true },
  requireJson, wrap(async (req, res) => {
    const body = parseBody(proposeBody, req);
    const { id, seq } = parseParams(rowParam, req);
    const actor = actorOf(req);
    await ownRun(deps.db, actor, id);
    const row = await deps.db.selectFrom('rekon_row').selectAll().where('run_id', '=', id).where('seq', '=', seq).executeTakeFirst();
    if (!row) throw notFound('Baris rekon');
    const target = PEREMAJAAN_OF[row.cek];
    if (!row.nip || row.hasil !== 'TIDAK_SESUAI' || !target || row.nilai_siasn === null) {
      throw new AppError('CONFLICT', `Baris "${row.cek}" (${REKON_HASIL_LABEL[row.hasil]}) tidak dapat dijadikan usulan peremajaan; yang dapat: perbedaan ${Object.keys(PEREMAJAAN_OF).join(', ')}`);
    }
    const today = await officeTodayOf(deps.db, actor);
    const result = await submitPeremajaan(deps.db, actor, { nip: row.nip, changes: [{ ...target, value: row.nilai_siasn, documents: body.documents }] }, today);
    await startPeremajaanWorkflows(wf, [result.usulanId]);
    await appendAudit(deps.db, { actorId: actor.userId, action: 'rekon.peremajaan', objectType: 'rekon_row', objectId: `${id}/${seq}`, ip: req.ip ?? null, data: { usulanId: result.usulanId } });
    res.status(201).location(`/api/v1/peremajaan/${encodeURIComponent(result.usulanId)}`).json(result);
  }));

  return r;
}

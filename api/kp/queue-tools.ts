import type { Request, RequestHandler, Response } from 'express';
import { sql, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db';
import type { Database } from '../../db/types';
import type { RouteSpec } from '../openapi';
import { parseBody, parseQuery, requireJson, describeSent } from '../validate';
import { idempotent } from '../idempotency';
import { AppError } from '../errors';
import { sendCsv } from '../csv-file';
import { appendAudit } from '../../db/repos/audit-log';
import { scopeUsulanKp } from '../../db/scope';
import { zoneOf } from '../../db/repos/office-dates';
import { KP_ACTIONS, KP_EVENTS, VERIFIER_ACTIONS } from '../../domain/kp-lifecycle';
import { KP_STATUS_LABEL, KpStatus, type KpStatus as KpStatusT } from '../../workflows/kp/contract';
import { findKpType } from '../../domain/kp-types';
import { golonganById } from '../../domain/golongan';
import { reasonsFor } from '../../domain/reasons';
import type { Actor } from '../../domain/identity';
import type { Clock } from '../../domain/office-clock';
import { claimHeld, kpQueue, queueFilterShape, type QueueQuery } from './queue';

type Route = (spec: RouteSpec, ...handlers: RequestHandler[]) => void;
type UsulanQuery = SelectQueryBuilder<Database, 'usulan_kp', object>;

/** A queue export is the whole filtered set; past this many rows the person narrows the filters first. */
export const QUEUE_EXPORT_LIMIT = 50_000;

const gol = (id: number) => golonganById(id)?.code ?? String(id);

/**
 * The filtered queue as a CSV file for a spreadsheet: UTF-8 with a BOM, ';' between cells (Indonesian locales read ','
 * as the decimal mark), every cell formula-safe (api/csv-cell.ts), instants in the viewer's office zone.
 */
export async function sendQueueCsv(res: Response, db: Db, actor: Actor, filtered: UsulanQuery, o: {
  antrean?: string; order: RawBuilder<unknown>; desc: boolean;
}): Promise<void> {
  const [{ n }] = await filtered.select((eb) => eb.fn.countAll<string>().as('n')).execute();
  if (Number(n) > QUEUE_EXPORT_LIMIT) {
    throw new AppError('UNPROCESSABLE', `Ada ${n} usulan dalam saringan ini, lebih dari ${QUEUE_EXPORT_LIMIT} yang dapat diunduh sekaligus; persempit saringan`, [
      { field: 'query.format', reason: `Paling banyak ${QUEUE_EXPORT_LIMIT} baris per unduhan` },
    ]);
  }
  const zone = await zoneOf(db, actor);
  const local = (col: RawBuilder<unknown>) => sql<string | null>`to_char(${col} at time zone ${zone}, 'YYYY-MM-DD HH24:MI')`;
  const dir = o.desc ? 'desc' : 'asc';
  const rows = await filtered.leftJoin('employee', 'employee.nip', 'usulan_kp.nip').leftJoin('unor', 'unor.id', 'employee.unor_id')
    .leftJoin('instansi', 'instansi.id', 'usulan_kp.instansi_id')
    .select(['usulan_kp.nip', 'usulan_kp.nama', 'usulan_kp.golongan_lama', 'usulan_kp.golongan_baru', 'usulan_kp.jenis_kp', 'usulan_kp.status',
      'usulan_kp.bts_count', 'usulan_kp.kelayakan_peringatan', 'usulan_kp.claimed_by', 'instansi.nama as instansi_nama', 'unor.nama as unor_nama'])
    .select([
      sql<string>`to_char(usulan_kp.periode, 'YYYY-MM-DD')`.as('periode'), local(sql`usulan_kp.created_at`).as('diajukan'), local(sql`usulan_kp.due_at`).as('tenggat'),
      sql<boolean>`${claimHeld}`.as('held'),
    ])
    .orderBy(o.order, dir).orderBy('usulan_kp.id', dir).limit(QUEUE_EXPORT_LIMIT).execute();
  const verifying = o.antrean === 'verifikasi';
  const header = ['nip', 'nama', 'golongan_lama', 'golongan_baru', 'jenis_kp', 'periode', 'instansi', 'unit_kerja', 'status', `diajukan_${zoneLabel(zone)}`,
    `tenggat_${zoneLabel(zone)}`, ...(verifying ? ['klaim'] : []), 'dikembalikan_bts', 'peringatan_kelayakan'];
  const lines: unknown[][] = [header];
  for (const r of rows) {
    const warning = r.kelayakan_peringatan as { alasan?: string[] } | null | undefined;
    const claim = !r.held ? 'Belum diklaim' : r.claimed_by === actor.userId ? 'Diklaim Anda' : 'Diklaim verifikator lain';
    lines.push([
      r.nip, r.nama, gol(r.golongan_lama), gol(r.golongan_baru), findKpType(r.jenis_kp)?.name ?? r.jenis_kp, r.periode, r.instansi_nama, r.unor_nama,
      KP_STATUS_LABEL[r.status as KpStatusT] ?? r.status, r.diajukan, r.tenggat, ...(verifying ? [claim] : []), r.bts_count,
      warning ? (warning.alasan ?? []).join(' | ') || 'Tidak lagi memenuhi syarat' : '',
    ]);
  }
  sendCsv(res, `antrean-${o.antrean ?? 'usulan'}-${new Date().toISOString().slice(0, 10)}.csv`, lines);
}

const zoneLabel = (zone: string) => ({ 'Asia/Jakarta': 'wib', 'Asia/Makassar': 'wita', 'Asia/Jayapura': 'wit' } as Record<string, string>)[zone] ?? 'lokal';

const claimNextSchema = z.strictObject({ ...queueFilterShape });

/** Keyset paging of a person's decisions, newest first: (at, id) as text, at in microseconds. */
const decisionCursor = z.string().max(200).regex(/^[A-Za-z0-9_-]+$/, { error: (iss) => `Kursor tidak dikenal; diterima ${describeSent(iss.input)}` });
const encodeDecisionCursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
function decodeDecisionCursor(s: string): { at: string; id: string } | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string') return undefined;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v[0]) || !/^\d{1,19}$/.test(v[1])) return undefined;
    return { at: v[0], id: v[1] };
  } catch {
    return undefined;
  }
}
const myDecisionsSchema = z.strictObject({
  keputusan: z.enum(VERIFIER_ACTIONS).optional().meta({ description: 'Hanya keputusan MS, BTS atau TMS' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  setelah: decisionCursor.optional().meta({ description: 'Kursor halaman berikutnya (berikutnya dari jawaban sebelumnya)' }),
}).superRefine((v, ctx) => {
  if (v.setelah && !decodeDecisionCursor(v.setelah)) ctx.addIssue({ code: 'custom', path: ['setelah'], message: 'Kursor tidak dikenal; mulai lagi dari halaman pertama' });
});

/**
 * The verifier's working tools beside the queue: "klaim berikutnya" (the oldest waiting usulan nobody holds, in their
 * scope and the queue's current filters, claimed in one statement) and their own recent decisions.
 */
export function kpQueueToolRoutes(route: Route, deps: { db: Db; clock: Clock; claimLeaseMs: number }, common: {
  actorOf: (req: Request) => Actor; ok: (d: string) => Record<number, { description: string }>; errs: Record<number, { description: string }>;
  wrap: (fn: (req: Request, res: Response) => Promise<void>) => RequestHandler;
}): void {
  const { actorOf, ok, errs, wrap } = common;

  route({
    method: 'post', path: '/kp/antrean-verifikasi/klaim-berikutnya', tags: ['KP'],
    summary: 'Klaim berikutnya: usulan terlama yang menunggu verifikasi dan belum diklaim, dalam wewenang dan saringan antrean',
    description: 'Satu pernyataan UPDATE dengan FOR UPDATE SKIP LOCKED: dua verifikator yang menekan bersamaan mendapat usulan berbeda. '
      + 'Bila tidak ada lagi yang dapat diklaim, jawabannya usulan: null beserta pesan.',
    request: { body: claimNextSchema }, responses: { ...ok('Usulan yang diklaim dan batas waktu klaimnya, atau usulan: null'), ...errs },
    security: { roles: KP_ACTIONS.CLAIM.roles }, idempotent: true,
  }, requireJson, idempotent(), wrap(async (req, res) => {
    const filters = parseBody(claimNextSchema, req);
    const actor = actorOf(req);
    const q: QueueQuery = { ...filters, antrean: 'verifikasi', klaim: 'bebas' };
    // A row another verifier is claiming at this instant is skipped, not waited for; when the only free ones were all
    // being claimed, a second look finds what their claims left.
    for (let attempt = 0; attempt < 3; attempt++) {
      const { base } = await kpQueue(deps, actor, q);
      // The lease is compared with the database's now(), as the single claim's is.
      const until = new Date(Date.now() + deps.claimLeaseMs);
      const oldest = base.select('usulan_kp.id').orderBy('usulan_kp.created_at').orderBy('usulan_kp.id').limit(1).forUpdate().skipLocked();
      const row = await deps.db.updateTable('usulan_kp').set({ claimed_by: actor.userId, claim_expires_at: until })
        .where('usulan_kp.id', '=', oldest).where('usulan_kp.status', '=', KpStatus.MENUNGGU_VERIFIKASI)
        .where((eb) => eb.or([eb('usulan_kp.claimed_by', 'is', null), eb('usulan_kp.claim_expires_at', '<', sql<Date>`now()`)]))
        .returning(['usulan_kp.id', 'usulan_kp.nip', 'usulan_kp.nama']).executeTakeFirst();
      if (row) {
        await appendAudit(deps.db, { actorId: actor.userId, action: 'KP_CLAIM', objectType: 'usulan_kp', objectId: row.id, ip: req.ip, data: { berikutnya: true } });
        res.json({ usulan: row, claimedUntil: until });
        return;
      }
      const left = await (await kpQueue(deps, actor, q)).base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      if (Number(left.n) === 0) break;
    }
    const filtered = Object.values(filters).some((v) => v !== undefined);
    res.json({ usulan: null, pesan: filtered ? 'Tidak ada lagi usulan yang belum diklaim dalam saringan ini.' : 'Tidak ada lagi usulan yang belum diklaim dalam antrean Anda.' });
  }));

  route({
    method: 'get', path: '/kp/keputusan-saya', tags: ['KP'],
    summary: 'Keputusan verifikasi saya yang terakhir (MS, BTS, TMS): usulan, kapan, alasan dan catatan, terbaru dahulu, berhalaman',
    request: { query: myDecisionsSchema }, responses: { ...ok('Satu halaman keputusan'), ...errs }, security: { roles: KP_ACTIONS.MS.roles },
  }, wrap(async (req, res) => {
    const q = parseQuery(myDecisionsSchema, req);
    const actor = actorOf(req);
    // The decisions are the timeline's own records (usulan_event, written by the workflow with the deciding actor).
    const kinds = q.keputusan ? [q.keputusan] : [...VERIFIER_ACTIONS];
    const cursor = q.setelah ? decodeDecisionCursor(q.setelah) : undefined;
    const atText = sql<string>`to_char(usulan_event.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    const rows = await scopeUsulanKp(deps.db.selectFrom('usulan_event').innerJoin('usulan_kp', 'usulan_kp.id', 'usulan_event.usulan_id'), actor)
      .where('usulan_event.actor_id', '=', actor.userId).where('usulan_event.jenis', 'in', kinds)
      .$if(!!cursor, (qb) => qb.where(sql<SqlBool>`(usulan_event.at, usulan_event.id) < (${cursor!.at}::timestamptz, ${cursor!.id}::bigint)`))
      .select(['usulan_event.id as event_id', 'usulan_event.jenis', 'usulan_event.catatan', 'usulan_event.data', 'usulan_event.at', 'usulan_event.to_status',
        'usulan_kp.id', 'usulan_kp.nip', 'usulan_kp.nama', 'usulan_kp.instansi_id', 'usulan_kp.status', 'usulan_kp.golongan_lama', 'usulan_kp.golongan_baru', atText.as('at_key')])
      .orderBy('usulan_event.at', 'desc').orderBy('usulan_event.id', 'desc').limit(q.limit + 1).execute();
    const more = rows.length > q.limit;
    const page = rows.slice(0, q.limit);
    const reasons = new Map([...reasonsFor('BTS'), ...reasonsFor('TMS')].map((r) => [r.code, r.text]));
    const last = page[page.length - 1];
    res.set('Cache-Control', 'no-store').json({
      berikutnya: more && last ? encodeDecisionCursor(last.at_key, String(last.event_id)) : null,
      items: page.map((r) => {
        const codes = ((r.data as { alasan?: unknown } | null)?.alasan ?? []) as string[];
        return {
          usulanId: r.id, nip: r.nip, nama: r.nama, instansiId: r.instansi_id, golonganLama: r.golongan_lama, golonganBaru: r.golongan_baru,
          keputusan: r.jenis, keputusanLabel: KP_EVENTS[r.jenis as keyof typeof KP_EVENTS] ?? r.jenis, pada: r.at,
          alasan: (Array.isArray(codes) ? codes : []).map((kode) => ({ kode, teks: reasons.get(kode) ?? kode })), catatan: r.catatan,
          statusSekarang: r.status, statusSekarangLabel: KP_STATUS_LABEL[r.status as KpStatusT] ?? r.status,
        };
      }),
    });
  }));
}

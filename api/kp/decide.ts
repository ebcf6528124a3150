import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import type { Db } from '../../db';
import type { UsulanKp } from '../../db/types';
import type { BlobStore } from '../../dms/blob-store';
import { newDocumentId, storeGeneratedDocument, findGenerated } from '../../dms/documents';
import { assignNumber } from '../../db/repos/numbers';
import { formatPertekNumber } from '../../domain/numbering';
import { golongan } from '../../domain/golongan';
import { educationLabel, parseEducationLevel } from '../../domain/education';
import { findKpType } from '../../domain/kp-types';
import { renderPertekKp } from '../../documents/pertek';
import { renderPengantar } from '../../documents/pengantar';
import type { SignerBackend, SigningSession } from '../../signing';
import { SigningError } from '../../signing';
import { AppError, conflict, notFound } from '../errors';
import type { Actor } from '../auth/actor';
import { appendAudit } from '../audit';
import { scopeUsulanKp } from '../../db/scope';
import { computePromotionSalary } from '../../activities/promotion';
import {
  approverDecisionUpdate, verifierDecisionUpdate, resubmitUpdate, withdrawUpdate, skSignedUpdate, keppresIssuedSignal,
  kpWorkflowId, KpStatus, type ActorRef, type DecisionResult,
} from '../../workflows/kp/contract';

export interface DecideDeps {
  db: Db;
  temporal: Client;
  blobs: BlobStore;
  signer: SignerBackend;
  publicBaseUrl: string;
  claimLeaseMs: number;
  today?: () => string;
}

const todayIso = () => new Date().toISOString().slice(0, 10);
const ref = (a: Actor): ActorRef => ({ userId: a.userId, nama: a.nama, role: a.role });

/** Maps a refused workflow update to the one HTTP answer the person can act on. */
export function mapUpdateError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const t = err.cause.type;
    return new AppError(t === 'NotAllowed' ? 'FORBIDDEN' : t === 'WrongState' ? 'CONFLICT' : 'UNPROCESSABLE', err.cause.message);
  }
  if (err instanceof WorkflowNotFoundError || /already completed|not found/i.test((err as Error)?.message ?? '')) {
    return conflict('Usulan sudah ditutup; keputusan tidak dapat diubah lagi');
  }
  throw err;
}

export async function loadUsulan(db: Db, actor: Actor, id: string): Promise<UsulanKp> {
  const row = await scopeUsulanKp(db.selectFrom('usulan_kp').selectAll(), actor).where('usulan_kp.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Usulan');
  return row as UsulanKp;
}

async function signerIdOf(db: Db, actor: Actor): Promise<string> {
  const u = await db.selectFrom('app_user').select('signer_id').where('id', '=', actor.userId).executeTakeFirst();
  if (!u?.signer_id) throw new AppError('FORBIDDEN', 'Akun Anda belum memiliki sertifikat elektronik untuk menandatangani');
  return u.signer_id;
}

/** Re-authentication before a signature: the passphrase unlocks the key and is dropped right after. */
async function unlock(deps: DecideDeps, actor: Actor, passphrase: string | undefined): Promise<SigningSession> {
  if (!passphrase) throw new AppError('BAD_REQUEST', 'Passphrase tanda tangan elektronik wajib diisi', [{ field: 'passphrase', reason: 'wajib diisi' }]);
  const signerId = await signerIdOf(deps.db, actor);
  try {
    return await deps.signer.unlock(signerId, passphrase);
  } catch (err) {
    if (err instanceof SigningError && err.code === 'WRONG_PASSPHRASE') {
      await appendAudit(deps.db, { actorId: actor.userId, action: 'SIGNATURE_REFUSED', objectType: 'signer', objectId: signerId, data: { reason: 'WRONG_PASSPHRASE' } });
      throw new AppError('FORBIDDEN', 'Passphrase tanda tangan elektronik salah');
    }
    throw err;
  }
}

export interface ItemOutcome { usulanId: string; ok: boolean; status?: string; alasan?: string; httpStatus?: number }

async function runUpdate(fn: () => Promise<DecisionResult>, usulanId: string): Promise<ItemOutcome> {
  try {
    const r = await fn();
    return { usulanId, ok: true, status: r.status };
  } catch (err) {
    const e = mapUpdateError(err);
    return { usulanId, ok: false, alasan: e.message, httpStatus: e.code === 'FORBIDDEN' ? 403 : e.code === 'CONFLICT' ? 409 : 422 };
  }
}

/** Approver decisions; APPROVE signs one approval statement for the whole batch with one passphrase entry. */
export async function approverDecide(deps: DecideDeps, actor: Actor, args: {
  ids: string[]; action: 'APPROVE' | 'RETURN' | 'REJECT'; catatan?: string; passphrase?: string; requestKey: string;
}): Promise<ItemOutcome[]> {
  const rows: UsulanKp[] = [];
  for (const id of args.ids) rows.push(await loadUsulan(deps.db, actor, id));
  let signatureSha256: string | undefined;
  if (args.action === 'APPROVE') {
    const session = await unlock(deps, actor, args.passphrase);
    try {
      const inst = await deps.db.selectFrom('instansi').select('nama').where('id', '=', rows[0]?.instansi_id ?? '').executeTakeFirst();
      const statement = await renderPengantar({
        instansi: inst?.nama ?? '', approver: actor.nama, tanggal: deps.today?.() ?? todayIso(),
        items: rows.map((r) => ({ usulanId: r.id, nip: r.nip, nama: r.nama })),
      });
      const docId = newDocumentId();
      const signed = await session.sign(statement, { reason: 'Persetujuan usulan kenaikan pangkat', location: inst?.nama ?? 'Indonesia', verificationUrl: `${deps.publicBaseUrl}/verifikasi/${docId}` });
      signatureSha256 = createHash('sha256').update(signed).digest('hex');
      await deps.db.insertInto('document').values({
        id: docId, sha256: (await deps.blobs.put(signed)).sha256, size: signed.length, mime: 'application/pdf', filename: `persetujuan-${docId}.pdf`,
        kind: 'PENGANTAR', owner_nip: null, usulan_id: rows.length === 1 ? rows[0].id : null, uploaded_by: actor.userId, doc_code: null, siasn_id: null, supersedes_id: null,
      }).execute();
      await appendAudit(deps.db, { actorId: actor.userId, action: 'SIGNATURE', objectType: 'document', objectId: docId, data: { usulan: rows.map((r) => r.id), sha256: signatureSha256 } });
    } finally {
      session.close();
    }
  }
  return mapPool(rows, UPDATE_CONCURRENCY, async (r) => {
    const o = await runUpdate(() => deps.temporal.workflow.getHandle(kpWorkflowId(r.id)).executeUpdate(approverDecisionUpdate, {
      args: [{ actor: ref(actor), action: args.action, catatan: args.catatan, signatureSha256 }], updateId: `${args.requestKey}:${r.id}`,
    }), r.id);
    await appendAudit(deps.db, { actorId: actor.userId, action: `KP_${args.action}${o.ok ? '' : '_REFUSED'}`, objectType: 'usulan_kp', objectId: r.id, data: { alasan: o.alasan } });
    return o;
  });
}

/** Bulk decisions are independent workflows: their updates go out side by side, a few at a time. */
const UPDATE_CONCURRENCY = 8;

async function mapPool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

/** A lease: one conditional UPDATE, so two verifiers never hold the same usulan. */
export async function claim(deps: DecideDeps, actor: Actor, id: string): Promise<{ claimedUntil: Date }> {
  const u = await loadUsulan(deps.db, actor, id);
  const until = new Date(Date.now() + deps.claimLeaseMs);
  const row = await deps.db.updateTable('usulan_kp').set({ claimed_by: actor.userId, claim_expires_at: until })
    .where('id', '=', u.id).where('status', '=', KpStatus.MENUNGGU_VERIFIKASI)
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_by', '=', actor.userId), eb('claim_expires_at', '<', sql<Date>`now()`)]))
    .returning('id').executeTakeFirst();
  if (!row) {
    if (u.status !== KpStatus.MENUNGGU_VERIFIKASI) throw conflict(`Usulan berstatus ${u.status}, tidak dalam antrean verifikasi`);
    throw conflict('Usulan sedang diverifikasi oleh verifikator lain');
  }
  await appendAudit(deps.db, { actorId: actor.userId, action: 'KP_CLAIM', objectType: 'usulan_kp', objectId: id });
  return { claimedUntil: until };
}

export async function verifierDecide(deps: DecideDeps, actor: Actor, args: {
  id: string; action: 'MS' | 'BTS' | 'TMS'; alasan: string[]; catatan?: string; passphrase?: string; requestKey: string;
}): Promise<ItemOutcome> {
  const u = await loadUsulan(deps.db, actor, args.id);
  if (u.status !== KpStatus.MENUNGGU_VERIFIKASI) throw conflict(`Usulan berstatus ${u.status}, tidak dalam antrean verifikasi`);
  const held = u.claimed_by === actor.userId && u.claim_expires_at && new Date(u.claim_expires_at) > new Date();
  if (!held) throw conflict('Klaim usulan ini terlebih dahulu; keputusan hanya dapat diberikan oleh verifikator yang memegang klaim');
  let pertek: { nomor: string; tanggal: string; documentId: string } | undefined;
  if (args.action === 'MS') {
    const session = await unlock(deps, actor, args.passphrase);
    try {
      pertek = await issuePertek(deps, actor, u, session);
    } finally {
      session.close();
    }
  }
  const o = await runUpdate(() => deps.temporal.workflow.getHandle(kpWorkflowId(u.id)).executeUpdate(verifierDecisionUpdate, {
    args: [{ actor: ref(actor), action: args.action, alasan: args.alasan, catatan: args.catatan, pertek }], updateId: `${args.requestKey}:${u.id}`,
  }), u.id);
  await appendAudit(deps.db, { actorId: actor.userId, action: `KP_${args.action}${o.ok ? '' : '_REFUSED'}`, objectType: 'usulan_kp', objectId: u.id, data: { alasan: args.alasan } });
  return o;
}

/** Numbers, renders and signs the Pertek once per usulan; a repeated MS request returns the first Pertek. */
async function issuePertek(deps: DecideDeps, actor: Actor, u: UsulanKp, session: SigningSession) {
  const existing = await findGenerated(deps.db, u.id, 'PERTEK');
  const number = await numberPertek(deps, u);
  if (existing) return { ...number, documentId: existing.id };
  const emp = await deps.db.selectFrom('employee').selectAll().where('nip', '=', u.nip).executeTakeFirstOrThrow();
  const inst = await deps.db.selectFrom('instansi').selectAll().where('id', '=', u.instansi_id).executeTakeFirstOrThrow();
  const kanreg = await deps.db.selectFrom('kanreg').selectAll().where('id', '=', u.kanreg_id).executeTakeFirstOrThrow();
  const unor = emp.unor_id ? await deps.db.selectFrom('unor').select('nama').where('id', '=', emp.unor_id).executeTakeFirst() : undefined;
  const pay = computePromotionSalary({ fromGolonganId: u.golongan_lama, toGolonganId: u.golongan_baru, mkgTahun: emp.mkg_tahun, mkgBulan: emp.mkg_bulan, asOf: emp.tmt_golongan, newTmt: u.periode });
  const gL = golongan(u.golongan_lama);
  const gB = golongan(u.golongan_baru);
  const level = parseEducationLevel(emp.pendidikan_level);
  const rendered = await renderPertekKp({
    nomor: number.nomor, tanggal: number.tanggal, tempat: kanreg.kota, kepada: titleCase(inst.jabatan_ppk),
    kopSurat: { baris: ['BADAN KEPEGAWAIAN NEGARA', kanreg.nama.toUpperCase()] },
    pegawai: {
      nama: emp.nama, tempatLahir: emp.tempat_lahir, tanggalLahir: emp.tanggal_lahir, nip: emp.nip,
      pendidikan: emp.pendidikan_nama ?? (level ? educationLabel(level) : emp.pendidikan_level), jabatan: emp.jabatan_nama,
      unitKerja: unor?.nama ?? inst.nama, instansi: inst.nama,
    },
    lama: { pangkat: gL.pangkat, golongan: gL.code, tmt: emp.tmt_golongan },
    baru: { pangkat: gB.pangkat, golongan: gB.code, tmt: u.periode, mkgTahun: pay.new.tahun, mkgBulan: pay.new.bulan, gajiPokok: pay.new.gajiPokok },
    jenisKp: findKpType(u.jenis_kp)?.name,
    penandatangan: { jabatan: `a.n. Kepala ${kanreg.nama}`, nama: actor.nama, nip: actor.nip ?? '-' },
  });
  const id = newDocumentId();
  const [x1, y1, x2, y2] = rendered.signatureField.rect;
  const signed = await session.sign(rendered.bytes, {
    reason: 'Pertimbangan teknis kenaikan pangkat', location: kanreg.kota, verificationUrl: `${deps.publicBaseUrl}/verifikasi/${id}`,
    stamp: { pageIndex: rendered.signatureField.pageIndex, rect: [x1, y1, x2 - x1, y2 - y1] },
  });
  const stored = await storeGeneratedDocument(deps.db, deps.blobs, { id, bytes: signed, kind: 'PERTEK', usulanId: u.id, ownerNip: u.nip, filename: `pertek-${number.nomor}.pdf`, uploadedBy: actor.userId });
  await appendAudit(deps.db, { actorId: actor.userId, action: 'SIGNATURE', objectType: 'document', objectId: stored.id, data: { usulanId: u.id, kind: 'PERTEK', nomor: number.nomor } });
  return { ...number, documentId: stored.id };
}

async function numberPertek(deps: DecideDeps, u: UsulanKp) {
  const kanreg = await deps.db.selectFrom('kanreg').select(['kode']).where('id', '=', u.kanreg_id).executeTakeFirstOrThrow();
  const tanggal = deps.today?.() ?? todayIso();
  const year = Number(tanggal.slice(0, 4));
  return assignNumber(deps.db, {
    usulanId: u.id, kind: 'PERTEK', scope: `PERTEK:${u.kanreg_id}:${year}`, tanggal,
    format: (seq) => formatPertekNumber({ prefix: 'KP', year, kanregCode: kanreg.kode, seq }),
  });
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

export async function operatorAct(deps: DecideDeps, actor: Actor, args: { id: string; kind: 'RESUBMIT' | 'WITHDRAW'; catatan?: string; requestKey: string }): Promise<ItemOutcome> {
  const u = await loadUsulan(deps.db, actor, args.id);
  const handle = deps.temporal.workflow.getHandle(kpWorkflowId(u.id));
  const o = await runUpdate(() => args.kind === 'RESUBMIT'
    ? handle.executeUpdate(resubmitUpdate, { args: [{ actor: ref(actor), catatan: args.catatan }], updateId: `${args.requestKey}:${u.id}` })
    : handle.executeUpdate(withdrawUpdate, { args: [{ actor: ref(actor), alasan: args.catatan ?? '' }], updateId: `${args.requestKey}:${u.id}` }), u.id);
  await appendAudit(deps.db, { actorId: actor.userId, action: `KP_${args.kind}${o.ok ? '' : '_REFUSED'}`, objectType: 'usulan_kp', objectId: u.id });
  return o;
}

/** The SK signer (PPK or Head of BKN) signs drafts in bulk: one passphrase entry, one session. */
export async function signSk(deps: DecideDeps, actor: Actor, args: { ids: string[]; passphrase?: string; requestKey: string }): Promise<ItemOutcome[]> {
  const rows: UsulanKp[] = [];
  for (const id of args.ids) rows.push(await loadUsulan(deps.db, actor, id));
  const session = await unlock(deps, actor, args.passphrase);
  const signed: { u: UsulanKp; documentId?: string; refused?: ItemOutcome }[] = [];
  try {
    // Signing is CPU work in this process: one after another. The workflow updates then go out side by side.
    for (const u of rows) {
      if (u.status !== KpStatus.MENUNGGU_TTE_SK || !u.sk_draft_sha256 || !u.sk_nomor || !u.sk_tanggal) {
        signed.push({ u, refused: { usulanId: u.id, ok: false, httpStatus: 409, alasan: u.status === KpStatus.MENUNGGU_TTE_SK ? 'Draf SK belum siap' : `Usulan berstatus ${u.status}` } });
        continue;
      }
      let doc = await findGenerated(deps.db, u.id, 'SK');
      if (!doc) {
        const draft = await deps.blobs.get(u.sk_draft_sha256);
        const field = (typeof u.sk_draft_field === 'string' ? JSON.parse(u.sk_draft_field) : u.sk_draft_field) as { pageIndex: number; rect: [number, number, number, number] };
        const id = newDocumentId();
        const [x1, y1, x2, y2] = field.rect;
        const bytes = await session.sign(draft, {
          reason: 'Penetapan keputusan kenaikan pangkat', location: 'Indonesia', verificationUrl: `${deps.publicBaseUrl}/verifikasi/${id}`,
          stamp: { pageIndex: field.pageIndex, rect: [x1, y1, x2 - x1, y2 - y1] },
        });
        await storeGeneratedDocument(deps.db, deps.blobs, { id, bytes, kind: 'SK', usulanId: u.id, ownerNip: u.nip, filename: `sk-kp-${u.nip}.pdf`, uploadedBy: actor.userId });
        doc = await findGenerated(deps.db, u.id, 'SK');
        await appendAudit(deps.db, { actorId: actor.userId, action: 'SIGNATURE', objectType: 'document', objectId: doc!.id, data: { usulanId: u.id, kind: 'SK', nomor: u.sk_nomor } });
      }
      signed.push({ u, documentId: doc!.id });
    }
  } finally {
    session.close();
  }
  return mapPool(signed, UPDATE_CONCURRENCY, async ({ u, documentId, refused }) => refused ?? runUpdate(() => deps.temporal.workflow.getHandle(kpWorkflowId(u.id)).executeUpdate(skSignedUpdate, {
    args: [{ actor: ref(actor), documentId: documentId!, nomor: u.sk_nomor!, tanggal: u.sk_tanggal! }], updateId: `${args.requestKey}:${u.id}`,
  }), u.id));
}

export async function recordKeppres(deps: DecideDeps, actor: Actor, args: { id: string; nomor: string; tanggal: string }): Promise<void> {
  const u = await loadUsulan(deps.db, actor, args.id);
  if (u.penandatangan_sk !== 'PRESIDEN') throw conflict('Usulan ini tidak menunggu Keputusan Presiden');
  if (u.status !== KpStatus.MENUNGGU_KEPPRES) throw conflict(`Usulan berstatus ${u.status}, tidak menunggu Keputusan Presiden`);
  await deps.temporal.workflow.getHandle(kpWorkflowId(u.id)).signal(keppresIssuedSignal, { nomor: args.nomor, tanggal: args.tanggal });
  await appendAudit(deps.db, { actorId: actor.userId, action: 'KP_KEPPRES', objectType: 'usulan_kp', objectId: u.id, data: { nomor: args.nomor, tanggal: args.tanggal } });
}

import { createHash } from 'node:crypto';
import { systemClock } from '../../config/clock';
import type { Client } from '@temporalio/client';
import { sql } from 'kysely';
import type { Db } from '../../db';
import type { UsulanKp, AppUser, SignerCapacity } from '../../db/types';
import type { BlobStore } from '../../dms/blob-store';
import { newDocumentId } from '../../dms/documents';
import { assignNumber } from '../../db/repos/numbers';
import { loadPertekFacts, loadSkFacts, skSignerBlock } from '../../db/repos/decree-facts';
import { signingCapacityFor } from '../../db/repos/signers';
import { findUserById } from '../../db/repos/users';
import { formatPertekNumber } from '../../domain/numbering';
import { todayIn, asOfficeZone, type Clock } from '../../domain/office-clock';
import { renderPertekKp } from '../../documents/pertek';
import { renderPengantar } from '../../documents/pengantar';
import { renderSkKp } from '../../documents/sk-kp';
import type { SignerBackend, SigningSession, SignOptions } from '../../signing';
import { SigningError } from '../../signing';
import { AppError, conflict, forbidden, notFound } from '../errors';
import { refusalOf, refusedItem, isWorkflowRefusal, type RefusedItem } from '../refusals';
import type { Actor } from '../../domain/identity';
import { appendAudit } from '../../db/repos/audit-log';
import { scopeUsulanKp } from '../../db/scope';
import { isFinal, isKpStatus, wrongStateReason } from '../../domain/kp-lifecycle';
import {
  approverDecisionUpdate, verifierDecisionUpdate, resubmitUpdate, withdrawUpdate, skSignedUpdate, keppresIssuedSignal,
  beginSigningUpdate, abandonSigningUpdate,
  kpWorkflowId, KpStatus, type ActorRef, type DecisionResult, type SignedStep,
} from '../../workflows/kp/contract';

export interface DecideDeps {
  db: Db;
  temporal: Client;
  blobs: BlobStore;
  signer: SignerBackend;
  publicBaseUrl: string;
  claimLeaseMs: number;
  clock?: Clock;
}

const ref = (a: Actor, onBehalfOf?: string): ActorRef => ({ userId: a.userId, nama: a.nama, role: a.role, ...(onBehalfOf ? { onBehalfOf } : {}) });

const CLOSED = 'Usulan sudah ditutup; keputusan tidak dapat diubah lagi';
/** A refused workflow update as the one HTTP answer the person can act on (api/refusals.ts, shared by every workflow). */
export const mapUpdateError = (err: unknown): AppError => refusalOf(err, CLOSED);

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

/** One usulan's answer: accepted with its new status, or refused with its reason, status and problem code. */
export type ItemOutcome = { usulanId: string; ok: true; status: string } | RefusedItem;

async function runUpdate(fn: () => Promise<DecisionResult>, usulanId: string): Promise<ItemOutcome> {
  try {
    const r = await fn();
    return { usulanId, ok: true, status: r.status };
  } catch (err) {
    return refusedItem(usulanId, mapUpdateError(err));
  }
}

/** One attempt per request, usulan and official: a repeated request finds its own hold and its own document. */
export function signingAttemptId(step: SignedStep, requestKey: string, usulanId: string, userId: string): string {
  return `${step}-${createHash('sha256').update(`${requestKey}\u0000${usulanId}\u0000${userId}`).digest('hex').slice(0, 32)}`;
}

/** What a signed step makes: the bytes to sign, and what the document row records about them. */
interface StepDocument {
  bytes: Uint8Array;
  sign: Omit<SignOptions, 'verificationUrl'>;
  filename: string;
  printed: { nama: string; nip: string; jabatan: string };
  capacity: SignerCapacity;
  onBehalfOf?: string;
  nomor?: string;
  tanggal: string;
}

/** The document kind each signed step makes. */
const KIND_OF_STEP = { APPROVAL: 'PENGANTAR', PERTEK: 'PERTEK', SK: 'SK' } as const satisfies Record<SignedStep, string>;

/** What the commit names: the stored document, whether signed by this request or by its earlier try. */
interface SignedRef { documentId: string; sha256: string; nomor: string | null; tanggal: string }

/** The signature field a render reserved, as the stamp's position (x, y, width, height). */
const stampAt = (field: { pageIndex: number; rect: [number, number, number, number] }): SignOptions['stamp'] => {
  const [x1, y1, x2, y2] = field.rect;
  return { pageIndex: field.pageIndex, rect: [x1, y1, x2 - x1, y2 - y1] };
};

/**
 * Validate, then sign, then commit. The workflow holds the step for this official first (refused exactly as the step
 * would be), the document is signed and stored as MENUNGGU (signed, not standing), and the commit names it; only the
 * workflow's acceptance makes it BERLAKU (in the same transaction as the step's event). A refused commit leaves the
 * signature as BATAL, which the verification page reports as not standing. A fault with an unknown outcome leaves it
 * MENUNGGU for the auditor and housekeeping, because the workflow may have accepted it.
 */
async function signedStep(deps: DecideDeps, actor: Actor, u: UsulanKp, args: {
  step: SignedStep; requestKey: string; session: SigningSession; onBehalfOf?: string;
  make: (documentId: string) => Promise<StepDocument>;
  commit: (attemptId: string, signed: SignedRef) => Promise<DecisionResult>;
}): Promise<ItemOutcome> {
  const attemptId = signingAttemptId(args.step, args.requestKey, u.id, actor.userId);
  const handle = deps.temporal.workflow.getHandle(kpWorkflowId(u.id));
  try {
    await handle.executeUpdate(beginSigningUpdate, { args: [{ actor: ref(actor, args.onBehalfOf), step: args.step, attemptId }], updateId: `${attemptId}:begin` });
  } catch (err) {
    const e = mapUpdateError(err);
    await appendAudit(deps.db, { actorId: actor.userId, action: `KP_${args.step}_REFUSED`, objectType: 'usulan_kp', objectId: u.id, data: { alasan: e.message } });
    return refusedItem(u.id, e);
  }
  let doc = await deps.db.selectFrom('document').selectAll().where('attempt_id', '=', attemptId).executeTakeFirst();
  const kind = KIND_OF_STEP[args.step];
  if (!doc) {
    // This request holds the step now: an earlier attempt that never committed can no longer commit.
    await deps.db.updateTable('document').set({ status: 'BATAL' }).where('usulan_id', '=', u.id).where('kind', '=', kind)
      .where('status', '=', 'MENUNGGU').where('attempt_id', '<>', attemptId).execute();
    const id = newDocumentId();
    const made = await args.make(id);
    const bytes = await args.session.sign(made.bytes, { ...made.sign, verificationUrl: `${deps.publicBaseUrl}/verifikasi/${id}` });
    const { sha256, size } = await deps.blobs.put(bytes);
    doc = await deps.db.insertInto('document').values({
      id, sha256, size, mime: 'application/pdf', filename: made.filename, kind, owner_nip: u.nip, usulan_id: u.id,
      uploaded_by: actor.userId, doc_code: null, siasn_id: null, supersedes_id: null, status: 'MENUNGGU',
      step: args.step, attempt_id: attemptId, signed_by_user_id: actor.userId, signer_id: args.session.signer.id,
      printed_nama: made.printed.nama, printed_nip: made.printed.nip, printed_jabatan: made.printed.jabatan, capacity: made.capacity,
      on_behalf_of_user_id: made.onBehalfOf ?? null, nomor: made.nomor ?? null, tanggal: made.tanggal,
    }).returningAll().executeTakeFirstOrThrow();
    await appendAudit(deps.db, { actorId: actor.userId, action: 'SIGNATURE', objectType: 'document', objectId: id, data: { usulanId: u.id, kind, nomor: made.nomor, sha256, attemptId } });
  } else if (doc.status === 'BATAL' || doc.signed_by_user_id !== actor.userId) {
    return refusedItem(u.id, conflict('Percobaan tanda tangan ini sudah dibatalkan; ulangi dengan permintaan baru'));
  }
  const stored = doc;
  try {
    const r = await args.commit(attemptId, { documentId: stored.id, sha256: stored.sha256, nomor: stored.nomor ?? null, tanggal: String(stored.tanggal) });
    return { usulanId: u.id, ok: true, status: r.status };
  } catch (err) {
    if (!isWorkflowRefusal(err)) throw err;
    const e = mapUpdateError(err);
    await deps.db.updateTable('document').set({ status: 'BATAL' }).where('id', '=', stored.id).where('status', '=', 'MENUNGGU').execute();
    await handle.executeUpdate(abandonSigningUpdate, { args: [{ actor: ref(actor), attemptId }], updateId: `${attemptId}:abandon` }).catch(() => undefined);
    await appendAudit(deps.db, { actorId: actor.userId, action: 'SIGNATURE_VOIDED', objectType: 'document', objectId: stored.id, data: { usulanId: u.id, alasan: e.message } });
    return refusedItem(u.id, e);
  }
}

async function userRow(db: Db, actor: Actor): Promise<AppUser> {
  const u = await findUserById(db, actor.userId);
  if (!u) throw new AppError('FORBIDDEN', 'Akun tidak ditemukan');
  return u;
}

/**
 * Approver decisions. APPROVE signs one approval statement per usulan, all with one passphrase entry: a statement
 * belongs to exactly one accepted approval, and a refused one is never left standing.
 */
export async function approverDecide(deps: DecideDeps, actor: Actor, args: {
  ids: string[]; action: 'APPROVE' | 'RETURN' | 'REJECT'; catatan?: string; passphrase?: string; requestKey: string;
}): Promise<ItemOutcome[]> {
  const rows: UsulanKp[] = [];
  for (const id of args.ids) rows.push(await loadUsulan(deps.db, actor, id));
  if (args.action !== 'APPROVE') {
    return mapPool(rows, UPDATE_CONCURRENCY, async (r) => {
      const o = await runUpdate(() => deps.temporal.workflow.getHandle(kpWorkflowId(r.id)).executeUpdate(approverDecisionUpdate, {
        args: [{ actor: ref(actor), action: args.action, catatan: args.catatan }], updateId: `${args.requestKey}:${r.id}`,
      }), r.id);
      await appendAudit(deps.db, { actorId: actor.userId, action: `KP_${args.action}${o.ok ? '' : '_REFUSED'}`, objectType: 'usulan_kp', objectId: r.id, data: { alasan: o.ok ? undefined : o.alasan } });
      return o;
    });
  }
  const session = await unlock(deps, actor, args.passphrase);
  const clock = deps.clock ?? systemClock;
  try {
    const me = await userRow(deps.db, actor);
    const instansi = new Map<string, { nama: string; zona_waktu: string }>();
    return await mapPool(rows, UPDATE_CONCURRENCY, async (r) => {
      if (!instansi.has(r.instansi_id)) {
        instansi.set(r.instansi_id, await deps.db.selectFrom('instansi').select(['nama', 'zona_waktu']).where('id', '=', r.instansi_id).executeTakeFirstOrThrow());
      }
      const inst = instansi.get(r.instansi_id)!;
      const o = await signedStep(deps, actor, r, {
        step: 'APPROVAL', requestKey: args.requestKey, session,
        make: async () => {
          const tanggal = todayIn(asOfficeZone(inst.zona_waktu), clock.now());
          const printed = { nama: session.signer.name, nip: session.signer.nip, jabatan: me.jabatan ?? '' };
          return {
            tanggal, printed, capacity: 'DEFINITIF', filename: `persetujuan-${r.id}.pdf`,
            bytes: await renderPengantar({ instansi: inst.nama, approver: `${printed.nama}, NIP ${printed.nip}`, tanggal, items: [{ usulanId: r.id, nip: r.nip, nama: r.nama }] }),
            sign: { reason: 'Persetujuan usulan kenaikan pangkat', location: inst.nama, signedAt: new Date(clock.now()), timeZone: asOfficeZone(inst.zona_waktu) },
          };
        },
        commit: (attemptId, { documentId, sha256 }) => deps.temporal.workflow.getHandle(kpWorkflowId(r.id)).executeUpdate(approverDecisionUpdate, {
          args: [{ actor: ref(actor), action: 'APPROVE', catatan: args.catatan, signed: { attemptId, documentId, sha256 } }], updateId: `${args.requestKey}:${r.id}`,
        }),
      });
      await appendAudit(deps.db, { actorId: actor.userId, action: `KP_APPROVE${o.ok ? '' : '_REFUSED'}`, objectType: 'usulan_kp', objectId: r.id, data: { alasan: o.ok ? undefined : o.alasan } });
      return o;
    });
  } finally {
    session.close();
  }
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
  let o: ItemOutcome;
  if (args.action === 'MS') {
    const session = await unlock(deps, actor, args.passphrase);
    try {
      o = await signedStep(deps, actor, u, {
        step: 'PERTEK', requestKey: args.requestKey, session,
        make: () => makePertek(deps, u, session),
        commit: (attemptId, { documentId, nomor, tanggal }) => deps.temporal.workflow.getHandle(kpWorkflowId(u.id)).executeUpdate(verifierDecisionUpdate, {
          args: [{ actor: ref(actor), action: 'MS', alasan: args.alasan, catatan: args.catatan, pertek: { nomor: nomor!, tanggal, documentId, attemptId } }],
          updateId: `${args.requestKey}:${u.id}`,
        }),
      });
    } finally {
      session.close();
    }
  } else {
    o = await runUpdate(() => deps.temporal.workflow.getHandle(kpWorkflowId(u.id)).executeUpdate(verifierDecisionUpdate, {
      args: [{ actor: ref(actor), action: args.action, alasan: args.alasan, catatan: args.catatan }], updateId: `${args.requestKey}:${u.id}`,
    }), u.id);
  }
  await appendAudit(deps.db, { actorId: actor.userId, action: `KP_${args.action}${o.ok ? '' : '_REFUSED'}`, objectType: 'usulan_kp', objectId: u.id, data: { alasan: args.alasan } });
  return o;
}

/** Numbers (once per usulan, in the Kanreg's own sequence) and renders the Pertek, dated in the Kanreg's zone. */
async function makePertek(deps: DecideDeps, u: UsulanKp, session: SigningSession): Promise<StepDocument> {
  const facts = await loadPertekFacts(deps.db, u.id);
  const { kanreg } = facts;
  const today = todayIn(facts.zone, (deps.clock ?? systemClock).now());
  const year = Number(today.slice(0, 4));
  const number = await assignNumber(deps.db, {
    usulanId: u.id, scope: { issuer: u.kanreg_id, series: 'PERTEK', year }, tanggal: today,
    format: (seq) => formatPertekNumber({ prefix: 'KP', year, kanregCode: kanreg.kode, seq }),
  });
  // The verifier signs on the Kanreg head's behalf; name and NIP are the signing certificate's own.
  const printed = { jabatan: `a.n. Kepala ${kanreg.nama}`, nama: session.signer.name, nip: session.signer.nip };
  const rendered = await renderPertekKp({ ...facts.data, nomor: number.nomor, tanggal: number.tanggal, penandatangan: printed });
  return {
    bytes: rendered.bytes, filename: `pertek-${number.nomor}.pdf`, nomor: number.nomor, tanggal: number.tanggal, printed, capacity: 'DEFINITIF',
    sign: {
      reason: 'Pertimbangan teknis kenaikan pangkat', location: kanreg.kota, signedAt: new Date((deps.clock ?? systemClock).now()), timeZone: facts.zone,
      stamp: stampAt(rendered.signatureField),
    },
  };
}

export async function operatorAct(deps: DecideDeps, actor: Actor, args: { id: string; kind: 'RESUBMIT' | 'WITHDRAW'; catatan?: string; requestKey: string }): Promise<ItemOutcome> {
  const u = await loadUsulan(deps.db, actor, args.id);
  // A closed usulan's workflow has ended and cannot answer; its final state (which the read model records before the
  // workflow ends, and which nothing leaves) says why the step is refused.
  if (isKpStatus(u.status) && isFinal(u.status)) {
    const o = refusedItem(u.id, conflict(wrongStateReason(args.kind, u.status)));
    await appendAudit(deps.db, { actorId: actor.userId, action: `KP_${args.kind}_REFUSED`, objectType: 'usulan_kp', objectId: u.id });
    return o;
  }
  const handle = deps.temporal.workflow.getHandle(kpWorkflowId(u.id));
  const o = await runUpdate(() => args.kind === 'RESUBMIT'
    ? handle.executeUpdate(resubmitUpdate, { args: [{ actor: ref(actor), catatan: args.catatan }], updateId: `${args.requestKey}:${u.id}` })
    : handle.executeUpdate(withdrawUpdate, { args: [{ actor: ref(actor), alasan: args.catatan ?? '' }], updateId: `${args.requestKey}:${u.id}` }), u.id);
  await appendAudit(deps.db, { actorId: actor.userId, action: `KP_${args.kind}${o.ok ? '' : '_REFUSED'}`, objectType: 'usulan_kp', objectId: u.id });
  return o;
}

/**
 * The SK signer signs drafts in bulk: one passphrase entry, one session. Each SK is signed only by the official its
 * draft was prepared for, or by that official's Plt/Plh in force today (then printed as such); it is rendered again at
 * signing with the signer's own block and dated on the signing day in the issuing office's zone.
 */
export async function signSk(deps: DecideDeps, actor: Actor, args: { ids: string[]; passphrase?: string; requestKey: string }): Promise<ItemOutcome[]> {
  const rows: UsulanKp[] = [];
  for (const id of args.ids) rows.push(await loadUsulan(deps.db, actor, id));
  const session = await unlock(deps, actor, args.passphrase);
  const clock = deps.clock ?? systemClock;
  try {
    const me = await userRow(deps.db, actor);
    const capacities = new Map<string, Promise<{ named: AppUser | undefined; capacity: Awaited<ReturnType<typeof signingCapacityFor>> }>>();
    return await mapPool(rows, UPDATE_CONCURRENCY, async (u) => {
      if (u.status !== KpStatus.MENUNGGU_TTE_SK || !u.sk_draft_sha256 || !u.sk_nomor || !u.sk_signer_user_id) {
        return refusedItem(u.id, conflict(u.status === KpStatus.MENUNGGU_TTE_SK ? 'Draf SK belum siap' : `Usulan berstatus ${u.status}`));
      }
      const facts = await loadSkFacts(deps.db, u.id);
      const today = todayIn(facts.issuer.zone, clock.now());
      // A bulk signature usually names one official many times: look each one (and the actor's capacity) up once.
      const key = `${u.sk_signer_user_id}|${today}`;
      if (!capacities.has(key)) {
        capacities.set(key, (async () => {
          const n = await findUserById(deps.db, u.sk_signer_user_id!);
          return { named: n, capacity: n ? await signingCapacityFor(deps.db, actor.userId, n, today) : null };
        })());
      }
      const { named, capacity } = await capacities.get(key)!;
      if (!named || !capacity) {
        return refusedItem(u.id, forbidden('SK ini disiapkan untuk pejabat lain; hanya pejabat yang tercantum (atau Plt/Plh-nya yang sedang berlaku) yang dapat menandatangani'));
      }
      const o = await signedStep(deps, actor, u, {
        step: 'SK', requestKey: args.requestKey, session, onBehalfOf: capacity.onBehalfOf?.id,
        make: async () => {
          const identity = { ...me, nama: session.signer.name, nip: session.signer.nip };
          const penandatangan = skSignerBlock(facts, identity, capacity.capacity, named);
          const rendered = await renderSkKp({ ...facts.data, nomor: u.sk_nomor!, tanggalPenetapan: today, penandatangan });
          return {
            bytes: rendered.bytes, filename: `sk-kp-${u.nip}.pdf`, nomor: u.sk_nomor!, tanggal: today,
            printed: penandatangan, capacity: capacity.capacity, onBehalfOf: capacity.onBehalfOf?.id,
            sign: {
              reason: 'Penetapan keputusan kenaikan pangkat', location: facts.data.tempatPenetapan, signedAt: new Date(clock.now()), timeZone: facts.issuer.zone,
              stamp: stampAt(rendered.signatureField),
            },
          };
        },
        commit: (attemptId, { documentId, nomor, tanggal }) => deps.temporal.workflow.getHandle(kpWorkflowId(u.id)).executeUpdate(skSignedUpdate, {
          args: [{ actor: ref(actor, capacity.onBehalfOf?.id), attemptId, documentId, nomor: nomor!, tanggal }], updateId: `${args.requestKey}:${u.id}`,
        }),
      });
      await appendAudit(deps.db, { actorId: actor.userId, action: `KP_SK_SIGN${o.ok ? '' : '_REFUSED'}`, objectType: 'usulan_kp', objectId: u.id, data: { alasan: o.ok ? undefined : o.alasan } });
      return o;
    });
  } finally {
    session.close();
  }
}

export async function recordKeppres(deps: DecideDeps, actor: Actor, args: { id: string; nomor: string; tanggal: string }): Promise<void> {
  const u = await loadUsulan(deps.db, actor, args.id);
  if (u.penandatangan_sk !== 'PRESIDEN') throw conflict('Usulan ini tidak menunggu Keputusan Presiden');
  if (u.status !== KpStatus.MENUNGGU_KEPPRES) throw conflict(`Usulan berstatus ${u.status}, tidak menunggu Keputusan Presiden`);
  await deps.temporal.workflow.getHandle(kpWorkflowId(u.id)).signal(keppresIssuedSignal, { nomor: args.nomor, tanggal: args.tanggal });
  await appendAudit(deps.db, { actorId: actor.userId, action: 'KP_KEPPRES', objectType: 'usulan_kp', objectId: u.id, data: { nomor: args.nomor, tanggal: args.tanggal } });
}

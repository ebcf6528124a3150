import { randomBytes } from 'node:crypto';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DEMO_SIGNERS, DEMO_USERS } from '../../db/seed';
import type { SignerCapacity, SignedStep } from '../../db/types';
import { newDocumentId } from '../../dms/documents';
import type { TestEngine } from '../helpers/harness';

/**
 * Rows planted straight into a test database, so the auditor's tests do not depend on the signing flow (which is
 * being rewritten): a finished usulan with its approval statement, Pertek and SK, each signed with the engine's own
 * signer back end by a demo official, its numbers, its timeline and its golongan row, consistent in every respect.
 */

export const demoUser = (username: string) => {
  const u = DEMO_USERS.find((x) => x.username === username);
  if (!u) throw new Error(`no demo user ${username}`);
  return u;
};

const passphraseOf = (signerId: string) => DEMO_SIGNERS.find((s) => s.signerId === signerId)!.passphrase;

export const uniq = (): string => randomBytes(4).toString('hex');

/** A one-page PDF with a line of text of its own (so each one hashes differently). */
export async function plainPdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595.28, 841.89]).drawText(text, { x: 72, y: 760, size: 11, font });
  return doc.save();
}

/** A PDF signed by a demo official through the engine's signer back end (the stand-in PKI in the test key store). */
export async function signedBy(engine: TestEngine, username: string, text: string): Promise<Uint8Array> {
  const u = demoUser(username);
  const session = await engine.signer.unlock(u.signerId!, passphraseOf(u.signerId!));
  try {
    return await session.sign(await plainPdf(text), { reason: 'Uji auditor konsistensi', location: 'Jakarta', verificationUrl: `${engine.url}/verifikasi/uji` });
  } finally {
    session.close();
  }
}

export interface DocumentPlant {
  kind: 'PENGANTAR' | 'PERTEK' | 'SK';
  usulanId: string | null;
  signer: string;
  bytes?: Uint8Array;
  status?: 'BERLAKU' | 'MENUNGGU' | 'BATAL';
  capacity?: SignerCapacity;
  onBehalfOf?: string;
  nomor?: string | null;
  tanggal?: string;
  createdAt?: Date;
  printedNip?: string;
}

const STEP_OF: Record<DocumentPlant['kind'], SignedStep> = { PENGANTAR: 'APPROVAL', PERTEK: 'PERTEK', SK: 'SK' };

/** A signed document row as the new signing flow records it (signer, capacity, printed block, number, date). */
export async function plantDocument(engine: TestEngine, p: DocumentPlant): Promise<string> {
  const u = demoUser(p.signer);
  const id = newDocumentId();
  const bytes = p.bytes ?? await signedBy(engine, p.signer, `${p.kind} ${id}`);
  const { sha256, size } = await engine.blobs.put(bytes);
  await engine.db.insertInto('document').values({
    id, sha256, size, mime: 'application/pdf', filename: `${p.kind.toLowerCase()}-${id}.pdf`, kind: p.kind, doc_code: null, siasn_id: null,
    owner_nip: null, usulan_id: p.usulanId, version: 1, supersedes_id: null, status: p.status ?? 'BERLAKU', uploaded_by: u.id,
    created_at: p.createdAt ?? new Date(),
    step: STEP_OF[p.kind], attempt_id: `uji-${id}`, signed_by_user_id: u.id, signer_id: u.signerId, printed_nama: u.nama,
    printed_nip: p.printedNip ?? u.nip, printed_jabatan: u.jabatan, capacity: p.capacity ?? 'DEFINITIF',
    on_behalf_of_user_id: p.onBehalfOf ? demoUser(p.onBehalfOf).id : null, nomor: p.nomor ?? null, tanggal: p.tanggal ?? today(),
  }).execute();
  return id;
}

export const today = (): string => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

export interface PlantedUsulan {
  id: string;
  nip: string;
  issuer: string;
  skNomor: string;
  pertekNomor: string;
  pengantarId: string;
  pertekId: string;
  skId: string;
  golonganRowId: string;
}

export interface FinishedPlan {
  instansiId?: string;
  approver?: string;
  verifier?: string;
  /** Who signs the SK, and as what; the routing's choice (sk_signer_user_id) is `routedTo` (default: the signer). */
  skSigner?: string;
  capacity?: SignerCapacity;
  routedTo?: string;
}

let seq = 0;

/** A finished (SELESAI) KP usulan whose every fact agrees with every other; no workflow (workflow_started_at is null). */
export async function plantFinishedUsulan(engine: TestEngine, plan: FinishedPlan = {}): Promise<PlantedUsulan> {
  const { db } = engine;
  const instansiId = plan.instansiId ?? 'I-3300';
  const approver = plan.approver ?? 'pyb.jateng';
  const verifier = plan.verifier ?? 'verif1.kr01';
  const skSigner = plan.skSigner ?? approver;
  const routedTo = plan.routedTo ?? skSigner;
  const capacity = plan.capacity ?? 'DEFINITIF';
  const inst = await db.selectFrom('instansi').select(['kanreg_id']).where('id', '=', instansiId).executeTakeFirstOrThrow();
  const emp = await db.selectFrom('employee').select(['nip', 'nama', 'golongan_id']).where('instansi_id', '=', instansiId)
    .orderBy('nip', 'desc').offset(seq++).limit(1).executeTakeFirstOrThrow();
  const id = `KP-UJI-${uniq()}`;
  const issuer = `UJI${uniq().toUpperCase()}`;
  const year = Number(today().slice(0, 4));
  const skNomor = `800/1/${issuer}/${year}`;
  const pertekNomor = `KP-${year}/${issuer}/1`;
  const operator = DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === instansiId)!;
  const golonganBaru = emp.golongan_id + 1;
  await db.insertInto('usulan_kp').values({
    id, batch_id: null, nip: emp.nip, nama: emp.nama, instansi_id: instansiId, kanreg_id: inst.kanreg_id, periode: `${year}-10-01`, jenis_kp: 101,
    status: 'SELESAI', last_step: 7, is_open: false, golongan_lama: emp.golongan_id, golongan_baru: golonganBaru, penandatangan_sk: 'PPK',
    submitted_by: operator.id, approved_by: demoUser(approver).id, claimed_by: null, claim_expires_at: null,
    pertek_nomor: pertekNomor, pertek_tanggal: today(), pertek_document_id: null, sk_nomor: skNomor, sk_tanggal: today(),
    sk_draft_sha256: null, sk_draft_field: null, sk_document_id: null, keppres_nomor: null, keppres_tanggal: null,
    workflow_started_at: null, due_at: null, last_note: null, closed_at: new Date(), sk_signer_user_id: demoUser(routedTo).id,
  }).execute();
  await db.insertInto('number_assignment').values([
    { usulan_id: id, kind: 'SK', nomor: skNomor, tanggal: today(), issuer, series: 'SK', year },
    { usulan_id: id, kind: 'PERTEK', nomor: pertekNomor, tanggal: today(), issuer, series: 'PERTEK', year },
  ]).execute();
  const pengantarId = await plantDocument(engine, { kind: 'PENGANTAR', usulanId: id, signer: approver });
  const pertekId = await plantDocument(engine, { kind: 'PERTEK', usulanId: id, signer: verifier, nomor: pertekNomor });
  const skId = await plantDocument(engine, {
    kind: 'SK', usulanId: id, signer: skSigner, nomor: skNomor, capacity, onBehalfOf: capacity === 'DEFINITIF' ? undefined : routedTo,
  });
  await db.updateTable('usulan_kp').set({ pertek_document_id: pertekId, sk_document_id: skId }).where('id', '=', id).execute();
  const ev = (step: number, jenis: string, from: string, to: string, actor?: string, data?: Record<string, unknown>) => ({
    usulan_id: id, event_key: `${id}:${step}:${jenis}`, jenis, seq: step, from_status: from, to_status: to,
    actor_id: actor ? demoUser(actor).id : null, actor_nama: actor ? demoUser(actor).nama : null, catatan: null,
    data: data ? JSON.stringify(data) : null,
  });
  await db.insertInto('usulan_event').values([
    ev(1, 'DIAJUKAN', 'MENUNGGU_PERSETUJUAN', 'MENUNGGU_PERSETUJUAN', operator.username),
    ev(2, 'DISETUJUI_INSTANSI', 'MENUNGGU_PERSETUJUAN', 'MENUNGGU_VERIFIKASI', approver, { documentId: pengantarId }),
    ev(3, 'MS', 'MENUNGGU_VERIFIKASI', 'MENUNGGU_TTE_SK', verifier, { documentId: pertekId, alasan: [] }),
    ev(4, 'DRAF_SK_SIAP', 'MENUNGGU_TTE_SK', 'MENUNGGU_TTE_SK'),
    ev(5, 'SK_DITANDATANGANI', 'MENUNGGU_TTE_SK', 'MENUNGGU_TTE_SK', skSigner, { documentId: skId, nomor: skNomor }),
    ev(6, 'SELESAI', 'MENUNGGU_TTE_SK', 'SELESAI'),
  ]).execute();
  const g = await db.insertInto('employee_golongan_history').values({
    nip: emp.nip, golongan_id: golonganBaru, tmt: `${year}-10-01`, sk_nomor: skNomor, sk_tanggal: today(), pertek_nomor: pertekNomor, usulan_id: id,
  }).returning('id').executeTakeFirstOrThrow();
  return { id, nip: emp.nip, issuer, skNomor, pertekNomor, pengantarId, pertekId, skId, golonganRowId: g.id };
}

import { randomUUID } from 'node:crypto';
import { expressionBuilder, sql, type Expression, type Insertable, type SqlBool, type Transaction } from 'kysely';
import type { Db } from '../../db';
import type { Actor } from '../../domain/identity';
import { AppError } from '../errors';
import { currentValueOfMany, currentValues, sameValue } from '../../db/repos/peremajaan-columns';
import { findOpenChanges } from '../../db/repos/peremajaan';
import type { Database, UsulanPeremajaan } from '../../db/types';
import {
  PEREMAJAAN_AREA_LABELS, PEREMAJAAN_FIELDS, peremajaanField, findFieldConflicts, isPeremajaanArea, validateFieldValue, verifierFor, type PeremajaanArea,
} from '../../domain/peremajaan';
import { DOCUMENT_TYPES, describeMissing, missingDocuments, namesSeveral, peremajaanChecklist, type DocumentCode } from '../../domain/documents';
import { ChangeStatus, PeremajaanStatus, type ChangeInput } from '../../workflows/peremajaan/contract';

export const MAX_CHANGES_PER_USULAN = 50;
export const MAX_NIPS_PER_KOLEKTIF = 1000;

export interface ProposedChange {
  area: string;
  field: string;
  value: unknown;
  /** Ids of uploaded supporting documents (document table). */
  documents: string[];
}

type Reason = { field: string; reason: string };

export const fieldLabel = (area: string, field: string): string =>
  isPeremajaanArea(area) ? `${peremajaanField(area, field)?.label ?? field} (${PEREMAJAAN_AREA_LABELS[area]})` : `${area}.${field}`;

/** Who may see which usulan: the same rules as KP (db/scope.ts), on usulan_peremajaan. */
export function peremajaanScope(actor: Actor): Expression<SqlBool> {
  if (actor.role === 'ADMIN') return sql<SqlBool>`true`;
  const eb = expressionBuilder<Database, 'usulan_peremajaan'>();
  const ors: Expression<SqlBool>[] = [];
  const instansi = new Set(actor.delegatedInstansiIds);
  if ((actor.role === 'OPERATOR' || actor.role === 'APPROVER') && actor.instansiId) instansi.add(actor.instansiId);
  if (instansi.size) ors.push(eb('usulan_peremajaan.instansi_id', 'in', [...instansi]));
  if ((actor.role === 'VERIFIER' || actor.role === 'KANREG_HEAD') && actor.kanregId) ors.push(eb('usulan_peremajaan.kanreg_id', '=', actor.kanregId));
  if (actor.role === 'EMPLOYEE' && actor.nip) ors.push(eb('usulan_peremajaan.nip', '=', actor.nip));
  return ors.length ? eb.or(ors) : sql<SqlBool>`false`;
}

const employeeNotFound = () => new AppError('NOT_FOUND', 'Pegawai tidak ditemukan');

/** An employee proposes for their own record only; an operator for the employees of their instansi. Anything else is "not found". */
async function employeeForProposal(db: Db, actor: Actor, nip: string) {
  if (actor.role === 'EMPLOYEE' && actor.nip !== nip) throw employeeNotFound();
  const emp = await db.selectFrom('employee as e').innerJoin('instansi as i', 'i.id', 'e.instansi_id')
    .select(['e.nip', 'e.nama', 'e.instansi_id', 'i.kanreg_id']).where('e.nip', '=', nip).executeTakeFirst();
  if (!emp) throw employeeNotFound();
  if (actor.role === 'OPERATOR' && emp.instansi_id !== actor.instansiId) throw employeeNotFound();
  return emp;
}

function requireProposer(actor: Actor, roles: Actor['role'][]): void {
  if (!roles.includes(actor.role)) {
    throw new AppError('FORBIDDEN', `Peran ${actor.role} tidak dapat mengusulkan peremajaan data (hanya ${roles.join(', ')})`);
  }
}

/** Field and value checks that need no person: known area and field, the value's type, format and reference list. */
function checkValue(c: ProposedChange, path: string, today: string): { value?: string | number; reasons: Reason[] } {
  if (!isPeremajaanArea(c.area)) {
    return { reasons: [{ field: `${path}.area`, reason: `Area ${JSON.stringify(c.area)} tidak dikenal; pilihan: ${Object.keys(PEREMAJAAN_AREA_LABELS).join(', ')}` }] };
  }
  if (!peremajaanField(c.area, c.field)) {
    return { reasons: [{ field: `${path}.field`, reason: `Kolom ${JSON.stringify(c.field)} tidak dikenal pada area ${PEREMAJAAN_AREA_LABELS[c.area]}; pilihan: ${Object.keys(PEREMAJAAN_FIELDS[c.area]).join(', ')}` }] };
  }
  const checked = validateFieldValue(c.area, c.field, c.value, { today });
  if (!checked.ok) return { reasons: checked.reasons.map((reason) => ({ field: `${path}.value`, reason })) };
  return { value: checked.value, reasons: [] };
}

/** Checks against one person's record: unit kerja of their instansi, a real change, and the mandatory documents. */
async function checkForPerson(
  db: Db, actor: Actor, emp: { nip: string; instansi_id: string }, c: ProposedChange & { area: PeremajaanArea }, value: string | number,
  current: unknown, path: string,
): Promise<Reason[]> {
  const reasons: Reason[] = [];
  if (c.area === 'UNIT_KERJA' && c.field === 'unorId') {
    const outside = await unitOutside(db, String(value), emp.instansi_id);
    if (outside) reasons.push({ ...outside, field: `${path}.value` });
  }
  if (sameValue(current, value)) reasons.push({ field: `${path}.value`, reason: `Nilai baru sama dengan data saat ini untuk ${fieldLabel(c.area, c.field)}` });
  const ids = [...new Set(c.documents)];
  const known = await loadDocuments(db, ids);
  reasons.push(...documentReasons(known, actor, emp.nip, c, ids.map((id) => ({ id, path: `${path}.documents` })), `${path}.documents`));
  return reasons;
}

type DocumentFacts = { id: string; doc_code: string | null; owner_nip: string | null; uploaded_by: string | null; status: string; kind: string; owners: Set<string> };

/** The documents with these ids and, for those naming several employees, whom they have been used for already. */
async function loadDocuments(db: Db, ids: readonly string[]): Promise<Map<string, DocumentFacts>> {
  const out = new Map<string, DocumentFacts>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await db.selectFrom('document').select(['id', 'doc_code', 'owner_nip', 'uploaded_by', 'status', 'kind']).where('id', 'in', chunk).execute();
    for (const r of rows) out.set(r.id, { ...r, owners: new Set() });
    const owners = await db.selectFrom('shared_document_owner').select(['document_id', 'nip']).where('document_id', 'in', chunk).execute();
    for (const o of owners) out.get(o.document_id)?.owners.add(o.nip);
  }
  return out;
}

/**
 * Whether a document may support a change to `nip`'s record: an uploaded paper that still stands, and either the
 * person's own or one that names several employees (domain/documents.ts) which this uploader brought without a single
 * owner, or which already supported this person's change before.
 */
function supports(d: DocumentFacts, nip: string, actor: Actor): boolean {
  if (d.status !== 'BERLAKU' || (d.kind !== 'BERKAS' && d.kind !== 'PEREMAJAAN')) return false;
  if (d.owner_nip === nip) return true;
  return namesSeveral(d.doc_code ?? '') && ((d.owner_nip === null && d.uploaded_by === actor.userId) || d.owners.has(nip));
}

function documentReasons(
  known: ReadonlyMap<string, DocumentFacts>, actor: Actor, nip: string, c: { area: PeremajaanArea; field: string }, refs: { id: string; path: string }[],
  checklistField: string,
): Reason[] {
  const reasons: Reason[] = [];
  const usable: DocumentFacts[] = [];
  for (const { id, path } of refs) {
    const d = known.get(id);
    if (d && supports(d, nip, actor)) {
      usable.push(d);
      continue;
    }
    const why = !d || d.status !== 'BERLAKU' || (d.kind !== 'BERKAS' && d.kind !== 'PEREMAJAAN') ? 'tidak ditemukan atau sudah tidak berlaku'
      : d.owner_nip === null && !namesSeveral(d.doc_code ?? '')
        ? `adalah dokumen perorangan (${documentName(d.doc_code)}) tanpa pemilik: unggah atas nama pegawai ini`
        : d.owner_nip === null
          ? 'adalah dokumen bersama yang diunggah pengguna lain dan belum mencantumkan pegawai ini: unggah dokumen bersama sendiri'
          : 'bukan milik pegawai ini';
    reasons.push({ field: path, reason: `Dokumen ${id} ${why}` });
  }
  const missing = describeMissing(missingDocuments(peremajaanChecklist(c.area, [c.field]), usable.map((d) => d.doc_code ?? '')));
  for (const reason of missing) reasons.push({ field: checklistField, reason: `Dokumen pendukung wajib: ${reason}` });
  return reasons;
}

const documentName = (code: string | null): string => (code && code in DOCUMENT_TYPES ? DOCUMENT_TYPES[code as DocumentCode].name : code ?? 'tanpa jenis');

function conflictError(nip: string, area: string, field: string, usulanId: string): AppError {
  return new AppError('CONFLICT',
    `${fieldLabel(area, field)} pegawai ${nip} sedang diubah oleh usulan ${usulanId} yang masih terbuka; tunggu sampai usulan itu selesai atau ditarik`,
    [{ field: 'changes', reason: `Usulan terbuka: ${usulanId}` }], { openUsulanId: usulanId });
}

const isOpenChangeViolation = (err: unknown) => (err as { code?: string; constraint?: string }).code === '23505'
  && (err as { constraint?: string }).constraint === 'peremajaan_change_open_once';

function newUsulanId(nip: string): string {
  return `PD-${nip}-${randomUUID().slice(0, 8)}`;
}

export interface SubmitPeremajaanInput {
  nip: string;
  changes: ProposedChange[];
}

export interface SubmittedUsulan {
  usulanId: string;
  nip: string;
  status: PeremajaanStatus;
  changes: (ChangeInput & { status: ChangeStatus })[];
}

/**
 * Validates a change set for one person and writes it (the row is the intent to start its workflow). Every refusal
 * carries a reason per change; a field another open usulan is changing answers 409 with that usulan's id.
 */
export async function submitPeremajaan(db: Db, actor: Actor, input: SubmitPeremajaanInput, today: string): Promise<SubmittedUsulan> {
  requireProposer(actor, ['EMPLOYEE', 'OPERATOR']);
  const emp = await employeeForProposal(db, actor, input.nip);
  if (input.changes.length === 0) throw new AppError('UNPROCESSABLE', 'Usulan harus berisi minimal satu perubahan', [{ field: 'changes', reason: 'Minimal satu perubahan' }]);

  const reasons: Reason[] = [];
  const seen = new Map<string, number>();
  const valid: { c: ProposedChange & { area: PeremajaanArea }; value: string | number; path: string }[] = [];
  input.changes.forEach((c, i) => {
    const path = `changes.${i}`;
    const key = `${c.area}.${c.field}`;
    if (seen.has(key)) {
      reasons.push({ field: `${path}.field`, reason: `${fieldLabel(c.area, c.field)} sudah diusulkan pada perubahan ke-${seen.get(key)! + 1}; satu kolom hanya sekali per usulan` });
      return;
    }
    seen.set(key, i);
    const v = checkValue(c, path, today);
    reasons.push(...v.reasons);
    if (v.value !== undefined) valid.push({ c: c as ProposedChange & { area: PeremajaanArea }, value: v.value, path });
  });
  const current = await currentValues(db, emp.nip, valid.map((v) => v.c));
  for (const v of valid) reasons.push(...await checkForPerson(db, actor, emp, v.c, v.value, current.get(`${v.c.area}.${v.c.field}`), v.path));
  if (reasons.length) throw new AppError('UNPROCESSABLE', 'Usulan peremajaan tidak dapat diterima: periksa alasan per perubahan', reasons);

  const conflicts = findFieldConflicts(valid.map((v) => ({ nip: emp.nip, area: v.c.area, field: v.c.field })), await openAsFieldRefs(db, [emp.nip]));
  if (conflicts.length) throw conflictError(emp.nip, conflicts[0].change.area, conflicts[0].change.field, conflicts[0].usulanId);

  const usulanId = newUsulanId(emp.nip);
  const changes = valid.map((v, i) => ({
    id: `${usulanId}-${i + 1}`, seq: i + 1, area: v.c.area, field: v.c.field, authority: verifierFor(v.c),
    oldValue: current.get(`${v.c.area}.${v.c.field}`) ?? null, newValue: v.value, status: ChangeStatus.MENUNGGU, documents: [...new Set(v.c.documents)],
  }));
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('usulan_peremajaan').values({
        id: usulanId, batch_id: null, nip: emp.nip, nama: emp.nama, instansi_id: emp.instansi_id, kanreg_id: emp.kanreg_id, submitted_by: actor.userId,
        submitter_role: actor.role, status: PeremajaanStatus.MENUNGGU_VERIFIKASI, workflow_started_at: null, due_at: null, last_note: null, closed_at: null,
      }).execute();
      await trx.insertInto('peremajaan_change').values(changes.map((c) => ({
        id: c.id, usulan_id: usulanId, seq: c.seq, nip: emp.nip, area: c.area, field: c.field, old_value: JSON.stringify(c.oldValue),
        new_value: JSON.stringify(c.newValue), documents: c.documents, authority: c.authority, proposed_by: actor.userId,
        decided_by: null, decided_by_nama: null, reason: null, decided_at: null, applied_at: null,
      }))).execute();
      // A decree naming several employees that supports this person's change records them as an owner, as in a collective.
      const ids = [...new Set(changes.flatMap((c) => c.documents))];
      const shared = ids.length ? await trx.selectFrom('document').select('id').where('id', 'in', ids).where('owner_nip', 'is', null).execute() : [];
      await recordSharedOwners(trx, shared.map((d) => ({ document_id: d.id, nip: emp.nip, usulan_id: usulanId, added_by: actor.userId })));
    });
  } catch (err) {
    if (!isOpenChangeViolation(err)) throw err;
    // Another usulan for the same field committed between the check and the insert.
    const open = findFieldConflicts(valid.map((v) => ({ nip: emp.nip, area: v.c.area, field: v.c.field })), await openAsFieldRefs(db, [emp.nip]));
    const first = open[0];
    throw first ? conflictError(emp.nip, first.change.area, first.change.field, first.usulanId) : new AppError('CONFLICT', 'Kolom yang sama baru saja diusulkan oleh usulan lain; ulangi pengajuan');
  }
  return { usulanId, nip: emp.nip, status: PeremajaanStatus.MENUNGGU_VERIFIKASI, changes: changes.map(({ documents: _d, ...c }) => c) };
}

async function openAsFieldRefs(db: Db, nips: string[]) {
  return (await findOpenChanges(db, nips)).filter((o) => isPeremajaanArea(o.area)).map((o) => ({ ...o, area: o.area as PeremajaanArea }));
}

export interface KolektifInput {
  nips: string[];
  /** The one change; its documents are shared by everyone (decrees that name several employees). */
  change: ProposedChange;
  /** Each person's own papers (a sertifikat diklat, an ijazah), by NIP. */
  documentsByNip?: Record<string, string[]>;
}

export interface KolektifItem {
  nip: string;
  status: 'DITERIMA' | 'DITAHAN';
  usulanId?: string;
  alasan?: { kode: string; pesan: string; openUsulanId?: string }[];
}

export interface KolektifResult {
  batchId: string;
  total: number;
  diterima: number;
  ditahan: number;
  items: KolektifItem[];
}

const CHUNK = 500;
const chunks = <T>(xs: readonly T[], n = CHUNK): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/**
 * The same change for many people, one usulan (and one workflow) each. Each person's documents are the shared ones
 * plus their own (documentsByNip); a NIP that cannot take the change is held with its reasons and the others go on,
 * like the KP collective submission. Everything is read and written in a few set-wise statements, so a thousand NIPs
 * answer as fast as a handful.
 */
export async function submitPeremajaanKolektif(db: Db, actor: Actor, input: KolektifInput, today: string): Promise<KolektifResult> {
  requireProposer(actor, ['OPERATOR']);
  if (!actor.instansiId) throw new AppError('FORBIDDEN', 'Hanya operator instansi yang dapat mengajukan peremajaan kolektif');
  const byNip = input.documentsByNip ?? {};
  const listed = new Set(input.nips);
  const strays = Object.keys(byNip).filter((n) => !listed.has(n));
  if (strays.length) {
    throw new AppError('UNPROCESSABLE', 'documentsByNip memuat NIP yang tidak ada dalam daftar nips',
      strays.slice(0, 50).map((n) => ({ field: `documentsByNip.${n}`, reason: 'NIP ini tidak tercantum dalam nips; tambahkan ke nips atau hapus dokumennya' })));
  }
  const v = checkValue(input.change, 'change', today);
  if (v.value === undefined) throw new AppError('UNPROCESSABLE', 'Perubahan kolektif tidak dapat diterima: periksa alasan per kolom', v.reasons);
  const value = v.value;
  const change = input.change as ProposedChange & { area: PeremajaanArea };
  const shared = [...new Set(change.documents)];
  const sharedDocs = await loadDocuments(db, shared);
  // A personal paper sent as shared fits one person at most: the operator meant it for everyone, so the request is wrong.
  const misfiled = shared.flatMap((id, i) => {
    const d = sharedDocs.get(id);
    if (!d) return [{ field: `change.documents.${i}`, reason: `Dokumen ${id} tidak ditemukan` }];
    if (!namesSeveral(d.doc_code ?? '')) {
      return [{ field: `change.documents.${i}`, reason: `Dokumen ${id} (${documentName(d.doc_code)}) adalah dokumen perorangan: kirim per pegawai lewat documentsByNip` }];
    }
    return [];
  });
  if (misfiled.length) throw new AppError('UNPROCESSABLE', 'Dokumen bersama hanya untuk dokumen yang memuat banyak pegawai (SK mutasi, SK jabatan, pelantikan, penghargaan, organisasi)', misfiled);

  const unique = [...listed];
  const emps = new Map<string, { nip: string; nama: string; instansi_id: string; kanreg_id: string }>();
  for (const part of chunks(unique, 1000)) {
    const rows = await db.selectFrom('employee as e').innerJoin('instansi as i', 'i.id', 'e.instansi_id')
      .select(['e.nip', 'e.nama', 'e.instansi_id', 'i.kanreg_id']).where('e.nip', 'in', part).where('e.instansi_id', '=', actor.instansiId).execute();
    for (const r of rows) emps.set(r.nip, r);
  }
  const ours = [...emps.keys()];
  const [current, open, ownDocs] = await Promise.all([
    currentValueOfMany(db, ours, change),
    findOpenChanges(db, ours),
    loadDocuments(db, [...new Set(Object.values(byNip).flat())]),
  ]);
  const known = new Map([...ownDocs, ...sharedDocs]);
  const busyByNip = new Map(open.filter((o) => o.area === change.area && o.field === change.field).map((o) => [o.nip, o]));
  const unorReason = change.area === 'UNIT_KERJA' && change.field === 'unorId' ? await unitOutside(db, String(value), actor.instansiId) : null;

  const batchId = `PDB-${randomUUID()}`;
  const items: KolektifItem[] = [];
  const accepted: { item: KolektifItem; emp: { nip: string; nama: string; instansi_id: string; kanreg_id: string }; documents: string[]; current: unknown }[] = [];
  const seen = new Set<string>();
  for (const nip of input.nips) {
    if (seen.has(nip)) {
      items.push({ nip, status: 'DITAHAN', alasan: [{ kode: 'NIP_GANDA', pesan: 'NIP tercantum lebih dari sekali dalam pengajuan ini' }] });
      continue;
    }
    seen.add(nip);
    const emp = emps.get(nip);
    if (!emp) {
      items.push({ nip, status: 'DITAHAN', alasan: [{ kode: 'NIP_TIDAK_DITEMUKAN', pesan: 'NIP tidak terdaftar sebagai pegawai instansi Anda' }] });
      continue;
    }
    const own = [...new Set(byNip[nip] ?? [])];
    const refs = [...shared.map((id, i) => ({ id, path: `change.documents.${i}` })), ...own.map((id, i) => ({ id, path: `documentsByNip.${nip}.${i}` }))];
    const reasons: Reason[] = [];
    if (unorReason) reasons.push(unorReason);
    const was = current.get(nip) ?? null;
    if (sameValue(was, value)) reasons.push({ field: 'change.value', reason: `Nilai baru sama dengan data saat ini untuk ${fieldLabel(change.area, change.field)}` });
    reasons.push(...documentReasons(known, actor, nip, change, refs, `documentsByNip.${nip}`));
    const alasan: NonNullable<KolektifItem['alasan']> = reasons.map((r) => ({ kode: 'TIDAK_VALID', pesan: r.reason }));
    const busy = busyByNip.get(nip);
    if (busy) alasan.push({ kode: 'USULAN_MASIH_TERBUKA', pesan: `${fieldLabel(change.area, change.field)} sedang diubah oleh usulan ${busy.usulanId}`, openUsulanId: busy.usulanId });
    const item: KolektifItem = alasan.length ? { nip, status: 'DITAHAN', alasan } : { nip, status: 'DITERIMA', usulanId: newUsulanId(nip) };
    items.push(item);
    if (!alasan.length) accepted.push({ item, emp, documents: [...new Set([...shared, ...own])], current: was });
  }

  await db.transaction().execute(async (trx) => {
    for (const part of chunks(accepted)) {
      await trx.insertInto('usulan_peremajaan').values(part.map(({ item, emp }) => ({
        id: item.usulanId!, batch_id: batchId, nip: emp.nip, nama: emp.nama, instansi_id: emp.instansi_id, kanreg_id: emp.kanreg_id, submitted_by: actor.userId,
        submitter_role: actor.role, status: PeremajaanStatus.MENUNGGU_VERIFIKASI, workflow_started_at: null, due_at: null, last_note: null, closed_at: null,
      }))).execute();
      // A change that another usulan committed for the same field meanwhile is skipped by the open-once index, not failed.
      const written = await trx.insertInto('peremajaan_change').values(part.map(({ item, emp, documents, current: was }) => ({
        id: `${item.usulanId}-1`, usulan_id: item.usulanId!, seq: 1, nip: emp.nip, area: change.area, field: change.field, old_value: JSON.stringify(was),
        new_value: JSON.stringify(value), documents, authority: verifierFor(change), proposed_by: actor.userId,
        decided_by: null, decided_by_nama: null, reason: null, decided_at: null, applied_at: null,
      }))).onConflict((oc) => oc.doNothing()).returning('usulan_id').execute();
      const kept = new Set(written.map((w) => w.usulan_id));
      const lost = part.filter((a) => !kept.has(a.item.usulanId!));
      if (lost.length) await trx.deleteFrom('usulan_peremajaan').where('id', 'in', lost.map((a) => a.item.usulanId!)).execute();
      for (const a of lost) {
        a.item.status = 'DITAHAN';
        a.item.alasan = [{ kode: 'USULAN_MASIH_TERBUKA', pesan: 'Kolom yang sama baru saja diusulkan oleh usulan lain' }];
        delete a.item.usulanId;
      }
      const owners = part.filter((a) => kept.has(a.item.usulanId!)).flatMap((a) => shared
        .filter((id) => sharedDocs.get(id)?.owner_nip !== a.emp.nip)
        .map((id) => ({ document_id: id, nip: a.emp.nip, usulan_id: a.item.usulanId!, added_by: actor.userId })));
      await recordSharedOwners(trx, owners);
    }
  });
  const diterima = items.filter((i) => i.status === 'DITERIMA').length;
  return { batchId, total: items.length, diterima, ditahan: items.length - diterima, items };
}

/** Owners of record of documents naming several employees; an owner already recorded stays as it was. */
async function recordSharedOwners(trx: Transaction<Database>, rows: Insertable<Database['shared_document_owner']>[]): Promise<void> {
  if (rows.length) await trx.insertInto('shared_document_owner').values(rows).onConflict((oc) => oc.columns(['document_id', 'nip']).doNothing()).execute();
}

async function unitOutside(db: Db, unorId: string, instansiId: string): Promise<Reason | null> {
  const unor = await db.selectFrom('unor').select(['id', 'instansi_id']).where('id', '=', unorId).executeTakeFirst();
  return !unor || unor.instansi_id !== instansiId ? { field: 'change.value', reason: `Unit organisasi ${JSON.stringify(unorId)} tidak ada pada instansi pegawai` } : null;
}

/** One usulan as the actor may see it, or 404 (also when it exists outside their scope, so ids cannot be probed). */
export async function getUsulanInScope(db: Db, actor: Actor, id: string): Promise<UsulanPeremajaan> {
  const row = await db.selectFrom('usulan_peremajaan').selectAll().where('usulan_peremajaan.id', '=', id).where(peremajaanScope(actor)).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'Usulan peremajaan tidak ditemukan');
  return row;
}

export async function getPeremajaanDetail(db: Db, actor: Actor, id: string) {
  const u = await getUsulanInScope(db, actor, id);
  const changes = await db.selectFrom('peremajaan_change').selectAll().where('usulan_id', '=', id).orderBy('seq').execute();
  const timeline = await db.selectFrom('usulan_event').select(['jenis', 'at', 'actor_nama', 'from_status', 'to_status', 'catatan', 'data'])
    .where('usulan_id', '=', id).orderBy('seq').orderBy('id').execute();
  return {
    ...toListItem(u),
    changes: changes.map((c) => ({
      id: c.id, seq: c.seq, area: c.area, field: c.field, label: fieldLabel(c.area, c.field), oldValue: c.old_value, newValue: c.new_value,
      authority: c.authority, status: c.status, documents: c.documents, decidedBy: c.decided_by_nama, reason: c.reason, decidedAt: c.decided_at,
      appliedAt: c.applied_at, returnedCount: c.returned_count,
    })),
    timeline: timeline.map((t) => ({ jenis: t.jenis, at: t.at, actor: t.actor_nama, from: t.from_status, to: t.to_status, catatan: t.catatan, data: t.data })),
  };
}

function toListItem(u: UsulanPeremajaan) {
  return {
    id: u.id, nip: u.nip, nama: u.nama, instansiId: u.instansi_id, kanregId: u.kanreg_id, status: u.status, isOpen: u.is_open,
    submittedBy: u.submitted_by, submitterRole: u.submitter_role, batchId: u.batch_id, dueAt: u.due_at, slaBreached: u.sla_breached,
    createdAt: u.created_at, updatedAt: u.updated_at, closedAt: u.closed_at,
  };
}

export interface ListFilter {
  status?: string;
  nip?: string;
  area?: string;
  batchId?: string;
  q?: string;
  open?: boolean;
  limit: number;
  offset: number;
}

export async function listPeremajaan(db: Db, actor: Actor, f: ListFilter) {
  let qb = db.selectFrom('usulan_peremajaan').where(peremajaanScope(actor));
  if (f.status) qb = qb.where('usulan_peremajaan.status', '=', f.status);
  if (f.nip) qb = qb.where('usulan_peremajaan.nip', '=', f.nip);
  if (f.batchId) qb = qb.where('usulan_peremajaan.batch_id', '=', f.batchId);
  if (f.open !== undefined) qb = qb.where('usulan_peremajaan.is_open', '=', f.open);
  if (f.q) {
    const q = f.q;
    qb = qb.where((eb) => eb.or([eb('usulan_peremajaan.nip', 'like', `${q.replace(/[%_\\]/g, '')}%`), eb(eb.fn('lower', ['usulan_peremajaan.nama']), 'like', `%${q.toLowerCase().replace(/[%_\\]/g, '')}%`)]));
  }
  if (f.area) {
    const area = f.area;
    qb = qb.where((eb) => eb.exists(eb.selectFrom('peremajaan_change as pc').select('pc.id').whereRef('pc.usulan_id', '=', 'usulan_peremajaan.id').where('pc.area', '=', area)));
  }
  const [{ total }] = await qb.select((eb) => eb.fn.countAll<string>().as('total')).execute();
  const rows = await qb.selectAll('usulan_peremajaan').orderBy('usulan_peremajaan.created_at', 'desc').orderBy('usulan_peremajaan.id').limit(f.limit).offset(f.offset).execute();
  const changes = rows.length ? await db.selectFrom('peremajaan_change').select(['usulan_id', 'id', 'area', 'field', 'status', 'authority'])
    .where('usulan_id', 'in', rows.map((r) => r.id)).orderBy('seq').execute() : [];
  return {
    total: Number(total),
    limit: f.limit,
    offset: f.offset,
    items: rows.map((r) => ({ ...toListItem(r), changes: changes.filter((c) => c.usulan_id === r.id).map(({ usulan_id: _u, ...c }) => c) })),
  };
}

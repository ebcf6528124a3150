import { sql } from 'kysely';
import type { Db } from '../../db';
import type { UsulanKp } from '../../db/types';
import { decisionReason } from '../../domain/reasons';
import type { KpEventKind } from '../../domain/kp-lifecycle';

/** The timeline events that send an usulan back to its operator: BKN's BTS and the instansi's return. */
const RETURNS = ['BTS', 'DIKEMBALIKAN_INSTANSI'] as const satisfies readonly KpEventKind[];
const RESUBMITTED = 'DIAJUKAN_ULANG' satisfies KpEventKind;

/** One return as the operator and the verifier read it: who sent it back, when, with which reasons and note. */
export interface ReturnNote {
  jenis: (typeof RETURNS)[number];
  pada: Date;
  oleh: string | null;
  alasan: { kode: string; teks: string | null }[];
  catatan: string | null;
}

interface EventRow { usulan_id: string; jenis: string; at: Date; actor_nama: string | null; catatan: string | null; data: unknown }

const codesOf = (data: unknown): string[] => {
  const a = data && typeof data === 'object' ? (data as { alasan?: unknown }).alasan : undefined;
  return Array.isArray(a) ? a.filter((c): c is string => typeof c === 'string') : [];
};
const asReturn = (e: EventRow): ReturnNote => ({
  jenis: e.jenis as ReturnNote['jenis'], pada: e.at, oleh: e.actor_nama, catatan: e.catatan,
  alasan: codesOf(e.data).map((kode) => ({ kode, teks: decisionReason(kode)?.text ?? null })),
});

/** The latest return of each usulan that has one (one query for a page of a list). */
export async function latestReturns(db: Db, usulanIds: readonly string[]): Promise<Map<string, ReturnNote>> {
  if (!usulanIds.length) return new Map();
  const rows = await db.selectFrom('usulan_event').select(['usulan_id', 'jenis', 'at', 'actor_nama', 'catatan', 'data'])
    .distinctOn('usulan_id').where('usulan_id', 'in', [...usulanIds]).where('jenis', 'in', [...RETURNS])
    .orderBy('usulan_id').orderBy(sql`seq desc nulls last`).orderBy('id', 'desc').execute();
  return new Map(rows.map((r) => [r.usulan_id, asReturn(r)]));
}

/**
 * What a resubmission brings, for the verifier deciding it and the operator fixing it: how many times it came back
 * (BTS from BKN, returns from the instansi), the latest return, the operator's note on resubmitting after it, and the
 * berkas of the employee uploaded since that return (new papers and replacements of earlier versions). Null for an
 * usulan that was never sent back.
 */
export async function resubmissionOf(db: Db, u: Pick<UsulanKp, 'id' | 'nip' | 'bts_count'>) {
  const events = await db.selectFrom('usulan_event').select(['usulan_id', 'jenis', 'at', 'actor_nama', 'catatan', 'data'])
    .where('usulan_id', '=', u.id).where('jenis', 'in', [...RETURNS, RESUBMITTED])
    .orderBy(sql`seq nulls first`).orderBy('id').execute();
  const returns = events.filter((e) => (RETURNS as readonly string[]).includes(e.jenis));
  const last = returns[returns.length - 1];
  if (!last) return null;
  const after = events.slice(events.indexOf(last) + 1).filter((e) => e.jenis === RESUBMITTED);
  const resubmitted = after[after.length - 1];
  const files = await db.selectFrom('document').select(['id', 'doc_code', 'filename', 'version', 'tahun', 'status', 'supersedes_id', 'created_at'])
    .where('owner_nip', '=', u.nip).where('kind', '=', 'BERKAS').where('created_at', '>', last.at).orderBy('created_at').execute();
  return {
    kembaliBts: u.bts_count,
    kembaliInstansi: returns.filter((e) => e.jenis === 'DIKEMBALIKAN_INSTANSI').length,
    pengembalianTerakhir: asReturn(last),
    pengajuanUlang: resubmitted ? { pada: resubmitted.at, oleh: resubmitted.actor_nama, catatan: resubmitted.catatan } : null,
    berkasSetelahPengembalian: files.map((f) => ({
      id: f.id, kode: f.doc_code, namaFile: f.filename, versi: f.version, tahun: f.tahun ?? null, diunggah: f.created_at,
      menggantikan: f.supersedes_id !== null, berlaku: f.status === 'BERLAKU',
    })),
  };
}

import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db';
import type { Database } from '../../db/types';
import { scopeUsulanKp } from '../../db/scope';
import { signableFor } from '../../db/repos/signers';
import { officeTodayOf } from '../../db/repos/office-dates';
import { KpStatus, SIGNING_HOLD_MS } from '../../workflows/kp/contract';
import type { Actor } from '../../domain/identity';
import type { Clock } from '../../domain/office-clock';
import { isoDateSchema, idSchema, freeText, describeSent } from '../validate';

/**
 * The approver's and the verifier's queues as one query, so the page, its CSV export and "klaim berikutnya" take
 * exactly the same set: the actor's scope (db/scope.ts), the queue's status minus decisions under way, then the filters.
 */

/**
 * A decision the workflow holds or has taken, whose read-model status has not caught up: the step's signed document
 * is standing (BERLAKU: an SK signed, the usulan finishes a moment later), or was signed within the signing hold
 * (MENUNGGU: its commit is under way; the workflow refuses anyone else the step for that long). A queue lists
 * neither, for every client. Once the hold has passed, a commit that never came leaves the usulan listed again.
 */
export const notBeingDecided = (kind: 'PENGANTAR' | 'PERTEK' | 'SK') => sql<SqlBool>`not exists (select 1 from document d where d.usulan_id = usulan_kp.id and d.kind = ${kind}
  and (d.status = 'BERLAKU' or (d.status = 'MENUNGGU' and d.created_at > now() - make_interval(secs => ${SIGNING_HOLD_MS / 1000}))))`;

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filters a queue takes; the list, its export and "klaim berikutnya" read the same ones. */
export const queueFilterShape = {
  periode: isoDateSchema.optional(), instansiId: idSchema.optional(),
  nip: z.string().regex(/^\d{1,18}$/, { error: (iss) => `Harus awal NIP (1 sampai 18 digit angka); diterima ${describeSent(iss.input)}` }).optional(),
  nama: freeText({ max: 100, description: 'Bagian nama pegawai' }), jenisKp: z.coerce.number().int().optional(),
  q: freeText({ max: 100, description: 'NIP atau nama pegawai mengandung teks ini' }),
  unorId: idSchema.optional().meta({ description: 'Unit kerja (unor) pegawai, termasuk unit di bawahnya' }),
  ulang: z.enum(['ya', 'tidak']).optional().meta({ description: 'ya: usulan yang pernah dikembalikan BTS (diajukan ulang); tidak: belum pernah' }),
  terlambat: z.enum(['ya', 'tidak']).optional().meta({ description: 'Melewati tenggat langkah saat ini' }),
};

export interface QueueQuery {
  antrean?: 'verifikasi' | 'persetujuan' | 'tte';
  batchId?: string; periode?: string; instansiId?: string; nip?: string; nama?: string; q?: string; jenisKp?: number; unorId?: string;
  ulang?: 'ya' | 'tidak'; terlambat?: 'ya' | 'tidak'; klaim?: 'bebas' | 'saya' | 'lain';
}

type UsulanQuery = SelectQueryBuilder<Database, 'usulan_kp', object>;

/** A claim still in force: held by someone until its lease runs out. */
export const claimHeld = sql<SqlBool>`usulan_kp.claimed_by is not null and usulan_kp.claim_expires_at >= now()`;

/**
 * `queue`: what the queue holds for this actor (the choices are counted on it); `base`: the same with the filters.
 * Neither selects anything yet, and both read usulan_kp alone (no joins), so a caller may lock their rows.
 */
export async function kpQueue(deps: { db: Db; clock: Clock }, actor: Actor, q: QueueQuery): Promise<{ queue: UsulanQuery; base: UsulanQuery }> {
  let queue = scopeUsulanKp(deps.db.selectFrom('usulan_kp'), actor);
  if (q.batchId) queue = queue.where('usulan_kp.batch_id', '=', q.batchId);
  if (q.antrean === 'verifikasi') queue = queue.where('usulan_kp.status', '=', KpStatus.MENUNGGU_VERIFIKASI).where(notBeingDecided('PERTEK'));
  if (q.antrean === 'persetujuan') queue = queue.where('usulan_kp.status', '=', KpStatus.MENUNGGU_PERSETUJUAN).where(notBeingDecided('PENGANTAR'));
  if (q.antrean === 'tte') {
    // Only what this viewer may sign: drafts named for them, or for the official whose Plt/Plh they are today.
    const mine = actor.role === 'ADMIN' ? null : await signableFor(deps.db, actor.userId, await officeTodayOf(deps.db, actor, deps.clock));
    queue = queue.where('usulan_kp.status', '=', KpStatus.MENUNGGU_TTE_SK).where('usulan_kp.sk_draft_sha256', 'is not', null)
      .$if(mine !== null, (qb) => qb.where('usulan_kp.sk_signer_user_id', 'in', mine!)).where(notBeingDecided('SK'));
  }
  let base = queue;
  if (q.periode) base = base.where('usulan_kp.periode', '=', q.periode);
  if (q.instansiId) base = base.where('usulan_kp.instansi_id', '=', q.instansiId);
  if (q.nip) base = base.where('usulan_kp.nip', 'like', `${q.nip}%`);
  if (q.nama) base = base.where(sql`lower(usulan_kp.nama)`, 'like', `%${escapeLike(q.nama.toLowerCase())}%`);
  if (q.q) {
    const like = `%${escapeLike(q.q.toLowerCase())}%`;
    base = base.where((eb) => eb.or([eb('usulan_kp.nip', 'like', like), eb(sql<string>`lower(usulan_kp.nama)`, 'like', like)]));
  }
  if (q.jenisKp) base = base.where('usulan_kp.jenis_kp', '=', q.jenisKp);
  if (q.unorId) {
    base = base.where(sql<SqlBool>`usulan_kp.nip in (select e.nip from employee e where e.unor_id in (
      with recursive t(id) as (select ${q.unorId}::text union select u.id from unor u join t on u.parent_id = t.id) select id from t))`);
  }
  if (q.ulang) base = base.where('usulan_kp.bts_count', q.ulang === 'ya' ? '>' : '=', 0);
  if (q.terlambat === 'ya') base = base.where('usulan_kp.due_at', '<', sql<Date>`now()`);
  if (q.terlambat === 'tidak') base = base.where((eb) => eb.or([eb('usulan_kp.due_at', 'is', null), eb('usulan_kp.due_at', '>=', sql<Date>`now()`)]));
  if (q.klaim) {
    base = q.klaim === 'bebas' ? base.where(sql<SqlBool>`not (${claimHeld})`)
      : base.where(claimHeld).where('usulan_kp.claimed_by', q.klaim === 'saya' ? '=' : '<>', actor.userId);
  }
  return { queue, base };
}

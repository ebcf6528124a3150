import type { Db } from '../index';
import type { AppUser } from '../types';
import type { SignerCapacity } from '../../domain/signer-block';

/** The office of the Head of BKN, printed when the Head of BKN signs on the President's behalf. */
export const KEPALA_BKN_JABATAN = 'KEPALA BADAN KEPEGAWAIAN NEGARA';
export const PRESIDEN_RI = 'PRESIDEN REPUBLIK INDONESIA';

export class NoNamedSignerError extends Error {}

/**
 * The one official an SK draft is prepared for: the instansi's designated signer (its PPK or the official the PPK has
 * delegated SK signing to) for PPK decrees, the Head of BKN for IV/c–IV/e. No fallback to "any approver": a decree with
 * nobody named stops visibly instead of printing somebody else.
 */
export async function namedSkSigner(db: Db, u: { instansi_id: string; penandatangan_sk: string }): Promise<AppUser> {
  let user: AppUser | undefined;
  if (u.penandatangan_sk === 'KEPALA_BKN') {
    user = await db.selectFrom('app_user').selectAll().where('role', '=', 'BKN_HEAD').where('active', '=', true)
      .where('signer_id', 'is not', null).orderBy('id').executeTakeFirst();
    if (!user) throw new NoNamedSignerError('Tidak ada Kepala BKN aktif yang memiliki sertifikat elektronik');
  } else {
    const inst = await db.selectFrom('instansi').select(['sk_signer_user_id', 'nama']).where('id', '=', u.instansi_id).executeTakeFirstOrThrow();
    if (!inst.sk_signer_user_id) throw new NoNamedSignerError(`${inst.nama} belum menetapkan pejabat penandatangan SK`);
    user = await db.selectFrom('app_user').selectAll().where('id', '=', inst.sk_signer_user_id).executeTakeFirst();
    if (!user || !user.active || !user.signer_id || !user.nip) {
      throw new NoNamedSignerError(`Pejabat penandatangan SK ${inst.nama} tidak aktif atau belum memiliki sertifikat elektronik`);
    }
  }
  return user;
}

export interface SigningCapacity {
  capacity: SignerCapacity;
  /** The named official the actor stands in for (Plt/Plh), or undefined when the actor is the named official. */
  onBehalfOf?: AppUser;
}

/**
 * In which capacity `actorId` may sign a document named for `named` on the office date `today`: as the named official,
 * or as their Plt/Plh under a delegation in force; null when not at all.
 */
export async function signingCapacityFor(db: Db, actorId: string, named: AppUser, today: string): Promise<SigningCapacity | null> {
  if (actorId === named.id) return { capacity: 'DEFINITIF' };
  const d = await db.selectFrom('delegation').select(['jenis']).where('from_user_id', '=', named.id).where('to_user_id', '=', actorId)
    .where('revoked_at', 'is', null).where('mulai', '<=', today).where('selesai', '>=', today).orderBy('id', 'desc').executeTakeFirst();
  return d ? { capacity: d.jenis, onBehalfOf: named } : null;
}

/** Officials whose SK drafts `actorId` may sign today: themselves and those whose Plt/Plh they are. */
export async function signableFor(db: Db, actorId: string, today: string): Promise<string[]> {
  const rows = await db.selectFrom('delegation').select('from_user_id').where('to_user_id', '=', actorId).where('revoked_at', 'is', null)
    .where('mulai', '<=', today).where('selesai', '>=', today).execute();
  return [actorId, ...rows.map((r) => r.from_user_id)];
}

import type { Db } from '../db';
import { toDate } from './context';

export interface DelegationRow {
  id: string;
  from_user_id: string;
  to_user_id: string;
  jenis: 'PLT' | 'PLH';
  mulai: string;
  selesai: string;
  revoked_at: Date | string | null;
}

/** Every delegation, indexed by "from→to" (the table is small: one row per Plt/Plh appointment). */
export async function loadDelegations(db: Db): Promise<Map<string, DelegationRow[]>> {
  const rows = await db.selectFrom('delegation').select(['id', 'from_user_id', 'to_user_id', 'jenis', 'mulai', 'selesai', 'revoked_at']).execute();
  const byPair = new Map<string, DelegationRow[]>();
  for (const r of rows) {
    const key = `${r.from_user_id}→${r.to_user_id}`;
    byPair.set(key, [...(byPair.get(key) ?? []), r]);
  }
  return byPair;
}

/**
 * The delegation under which `to` acted for `from` on the office date `tanggal`, as `jenis`: in force that day and
 * not revoked before the document was signed (a later revocation does not undo a decree signed while it stood).
 */
export function delegationInForce(
  delegations: Map<string, DelegationRow[]>,
  args: { from: string; to: string; jenis: 'PLT' | 'PLH'; tanggal: string; signedAt: Date },
): DelegationRow | undefined {
  return (delegations.get(`${args.from}→${args.to}`) ?? []).find((d) => {
    const revoked = toDate(d.revoked_at);
    return d.jenis === args.jenis && d.mulai <= args.tanggal && args.tanggal <= d.selesai && (!revoked || revoked > args.signedAt);
  });
}

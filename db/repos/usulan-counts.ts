import type { Db } from '../index';
import type { UsulanKind } from '../../domain/lifecycle';

export interface UsulanCounts {
  byStatus: { kind: UsulanKind; status: string; n: number }[];
  stuck: { kind: UsulanKind; n: number }[];
}

/** The read model's usulan per kind and status, and those stopped on a failure now: the source of the usulan gauges. */
export async function countUsulan(db: Db): Promise<UsulanCounts> {
  const [kp, pd, kpStuck, pdStuck] = await Promise.all([
    db.selectFrom('usulan_kp').select(['status']).select((eb) => eb.fn.countAll<string>().as('n')).groupBy('status').execute(),
    db.selectFrom('usulan_peremajaan').select(['status']).select((eb) => eb.fn.countAll<string>().as('n')).groupBy('status').execute(),
    db.selectFrom('usulan_kp').select((eb) => eb.fn.countAll<string>().as('n')).where('stuck_since', 'is not', null).executeTakeFirstOrThrow(),
    db.selectFrom('usulan_peremajaan').select((eb) => eb.fn.countAll<string>().as('n')).where('stuck_since', 'is not', null).executeTakeFirstOrThrow(),
  ]);
  return {
    byStatus: [...kp.map((c) => ({ kind: 'kp' as const, status: c.status, n: Number(c.n) })), ...pd.map((c) => ({ kind: 'peremajaan' as const, status: c.status, n: Number(c.n) }))],
    stuck: [{ kind: 'kp', n: Number(kpStuck.n) }, { kind: 'peremajaan', n: Number(pdStuck.n) }],
  };
}

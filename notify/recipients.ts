import type { Db } from '../db';
import type { Role } from '../domain/identity';
import { dedupeRecipients, type Recipient } from './deliver';

/** Whom a notification is for, named by their part in the usulan; the one place that turns a part into people. */
export type Audience =
  /** The account that submitted the usulan. */
  | 'SUBMITTER'
  /** The person the usulan is about (their own account when they have one, else the record's e-mail). */
  | 'EMPLOYEE'
  /** Every active operator of the instansi: a return is work for whoever of them picks it up, not only the submitter. */
  | 'INSTANSI_OPERATORS'
  /** The instansi's verifiers (approvers), and their superiors for an escalation. */
  | 'INSTANSI_APPROVERS' | 'INSTANSI_APPROVER_SUPERIORS'
  /** The Kanreg's verifiers, and its head for an escalation. */
  | 'KANREG_VERIFIERS' | 'KANREG_HEAD'
  | 'BKN_HEAD'
  | 'ADMINS';

/** The facts of an usulan (KP or peremajaan) its audiences are found from. */
export interface UsulanParties {
  nip: string;
  submitted_by: string;
  instansi_id: string;
  kanreg_id: string;
}

/** The people behind each audience, deduplicated, in the order the audiences are given. Only active accounts receive. */
export async function recipientsFor(db: Db, u: UsulanParties, audiences: readonly Audience[]): Promise<Recipient[]> {
  const users = (rows: { id: string; email: string | null; nip: string | null }[]): Recipient[] => rows.map((r) => ({ userId: r.id, nip: r.nip, email: r.email }));
  const byRole = (role: Role) => db.selectFrom('app_user').select(['id', 'email', 'nip']).where('role', '=', role).where('active', '=', true);
  const find: Record<Audience, () => Promise<Recipient[]>> = {
    SUBMITTER: () => db.selectFrom('app_user').select(['id', 'email', 'nip']).where('id', '=', u.submitted_by).execute().then(users),
    EMPLOYEE: async () => {
      const e = await db.selectFrom('employee').select(['nip', 'email']).where('nip', '=', u.nip).executeTakeFirst();
      if (!e) return [];
      const account = await db.selectFrom('app_user').select('id').where('nip', '=', u.nip).where('role', '=', 'EMPLOYEE').executeTakeFirst();
      return [{ userId: account?.id ?? null, nip: e.nip, email: e.email }];
    },
    INSTANSI_OPERATORS: () => byRole('OPERATOR').where('instansi_id', '=', u.instansi_id).execute().then(users),
    INSTANSI_APPROVERS: () => byRole('APPROVER').where('instansi_id', '=', u.instansi_id).execute().then(users),
    INSTANSI_APPROVER_SUPERIORS: () => db.selectFrom('app_user as a').innerJoin('app_user as s', 's.id', 'a.superior_user_id')
      .select(['s.id', 's.email', 's.nip']).where('a.role', '=', 'APPROVER').where('a.instansi_id', '=', u.instansi_id).where('s.active', '=', true)
      .distinct().execute().then(users),
    KANREG_VERIFIERS: () => byRole('VERIFIER').where('kanreg_id', '=', u.kanreg_id).execute().then(users),
    KANREG_HEAD: () => byRole('KANREG_HEAD').where('kanreg_id', '=', u.kanreg_id).execute().then(users),
    BKN_HEAD: () => byRole('BKN_HEAD').execute().then(users),
    ADMINS: () => byRole('ADMIN').execute().then(users),
  };
  const out: Recipient[] = [];
  for (const a of audiences) out.push(...await find[a]());
  return dedupeRecipients(out);
}

import type { Role } from '../../db/types';

/** Who is acting: resolved once per request by the auth middleware and passed to every use case. */
export interface Actor {
  userId: string;
  username: string;
  nama: string;
  role: Role;
  nip: string | null;
  instansiId: string | null;
  kanregId: string | null;
  /** Instansi whose approver this user stands in for today (Plt/Plh delegations in force). */
  delegatedInstansiIds: string[];
  /** 'session' for people in a browser, 'token' for system integrations (scopes then apply). */
  via: 'session' | 'token';
  scopes?: string[];
}

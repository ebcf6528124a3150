/**
 * Who can act in the house: the roles and the actor every use case receives. Pure types, so the workflows, the
 * repositories and the API share one definition.
 */
export const ROLES = ['OPERATOR', 'APPROVER', 'VERIFIER', 'EMPLOYEE', 'ADMIN', 'KANREG_HEAD', 'BKN_HEAD'] as const;
export type Role = (typeof ROLES)[number];

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
  /** A token's own request quota, when its admin set one (else the deployment's token limit applies). */
  requestsPerMinute?: number;
}

import { createHash } from 'node:crypto';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_USERS } from '../db/seed/users';
import { demoPlan, employeeDisplayName } from '../db/seed/employees';

/** Who the stand-in identity provider (runtime/stand-in-idp.mts) knows, with the password it checks. */
export interface StandInPerson {
  sub: string;
  username: string;
  password: string;
  nama: string;
  email: string;
  /** The `nip` claim; absent for people without one (the administrator). */
  nip: string | null;
}

/**
 * The "new official" of the demo: an employee of Pemerintah Provinsi Jawa Tengah (I-3300) in the seed's employee
 * table who has no app_user, so signing in through SSO is refused until an admin creates the account.
 */
export const NEW_OFFICIAL = { username: 'pejabat.baru', nip: '197311141999121001', instansiId: 'I-3300', password: DEMO_PASSWORD } as const;

/** Opaque and stable, like Keycloak's user ids: usulan must match people by NIP, never by `sub`. */
export const standInSubject = (username: string): string => createHash('sha256').update(`stand-in-idp/${username}`).digest('hex').slice(0, 32);

/** Every demo user of db/seed (same usernames and passwords as the README) and the new official. */
export function standInPeople(): StandInPerson[] {
  const list: StandInPerson[] = DEMO_USERS.map((u) => ({ sub: standInSubject(u.username), username: u.username, password: u.password, nama: u.nama, email: u.email, nip: u.nip }));
  const employee = demoPlan().employees.find((e) => e.nip === NEW_OFFICIAL.nip && e.instansiId === NEW_OFFICIAL.instansiId);
  if (!employee) throw new Error(`stand-in IdP: the seed no longer has employee ${NEW_OFFICIAL.nip} in ${NEW_OFFICIAL.instansiId}; pick another NEW_OFFICIAL`);
  if (DEMO_USERS.some((u) => u.nip === NEW_OFFICIAL.nip)) throw new Error(`stand-in IdP: ${NEW_OFFICIAL.nip} already has a demo account; pick another NEW_OFFICIAL`);
  list.push({
    sub: standInSubject(NEW_OFFICIAL.username), username: NEW_OFFICIAL.username, password: NEW_OFFICIAL.password,
    nama: employeeDisplayName(employee), email: `${NEW_OFFICIAL.username}@${DEMO_EMAIL_DOMAIN}`, nip: NEW_OFFICIAL.nip,
  });
  return list;
}

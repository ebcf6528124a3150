import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/identity';
import { hashPassword } from '../../identity/passwords';
import type { Db } from '../index';
import { DEFAULT_OFFICE_ZONE, todayIn } from '../../domain/office-clock';
import type { AppUser, Role } from '../types';

/** Roles whose sessions need the TOTP second factor before they may do anything but finish logging in. */
export const MFA_ROLES: readonly Role[] = Object.freeze(['APPROVER', 'VERIFIER', 'KANREG_HEAD', 'BKN_HEAD']);

/** Delegation dates are office dates; a day in force is a day in WIB (the zone BKN's central office keeps). */
export const DELEGATION_TIME_ZONE = DEFAULT_OFFICE_ZONE;

export function officeToday(now: Date = new Date()): string {
  return todayIn(DELEGATION_TIME_ZONE, now);
}

export async function findUserByUsername(db: Db, username: string): Promise<AppUser | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<AppUser | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface NewUser {
  id?: string;
  username: string;
  password: string;
  nama: string;
  role: Role;
  nip?: string | null;
  jabatan?: string | null;
  instansiId?: string | null;
  kanregId?: string | null;
  superiorUserId?: string | null;
  email?: string | null;
  totpSecret?: string | null;
  signerId?: string | null;
  active?: boolean;
}

/** Creates a user with an argon2id password hash; the plain password never reaches the database. */
export async function createUser(db: Db, u: NewUser): Promise<AppUser> {
  const passwordHash = await hashPassword(u.password);
  return db
    .insertInto('app_user')
    .values({
      id: u.id ?? randomUUID(),
      username: u.username,
      nama: u.nama,
      nip: u.nip ?? null,
      jabatan: u.jabatan ?? null,
      role: u.role,
      instansi_id: u.instansiId ?? null,
      kanreg_id: u.kanregId ?? null,
      superior_user_id: u.superiorUserId ?? null,
      email: u.email ?? null,
      password_hash: passwordHash,
      totp_secret: u.totpSecret ?? null,
      signer_id: u.signerId ?? null,
      active: u.active ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db.updateTable('app_user').set({ password_hash: await hashPassword(password) }).where('id', '=', userId).execute();
}

export async function setTotpSecret(db: Db, userId: string, secret: string | null): Promise<void> {
  await db.updateTable('app_user').set({ totp_secret: secret }).where('id', '=', userId).execute();
}

/** Instansi whose approver this user stands in for on `today` (Plt/Plh delegations not revoked). */
export async function delegatedInstansiIds(db: Db, userId: string, today: string = officeToday()): Promise<string[]> {
  const rows = await db
    .selectFrom('delegation')
    .select('instansi_id')
    .distinct()
    .where('to_user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('mulai', '<=', today)
    .where('selesai', '>=', today)
    .orderBy('instansi_id')
    .execute();
  return rows.map((r) => r.instansi_id);
}

/** A person's Actor; instansi, kanreg and role always come from the user row, never from a request. */
export function toActor(user: AppUser, extra: { via: 'session' | 'token'; delegatedInstansiIds?: string[]; scopes?: string[]; requestsPerMinute?: number | null }): Actor {
  return {
    userId: user.id,
    username: user.username,
    nama: user.nama,
    role: user.role,
    nip: user.nip,
    instansiId: user.instansi_id,
    kanregId: user.kanreg_id,
    delegatedInstansiIds: extra.delegatedInstansiIds ?? [],
    via: extra.via,
    ...(extra.scopes ? { scopes: extra.scopes } : {}),
    ...(extra.requestsPerMinute ? { requestsPerMinute: extra.requestsPerMinute } : {}),
  };
}

/** What the API shows about a user (no hashes, no TOTP secret). */
export function publicUser(user: AppUser): {
  id: string; username: string; nama: string; role: Role; nip: string | null; jabatan: string | null;
  instansiId: string | null; kanregId: string | null;
} {
  return {
    id: user.id,
    username: user.username,
    nama: user.nama,
    role: user.role,
    nip: user.nip,
    jabatan: user.jabatan,
    instansiId: user.instansi_id,
    kanregId: user.kanreg_id,
  };
}

import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../db';
import type { ApiToken, AppUser } from '../../db/types';
import { sha256Hex } from '../../db/canonical-json';
import { NO_PASSWORD } from '../../identity/passwords';

/**
 * Scopes an API token may carry. A route opts in with requireAuth({ scopes: [...] }); a token without every listed
 * scope is refused with 403. Add new scopes here (one list, shown in the OpenAPI document).
 */
export const API_SCOPES = [
  'kp:read', 'kp:submit', 'peremajaan:read', 'peremajaan:submit', 'documents:read',
  // The SIMPEG data path (api/integrasi/routes.ts): one scope per data set family.
  'integrasi:unor', 'integrasi:pegawai', 'integrasi:riwayat', 'integrasi:skp',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const PREFIX = 'usl_';

export const hashApiToken = (token: string): string => sha256Hex(`api-token:${token}`);

export function looksLikeApiToken(value: string): boolean {
  return value.startsWith(PREFIX) && /^usl_[A-Za-z0-9_-]{43}$/.test(value);
}

export interface CreatedToken {
  token: string;
  row: ApiToken;
  user: AppUser;
}

/**
 * Each token acts as its own service principal: an app_user row (role OPERATOR of the bound instansi, no usable
 * password), so what it submits names it as the submitter and the audit trail names the integration, and scope rules
 * treat it as an operator of that instansi. Only the hash of the token is stored; the caller shows the token once.
 */
export async function createApiToken(
  db: Db,
  opts: { name: string; instansiId: string; kanregId: string; scopes: string[]; expiresAt: Date | null; createdBy: string; requestsPerMinute?: number | null },
): Promise<CreatedToken> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const id = `tok_${randomUUID()}`;
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .insertInto('app_user')
      .values({
        id: `svc_${id.slice(4)}`,
        username: `svc.${id.slice(4)}`,
        nama: `Integrasi: ${opts.name}`,
        role: 'OPERATOR',
        instansi_id: opts.instansiId,
        kanreg_id: opts.kanregId,
        password_hash: NO_PASSWORD,
        jabatan: 'Akun integrasi sistem (token API)',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('api_token')
      .values({
        id,
        name: opts.name,
        token_hash: hashApiToken(token),
        user_id: user.id,
        instansi_id: opts.instansiId,
        scopes: opts.scopes,
        created_by: opts.createdBy,
        expires_at: opts.expiresAt,
        requests_per_minute: opts.requestsPerMinute ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { token, row, user };
  });
}

/** The token and its principal when the token is known, not revoked, not expired and its principal is active. */
export async function findActiveToken(db: Db, token: string, now = new Date()): Promise<{ row: ApiToken; user: AppUser } | undefined> {
  if (!looksLikeApiToken(token)) return undefined;
  const row = await db.selectFrom('api_token').selectAll().where('token_hash', '=', hashApiToken(token)).executeTakeFirst();
  if (!row || row.revoked_at || (row.expires_at && new Date(row.expires_at) <= now)) return undefined;
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', row.user_id).where('active', '=', true).executeTakeFirst();
  return user ? { row, user } : undefined;
}

export async function markTokenUsed(db: Db, row: ApiToken, now = new Date()): Promise<void> {
  if (row.last_used_at && now.getTime() - new Date(row.last_used_at).getTime() < 60_000) return;
  await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.id).execute();
}

export function publicToken(row: ApiToken): {
  id: string; name: string; instansiId: string; scopes: string[]; createdBy: string; createdAt: string;
  expiresAt: string | null; revokedAt: string | null; lastUsedAt: string | null; requestsPerMinute: number | null;
} {
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: row.id,
    name: row.name,
    instansiId: row.instansi_id,
    scopes: row.scopes,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
    requestsPerMinute: row.requests_per_minute,
  };
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Db } from '../../db';
import type { AuthSession } from '../../db/types';
import { sha256Hex } from '../../db/canonical-json';
import type { AppContext } from '../context';

/**
 * Server-side sessions. The browser holds 256 random bits; the table holds their SHA-256, so reading the table does
 * not yield a usable cookie. Sessions end at logout, after `sessionIdleMs` without a request, and `sessionAbsoluteMs`
 * after login whatever the activity.
 */
export const SECURE_COOKIE = '__Host-sid';
/**
 * Plain http (local development): `__Host-` cookies must be Secure, and a Secure cookie set over http is dropped by
 * Safari and by non-browser clients, so the cookie is called `sid` there. Everything else is the same.
 */
export const PLAIN_COOKIE = 'sid';

export function sessionCookieSettings(publicBaseUrl: string): { cookieName: string; secure: boolean } {
  const secure = publicBaseUrl.startsWith('https://');
  return { cookieName: secure ? SECURE_COOKIE : PLAIN_COOKIE, secure };
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export const hashSessionId = (id: string): string => sha256Hex(`session:${id}`);

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    // Our values are base64url; anything else is not ours.
    return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * HttpOnly (scripts cannot read it), Path=/ (required by __Host-), SameSite=Lax: the cookie still comes along when a
 * user follows a link from a notification email, while cross-site POSTs do not carry it; CSRF tokens cover the rest.
 * No Max-Age: the browser forgets it when closed, which suits shared office computers; the server enforces expiry.
 */
export function setSessionCookie(res: Response, ctx: AppContext, value: string): void {
  const attrs = [`${ctx.session.cookieName}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (ctx.session.secure) attrs.push('Secure');
  res.append('Set-Cookie', attrs.join('; '));
}

export function clearSessionCookie(res: Response, ctx: AppContext): void {
  const attrs = [`${ctx.session.cookieName}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (ctx.session.secure) attrs.push('Secure');
  res.append('Set-Cookie', attrs.join('; '));
}

export interface NewSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  opts: { userId: string; mfaPending: boolean; expiresAt: Date; ip: string | null; userAgent: string | null; mfaVerifiedAt?: Date | null },
): Promise<NewSession> {
  const sessionId = newSecret();
  const csrfToken = newSecret();
  const expiresAt = opts.expiresAt;
  await db
    .insertInto('auth_session')
    .values({
      id_hash: hashSessionId(sessionId),
      user_id: opts.userId,
      csrf_token: csrfToken,
      mfa_pending: opts.mfaPending,
      mfa_verified_at: opts.mfaVerifiedAt ?? null,
      expires_at: expiresAt,
      ip: opts.ip?.slice(0, 100) ?? null,
      user_agent: opts.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { sessionId, csrfToken, expiresAt };
}

export type SessionState = { session: AuthSession } | { expired: 'idle' | 'absolute' | 'ended' | 'unknown' };

/** Looks a session up and applies both timeouts; an expired session is ended on the server at once. */
export async function loadSession(db: Db, sessionId: string, idleMs: number, now = new Date()): Promise<SessionState> {
  const idHash = hashSessionId(sessionId);
  const row = await db.selectFrom('auth_session').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!row) return { expired: 'unknown' };
  if (row.ended_at) return { expired: 'ended' };
  const reason = new Date(row.expires_at) <= now ? 'absolute' : new Date(row.last_seen_at).getTime() + idleMs <= now.getTime() ? 'idle' : null;
  if (reason) {
    await endSession(db, idHash, reason === 'idle' ? 'idle_timeout' : 'absolute_timeout');
    return { expired: reason };
  }
  return { session: row };
}

/** Records activity for the idle timeout; written at most every `granularityMs` to spare the database. */
export async function touchSession(db: Db, session: AuthSession, granularityMs: number, now = new Date()): Promise<void> {
  if (now.getTime() - new Date(session.last_seen_at).getTime() < granularityMs) return;
  await db.updateTable('auth_session').set({ last_seen_at: now }).where('id_hash', '=', session.id_hash).where('ended_at', 'is', null).execute();
}

export async function endSession(db: Db, idHash: string, reason: string): Promise<void> {
  await db.updateTable('auth_session').set({ ended_at: new Date(), end_reason: reason }).where('id_hash', '=', idHash).where('ended_at', 'is', null).execute();
}

export function csrfMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

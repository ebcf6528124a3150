import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { delegatedInstansiIds, findUserById, toActor } from '../../db/repos/users';
import type { Role } from '../../domain/identity';
import { getContext, type AppContext } from '../context';
import { AppError } from '../errors';
import { tooManyRequests, type LimitRule } from '../rate-limit';
import type { Actor } from '../../domain/identity';
import { csrfMatches, loadSession, readCookie, touchSession } from './sessions';
import { findActiveToken, markTokenUsed } from './tokens';
import { officeTodayOf } from '../../db/repos/office-dates';

export interface RequireAuthOptions {
  /** People (sessions) must hold one of these roles. Omitted: any signed-in person. */
  roles?: Role[];
  /**
   * API tokens must carry every one of these scopes. Omitted: tokens are refused, so a route is open to system
   * integrations only when it says which scope it needs. Scopes do not restrict people.
   */
  scopes?: string[];
  /** Refuse sessions still waiting for their TOTP code (default true; false only for /auth/totp, /me, /logout). */
  mfa?: boolean;
  /** Check the CSRF token on state-changing cookie requests (default true). */
  csrf?: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const unauthenticated = (detail: string) => new AppError('UNAUTHENTICATED', detail);

function bearerToken(req: Request): string | undefined | null {
  const h = req.headers.authorization;
  if (h === undefined) return undefined;
  const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(h.trim());
  return m ? m[1] : null;
}

/**
 * Same-origin check for cookie-authenticated writes: when a browser says where the request comes from, it must be
 * this site. Complements the CSRF token (and protects the login form, which has no token yet).
 */
export function originAllowed(req: Request, ctx: AppContext): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  const own = host ? [`http://${host}`, `https://${host}`] : [];
  return ctx.allowedOrigins.includes(origin) || own.includes(origin);
}

/** Checks the session's CSRF token (header X-CSRF-Token, or form field _csrf) on state-changing requests. */
export function csrfProtection(req: Request, _res: Response, next: NextFunction): void {
  checkCsrf(req);
  next();
}

function checkCsrf(req: Request): void {
  if (SAFE_METHODS.has(req.method) || req.actor?.via === 'token' || !req.authSession) return;
  const ctx = getContext(req);
  if (!originAllowed(req, ctx)) throw new AppError('FORBIDDEN', 'Permintaan dari situs lain ditolak (Origin tidak sesuai)');
  const body = req.body as Record<string, unknown> | undefined;
  const given = req.get('X-CSRF-Token') ?? (body && typeof body === 'object' ? body._csrf : undefined);
  if (!csrfMatches(req.authSession.csrfToken, given)) {
    throw new AppError(
      'FORBIDDEN',
      'Token CSRF tidak ada atau tidak cocok: kirim header X-CSRF-Token berisi csrfToken dari jawaban login atau GET /api/v1/auth/me',
    );
  }
}

async function authenticateToken(req: Request, ctx: AppContext, token: string): Promise<Actor> {
  const found = await findActiveToken(ctx.db, token);
  if (!found) throw unauthenticated('Token API tidak dikenal, sudah dicabut, atau kedaluwarsa');
  await markTokenUsed(ctx.db, found.row);
  req.authToken = { id: found.row.id };
  return toActor(found.user, { via: 'token', scopes: found.row.scopes, requestsPerMinute: found.row.requests_per_minute });
}

async function authenticateSession(req: Request, ctx: AppContext): Promise<{ actor: Actor; mfaPending: boolean }> {
  const sid = readCookie(req, ctx.session.cookieName);
  if (!sid) throw unauthenticated('Silakan masuk (login) terlebih dahulu');
  const cfg = ctx.config;
  const state = await loadSession(ctx.db, sid, cfg.sessionIdleMs);
  if ('expired' in state) {
    const why =
      state.expired === 'idle'
        ? 'Sesi berakhir karena tidak ada aktivitas terlalu lama; silakan masuk kembali'
        : state.expired === 'absolute'
          ? 'Sesi telah mencapai batas waktu maksimum; silakan masuk kembali'
          : 'Sesi tidak berlaku (sudah keluar atau tidak dikenal); silakan masuk kembali';
    throw unauthenticated(why);
  }
  const { session } = state;
  const user = await findUserById(ctx.db, session.user_id);
  if (!user || !user.active) throw unauthenticated('Akun tidak aktif; hubungi admin');
  await touchSession(ctx.db, session, Math.min(60_000, Math.floor(cfg.sessionIdleMs / 10)));
  // Stand-in powers (Plt/Plh) come with the approver's protection: only after the second factor.
  const delegated = session.mfa_verified_at ? await delegatedInstansiIds(ctx.db, user.id, await officeTodayOf(ctx.db, { instansiId: user.instansi_id, kanregId: user.kanreg_id })) : [];
  req.authSession = { idHash: session.id_hash, csrfToken: session.csrf_token, mfaPending: session.mfa_pending };
  return { actor: toActor(user, { via: 'session', delegatedInstansiIds: delegated }), mfaPending: session.mfa_pending };
}

/**
 * Authenticates the request (Bearer token, else the session cookie), fills req.actor and enforces, in this order:
 * the second factor, the CSRF token on writes, roles for people and scopes for tokens, and the per-actor rate limit.
 */
export function requireAuth(opts: RequireAuthOptions = {}): RequestHandler {
  const { roles, scopes, mfa = true, csrf = true } = opts;
  return async (req: Request, _res: Response, next: NextFunction) => {
    const ctx = getContext(req);
    const bearer = bearerToken(req);
    if (bearer === null) throw unauthenticated('Header Authorization harus berbentuk "Bearer <token>"');
    let actor: Actor;
    if (bearer !== undefined) {
      actor = await authenticateToken(req, ctx, bearer);
    } else {
      const s = await authenticateSession(req, ctx);
      actor = s.actor;
      req.actor = actor;
      if (mfa && s.mfaPending) {
        throw new AppError('FORBIDDEN', 'Masukkan kode TOTP dari aplikasi autentikator melalui POST /api/v1/auth/totp sebelum melanjutkan', undefined, {
          mfaRequired: true,
        });
      }
      if (csrf) checkCsrf(req);
    }
    req.actor = actor;
    if (actor.via === 'session' && roles && !roles.includes(actor.role)) {
      throw new AppError('FORBIDDEN', `Peran ${actor.role} tidak berwenang untuk operasi ini (diperlukan: ${roles.join(', ')})`);
    }
    if (actor.via === 'token') {
      if (!scopes) throw new AppError('FORBIDDEN', 'Operasi ini hanya untuk pengguna yang masuk (login), bukan token API');
      const missing = scopes.filter((s) => !actor.scopes?.includes(s));
      if (missing.length) throw new AppError('FORBIDDEN', `Token API tidak memiliki cakupan (scope) yang diperlukan: ${missing.join(', ')}`);
    }
    // An integration token has its own quota (its row's, else the token rule), far above a person's.
    const limit = actor.via === 'token'
      ? ctx.limiters.apiPerToken.hit(actor.userId, tokenQuota(actor, ctx.limiters.apiPerToken.rule))
      : ctx.limiters.apiPerActor.hit(actor.userId);
    if (!limit.allowed) throw tooManyRequests(limit, actor.via === 'token' ? 'Kuota permintaan token API ini habis.' : 'Terlalu banyak permintaan dari akun ini.');
    next();
  };
}

/** A token's quota in the rule's window: its own per-minute figure scaled, else the rule's. */
function tokenQuota(actor: Actor, rule: LimitRule): number {
  return actor.requestsPerMinute ? Math.max(1, Math.round((actor.requestsPerMinute * rule.windowMs) / 60_000)) : rule.max;
}

/** The authenticated actor; for handlers behind requireAuth (a programming error otherwise). */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Silakan masuk (login) terlebih dahulu');
  return req.actor;
}

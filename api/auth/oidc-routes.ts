import { Router, type NextFunction, type Request, type Response } from 'express';
import { custom, errors as oidcErrors, generators, Issuer, type BaseClient } from 'openid-client';
import { z } from 'zod';
import { OIDC_CALLBACK_PATH, OIDC_LOGOUT_PATH, type OidcConfig } from '../../config';
import type { Db } from '../../db';
import { appendAudit } from '../../db/repos/audit-log';
import type { AppUser } from '../../db/types';
import { flowKey, OneUseRegistry, openFlow, safeReturnPath, sealFlow, type OidcFlow } from '../../identity/oidc-flow';
import { getContext, type AppContext } from '../context';
import { AppError, HTTP_STATUS, type AppErrorCode } from '../errors';
import { PROBLEM_TITLES } from '../problem';
import { tooManyRequests } from '../rate-limit';
import { parseQuery } from '../validate';
import { clearSessionCookie, endSession, hashSessionId, readCookie } from './sessions';
import { openSignedInSession } from './sign-in';

/**
 * Sign-in through an OpenID Connect provider (SIASN's Keycloak realm, or the stand-in of runtime/stand-in-idp.mts):
 * authorization code flow with PKCE (S256), `state` and `nonce`, every check done by openid-client. The provider only
 * says who the person is; the NIP claim picks an existing, active app_user, whose role, instansi, kanreg and scopes
 * stay ours. The session is the password login's: same cookie, same TOTP rule (api/auth/routes.ts login()).
 */
export const OIDC_LOGIN_PATH = '/auth/oidc/login';
const SCOPE = 'openid profile';
/** Long enough to type a password at the provider, short enough that a forgotten tab's flow is void. */
const FLOW_TTL_MS = 10 * 60_000;
/** Keycloak and our servers keep time by NTP; a few seconds of drift must not refuse a fresh ID token. */
const CLOCK_TOLERANCE_S = 10;
const NIP = /^\d{18}$/;

export const SSO_NOT_REGISTERED = 'Akun SSO ini belum terdaftar di usulan; hubungi admin';

export interface OidcRouterDeps {
  db: Db;
  oidc: OidcConfig;
}

const startQuery = z.strictObject({
  lanjut: z.string().max(500).optional().meta({ description: 'Halaman situs ini yang dibuka setelah masuk' }),
});

/** The flow cookie: the session cookie's naming (`__Host-` over https), scoped to this sign-in and its lifetime. */
const flowCookieName = (ctx: AppContext): string => (ctx.session.secure ? '__Host-oidc_flow' : 'oidc_flow');

function flowCookie(ctx: AppContext, value: string, maxAgeS: number): string {
  const attrs = [`${flowCookieName(ctx)}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeS}`];
  if (ctx.session.secure) attrs.push('Secure');
  return attrs.join('; ');
}

function readFlowCookie(req: Request, ctx: AppContext): string | undefined {
  const name = flowCookieName(ctx);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{40,3000}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Where the provider sends the browser back: the configured URL, else this request's own origin. */
function redirectUriOf(req: Request, oidc: OidcConfig): string {
  return oidc.redirectUrl ?? `${req.protocol}://${req.host}${OIDC_CALLBACK_PATH}`;
}

const originOf = (redirectUri: string): string => new URL(redirectUri).origin;

/**
 * Discovery happens at the first sign-in, not at start-up: the engine starts while the provider is down and the
 * first sign-in after it is back succeeds. A failed discovery is forgotten so the next request tries again.
 */
function lazyClient(oidc: OidcConfig): () => Promise<BaseClient> {
  let pending: Promise<BaseClient> | undefined;
  return () => {
    pending ??= Issuer.discover(oidc.issuer).then((issuer) => {
      const client = new issuer.Client({
        client_id: oidc.clientId,
        client_secret: oidc.clientSecret,
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      });
      client[custom.clock_tolerance] = CLOCK_TOLERANCE_S;
      return client;
    });
    const current = pending;
    current.catch(() => {
      if (pending === current) pending = undefined;
    });
    return current.catch((err: unknown) => {
      throw new AppError('UNAVAILABLE', `Layanan SSO tidak dapat dihubungi (${err instanceof Error ? err.message.slice(0, 120) : 'tidak diketahui'}); coba lagi nanti atau masuk dengan kata sandi`);
    });
  };
}

/** A refusal that is also written to the audit chain with its reason code. */
class SsoRefusal extends AppError {
  constructor(code: AppErrorCode, message: string, readonly reason: string, readonly auditData: Record<string, unknown> = {}, extra?: Record<string, unknown>) {
    super(code, message, undefined, extra);
  }
}

/** Why openid-client refused the callback, as a reason code for the audit and words for the person. */
function classify(err: unknown): SsoRefusal {
  if (err instanceof oidcErrors.OPError) {
    if (err.error === 'access_denied') return new SsoRefusal('UNAUTHENTICATED', 'Masuk melalui SSO dibatalkan', 'cancelled');
    return new SsoRefusal('UNAUTHENTICATED', `Layanan SSO menolak permintaan masuk (${err.error}); mulai lagi dari halaman masuk`, 'idp_refused', {
      error: err.error, description: err.error_description?.slice(0, 200),
    });
  }
  if (err instanceof oidcErrors.RPError) {
    const reason = /state/i.test(err.message) ? 'state_mismatch' : /nonce/i.test(err.message) ? 'nonce_mismatch' : 'token_invalid';
    return new SsoRefusal('UNAUTHENTICATED', 'Jawaban layanan SSO tidak sah untuk proses masuk ini; mulai lagi dari halaman masuk', reason, {
      detail: err.message.slice(0, 200),
    });
  }
  if (err instanceof AppError) return new SsoRefusal(err.code, err.message, 'unavailable');
  return new SsoRefusal('UNAVAILABLE', 'Layanan SSO tidak dapat dihubungi; coba lagi nanti', 'unavailable', { detail: String(err).slice(0, 200) });
}

async function activeUsersWithNip(db: Db, nip: string): Promise<{ active: AppUser[]; inactive: number }> {
  const rows = await db.selectFrom('app_user').selectAll().where('nip', '=', nip).orderBy('id').execute();
  return { active: rows.filter((u) => u.active), inactive: rows.filter((u) => !u.active).length };
}

export function createOidcRouter(deps: OidcRouterDeps): Router {
  const { oidc } = deps;
  const client = lazyClient(oidc);
  const key = flowKey(oidc.clientSecret, oidc.issuer, oidc.clientId);
  const used = new OneUseRegistry();
  const router = Router();

  router.get(OIDC_LOGIN_PATH, async (req: Request, res: Response) => {
    const ctx = getContext(req);
    const { lanjut } = parseQuery(startQuery, req);
    const rp = await client();
    const flow: OidcFlow = {
      id: generators.random(),
      state: generators.state(),
      nonce: generators.nonce(),
      codeVerifier: generators.codeVerifier(),
      redirectUri: redirectUriOf(req, oidc),
      returnTo: safeReturnPath(lanjut),
      expiresAt: Date.now() + FLOW_TTL_MS,
    };
    const target = rp.authorizationUrl({
      scope: SCOPE,
      redirect_uri: flow.redirectUri,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: generators.codeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
    });
    res.append('Set-Cookie', flowCookie(ctx, sealFlow(flow, key), FLOW_TTL_MS / 1000));
    res.set('Cache-Control', 'no-store').redirect(303, target);
  });

  router.get(OIDC_CALLBACK_PATH, async (req: Request, res: Response) => {
    const ctx = getContext(req);
    const ip = req.ip ?? 'unknown';
    // One attempt only: the cookie goes whatever the outcome.
    res.append('Set-Cookie', flowCookie(ctx, '', 0));
    let user: AppUser | undefined;
    let subject: string | undefined;
    try {
      const limit = await ctx.limiters.loginPerAddress.hit(ip);
      if (!limit.allowed) {
        const refusal = tooManyRequests(limit, 'Terlalu banyak percobaan masuk.');
        throw new SsoRefusal(refusal.code, refusal.message, 'rate_limited', {}, refusal.extra);
      }
      const sealed = readFlowCookie(req, ctx);
      const flow = sealed ? openFlow(sealed, key) : undefined;
      if (!flow) throw new SsoRefusal('BAD_REQUEST', 'Proses masuk SSO tidak ditemukan atau sudah kedaluwarsa; mulai lagi dari halaman masuk', 'no_flow');
      if (!used.consume(flow.id, flow.expiresAt)) throw new SsoRefusal('BAD_REQUEST', 'Proses masuk SSO ini sudah dipakai; mulai lagi dari halaman masuk', 'flow_replayed');

      const rp = await client();
      const tokens = await rp
        .callback(flow.redirectUri, rp.callbackParams(req.originalUrl), { state: flow.state, nonce: flow.nonce, code_verifier: flow.codeVerifier, response_type: 'code' })
        .catch((err: unknown) => { throw classify(err); });
      const claims = tokens.claims();
      subject = claims.sub;
      const nip = claims[oidc.nipClaim];
      if (typeof nip !== 'string' || !NIP.test(nip)) {
        throw new SsoRefusal('FORBIDDEN', `Akun SSO ini tidak membawa NIP (klaim ${oidc.nipClaim}); hubungi admin`, 'no_nip_claim');
      }
      const found = await activeUsersWithNip(ctx.db, nip);
      if (found.active.length === 0) {
        throw found.inactive > 0
          ? new SsoRefusal('FORBIDDEN', 'Akun tidak aktif; hubungi admin', 'inactive', { nip })
          : new SsoRefusal('FORBIDDEN', SSO_NOT_REGISTERED, 'no_account', { nip });
      }
      // One NIP, two active accounts (say an operator who is also an employee): which role was meant is not ours to guess.
      if (found.active.length > 1) {
        throw new SsoRefusal('FORBIDDEN', 'NIP akun SSO ini terhubung ke lebih dari satu akun usulan; hubungi admin', 'ambiguous_nip', { nip, accounts: found.active.length });
      }
      user = found.active[0];

      const { totpEnrolmentRequired } = await openSignedInSession(req, res, ctx, user, { via: 'oidc', sub: subject });
      // The pages finish the sign-in: /akun/2fa enrols a missing TOTP; /masuk asks for the code when the session waits
      // for it, else opens the role's home page.
      const lanjut: Record<string, string> = flow.returnTo ? { lanjut: flow.returnTo } : {};
      const target = totpEnrolmentRequired
        ? `/akun/2fa${flow.returnTo ? `?${new URLSearchParams(lanjut).toString()}` : ''}`
        : `/masuk?${new URLSearchParams({ sso: '1', ...lanjut }).toString()}`;
      res.set('Cache-Control', 'no-store').redirect(303, target);
    } catch (err) {
      const refusal = err instanceof SsoRefusal ? err : classify(err);
      await appendAudit(ctx.db, {
        actorId: user?.id ?? null, action: 'auth.login_failed', objectType: 'app_user',
        objectId: user?.id ?? (subject ? `oidc:${subject}`.slice(0, 100) : 'oidc'), ip,
        data: { via: 'oidc', reason: refusal.reason, ...(subject ? { sub: subject } : {}), ...refusal.auditData, requestId: req.id },
      });
      throw refusal;
    }
  });

  /**
   * Ends our session, then sends the browser to the provider's end_session_endpoint (RP-initiated logout) so the SSO
   * session ends too. A GET so that a plain link works; the cookie is SameSite=Lax, so only a top-level navigation
   * carries it, and a navigation another site started (Sec-Fetch-Site: cross-site) is refused.
   */
  router.get(OIDC_LOGOUT_PATH, async (req: Request, res: Response) => {
    const ctx = getContext(req);
    if (req.get('sec-fetch-site') === 'cross-site') throw new AppError('FORBIDDEN', 'Keluar hanya dapat dimulai dari halaman usulan sendiri');
    const sid = readCookie(req, ctx.session.cookieName);
    if (sid) {
      const idHash = hashSessionId(sid);
      const open = await ctx.db.selectFrom('auth_session').select('user_id').where('id_hash', '=', idHash).where('ended_at', 'is', null).executeTakeFirst();
      if (open) {
        await endSession(ctx.db, idHash, 'logout');
        await appendAudit(ctx.db, { actorId: open.user_id, action: 'auth.logout', objectType: 'app_user', objectId: open.user_id, ip: req.ip ?? null, data: { via: 'oidc', requestId: req.id } });
      }
    }
    clearSessionCookie(res, ctx);
    res.set('Cache-Control', 'no-store');
    const rp = await client().catch(() => undefined);
    if (!rp?.issuer.metadata.end_session_endpoint) {
      res.redirect(303, '/masuk');
      return;
    }
    res.redirect(303, rp.endSessionUrl({ post_logout_redirect_uri: `${originOf(redirectUriOf(req, oidc))}/masuk` }));
  });

  // A person arrives here by navigation, so a refusal is a page they can read; API clients get the problem document.
  router.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof AppError) || req.accepts(['html', 'json']) !== 'html') return next(err);
    const retry = err.extra?.retryAfterSeconds;
    if (typeof retry === 'number') res.set('Retry-After', String(retry));
    res.status(HTTP_STATUS[err.code]).set('Cache-Control', 'no-store').type('html').send(refusalPage(PROBLEM_TITLES[err.code], err.message));
  });
  return router;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function refusalPage(title: string, reason: string): string {
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Masuk dengan SSO: ${escapeHtml(title)} — Usulan KP</title>
<link rel="stylesheet" href="/static/app.css">
</head>
<body>
<header class="top"><span class="brand">Usulan Kenaikan Pangkat</span></header>
<main id="utama">
<h1>Masuk dengan SSO: ${escapeHtml(title)}</h1>
<p id="alasan" role="alert">${escapeHtml(reason)}</p>
<p><a href="/masuk">Kembali ke halaman masuk</a></p>
</main>
</body>
</html>`;
}


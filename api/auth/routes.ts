import { Router, type Request, type Response } from 'express';
import { sql } from 'kysely';
import { z } from 'zod';
import { findUserById, findUserByUsername, publicUser } from '../../db/repos/users';
import { appendAudit } from '../../db/repos/audit-log';
import { getContext } from '../context';
import { AppError } from '../errors';
import { tooManyRequests } from '../rate-limit';
import { freeText, parseBody, requireJson } from '../validate';
import { actorOf, originAllowed } from './middleware';
import { guardedRoutes } from '../guarded-route';
import { burnPasswordCheck, verifyPassword } from '../../identity/passwords';
import { clearSessionCookie, endSession } from './sessions';
import { completeSecondFactor } from './second-factor';
import { openSignedInSession } from './sign-in';
import { OIDC_LOGOUT_PATH, passwordLoginAvailable } from '../../config';
import { verifyTotp } from '../../identity/totp';

export const loginBody = z.strictObject({
  username: freeText({ max: 100, required: true }),
  // Not free text: a password is compared byte for byte (normalising it would lock out whoever set it) and never stored.
  password: z.string().min(1).max(1024).meta({ 'x-secret': true }),
});
export const totpBody = z.strictObject({
  code: z.string().regex(/^\d{6}$/, { error: 'Kode TOTP berupa 6 digit angka dari aplikasi autentikator' }),
});

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  nama: z.string(),
  role: z.enum(['OPERATOR', 'APPROVER', 'VERIFIER', 'EMPLOYEE', 'ADMIN', 'KANREG_HEAD', 'BKN_HEAD']),
  nip: z.string().nullable(),
  jabatan: z.string().nullable(),
  instansiId: z.string().nullable(),
  kanregId: z.string().nullable(),
});
const loginAnswer = z.object({
  user: userSchema, mfaRequired: z.boolean(), csrfToken: z.string(), expiresAt: z.string(),
  totpEnrolmentRequired: z.boolean().optional().meta({ description: 'Pejabat tanpa TOTP: daftarkan dulu melalui /api/v1/auth/totp/pendaftaran' }),
});
const meAnswer = z.object({
  user: userSchema,
  via: z.enum(['session', 'token']),
  mfaPending: z.boolean(),
  csrfToken: z.string().optional(),
  delegatedInstansiIds: z.array(z.string()),
  scopes: z.array(z.string()).optional(),
  keluarUrl: z.string().optional().meta({ description: 'Dengan SSO: halaman yang mengakhiri sesi ini dan sesi SSO di penyedia identitas' }),
});

const BAD_CREDENTIALS = 'Nama pengguna atau kata sandi salah';
export const PASSWORD_LOGIN_OFF = 'Masuk dengan kata sandi dimatikan di instalasi ini (PASSWORD_LOGIN=off); gunakan "Masuk dengan SSO" di halaman /masuk';
const clientIp = (req: Request): string => req.ip ?? 'unknown';

async function login(req: Request, res: Response): Promise<void> {
  const ctx = getContext(req);
  if (!passwordLoginAvailable(ctx.config.sso)) throw new AppError('FORBIDDEN', PASSWORD_LOGIN_OFF);
  if (!originAllowed(req, ctx)) throw new AppError('FORBIDDEN', 'Permintaan dari situs lain ditolak (Origin tidak sesuai)');
  const { username, password } = parseBody(loginBody, req);
  const ip = clientIp(req);
  const accountKey = username.trim().toLowerCase();
  const audit = (actorId: string | null, action: string, data: Record<string, unknown>) =>
    appendAudit(ctx.db, { actorId, action, objectType: 'app_user', objectId: actorId ?? username.slice(0, 100), ip, data: { ...data, requestId: req.id } });

  const byAddress = await ctx.limiters.loginPerAddress.hit(ip);
  const byAccount = await ctx.limiters.loginPerAccount.check(accountKey);
  if (!byAddress.allowed || !byAccount.allowed) {
    await audit(null, 'auth.login_failed', { username: username.slice(0, 100), reason: 'rate_limited' });
    throw tooManyRequests(byAddress.allowed ? byAccount : byAddress, 'Terlalu banyak percobaan masuk.');
  }

  const user = await findUserByUsername(ctx.db, username);
  const passwordOk = user ? await verifyPassword(user.password_hash, password) : (await burnPasswordCheck(password), false);
  if (!user || !passwordOk || !user.active) {
    await ctx.limiters.loginPerAccount.hit(accountKey);
    const reason = !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : 'inactive';
    await audit(user?.id ?? null, 'auth.login_failed', { username: username.slice(0, 100), reason });
    throw new AppError('UNAUTHENTICATED', user && passwordOk ? 'Akun tidak aktif; hubungi admin' : BAD_CREDENTIALS);
  }

  const signedIn = await openSignedInSession(req, res, ctx, user);
  await ctx.limiters.loginPerAccount.reset(accountKey);
  res.json({ user: publicUser(user), mfaRequired: signedIn.mfaRequired, totpEnrolmentRequired: signedIn.totpEnrolmentRequired, csrfToken: signedIn.csrfToken, expiresAt: signedIn.expiresAt.toISOString() });
}

async function totp(req: Request, res: Response): Promise<void> {
  const ctx = getContext(req);
  const actor = actorOf(req);
  const current = req.authSession;
  if (!current) throw new AppError('BAD_REQUEST', 'Verifikasi TOTP hanya untuk sesi login, bukan token API');
  const { code } = parseBody(totpBody, req);
  if (!current.mfaPending) throw new AppError('CONFLICT', 'Sesi ini sudah terverifikasi TOTP');
  const limitKey = `totp:${actor.userId}`;
  const limit = await ctx.limiters.loginPerAccount.check(limitKey);
  if (!limit.allowed) throw tooManyRequests(limit, 'Terlalu banyak percobaan kode TOTP.');

  const user = await findUserById(ctx.db, actor.userId);
  const last = await ctx.db.selectFrom('user_totp_step').select('last_step').where('user_id', '=', actor.userId).executeTakeFirst();
  const step = user?.totp_secret ? verifyTotp(user.totp_secret, code, { afterStep: last ? Number(last.last_step) : undefined }) : null;
  // Record the step atomically: of two concurrent requests with the same code only one may win.
  const recorded =
    step !== null &&
    (
      await sql<{ user_id: string }>`
        INSERT INTO user_totp_step (user_id, last_step) VALUES (${actor.userId}, ${step})
        ON CONFLICT (user_id) DO UPDATE SET last_step = EXCLUDED.last_step WHERE user_totp_step.last_step < EXCLUDED.last_step
        RETURNING user_id`.execute(ctx.db)
    ).rows.length === 1;
  if (!recorded) {
    await ctx.limiters.loginPerAccount.hit(limitKey);
    await appendAudit(ctx.db, { actorId: actor.userId, action: 'auth.totp_failed', objectType: 'app_user', objectId: actor.userId, ip: clientIp(req), data: { requestId: req.id } });
    throw new AppError('UNAUTHENTICATED', 'Kode TOTP salah, kedaluwarsa, atau sudah pernah dipakai; tunggu kode berikutnya di aplikasi autentikator');
  }
  await ctx.limiters.loginPerAccount.reset(limitKey);

  const session = await completeSecondFactor(req, res, ctx, { userId: actor.userId, action: 'auth.totp_ok' });
  res.json({ user: publicUser(user!), mfaRequired: false, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() });
}

async function logout(req: Request, res: Response): Promise<void> {
  const ctx = getContext(req);
  const actor = actorOf(req);
  if (!req.authSession) throw new AppError('BAD_REQUEST', 'Token API tidak memiliki sesi; cabut token melalui admin bila tidak dipakai lagi');
  await endSession(ctx.db, req.authSession.idHash, 'logout');
  clearSessionCookie(res, ctx);
  await appendAudit(ctx.db, { actorId: actor.userId, action: 'auth.logout', objectType: 'app_user', objectId: actor.userId, ip: clientIp(req), data: { requestId: req.id } });
  res.status(204).end();
}

async function me(req: Request, res: Response): Promise<void> {
  const ctx = getContext(req);
  const actor = actorOf(req);
  const user = await findUserById(ctx.db, actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Akun tidak ditemukan');
  res.set('Cache-Control', 'no-store').json({
    user: publicUser(user),
    via: actor.via,
    mfaPending: req.authSession?.mfaPending ?? false,
    ...(req.authSession ? { csrfToken: req.authSession.csrfToken } : {}),
    delegatedInstansiIds: actor.delegatedInstansiIds,
    ...(actor.scopes ? { scopes: actor.scopes } : {}),
    ...(ctx.config.sso.oidc && req.authSession ? { keluarUrl: OIDC_LOGOUT_PATH } : {}),
  });
}

export function createAuthRouter(): Router {
  const router = Router();
  const route = guardedRoutes(router, '');
  route(
    {
      method: 'post',
      path: '/api/v1/auth/login',
      summary: 'Masuk dengan nama pengguna dan kata sandi',
      description: 'Membuat sesi baru (cookie HttpOnly) dan menjawab csrfToken untuk permintaan yang mengubah data. Peran APPROVER, VERIFIER, KANREG_HEAD dan BKN_HEAD lalu wajib mengirim kode TOTP.',
      tags: ['auth'],
      security: 'none',
      request: { body: loginBody },
      responses: { 200: { description: 'Berhasil masuk', schema: loginAnswer }, 401: { description: 'Nama pengguna atau kata sandi salah' } },
    },
    requireJson,
    login,
  );
  route(
    {
      method: 'post',
      path: '/api/v1/auth/totp',
      summary: 'Kirim kode TOTP (faktor kedua)',
      tags: ['auth'],
      security: { mfa: false },
      request: { body: totpBody },
      responses: { 200: { description: 'Sesi terverifikasi; cookie sesi baru dan csrfToken baru', schema: loginAnswer }, 409: { description: 'Sesi sudah terverifikasi' } },
    },
    requireJson,
    totp,
  );
  route(
    { method: 'post', path: '/api/v1/auth/logout', summary: 'Keluar: sesi diakhiri di server', tags: ['auth'], security: { mfa: false }, responses: { 204: { description: 'Sesi berakhir' } } },
    requireJson,
    logout,
  );
  route(
    {
      method: 'get',
      path: '/api/v1/auth/me',
      summary: 'Siapa saya: pengguna, status TOTP, csrfToken sesi',
      tags: ['auth'],
      security: { scopes: [], mfa: false },
      responses: { 200: { description: 'Pengguna yang sedang masuk', schema: meAnswer } },
    },
    me,
  );
  return router;
}

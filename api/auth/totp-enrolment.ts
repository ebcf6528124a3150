import { createHash, randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import QRCode from 'qrcode';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db';
import { appendAudit } from '../../db/repos/audit-log';
import { findUserById, publicUser } from '../../db/repos/users';
import { base32Encode, generateTotpSecret, totpUri, verifyTotp } from '../../identity/totp';
import { getContext } from '../context';
import { AppError } from '../errors';
import { guardedRoutes } from '../guarded-route';
import { tooManyRequests } from '../rate-limit';
import { parseBody, requireJson } from '../validate';
import { actorOf } from './middleware';
import { totpBody, userSchema } from './routes';
import { completeSecondFactor } from './second-factor';

/**
 * TOTP enrolment by the official: a new account (or one an admin reset) signs in with its first factor, gets a secret
 * as a QR code, proves it with a code from the app, and receives ten single-use recovery codes, shown once and kept
 * only as hashes. A recovery code stands in for the app once; signing still needs the key passphrase.
 */

export const RECOVERY_CODES = 10;
const recoveryBody = z.strictObject({
  code: z.string().trim().toLowerCase().regex(/^[a-z2-7]{5}-?[a-z2-7]{5}$/, { error: 'Kode pemulihan berbentuk xxxxx-xxxxx (huruf dan angka 2-7)' }),
});
const statusAnswer = z.object({ enrolled: z.boolean(), enrolledAt: z.string().nullable(), pending: z.boolean(), recoveryCodesLeft: z.number() });
const startAnswer = z.object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() });
const confirmAnswer = z.object({ user: userSchema, mfaRequired: z.boolean(), csrfToken: z.string().optional(), recoveryCodes: z.array(z.string()) });

const hashRecovery = (userId: string, code: string) => createHash('sha256').update(`totp-recovery:${userId}:${code.replace('-', '')}`).digest('hex');

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const c = base32Encode(randomBytes(7)).toLowerCase().slice(0, 10);
    return `${c.slice(0, 5)}-${c.slice(5)}`;
  });
}

async function replaceRecoveryCodes(db: Db, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.deleteFrom('totp_recovery_code').where('user_id', '=', userId).execute();
  await db.insertInto('totp_recovery_code').values(codes.map((c) => ({ user_id: userId, code_hash: hashRecovery(userId, c) }))).execute();
  return codes;
}

function sessionOnly(req: Request): NonNullable<Request['authSession']> {
  if (!req.authSession) throw new AppError('BAD_REQUEST', 'Pendaftaran TOTP hanya untuk pengguna yang masuk, bukan token API');
  return req.authSession;
}

async function status(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  const actor = actorOf(req);
  sessionOnly(req);
  const user = await findUserById(db, actor.userId);
  const pending = await db.selectFrom('totp_enrolment').select('user_id').where('user_id', '=', actor.userId).executeTakeFirst();
  const left = await db.selectFrom('totp_recovery_code').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', actor.userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  res.set('Cache-Control', 'no-store').json({
    enrolled: !!user?.totp_secret,
    enrolledAt: user?.totp_enrolled_at ? new Date(user.totp_enrolled_at).toISOString() : null,
    pending: !!pending,
    recoveryCodesLeft: Number(left.n),
  });
}

async function start(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  const actor = actorOf(req);
  sessionOnly(req);
  const user = await findUserById(db, actor.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Akun tidak ditemukan');
  // Replacing an enrolled authenticator takes an admin reset first: a stolen password alone must not move the TOTP.
  if (user.totp_secret) throw new AppError('CONFLICT', 'TOTP sudah terdaftar untuk akun ini; untuk mengganti perangkat, minta admin mengatur ulang TOTP');
  const secret = generateTotpSecret();
  await sql`
    INSERT INTO totp_enrolment (user_id, secret) VALUES (${user.id}, ${secret})
    ON CONFLICT (user_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now()`.execute(db);
  const uri = totpUri(secret, user.username);
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  await appendAudit(db, { actorId: user.id, action: 'auth.totp_enrol_started', objectType: 'app_user', objectId: user.id, ip: req.ip ?? null, data: { requestId: req.id } });
  res.set('Cache-Control', 'no-store').json({ secret, otpauthUri: uri, qrSvg });
}

async function confirm(req: Request, res: Response): Promise<void> {
  const ctx = getContext(req);
  const actor = actorOf(req);
  const current = sessionOnly(req);
  const { code } = parseBody(totpBody, req);
  const limitKey = `totp:${actor.userId}`;
  const limit = await ctx.limiters.loginPerAccount.check(limitKey);
  if (!limit.allowed) throw tooManyRequests(limit, 'Terlalu banyak percobaan kode TOTP.');
  const pending = await ctx.db.selectFrom('totp_enrolment').select(['secret', 'created_at']).where('user_id', '=', actor.userId).executeTakeFirst();
  if (!pending) throw new AppError('CONFLICT', 'Belum ada pendaftaran TOTP yang berjalan; mulai dari POST /api/v1/auth/totp/pendaftaran');
  if (Date.now() - new Date(pending.created_at).getTime() > 15 * 60_000) {
    throw new AppError('CONFLICT', 'Pendaftaran TOTP ini sudah kedaluwarsa (15 menit); mulai lagi untuk mendapat kode QR baru');
  }
  const step = verifyTotp(pending.secret, code);
  if (step === null) {
    await ctx.limiters.loginPerAccount.hit(limitKey);
    await appendAudit(ctx.db, { actorId: actor.userId, action: 'auth.totp_enrol_failed', objectType: 'app_user', objectId: actor.userId, ip: req.ip ?? null, data: { requestId: req.id } });
    throw new AppError('UNAUTHENTICATED', 'Kode tidak cocok: pastikan jam perangkat tepat dan kode QR yang dipindai adalah yang terakhir ditampilkan');
  }
  // Of two confirmations at once only one sets the secret; the other finds it set.
  const codes = await ctx.db.transaction().execute(async (trx) => {
    const set = await trx.updateTable('app_user').set({ totp_secret: pending.secret, totp_enrolled_at: new Date() })
      .where('id', '=', actor.userId).where('totp_secret', 'is', null).returning('id').executeTakeFirst();
    if (!set) throw new AppError('CONFLICT', 'TOTP sudah terdaftar untuk akun ini');
    await trx.deleteFrom('totp_enrolment').where('user_id', '=', actor.userId).execute();
    await sql`
      INSERT INTO user_totp_step (user_id, last_step) VALUES (${actor.userId}, ${step})
      ON CONFLICT (user_id) DO UPDATE SET last_step = EXCLUDED.last_step`.execute(trx);
    return replaceRecoveryCodes(trx, actor.userId);
  });
  await ctx.limiters.loginPerAccount.reset(limitKey);
  await appendAudit(ctx.db, { actorId: actor.userId, action: 'auth.totp_enrolled', objectType: 'app_user', objectId: actor.userId, ip: req.ip ?? null, data: { requestId: req.id } });
  const user = (await findUserById(ctx.db, actor.userId))!;
  // The code just proved the second factor: a session waiting for it is complete now.
  const upgraded = current.mfaPending ? await completeSecondFactor(req, res, ctx, { userId: actor.userId, action: 'auth.totp_ok', data: { via: 'enrolment' } }) : undefined;
  res.set('Cache-Control', 'no-store').json({ user: publicUser(user), mfaRequired: false, ...(upgraded ? { csrfToken: upgraded.csrfToken } : {}), recoveryCodes: codes });
}

async function recover(req: Request, res: Response): Promise<void> {
  const ctx = getContext(req);
  const actor = actorOf(req);
  const current = sessionOnly(req);
  const { code } = parseBody(recoveryBody, req);
  if (!current.mfaPending) throw new AppError('CONFLICT', 'Sesi ini sudah terverifikasi; kode pemulihan tidak diperlukan');
  const limitKey = `totp:${actor.userId}`;
  const limit = await ctx.limiters.loginPerAccount.check(limitKey);
  if (!limit.allowed) throw tooManyRequests(limit, 'Terlalu banyak percobaan kode.');
  const used = await ctx.db.updateTable('totp_recovery_code').set({ used_at: new Date() })
    .where('user_id', '=', actor.userId).where('code_hash', '=', hashRecovery(actor.userId, code)).where('used_at', 'is', null)
    .returning('code_hash').executeTakeFirst();
  if (!used) {
    await ctx.limiters.loginPerAccount.hit(limitKey);
    await appendAudit(ctx.db, { actorId: actor.userId, action: 'auth.recovery_code_failed', objectType: 'app_user', objectId: actor.userId, ip: req.ip ?? null, data: { requestId: req.id } });
    throw new AppError('UNAUTHENTICATED', 'Kode pemulihan salah atau sudah pernah dipakai');
  }
  await ctx.limiters.loginPerAccount.reset(limitKey);
  const left = await ctx.db.selectFrom('totp_recovery_code').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', actor.userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  const session = await completeSecondFactor(req, res, ctx, { userId: actor.userId, action: 'auth.recovery_code_used', data: { left: Number(left.n) } });
  const user = (await findUserById(ctx.db, actor.userId))!;
  res.json({ user: publicUser(user), mfaRequired: false, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString(), recoveryCodesLeft: Number(left.n) });
}

async function regenerate(req: Request, res: Response): Promise<void> {
  const { db } = getContext(req);
  const actor = actorOf(req);
  sessionOnly(req);
  const user = await findUserById(db, actor.userId);
  if (!user?.totp_secret) throw new AppError('CONFLICT', 'Daftarkan TOTP lebih dulu');
  const codes = await db.transaction().execute((trx) => replaceRecoveryCodes(trx, actor.userId));
  await appendAudit(db, { actorId: actor.userId, action: 'auth.recovery_codes_replaced', objectType: 'app_user', objectId: actor.userId, ip: req.ip ?? null, data: { requestId: req.id } });
  res.set('Cache-Control', 'no-store').json({ recoveryCodes: codes });
}

/** An admin's reset: the official enrols again at the next sign-in; every session of theirs ends now. */
export async function resetTotp(db: Db, userId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('app_user').set({ totp_secret: null, totp_enrolled_at: null }).where('id', '=', userId).returning('id').executeTakeFirst();
    if (!row) return false;
    await trx.deleteFrom('totp_recovery_code').where('user_id', '=', userId).execute();
    await trx.deleteFrom('totp_enrolment').where('user_id', '=', userId).execute();
    await trx.deleteFrom('user_totp_step').where('user_id', '=', userId).execute();
    await trx.updateTable('auth_session').set({ ended_at: new Date(), end_reason: 'totp_reset' }).where('user_id', '=', userId).where('ended_at', 'is', null).execute();
    return true;
  });
}

export function createTotpEnrolmentRouter(): Router {
  const router = Router();
  const route = guardedRoutes(router, '');
  const tags = ['auth'];
  route({ method: 'get', path: '/api/v1/auth/totp/status', summary: 'Status TOTP akun ini: terdaftar, pendaftaran berjalan, sisa kode pemulihan', tags, security: { mfa: false }, responses: { 200: { description: 'Status', schema: statusAnswer } } }, status);
  route({
    method: 'post', path: '/api/v1/auth/totp/pendaftaran', summary: 'Mulai pendaftaran TOTP: rahasia baru sebagai kode QR (akun tanpa TOTP)', tags, security: { mfa: false },
    responses: { 200: { description: 'Pindai kode QR, lalu konfirmasi dengan satu kode', schema: startAnswer }, 409: { description: 'TOTP sudah terdaftar' } },
  }, requireJson, start);
  route({
    method: 'post', path: '/api/v1/auth/totp/pendaftaran/konfirmasi', summary: 'Konfirmasi pendaftaran TOTP dengan satu kode; menjawab 10 kode pemulihan (sekali tampil)', tags, security: { mfa: false },
    request: { body: totpBody }, responses: { 200: { description: 'Terdaftar; sesi yang menunggu TOTP kini terverifikasi', schema: confirmAnswer } },
  }, requireJson, confirm);
  route({
    method: 'post', path: '/api/v1/auth/totp/pemulihan', summary: 'Pakai satu kode pemulihan sebagai pengganti kode TOTP (sekali pakai)', tags, security: { mfa: false },
    request: { body: recoveryBody }, responses: { 200: { description: 'Sesi terverifikasi' } },
  }, requireJson, recover);
  route({
    method: 'post', path: '/api/v1/auth/totp/kode-pemulihan', summary: 'Ganti semua kode pemulihan dengan 10 kode baru (sekali tampil)', tags, security: {},
    responses: { 200: { description: 'Kode baru; yang lama tidak berlaku' } },
  }, requireJson, regenerate);
  return router;
}

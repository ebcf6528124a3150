import type { Request, Response } from 'express';
import { appendAudit } from '../../db/repos/audit-log';
import type { AppContext } from '../context';
import { createSession, endSession, setSessionCookie } from './sessions';

/**
 * The session after a second factor (a TOTP code, a confirmed enrolment or a recovery code): a new session id, since
 * the privilege changed, keeping the absolute deadline of the login.
 */
export async function completeSecondFactor(req: Request, res: Response, ctx: AppContext, how: { userId: string; action: string; data?: Record<string, unknown> }): Promise<{ csrfToken: string; expiresAt: Date }> {
  const current = req.authSession!;
  const old = await ctx.db.selectFrom('auth_session').select('expires_at').where('id_hash', '=', current.idHash).executeTakeFirstOrThrow();
  await endSession(ctx.db, current.idHash, 'mfa_completed');
  const session = await createSession(ctx.db, {
    userId: how.userId,
    mfaPending: false,
    mfaVerifiedAt: new Date(),
    expiresAt: new Date(old.expires_at),
    ip: req.ip ?? 'unknown',
    userAgent: req.get('user-agent') ?? null,
  });
  setSessionCookie(res, ctx, session.sessionId);
  await appendAudit(ctx.db, { actorId: how.userId, action: how.action, objectType: 'app_user', objectId: how.userId, ip: req.ip ?? null, data: { requestId: req.id, ...how.data } });
  return { csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

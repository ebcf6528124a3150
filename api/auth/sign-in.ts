import type { Request, Response } from 'express';
import { appendAudit } from '../../db/repos/audit-log';
import { MFA_ROLES, delegatedInstansiIds } from '../../db/repos/users';
import { officeTodayOf } from '../../db/repos/office-dates';
import type { AppUser } from '../../db/types';
import type { AppContext } from '../context';
import { createSession, endSession, hashSessionId, readCookie, setSessionCookie } from './sessions';

/**
 * The session once the first factor is in, however it came (a password here, an identity provider's ID token there):
 * the one rule for whether a second factor is still due, the previous session ended, a new id set, the login audited.
 */
export interface SignedIn {
  mfaRequired: boolean;
  /** An official without TOTP yet (new, or reset by an admin): the session can only enrol it (/akun/2fa). */
  totpEnrolmentRequired: boolean;
  csrfToken: string;
  expiresAt: Date;
}

export async function openSignedInSession(req: Request, res: Response, ctx: AppContext, user: AppUser, audit: Record<string, unknown> = {}): Promise<SignedIn> {
  const delegated = await delegatedInstansiIds(ctx.db, user.id, await officeTodayOf(ctx.db, { instansiId: user.instansi_id, kanregId: user.kanreg_id }));
  const roleNeedsMfa = MFA_ROLES.includes(user.role);
  const totpEnrolmentRequired = roleNeedsMfa && !user.totp_secret;
  // A Plt/Plh without an enrolled TOTP still signs in, but without the stand-in powers (see requireAuth).
  const mfaRequired = roleNeedsMfa || (delegated.length > 0 && !!user.totp_secret);

  const previous = readCookie(req, ctx.session.cookieName);
  if (previous) await endSession(ctx.db, hashSessionId(previous), 'replaced_by_login');
  const session = await createSession(ctx.db, {
    userId: user.id,
    mfaPending: mfaRequired,
    expiresAt: new Date(Date.now() + ctx.config.sessionAbsoluteMs),
    ip: req.ip ?? 'unknown',
    userAgent: req.get('user-agent') ?? null,
  });
  setSessionCookie(res, ctx, session.sessionId);
  await appendAudit(ctx.db, {
    actorId: user.id, action: 'auth.login', objectType: 'app_user', objectId: user.id, ip: req.ip ?? 'unknown',
    data: { ...audit, mfaPending: mfaRequired, ...(totpEnrolmentRequired ? { totpEnrolmentRequired } : {}), requestId: req.id },
  });
  return { mfaRequired, totpEnrolmentRequired, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

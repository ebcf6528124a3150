import type { Db } from '../db';
import { IDEMPOTENCY_TTL_MS } from './idempotency';

/** Ended or expired sessions are kept this long (who was logged in from where), then deleted. */
export const SESSION_RETENTION_MS = 30 * 24 * 60 * 60_000;

/**
 * Deletes what the protections no longer need: sessions ended or expired long ago and idempotency records past their
 * replay period. Safe to run from any process at any interval (a sweeper, a cron job); the audit log is never touched.
 */
export async function purgeExpiredAuthState(db: Db, now: Date = new Date()): Promise<{ sessions: number; idempotencyKeys: number }> {
  const cutoff = new Date(now.getTime() - SESSION_RETENTION_MS);
  const sessions = await db
    .deleteFrom('auth_session')
    .where((eb) => eb.or([eb('ended_at', '<', cutoff), eb('expires_at', '<', cutoff)]))
    .executeTakeFirst();
  const keys = await db
    .deleteFrom('idempotency_key')
    .where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
    .where((eb) => eb.or([eb('completed_at', 'is not', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), idempotencyKeys: Number(keys.numDeletedRows) };
}

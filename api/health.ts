import type { Request, Response } from 'express';
import { pingDb } from '../db';
import { getContext } from './context';

const TEMPORAL_TIMEOUT_MS = 2000;

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** 200 when PostgreSQL and Temporal both answer; 503 otherwise, saying which one does not. */
export async function healthHandler(req: Request, res: Response): Promise<void> {
  const { db, deps } = getContext(req);
  const temporal = deps.temporal;
  const [database, temporalState] = await Promise.all([
    withTimeout(pingDb(db), TEMPORAL_TIMEOUT_MS).then((ok) => (ok ? 'ok' : 'error'), () => 'error'),
    temporal
      ? withTimeout(temporal.connection.workflowService.getSystemInfo({}), TEMPORAL_TIMEOUT_MS).then(() => 'ok', () => 'error')
      : Promise.resolve('not_configured'),
  ]);
  const ok = database === 'ok' && temporalState === 'ok';
  res.status(ok ? 200 : 503).set('Cache-Control', 'no-store').json({ status: ok ? 'ok' : 'degraded', database, temporal: temporalState });
}

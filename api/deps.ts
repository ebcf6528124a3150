import type { Client } from '@temporalio/client';
import type express from 'express';
import type pino from 'pino';
import type { Config } from '../config';
import type { Db } from '../db';
import type { RateLimitSettings } from './rate-limit';

export interface AppDeps {
  db: Db;
  config: Readonly<Config>;
  /** One client per process; absent when Temporal is not configured (then /healthz answers 503). */
  temporal?: Client;
  logger: pino.Logger;
  /** Routers owned by other modules (KP, peremajaan, web pages), mounted after the built-in ones. */
  extraRouters?: { path: string; router: express.Router }[];
  /** Overrides for the in-memory rate limits (tests, or a deployment behind a large NAT). */
  rateLimits?: Partial<RateLimitSettings>;
  /**
   * Express 'trust proxy' (e.g. 1 behind one reverse proxy). Unset: the socket address is the client address, which
   * behind a proxy makes every user share one address for rate limits and the audit log.
   */
  trustProxy?: boolean | number | string;
}

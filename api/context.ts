import type { Request } from 'express';
import type { AppDeps } from './deps';
import type { RateLimiters } from './shared-rate-limit';

/** What middleware needs from the app that runs it; reached through req.app so routers need no wiring. */
export interface AppContext {
  deps: AppDeps;
  db: AppDeps['db'];
  config: AppDeps['config'];
  limiters: RateLimiters;
  session: {
    cookieName: string;
    secure: boolean;
  };
  /** Origins allowed on state-changing browser requests (the public base URL's origin). */
  allowedOrigins: string[];
}

const KEY = 'usulanContext';

export function setContext(locals: Record<string, unknown>, ctx: AppContext): void {
  locals[KEY] = ctx;
}

export function getContext(req: Request): AppContext {
  const ctx = req.app.locals[KEY] as AppContext | undefined;
  if (!ctx) throw new Error('usulan app context missing: mount routers inside createApp()');
  return ctx;
}

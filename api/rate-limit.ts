import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from './errors';

export interface LimitRule {
  max: number;
  windowMs: number;
}

export interface RateLimitSettings {
  /** Failed logins per account (counted after a wrong password; a success clears them). */
  loginPerAccount: LimitRule;
  /** Login attempts per client address; generous, since a whole office may sit behind one NAT address. */
  loginPerAddress: LimitRule;
  /** Requests under /api per client address. */
  apiPerAddress: LimitRule;
  /** Requests per authenticated actor (user or token). */
  apiPerActor: LimitRule;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = Object.freeze({
  loginPerAccount: { max: 5, windowMs: 15 * 60_000 },
  loginPerAddress: { max: 100, windowMs: 15 * 60_000 },
  apiPerAddress: { max: 1200, windowMs: 60_000 },
  apiPerActor: { max: 300, windowMs: 60_000 },
});

export interface LimitResult {
  allowed: boolean;
  remaining: number;
  /** When refused: how long until one slot frees up. */
  retryAfterMs: number;
}

/**
 * A sliding-window log per key, in memory: exact (no fixed-window burst at the boundary) and bounded (at most `max`
 * timestamps per key). Per process: with several API processes each enforces its own limit, which is acceptable for
 * abuse protection; a shared store would be needed for a global quota.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private calls = 0;

  constructor(
    readonly rule: LimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  private live(key: string, t: number): number[] {
    const list = this.hits.get(key);
    if (!list) return [];
    const from = t - this.rule.windowMs;
    let drop = 0;
    while (drop < list.length && list[drop] <= from) drop++;
    if (drop) list.splice(0, drop);
    if (list.length === 0) this.hits.delete(key);
    return list;
  }

  private result(list: number[], t: number): LimitResult {
    const allowed = list.length < this.rule.max;
    const retryAfterMs = allowed ? 0 : Math.max(1, list[list.length - this.rule.max] + this.rule.windowMs - t);
    return { allowed, remaining: Math.max(0, this.rule.max - list.length), retryAfterMs };
  }

  /** Looks without counting. */
  check(key: string): LimitResult {
    const t = this.now();
    return this.result(this.live(key, t), t);
  }

  /** Counts one event if there is room; answers whether there was. */
  hit(key: string): LimitResult {
    const t = this.now();
    this.sweep(t);
    const list = this.live(key, t);
    const res = this.result(list, t);
    if (res.allowed) {
      list.push(t);
      this.hits.set(key, list);
      res.remaining -= 1;
    }
    return res;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  get size(): number {
    return this.hits.size;
  }

  /** Forgets idle keys now and then, so memory follows the active clients, not every client ever seen. */
  private sweep(t: number): void {
    if (++this.calls % 1000 !== 0) return;
    for (const key of [...this.hits.keys()]) this.live(key, t);
  }
}

export interface RateLimiters {
  loginPerAccount: SlidingWindowLimiter;
  loginPerAddress: SlidingWindowLimiter;
  apiPerAddress: SlidingWindowLimiter;
  apiPerActor: SlidingWindowLimiter;
}

export function createRateLimiters(overrides: Partial<RateLimitSettings> = {}): RateLimiters {
  const s = { ...DEFAULT_RATE_LIMITS, ...overrides };
  return {
    loginPerAccount: new SlidingWindowLimiter(s.loginPerAccount),
    loginPerAddress: new SlidingWindowLimiter(s.loginPerAddress),
    apiPerAddress: new SlidingWindowLimiter(s.apiPerAddress),
    apiPerActor: new SlidingWindowLimiter(s.apiPerActor),
  };
}

export function tooManyRequests(res: LimitResult, detail: string): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(res.retryAfterMs / 1000));
  return new AppError('RATE_LIMITED', `${detail} Coba lagi dalam ${retryAfterSeconds} detik.`, undefined, { retryAfterSeconds });
}

/** Middleware counting each request against `limiter` under the key `keyOf(req)`; 429 with Retry-After when full. */
export function rateLimit(limiter: SlidingWindowLimiter | ((req: Request) => SlidingWindowLimiter), keyOf: (req: Request) => string, detail = 'Terlalu banyak permintaan.'): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const l = typeof limiter === 'function' ? limiter(req) : limiter;
    const r = l.hit(keyOf(req));
    if (!r.allowed) throw tooManyRequests(r, detail);
    next();
  };
}

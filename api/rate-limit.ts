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
  apiPerAddress: { max: 6000, windowMs: 60_000 },
  apiPerActor: { max: 1200, windowMs: 60_000 },
});

export interface LimitResult {
  allowed: boolean;
  remaining: number;
  /** When refused: how long until a request would be allowed again. */
  retryAfterMs: number;
}

interface Window {
  start: number;
  count: number;
  previous: number;
}

/**
 * Sliding-window counter per key, in memory: the count of the current fixed window plus the previous window's count
 * weighted by how much of it still overlaps the sliding window. No burst at window boundaries (unlike fixed windows)
 * and O(1) memory per key (unlike a log of timestamps), so a flood from many addresses stays cheap. Per process: with
 * several API processes each enforces its own limit, which is enough for abuse protection, not for global quotas.
 */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, Window>();
  private calls = 0;

  constructor(
    readonly rule: LimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  private current(key: string, t: number): Window {
    const W = this.rule.windowMs;
    const start = Math.floor(t / W) * W;
    const w = this.windows.get(key);
    if (!w) return { start, count: 0, previous: 0 };
    if (w.start === start) return w;
    return { start, count: 0, previous: w.start === start - W ? w.count : 0 };
  }

  private estimate(w: Window, t: number): number {
    const overlap = 1 - (t - w.start) / this.rule.windowMs;
    return w.previous * overlap + w.count;
  }

  private result(w: Window, t: number, allowed: boolean): LimitResult {
    const W = this.rule.windowMs;
    const { max } = this.rule;
    const used = this.estimate(w, t);
    let retryAfterMs = 0;
    if (!allowed) {
      if (w.count >= max) {
        // Wait into the next window, until what carries over of this one has thinned out below the limit.
        retryAfterMs = w.start + W - t + Math.ceil((W * (w.count - max + 1)) / Math.max(1, w.count));
      } else {
        retryAfterMs = Math.ceil(w.start + W * (1 - (max - w.count - 1) / w.previous) - t) + 1;
      }
      retryAfterMs = Math.max(1, Math.min(retryAfterMs, 2 * W));
    }
    return { allowed, remaining: Math.max(0, Math.floor(max - used)), retryAfterMs };
  }

  /** Would a hit be allowed now? Looks without counting. */
  check(key: string): LimitResult {
    const t = this.now();
    const w = this.current(key, t);
    return this.result(w, t, this.estimate(w, t) + 1 <= this.rule.max);
  }

  /** Counts one event if there is room; answers whether there was. */
  hit(key: string): LimitResult {
    const t = this.now();
    this.sweep(t);
    const w = this.current(key, t);
    const allowed = this.estimate(w, t) + 1 <= this.rule.max;
    if (allowed) {
      w.count += 1;
      this.windows.set(key, w);
    }
    return this.result(w, t, allowed);
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }

  /** Forgets keys idle for two windows now and then, so memory follows the active clients. */
  private sweep(t: number): void {
    if (++this.calls % 1000 !== 0) return;
    const horizon = t - 2 * this.rule.windowMs;
    for (const [key, w] of this.windows) if (w.start < horizon) this.windows.delete(key);
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

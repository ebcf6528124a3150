import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from './errors';

export interface LimitRule {
  max: number;
  windowMs: number;
}

/** The deployment's limits; config/index.ts reads them from RATE_LIMIT_* (defaults there). */
export interface RateLimitSettings {
  /** Failed logins per account (counted after a wrong password; a success clears them). */
  loginPerAccount: LimitRule;
  /** Login attempts per client address; generous, since a whole office may sit behind one NAT address. */
  loginPerAddress: LimitRule;
  /** Requests under /api per client address. */
  apiPerAddress: LimitRule;
  /** Requests per signed-in person. */
  apiPerActor: LimitRule;
  /** Requests per integration token, unless the token carries its own quota (a SIMPEG push is not a person). */
  apiPerToken: LimitRule;
}


export interface LimitResult {
  allowed: boolean;
  remaining: number;
  /** When refused: how long until a request would be allowed again. */
  retryAfterMs: number;
}

export interface Window {
  start: number;
  count: number;
  previous: number;
}

const estimateOf = (rule: LimitRule, w: Window, t: number): number => w.previous * (1 - (t - w.start) / rule.windowMs) + w.count;

/** The answer for a window: what is left, and when refused how long until a request would be allowed again. */
export function limitResult(rule: LimitRule, w: Window, t: number, allowed: boolean): LimitResult {
  const W = rule.windowMs;
  const { max } = rule;
  const used = estimateOf(rule, w, t);
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

/**
 * Sliding-window counter per key, in memory: the count of the current fixed window plus the previous window's count
 * weighted by how much of it still overlaps the sliding window. No burst at window boundaries (unlike fixed windows)
 * and O(1) memory per key (unlike a log of timestamps), so a flood from many addresses stays cheap. Per process: with
 * several API processes each enforces its own limit; the engine uses the shared ones (shared-rate-limit.ts), this one
 * is the algorithm they share and what unit tests exercise.
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
    return estimateOf(this.rule, w, t);
  }

  private result(w: Window, t: number, allowed: boolean): LimitResult {
    return limitResult(this.rule, w, t, allowed);
  }

  /** Would a hit be allowed now? Looks without counting. */
  check(key: string): LimitResult {
    const t = this.now();
    const w = this.current(key, t);
    return this.result(w, t, this.estimate(w, t) + 1 <= this.rule.max);
  }

  /** Counts one event if there is room; answers whether there was. */
  hit(key: string, max = this.rule.max): LimitResult {
    const t = this.now();
    this.sweep(t);
    const w = this.current(key, t);
    const allowed = this.estimate(w, t) + 1 <= max;
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

export function tooManyRequests(res: LimitResult, detail: string): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(res.retryAfterMs / 1000));
  return new AppError('RATE_LIMITED', `${detail} Coba lagi dalam ${retryAfterSeconds} detik.`, undefined, { retryAfterSeconds });
}

/** Middleware counting each request against `limiter` under the key `keyOf(req)`; 429 with Retry-After when full. */
/** What the request middleware needs of a limiter: a decision now, without waiting (SyncedLimiter or the in-memory one). */
export interface ImmediateLimiter {
  hit(key: string, max?: number): LimitResult;
}

export function rateLimit(limiter: ImmediateLimiter | ((req: Request) => ImmediateLimiter), keyOf: (req: Request) => string, detail = 'Terlalu banyak permintaan.'): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const l = typeof limiter === 'function' ? limiter(req) : limiter;
    const r = l.hit(keyOf(req));
    if (!r.allowed) throw tooManyRequests(r, detail);
    next();
  };
}

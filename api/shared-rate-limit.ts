import type { Db } from '../db';
import { addCounts, clearKey, countIfRoom, dropWindowsBefore, windowCounts } from '../db/repos/rate-limit-windows';
import { limitResult, type LimitResult, type LimitRule, type RateLimitSettings } from './rate-limit';

/**
 * Rate limits that hold across API processes, kept in PostgreSQL. Two kinds, for two kinds of traffic:
 * - `ExactLimiter`, for logins and TOTP codes (few, and a lockout must not triple with three replicas): every decision
 *   is one atomic statement.
 * - `SyncedLimiter`, for every API request (many): decisions are local and immediate, and each process adds its counts
 *   to the shared ones once a second and learns the totals, so N processes together admit the limit plus at most what
 *   the others admitted in the last second, without a statement per request.
 */

interface Windows {
  start: number;
  previousStart: number;
  overlap: number;
}

function windowsAt(rule: LimitRule, t: number): Windows {
  const start = Math.floor(t / rule.windowMs) * rule.windowMs;
  return { start, previousStart: start - rule.windowMs, overlap: 1 - (t - start) / rule.windowMs };
}

export class ExactLimiter {
  constructor(
    private readonly db: Db,
    readonly name: string,
    readonly rule: LimitRule,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one event if there is room; answers whether there was. */
  async hit(key: string): Promise<LimitResult> {
    const t = this.now();
    const w = windowsAt(this.rule, t);
    const c = await countIfRoom(this.db, this.name, key, w.start, w.previousStart, w.overlap, this.rule.max);
    return limitResult(this.rule, { start: w.start, count: c.current, previous: c.previous }, t, c.counted);
  }

  /** Would a hit be allowed now? Looks without counting. */
  async check(key: string): Promise<LimitResult> {
    const t = this.now();
    const w = windowsAt(this.rule, t);
    const c = await windowCounts(this.db, this.name, key, w.start, w.previousStart);
    const window = { start: w.start, count: c.current, previous: c.previous };
    return limitResult(this.rule, window, t, c.previous * w.overlap + c.current + 1 <= this.rule.max);
  }

  async reset(key: string): Promise<void> {
    await clearKey(this.db, this.name, key);
  }
}

interface KeyState {
  start: number;
  /** Shared totals as of the last sync, this process's unsynced counts included in neither. */
  shared: number;
  sharedPrevious: number;
  /** Counted here since the last sync, per window start. */
  local: Map<number, number>;
  lastHit: number;
}

export interface SyncedLimiterOptions {
  syncMs?: number;
  now?: () => number;
  onSyncError?: (err: unknown) => void;
}

export class SyncedLimiter {
  private readonly keys = new Map<string, KeyState>();
  private readonly timer: NodeJS.Timeout;
  private syncing: Promise<void> | null = null;
  private syncs = 0;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    readonly name: string,
    readonly rule: LimitRule,
    private readonly opts: SyncedLimiterOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.timer = setInterval(() => void this.sync(), opts.syncMs ?? 1000);
    this.timer.unref();
  }

  private state(key: string, w: Windows): KeyState {
    let s = this.keys.get(key);
    if (!s) {
      s = { start: w.start, shared: 0, sharedPrevious: 0, local: new Map(), lastHit: 0 };
      this.keys.set(key, s);
    } else if (s.start !== w.start) {
      // A new window: what was shared and counted here in the old one becomes the previous window.
      const carried = s.start === w.previousStart ? s.shared + (s.local.get(s.start) ?? 0) : 0;
      s.start = w.start;
      s.sharedPrevious = carried;
      s.shared = 0;
    }
    return s;
  }

  /** Counts one request if there is room under `max` (default: the rule's); decided here, shared within a second. */
  hit(key: string, max = this.rule.max): LimitResult {
    const t = this.now();
    const w = windowsAt(this.rule, t);
    const s = this.state(key, w);
    const local = s.local.get(w.start) ?? 0;
    const rule = max === this.rule.max ? this.rule : { ...this.rule, max };
    const window = { start: w.start, count: s.shared + local, previous: s.sharedPrevious };
    const allowed = window.previous * w.overlap + window.count + 1 <= max;
    if (allowed) {
      s.local.set(w.start, local + 1);
      window.count += 1;
    }
    s.lastHit = t;
    return limitResult(rule, window, t, allowed);
  }

  /** Adds local counts to the shared ones and takes the totals back; never throws (limits stay local meanwhile). */
  sync(): Promise<void> {
    this.syncing ??= this.doSync().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async doSync(): Promise<void> {
    const t = this.now();
    const w = windowsAt(this.rule, t);
    const entries: Array<{ key: string; start: number; add: number }> = [];
    const sent = new Map<string, Map<number, number>>();
    for (const [key, s] of this.keys) {
      if (s.lastHit < t - 2 * this.rule.windowMs) {
        if (s.local.size === 0) this.keys.delete(key);
        continue;
      }
      this.state(key, w);
      const flushed = new Map(s.local);
      sent.set(key, flushed);
      // The current window always (0 only reads), the previous one once, so a process joining late learns it too.
      if (!flushed.has(w.start)) entries.push({ key, start: w.start, add: 0 });
      if (!flushed.has(w.previousStart)) entries.push({ key, start: w.previousStart, add: 0 });
      for (const [start, add] of flushed) entries.push({ key, start, add });
    }
    try {
      const totals = await addCounts(this.db, this.name, entries);
      for (const [key, flushed] of sent) {
        const s = this.keys.get(key);
        if (!s) continue;
        for (const [start, add] of flushed) {
          const left = (s.local.get(start) ?? 0) - add;
          if (left > 0) s.local.set(start, left);
          else s.local.delete(start);
        }
      }
      for (const row of totals) {
        const s = this.keys.get(row.key);
        if (!s) continue;
        if (row.start === s.start) s.shared = row.count;
        else if (row.start === s.start - this.rule.windowMs) s.sharedPrevious = row.count;
      }
      if (++this.syncs % 60 === 0) await dropWindowsBefore(this.db, this.name, w.start - 2 * this.rule.windowMs);
    } catch (err) {
      this.opts.onSyncError?.(err);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export interface RateLimiters {
  loginPerAccount: ExactLimiter;
  loginPerAddress: ExactLimiter;
  apiPerAddress: SyncedLimiter;
  apiPerActor: SyncedLimiter;
  apiPerToken: SyncedLimiter;
  stop(): void;
}

export function createRateLimiters(db: Db, s: RateLimitSettings, opts: SyncedLimiterOptions = {}): RateLimiters {
  const synced = [
    new SyncedLimiter(db, 'api-address', s.apiPerAddress, opts),
    new SyncedLimiter(db, 'api-actor', s.apiPerActor, opts),
    new SyncedLimiter(db, 'api-token', s.apiPerToken, opts),
  ] as const;
  return {
    loginPerAccount: new ExactLimiter(db, 'login-account', s.loginPerAccount),
    loginPerAddress: new ExactLimiter(db, 'login-address', s.loginPerAddress),
    apiPerAddress: synced[0],
    apiPerActor: synced[1],
    apiPerToken: synced[2],
    stop: () => synced.forEach((l) => l.stop()),
  };
}

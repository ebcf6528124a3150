import { randomUUID } from 'node:crypto';
import { totpNow } from '../../identity/totp';
import { DEMO_USERS } from '../../db/seed';
import { CookieJar } from '../../test/helpers/cookie-jar';

export interface Answer<T = any> { status: number; body: T; ms: number }

/** Last TOTP step used per user: the server accepts a step once, so a second login takes the next step. */
const lastStep = new Map<string, number>();

/**
 * A browser-like client of one user: session cookie, CSRF token, an Idempotency-Key on every POST. Retries a POST
 * with the same key after a network error, a 5xx, a 409 "still being processed" or a 429 (honouring Retry-After),
 * until an answer arrives or `deadlineMs` passes: what a careful client does while the API restarts.
 */
export class BenchClient {
  private cookies = new CookieJar();
  csrfToken?: string;
  retries = 0;

  constructor(public baseUrl: string, readonly username: string) {}

  cookieHeader(): string {
    return this.cookies.header();
  }


  async once<T = any>(method: string, path: string, body?: unknown, key?: string | null, timeoutMs = 120_000): Promise<Answer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    if (this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    if (method === 'POST' && key !== null) headers['idempotency-key'] = key ?? randomUUID();
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const t0 = performance.now();
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    this.cookies.remember(res);
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await res.json() : await res.text();
    return { status: res.status, body: parsed as T, ms: performance.now() - t0 };
  }

  /** GET or POST with retries on transient failures; a POST keeps its Idempotency-Key across attempts. */
  async call<T = any>(method: 'GET' | 'POST', path: string, body?: unknown, opts: { key?: string; deadlineMs?: number } = {}): Promise<Answer<T>> {
    const key = method === 'POST' ? (opts.key ?? randomUUID()) : undefined;
    const deadline = Date.now() + (opts.deadlineMs ?? 300_000);
    const t0 = performance.now();
    let wait = 100;
    for (;;) {
      let retryAfterMs: number | undefined;
      try {
        const a = await this.once<T>(method, path, method === 'POST' ? (body ?? {}) : undefined, key);
        const transient = a.status >= 500 || a.status === 429 || (a.status === 409 && /masih diproses/i.test(JSON.stringify(a.body)));
        if (!transient) return { ...a, ms: performance.now() - t0 };
        if (a.status === 429) retryAfterMs = 1000 * Number((a.body as any)?.retryAfterSeconds ?? 1);
        if (Date.now() > deadline) return { ...a, ms: performance.now() - t0 };
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      this.retries += 1;
      await new Promise((r) => setTimeout(r, retryAfterMs ?? wait));
      wait = Math.min(wait * 2, 2000);
    }
  }

  get<T = any>(path: string) {
    return this.call<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown, opts?: { key?: string; deadlineMs?: number }) {
    return this.call<T>('POST', path, body, opts);
  }

  /** Password, then for officials the TOTP step (a fresh step per login of the same user). */
  async login(): Promise<this> {
    const user = DEMO_USERS.find((u) => u.username === this.username);
    if (!user) throw new Error(`no demo user ${this.username}`);
    this.cookies.clear();
    this.csrfToken = undefined;
    const res = await this.call('POST', '/api/v1/auth/login', { username: user.username, password: user.password });
    if (res.status !== 200) throw new Error(`login ${user.username}: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrfToken = res.body.csrfToken;
    if (res.body.mfaRequired) {
      let step = Math.floor(Date.now() / 30_000);
      const prev = lastStep.get(user.username);
      if (prev !== undefined && step <= prev) {
        const waitMs = (prev + 1) * 30_000 - Date.now() + 50;
        if (waitMs > 30_000) await new Promise((r) => setTimeout(r, waitMs - 30_000));
        step = prev + 1;
      }
      lastStep.set(user.username, step);
      const t = await this.call('POST', '/api/v1/auth/totp', { code: totpNow(user.totpSecret!, step * 30_000 + 1000) });
      if (t.status !== 200) throw new Error(`totp ${user.username}: ${t.status} ${JSON.stringify(t.body)}`);
      if (t.body?.csrfToken) this.csrfToken = t.body.csrfToken;
    }
    return this;
  }
}

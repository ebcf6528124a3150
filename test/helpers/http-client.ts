import { randomUUID } from 'node:crypto';
import { CookieJar } from './cookie-jar';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like API client: keeps the session cookie and sends the CSRF token and an Idempotency-Key on POST. */
export class ApiClient {
  private cookies = new CookieJar();
  csrfToken?: string;

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return this.cookies.header();
  }


  async request<T = any>(method: string, path: string, body?: unknown, opts: { idempotencyKey?: string | null; headers?: Record<string, string>; raw?: boolean } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    if (this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    if (method === 'POST' && opts.idempotencyKey !== null) headers['idempotency-key'] = opts.idempotencyKey ?? randomUUID();
    let payload: string | Uint8Array | undefined;
    if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload, redirect: 'manual' });
    this.cookies.remember(res);
    const type = res.headers.get('content-type') ?? '';
    const parsed = opts.raw ? Buffer.from(await res.arrayBuffer()) : type.includes('json') ? await res.json() : await res.text();
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** A GET whose body the caller reads itself (server-sent events). */
  stream(path: string): Promise<Response> {
    return fetch(this.baseUrl + path, { headers: { accept: 'text/event-stream', cookie: this.cookieHeader() } });
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown, opts?: { idempotencyKey?: string | null; headers?: Record<string, string> }) {
    return this.request<T>('POST', path, body ?? {}, opts);
  }
}

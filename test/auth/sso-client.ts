import { CookieJar } from '../helpers/cookie-jar';

export interface Page {
  status: number;
  url: string;
  location?: string;
  body: string;
  headers: Headers;
}

/**
 * A browser as far as the sign-in needs one: a cookie jar per origin and redirects followed by hand, so a test can
 * stop at any hop (the callback URL, the provider's login form) and tamper with it.
 */
export class SsoBrowser {
  private readonly jars = new Map<string, CookieJar>();

  jar(origin: string): CookieJar {
    const o = new URL(origin).origin;
    let jar = this.jars.get(o);
    if (!jar) this.jars.set(o, (jar = new CookieJar()));
    return jar;
  }

  /** The raw Cookie header this browser would send to `origin`. */
  cookieHeader(origin: string): string {
    return this.jar(origin).header();
  }

  async request(url: string, init: { method?: string; form?: Record<string, string>; json?: unknown; headers?: Record<string, string>; cookie?: string } = {}): Promise<Page> {
    const jar = this.jar(url);
    const headers: Record<string, string> = { accept: 'text/html', ...init.headers };
    const cookie = init.cookie ?? jar.header();
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      headers.accept = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(url, { method: init.method ?? (init.form || init.json !== undefined ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    jar.remember(res);
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, url, location: location ? new URL(location, url).href : undefined, body: await res.text(), headers: res.headers };
  }

  /** Follows redirects from `url` until a page answers, or until `stopAt` says the next hop is where to stop. */
  async follow(url: string, stopAt?: (next: string) => boolean, init: Parameters<SsoBrowser['request']>[1] = {}): Promise<Page> {
    let page = await this.request(url, init);
    for (let hops = 0; page.location && page.status >= 300 && page.status < 400; hops++) {
      if (hops > 15) throw new Error(`too many redirects from ${url}`);
      if (stopAt?.(page.location)) return page;
      page = await this.request(page.location);
    }
    return page;
  }
}

/** The provider's login form on a page: where it posts. */
export function loginFormAction(page: Page): string {
  const m = /<form method="post" action="([^"]+\/masuk)"/.exec(page.body);
  if (!m) throw new Error(`no login form on ${page.url} (${page.status}): ${page.body.slice(0, 300)}`);
  return new URL(m[1].replace(/&amp;/g, '&'), page.url).href;
}

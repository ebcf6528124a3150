import { SiasnAuthNeedsHuman, SiasnUnavailable } from './errors';

/** One instansi's way in (SIASN.md §2.2): its APIM consumer on the WSO2 gateway and its operator's SSO account. */
export interface SiasnAccount {
  consumerKey: string;
  consumerSecret: string;
  /** The Keycloak client of the instansi (realm public-siasn). */
  ssoClientId: string;
  /** The operator's NIP. */
  username: string;
  password: string;
}

export interface SiasnEndpoints {
  /** `…/apisiasn/1.0`: data calls, with both tokens. */
  apiBase: string;
  /** `…/referensi_siasn/1`: reference tables, APIM token only. */
  referensiBase: string;
  /** WSO2 `POST /oauth2/token`, client credentials with HTTP Basic. */
  apimTokenUrl: string;
  /** Keycloak `…/realms/public-siasn/protocol/openid-connect/token`, password grant. */
  ssoTokenUrl: string;
}

export type FetchFn = typeof fetch;

interface Cached { token: string; until: number }

/**
 * The two tokens of one account, each cached until shortly before its `expires_in` (60 s, or a tenth of a short
 * lifetime), fetched once however many calls wait for it (single flight). `invalidate` drops both: SIASN's 401s do not
 * say reliably which of the pair it refused (`Token SSO mismatch` is about the pair).
 */
export class TokenProvider {
  private apimCache: Cached | null = null;
  private ssoCache: Cached | null = null;
  private apimPending: Promise<string> | null = null;
  private ssoPending: Promise<string> | null = null;
  /** Tokens fetched so far (tests and metrics read it). */
  fetched = { apim: 0, sso: 0 };

  constructor(
    private readonly endpoints: Pick<SiasnEndpoints, 'apimTokenUrl' | 'ssoTokenUrl'>,
    private readonly account: SiasnAccount,
    private readonly opts: { fetch?: FetchFn; timeoutMs?: number; now?: () => number } = {},
  ) {}

  apim(): Promise<string> {
    const now = (this.opts.now ?? Date.now)();
    if (this.apimCache && this.apimCache.until > now) return Promise.resolve(this.apimCache.token);
    this.apimPending ??= this.fetchToken('APIM', this.endpoints.apimTokenUrl, new URLSearchParams({ grant_type: 'client_credentials' }), {
      authorization: `Basic ${Buffer.from(`${this.account.consumerKey}:${this.account.consumerSecret}`).toString('base64')}`,
    }).then((c) => { this.apimCache = c; this.fetched.apim += 1; return c.token; }).finally(() => { this.apimPending = null; });
    return this.apimPending;
  }

  sso(): Promise<string> {
    const now = (this.opts.now ?? Date.now)();
    if (this.ssoCache && this.ssoCache.until > now) return Promise.resolve(this.ssoCache.token);
    this.ssoPending ??= this.fetchToken('SSO', this.endpoints.ssoTokenUrl, new URLSearchParams({
      grant_type: 'password', client_id: this.account.ssoClientId, username: this.account.username, password: this.account.password,
    }), {}).then((c) => { this.ssoCache = c; this.fetched.sso += 1; return c.token; }).finally(() => { this.ssoPending = null; });
    return this.ssoPending;
  }

  invalidate(): void {
    this.apimCache = null;
    this.ssoCache = null;
  }

  private async fetchToken(which: 'APIM' | 'SSO', url: string, body: URLSearchParams, headers: Record<string, string>): Promise<Cached> {
    const f = this.opts.fetch ?? fetch;
    let res: Response;
    let text: string;
    try {
      res = await f(url, {
        method: 'POST', body, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
      });
      text = await res.text();
    } catch (err) {
      throw new SiasnUnavailable(`Token ${which} SIASN tidak dapat diminta: ${describeNetworkError(err)}`);
    }
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      throw new SiasnAuthNeedsHuman(`Kredensial ${which} SIASN ditolak (HTTP ${res.status}); admin perlu memperbarui kredensial atau token SSO`, res.status, text.slice(0, 2000));
    }
    if (res.status !== 200) throw new SiasnUnavailable(`Layanan token ${which} SIASN menjawab HTTP ${res.status}`, res.status, text.slice(0, 2000));
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new SiasnUnavailable(`Jawaban layanan token ${which} SIASN bukan JSON`, res.status, text.slice(0, 2000));
    }
    const token = parsed.access_token;
    const expiresIn = Number(parsed.expires_in);
    if (typeof token !== 'string' || token === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new SiasnUnavailable(`Jawaban layanan token ${which} SIASN tanpa access_token/expires_in yang sah`, res.status, text.slice(0, 2000));
    }
    const margin = Math.min(60, expiresIn / 10);
    return { token, until: (this.opts.now ?? Date.now)() + (expiresIn - margin) * 1000 };
  }
}

export function describeNetworkError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'waktu habis';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

import { TokenProvider, describeNetworkError, type FetchFn, type SiasnAccount, type SiasnEndpoints } from './auth';
import { SiasnAuthNeedsHuman, SiasnRejected, SiasnUnavailable } from './errors';
import {
  RIWAYAT_ENDPOINTS, parseDataUtama, parseRiwayat, parseUnorRows, type Parsed, type PegawaiSnapshot, type RiwayatJenis, type RiwayatRow, type UnorRow,
} from './parse';
import { BUNDLED_REFERENCE, type ReferenceTables } from './reference';
import { Throttles } from './throttle';

/**
 * What a read gives: the typed projection with the raw JSON it came from; SIASN's "no data" (HTTP 404 `Data tidak
 * ditemukan`, the normal empty case); or an answer that arrived but is refused (malformed, a required field missing,
 * an unknown code, another person's record), with the reason and the text as it came. Outages and credentials that
 * need a person are thrown (errors.ts), so the activity's retry policy carries them.
 */
export type SiasnRead<T> =
  | { status: 'ok'; value: T; raw: unknown }
  | { status: 'not_found'; raw: unknown }
  | { status: 'refused'; endpoint: string; reason: string; raw: string };

/** The riwayat saves the outbox delivers (SIASN.md §6.2). */
export type SiasnSaveEndpoint = 'skp22/save' | 'kinerjaperiodik/save';

/** The one port to SIASN (SIASN.md §9.1); only activities use it. */
export interface SiasnPort {
  /**
   * One riwayat save (`POST /<riwayat>/save`); answers the riwayat id SIASN gave. `success: false` is SiasnRejected
   * with SIASN's message (a person's matter); an outage is SiasnUnavailable, as for reads.
   */
  save(instansiId: string, endpoint: SiasnSaveEndpoint, body: Record<string, unknown>): Promise<{ id: string | null; raw: unknown }>;
  dataUtama(instansiId: string, nip: string): Promise<SiasnRead<PegawaiSnapshot>>;
  riwayat(instansiId: string, jenis: RiwayatJenis, owner: { nip: string; pnsId: string }): Promise<SiasnRead<RiwayatRow[]>>;
  /** One page of the instansi's unit tree (`limit`/`offset`; a short page is the last). */
  refUnor(instansiId: string, page: { limit: number; offset: number }): Promise<SiasnRead<UnorRow[]>>;
}

export interface SiasnClientOptions {
  endpoints: SiasnEndpoints;
  /** The instansi's account; undefined: this instansi has none (the call is refused as needing a person). */
  accountOf(instansiId: string): SiasnAccount | undefined;
  /** Spacing between one instansi's calls (one at a time). */
  minIntervalMs: number;
  timeoutMs?: number;
  /** Static load-balancer cookie some deployments need (SIASN.md §2.3). */
  cookie?: string;
  reference?: ReferenceTables;
  fetch?: FetchFn;
}

export interface SiasnClient extends SiasnPort {
  /** The instansi's token provider (tests read how many tokens were fetched). */
  tokens(instansiId: string): TokenProvider;
}

type Outcome =
  | { kind: 'ok'; json: Record<string, unknown>; text: string }
  | { kind: 'not_found'; json: unknown }
  | { kind: 'refused'; reason: string; text: string };

const AUTH_TEXTS = [/invalid or expired jwt/i, /invalid credentials/i, /token sso mismatch/i, /expired/i];

export function createSiasnClient(opts: SiasnClientOptions): SiasnClient {
  const ref = opts.reference ?? BUNDLED_REFERENCE;
  const throttles = new Throttles(opts.minIntervalMs);
  const providers = new Map<string, TokenProvider>();
  const tokens = (instansiId: string): TokenProvider => {
    let p = providers.get(instansiId);
    if (!p) {
      const account = opts.accountOf(instansiId);
      if (!account) throw new SiasnAuthNeedsHuman(`Instansi ${instansiId} belum memiliki akun SIASN (SIASN_ACCOUNTS_FILE)`);
      p = new TokenProvider(opts.endpoints, account, { fetch: opts.fetch, timeoutMs: opts.timeoutMs });
      providers.set(instansiId, p);
    }
    return p;
  };

  /** One call (a GET, or a POST with a JSON body), with one token refresh on an auth refusal; the second asks a person. */
  async function get(instansiId: string, url: string, withSso: boolean, post?: unknown): Promise<Outcome> {
    const tp = tokens(instansiId);
    for (let attempt = 0; ; attempt += 1) {
      const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${await tp.apim()}` };
      if (withSso) headers.auth = `bearer ${await tp.sso()}`;
      if (opts.cookie) headers.cookie = opts.cookie;
      if (post !== undefined) headers['content-type'] = 'application/json';
      const { status, text } = await throttles.of(instansiId).run(async () => {
        try {
          const res = await (opts.fetch ?? fetch)(url, {
            headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000), ...(post !== undefined ? { method: 'POST', body: JSON.stringify(post) } : {}),
          });
          return { status: res.status, text: await res.text() };
        } catch (err) {
          throw new SiasnUnavailable(`SIASN tidak dapat dihubungi: ${describeNetworkError(err)}`);
        }
      });
      const json = tryJson(text);
      const said = json === undefined ? text.slice(0, 300) : messageOf(json);
      if (status === 401 || (status === 403 && AUTH_TEXTS.some((re) => re.test(said))) || /token sso mismatch/i.test(said)) {
        if (attempt === 0) {
          tp.invalidate();
          continue;
        }
        throw new SiasnAuthNeedsHuman(`SIASN tetap menolak token setelah diperbarui (${said || `HTTP ${status}`}); admin perlu memperbarui token SSO atau kredensial SIASN`, status, text.slice(0, 2000));
      }
      if (status >= 500 || status === 429 || /SUSPENDED|Runtime Error/i.test(said)) {
        throw new SiasnUnavailable(`SIASN sedang tidak tersedia (HTTP ${status}${said ? `: ${said}` : ''})`, status, text.slice(0, 2000));
      }
      if (status === 404) {
        const data = isObject(json) ? json.data : undefined;
        if (typeof data === 'string' && /data tidak ditemukan/i.test(data)) return { kind: 'not_found', json };
        throw new SiasnRejected(`SIASN menjawab HTTP 404 tanpa "Data tidak ditemukan": ${said}`, status, text.slice(0, 2000));
      }
      if (status !== 200) throw new SiasnRejected(`SIASN menolak permintaan (HTTP ${status}${said ? `: ${said}` : ''})`, status, text.slice(0, 2000));
      if (json === undefined) return { kind: 'refused', reason: 'Jawaban bukan JSON yang sah', text };
      if (!isObject(json)) return { kind: 'refused', reason: 'Jawaban bukan objek JSON', text };
      // A save answers {success, message, mapData}, not {code, data}.
      if (post !== undefined) return { kind: 'ok', json, text };
      if (String(json.code) !== '1') return { kind: 'refused', reason: `code ${JSON.stringify(json.code ?? null).slice(0, 20)} bukan kode jawaban yang dikenal`, text };
      if (!('data' in json)) return { kind: 'refused', reason: 'Jawaban tanpa data', text };
      return { kind: 'ok', json, text };
    }
  }

  function read<T>(endpoint: string, o: Outcome, parse: (data: unknown) => Parsed<T>): SiasnRead<T> {
    if (o.kind === 'not_found') return { status: 'not_found', raw: o.json };
    if (o.kind === 'refused') return { status: 'refused', endpoint, reason: o.reason, raw: o.text };
    const p = parse(o.json.data);
    return p.ok ? { status: 'ok', value: p.value, raw: o.json } : { status: 'refused', endpoint, reason: p.reason, raw: o.text };
  }

  const api = (path: string) => `${opts.endpoints.apiBase.replace(/\/$/, '')}/${path}`;

  return {
    tokens,
    async save(instansiId, endpoint, body) {
      const o = await get(instansiId, api(endpoint), true, body);
      if (o.kind !== 'ok') throw new SiasnRejected(`SIASN ${endpoint}: ${o.kind === 'refused' ? o.reason : 'Data tidak ditemukan'}`, 200, o.kind === 'refused' ? o.text : '');
      if (o.json.success !== true) throw new SiasnRejected(`SIASN menolak ${endpoint}: ${messageOf(o.json) || 'success bukan true'}`, 200, o.text.slice(0, 2000));
      const map = isObject(o.json.mapData) ? o.json.mapData : {};
      const id = Object.values(map).find((v) => typeof v === 'string' && v !== '');
      return { id: typeof id === 'string' ? id : null, raw: o.json };
    },
    async dataUtama(instansiId, nip) {
      const endpoint = 'pns/data-utama';
      return read(endpoint, await get(instansiId, api(`${endpoint}/${encodeURIComponent(nip)}`), true), (d) => parseDataUtama(d, nip, ref));
    },
    async riwayat(instansiId, jenis, owner) {
      const { path } = RIWAYAT_ENDPOINTS[jenis];
      return read(path, await get(instansiId, api(`${path}/${encodeURIComponent(owner.nip)}`), true), (d) => parseRiwayat(jenis, d, owner, ref));
    },
    async refUnor(instansiId, page) {
      const endpoint = 'referensi/ref-unor';
      return read(endpoint, await get(instansiId, api(`${endpoint}?limit=${page.limit}&offset=${page.offset}`), true), parseUnorRows);
    },
  };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The gateway's and the service's words, wherever the body puts them (message, description, data, Error/Message). */
function messageOf(json: unknown): string {
  if (!isObject(json)) return '';
  const parts = [json.message, json.Message, json.Error, json.description, typeof json.data === 'string' ? json.data : undefined]
    .filter((x): x is string => typeof x === 'string' && x !== '');
  return parts.join(' — ').slice(0, 300);
}

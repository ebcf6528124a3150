import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { IsoDate } from '../../domain/dates';
import { DEMO_INSTANSI } from '../../db/seed/organisations';
import { demoPlan } from '../../db/seed/employees';
import snapshot from '../referensi-snapshot.json';
import type { SiasnAccount, SiasnEndpoints } from '../auth';
import { RIWAYAT_ENDPOINTS, type RiwayatJenis } from '../parse';
import { plantedDrifts, standInPopulation, type PlantedDrift } from './population';

/**
 * STAND-IN for BKN's SIASN web services (SIASN.md §2, §3, §7, §9.1), for tests and demos: a real HTTP server speaking
 * the protocol as public clients use it. The WSO2 gateway's token endpoint (client credentials, HTTP Basic), the
 * Keycloak password grant of realm public-siasn, both tokens required on `apisiasn/1.0` (`Authorization: Bearer` and
 * `Auth: bearer`), the APIM token alone on `referensi_siasn/1`; the envelopes, dd-mm-yyyy dates, mixed casing and error
 * texts SIASN answers with. Its people are the demo seed's, drifted on purpose (population.ts). Faults are switched
 * over `POST /stand-in/faults` or `setFaults()`. It is not SIASN and says so in every log line and in /stand-in.
 */
export interface FaultWindow {
  /** Data calls to let through before the fault starts. */
  after?: number;
  /** Data calls the fault answers; -1: until cleared. */
  count: number;
}

export interface FaultSettings {
  /** Every token issued so far is expired now (the next call with one gets 401). */
  expireTokens?: boolean;
  /** 401 `{data: "Token SSO mismatch"}` on data calls. */
  ssoMismatch?: FaultWindow | number;
  /** 503 `Runtime Error … SUSPENDED` (the gateway's backend is suspended). */
  suspended?: FaultWindow | number;
  /** The connection is destroyed without an answer (ECONNRESET). */
  reset?: FaultWindow | number;
  /** HTTP 200 with a truncated JSON body. */
  malformed?: FaultWindow | number;
  /** data-utama answers with another person's record. */
  wrongNip?: FaultWindow | number;
  /** A riwayat save answers `{success: false, message}` (SIASN refusing the record). */
  writeRefused?: FaultWindow | number;
  /** Added before every data answer. */
  latencyMs?: number;
  apimTtlSeconds?: number;
  ssoTtlSeconds?: number;
}

type FaultName = 'ssoMismatch' | 'suspended' | 'reset' | 'malformed' | 'wrongNip' | 'writeRefused';
const FAULTS: readonly FaultName[] = ['reset', 'suspended', 'ssoMismatch', 'malformed', 'wrongNip', 'writeRefused'];

export interface StandInSiasnOptions {
  port?: number;
  host?: string;
  /** The office day the population is laid out for (default: today in Jakarta). */
  today: IsoDate;
  log?: (line: string) => void;
  apimTtlSeconds?: number;
  ssoTtlSeconds?: number;
}

export interface StandInSiasn {
  url: string;
  endpoints: SiasnEndpoints;
  /** One account per demo instansi: an APIM consumer and its first operator's SSO login. */
  accounts: Record<string, SiasnAccount>;
  setFaults(f: FaultSettings): void;
  clearFaults(): void;
  /** Data calls answered so far, per path prefix (tests read the spacing and counts). */
  calls: { at: number; path: string; instansiId: string | null; status: number | 'reset' }[];
  drifts(instansiId?: string): PlantedDrift[];
  stop(): Promise<void>;
}

interface Issued { kind: 'apim' | 'sso'; instansiId: string; exp: number }

const STAND_IN = '[stand-in SIASN]';
const JSON_TYPE = { 'content-type': 'application/json' };

export async function startStandInSiasn(opts: StandInSiasnOptions): Promise<StandInSiasn> {
  const log = opts.log ?? (() => undefined);
  const pop = standInPopulation(opts.today);
  const plan = demoPlan();
  const accounts: Record<string, SiasnAccount> = {};
  for (const inst of DEMO_INSTANSI) {
    const operator = plan.officials[inst.id]?.operators[0];
    accounts[inst.id] = {
      consumerKey: `standin-${inst.slug}`, consumerSecret: randomBytes(18).toString('base64url'), ssoClientId: `standin-${inst.slug}`,
      username: operator?.nip ?? `operator-${inst.slug}`, password: randomBytes(12).toString('base64url'),
    };
  }
  const tokens = new Map<string, Issued>();
  const ttl = { apim: opts.apimTtlSeconds ?? 3600, sso: opts.ssoTtlSeconds ?? 43_200 };
  const windows = new Map<FaultName, { after: number; count: number }>();
  let latencyMs = 0;
  const calls: StandInSiasn['calls'] = [];

  const setFaults = (f: FaultSettings) => {
    if (f.expireTokens) for (const t of tokens.values()) t.exp = 0;
    for (const name of FAULTS) {
      const w = f[name];
      if (w === undefined) continue;
      const spec = typeof w === 'number' ? { count: w } : w;
      if (spec.count === 0) windows.delete(name);
      else windows.set(name, { after: spec.after ?? 0, count: spec.count });
    }
    if (f.latencyMs !== undefined) latencyMs = f.latencyMs;
    if (f.apimTtlSeconds !== undefined) ttl.apim = f.apimTtlSeconds;
    if (f.ssoTtlSeconds !== undefined) ttl.sso = f.ssoTtlSeconds;
    log(`${STAND_IN} faults: ${JSON.stringify(f)}`);
  };
  const clearFaults = () => {
    windows.clear();
    latencyMs = 0;
  };
  /** Whether the named fault answers this data call (each window counts only the calls it sees). */
  const fires = (name: FaultName): boolean => {
    const w = windows.get(name);
    if (!w) return false;
    if (w.after > 0) {
      w.after -= 1;
      return false;
    }
    if (w.count > 0) w.count -= 1;
    if (w.count === 0) windows.delete(name);
    return true;
  };

  const issue = (kind: 'apim' | 'sso', instansiId: string): { token: string; expiresIn: number } => {
    const expiresIn = ttl[kind];
    const exp = Date.now() + expiresIn * 1000;
    const token = kind === 'apim'
      ? randomBytes(24).toString('hex')
      : [
        Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', note: 'stand-in, unsigned' })).toString('base64url'),
        Buffer.from(JSON.stringify({
          exp: Math.floor(exp / 1000), iat: Math.floor(Date.now() / 1000), iss: 'stand-in/auth/realms/public-siasn', preferred_username: accounts[instansiId].username,
          realm_access: { roles: ['role:siasn-instansi:kp:operator', 'role:siasn-instansi:peremajaan:operator'] }, jti: randomBytes(8).toString('hex'),
        })).toString('base64url'),
        randomBytes(16).toString('base64url'),
      ].join('.');
    tokens.set(token, { kind, instansiId, exp });
    return { token, expiresIn };
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, raw?: string) => {
    res.writeHead(status, JSON_TYPE);
    res.end(raw ?? JSON.stringify(body));
  };

  async function readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 64 * 1024) throw new Error('body too large');
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  const valid = (token: string | undefined, kind: 'apim' | 'sso'): Issued | null => {
    const t = token ? tokens.get(token) : undefined;
    return t && t.kind === kind && t.exp > Date.now() ? t : null;
  };
  const bearer = (h: string | string[] | undefined): string | undefined => {
    const v = Array.isArray(h) ? h[0] : h;
    const m = v ? /^bearer\s+(\S+)$/i.exec(v.trim()) : null;
    return m?.[1];
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const p = url.pathname;

    if (p === '/stand-in' && req.method === 'GET') {
      send(res, 200, { tentang: 'STAND-IN SIASN: bukan layanan BKN; untuk uji dan demo', instansi: Object.keys(accounts), faults: Object.fromEntries(windows), latencyMs });
      return;
    }
    if (p === '/stand-in/faults' && req.method === 'POST') {
      setFaults(JSON.parse((await readBody(req)) || '{}') as FaultSettings);
      send(res, 200, { ok: true, faults: Object.fromEntries(windows) });
      return;
    }
    if (p === '/stand-in/faults' && req.method === 'DELETE') {
      clearFaults();
      send(res, 200, { ok: true });
      return;
    }
    if (p === '/stand-in/drifts' && req.method === 'GET') {
      send(res, 200, { items: plantedDrifts(opts.today, url.searchParams.get('instansi') ?? undefined) });
      return;
    }

    if (p === '/oauth2/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      const [key, secret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':') : [];
      const instansiId = Object.keys(accounts).find((id) => accounts[id].consumerKey === key && accounts[id].consumerSecret === secret);
      if (form.get('grant_type') !== 'client_credentials') {
        send(res, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type value' });
      } else if (!instansiId) {
        send(res, 401, { error: 'invalid_client', error_description: 'A valid OAuth client could not be found for client_id: ' + (key ?? '') });
      } else {
        const t = issue('apim', instansiId);
        send(res, 200, { access_token: t.token, scope: 'default', token_type: 'Bearer', expires_in: t.expiresIn });
      }
      return;
    }
    if (p === '/auth/realms/public-siasn/protocol/openid-connect/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const instansiId = Object.keys(accounts).find((id) => accounts[id].ssoClientId === form.get('client_id'));
      const a = instansiId ? accounts[instansiId] : undefined;
      if (form.get('grant_type') !== 'password') {
        send(res, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant_type' });
      } else if (!a) {
        send(res, 401, { error: 'invalid_client', error_description: 'Invalid client or Invalid client credentials' });
      } else if (form.get('username') !== a.username || form.get('password') !== a.password) {
        send(res, 401, { error: 'invalid_grant', error_description: 'Invalid user credentials' });
      } else {
        const t = issue('sso', instansiId!);
        send(res, 200, {
          access_token: t.token, expires_in: t.expiresIn, refresh_expires_in: t.expiresIn, refresh_token: randomBytes(24).toString('base64url'),
          token_type: 'Bearer', 'not-before-policy': 0, session_state: randomBytes(16).toString('hex'), scope: 'profile email',
        });
      }
      return;
    }

    if (p.startsWith('/referensi_siasn/1/') && req.method === 'GET') {
      const apim = valid(bearer(req.headers.authorization), 'apim');
      if (!apim) {
        send(res, 401, { code: 900901, message: 'Invalid Credentials', description: 'Invalid Credentials. Make sure you have provided the correct security credentials' });
        return;
      }
      const m = /^\/referensi_siasn\/1\/([a-z-]+)\/search$/.exec(p);
      const tables: Record<string, readonly unknown[]> = {
        golongan: snapshot.golongan, 'jenis-jabatan': snapshot.jenisJabatan, eselon: snapshot.eselon, 'kedudukan-hukum': snapshot.kedudukanHukum,
        'tingkat-pendidikan': snapshot.tingkatPendidikan,
      };
      const rows = m ? tables[m[1]] : undefined;
      if (!rows) send(res, 404, { code: 0, data: 'Data tidak ditemukan' });
      else send(res, 200, { code: 1, data: rows.map((r) => ({ ...(r as object), kita: undefined })) });
      return;
    }

    const isSave = req.method === 'POST' && SAVES.has(p);
    if (!p.startsWith('/apisiasn/1.0/') || (req.method !== 'GET' && !isSave)) {
      send(res, 404, { code: 404, type: 'Status report', message: 'Not Found', description: 'The requested resource is not available.' });
      return;
    }
    const apim = valid(bearer(req.headers.authorization), 'apim');
    const record = (status: number | 'reset', instansiId: string | null) => calls.push({ at: Date.now(), path: p, instansiId, status });
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (fires('reset')) {
      record('reset', apim?.instansiId ?? null);
      req.socket.destroy();
      return;
    }
    const answer = (status: number, body: unknown, raw?: string) => {
      record(status, apim?.instansiId ?? null);
      send(res, status, body, raw);
    };
    if (!apim) {
      answer(401, { code: 900901, message: 'Invalid Credentials', description: 'Invalid Credentials. Make sure you have provided the correct security credentials' });
      return;
    }
    if (fires('suspended')) {
      answer(503, { code: 303001, message: 'Runtime Error', description: 'Currently , Address endpoint : [ Name : apisiasn--v1.0_APIproductionEndpoint ] [ State : SUSPENDED ]' });
      return;
    }
    const sso = valid(bearer(req.headers.auth), 'sso');
    if (!sso) {
      answer(401, { message: 'invalid or expired jwt' });
      return;
    }
    if (sso.instansiId !== apim.instansiId || fires('ssoMismatch')) {
      answer(401, { code: 0, data: 'Token SSO mismatch' });
      return;
    }
    const instansiId = apim.instansiId;
    const notFound = () => answer(404, { code: 0, data: 'Data tidak ditemukan' });
    const ok = (body: unknown) => {
      if (fires('malformed')) answer(200, null, JSON.stringify(body).slice(0, 40));
      else answer(200, body);
    };

    if (isSave) {
      // A riwayat save (SIASN.md §6.2): the record joins the person's riwayat, so a read afterwards shows it; a save for
      // a year (and months) already held replaces that row, as SIASN keeps one per period.
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      } catch {
        answer(400, { success: false, message: 'Format JSON tidak valid' });
        return;
      }
      if (fires('writeRefused')) {
        answer(200, { success: false, message: 'Data gagal disimpan: penilaian kinerja untuk periode ini sudah mencapai batas' });
        return;
      }
      const kind = SAVES.get(p)!;
      const owner = [...pop.people.values()].find((x) => x.pnsId === String(body[kind.ownerKey] ?? '') && x.instansiId === instansiId);
      if (!owner) {
        answer(200, { success: false, message: 'PNS tidak ditemukan' });
        return;
      }
      const id = randomBytes(16).toString('hex');
      const row = kind.row(body, id, owner.pnsId);
      const rows = owner.riwayat[kind.jenis];
      const same = rows.findIndex((r) => kind.samePeriod(r, row));
      if (same >= 0) rows.splice(same, 1, row);
      else rows.push(row);
      answer(200, { success: true, message: 'Data berhasil disimpan', mapData: { [kind.mapKey]: id } });
      return;
    }
    if (p === '/apisiasn/1.0/referensi/ref-unor') {
      const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 10) || 10, 1), 500);
      const offset = Math.max(Number(url.searchParams.get('offset') ?? 0) || 0, 0);
      const rows = pop.unor.get(instansiId) ?? [];
      ok({ code: '1', count: rows.length, data: rows.slice(offset, offset + limit) });
      return;
    }
    const du = /^\/apisiasn\/1\.0\/pns\/data-utama\/(\d{18})$/.exec(p);
    if (du) {
      const person = pop.people.get(du[1]);
      if (!person || person.instansiId !== instansiId) {
        notFound();
        return;
      }
      if (fires('wrongNip')) {
        const other = [...pop.people.values()].find((x) => x.instansiId === instansiId && x.nip !== person.nip)!;
        ok({ code: 1, data: other.dataUtama });
        return;
      }
      ok({ code: 1, data: person.dataUtama });
      return;
    }
    const rw = /^\/apisiasn\/1\.0\/(pns\/rw-[a-z0-9]+)\/(\d{18})$/.exec(p);
    const jenis = rw ? (Object.keys(RIWAYAT_ENDPOINTS) as RiwayatJenis[]).find((j) => RIWAYAT_ENDPOINTS[j].path === rw[1]) : undefined;
    if (rw && jenis) {
      const person = pop.people.get(rw[2]);
      const rows = person && person.instansiId === instansiId ? person.riwayat[jenis] : [];
      if (rows.length === 0) notFound();
      else ok({ code: '1', data: rows });
      return;
    }
    notFound();
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`${STAND_IN} error: ${String(err)}`);
      if (!res.headersSent) send(res, 500, { message: 'Runtime Error', description: 'stand-in error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://${opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'}:${port}`;
  log(`${STAND_IN} listening on ${base} (a STAND-IN for BKN's SIASN web services, not SIASN)`);
  return {
    url: base,
    endpoints: standInEndpoints(base),
    accounts,
    setFaults,
    clearFaults,
    calls,
    drifts: (instansiId) => plantedDrifts(opts.today, instansiId),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The saves the stand-in takes, each turning its body into the row its riwayat read answers with. */
const SAVES: ReadonlyMap<string, {
  jenis: RiwayatJenis; ownerKey: string; mapKey: string;
  row(body: Record<string, unknown>, id: string, pnsId: string): Record<string, unknown>;
  samePeriod(a: Record<string, unknown>, b: Record<string, unknown>): boolean;
}> = new Map([
  ['/apisiasn/1.0/skp22/save', {
    jenis: 'skp' as const, ownerKey: 'pnsDinilaiOrang', mapKey: 'rwSkp22Id',
    row: (b: Record<string, unknown>, id: string, pnsId: string) => ({
      id, tahun: Number(b.tahun), hasilKinerja: null, hasilKinerjaNilai: b.hasilKinerjaNilai ?? null, KuadranKinerjaNilai: b.kuadranKinerjaNilai ?? null,
      perilakuKerja: null, PerilakuKerjaNilai: b.perilakuKerjaNilai ?? null, namaPenilai: b.penilaiNama ?? null, nipNrpPenilai: b.penilaiNipNrp ?? null,
      statusPenilai: b.statusPenilai ?? 'ASN', pnsDinilaiId: pnsId, path: {},
    }),
    samePeriod: (a: Record<string, unknown>, b: Record<string, unknown>) => Number(a.tahun) === Number(b.tahun),
  }],
  ['/apisiasn/1.0/kinerjaperiodik/save', {
    jenis: 'kinerja' as const, ownerKey: 'pnsDinilaiId', mapKey: 'rwKinerjaPeriodikId',
    row: (b: Record<string, unknown>, id: string, pnsId: string) => ({
      id, tahun: Number(b.tahun), periodikId: String(b.periodikId ?? '2'), bulanMulaiPenilaian: b.bulanMulaiPenilaian, bulanSelesaiPenilaian: b.bulanSelesaiPenilaian,
      hasilKinerjaNilai: b.hasilKinerjaNilai ?? null, perilakuKerjaNilai: b.perilakuKerjaNilai ?? null, kuadranKinerjaNilai: b.kuadranKinerjaNilai ?? null,
      koefisenId: null, pnsDinilaiId: pnsId,
    }),
    samePeriod: (a: Record<string, unknown>, b: Record<string, unknown>) => Number(a.tahun) === Number(b.tahun)
      && Number(a.bulanMulaiPenilaian) === Number(b.bulanMulaiPenilaian) && Number(a.bulanSelesaiPenilaian) === Number(b.bulanSelesaiPenilaian),
  }],
]);

/** SIASN's paths on one base URL (the stand-in's, or a gateway that serves them all under one host). */
export function standInEndpoints(base: string): SiasnEndpoints {
  const b = base.replace(/\/$/, '');
  return {
    apiBase: `${b}/apisiasn/1.0`, referensiBase: `${b}/referensi_siasn/1`, apimTokenUrl: `${b}/oauth2/token`,
    ssoTokenUrl: `${b}/auth/realms/public-siasn/protocol/openid-connect/token`,
  };
}

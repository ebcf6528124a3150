import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { randomBytes, randomUUID } from 'node:crypto';
import type express from 'express';
import pino from 'pino';
import { loadConfig, type Config } from '../../config';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest, type Db } from '../../db';
import { createUser } from '../../db/repos/users';
import type { Role } from '../../domain/identity';
import { closeApp, createApp } from '../../api/app';
import type { AppDeps } from '../../api/deps';
import { generateTotpSecret, totpNow, totpStep } from '../../identity/totp';

export const PG_SERVER = process.env.TEST_PG_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const PASSWORD = 'Rahasia-Uji-123!';

/** A fresh, migrated database of its own for one test file. */
export async function createTestDb(): Promise<{ db: Db; url: string; name: string; drop(): Promise<void> }> {
  const name = `usulan_api_test_${randomBytes(5).toString('hex')}`;
  const url = await ensureDatabase(PG_SERVER, name);
  const db = createDb(url, { max: 10 });
  await migrateToLatest(db);
  return {
    db,
    url,
    name,
    async drop() {
      await db.destroy();
      await dropDatabase(PG_SERVER, name);
    },
  };
}

export interface FixtureUser {
  id: string;
  username: string;
  role: Role;
  totpSecret: string | null;
  instansiId: string | null;
  kanregId: string | null;
  nip: string | null;
}

export const NIP = { a: '197001131989032002', b: '198502102010011003', c: '199003152015032001' } as const;

/**
 * Two kanreg; instansi A and B under kanreg 1, C under kanreg 2; one employee and one usulan per instansi (B's SK is
 * signed by the Head of BKN); users for every role.
 */
export async function seedFixtures(db: Db) {
  await db.insertInto('kanreg').values([
    { id: 'kr1', nama: 'Kanreg I', kode: 'KR1', kota: 'Yogyakarta', kepala_user_id: null },
    { id: 'kr2', nama: 'Kanreg II', kode: 'KR2', kota: 'Surabaya', kepala_user_id: null },
  ]).execute();
  const inst = (id: string, nama: string, kanreg: string) => ({
    id, nama, jenis: 'KABUPATEN', kanreg_id: kanreg, jabatan_ppk: 'Bupati', tempat_penetapan: 'Contoh', kode_unit_sk: id.toUpperCase(),
  });
  await db.insertInto('instansi').values([inst('ia', 'Kab. A', 'kr1'), inst('ib', 'Kab. B', 'kr1'), inst('ic', 'Kab. C', 'kr2')]).execute();
  const emp = (nip: string, instansi: string) => ({
    nip, nama: `Pegawai ${nip.slice(-3)}`, tempat_lahir: 'Contoh', tanggal_lahir: `${nip.slice(0, 4)}-${nip.slice(4, 6)}-${nip.slice(6, 8)}`,
    jenis_kelamin: nip[14] === '1' ? ('L' as const) : ('P' as const), jenis_asn: 'PNS' as const, instansi_id: instansi,
    jabatan_nama: 'Analis', jabatan_jenis: 'PELAKSANA' as const, golongan_id: 32, tmt_golongan: '2020-04-01', pendidikan_level: 'S1',
  });
  await db.insertInto('employee').values([emp(NIP.a, 'ia'), emp(NIP.b, 'ib'), emp(NIP.c, 'ic')]).execute();

  const users: Record<string, FixtureUser> = {};
  const add = async (username: string, role: Role, o: { instansiId?: string; kanregId?: string; nip?: string; totp?: boolean } = {}) => {
    const totpSecret = o.totp ? generateTotpSecret() : null;
    const u = await createUser(db, {
      id: `u-${username}`, username, password: PASSWORD, nama: `Pengguna ${username}`, role,
      instansiId: o.instansiId ?? null, kanregId: o.kanregId ?? null, nip: o.nip ?? null, totpSecret,
    });
    users[username] = { id: u.id, username, role, totpSecret, instansiId: u.instansi_id, kanregId: u.kanreg_id, nip: u.nip };
  };
  await add('admin', 'ADMIN');
  await add('op_a', 'OPERATOR', { instansiId: 'ia', kanregId: 'kr1' });
  await add('op_c', 'OPERATOR', { instansiId: 'ic', kanregId: 'kr2' });
  await add('appr_a', 'APPROVER', { instansiId: 'ia', kanregId: 'kr1', totp: true });
  await add('appr_b', 'APPROVER', { instansiId: 'ib', kanregId: 'kr1', totp: true });
  await add('appr_c', 'APPROVER', { instansiId: 'ic', kanregId: 'kr2', totp: true });
  await add('plt_a', 'OPERATOR', { instansiId: 'ia', kanregId: 'kr1', totp: true });
  await add('ver_1', 'VERIFIER', { kanregId: 'kr1', totp: true });
  await add('kakanreg_2', 'KANREG_HEAD', { kanregId: 'kr2', totp: true });
  await add('bkn_head', 'BKN_HEAD', { totp: true });
  await add('emp_a', 'EMPLOYEE', { instansiId: 'ia', kanregId: 'kr1', nip: NIP.a });
  await add('approver_no_totp', 'APPROVER', { instansiId: 'ib', kanregId: 'kr1' });

  const usulan = (id: string, nip: string, instansi: string, kanreg: string, signer: 'PPK' | 'KEPALA_BKN') => ({
    id, nip, nama: `Pegawai ${nip.slice(-3)}`, instansi_id: instansi, kanreg_id: kanreg, periode: '2026-04-01', jenis_kp: 101,
    status: 'MENUNGGU_PERSETUJUAN', golongan_lama: 32, golongan_baru: 33, penandatangan_sk: signer, submitted_by: users.op_a.id,
  });
  await db.insertInto('usulan_kp').values([
    usulan('kp-a', NIP.a, 'ia', 'kr1', 'PPK'),
    usulan('kp-b', NIP.b, 'ib', 'kr1', 'KEPALA_BKN'),
    usulan('kp-c', NIP.c, 'ic', 'kr2', 'PPK'),
  ]).execute();
  return { users };
}

export type Fixtures = Awaited<ReturnType<typeof seedFixtures>>;

/** Collects log lines so a test can check what reached the logs. */
export function captureLogs(): { logger: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

export interface RunningApp {
  url: string;
  app: express.Express;
  config: Readonly<Config>;
  close(): Promise<void>;
}

export async function startApp(db: Db, opts: { env?: Record<string, string>; deps?: Partial<AppDeps> } = {}): Promise<RunningApp> {
  const config = loadConfig({ ...process.env, DATABASE_URL: 'postgres://unused', LOG_LEVEL: 'silent', ...opts.env });
  const app = createApp({
    db,
    config,
    logger: pino({ level: 'silent' }),
    rateLimits: { loginPerAddress: { max: 10_000, windowMs: 60_000 }, apiPerAddress: { max: 100_000, windowMs: 60_000 }, apiPerActor: { max: 100_000, windowMs: 60_000 } },
    ...opts.deps,
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    config,
    close: () => new Promise<void>((resolve) => {
      closeApp(app);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

/** A browser-like client: keeps cookies, sends the CSRF token when it has one. */
export class Client {
  cookies = new Map<string, string>();
  csrfToken?: string;
  bearer?: string;

  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, o: { json?: unknown; body?: string | Buffer; headers?: Record<string, string>; idempotencyKey?: string | null } = {}): Promise<Res<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...(o.headers ?? {}) };
    if (this.cookies.size && !('cookie' in headers)) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrfToken && !('x-csrf-token' in headers)) headers['x-csrf-token'] = this.csrfToken;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (method === 'POST' && o.idempotencyKey !== null && !('idempotency-key' in headers)) headers['idempotency-key'] = o.idempotencyKey ?? randomUUID();
    let body: string | Buffer | undefined = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (!value || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers, text };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, json?: unknown, o: { headers?: Record<string, string>; idempotencyKey?: string | null } = {}) {
    return this.request<T>('POST', path, { json: json ?? {}, ...o });
  }

  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

const usedSteps = new Map<string, number>();

/**
 * A TOTP code for a step not used before by this user (the server accepts each step once, from one step behind to one
 * ahead); when all three are used, waits for the next step as a person would.
 */
export async function freshTotp(user: FixtureUser): Promise<string> {
  const last = usedSteps.get(user.id);
  const step = Math.max(totpStep() - 1, last === undefined ? -Infinity : last + 1);
  const waitMs = (step - 1) * 30_000 - Date.now();
  if (waitMs > 0) await sleep(waitMs + 50);
  usedSteps.set(user.id, step);
  return totpNow(user.totpSecret!, step * 30_000);
}

/** Logs in (and completes TOTP when asked), answering the ready client. */
export async function login(baseUrl: string, user: FixtureUser): Promise<Client> {
  const c = new Client(baseUrl);
  const r = await c.post('/api/v1/auth/login', { username: user.username, password: PASSWORD }, { idempotencyKey: null });
  if (r.status !== 200) throw new Error(`login ${user.username}: ${r.status} ${r.text}`);
  c.csrfToken = r.body.csrfToken;
  if (r.body.mfaRequired) {
    const t = await c.post('/api/v1/auth/totp', { code: await freshTotp(user) }, { idempotencyKey: null });
    if (t.status !== 200) throw new Error(`totp ${user.username}: ${t.status} ${t.text}`);
    c.csrfToken = t.body.csrfToken;
  }
  return c;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ApiTestEnv {
  db: Db;
  fx: Fixtures;
  app: RunningApp;
}

/**
 * One migrated database with the fixtures and a running app for the test file, torn down after it. `ready` receives
 * them (and may log users in) before the first test.
 */
export function useApiTestApp(ready: (env: ApiTestEnv) => void | Promise<void>, opts: Parameters<typeof startApp>[1] | (() => Parameters<typeof startApp>[1]) = {}): void {
  let t: Awaited<ReturnType<typeof createTestDb>> | undefined;
  let app: RunningApp | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    const fx = await seedFixtures(t.db);
    app = await startApp(t.db, typeof opts === 'function' ? opts() : opts);
    await ready({ db: t.db, fx, app });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });
}

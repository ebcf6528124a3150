import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createDb, dropDatabase, ensureDatabase, type Db } from '../../db';
import { DEMO_USERS } from '../../db/seed';
import { createApiToken } from '../../api/auth/tokens';
import { ApiClient } from '../helpers/http-client';
import { eventually } from '../helpers/harness';

/**
 * Limits that hold across processes: three real API processes (`npm run api`, the deployment's shape) on one database.
 * With per-process counters each would grant the whole limit, three times over.
 */
jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const op = DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!;
const employee = DEMO_USERS.find((u) => u.role === 'EMPLOYEE')!;

let dbName: string;
let db: Db;
const apis: Array<{ child: ChildProcess; url: string }> = [];

beforeAll(async () => {
  dbName = `usulan_t_${randomBytes(5).toString('hex')}`;
  const databaseUrl = await ensureDatabase(process.env.TEST_PG_SERVER_URL!, dbName, process.env.TEST_TEMPLATE_DB);
  db = createDb(databaseUrl, { max: 3 });
  for (let i = 0; i < 3; i++) {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/api.ts'], {
      cwd: ROOT,
      env: {
        ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS, TASK_QUEUE: `tq-${dbName}`,
        PORT: '0', HOST: '127.0.0.1', DATA_DIR: path.join(process.env.TEST_TMP_DIR!, `${dbName}-${i}`), SMTP_URL: '', SMTP_CAPTURE_PORT: '0', LOG_LEVEL: 'silent',
        RATE_LIMIT_API_USER: '30/1m', RATE_LIMIT_API_TOKEN: '1000/1m', RATE_LIMIT_LOGIN_ACCOUNT: '5/15m',
        // Three processes beside the other suites on one PostgreSQL: a small pool each, or max_connections runs out.
        DB_POOL_SIZE: '4',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    const url = await eventually(async () => /usulan API listening on (http:\/\/\S+)/.exec(out)?.[1] ?? (child.exitCode !== null ? Promise.reject(new Error(out)) : undefined), 120_000);
    apis.push({ child, url });
  }
});

afterAll(async () => {
  // Wait for the processes to close their pools, so their connections are free for the suites after this one.
  await Promise.all(apis.map((a) => new Promise<void>((resolve) => {
    if (a.child.exitCode !== null) return resolve();
    const force = setTimeout(() => a.child.kill('SIGKILL'), 15_000);
    a.child.once('exit', () => { clearTimeout(force); resolve(); });
    a.child.kill('SIGTERM');
  })));
  await db?.destroy();
  await dropDatabase(process.env.TEST_PG_SERVER_URL!, dbName).catch(() => undefined);
});

describe('rate limits shared by three API processes', () => {
  it('five wrong passwords spread over the three processes lock the account on all of them', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await new ApiClient(apis[i % 3].url).post('/api/v1/auth/login', { username: employee.username, password: 'salah-sekali' }, { idempotencyKey: null });
      expect(r.status).toBe(401);
    }
    for (const a of apis) {
      const r = await new ApiClient(a.url).post('/api/v1/auth/login', { username: employee.username, password: employee.password }, { idempotencyKey: null });
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it("a person's request limit (30 a minute) holds across the processes, give or take one second of the others' traffic", async () => {
    const clients = await Promise.all(apis.map(async (a) => {
      const c = new ApiClient(a.url);
      const r = await c.post('/api/v1/auth/login', { username: op.username, password: op.password }, { idempotencyKey: null });
      expect(r.status).toBe(200);
      c.csrfToken = r.body.csrfToken;
      return c;
    }));
    let admitted = 0;
    let refused = 0;
    // 60 requests over about six seconds, round robin: each process alone sees 20, under the limit.
    for (let i = 0; i < 60; i++) {
      const r = await clients[i % 3].get('/api/v1/auth/me');
      if (r.status === 200) admitted += 1;
      else {
        expect(r.status).toBe(429);
        expect(r.body.detail).toMatch(/akun ini/);
        refused += 1;
      }
      await sleep(100);
    }
    expect(admitted).toBeGreaterThanOrEqual(30 - 3);
    expect(admitted).toBeLessThanOrEqual(30 + 12);
    expect(refused).toBe(60 - admitted);
  });

  it('an integration token has its own quota: far above a person, or what its row says', async () => {
    const admin = await db.selectFrom('app_user').select('id').where('role', '=', 'ADMIN').executeTakeFirstOrThrow();
    const inst = await db.selectFrom('instansi').select('kanreg_id').where('id', '=', 'I-3300').executeTakeFirstOrThrow();
    const plain = await createApiToken(db, { name: 'SIMPEG uji', instansiId: 'I-3300', kanregId: inst.kanreg_id, scopes: ['kp:read'], expiresAt: null, createdBy: admin.id });
    const small = await createApiToken(db, { name: 'SIMPEG kecil', instansiId: 'I-3300', kanregId: inst.kanreg_id, scopes: ['kp:read'], expiresAt: null, createdBy: admin.id, requestsPerMinute: 10 });
    const nip = (await db.selectFrom('employee').select('nip').where('instansi_id', '=', 'I-3300').executeTakeFirstOrThrow()).nip;
    const bearer = (token: string, url: string) => fetch(`${url}/api/v1/pegawai/${nip}/riwayat-golongan`, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    // 90 requests at once over the three processes: three times a person's limit, all inside the token's.
    const many = await Promise.all(Array.from({ length: 90 }, (_, i) => bearer(plain.token, apis[i % 3].url).then((r) => r.status)));
    expect(many.filter((s) => s === 200)).toHaveLength(90);
    const few: number[] = [];
    for (let i = 0; i < 24; i++) {
      few.push((await bearer(small.token, apis[i % 3].url)).status);
      await sleep(100);
    }
    const ok = few.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThanOrEqual(10 - 2);
    // The bound of a limiter synced once a second: between two syncs each of the two other processes may admit what
    // it sees as free (about 3-4 requests each at this pace, more when a loaded machine delays a sync).
    expect(ok).toBeLessThanOrEqual(10 + 8);
    expect(few.filter((s) => s === 429)).toHaveLength(24 - ok);
    // Bound to its instansi: another instansi's employee does not exist for it.
    const foreign = (await db.selectFrom('employee').select('nip').where('instansi_id', '!=', 'I-3300').executeTakeFirstOrThrow()).nip;
    const r = await fetch(`${apis[0].url}/api/v1/pegawai/${foreign}/riwayat-golongan`, { headers: { authorization: `Bearer ${plain.token}`, accept: 'application/json' } });
    expect(r.status).toBe(404);
  });
});

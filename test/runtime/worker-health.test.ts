import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createWorkers, type WorkerSet } from '../../runtime/worker';
import { startWorkerHealthServer, type WorkerHealthServer } from '../../runtime/worker-health';
import { dropDatabase, ensureDatabase } from '../../db';
import { freePort } from '../../runtime/ports';
import { eventually } from '../helpers/harness';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');
const address = () => process.env.TEST_TEMPORAL_ADDRESS!;

async function get(url: string): Promise<{ status: number; body: string }> {
  const r = await fetch(url);
  return { status: r.status, body: await r.text() };
}

describe('the worker health server, in process', () => {
  let set: WorkerSet;
  let health: WorkerHealthServer;
  const fatal: Error[] = [];

  beforeAll(async () => {
    set = await createWorkers({ address: address(), namespace: 'default', taskQueue: `tq-health-${randomBytes(4).toString('hex')}`, activities: { noop: async () => undefined }, documentActivities: { noop: async () => undefined } });
    set.onFatal((e) => fatal.push(e));
    void set.run().catch(() => undefined);
    health = await startWorkerHealthServer(set, { port: 0 });
  });
  afterAll(async () => {
    await set?.shutdown();
    await health?.stop();
  });

  it('answers 200 while both workers poll, with each queue and its state, and serves the metrics', async () => {
    const ok = await eventually(async () => {
      const r = await get(`http://127.0.0.1:${health.port}/health`);
      return r.status === 200 ? r : undefined;
    });
    const body = JSON.parse(ok.body);
    expect(body.status).toBe('ok');
    expect(body.workers).toHaveLength(2);
    expect(body.workers.every((w: { state: string }) => w.state === 'RUNNING')).toBe(true);
    const m = await get(`http://127.0.0.1:${health.port}/metrics`);
    expect(m.status).toBe(200);
    expect(m.body).toContain('# TYPE activity_failures_total counter');
  });

  it('when one worker stops without being asked, reports it once and answers 503', async () => {
    set.workers[1].shutdown();
    await eventually(async () => fatal.length > 0);
    expect(fatal[0].message).toMatch(/stopped without being asked/);
    const r = await get(`http://127.0.0.1:${health.port}/health`);
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body).status).toBe('unhealthy');
    expect(fatal).toHaveLength(1);
  });
});

describe('npm run worker as a process', () => {
  let child: ChildProcess | undefined;
  let dbName: string;
  let out = '';

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await dropDatabase(process.env.TEST_PG_SERVER_URL!, dbName).catch(() => undefined);
  });

  it('serves /health (200, both queues) and /metrics while polling; on SIGTERM it stops answering and exits 0', async () => {
    dbName = `usulan_t_${randomBytes(5).toString('hex')}`;
    const databaseUrl = await ensureDatabase(process.env.TEST_PG_SERVER_URL!, dbName, process.env.TEST_TEMPLATE_DB);
    const port = await freePort();
    child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/worker.ts'], {
      cwd: ROOT,
      env: {
        ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: address(), TASK_QUEUE: `tq-${dbName}`,
        WORKER_ROLE: 'all', WORKER_HEALTH_PORT: String(port), DATA_DIR: path.join(process.env.TEST_TMP_DIR!, dbName), SMTP_URL: '', SMTP_CAPTURE_PORT: '0',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

    await eventually(async () => out.includes('usulan worker (all) polling'), 90_000);
    expect(out).toContain(`health on http://127.0.0.1:${port}/health`);
    const ok = await eventually(async () => {
      const r = await get(`http://127.0.0.1:${port}/health`);
      return r.status === 200 ? r : undefined;
    });
    expect(JSON.parse(ok.body).workers.map((w: { taskQueue: string }) => w.taskQueue)).toEqual([`tq-${dbName}`, `tq-${dbName}-documents`]);
    const m = await get(`http://127.0.0.1:${port}/metrics`);
    expect(m.status).toBe(200);
    expect(m.body).toContain('# TYPE activity_failures_total counter');

    child.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 60_000))]);
    expect({ code, out }).toMatchObject({ code: 0 });
    await expect(get(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});

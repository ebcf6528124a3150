import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../config';
import { dropDatabase, ensureDatabase } from '../../db';
import { startEngine, type Engine, type EngineOptions } from '../../runtime/engine';
import { DEMO_USERS } from '../../db/seed';
import { totpNow } from '../../identity/totp';
import { ApiClient } from './http-client';

export interface TestEngine extends Engine {
  url: string;
  dbName: string;
  /** Logs a demo user in (password and, for officials, the TOTP step) and returns their client. */
  login(username: string): Promise<ApiClient>;
  close(): Promise<void>;
}

/**
 * A whole engine for one test file: its own database copied from the seeded template, its own task queue on the shared
 * dev server, a mail capture server and the API on a free port. SLA durations are seconds unless a test overrides them.
 */
export async function startTestEngine(env: Record<string, string> = {}, engineOpts: Pick<EngineOptions, 'housekeeping' | 'clock'> = {}): Promise<TestEngine> {
  const server = process.env.TEST_PG_SERVER_URL!;
  const dbName = `usulan_t_${randomBytes(5).toString('hex')}`;
  const databaseUrl = await ensureDatabase(server, dbName, process.env.TEST_TEMPLATE_DB);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    TASK_QUEUE: `tq-${dbName}`,
    DATA_DIR: path.join(process.env.TEST_TMP_DIR!, dbName),
    SMTP_URL: '',
    LOG_LEVEL: 'silent',
    SLA_APPROVAL: '1h',
    SLA_VERIFICATION: '1h',
    SLA_REMINDER_BEFORE: '10m',
    ...env,
  });
  const engine = await startEngine(config, {
    port: 0, mailCapturePort: 0, keysDir: path.join(process.env.TEST_TMP_DIR!, 'keys'), blobDir: path.join(process.env.TEST_TMP_DIR!, 'blobs'), enrolDemoSigners: false, housekeeping: false, ...engineOpts,
  });
  return {
    ...engine,
    url: engine.url!,
    dbName,
    async login(username: string) {
      const user = DEMO_USERS.find((u) => u.username === username);
      if (!user) throw new Error(`no demo user ${username}`);
      const client = new ApiClient(engine.url!);
      const res = await client.post('/api/v1/auth/login', { username, password: user.password }, { idempotencyKey: null });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      client.csrfToken = res.body.csrfToken;
      if (res.body.mfaRequired) {
        const t = await client.post('/api/v1/auth/totp', { code: totpNow(user.totpSecret!) }, { idempotencyKey: null });
        if (t.status !== 200) throw new Error(`totp ${username}: ${t.status} ${JSON.stringify(t.body)}`);
        if (t.body?.csrfToken) client.csrfToken = t.body.csrfToken;
      }
      return client;
    },
    async close() {
      await engine.stop();
      await dropDatabase(server, dbName).catch(() => undefined);
    },
  };
}

/** Polls until `fn` returns a truthy value (workflows move asynchronously after an API call returns). */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

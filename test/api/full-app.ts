import path from 'node:path';
import type express from 'express';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { loadConfig } from '../../config';
import type { Db } from '../../db';
import { buildRouters } from '../../runtime/routers';
import { FsBlobStore } from '../../dms/blob-store';
import { createLocalSigner, ensureStandInPki } from '../../signing';
import { createTestDb, seedFixtures, startApp, type ApiTestEnv, type RunningApp } from './fixtures';

/**
 * Every router the engine mounts (runtime/routers.ts, the assembly runtime/engine.ts mounts), wired to a test
 * database: a Temporal client that connects only when a request gets as far as a workflow (no worker polls its task
 * queue, so nothing runs), the PKI and blob folder the global setup made. What the API answers before Temporal is
 * involved (every refusal of malformed input) is the real app's answer.
 */
export async function engineRouters(db: Db): Promise<{ routers: { path: string; router: express.Router }[]; temporal: TemporalClient; close(): Promise<void> }> {
  const config = loadConfig({ ...process.env, DATABASE_URL: 'postgres://unused', LOG_LEVEL: 'silent' });
  const connection = Connection.lazy({ address: process.env.TEST_TEMPORAL_ADDRESS! });
  const temporal = new TemporalClient({ connection, namespace: config.temporalNamespace });
  const keysDir = path.join(process.env.TEST_TMP_DIR!, 'keys');
  const pki = await ensureStandInPki(keysDir, { caPassphrase: config.signingCaPassphrase });
  const signer = createLocalSigner(keysDir, { caPassphrase: config.signingCaPassphrase });
  const blobs = new FsBlobStore(path.join(process.env.TEST_TMP_DIR!, 'blobs'));
  const routers = buildRouters({ db, temporal, config, blobs, signer, trustedRootsPem: [pki.rootCertPem], keysDir, pki });
  return { routers, temporal, close: () => connection.close() };
}

/** useApiTestApp with every router of the engine mounted: the fixtures database and users, the whole API. */
export function useFullApiApp(ready: (env: ApiTestEnv) => void | Promise<void>): void {
  let t: Awaited<ReturnType<typeof createTestDb>> | undefined;
  let app: RunningApp | undefined;
  let parts: Awaited<ReturnType<typeof engineRouters>> | undefined;
  beforeAll(async () => {
    t = await createTestDb();
    const fx = await seedFixtures(t.db);
    parts = await engineRouters(t.db);
    app = await startApp(t.db, { deps: { temporal: parts.temporal, extraRouters: parts.routers } });
    await ready({ db: t.db, fx, app });
  });
  afterAll(async () => {
    await app?.close();
    await parts?.close();
    await t?.drop();
  });
}

/** Every route the Express app answers, as 'GET /api/v1/kp/usulan/:id', walking nested routers with their mount paths. */
export function mountedRoutes(app: express.Express): string[] {
  const out: string[] = [];
  type Layer = { route?: { path: string | string[]; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; rawPath?: unknown };
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) for (const m of Object.keys(layer.route.methods)) if (layer.route.methods[m]) out.push(`${m.toUpperCase()} ${prefix}${p}`);
        continue;
      }
      if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...new Set(out)].sort();
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, dropDatabase, ensureDatabase, migrateToLatest } from '../db';
import { startEmbeddedPostgres } from '../runtime/embedded-postgres';
import { ensureTemporalCli } from '../runtime/temporal-cli';
import { startDevServer } from '../runtime/temporal-dev-server';
import { freePort } from '../runtime/ports';
import { buildWorkflowBundle } from '../runtime/workflow-bundle';
import { seedDemo, DEMO_SIGNERS } from '../db/seed';
import { ensureStandInPki, enrolOfficial } from '../signing';
import { loadConfig } from '../config';
import { FsBlobStore } from '../dms/blob-store';

/**
 * One dev server and one freshly migrated, seeded template database per test run, on free ports, so the suite runs
 * even while `npm start` is up. Each test file copies the template into a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  const rootDir = path.resolve(__dirname, '..');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'usulan-test-'));
  fs.chmodSync(tmp, 0o755);
  const stops: (() => Promise<void>)[] = [];

  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pgdata'), port: await freePort() });
    stops.push(pg.stop);
    serverUrl = pg.url;
  }
  const templateName = `usulan_tpl_${process.pid}_${Date.now().toString(36)}`;
  const templateUrl = await ensureDatabase(serverUrl, templateName);
  const blobs = new FsBlobStore(path.join(tmp, 'blobs'));
  const db = createDb(templateUrl, { max: 4 });
  try {
    await migrateToLatest(db);
    await seedDemo(db, { putBlob: (b) => blobs.put(b) });
  } finally {
    await db.destroy();
  }
  stops.push(async () => {
    await dropDatabase(serverUrl!, templateName);
  });

  const [bundlePath, cli, port] = await Promise.all([
    buildWorkflowBundle(path.join(tmp, 'workflow-bundle.js')),
    ensureTemporalCli({ rootDir, explicit: process.env.TEMPORAL_CLI }),
    freePort(),
  ]);
  // Demo officials' keys, made once per run (RSA key generation is the slow part) and shared by every test file.
  const keysDir = path.join(tmp, 'keys');
  const { signingCaPassphrase } = loadConfig();
  await ensureStandInPki(keysDir, { caPassphrase: signingCaPassphrase });
  for (const s of DEMO_SIGNERS) {
    await enrolOfficial(keysDir, { id: s.signerId, name: s.nama, nip: s.nip, jabatan: s.jabatan, passphrase: s.passphrase }, { caPassphrase: signingCaPassphrase });
  }
  const server = await startDevServer({ cliPath: cli, dbFile: path.join(tmp, 'temporal.sqlite'), port, uiPort: 0, headless: true });
  stops.push(server.stop);

  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_TEMPLATE_DB = templateName;
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  process.env.WORKFLOW_BUNDLE_PATH = bundlePath;
  process.env.TEST_TMP_DIR = tmp;
  (globalThis as Record<string, unknown>).__usulanStops = stops;
}

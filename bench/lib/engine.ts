import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { createDb, dropDatabase, ensureDatabase, type Db } from '../../db';
import { freePort } from '../../runtime/ports';
import { ROOT, spawnTs, waitForLog } from './procs';
import { hasFlag } from './stats';

export interface BenchEngine {
  baseUrl: string;
  dbUrl: string;
  dataDir: string;
  temporalPort: number;
  child: ChildProcess;
  /** Stops the engine (and, with `keep` false, removes its data but the logs). */
  stop(opts?: { keep?: boolean }): Promise<void>;
}

/**
 * The engine as `npm start` runs it (scripts/start.ts as a child process, free ports, its own data folder under
 * .data/), on DATABASE_URL when set (a database of its own) or the embedded PostgreSQL.
 */
export async function startBenchEngine(
  name: string, extraEnv: Record<string, string> = {}, log: (m: string) => void = () => undefined,
  /** Processes the engine started that must not outlive it if it did not stop them in time (dev server, PostgreSQL). */
  stragglers: () => number[] = () => [],
): Promise<BenchEngine> {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dataDir = path.join(ROOT, '.data', `${name}-${stamp}`);
  const [port, tPort, tUiPort, pgPort, smtpPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const env: Record<string, string> = {
    DATA_DIR: dataDir, PORT: String(port), TEMPORAL_PORT: String(tPort), TEMPORAL_UI_PORT: String(tUiPort), EMBEDDED_PG_PORT: String(pgPort),
    SMTP_CAPTURE_PORT: String(smtpPort), SMTP_URL: '', TEMPORAL_ADDRESS: '', LOG_LEVEL: 'warn', TASK_QUEUE: 'usulan', ...extraEnv,
  };
  let dbUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/usulan`;
  let external: { server: string; name: string } | undefined;
  if (process.env.DATABASE_URL) {
    const dbName = `usulan_${name.replace(/\W/g, '_')}_${stamp}`;
    dbUrl = await ensureDatabase(process.env.DATABASE_URL, dbName);
    env.DATABASE_URL = dbUrl;
    external = { server: process.env.DATABASE_URL, name: dbName };
  } else {
    env.DATABASE_URL = '';
  }
  log(`starting the engine in ${path.relative(ROOT, dataDir)} (API :${port}, Temporal :${tPort}, ${external ? 'DATABASE_URL' : `embedded PostgreSQL :${pgPort}`})`);
  const engineLog = path.join(dataDir, 'engine.log');
  const child = spawnTs('scripts/start.ts', env, engineLog);
  const stop = async (opts: { keep?: boolean } = {}) => {
    if (child.exitCode === null) {
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await done;
      clearTimeout(timer);
      for (const pid of stragglers()) {
        try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
      }
    }
    if (!opts.keep) for (const d of ['pg', 'temporal', 'blobs']) fs.rmSync(path.join(dataDir, d), { recursive: true, force: true });
    if (external && !opts.keep) await dropDatabase(external.server, external.name).catch(() => undefined);
  };
  try {
    const m = await waitForLog(child, engineLog, /App:\s+(http\S+)/, 600_000);
    return { baseUrl: m[1], dbUrl, dataDir, temporalPort: tPort, child, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A bench's whole run: the engine as `npm start` runs it, a connection to its database, `body`, then both stopped
 * whatever happened (data kept with --keep); the process exits 1 with the error if the bench failed.
 */
export function runBench(name: string, log: (m: string) => void, body: (engine: BenchEngine, db: Db) => Promise<void>): void {
  (async () => {
    const engine = await startBenchEngine(name, {}, log);
    const db = createDb(engine.dbUrl, { max: 4 });
    try {
      log(`engine ready at ${engine.baseUrl}`);
      await body(engine, db);
    } finally {
      await db.destroy().catch(() => undefined);
      await engine.stop({ keep: hasFlag('keep') });
    }
  })().then(() => process.exit(0), (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}

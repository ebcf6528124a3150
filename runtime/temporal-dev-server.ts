import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { isPortFree } from './ports';

export interface DevServerOptions {
  cliPath: string;
  dbFile: string;
  port: number;
  uiPort: number;
  headless?: boolean;
  readyTimeoutMs?: number;
  logFile?: string;
}

export class PortTakenError extends Error {}

export interface DevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` on a persisted SQLite file and resolves once its frontend answers. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  for (const [name, port] of [['TEMPORAL_PORT', opts.port], ...(opts.headless ? [] : [['TEMPORAL_UI_PORT', opts.uiPort]])] as [string, number][]) {
    if (!(await isPortFree(port))) {
      throw new PortTakenError(`Port ${port} (${name}) is already in use. Stop whatever uses it, or choose another port with ${name}=<port>.`);
    }
  }
  fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
  const args = [
    'server', 'start-dev',
    '--db-filename', opts.dbFile,
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    // WAL and synchronous=NORMAL: the dev server's SQLite otherwise fsyncs every write, which caps throughput.
    '--sqlite-pragma', 'journal_mode=wal',
    '--sqlite-pragma', 'synchronous=NORMAL',
    '--log-level', 'warn',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.workflowExecutionUpdateRegistrySize=5000',
    '--dynamic-config-value', 'limit.maxIDLength=255',
  ];
  if (opts.headless) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort));
  const logFd = fs.openSync(opts.logFile ?? path.join(path.dirname(opts.dbFile), 'temporal.log'), 'a');
  const child: ChildProcess = spawn(opts.cliPath, args, { stdio: ['ignore', logFd, logFd], detached: false });
  fs.closeSync(logFd);
  let exited: number | null = null;
  child.once('exit', (code) => { exited = code ?? -1; });
  const address = `127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exited !== null) throw new Error(`The Temporal dev server exited with code ${exited}; see ${opts.logFile ?? path.join(path.dirname(opts.dbFile), 'temporal.log')}`);
    if (await isReady(address)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The Temporal dev server did not become ready on ${address} in time`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    address,
    uiUrl: opts.headless ? undefined : `http://localhost:${opts.uiPort}`,
    stop: () => stopChild(child, () => exited !== null),
  };
}

async function isReady(address: string): Promise<boolean> {
  let conn: Connection | undefined;
  try {
    conn = await Connection.connect({ address, connectTimeout: 1000 });
    await conn.workflowService.getSystemInfo({});
    // The default namespace is registered a moment after the frontend answers.
    await conn.workflowService.describeNamespace({ namespace: 'default' });
    return true;
  } catch {
    return false;
  } finally {
    await conn?.close().catch(() => undefined);
  }
}

export async function stopChild(child: ChildProcess, hasExited: () => boolean, graceMs = 10_000): Promise<void> {
  if (hasExited()) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => { if (!hasExited()) child.kill('SIGKILL'); }, graceMs);
  await done;
  clearTimeout(timer);
}

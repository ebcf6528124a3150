import { loadConfig } from '../config';
import { startEngine } from '../runtime/engine';

/** A worker process: WORKER_ROLE=workflows (workflow tasks and light activities), documents (PDF and signing) or all. */
async function main() {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) throw new Error('npm run worker needs DATABASE_URL and TEMPORAL_ADDRESS (use npm start for the embedded mode)');
  const role = process.env.WORKER_ROLE ?? 'all';
  if (role !== 'all' && role !== 'workflows' && role !== 'documents') throw new Error(`WORKER_ROLE must be all, workflows or documents, not ${role}`);
  const engine = await startEngine(config, { role: 'worker', workerRole: role });
  process.stdout.write(`usulan worker (${role}) polling ${config.taskQueue} on ${engine.temporalAddress}\n`);
  const stop = () => void engine.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`usulan worker could not start: ${err.message}\n`);
  process.exit(1);
});

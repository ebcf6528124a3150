import path from 'node:path';
import { loadConfig } from '../config';
import { startEmbeddedPostgres, type EmbeddedPg } from '../runtime/embedded-postgres';
import { isPortFree } from '../runtime/ports';
import { startTemporalCluster } from '../runtime/temporal-cluster';
import { ensureTemporalServer } from '../runtime/temporal-server';

/**
 * npm run cluster [-- --port 7233 --temporal-db temporal --visibility-db temporal_visibility --history-nodes 2]
 *
 * Temporal's own server as separate processes on PostgreSQL (DATABASE_URL, else the embedded PostgreSQL of
 * `npm start`), the same split as docker-compose.yml. Progress goes to stderr; stdout gets exactly one line,
 * `TEMPORAL_ADDRESS=<host:port>`, once the cluster answers, so a
 * process that starts this one can read the address from the pipe. Ctrl-C or SIGTERM stops every process.
 */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

async function main() {
  const log = (m: string) => process.stderr.write(m + '\n');
  const config = loadConfig();
  let embedded: EmbeddedPg | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    // `npm start` may already run the embedded server on this port: share it rather than fail.
    if (await isPortFree(config.embeddedPgPort)) {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
      log(`PostgreSQL (embedded) on 127.0.0.1:${config.embeddedPgPort}, data in ${path.join(config.dataDir, 'pg')}`);
    }
    databaseUrl = embedded?.url ?? `postgres://postgres:postgres@127.0.0.1:${config.embeddedPgPort}/postgres`;
  }
  const started = Date.now();
  const binaries = await ensureTemporalServer({ rootDir: config.rootDir, log });
  const cluster = await startTemporalCluster({
    binaries,
    databaseUrl,
    databases: { temporal: arg('temporal-db'), visibility: arg('visibility-db') },
    dataDir: path.join(config.dataDir, 'temporal-cluster'),
    frontendPort: Number(arg('port') ?? config.temporalPort),
    historyNodes: arg('history-nodes') ? Number(arg('history-nodes')) : undefined,
    namespace: config.temporalNamespace,
    log,
  }).catch(async (err: Error) => {
    await embedded?.stop();
    throw err;
  });
  log(`Temporal cluster ready in ${((Date.now() - started) / 1000).toFixed(1)} s (processes ${(cluster.startMs / 1000).toFixed(1)} s); schema ${cluster.schema.temporal}/${cluster.schema.visibility}`);
  for (const n of cluster.nodes) log(`  ${n.name.padEnd(10)} pid ${n.pid()}  log ${n.logFile}`);
  log('Press Ctrl-C to stop.');
  process.stdout.write(`TEMPORAL_ADDRESS=${cluster.address}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping the cluster...`);
    cluster.stop().then(() => embedded?.stop()).then(() => process.exit(0), (e: unknown) => { log(String(e)); process.exit(1); });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: Error) => {
  process.stderr.write(`the Temporal cluster could not start: ${err.message}\n`);
  process.exit(1);
});

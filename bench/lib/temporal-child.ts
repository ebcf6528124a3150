import path from 'node:path';
import { ensureTemporalCli } from '../../runtime/temporal-cli';
import { startDevServer } from '../../runtime/temporal-dev-server';

/** Chaos helper: the Temporal dev server on a persisted SQLite file in its own process; SIGTERM stops it cleanly. */
async function main() {
  const dataDir = process.env.CHAOS_DATA_DIR!;
  const cli = await ensureTemporalCli({ rootDir: path.resolve(__dirname, '..', '..'), explicit: process.env.TEMPORAL_CLI || undefined });
  const server = await startDevServer({
    cliPath: cli, dbFile: path.join(dataDir, 'temporal', 'temporal.sqlite'), port: Number(process.env.CHAOS_TEMPORAL_PORT), uiPort: 0, headless: true,
  });
  process.stdout.write(`temporal ready ${server.address}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  setInterval(() => undefined, 60_000);
}

main().catch((e: Error) => {
  process.stderr.write(`temporal child: ${e.message}\n`);
  process.exit(1);
});

import { startEmbeddedPostgres } from '../../runtime/embedded-postgres';

/** Chaos helper: the embedded PostgreSQL in its own process (CHAOS_DATA_DIR, CHAOS_PG_PORT); SIGTERM stops it cleanly. */
async function main() {
  const pg = await startEmbeddedPostgres({ dataDir: process.env.CHAOS_DATA_DIR!, port: Number(process.env.CHAOS_PG_PORT), log: (m) => process.stderr.write(`${m}\n`) });
  process.stdout.write(`postgres ready ${pg.url}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    pg.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  setInterval(() => undefined, 60_000);
}

main().catch((e: Error) => {
  process.stderr.write(`postgres child: ${e.message}\n`);
  process.exit(1);
});

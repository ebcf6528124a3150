import { loadConfig } from '../config';
import { createDb } from '../db';
import { verifyAuditChain } from '../api/audit';
import { startEmbeddedPostgres, type EmbeddedPg } from '../runtime/embedded-postgres';
import { isPortFree } from '../runtime/ports';

/**
 * Walks the audit hash chain and exits 1 naming the first broken entry. Uses DATABASE_URL; without it, the embedded
 * database of `npm start` (connecting to it when it is running, else starting it for the check).
 */
async function main(): Promise<number> {
  const config = loadConfig();
  let url = config.databaseUrl;
  let embedded: EmbeddedPg | undefined;
  if (!url) {
    if (await isPortFree(config.embeddedPgPort)) {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    }
    url = `postgres://postgres:postgres@127.0.0.1:${config.embeddedPgPort}/usulan`;
  }
  const db = createDb(url, { max: 1 });
  try {
    const result = await verifyAuditChain(db);
    if (result.ok) {
      process.stdout.write(`audit chain intact: ${result.entries} entries, head ${result.headId}\n`);
      return 0;
    }
    process.stderr.write(`audit chain BROKEN at entry ${result.brokenId}: ${result.reason} (${result.entries} entries verified before it)\n`);
    return 1;
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`audit verification failed to run: ${err.message}\n`);
    process.exit(2);
  },
);

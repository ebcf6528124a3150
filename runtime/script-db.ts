import type { Config } from '../config';
import { createDb, type Db } from '../db';
import { startEmbeddedPostgres, type EmbeddedPg } from './embedded-postgres';
import { isPortFree } from './ports';

/**
 * The database an operator script works on: DATABASE_URL, or the embedded database of `npm start` (connected to when it
 * is running, else started for the script). close() ends both.
 */
export async function openScriptDatabase(config: Readonly<Config>, max = 1): Promise<{ db: Db; close(): Promise<void> }> {
  let url = config.databaseUrl;
  let embedded: EmbeddedPg | undefined;
  if (!url) {
    if (await isPortFree(config.embeddedPgPort)) embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    url = `postgres://postgres:postgres@127.0.0.1:${config.embeddedPgPort}/usulan`;
  }
  const db = createDb(url, { max });
  return {
    db,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

/** Runs a script's main and exits with its code; a failure to run at all exits 2 with the reason. */
export function runScript(main: () => Promise<number>, what: string): void {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`${what} failed to run: ${err.message}\n`);
      process.exit(2);
    },
  );
}

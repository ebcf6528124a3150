import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findCached, findGo, goInstall, isExecutable, onPath, copyToOtherCaches, stderrLog, toolCacheDirs, type Log } from './go-install';

/** The server version the Temporal CLI v1.5.1 embeds, and the one docker-compose.yml's images carry. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const SERVER_PACKAGE = 'go.temporal.io/server/cmd/server';
const SQL_TOOL_PACKAGE = 'go.temporal.io/server/cmd/tools/sql';

/** Schema versions this server requires (schema/postgresql/v12/version.go of the server module). */
export const POSTGRES_SCHEMA_VERSIONS = { temporal: '1.18', visibility: '1.9' } as const;

export class TemporalServerMissing extends Error {}

export interface TemporalServerBinaries {
  /** `temporal-server` in Temporal's images; `go install` names it `server`. */
  server: string;
  /** `temporal-sql-tool` in Temporal's images; `go install` names it `sql`. */
  sqlTool: string;
}

export function serverCacheDirs(rootDir: string): string[] {
  return toolCacheDirs(rootDir, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
}

function explicitOrOnPath(envName: string, explicit: string | undefined, imageName: string): string | undefined {
  if (explicit) {
    if (!isExecutable(explicit)) throw new TemporalServerMissing(`${envName}=${explicit} is not an executable file`);
    return explicit;
  }
  return onPath(imageName);
}

/**
 * Finds the Temporal server and its SQL tool: $TEMPORAL_SERVER and $TEMPORAL_SQL_TOOL, then `temporal-server` and
 * `temporal-sql-tool` on PATH, then a cached build, else builds both with one `go install` (they share most code).
 * The two variables are read here rather than in config/: only provisioning reads them.
 */
export async function ensureTemporalServer(opts: { rootDir: string; server?: string; sqlTool?: string; log?: Log }): Promise<TemporalServerBinaries> {
  const log = opts.log ?? stderrLog;
  let server = explicitOrOnPath('TEMPORAL_SERVER', opts.server ?? (process.env.TEMPORAL_SERVER || undefined), 'temporal-server');
  let sqlTool = explicitOrOnPath('TEMPORAL_SQL_TOOL', opts.sqlTool ?? (process.env.TEMPORAL_SQL_TOOL || undefined), 'temporal-sql-tool');
  if (server && sqlTool) return { server, sqlTool };
  const dirs = serverCacheDirs(opts.rootDir);
  const wanted = [...(server ? [] : ['server']), ...(sqlTool ? [] : ['sql'])];
  const cached = findCached(dirs, wanted, log);
  if (!cached) {
    const go = findGo();
    if (!go) {
      throw new TemporalServerMissing(
        `The Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool were not found. Install Go (https://go.dev/dl) so this ` +
          `project can build them, or run: go install ${SERVER_PACKAGE}@${TEMPORAL_SERVER_VERSION} ${SQL_TOOL_PACKAGE}@${TEMPORAL_SERVER_VERSION} ` +
          'and set TEMPORAL_SERVER and TEMPORAL_SQL_TOOL to the binaries, or set TEMPORAL_ADDRESS to an existing Temporal cluster.',
      );
    }
    const packages = [...(server ? [] : [SERVER_PACKAGE]), ...(sqlTool ? [] : [SQL_TOOL_PACKAGE])].map((p) => `${p}@${TEMPORAL_SERVER_VERSION}`);
    await goInstall({
      go, target: dirs[0], packages, what: `the Temporal server ${TEMPORAL_SERVER_VERSION} (${wanted.join(' and ')})`, log,
      fail: (msg) => new TemporalServerMissing(msg),
    });
  }
  const dir = cached ? path.dirname(cached[0]) : dirs[0];
  for (const name of wanted) {
    const bin = path.join(dir, name);
    if (!isExecutable(bin)) throw new TemporalServerMissing(`go install finished but ${bin} is missing`);
    copyToOtherCaches(bin, dirs, log);
  }
  server ??= path.join(dir, 'server');
  sqlTool ??= path.join(dir, 'sql');
  return { server, sqlTool };
}

/** The first line `--version` prints (both binaries support it). */
export function binaryVersion(bin: string): string {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return (out.stdout || out.stderr).trim().split('\n')[0];
}

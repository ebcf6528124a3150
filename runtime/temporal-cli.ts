import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findCached, findGo, goInstall, isExecutable, onPath, copyToOtherCaches, stderrLog, toolCacheDirs, type Log } from './go-install';

/** v1.5.1 is the newest tag whose go.mod has no `replace` directive, so `go install` accepts it. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export class TemporalCliMissing extends Error {}

/** The project folder keeps one copy; the user cache keeps another so that a fresh clone does not rebuild. */
export function cacheDirs(rootDir: string): string[] {
  return toolCacheDirs(rootDir, `temporal-${TEMPORAL_CLI_VERSION}`);
}

/**
 * Finds the Temporal CLI: $TEMPORAL_CLI, then `temporal` on PATH, then a cached build, else builds it with Go.
 */
export async function ensureTemporalCli(opts: { rootDir: string; explicit?: string; log?: Log }): Promise<string> {
  const log = opts.log ?? stderrLog;
  if (opts.explicit) {
    if (!isExecutable(opts.explicit)) throw new TemporalCliMissing(`TEMPORAL_CLI=${opts.explicit} is not an executable file`);
    return opts.explicit;
  }
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;
  const dirs = cacheDirs(opts.rootDir);
  const cached = findCached(dirs, ['temporal'], log);
  if (cached) return cached[0];
  const go = findGo();
  if (!go) {
    throw new TemporalCliMissing(
      'The Temporal CLI was not found. Install Go (https://go.dev/dl) so this project can build it, ' +
        `or run: go install ${MODULE}@${TEMPORAL_CLI_VERSION} and set TEMPORAL_CLI to the binary, ` +
        'or set TEMPORAL_ADDRESS to an existing Temporal cluster.',
    );
  }
  await goInstall({
    go, target: dirs[0], packages: [`${MODULE}@${TEMPORAL_CLI_VERSION}`], what: `the Temporal CLI ${TEMPORAL_CLI_VERSION}`, log,
    fail: (msg) => new TemporalCliMissing(msg),
  });
  const bin = path.join(dirs[0], 'temporal');
  if (!isExecutable(bin)) throw new TemporalCliMissing(`go install finished but ${bin} is missing`);
  copyToOtherCaches(bin, dirs, log);
  return bin;
}

export function temporalCliVersion(bin: string): string {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return (out.stdout || out.stderr).trim();
}

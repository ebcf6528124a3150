import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** v1.5.1 is the newest tag whose go.mod has no `replace` directive, so `go install` accepts it. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export class TemporalCliMissing extends Error {}

type Log = (msg: string) => void;

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The project folder keeps one copy; the user cache keeps another so that a fresh clone does not rebuild. */
export function cacheDirs(rootDir: string): string[] {
  const userCache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return [path.join(rootDir, '.tools', `temporal-${TEMPORAL_CLI_VERSION}`), path.join(userCache, 'usulan', `temporal-${TEMPORAL_CLI_VERSION}`)];
}

function findGo(): string | undefined {
  return onPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/**
 * Finds the Temporal CLI: $TEMPORAL_CLI, then `temporal` on PATH, then a cached build, else builds it with Go.
 */
export async function ensureTemporalCli(opts: { rootDir: string; explicit?: string; log?: Log }): Promise<string> {
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  if (opts.explicit) {
    if (!isExecutable(opts.explicit)) throw new TemporalCliMissing(`TEMPORAL_CLI=${opts.explicit} is not an executable file`);
    return opts.explicit;
  }
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;
  const dirs = cacheDirs(opts.rootDir);
  for (const dir of dirs) {
    const bin = path.join(dir, 'temporal');
    if (isExecutable(bin)) {
      copyToOtherCaches(bin, dirs, log);
      return bin;
    }
  }
  const go = findGo();
  if (!go) {
    throw new TemporalCliMissing(
      'The Temporal CLI was not found. Install Go (https://go.dev/dl) so this project can build it, ' +
        `or run: go install ${MODULE}@${TEMPORAL_CLI_VERSION} and set TEMPORAL_CLI to the binary, ` +
        'or set TEMPORAL_ADDRESS to an existing Temporal cluster.',
    );
  }
  const target = dirs[0];
  fs.mkdirSync(target, { recursive: true });
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${target} (first run only; takes a few minutes)...`);
  const started = Date.now();
  const ticker = setInterval(() => log(`  ... still building the Temporal CLI (${Math.round((Date.now() - started) / 1000)} s)`), 15_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
        env: { ...process.env, GOBIN: target, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new TemporalCliMissing(`go install ${MODULE}@${TEMPORAL_CLI_VERSION} failed with exit code ${code}`))));
    });
  } finally {
    clearInterval(ticker);
  }
  const bin = path.join(target, 'temporal');
  if (!isExecutable(bin)) throw new TemporalCliMissing(`go install finished but ${bin} is missing`);
  log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s: ${bin}`);
  copyToOtherCaches(bin, dirs, log);
  return bin;
}

function copyToOtherCaches(bin: string, dirs: string[], log: Log): void {
  for (const dir of dirs) {
    const dest = path.join(dir, 'temporal');
    if (dest === bin || isExecutable(dest)) continue;
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(bin, dest + '.tmp');
      fs.chmodSync(dest + '.tmp', 0o755);
      fs.renameSync(dest + '.tmp', dest);
    } catch (err) {
      log(`(could not cache the Temporal CLI in ${dir}: ${(err as Error).message})`);
    }
  }
}

export function temporalCliVersion(bin: string): string {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return (out.stdout || out.stderr).trim();
}

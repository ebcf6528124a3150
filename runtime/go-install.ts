import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * What the Temporal CLI, server and SQL tool provisioning share: finding executables and Go, the two cache folders,
 * and one `go install` with progress lines.
 */
export type Log = (msg: string) => void;

export const stderrLog: Log = (m) => process.stderr.write(m + '\n');

export function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function findGo(): string | undefined {
  return onPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/** The project folder (`.tools/`, git-ignored) keeps one copy; the user cache keeps another so a fresh clone does not rebuild. */
export function toolCacheDirs(rootDir: string, folder: string): string[] {
  const userCache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return [path.join(rootDir, '.tools', folder), path.join(userCache, 'usulan', folder)];
}

/** The first cache folder that holds every one of `names`, returning their paths (and copying them to the other folders). */
export function findCached(dirs: string[], names: string[], log: Log): string[] | undefined {
  for (const dir of dirs) {
    const bins = names.map((n) => path.join(dir, n));
    if (bins.every(isExecutable)) {
      for (const bin of bins) copyToOtherCaches(bin, dirs, log);
      return bins;
    }
  }
  return undefined;
}

export function copyToOtherCaches(bin: string, dirs: string[], log: Log): void {
  for (const dir of dirs) {
    const dest = path.join(dir, path.basename(bin));
    if (dest === bin || isExecutable(dest)) continue;
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(bin, dest + '.tmp');
      fs.chmodSync(dest + '.tmp', 0o755);
      fs.renameSync(dest + '.tmp', dest);
    } catch (err) {
      log(`(could not cache ${path.basename(bin)} in ${dir}: ${(err as Error).message})`);
    }
  }
}

/**
 * Runs one `go install` of `packages` (all of one module version, so Go compiles the shared code once) into `target`,
 * printing a line every 15 s: a first build takes minutes and silence looks like a hang. Resolves with the seconds taken.
 */
export async function goInstall(opts: { go: string; target: string; packages: string[]; what: string; log: Log; fail: (msg: string) => Error }): Promise<number> {
  fs.mkdirSync(opts.target, { recursive: true });
  opts.log(`Building ${opts.what} with Go into ${opts.target} (first run only; takes a few minutes)...`);
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const ticker = setInterval(() => opts.log(`  ... still building ${opts.what} (${seconds()} s)`), 15_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(opts.go, ['install', ...opts.packages], {
        env: { ...process.env, GOBIN: opts.target, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('error', (e) => reject(opts.fail(`could not run ${opts.go}: ${e.message}`)));
      child.once('exit', (code) => (code === 0 ? resolve() : reject(opts.fail(`go install ${opts.packages.join(' ')} failed with exit code ${code}`))));
    });
  } finally {
    clearInterval(ticker);
  }
  opts.log(`${opts.what} built in ${seconds()} s`);
  return seconds();
}

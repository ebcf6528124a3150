import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
const CLK_TCK = 100;

/** Spawns `node --import tsx <script>` (one process, so its pid is the one to measure) with stdout/stderr to a log. */
export function spawnTs(script: string, env: Record<string, string>, logFile: string): ChildProcess {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, 'a');
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each child (node refuses --cpu-prof in NODE_OPTIONS).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', path.join(ROOT, script)], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  return child;
}

/** Resolves when `pattern` appears in the log file; rejects when the process exits first or on timeout. */
export async function waitForLog(child: ChildProcess, logFile: string, pattern: RegExp, timeoutMs = 180_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (c) => { exited = c ?? -1; });
  for (;;) {
    const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    const m = text.match(pattern);
    if (m) return m;
    if (exited !== null || child.exitCode !== null) throw new Error(`${path.basename(logFile)}: process exited (${exited ?? child.exitCode}) before ready; last lines:\n${text.split('\n').slice(-15).join('\n')}`);
    if (Date.now() > deadline) throw new Error(`${path.basename(logFile)}: not ready in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
      const c = fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
      if (c) out.push(...c.split(/\s+/).map(Number));
    }
  } catch {
    // gone
  }
  return out;
}

export function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    for (const c of childrenOf(p)) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}

export function commOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export interface ProcSample { cpuS: number; rssMb: number; hwmMb: number }

/** CPU seconds (user+system, plus reaped children's) and memory of one process from /proc. */
export function sampleProc(pid: number): ProcSample | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // f[0] is field 3 (state): utime is field 14 → f[11], stime f[12], cutime f[13], cstime f[14].
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { cpuS: ticks / CLK_TCK, rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** A group of processes measured together (e.g. the postmaster and its backends). */
export function sampleGroup(pids: number[]): ProcSample {
  const s = { cpuS: 0, rssMb: 0, hwmMb: 0 };
  for (const p of pids) {
    const x = sampleProc(p);
    if (!x) continue;
    s.cpuS += x.cpuS;
    s.rssMb += x.rssMb;
    s.hwmMb += x.hwmMb;
  }
  return s;
}

export interface Roles { engine: number[]; temporal: number[]; postgres: number[]; bench: number[] }

/** The engine process, its Temporal children (dev server or cluster) and the embedded PostgreSQL tree. */
export function rolesOf(enginePid: number): Roles {
  const desc = descendantsOf(enginePid);
  // `temporal` is the CLI's dev server; `server` the processes of TEMPORAL_MODE=cluster (the binary `go install` names).
  const temporal = desc.filter((p) => ['temporal', 'server'].includes(commOf(p)));
  const pgRoots = desc.filter((p) => commOf(p) === 'postgres' && !desc.some((q) => commOf(q) === 'postgres' && childrenOf(q).includes(p)));
  return { engine: [enginePid], temporal, postgres: pgRoots, bench: [process.pid] };
}

/** Samples each role once a second; remembers CPU at marks and the peak RSS seen between marks. */
export class Meter {
  private timer?: NodeJS.Timeout;
  private peaks: Record<string, number> = {};
  readonly series: { t: number; engineRssMb: number; temporalRssMb: number; postgresRssMb: number }[] = [];
  private t0 = Date.now();

  constructor(private readonly roles: () => Roles) {}

  private groupPids(role: keyof Roles): number[] {
    const r = this.roles()[role];
    // PostgreSQL: the postmaster and every backend (their CPU is in the postmaster's cutime once they exit).
    return role === 'postgres' ? r.flatMap((p) => [p, ...descendantsOf(p)]) : role === 'temporal' ? r.flatMap((p) => [p, ...descendantsOf(p)]) : r;
  }

  sample(): Record<keyof Roles, ProcSample> {
    const out = {} as Record<keyof Roles, ProcSample>;
    for (const role of ['engine', 'temporal', 'postgres', 'bench'] as (keyof Roles)[]) {
      const s = sampleGroup(this.groupPids(role));
      out[role] = s;
      this.peaks[role] = Math.max(this.peaks[role] ?? 0, s.rssMb);
    }
    this.series.push({ t: (Date.now() - this.t0) / 1000, engineRssMb: out.engine.rssMb, temporalRssMb: out.temporal.rssMb, postgresRssMb: out.postgres.rssMb });
    return out;
  }

  start(everyMs = 1000): void {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Starts a measured phase: returns a function giving CPU seconds used and peak RSS per role since now. */
  mark(): () => Record<keyof Roles, { cpuS: number; peakRssMb: number }> {
    const before = this.sample();
    this.peaks = {};
    this.sample();
    return () => {
      const after = this.sample();
      const out = {} as Record<keyof Roles, { cpuS: number; peakRssMb: number }>;
      for (const role of Object.keys(after) as (keyof Roles)[]) {
        out[role] = { cpuS: after[role].cpuS - before[role].cpuS, peakRssMb: this.peaks[role] ?? after[role].rssMb };
      }
      return out;
    };
  }
}

import fs from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../db';
import { descendantsOf, sampleProc } from './procs';

/**
 * CPU of a PostgreSQL server on this machine that the bench did not start (DATABASE_URL on 127.0.0.1): the postmaster
 * is the parent of the bench connection's own backend. Two figures: the whole server (postmaster, its background
 * processes and every backend, live or reaped into the postmaster's cutime) and the backends of one database only,
 * told apart by their process title ("postgres: 15/main: user dbname host(port) state"), so another job on the same
 * server shows in the first figure and not in the second. A backend that exits between two samples loses the CPU it
 * used since the last one (sampled every 500 ms).
 */
export async function postmasterOf(db: Db): Promise<number | undefined> {
  const r = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
  try {
    const stat = fs.readFileSync(`/proc/${r.rows[0].pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return fs.readFileSync(`/proc/${ppid}/comm`, 'utf8').trim() === 'postgres' ? ppid : undefined;
  } catch {
    return undefined; // not on this machine, or /proc not readable
  }
}

const titleOf = (pid: number): string => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
};
const startOf = (pid: number): string => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return '';
  }
};

export interface PgCpu { serverCpuS: number; dbCpuS: number }

export class PgServerMeter {
  private timer?: NodeJS.Timeout;
  /** Last CPU seen per backend of the database (pid + start time, so a reused pid is another backend). */
  private backends = new Map<string, number>();

  constructor(private readonly postmaster: number, private readonly dbName: string) {}

  sample(): PgCpu {
    const pids = [this.postmaster, ...descendantsOf(this.postmaster)];
    let server = 0;
    for (const p of pids) {
      const s = sampleProc(p);
      if (!s) continue;
      server += s.cpuS;
      if (p !== this.postmaster && titleOf(p).split(/\s+/).includes(this.dbName)) {
        // cutime of a backend is 0 (it forks nothing); only its own utime+stime count.
        this.backends.set(`${p}/${startOf(p)}`, s.cpuS);
      }
    }
    let db = 0;
    for (const v of this.backends.values()) db += v;
    return { serverCpuS: server, dbCpuS: db };
  }

  start(everyMs = 500): void {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Starts a measured phase: returns a function giving the CPU seconds used since now. */
  mark(): () => PgCpu {
    const before = this.sample();
    return () => {
      const after = this.sample();
      return { serverCpuS: after.serverCpuS - before.serverCpuS, dbCpuS: after.dbCpuS - before.dbCpuS };
    };
  }
}

/** Busy CPU seconds of the whole machine (all cores) from /proc/stat: what else ran beside the bench shows here. */
export function machineBusyS(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const [user, nice, system, , , irq, softirq, steal] = line;
  return (user + nice + system + irq + softirq + (steal ?? 0)) / 100;
}

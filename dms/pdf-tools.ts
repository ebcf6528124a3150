import { spawn, spawnSync } from 'node:child_process';

/**
 * The PDF readers the upload gate asks (qpdf for the object graph, poppler as the second reader), run as separate
 * processes under kernel limits: address space and CPU time by prlimit, wall time by a kill, and output by a cap on
 * what is read back. A hostile file can exhaust none of the API's resources through them.
 */

export interface ToolRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  /** The run was stopped: its deadline passed or its output passed the cap. */
  stopped?: 'deadline' | 'output';
}

export interface ToolLimits {
  /** Address space of the tool in bytes. */
  memoryBytes: number;
  cpuSeconds: number;
  deadlineMs: number;
  maxStdoutBytes: number;
}

const hasPrlimit = (() => {
  let known: boolean | undefined;
  return () => (known ??= spawnSync('prlimit', ['--version'], { stdio: 'ignore' }).status === 0);
})();

export function runTool(cmd: string, args: string[], limits: ToolLimits): Promise<ToolRun> {
  const [file, argv] = hasPrlimit()
    ? ['prlimit', [`--as=${limits.memoryBytes}`, `--cpu=${limits.cpuSeconds}`, '--core=0', '--', cmd, ...args]]
    : [cmd, args];
  return new Promise((resolve) => {
    const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let stopped: ToolRun['stopped'];
    const stop = (why: NonNullable<ToolRun['stopped']>) => {
      stopped ??= why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('deadline'), limits.deadlineMs);
    child.stdout.on('data', (d: Buffer) => {
      outBytes += d.length;
      if (outBytes > limits.maxStdoutBytes) stop('output');
      else out.push(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString('utf8');
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout: Buffer.alloc(0), stderr: err.message, stopped });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr, ...(stopped ? { stopped } : {}) });
    });
  });
}

/** The commands the gate needs, by Debian package; missing ones are named at start-up rather than at the first upload. */
export const PDF_TOOLS = { qpdf: 'qpdf', pdfinfo: 'poppler-utils', pdfdetach: 'poppler-utils' } as const;

export function missingPdfTools(): string[] {
  return Object.entries(PDF_TOOLS)
    .filter(([cmd]) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error !== undefined)
    .map(([cmd, pkg]) => `${cmd} (${pkg})`);
}

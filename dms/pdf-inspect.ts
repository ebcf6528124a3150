import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_INSPECTION_POOL, type InspectionPool } from './inspection-pool';
import { isRefusalCode, refuse, type InspectResult } from './pdf-inspect-result';
import { missingPdfTools } from './pdf-tools';

export { type InspectRefusalCode, type InspectResult } from './pdf-inspect-result';
export { InspectionBusyError, createInspectionPool, type InspectionPool } from './inspection-pool';
export { missingPdfTools } from './pdf-tools';

/** The server lacks a reader the gate needs (a deployment fault): nothing can be accepted until it is installed. */
export class InspectorUnavailableError extends Error {
  override readonly name = 'InspectorUnavailableError';
  constructor(readonly missing: string[]) {
    super(`pemeriksa PDF tidak lengkap: ${missing.join(', ')} tidak terpasang`);
  }
}

let missingTools: string[] | undefined;
const INSPECTION_NICE = 10;

/**
 * Gatekeeper for PDFs that people upload (berkas persyaratan): the size here, then the inspection (pdf-inspect-file.ts)
 * in a child process with a heap limit and a deadline, at most one per core (the pool). Refusals carry a code for the
 * API and a reason in Bahasa Indonesia for the uploader. The file is inspected where the upload was spooled; the
 * bytes never pass through the API's heap.
 */

export interface InspectOptions {
  maxBytes: number;
  /** wall-clock limit for the child, from when it starts; it and its tools are killed after this (default 15 s) */
  timeoutMs?: number;
  /** V8 heap of the child in MiB (default 256) */
  maxHeapMb?: number;
  /** Where the inspection waits for a slot (default: the process's pool, one per core); a full pool throws InspectionBusyError. */
  pool?: InspectionPool;
}

export function formatMb(n: number): string {
  return `${(n / (1024 * 1024)).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;
}

/**
 * How to start the worker: compiled JavaScript runs as is; TypeScript (tsx, jest with @swc/jest) runs
 * through tsx's require hook, resolved from this package rather than from the current directory.
 */
function workerCommand(): { file: string; execArgv: string[] } {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `pdf-inspect-worker${ext}`);
  if (ext === '.js' || ext === '.cjs') return { file, execArgv: [] };
  // tsx's CommonJS hook starts in ~70 ms; its ESM loader (--import tsx) needs ~200 ms.
  return { file, execArgv: ['--require', require.resolve('tsx/cjs')] };
}

export async function inspectUploadedFile(file: string, opts: InspectOptions): Promise<InspectResult> {
  missingTools ??= missingPdfTools();
  if (missingTools.length > 0) throw new InspectorUnavailableError(missingTools);
  // The slot is claimed before anything is awaited, so uploads are served in the order they arrived.
  return (opts.pool ?? DEFAULT_INSPECTION_POOL).run(async () => {
    const { size } = await fs.stat(file);
    if (size > opts.maxBytes) {
      return refuse('TOO_LARGE', `${size} byte`, `Ukuran berkas ${formatMb(size)} melebihi batas ${formatMb(opts.maxBytes)}.`);
    }
    return runWorker(file, opts);
  });
}

/** For bytes already in memory (tests, internal callers): spooled to a private temporary file first. */
export async function inspectUploadedPdf(bytes: Uint8Array, opts: InspectOptions): Promise<InspectResult> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'usulan-inspect-'));
  const file = path.join(dir, `${randomBytes(6).toString('hex')}.pdf`);
  try {
    await fs.writeFile(file, bytes, { mode: 0o600 });
    return await inspectUploadedFile(file, opts);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function isResult(msg: unknown): msg is InspectResult {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Record<string, unknown>;
  return (m.ok === true && typeof m.pages === 'number') || (m.ok === false && isRefusalCode(m.code) && typeof m.reason === 'string');
}

function runWorker(file: string, opts: InspectOptions): Promise<InspectResult> {
  const { file: entry, execArgv } = workerCommand();
  const timeoutMs = opts.timeoutMs ?? 15_000;
  // Its own process group, so that a kill reaches the qpdf and poppler processes it started.
  const child = fork(entry, [], {
    execArgv: [...execArgv, `--max-old-space-size=${opts.maxHeapMb ?? 256}`],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '' },
    detached: true,
  });
  // Below the API in the scheduler (the tools it starts inherit this): on a busy machine answers come first, inspections after.
  try {
    if (child.pid) os.setPriority(child.pid, INSPECTION_NICE);
  } catch {
    // not permitted here: the inspection runs at normal priority
  }
  return new Promise<InspectResult>((resolve) => {
    let settled = false;
    let stderr = '';
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const settle = (result: InspectResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup();
      resolve(result);
    };
    const timer = setTimeout(() => settle(refuse('TIMEOUT', `${timeoutMs} ms`)), timeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 2000) stderr += d.toString('utf8');
    });
    child.on('message', (msg: unknown) => settle(isResult(msg) ? msg : refuse('INSPECTOR_FAILED', 'jawaban pemeriksa tidak dikenal')));
    child.on('error', (err) => settle(refuse('INSPECTOR_FAILED', err.message)));
    // 'close' comes after the IPC channel is drained, so a last message is never mistaken for a crash.
    child.on('close', (code, signal) => {
      settle(refuse('INSPECTOR_FAILED', `pemeriksa berhenti (${signal ?? code})${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}` : ''}`));
    });
    child.send({ file });
  });
}

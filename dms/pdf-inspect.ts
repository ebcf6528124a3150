import { fork } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_INSPECTION_POOL, type InspectionPool } from './inspection-pool';
import { DEFAULT_MAX_INFLATED_BYTES, refuse, REASONS, type InspectRefusalCode, type InspectResult } from './pdf-inspect-scan';

export { decodePdfName, type InspectRefusalCode, type InspectResult } from './pdf-inspect-scan';
export { InspectionBusyError, createInspectionPool, type InspectionPool } from './inspection-pool';

/**
 * Gatekeeper for PDFs that people upload (berkas persyaratan): cheap checks here, then parsing in a child
 * process with a heap limit and a deadline. Refusals carry a code for the API and a reason in Bahasa
 * Indonesia for the uploader.
 */

export interface InspectOptions {
  maxBytes: number;
  /** wall-clock limit for the child; it is killed after this (default 5 s) */
  timeoutMs?: number;
  /** V8 heap of the child in MiB (default 128) */
  maxHeapMb?: number;
  /** total size all compressed streams may inflate to (default 50 MiB) */
  maxInflatedBytes?: number;
  /** Where the inspection waits for a slot (default: the process's pool, one per core); a full pool throws InspectionBusyError. */
  pool?: InspectionPool;
}

const PDF_MAGIC = Buffer.from('%PDF-');

function formatMb(n: number): string {
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

export async function inspectUploadedPdf(bytes: Uint8Array, opts: InspectOptions): Promise<InspectResult> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < PDF_MAGIC.length || !buf.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return refuse('NOT_PDF');
  if (buf.length > opts.maxBytes) {
    return refuse('TOO_LARGE', `${buf.length} byte`, `Ukuran berkas ${formatMb(buf.length)} melebihi batas ${formatMb(opts.maxBytes)}.`);
  }
  return (opts.pool ?? DEFAULT_INSPECTION_POOL).run(() => runWorker(buf, opts));
}

function isResult(msg: unknown): msg is InspectResult {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Record<string, unknown>;
  return (m.ok === true && typeof m.pages === 'number') || (m.ok === false && typeof m.code === 'string' && m.code in REASONS && typeof m.reason === 'string');
}

function runWorker(bytes: Buffer, opts: InspectOptions): Promise<InspectResult> {
  const { file, execArgv } = workerCommand();
  const child = fork(file, [], {
    execArgv: [...execArgv, `--max-old-space-size=${opts.maxHeapMb ?? 128}`],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return new Promise<InspectResult>((resolve) => {
    let settled = false;
    let stderr = '';
    const settle = (result: InspectResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(result);
    };
    const timer = setTimeout(() => settle(refuse('TIMEOUT', `${opts.timeoutMs ?? 5000} ms`)), opts.timeoutMs ?? 5000);
    child.stderr?.on('data', (d: Buffer) => {
      if (stderr.length < 2000) stderr += d.toString('utf8');
    });
    child.on('message', (msg: unknown) => settle(isResult(msg) ? msg : refuse('INSPECTOR_FAILED', 'jawaban pemeriksa tidak dikenal')));
    child.on('error', (err) => settle(refuse('INSPECTOR_FAILED', err.message)));
    // 'close' comes after the IPC channel is drained, so a last message is never mistaken for a crash.
    child.on('close', (code, signal) => {
      const why: InspectRefusalCode = 'INSPECTOR_FAILED';
      settle(refuse(why, `pemeriksa berhenti (${signal ?? code})${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}` : ''}`));
    });
    child.send({ bytes, maxInflatedBytes: opts.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES });
  });
}

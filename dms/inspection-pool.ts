import os from 'node:os';

/** The pool is full: the upload is refused for now (503 with Retry-After), not queued without bound. */
export class InspectionBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Pemeriksa berkas sedang penuh');
    this.name = 'InspectionBusyError';
  }
}

export interface InspectionPool {
  /** Runs `task` when a slot is free; refuses at once when `queueLimit` tasks already wait. */
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly running: number;
  readonly waiting: number;
}

/**
 * A bounded pool: at most `concurrency` inspections at once (each is a child process using a core), at most
 * `queueLimit` waiting. A waiting task's deadline starts only when it runs, so a busy moment never turns a valid file
 * into a "too complex" refusal.
 */
export function createInspectionPool(concurrency: number, queueLimit: number): InspectionPool {
  let running = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    running -= 1;
    const next = queue.shift();
    if (next) {
      running += 1;
      next();
    }
  };
  return {
    get running() { return running; },
    get waiting() { return queue.length; },
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= concurrency) {
        if (queue.length >= queueLimit) throw new InspectionBusyError(Math.max(1, Math.ceil(queue.length / concurrency)));
        await new Promise<void>((start) => queue.push(start));
      } else {
        running += 1;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** The process's pool: one inspection per core, eight waiting per core. */
const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
export const DEFAULT_INSPECTION_POOL = createInspectionPool(cores, 8 * cores);

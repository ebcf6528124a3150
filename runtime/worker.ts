import { DefaultLogger, NativeConnection, Worker, Runtime, type WorkerOptions } from '@temporalio/worker';
import fs from 'node:fs';
import { documentsQueueOf } from '../workflows/task-queues';
import { DEFAULT_BUNDLE_PATH, buildWorkflowBundle, prebuiltBundleIsFresh } from './workflow-bundle';
import type { ActivityInboundCallsInterceptor, ActivityExecuteInput, Next } from '@temporalio/worker';
import { Context } from '@temporalio/activity';
import { activityFailures } from '../observability/metrics';

/** Counts every failed activity attempt by activity type, so a failing effect shows on /metrics before any budget runs out. */
class CountFailures implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (err) {
      activityFailures.inc({ activity: Context.current().info.activityType });
      throw err;
    }
  }
}
const interceptors: WorkerOptions['interceptors'] = { activity: [() => ({ inbound: new CountFailures() })] };

let runtimeInstalled = false;

/** Temporal's core runtime logs at INFO to stderr by default; keep it to warnings. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    // A documents-only worker has no workflows by design; that warning is noise.
    Runtime.install({
      // The process's own signal handlers stop the workers (scripts/worker.ts, scripts/start.ts), so a worker that
      // stops without being asked to is always a fault (see onFatal).
      shutdownSignals: [],
      logger: new DefaultLogger('WARN', (entry) => {
        if (!entry.message.startsWith('No workflows registered')) process.stderr.write(`[temporal] ${entry.level} ${entry.message}\n`);
      }),
    });
  } catch {
    // Already installed by someone else in this process.
  }
}

export interface WorkerHealth {
  /** True only while every worker of the set polls its queue. */
  ok: boolean;
  workers: { taskQueue: string; state: string }[];
}

export interface WorkerSet {
  workers: Worker[];
  run(): Promise<void>;
  shutdown(): Promise<void>;
  health(): WorkerHealth;
  /**
   * Called once when the set stops without shutdown() having been asked for: a worker's run() rejected (a fatal
   * error: lost namespace, bad bundle, a core panic) or ended on its own. Either way nothing polls any more, so the
   * process must not go on looking alive.
   */
  onFatal(listener: (err: Error) => void): void;
}

export async function createWorkers(opts: {
  address: string;
  namespace: string;
  taskQueue: string;
  activities: object;
  documentActivities: object;
  bundlePath?: string;
  role?: 'all' | 'workflows' | 'documents';
}): Promise<WorkerSet> {
  quietRuntime();
  const connection = await NativeConnection.connect({ address: opts.address });
  const role = opts.role ?? 'all';
  // A stale or missing bundle is rebuilt once and kept, so the next start skips webpack.
  const bundlePath = opts.bundlePath ?? process.env.WORKFLOW_BUNDLE_PATH
    ?? (prebuiltBundleIsFresh() ? DEFAULT_BUNDLE_PATH : await buildWorkflowBundle(DEFAULT_BUNDLE_PATH));
  if (!fs.existsSync(bundlePath)) throw new Error(`workflow bundle ${bundlePath} is missing; run npm run build:workflows`);
  const workflowSource: Partial<WorkerOptions> = { workflowBundle: { codePath: bundlePath } };
  const workers: Worker[] = [];
  if (role !== 'documents') {
    workers.push(await Worker.create({
      connection, namespace: opts.namespace, taskQueue: opts.taskQueue, ...workflowSource, activities: opts.activities, interceptors,
      maxConcurrentActivityTaskExecutions: 200, maxConcurrentWorkflowTaskExecutions: 100, maxCachedWorkflows: 2000,
    }));
  }
  if (role !== 'workflows') {
    workers.push(await Worker.create({
      connection, namespace: opts.namespace, taskQueue: documentsQueueOf(opts.taskQueue), activities: opts.documentActivities, interceptors,
      maxConcurrentActivityTaskExecutions: 4,
    }));
  }
  let running: Promise<void> | undefined;
  let stopping = false;
  let fatal: Error | undefined;
  const listeners: ((err: Error) => void)[] = [];
  const fail = (err: Error) => {
    if (stopping || fatal) return;
    fatal = err;
    for (const l of listeners) l(err);
  };
  return {
    workers,
    run() {
      running ??= Promise.all(workers.map((w) => w.run().then(
        () => fail(new Error(`worker on ${w.options.taskQueue} stopped without being asked to`)),
        (err: unknown) => {
          const e = err instanceof Error ? err : new Error(String(err));
          fail(new Error(`worker on ${w.options.taskQueue} failed: ${e.message}`, { cause: e }));
          // The other workers of the set stop too: a half-polling process would look healthy to nobody's benefit.
          for (const other of workers) if (other.getState() === 'RUNNING') other.shutdown();
          throw e;
        },
      ))).then(() => undefined);
      return running;
    },
    async shutdown() {
      stopping = true;
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await running?.catch(() => undefined);
      await connection.close();
    },
    health() {
      const states = workers.map((w) => ({ taskQueue: w.options.taskQueue, state: w.getState() }));
      return { ok: states.length > 0 && !fatal && states.every((w) => w.state === 'RUNNING'), workers: states };
    },
    onFatal(listener) {
      listeners.push(listener);
      if (fatal) listener(fatal);
    },
  };
}

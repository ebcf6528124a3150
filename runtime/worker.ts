import { DefaultLogger, NativeConnection, Worker, Runtime, type WorkerOptions } from '@temporalio/worker';
import fs from 'node:fs';
import { DEFAULT_BUNDLE_PATH, buildWorkflowBundle, prebuiltBundleIsFresh } from './workflow-bundle';
import type { ActivityInboundCallsInterceptor, ActivityExecuteInput, Next } from '@temporalio/worker';
import { Context } from '@temporalio/activity';
import { activityFailures } from '../api/metrics';

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
      logger: new DefaultLogger('WARN', (entry) => {
        if (!entry.message.startsWith('No workflows registered')) process.stderr.write(`[temporal] ${entry.level} ${entry.message}\n`);
      }),
    });
  } catch {
    // Already installed by someone else in this process.
  }
}

export interface WorkerSet {
  workers: Worker[];
  run(): Promise<void>;
  shutdown(): Promise<void>;
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
      connection, namespace: opts.namespace, taskQueue: `${opts.taskQueue}-documents`, activities: opts.documentActivities, interceptors,
      maxConcurrentActivityTaskExecutions: 4,
    }));
  }
  let running: Promise<void> | undefined;
  return {
    workers,
    run() {
      running ??= Promise.all(workers.map((w) => w.run())).then(() => undefined);
      return running;
    },
    async shutdown() {
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await running?.catch(() => undefined);
      await connection.close();
    },
  };
}

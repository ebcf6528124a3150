import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import type { Db } from '../db';
import type { BlobStore } from '../dms/blob-store';
import type { AuditDeps, AuditOptions, CheckName, Violation } from './types';

export type ResolvedOptions = Required<Omit<AuditOptions, 'checks'>>;

export const DEFAULT_OPTIONS: ResolvedOptions = Object.freeze({
  pendingSignatureGraceMs: 5 * 60_000,
  slaGraceMs: 2 * 60_000,
  unstartedGraceMs: 5 * 60_000,
  activityAttemptBudget: 5,
  closedWorkflowSample: 200,
  settleMs: 0,
  temporalTimeoutMs: 10_000,
  concurrency: 8,
});

/** What Temporal says about one workflow id: described, absent, or unreachable. */
export type WorkflowSnapshot =
  | { found: true; description: WorkflowExecutionDescription }
  | { found: false }
  | { error: string };

/** What every check gets: the dependencies, the options, a place to put violations and counts. */
export class AuditContext {
  readonly db: Db;
  readonly blobs: Pick<BlobStore, 'get'>;
  readonly temporal: Client;
  readonly namespace: string;
  readonly trustedRootsPem: string[];
  readonly keysDir: string;
  readonly now: Date;
  readonly opts: ResolvedOptions;
  readonly violations: Violation[] = [];
  readonly checked: Record<string, number> = {};
  private readonly workflows = new Map<string, Promise<WorkflowSnapshot>>();

  constructor(deps: AuditDeps, opts: ResolvedOptions) {
    this.db = deps.db;
    this.blobs = deps.blobs;
    this.temporal = deps.temporal;
    this.namespace = deps.namespace ?? deps.temporal.options.namespace;
    this.trustedRootsPem = deps.trustedRootsPem;
    this.keysDir = deps.keysDir;
    this.now = deps.now ?? new Date();
    this.opts = opts;
  }

  /** A recorder bound to one check. */
  reporter(check: CheckName): (object: string, message: string) => void {
    return (object, message) => {
      this.violations.push({ check, object, message });
    };
  }

  count(what: string, n = 1): void {
    this.checked[what] = (this.checked[what] ?? 0) + n;
  }

  /** A Temporal call that gives up after the configured deadline instead of hanging the audit. */
  withDeadline<T>(fn: () => Promise<T>): Promise<T> {
    return this.temporal.withDeadline(Date.now() + this.opts.temporalTimeoutMs, fn);
  }

  /** Describes a workflow once per audit; the status and the liveness checks share the answer. */
  workflow(id: string): Promise<WorkflowSnapshot> {
    let p = this.workflows.get(id);
    if (!p) {
      p = this.withDeadline(() => this.temporal.workflow.getHandle(id).describe()).then(
        (description): WorkflowSnapshot => ({ found: true, description }),
        (err: unknown): WorkflowSnapshot => (err instanceof WorkflowNotFoundError ? { found: false } : { error: errorText(err) }),
      );
      this.workflows.set(id, p);
    }
    return p;
  }

  /** How long the namespace keeps closed workflows; null when Temporal does not say. */
  async retentionMs(): Promise<number | null> {
    try {
      const ns = await this.withDeadline(() => this.temporal.workflowService.describeNamespace({ namespace: this.namespace }));
      const ttl = ns.config?.workflowExecutionRetentionTtl;
      if (!ttl) return null;
      return Number(ttl.seconds ?? 0) * 1000 + Math.floor((ttl.nanos ?? 0) / 1e6);
    } catch {
      return null;
    }
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs `fn` over the items, `n` at a time. */
export async function forEachPooled<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
}

/** Timestamps from pg arrive as Date; text from JSON or tests as strings. */
export function toDate(v: Date | string | null | undefined): Date | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const fmtInstant = (d: Date | string | null | undefined): string => toDate(d)?.toISOString() ?? '-';

import { setTimeout as sleep } from 'node:timers/promises';
import { AuditContext, DEFAULT_OPTIONS, errorText, type ResolvedOptions } from './context';
import { checkAuditChain } from './checks/audit-chain';
import { checkDecrees } from './checks/decrees';
import { checkLiveness } from './checks/liveness';
import { checkNumbers } from './checks/numbers';
import { checkSignatures } from './checks/signatures';
import { checkSignedSteps } from './checks/signed-steps';
import { checkWorkflowStatus } from './checks/workflow-status';
import { CHECK_NAMES, type AuditDeps, type AuditOptions, type CheckName, type ConsistencyReport, type Violation } from './types';

export * from './types';
export { readTrustAnchors, type TrustAnchors } from './trust';

const RUNNERS: Record<CheckName, (ctx: AuditContext) => Promise<void>> = {
  signatures: checkSignatures,
  numbers: checkNumbers,
  'signed-steps': checkSignedSteps,
  decrees: checkDecrees,
  'workflow-status': checkWorkflowStatus,
  liveness: checkLiveness,
  'audit-chain': checkAuditChain,
};

export type ConsistencyAuditInput = AuditDeps & AuditOptions;

function resolveOptions(o: AuditOptions): ResolvedOptions {
  const out = { ...DEFAULT_OPTIONS } as Record<string, number>;
  for (const k of Object.keys(DEFAULT_OPTIONS)) {
    const v = (o as Record<string, unknown>)[k];
    if (typeof v === 'number' && !Number.isNaN(v) && v >= 0) out[k] = v;
  }
  return out as unknown as ResolvedOptions;
}

async function runOnce(deps: AuditDeps, opts: ResolvedOptions, checks: readonly CheckName[]): Promise<AuditContext> {
  const ctx = new AuditContext(deps, opts);
  // One after another: the status and liveness checks share one describe per workflow, and the database pool stays free for the app.
  for (const check of checks) {
    try {
      await RUNNERS[check](ctx);
    } catch (err) {
      ctx.reporter(check)('audit', `pemeriksaan tidak dapat diselesaikan: ${errorText(err)}`);
    }
  }
  return ctx;
}

const order = (v: Violation) => CHECK_NAMES.indexOf(v.check);
const byCheckThenObject = (a: Violation, b: Violation) => order(a) - order(b) || a.object.localeCompare(b.object) || a.message.localeCompare(b.message);
const keyOf = (v: Violation) => `${v.check}|${v.object}`;

/**
 * Checks the global invariants across PostgreSQL, the document store and Temporal (see auditor/checks/ for each one)
 * and returns every violation found. Reads only; never repairs. A check that cannot run (Temporal unreachable, a
 * query failing) is itself reported as a violation of that check, so an audit that could not look never says ok.
 */
export async function runConsistencyAudit(input: ConsistencyAuditInput): Promise<ConsistencyReport> {
  const started = new Date();
  const opts = resolveOptions(input);
  const checks = input.checks?.length ? CHECK_NAMES.filter((c) => input.checks!.includes(c)) : [...CHECK_NAMES];
  const now = input.now ?? started;
  const first = await runOnce({ ...input, now }, opts, checks);
  let violations = first.violations;
  if (violations.length && opts.settleMs > 0) {
    // A live system is caught mid-step now and then (a workflow's state moved, its activity not yet written): look
    // again after a while and keep what is still broken.
    await sleep(opts.settleMs);
    const rerun = CHECK_NAMES.filter((c) => violations.some((v) => v.check === c));
    const second = await runOnce({ ...input, now: input.now ? new Date(now.getTime() + opts.settleMs) : new Date() }, opts, rerun);
    const seenFirst = new Set(violations.map(keyOf));
    violations = second.violations.filter((v) => seenFirst.has(keyOf(v)));
  }
  violations = [...violations].sort(byCheckThenObject);
  return {
    ok: violations.length === 0,
    violations,
    checked: first.checked,
    checks,
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
  };
}

/** One line per violation, as the command line and test failures print it. */
export const formatViolation = (v: Violation): string => `[${v.check}] ${v.object}: ${v.message}`;

export function formatReport(r: ConsistencyReport): string {
  const counts = Object.entries(r.checked).map(([k, n]) => `${k} ${n}`).join(', ');
  const head = r.ok
    ? `konsistensi: OK (${r.checks.length} pemeriksaan; ${counts}) dalam ${r.durationMs} ms`
    : `konsistensi: ${r.violations.length} pelanggaran (${r.checks.length} pemeriksaan; ${counts}) dalam ${r.durationMs} ms`;
  return [head, ...r.violations.map(formatViolation)].join('\n');
}

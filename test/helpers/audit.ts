import type { Engine } from '../../runtime/engine';
import { formatViolation, readTrustAnchors, runConsistencyAudit } from '../../auditor/consistency';
import type { AuditOptions, ConsistencyReport } from '../../auditor/types';

/** What the auditor needs of an engine: startTestEngine's engine, or any Engine. */
export type AuditableEngine = Pick<Engine, 'db' | 'blobs' | 'temporal' | 'keysDir'>;

export type TestAuditOptions = AuditOptions & { now?: Date };

/**
 * Runs the consistency auditor over an engine's database, blob store, key store and workflows. Unlike the on-demand
 * audit it compares every closed workflow, not a sample, and looks again after 3 s before reporting (the last
 * activities of a test may still be running when it asks).
 */
export async function auditEngine(engine: AuditableEngine, opts: TestAuditOptions = {}): Promise<ConsistencyReport> {
  const anchors = await readTrustAnchors(engine.keysDir);
  return runConsistencyAudit({
    db: engine.db,
    blobs: engine.blobs,
    temporal: engine.temporal,
    keysDir: engine.keysDir,
    trustedRootsPem: [anchors.rootCertPem],
    closedWorkflowSample: Infinity,
    settleMs: 3000,
    ...opts,
  });
}

/**
 * Fails the test with one line per violation unless every global invariant holds. Call it as the last test of a file
 * that drives workflows, while the engine still runs (the state queries need its workers):
 *
 *   describe('afterwards', () => { it('leaves every invariant intact', () => expectConsistent(engine)); });
 *
 * A file that plants a fault on purpose can narrow it: expectConsistent(engine, { checks: ['numbers', 'decrees'] }).
 */
export async function expectConsistent(engine: AuditableEngine, opts: TestAuditOptions = {}): Promise<ConsistencyReport> {
  const report = await auditEngine(engine, opts);
  expect(report.violations.map(formatViolation)).toEqual([]);
  return report;
}

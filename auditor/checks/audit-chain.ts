import { verifyAuditChain } from '../../db/repos/audit-log';
import type { AuditContext } from '../context';

/** Check 7: the audit log's hash chain is intact from its first entry to its head. */
export async function checkAuditChain(ctx: AuditContext): Promise<void> {
  const result = await verifyAuditChain(ctx.db);
  ctx.count('auditEntries', result.entries);
  if (!result.ok) ctx.reporter('audit-chain')(`audit_log:${result.brokenId}`, `rantai log audit putus: ${result.reason}`);
}

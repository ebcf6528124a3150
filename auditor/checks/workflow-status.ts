import { sql } from 'kysely';
import { KP_WORKFLOW_TYPE, stateQuery, type KpState } from '../../workflows/kp/contract';
import { PEREMAJAAN_WORKFLOW_TYPE, peremajaanStateQuery, type PeremajaanState } from '../../workflows/peremajaan/contract';
import { type AuditContext, errorText, fmtInstant, forEachPooled } from '../context';

export type ReadModelTable = 'usulan_kp' | 'usulan_peremajaan';

export const WORKFLOW_TYPE: Record<ReadModelTable, string> = { usulan_kp: KP_WORKFLOW_TYPE, usulan_peremajaan: PEREMAJAAN_WORKFLOW_TYPE };

interface ReadModelRow {
  id: string;
  status: string;
  is_open: boolean;
  created_at: Date;
  closed_at: Date | null;
  workflow_started_at: Date | null;
  stuck_reason?: string | null;
}

/** The started usulan of one read model to compare: every open one, and a random sample of the closed ones Temporal still keeps. */
export async function startedRows(ctx: AuditContext, table: ReadModelTable, opts: { open: boolean; retentionMs?: number | null; limit?: number }): Promise<ReadModelRow[]> {
  let q = ctx.db.selectFrom(table)
    .select(['id', 'status', 'is_open', 'created_at', 'closed_at', 'workflow_started_at', 'stuck_reason'])
    .where('workflow_started_at', 'is not', null)
    .where('is_open', '=', opts.open);
  if (!opts.open && opts.retentionMs) {
    const keptSince = new Date(ctx.now.getTime() - opts.retentionMs);
    q = q.where((eb) => eb.or([eb('closed_at', 'is', null), eb('closed_at', '>', keptSince)]));
  }
  if (opts.limit !== undefined && Number.isFinite(opts.limit)) q = q.orderBy(sql`random()`).limit(opts.limit);
  else q = q.orderBy('id');
  return q.execute();
}

/**
 * Check 5: the read model's status is the workflow's. Every open usulan is compared with its workflow's state query,
 * and a random sample of the closed ones with their workflow's result; a started usulan without a workflow, a
 * workflow of the wrong type or one that ended other than by completing, and a committed usulan whose workflow was
 * never started (the sweeper should have started it) are violations.
 */
export async function checkWorkflowStatus(ctx: AuditContext): Promise<void> {
  const report = ctx.reporter('workflow-status');
  const retentionMs = await ctx.retentionMs();
  const unstartedBefore = new Date(ctx.now.getTime() - ctx.opts.unstartedGraceMs);

  for (const table of ['usulan_kp', 'usulan_peremajaan'] as const) {
    const unstarted = await ctx.db.selectFrom(table).select(['id', 'created_at'])
      .where('workflow_started_at', 'is', null).where('created_at', '<', unstartedBefore).orderBy('created_at').execute();
    for (const u of unstarted) report(`usulan:${u.id}`, `workflow usulan yang tercatat sejak ${fmtInstant(u.created_at)} belum dimulai`);

    const open = await startedRows(ctx, table, { open: true });
    const closed = await startedRows(ctx, table, { open: false, retentionMs, limit: ctx.opts.closedWorkflowSample });
    const [{ n }] = await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'))
      .where('workflow_started_at', 'is not', null).where('is_open', '=', false).execute();
    ctx.count('workflowsSkipped', Number(n) - closed.length);

    await forEachPooled([...open, ...closed], ctx.opts.concurrency, async (u) => {
      ctx.count('workflows');
      const obj = `usulan:${u.id}`;
      const snap = await ctx.workflow(u.id);
      if ('error' in snap) {
        report(`workflow:${u.id}`, `Temporal tidak dapat ditanya tentang workflow ini: ${snap.error}`);
        return;
      }
      if (!snap.found) {
        report(obj, `workflow usulan yang sudah dimulai tidak ada (status tampilan ${u.status})`);
        return;
      }
      const d = snap.description;
      if (d.type !== WORKFLOW_TYPE[table]) {
        report(`workflow:${u.id}`, `workflow berjenis ${d.type}, bukan ${WORKFLOW_TYPE[table]}`);
        return;
      }
      const handle = ctx.temporal.workflow.getHandle(u.id);
      let state: { status: string; stuck?: KpState['stuck'] };
      try {
        if (d.status.name === 'RUNNING') {
          state = await ctx.withDeadline<{ status: string }>(() => (table === 'usulan_kp' ? handle.query(stateQuery) : handle.query(peremajaanStateQuery)));
        } else if (d.status.name === 'COMPLETED') {
          state = await ctx.withDeadline(() => handle.result() as Promise<KpState | PeremajaanState>);
        } else {
          report(obj, `workflow berakhir ${d.status.name} (status tampilan ${u.status})`);
          return;
        }
      } catch (err) {
        report(`workflow:${u.id}`, `status workflow tidak dapat dibaca: ${errorText(err)}`);
        return;
      }
      if (state.status !== u.status) report(obj, `status tampilan ${u.status}, status workflow ${state.status}`);
      if (d.status.name === 'RUNNING') {
        if (state.stuck && !u.stuck_reason) report(obj, `workflow terhenti pada langkah ${state.stuck.step} sejak ${state.stuck.since}, tampilan tidak menandainya`);
        if (!state.stuck && u.stuck_reason) report(obj, `tampilan menandai langkah terhenti (${u.stuck_reason}), workflow tidak`);
      }
    });
  }
}

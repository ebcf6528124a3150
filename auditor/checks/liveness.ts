import { type AuditContext, fmtInstant, forEachPooled, toDate } from '../context';
import { startedRows, WORKFLOW_TYPE, type ReadModelTable } from './workflow-status';

/** The SLA step of each waiting status: its reminder is PENGINGAT_<step>, its escalation ESKALASI_<step>. */
const SLA_STEP: Record<ReadModelTable, Record<string, string>> = {
  usulan_kp: { MENUNGGU_PERSETUJUAN: 'PERSETUJUAN', MENUNGGU_VERIFIKASI: 'VERIFIKASI', MENUNGGU_TTE_SK: 'TTE_SK' },
  usulan_peremajaan: { MENUNGGU_VERIFIKASI: 'VERIFIKASI' },
};
/** Notes that start a new round of a waiting step (they set a new deadline without changing the status). */
const ROUND_STARTS = new Set(['DIAJUKAN', 'DRAF_SK_SIAP', 'KEMBALI_KE_VERIFIKATOR']);

/**
 * Check 6: a failure a retry cannot heal surfaces instead of looping unseen. No running workflow has an activity (or
 * its workflow task) on an attempt beyond the budget; no open usulan whose deadline passed longer ago than the grace
 * lacks the reminder and the escalation of the current round of its step (nor the SLA-breach flag); and an usulan
 * marked stuck has said so on its timeline (LANGKAH_MACET).
 */
export async function checkLiveness(ctx: AuditContext): Promise<void> {
  const report = ctx.reporter('liveness');
  const budget = ctx.opts.activityAttemptBudget;

  for (const table of ['usulan_kp', 'usulan_peremajaan'] as const) {
    const open = await startedRows(ctx, table, { open: true });
    await forEachPooled(open, ctx.opts.concurrency, async (u) => {
      const snap = await ctx.workflow(u.id);
      if (!('found' in snap) || !snap.found || snap.description.status.name !== 'RUNNING' || snap.description.type !== WORKFLOW_TYPE[table]) return;
      ctx.count('runningWorkflows');
      const raw = snap.description.raw;
      for (const a of raw.pendingActivities ?? []) {
        ctx.count('pendingActivities');
        if ((a.attempt ?? 0) > budget) {
          const last = a.lastFailure?.message ?? a.lastFailure?.cause?.message ?? '-';
          report(`workflow:${u.id}`, `kegiatan ${a.activityType?.name ?? '?'} gagal berulang tanpa terlihat: percobaan ke-${a.attempt} (anggaran ${budget}); kegagalan terakhir: ${last}`);
        }
      }
      const wt = raw.pendingWorkflowTask;
      if (wt && (wt.attempt ?? 0) > budget) report(`workflow:${u.id}`, `tugas workflow gagal berulang: percobaan ke-${wt.attempt} (anggaran ${budget})`);
    });

    const overdueBefore = new Date(ctx.now.getTime() - ctx.opts.slaGraceMs);
    const overdue = await ctx.db.selectFrom(table).select(['id', 'status', 'due_at', 'sla_breached'])
      .where('is_open', '=', true).where('due_at', 'is not', null).where('due_at', '<', overdueBefore).orderBy('id').execute();
    const waiting = overdue.filter((u) => SLA_STEP[table][u.status]);
    ctx.count('overdueUsulan', waiting.length);
    const events = waiting.length
      ? await ctx.db.selectFrom('usulan_event').select(['usulan_id', 'jenis', 'from_status', 'to_status', 'seq', 'id', 'at'])
        .where('usulan_id', 'in', waiting.map((u) => u.id)).orderBy('seq').orderBy('id').execute()
      : [];
    for (const u of waiting) {
      const step = SLA_STEP[table][u.status];
      const timeline = events.filter((e) => e.usulan_id === u.id);
      let start = -1;
      timeline.forEach((e, i) => {
        if (e.to_status === u.status && (e.from_status !== e.to_status || ROUND_STARTS.has(e.jenis))) start = i;
      });
      const round = timeline.slice(start + 1);
      const obj = `usulan:${u.id}`;
      const due = fmtInstant(u.due_at);
      if (!round.some((e) => e.jenis === `PENGINGAT_${step}`)) report(obj, `tenggat ${u.status} lewat sejak ${due} tanpa pengingat PENGINGAT_${step}`);
      if (!round.some((e) => e.jenis === `ESKALASI_${step}`)) report(obj, `tenggat ${u.status} lewat sejak ${due} tanpa eskalasi ESKALASI_${step}`);
      if (!u.sla_breached) report(obj, `tenggat ${u.status} lewat sejak ${due}, usulan tidak ditandai melewati SLA`);
    }
  }

  // Both read models carry the stuck flag; their events share one table.
  const stuck = [
    ...await ctx.db.selectFrom('usulan_kp').select(['id', 'stuck_reason', 'stuck_since']).where('stuck_reason', 'is not', null).execute(),
    ...await ctx.db.selectFrom('usulan_peremajaan').select(['id', 'stuck_reason', 'stuck_since']).where('stuck_reason', 'is not', null).execute(),
  ];
  ctx.count('stuckUsulan', stuck.length);
  if (stuck.length) {
    const told = new Set((await ctx.db.selectFrom('usulan_event').select('usulan_id')
      .where('usulan_id', 'in', stuck.map((s) => s.id)).where('jenis', '=', 'LANGKAH_MACET').execute()).map((e) => e.usulan_id));
    for (const s of stuck) {
      if (!told.has(s.id)) report(`usulan:${s.id}`, `langkah terhenti sejak ${fmtInstant(toDate(s.stuck_since ?? null))} (${s.stuck_reason}) tanpa peristiwa LANGKAH_MACET di linimasa`);
    }
  }
}

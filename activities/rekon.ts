import type { Db } from '../db';
import { createRekonRun, failRekonRun, runRekon } from '../db/repos/rekon';
import { officeTodayOf } from '../db/repos/office-dates';
import type { RekonActivities } from '../workflows/rekon/contract';

/** The reconciliation's activities; each is idempotent by run id (see db/repos/rekon.ts). */
export function createRekonActivities(deps: { db: Db }): RekonActivities {
  const { db } = deps;
  return {
    async rekonCreateRun({ runId, instansiId, actorId }) {
      await createRekonRun(db, runId, instansiId, actorId);
    },
    async rekonRun({ runId }) {
      const run = await db.selectFrom('rekon_run').select('instansi_id').where('id', '=', runId).executeTakeFirstOrThrow();
      const done = await runRekon(db, runId, await officeTodayOf(db, { instansiId: run.instansi_id }));
      const rows = await db.selectFrom('rekon_row').select((eb) => eb.fn.countAll<string>().as('n')).where('run_id', '=', runId).executeTakeFirstOrThrow();
      return { score: done.score === null ? null : Number(done.score), rows: Number(rows.n) };
    },
    async rekonFailed({ runId, pesan }) {
      await failRekonRun(db, runId, `Rekon berhenti: ${pesan}`.slice(0, 1000));
    },
  };
}

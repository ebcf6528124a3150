import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../db';
import { startKpWorkflows } from '../api/kp/starter';
import { peremajaanSlaOf, startPeremajaanWorkflows } from '../api/peremajaan/starter';
import { purgeExpiredAuthState } from '../api/maintenance';
import { observeReadModel } from '../observability/metrics';
import { countUsulan } from '../db/repos/usulan-counts';

/**
 * The API process's background duties, every few seconds: start workflows whose rows were committed but never
 * started (a crash between commit and start) and now and then drop expired sessions and idempotency records. Each
 * duty is idempotent, so several API replicas may run it at once. While it runs, /metrics reads the usulan gauges from
 * the read model at each scrape.
 */
export function startHousekeeping(deps: { db: Db; temporal: Client; config: Readonly<Config> }, opts: { everyMs?: number; olderThanMs?: number; log?: (m: string) => void } = {}): () => void {
  const { db, temporal, config } = deps;
  const olderThan = () => new Date(Date.now() - (opts.olderThanMs ?? 30_000));
  let running = false;
  let ticks = 0;
  const tick = async () => {
    const kp = await db.selectFrom('usulan_kp').select('id').where('workflow_started_at', 'is', null).where('created_at', '<', olderThan()).limit(2000).execute();
    if (kp.length) {
      const n = await startKpWorkflows({ db, temporal, taskQueue: config.taskQueue, sla: config.sla, historyLimit: config.kpHistoryLimit }, kp.map((r) => r.id));
      opts.log?.(`housekeeping: started ${n} KP workflow(s) left unstarted`);
    }
    const pd = await db.selectFrom('usulan_peremajaan').select('id').where('workflow_started_at', 'is', null).where('created_at', '<', olderThan()).limit(2000).execute();
    if (pd.length) {
      const n = await startPeremajaanWorkflows({ db, temporal, taskQueue: config.taskQueue, sla: peremajaanSlaOf(config.sla) }, pd.map((r) => r.id));
      opts.log?.(`housekeeping: started ${n} peremajaan workflow(s) left unstarted`);
    }
    // A signature whose request died between signing and commit: void it once its hold is long gone and no step named
    // it (if the workflow accepted it after all, the commit makes it standing again).
    await db.updateTable('document').set({ status: 'BATAL' }).where('status', '=', 'MENUNGGU')
      .where('created_at', '<', new Date(Date.now() - 10 * 60_000)).execute();
    if (ticks++ % 60 === 0) await purgeExpiredAuthState(db);
  };
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    tick().catch((err: Error) => opts.log?.(`housekeeping: ${err.message}`)).finally(() => { running = false; });
  }, opts.everyMs ?? 10_000);
  timer.unref();
  const unobserve = observeReadModel(() => countUsulan(db));
  return () => {
    clearInterval(timer);
    unobserve();
  };
}

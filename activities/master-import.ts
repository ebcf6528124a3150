import type { Db } from '../db';
import { applyImportChunk, getImportJob, setImportJobStatus } from '../db/repos/master-data';
import { recheckOpenUsulan } from '../db/repos/eligibility-recheck';
import type { ImportActivities } from '../workflows/import/contract';

/** The import job's activities; each is idempotent by job id (see db/repos/master-data.ts). */
export function createImportActivities(deps: { db: Db }): ImportActivities {
  const { db } = deps;
  return {
    async importJobStarted(jobId) {
      const job = await getImportJob(db, jobId);
      if (job && job.status !== 'SELESAI') await setImportJobStatus(db, jobId, 'BERJALAN', '');
    },
    async importApplyChunk({ jobId, limit, actorId }) {
      const r = await applyImportChunk(db, jobId, limit, actorId);
      return { processed: r.processed, done: r.done, recheckNips: r.changedNips };
    },
    async importRecheckEligibility({ jobId, nips }) {
      const job = await getImportJob(db, jobId);
      const r = await recheckOpenUsulan(db, nips, { key: jobId, sumber: job?.sumber ?? 'SIMPEG' });
      await db.updateTable('import_job').set((eb) => ({
        kelayakan_diperiksa: eb('kelayakan_diperiksa', '+', r.checked), kelayakan_berubah: eb('kelayakan_berubah', '+', r.broken + r.mended),
      })).where('id', '=', jobId).execute();
    },
    async importJobFinished({ jobId, failed }) {
      if (failed) await setImportJobStatus(db, jobId, 'GAGAL', `Impor berhenti: ${failed}`.slice(0, 1000));
      else await setImportJobStatus(db, jobId, 'SELESAI', '');
    },
  };
}

import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db';
import { DEMO_CASES, DEMO_USERS } from '../db/seed';
import { BenchClient } from './lib/http';
import { runBench } from './lib/engine';
import { createPopulation } from './lib/population';
import { argValue, fmtMs, percentile, sleep } from './lib/stats';

/**
 * npm run bench:peremajaan [-- --nips 1000 --rounds 3 --keep]
 *
 * One collective peremajaan of N NIPs in one request, each NIP with its own sertifikat diklat (documentsByNip), on the
 * engine as `npm start` runs it. Each round proposes another diklat field for the same people, so every round
 * validates, checks documents and conflicts, and writes N usulan afresh. Prints the answer time per round, when the
 * background had started every workflow, and the machine-readable last line `peremajaan_kolektif_ms=<median>`.
 */
const NIPS = argValue('nips', 1000);
const ROUNDS = argValue('rounds', 3);
const FIELDS: { field: string; value: string | number }[] = [
  { field: 'namaDiklat', value: 'Pelatihan Dasar Kepemimpinan Angkatan I' },
  { field: 'nomorSertifikat', value: '800/DIKLAT/2026/001' },
  { field: 'jumlahJam', value: 40 },
  { field: 'jenisDiklat', value: 'TEKNIS' },
];

const out = (s = '') => process.stdout.write(s + '\n');
const log = (s: string) => out(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

async function papers(db: Db, nips: string[], uploadedBy: string): Promise<Record<string, string[]>> {
  const byNip: Record<string, string[]> = {};
  const rows = nips.map((nip) => {
    const id = `bench-diklat-${nip}`;
    byNip[nip] = [id];
    return {
      id, sha256: randomBytes(32).toString('hex'), size: 1000, mime: 'application/pdf', filename: `sertifikat-${nip}.pdf`, kind: 'BERKAS' as const,
      doc_code: 'SERTIFIKAT_DIKLAT', siasn_id: 874, owner_nip: nip, usulan_id: null, supersedes_id: null, uploaded_by: uploadedBy, created_at: new Date(),
    };
  });
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('document').values(rows.slice(i, i + 1000)).execute();
  return byNip;
}

runBench('bench-peremajaan', log, async (engine, db) => {
  if (ROUNDS > FIELDS.length) throw new Error(`--rounds at most ${FIELDS.length}`);
  const template = DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT')!;
  const nips = await createPopulation(db, template.nip, NIPS);
  const opUser = DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === template.instansiId)!;
  const opId = (await db.selectFrom('app_user').select('id').where('username', '=', opUser.username).executeTakeFirstOrThrow()).id;
  const documentsByNip = await papers(db, nips, opId);
  await sql`ANALYZE`.execute(db);
  log(`population: ${nips.length} employees of ${template.instansiId}, one sertifikat diklat each`);
  const op = await new BenchClient(engine.baseUrl, opUser.username).login();

  const answers: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { field, value } = FIELDS[round];
    const res = await op.once('POST', '/api/v1/peremajaan/kolektif', { nips, change: { area: 'DIKLAT', field, value, documents: [] }, documentsByNip }, undefined, 600_000);
    if (res.status !== 201 || res.body.diterima !== nips.length) throw new Error(`round ${round + 1}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    const answered = Date.now();
    answers.push(res.ms);
    const batchId: string = res.body.batchId;
    for (;;) {
      const r = await db.selectFrom('usulan_peremajaan').select((eb) => eb.fn.countAll<string>().as('n')).where('batch_id', '=', batchId).where('workflow_started_at', 'is not', null).executeTakeFirstOrThrow();
      if (Number(r.n) >= nips.length) break;
      if (Date.now() - answered > 600_000) throw new Error('workflows not started in 10 minutes');
      await sleep(200);
    }
    log(`round ${round + 1} (DIKLAT.${field}): ${nips.length} accepted, answered in ${fmtMs(res.ms)}; all ${nips.length} workflows started ${((Date.now() - answered) / 1000).toFixed(1)} s after the answer`);
  }
  const median = percentile(answers, 50);
  out('');
  out(`== ${NIPS} NIPs with their own documents in one collective peremajaan: answers ${answers.map(fmtMs).join(', ')} (median ${fmtMs(median)})`);
  out(`peremajaan_kolektif_ms=${median.toFixed(0)}`);
});

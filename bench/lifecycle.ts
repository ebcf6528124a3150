import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import autocannon from 'autocannon';
import { Client, Connection } from '@temporalio/client';
import { createDb, type Db } from '../db';
import { DEMO_CASES, DEMO_SIGNERS, DEMO_USERS } from '../db/seed';
import {
  BASELINE_WORKFLOW_TYPE, baselineApproverUpdate, type baselineUsulanWorkflow, baselineSkSignedUpdate, baselineVerifierUpdate, type BaselineInput,
} from '../workflows/baseline';
import { BenchClient } from './lib/http';
import { createPopulation } from './lib/population';
import { Meter, ROOT, rolesOf, type Roles } from './lib/procs';
import { startBenchEngine } from './lib/engine';
import { argValue, fmtMs, hasFlag, percentile, pool, sleep, summary } from './lib/stats';

/**
 * npm run bench [-- --n 2000 --clients 12 --batch 10 --soak 50000 --soak-hold 120 --soak-approvals 5 --no-bulk5000 --keep --cluster]
 *
 * --cluster: the engine starts Temporal's own multi-process cluster on PostgreSQL (TEMPORAL_MODE=cluster) instead of
 * the dev server; the same phases run, so the two reports compare line by line.
 *
 * Starts its own engine (scripts/start.ts as a child process: API + workers in one node process, the Temporal dev
 * server and the embedded PostgreSQL as its children) in .data/bench-<ts>, fills it with synthetic eligible employees,
 * then: (1) N KP lifecycles over the API by concurrent clients; (2) the shape-equivalent no-op baseline workflow on the
 * same dev server and worker at the same concurrency; (3) one collective submission of 5,000 NIPs; (4) a population
 * soak; (5) a status query under 100 concurrent connections (autocannon). The last line is machine-readable.
 */

const N = argValue('n', 2000);
const CLIENTS = argValue('clients', 12);
const BATCH = argValue('batch', 10);
const SOAK = argValue('soak', 50_000);
const SOAK_HOLD_S = argValue('soak-hold', 120);
const SOAK_APPROVALS_PER_S = argValue('soak-approvals', 5);
/** Size of the one big collective submission (default 5,000; `--bulk 1000` for the 1,000-NIP figure). */
const BULK_N = hasFlag('no-bulk5000') ? 0 : argValue('bulk', 5000);
const BULK = BULK_N > 0;
const WARMUP = Math.min(2 * BATCH * 2, 40);
const CLUSTER = hasFlag('cluster');
const SLA = { SLA_APPROVAL: '30d', SLA_VERIFICATION: '30d', SLA_REMINDER_BEFORE: '1d', SLA_KEPPRES_REMINDER: '30d', ...(CLUSTER ? { TEMPORAL_MODE: 'cluster' } : {}) };

const out = (s = '') => process.stdout.write(s + '\n');
const t = () => new Date().toISOString().slice(11, 19);
const log = (s: string) => out(`[${t()}] ${s}`);

const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;

interface Stages { [stage: string]: number[] }
const push = (s: Stages, k: string, v: number) => (s[k] ??= []).push(v);

async function waitRows<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 600_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

function machine(): string {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? '?';
  return `${os.cpus().length} vCPU (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
}

function cpuTable(title: string, used: Record<keyof Roles, { cpuS: number; peakRssMb: number }>, lifecycles: number) {
  out(`  ${title}: CPU seconds per 1,000 lifecycles, peak RSS during the phase`);
  const names: Record<keyof Roles, string> = { engine: 'engine (API + workers, node)', temporal: CLUSTER ? 'Temporal cluster (5 processes)' : 'Temporal dev server', postgres: 'PostgreSQL (all processes)', bench: 'bench clients (this process)' };
  for (const k of Object.keys(names) as (keyof Roles)[]) {
    out(`    ${names[k].padEnd(30)} ${(used[k].cpuS / (lifecycles / 1000)).toFixed(1).padStart(7)} CPU-s   peak ${used[k].peakRssMb.toFixed(0).padStart(5)} MB`);
  }
}

async function main() {
  const started = Date.now();
  out(`usulan bench: N=${N} clients=${CLIENTS} batch=${BATCH} soak=${SOAK} temporal=${CLUSTER ? 'cluster' : 'dev server'} on ${machine()}`);
  let lastRoles: Roles | undefined;
  const engine = await startBenchEngine('bench', SLA, log, () => [...(lastRoles?.temporal ?? []), ...(lastRoles?.postgres ?? [])]);
  const { dataDir, dbUrl, baseUrl } = engine;
  const external = Boolean(process.env.DATABASE_URL);
  process.on('SIGINT', () => void engine.stop({ keep: hasFlag('keep') }).then(() => process.exit(130)));
  let db: Db | undefined;
  let connection: Connection | undefined;
  try {
    log(`engine ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${baseUrl}`);
    db = createDb(dbUrl, { max: 8 });
    connection = await Connection.connect({ address: `127.0.0.1:${engine.temporalPort}` });
    const temporal = new Client({ connection, namespace: 'default' });
    let roles: Roles | undefined;
    const meter = new Meter(() => {
      if (!roles || roles.temporal.length === 0 || (!external && roles.postgres.length === 0)) roles = rolesOf(engine.child.pid!);
      lastRoles = roles;
      return roles;
    });
    meter.start();

    // Population: N lifecycles + warm-up + the 5,000-NIP submission + the rest of the soak.
    const template = DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT')!;
    const bulkN = BULK_N;
    const soakExtra = Math.max(0, SOAK - bulkN);
    const popT0 = Date.now();
    const nips = await createPopulation(db, template.nip, N + WARMUP + bulkN + soakExtra);
    log(`population: ${nips.length} synthetic eligible employees cloned from ${template.nip} in ${((Date.now() - popT0) / 1000).toFixed(1)} s`);
    await sql`ANALYZE`.execute(db);

    const opUser = DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === template.instansiId)!;
    const apUser = DEMO_USERS.find((u) => u.role === 'APPROVER' && u.instansiId === template.instansiId && u.username.startsWith('pyb.'))!;
    const inst = await db.selectFrom('instansi').select('kanreg_id').where('id', '=', template.instansiId).executeTakeFirstOrThrow();
    const vfUsers = DEMO_USERS.filter((u) => u.role === 'VERIFIER' && u.kanregId === inst.kanreg_id);
    const op = await new BenchClient(baseUrl, opUser.username).login();
    const ap = await new BenchClient(baseUrl, apUser.username).login();
    const vfs = await Promise.all(vfUsers.map((u) => new BenchClient(baseUrl, u.username).login()));
    const periode: string = (await op.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
    log(`operator ${op.username}, approver ${ap.username}, verifiers ${vfs.map((v) => v.username).join(', ')}, periode ${periode}`);

    // ---------------------------------------------------------------------------------------------------- lifecycles
    const stages: Stages = {};
    const problems: string[] = [];
    const runLifecycles = async (list: string[], record: boolean) => {
      const chunks: string[][] = [];
      for (let i = 0; i < list.length; i += BATCH) chunks.push(list.slice(i, i + BATCH));
      const ids: string[] = [];
      await pool(chunks, CLIENTS, async (chunk, ci) => {
        const vf = vfs[ci % vfs.length];
        const t0 = Date.now();
        const sub = await op.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: chunk });
        if (sub.status !== 201) throw new Error(`submit: ${sub.status} ${JSON.stringify(sub.body).slice(0, 300)}`);
        const accepted = (sub.body.items as { status: string; usulanId?: string; alasan?: unknown }[]).filter((i) => i.status === 'DITERIMA').map((i) => i.usulanId!);
        if (accepted.length < chunk.length) problems.push(`held back: ${JSON.stringify(sub.body.items.find((i: { status: string }) => i.status !== 'DITERIMA'))}`);
        if (accepted.length === 0) return;
        ids.push(...accepted);
        if (record) push(stages, '1 submit (HTTP, per collective request)', sub.ms);
        await waitRows('workflow start', async () => {
          const r = await db!.selectFrom('usulan_kp').select('id').where('id', 'in', accepted).where('workflow_started_at', 'is not', null).execute();
          return r.length === accepted.length ? true : undefined;
        });
        const appr = await ap.post('/api/v1/kp/keputusan-instansi-massal', { ids: accepted, action: 'APPROVE', passphrase: passphraseOf(ap.username) });
        if (appr.status !== 200 || appr.body.berhasil !== accepted.length) problems.push(`approve: ${appr.status} ${JSON.stringify(appr.body).slice(0, 300)}`);
        if (record) push(stages, '3 approve + sign statement (HTTP, per bulk request)', appr.ms);
        for (const id of accepted) {
          const k = await vf.post(`/api/v1/kp/usulan/${id}/klaim`);
          if (k.status !== 200) problems.push(`klaim ${id}: ${k.status} ${JSON.stringify(k.body).slice(0, 200)}`);
          const v = await vf.post(`/api/v1/kp/usulan/${id}/verifikasi`, { action: 'MS', passphrase: passphraseOf(vf.username) });
          if (v.status !== 200) problems.push(`MS ${id}: ${v.status} ${JSON.stringify(v.body).slice(0, 200)}`);
          if (record) {
            push(stages, '4 claim (HTTP)', k.ms);
            push(stages, '5 verify MS + sign Pertek (HTTP)', v.ms);
          }
        }
        await waitRows('SK drafts', async () => {
          const r = await db!.selectFrom('usulan_kp').select('id').where('id', 'in', accepted).where('sk_draft_sha256', 'is not', null).execute();
          return r.length === accepted.length ? true : undefined;
        });
        const tte = await ap.post('/api/v1/kp/tte-sk', { ids: accepted, passphrase: passphraseOf(ap.username) });
        if (tte.status !== 200 || tte.body.berhasil !== accepted.length) problems.push(`tte-sk: ${tte.status} ${JSON.stringify(tte.body).slice(0, 300)}`);
        if (record) push(stages, '7 sign SK (HTTP, per bulk request)', tte.ms);
        await waitRows('SELESAI', async () => {
          const r = await db!.selectFrom('usulan_kp').select('id').where('id', 'in', accepted).where('status', '=', 'SELESAI').execute();
          return r.length === accepted.length ? true : undefined;
        });
        if (record) for (let i = 0; i < accepted.length; i++) push(stages, '9 whole lifecycle (client view)', Date.now() - t0);
      });
      return ids;
    };

    log(`warm-up: ${WARMUP} lifecycles`);
    await runLifecycles(nips.slice(0, WARMUP), false);
    log(`lifecycles: ${N} usulan, ${CLIENTS} concurrent clients, ${BATCH} usulan per client batch`);
    const lcMark = meter.mark();
    // Disk per lifecycle (every database on the server: usulan's and, on the cluster, Temporal's persistence and
    // visibility), for the sizing of a national period; autovacuum may reclaim a little afterwards.
    const dbSizes = async () => new Map((await sql<{ datname: string; bytes: string }>`
      SELECT datname, pg_database_size(datname)::text AS bytes FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres'`.execute(db!))
      .rows.map((r) => [r.datname, Number(r.bytes)]));
    const sizesBefore = await dbSizes();
    const lcT0 = Date.now();
    let progress = 0;
    const ticker = setInterval(() => {
      void db!.selectFrom('usulan_kp').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'SELESAI').executeTakeFirst()
        .then((r) => { progress = Number(r?.n ?? 0) - WARMUP; log(`  ${progress}/${N} SELESAI, ${(progress / ((Date.now() - lcT0) / 1000)).toFixed(1)}/s`); });
    }, 15_000);
    const lcIds = await runLifecycles(nips.slice(WARMUP, WARMUP + N), true);
    clearInterval(ticker);
    const lcSeconds = (Date.now() - lcT0) / 1000;
    const lcUsed = lcMark();
    const oursPerS = lcIds.length / lcSeconds;
    const sizesAfter = await dbSizes();
    const diskPerLifecycle = [...sizesAfter].map(([name, bytes]) => `${name} ${((bytes - (sizesBefore.get(name) ?? 0)) / 1024 / Math.max(1, lcIds.length)).toFixed(1)} KB`).join(', ');

    // Server-side stage durations from the usulan timeline (events are written by the workflow's activities).
    const ev = await db.selectFrom('usulan_event').select(['usulan_id', 'jenis', 'at']).where('usulan_id', 'in', lcIds).execute();
    const rows = await db.selectFrom('usulan_kp').select(['id', 'created_at', 'workflow_started_at']).where('id', 'in', lcIds).execute();
    const at = new Map<string, Record<string, number>>();
    for (const e of ev) (at.get(e.usulan_id) ?? at.set(e.usulan_id, {}).get(e.usulan_id)!)[e.jenis] = new Date(e.at).getTime();
    for (const r of rows) {
      const a = at.get(r.id) ?? {};
      if (r.workflow_started_at) push(stages, '2 workflow started (row committed → started)', new Date(r.workflow_started_at).getTime() - new Date(r.created_at).getTime());
      if (a.MS && a.DRAF_SK_SIAP) push(stages, '6 SK draft rendered (MS → draft ready)', a.DRAF_SK_SIAP - a.MS);
      if (a.SK_DITANDATANGANI && a.SELESAI) push(stages, '8 archive + golongan + notify (SK signed → SELESAI)', a.SELESAI - a.SK_DITANDATANGANI);
    }
    // SELESAI is written before the last notification activity runs: give the last ones a moment.
    let notifiedBefore = -1;
    for (let i = 0; i < 40; i++) {
      const r = await sql<{ n: string }>`SELECT count(DISTINCT usulan_id) AS n FROM notification WHERE usulan_id = ANY(${lcIds}::text[]) AND event_key LIKE '%:notify%'`.execute(db);
      const n = Number(r.rows[0].n);
      if (n === lcIds.length || n === notifiedBefore) break;
      notifiedBefore = n;
      await sleep(500);
    }
    const check = await sql<{ selesai: string; sk_docs: string; golongan: string; notified: string; sk_numbers: string }>`
      SELECT (SELECT count(*) FROM usulan_kp WHERE id = ANY(${lcIds}::text[]) AND status = 'SELESAI') AS selesai,
             (SELECT count(*) FROM document WHERE usulan_id = ANY(${lcIds}::text[]) AND kind = 'SK') AS sk_docs,
             (SELECT count(*) FROM employee_golongan_history WHERE usulan_id = ANY(${lcIds}::text[])) AS golongan,
             (SELECT count(DISTINCT usulan_id) FROM notification WHERE usulan_id = ANY(${lcIds}::text[]) AND event_key LIKE '%:notify%') AS notified,
             (SELECT count(*) FROM number_assignment WHERE usulan_id = ANY(${lcIds}::text[]) AND kind = 'SK') AS sk_numbers`.execute(db);
    const c = check.rows[0];

    const lcReport = () => {
      out(`== KP lifecycles over the API: ${lcIds.length} in ${lcSeconds.toFixed(1)} s = ${oursPerS.toFixed(2)} lifecycles/s (${CLIENTS} clients × ${BATCH})`);
      out(`   outcome: SELESAI ${c.selesai}, SK numbers ${c.sk_numbers}, SK documents ${c.sk_docs}, golongan rows ${c.golongan}, notified ${c.notified}` + (problems.length ? `; ${problems.length} problem(s), first: ${problems[0]}` : ''));
      for (const k of Object.keys(stages).sort()) out(`   ${k.padEnd(54)} ${summary(stages[k])}`);
      cpuTable('lifecycle phase', lcUsed, lcIds.length);
      out(`   PostgreSQL disk growth per lifecycle: ${diskPerLifecycle}`);
    };
    lcReport();

    // ------------------------------------------------------------------------------------------------------ baseline
    const inflight = CLIENTS * BATCH;
    log(`baseline: ${N} shape-equivalent no-op workflows, ${inflight} in flight, same ${CLUSTER ? 'cluster' : 'dev server'} and worker`);
    const blStages: Stages = {};
    const blMark = meter.mark();
    const blT0 = Date.now();
    const actor = { userId: 'usr-bench', nama: 'Bench Approver', role: 'APPROVER' };
    let blFailed = 0;
    await pool(Array.from({ length: N }, (_, i) => i), inflight, async (i) => {
      await Promise.race([baselineOne(i), sleep(300_000).then(() => { throw new Error('timeout'); })]).catch((e: Error) => {
        blFailed += 1;
        if (blFailed <= 3) log(`  baseline ${i} failed: ${e.message}`);
      });
    });
    async function baselineOne(i: number) {
      const id = `BL-${path.basename(dataDir)}-${i}`;
      const input: BaselineInput = {
        usulanId: id, slaMs: 30 * 86_400_000,
        payload: { nip: nips[i], instansiId: template.instansiId, kanregId: inst.kanreg_id, periode, jenisKp: 101, golonganLama: 32, golonganBaru: 33, penandatangan: 'PPK', submittedBy: 'usr-op' },
      };
      const t0 = performance.now();
      const h = await temporal.workflow.start<typeof baselineUsulanWorkflow>(BASELINE_WORKFLOW_TYPE, { workflowId: id, taskQueue: 'usulan', args: [input] });
      const t1 = performance.now();
      await h.executeUpdate(baselineApproverUpdate, { args: [{ actor, action: 'APPROVE', signatureSha256: 'a'.repeat(64) }], updateId: `k1:${id}` });
      const t2 = performance.now();
      await h.executeUpdate(baselineVerifierUpdate, { args: [{ actor: { ...actor, role: 'VERIFIER' }, action: 'MS', pertek: { nomor: 'KP-00000000001', tanggal: periode, documentId: 'doc' } }], updateId: `k2:${id}` });
      const t3 = performance.now();
      // The draft activity runs after the verifier update; like the KP client, wait until signing is accepted.
      for (let attempt = 0; ; attempt++) {
        try {
          await h.executeUpdate(baselineSkSignedUpdate, { args: [{ actor, documentId: 'doc', nomor: 'SK', tanggal: periode }], updateId: `k3:${id}:${attempt}` });
          break;
        } catch (err) {
          if (!/draft not ready/.test(String((err as { cause?: unknown }).cause ?? err)) || performance.now() - t0 > 300_000) throw err;
          await sleep(100);
        }
      }
      const t4 = performance.now();
      await h.result();
      const t5 = performance.now();
      push(blStages, '1 start', t1 - t0);
      push(blStages, '2 approver update', t2 - t1);
      push(blStages, '3 verifier update', t3 - t2);
      push(blStages, '4 SK-signed update (retried until the draft exists)', t4 - t3);
      push(blStages, '5 result (promotion, transition, notify)', t5 - t4);
      push(blStages, '6 whole lifecycle', t5 - t0);
    }
    const blSeconds = (Date.now() - blT0) / 1000;
    const blUsed = blMark();
    const baselinePerS = (N - blFailed) / blSeconds;

    // ------------------------------------------------------------------------------------------ 5,000-NIP submission
    let bulkAnswerMs = NaN;
    let bulkStartedS = NaN;
    let bulkAccepted = 0;
    const soakIds: string[] = [];
    const soakNips = nips.slice(WARMUP + N);
    if (BULK) {
      log(`collective submission of ${BULK_N} NIPs`);
      const res = await op.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: soakNips.slice(0, BULK_N) }, { deadlineMs: 600_000 });
      bulkAnswerMs = res.ms;
      if (res.status !== 201) throw new Error(`${BULK_N}-NIP submission: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      bulkAccepted = res.body.diterima;
      const answered = Date.now();
      const batchId = res.body.batchId as string;
      soakIds.push(...(res.body.items as { usulanId?: string }[]).flatMap((i) => (i.usulanId ? [i.usulanId] : [])));
      await waitRows(`${BULK_N} workflow starts`, async () => {
        const r = await db!.selectFrom('usulan_kp').select((eb) => eb.fn.countAll<string>().as('n')).where('batch_id', '=', batchId).where('workflow_started_at', 'is not', null).executeTakeFirstOrThrow();
        return Number(r.n) >= bulkAccepted ? true : undefined;
      }, 900_000, 250);
      bulkStartedS = (Date.now() - answered) / 1000;
      log(`  answered in ${fmtMs(bulkAnswerMs)} (${bulkAccepted} accepted), all workflows started ${bulkStartedS.toFixed(1)} s after the answer`);
    }

    // ------------------------------------------------------------------------------------------------------ the soak
    const soakSeries: string[] = [];
    let soakVerdict = 'skipped';
    let soakApproved = 0;
    if (SOAK > 0) {
      log(`soak: ${SOAK} usulan left waiting for approval, ${SOAK_APPROVALS_PER_S} approvals/s, ${SOAK_HOLD_S} s hold after all started`);
      const soakT0 = Date.now();
      const samples: { t: number; rss: number; started: number }[] = [];
      let stop = false;
      let started = 0;
      const waiting: string[] = [];
      const sampler = (async () => {
        while (!stop) {
          const s = meter.sample();
          const r = await db!.selectFrom('usulan_kp').select((eb) => eb.fn.countAll<string>().as('n')).where('workflow_started_at', 'is not', null).where('status', 'in', ['MENUNGGU_PERSETUJUAN', 'MENUNGGU_VERIFIKASI']).executeTakeFirstOrThrow();
          started = Number(r.n);
          const ts = (Date.now() - soakT0) / 1000;
          samples.push({ t: ts, rss: s.engine.rssMb, started });
          if (samples.length % 3 === 1) {
            const line = `t=${ts.toFixed(0).padStart(4)} s  open workflows=${String(started).padStart(6)}  approved=${String(soakApproved).padStart(5)}  engine RSS=${s.engine.rssMb.toFixed(0)} MB  temporal RSS=${s.temporal.rssMb.toFixed(0)} MB  postgres RSS=${s.postgres.rssMb.toFixed(0)} MB`;
            soakSeries.push(line);
            log(`  ${line}`);
          }
          await sleep(5000);
        }
      })();
      const approver = (async () => {
        // Approvals at a steady rate among started workflows (one bulk request per second).
        while (!stop) {
          const tick = Date.now();
          if (waiting.length === 0) {
            const r = await db!.selectFrom('usulan_kp').select('id').where('status', '=', 'MENUNGGU_PERSETUJUAN')
              .where('workflow_started_at', 'is not', null).orderBy('created_at').limit(2000).execute();
            waiting.push(...r.map((x) => x.id));
          }
          const ids = waiting.splice(0, SOAK_APPROVALS_PER_S);
          if (ids.length) {
            const a = await ap.post('/api/v1/kp/keputusan-instansi-massal', { ids, action: 'APPROVE', passphrase: passphraseOf(ap.username) });
            soakApproved += a.status === 200 ? a.body.berhasil : 0;
          }
          await sleep(Math.max(0, 1000 - (Date.now() - tick)));
        }
      })();
      const rest = soakNips.slice(bulkN, bulkN + soakExtra);
      for (let i = 0; i < rest.length; i += 5000) {
        const res = await op.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: rest.slice(i, i + 5000) }, { deadlineMs: 600_000 });
        if (res.status !== 201) throw new Error(`soak submission: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        soakIds.push(...(res.body.items as { usulanId?: string }[]).flatMap((x) => (x.usulanId ? [x.usulanId] : [])));
      }
      await waitRows('soak workflow starts', async () => {
        const r = await db!.selectFrom('usulan_kp').select((eb) => eb.fn.countAll<string>().as('n')).where('workflow_started_at', 'is', null).executeTakeFirstOrThrow();
        return Number(r.n) === 0 ? true : undefined;
      }, 3_600_000, 2000);
      const allStartedAt = (Date.now() - soakT0) / 1000;
      log(`  all ${soakIds.length} soak workflows started after ${allStartedAt.toFixed(0)} s; holding ${SOAK_HOLD_S} s`);
      await sleep(SOAK_HOLD_S * 1000);
      stop = true;
      await Promise.all([sampler, approver]);
      const hold = samples.filter((s) => s.t >= allStartedAt);
      if (hold.length >= 3) {
        const n = hold.length;
        const mx = hold.reduce((s, x) => s + x.t, 0) / n;
        const my = hold.reduce((s, x) => s + x.rss, 0) / n;
        const slope = hold.reduce((s, x) => s + (x.t - mx) * (x.rss - my), 0) / Math.max(1e-9, hold.reduce((s, x) => s + (x.t - mx) ** 2, 0));
        const min = Math.min(...hold.map((x) => x.rss));
        const max = Math.max(...hold.map((x) => x.rss));
        soakVerdict = `engine RSS during the hold: ${min.toFixed(0)}-${max.toFixed(0)} MB, trend ${(slope * 60).toFixed(1)} MB/min with ${soakIds.length} open workflows (${soakApproved} approved during the soak)`;
      }
      log(`  ${soakVerdict}`);
    }

    // ------------------------------------------------------------------------------------- status query, autocannon
    log('status query: autocannon, 100 connections');
    const admin = await new BenchClient(baseUrl, 'admin').login();
    const actors = [op, ap, ...vfs, admin];
    const cookies = actors.map((a) => a.cookieHeader());
    const target = lcIds[Math.floor(lcIds.length / 2)] ?? soakIds[0];
    const cannon = async (p: string, amount: number) => {
      let k = 0;
      const r = await autocannon({
        url: baseUrl, connections: 100, amount,
        requests: [{ method: 'GET', path: p, setupRequest: (req: any) => ({ ...req, headers: { ...req.headers, cookie: cookies[k++ % cookies.length], accept: 'application/json' } }) }],
      });
      return r;
    };
    const readModel = await cannon(`/api/v1/kp/usulan/${target}`, 800 * actors.length);
    // The Temporal query goes to an open workflow (a completed one is replayed from history on every query).
    const openTarget = (await db.selectFrom('usulan_kp').select('id').where('status', '=', 'MENUNGGU_VERIFIKASI').where('is_open', '=', true).limit(1).executeTakeFirst())?.id ?? soakIds[0] ?? target;
    const wfQuery = await cannon(`/api/v1/kp/usulan/${openTarget}/state`, 300 * actors.length);

    // -------------------------------------------------------------------------------------------------------- report
    out('');
    out(`== usulan bench on ${machine()}`);
    out(`   command: npm run bench -- --n ${N} --clients ${CLIENTS} --batch ${BATCH} --soak ${SOAK}${BULK ? (BULK_N === 5000 ? '' : ` --bulk ${BULK_N}`) : ' --no-bulk5000'}${CLUSTER ? ' --cluster' : ''}`);
    lcReport();
    out(`== baseline (no-op activities, same shape): ${N - blFailed} of ${N} in ${blSeconds.toFixed(1)} s = ${baselinePerS.toFixed(2)} lifecycles/s`);
    for (const k of Object.keys(blStages).sort()) out(`   ${k.padEnd(54)} ${summary(blStages[k])}`);
    cpuTable('baseline phase', blUsed, N);
    out(`== ratio ours/baseline: ${(oursPerS / baselinePerS).toFixed(3)}`);
    if (BULK) out(`== ${BULK_N} NIPs in one submission: answered in ${fmtMs(bulkAnswerMs)}, ${bulkAccepted} accepted, all workflows started ${bulkStartedS.toFixed(1)} s after the answer`);
    out(`== soak: ${soakVerdict}`);
    for (const l of soakSeries) out(`   ${l}`);
    const ac = (name: string, r: autocannon.Result) => out(`== ${name}: ${r.requests.total} requests, 100 connections, ${r.requests.average.toFixed(0)} req/s, latency p50 ${r.latency.p50} ms, p97.5 ${r.latency.p97_5} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
    ac(`status query (GET /api/v1/kp/usulan/:id, read model)`, readModel);
    ac(`status query (GET /api/v1/kp/usulan/:id/state, Temporal query on an open workflow)`, wfQuery);
    out(`   bench wall time ${((Date.now() - started) / 1000).toFixed(0)} s; data in ${path.relative(ROOT, dataDir)}; client retries ${[op, ap, ...vfs].reduce((s, x) => s + x.retries, 0)}`);
    fs.writeFileSync(path.join(dataDir, 'results.json'), JSON.stringify({
      machine: machine(), N, CLIENTS, BATCH, SOAK, oursPerS, baselinePerS, lcSeconds, blSeconds,
      stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, { p50: percentile(v, 50), p95: percentile(v, 95), p99: percentile(v, 99) }])),
      baselineStages: Object.fromEntries(Object.entries(blStages).map(([k, v]) => [k, { p50: percentile(v, 50), p95: percentile(v, 95), p99: percentile(v, 99) }])),
      lcUsed, blUsed, bulkAnswerMs, bulkStartedS, soakVerdict, soakSeries, meterSeries: meter.series,
      readModel: readModel.latency, wfQuery: wfQuery.latency, problems: problems.slice(0, 50),
    }, null, 2));
    meter.stop();
    out(`lifecycles_per_s=${oursPerS.toFixed(2)} baseline_per_s=${baselinePerS.toFixed(2)} ratio=${(oursPerS / baselinePerS).toFixed(3)}`);
  } finally {
    await connection?.close().catch(() => undefined);
    await db?.destroy().catch(() => undefined);
    await engine.stop({ keep: hasFlag('keep') });
  }
}

main().then(() => process.exit(0), (err: Error) => {
  process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});

import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { Client, Connection } from '@temporalio/client';
import { createDb, ensureDatabase, migrateToLatest, type Db } from '../db';
import { DEMO_CASES, DEMO_SIGNERS, DEMO_USERS, seedDemo } from '../db/seed';
import { FsBlobStore } from '../dms/blob-store';
import { ensureStandInPki, enrolOfficial } from '../signing';
import { startMailCapture } from '../notify/capture-server';
import { buildWorkflowBundle } from '../runtime/workflow-bundle';
import { freePort } from '../runtime/ports';
import { BenchClient } from './lib/http';
import { createPopulation } from './lib/population';
import { ROOT, spawnTs } from './lib/procs';
import { argValue, hasFlag, pool, sleep } from './lib/stats';
import { ensureTemporalServer } from '../runtime/temporal-server';
import { startTemporalCluster, type TemporalCluster } from '../runtime/temporal-cluster';
import { formatReport, readTrustAnchors, runConsistencyAudit } from '../auditor/consistency';

/**
 * npm run chaos [-- --n 500 --minutes 15 --cluster]
 *
 * Loopback only. PostgreSQL, the Temporal dev server (persisted SQLite), one worker and one API run as separate child
 * processes. While clients drive N usulan through the KP lifecycle (retrying with the same Idempotency-Key), the
 * monkey kills the worker with SIGKILL ten times, stops and restarts the dev server, restarts PostgreSQL and kills the
 * API in the middle of requests. Then every usulan the clients were told was accepted is checked against the database,
 * the DMS and the workflows: `lost: 0, duplicated: 0`, or each problem by name (exit code 1); then the consistency auditor
 * checks every global invariant over what the run left behind (exit code 1 on any violation).
 *
 * --cluster: Temporal's own cluster on the same PostgreSQL (frontend, matching, worker, two history nodes; see
 * runtime/temporal-cluster.ts) instead of the dev server; the dev-server restart becomes SIGKILLs of a history node
 * (twice, alternating) and of the matching node, each restarted on its ports.
 */

const N = argValue('n', 500);
const MINUTES = argValue('minutes', 15);
const CLIENTS = argValue('clients', 10);
const BATCH = argValue('batch', 10);
const SEED = argValue('seed', Date.now() % 100_000);
const WORKER_KILLS = 10;
const CLUSTER = hasFlag('cluster');
const TEMPORAL_FAULTS = CLUSTER ? ['history', 'history', 'matching'] : ['temporal'];
const FAULT_KINDS = ['worker', 'api', ...new Set(TEMPORAL_FAULTS), 'postgres'];
const API_KILLS = argValue('api-kills', 4);
const SLA = { SLA_APPROVAL: '30d', SLA_VERIFICATION: '30d', SLA_REMINDER_BEFORE: '1d', SLA_KEPPRES_REMINDER: '30d' };

const t0 = Date.now();
const log = (s: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);

let rnd = SEED;
const random = () => {
  rnd = (rnd * 1103515245 + 12345) % 2 ** 31;
  return rnd / 2 ** 31;
};
const between = (a: number, b: number) => a + random() * (b - a);
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;

interface Proc { name: string; script: string; env: Record<string, string>; ready: RegExp; child?: ChildProcess; log: string }

async function main() {
  const deadline = t0 + MINUTES * 60_000;
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dataDir = path.join(ROOT, '.data', `chaos-${stamp}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const [pgPort, tPort, apiPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const mail = await startMailCapture(0);
  const pgUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`;
  const dbUrl = `postgres://postgres:postgres@127.0.0.1:${pgPort}/usulan`;
  const bundle = path.join(dataDir, 'workflow-bundle.js');
  const common = {
    CHAOS_DATA_DIR: dataDir, CHAOS_PG_PORT: String(pgPort), CHAOS_TEMPORAL_PORT: String(tPort), DATA_DIR: dataDir, DATABASE_URL: dbUrl,
    TEMPORAL_ADDRESS: `127.0.0.1:${tPort}`, PORT: String(apiPort), SMTP_URL: `smtp://127.0.0.1:${mail.port}`, LOG_LEVEL: 'warn', TASK_QUEUE: 'usulan',
    WORKFLOW_BUNDLE_PATH: bundle, ...SLA,
  };
  const procs: Record<string, Proc> = {
    postgres: { name: 'postgres', script: 'bench/lib/pg-child.ts', env: common, ready: /postgres ready/, log: path.join(dataDir, 'postgres.log') },
    temporal: { name: 'temporal', script: 'bench/lib/temporal-child.ts', env: common, ready: /temporal ready/, log: path.join(dataDir, 'temporal-child.log') },
    worker: { name: 'worker', script: 'scripts/worker.ts', env: common, ready: /usulan worker/, log: path.join(dataDir, 'worker.log') },
    api: { name: 'api', script: 'scripts/api.ts', env: common, ready: /usulan API listening/, log: path.join(dataDir, 'api.log') },
  };
  const start = async (p: Proc) => {
    const before = fs.existsSync(p.log) ? fs.readFileSync(p.log, 'utf8').length : 0;
    p.child = spawnTs(p.script, p.env, p.log);
    const child = p.child;
    // Wait for a fresh ready line (the log file is appended across restarts).
    const deadlineMs = 180_000;
    const until = Date.now() + deadlineMs;
    for (;;) {
      const text = fs.readFileSync(p.log, 'utf8').slice(before);
      if (p.ready.test(text)) break;
      if (child.exitCode !== null) throw new Error(`${p.name} exited (${child.exitCode}) while starting:\n${text.split('\n').slice(-10).join('\n')}`);
      if (Date.now() > until) throw new Error(`${p.name} not ready in ${deadlineMs} ms`);
      await sleep(100);
    }
  };
  const stop = async (p: Proc, signal: NodeJS.Signals) => {
    const c = p.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const done = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(signal);
    const timer = setTimeout(() => c.kill('SIGKILL'), 30_000);
    await done;
    clearTimeout(timer);
  };
  const restart = async (p: Proc) => {
    for (let i = 0; ; i++) {
      try {
        await start(p);
        return;
      } catch (e) {
        if (i >= 5) throw e;
        log(`  ${p.name} did not start (${(e as Error).message.split('\n')[0]}); retrying`);
        await sleep(2000);
      }
    }
  };
  let cluster: TemporalCluster | undefined;
  const stopAll = async () => {
    for (const n of ['api', 'worker', 'temporal']) await stop(procs[n], 'SIGTERM').catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    await stop(procs.postgres, 'SIGTERM').catch(() => undefined);
    await mail.stop().catch(() => undefined);
  };
  const hard = setTimeout(() => {
    process.stderr.write(`chaos: hard time limit (${MINUTES + 3} min) reached, stopping\n`);
    void stopAll().finally(() => process.exit(2));
  }, (MINUTES + 3) * 60_000);
  hard.unref();
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

  let db: Db | undefined;
  let connection: Connection | undefined;
  try {
    log(`chaos: N=${N}, ${WORKER_KILLS} worker SIGKILLs, ${API_KILLS} API kills, ${CLUSTER ? 'history and matching node SIGKILLs on the cluster' : 'a dev server restart'}, a PostgreSQL restart; seed ${SEED}; data in ${path.relative(ROOT, dataDir)}`);
    await start(procs.postgres);
    await ensureDatabase(pgUrl, 'usulan');
    db = createDb(dbUrl, { max: 6 });
    await migrateToLatest(db);
    const blobs = new FsBlobStore(path.join(dataDir, 'blobs'));
    await seedDemo(db, { putBlob: (b) => blobs.put(b) });
    const keysDir = path.join(dataDir, 'keys');
    await ensureStandInPki(keysDir, {});
    for (const s of DEMO_SIGNERS) await enrolOfficial(keysDir, { id: s.signerId, name: s.nama, nip: s.nip, jabatan: s.jabatan, passphrase: s.passphrase }, {});
    const template = DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT')!;
    const nips = await createPopulation(db, template.nip, N);
    await buildWorkflowBundle(bundle);
    if (CLUSTER) {
      cluster = await startTemporalCluster({
        binaries: await ensureTemporalServer({ rootDir: ROOT, log }), databaseUrl: pgUrl, dataDir: path.join(dataDir, 'temporal-cluster'), log,
      });
      // Every child reads the same env object: the worker and the API find the cluster's frontend.
      common.TEMPORAL_ADDRESS = cluster.address;
      log(`Temporal cluster up in ${(cluster.startMs / 1000).toFixed(1)} s: ${cluster.nodes.map((n) => n.name).join(', ')}`);
      await start(procs.worker);
    } else {
      await Promise.all([start(procs.temporal), start(procs.worker).catch(() => undefined)]);
      if (procs.worker.child?.exitCode !== null) await start(procs.worker);
    }
    await start(procs.api);
    connection = await Connection.connect({ address: common.TEMPORAL_ADDRESS });
    const temporal = new Client({ connection, namespace: 'default' });
    log('all components up');

    const baseUrl = `http://127.0.0.1:${apiPort}`;
    const opUser = DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === template.instansiId)!;
    const apUser = DEMO_USERS.find((u) => u.role === 'APPROVER' && u.instansiId === template.instansiId && u.username.startsWith('pyb.'))!;
    const vfUsers = DEMO_USERS.filter((u) => u.role === 'VERIFIER' && u.kanregId === 'KR01');
    const op = await new BenchClient(baseUrl, opUser.username).login();
    const ap = await new BenchClient(baseUrl, apUser.username).login();
    const vfs = await Promise.all(vfUsers.map((u) => new BenchClient(baseUrl, u.username).login()));
    const periode: string = (await op.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];

    // ------------------------------------------------------------------------------------------------------ the monkey
    const faults: string[] = [...Array(WORKER_KILLS).fill('worker'), ...Array(API_KILLS).fill('api'), ...TEMPORAL_FAULTS, 'postgres'];
    for (let i = faults.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [faults[i], faults[j]] = [faults[j], faults[i]];
    }
    const done: string[] = [];
    let clientsDone = false;
    const inflight = { n: 0 };
    const monkey = (async () => {
      for (const f of faults) {
        // Every few seconds, so that all sixteen faults land while the 500 usulan are still moving.
        await sleep(between(2000, 6000));
        if (clientsDone || Date.now() > deadline - 60_000) break;
        if (f === 'worker') {
          await stop(procs.worker, 'SIGKILL');
          log(`fault: worker SIGKILL (${done.filter((x) => x === 'worker').length + 1}/${WORKER_KILLS})`);
          await sleep(between(200, 3000));
          await restart(procs.worker);
        } else if (f === 'api') {
          // In the middle of requests: wait until some are in flight.
          for (let i = 0; i < 100 && inflight.n === 0; i++) await sleep(50);
          log(`fault: API SIGKILL with ${inflight.n} client request(s) in flight`);
          await stop(procs.api, 'SIGKILL');
          await sleep(between(500, 2000));
          await restart(procs.api);
        } else if (f === 'history' || f === 'matching') {
          const name = f === 'history' ? `history-${(done.filter((x) => x === 'history').length % 2) + 1}` : 'matching';
          const node = cluster!.node(name);
          log(`fault: Temporal ${name} SIGKILL (pid ${node.pid()})`);
          await node.kill('SIGKILL');
          await sleep(between(1000, 5000));
          node.start();
        } else if (f === 'temporal') {
          log('fault: Temporal dev server stop (SIGTERM), restart on the same SQLite file');
          await stop(procs.temporal, 'SIGTERM');
          await sleep(between(1000, 4000));
          await restart(procs.temporal);
        } else {
          log('fault: PostgreSQL restart');
          await stop(procs.postgres, 'SIGTERM');
          await sleep(between(1000, 3000));
          await restart(procs.postgres);
        }
        done.push(f);
        log(`  ${f} back`);
      }
    })();

    // ---------------------------------------------------------------------------------------------------- the clients
    const accepted = new Map<string, string>(); // usulanId -> nip, as told to the clients
    const tracked = async <T>(fn: () => Promise<T>) => {
      inflight.n += 1;
      try {
        return await fn();
      } finally {
        inflight.n -= 1;
      }
    };
    const dbq = async <T>(fn: (d: Db) => Promise<T>): Promise<T> => {
      for (;;) {
        try {
          return await fn(db!);
        } catch {
          await sleep(500);
        }
      }
    };
    const statusOf = async (ids: string[]) => new Map((await dbq((d) => d.selectFrom('usulan_kp').select(['id', 'status', 'sk_draft_sha256', 'workflow_started_at']).where('id', 'in', ids).execute())).map((r) => [r.id, r]));
    const chunks: string[][] = [];
    for (let i = 0; i < nips.length; i += BATCH) chunks.push(nips.slice(i, i + BATCH));
    const notFinished: string[] = [];
    await pool(chunks, CLIENTS, async (chunk, ci) => {
      const vf = vfs[ci % vfs.length];
      const sub = await tracked(() => op.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: chunk }, { key: `chaos-submit-${stamp}-${ci}`, deadlineMs: deadline - Date.now() }));
      if (sub.status !== 201) throw new Error(`submit: ${sub.status} ${JSON.stringify(sub.body).slice(0, 300)}`);
      const ids: string[] = [];
      for (const it of sub.body.items as { nip: string; status: string; usulanId?: string; alasan?: { kode: string }[] }[]) {
        if (it.status === 'DITERIMA') ids.push(it.usulanId!);
        else if (it.alasan?.some((a) => a.kode === 'USULAN_MASIH_TERBUKA')) {
          // The first attempt committed but its answer was lost with the API: adopt the open usulan.
          const r = await tracked(() => op.get(`/api/v1/kp/usulan?nip=${it.nip}&periode=${periode}`));
          const open = (r.body.items as { id: string; is_open: boolean }[]).find((x) => x.is_open);
          if (open) ids.push(open.id);
        } else throw new Error(`held back: ${JSON.stringify(it)}`);
      }
      for (const id of ids) accepted.set(id, chunk.find((n) => id.includes(n)) ?? '');
      let round = 0;
      for (;;) {
        if (Date.now() > deadline - 30_000) {
          notFinished.push(...ids);
          return;
        }
        const st = await statusOf(ids);
        const by = (s: string) => ids.filter((id) => st.get(id)?.status === s);
        if (by('SELESAI').length === ids.length) return;
        round += 1;
        const step = () => Math.min(20_000, Math.max(1000, deadline - Date.now()));
        try {
        const toApprove = by('MENUNGGU_PERSETUJUAN').filter((id) => st.get(id)?.workflow_started_at);
        if (toApprove.length) {
          await tracked(() => ap.post('/api/v1/kp/keputusan-instansi-massal', { ids: toApprove, action: 'APPROVE', passphrase: passphraseOf(ap.username) }, { key: `chaos-approve-${ci}-${round}`, deadlineMs: step() }));
        }
        for (const id of by('MENUNGGU_VERIFIKASI')) {
          const k = await tracked(() => vf.post(`/api/v1/kp/usulan/${id}/klaim`, {}, { key: `chaos-claim-${id}-${round}`, deadlineMs: step() }));
          if (k.status === 200) {
            await tracked(() => vf.post(`/api/v1/kp/usulan/${id}/verifikasi`, { action: 'MS', passphrase: passphraseOf(vf.username) }, { key: `chaos-ms-${id}-${round}`, deadlineMs: step() }));
          }
        }
        const toSign = by('MENUNGGU_TTE_SK').filter((id) => st.get(id)?.sk_draft_sha256);
        if (toSign.length) {
          const signed = await dbq((d) => d.selectFrom('usulan_event').select('usulan_id').where('usulan_id', 'in', toSign).where('jenis', '=', 'SK_DITANDATANGANI').execute());
          const rest = toSign.filter((id) => !signed.some((s) => s.usulan_id === id));
          if (rest.length) await tracked(() => ap.post('/api/v1/kp/tte-sk', { ids: rest, passphrase: passphraseOf(ap.username) }, { key: `chaos-tte-${ci}-${round}`, deadlineMs: step() }));
        }
        } catch {
          // The API stayed away longer than one step: next round, with fresh keys (the workflow refuses repeats).
        }
        await sleep(1000);
      }
    });
    clientsDone = true;
    await monkey;
    log(`clients finished: ${accepted.size} accepted, ${notFinished.length} not finished in time; faults injected: ${done.length}/${faults.length} (${FAULT_KINDS.map((f) => `${f} ${done.filter((x) => x === f).length}`).join(', ')})`);

    // Let the last activities (the final notification after SELESAI) finish: one killed with the worker in the last
    // seconds is retried only after its start-to-close timeout, so wait for the workflows to close (bounded), not a
    // fixed moment.
    const closeBy = Date.now() + 120_000;
    for (;;) {
      const open: string[] = [];
      await pool([...accepted.keys()], 16, async (id) => {
        const d = await temporal.workflow.getHandle(id).describe().catch(() => undefined);
        if (d?.status.name === 'RUNNING') open.push(id);
      });
      if (open.length === 0 || Date.now() > closeBy) break;
      await sleep(2000);
    }

    // ------------------------------------------------------------------------------------------- consistency check
    const ids = [...accepted.keys()];
    const problems: string[] = [];
    let lost = 0;
    let duplicated = 0;
    const rows = await db.selectFrom('usulan_kp').selectAll().where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of ids) {
      const r = byId.get(id);
      if (!r) { lost += 1; problems.push(`lost: ${id} accepted but not in usulan_kp`); continue; }
      if (r.status !== 'SELESAI') { lost += 1; problems.push(`not finished: ${id} is ${r.status}`); }
    }
    const perNip = await sql<{ nip: string; n: string }>`SELECT nip, count(*) AS n FROM usulan_kp WHERE nip = ANY(${nips}::text[]) GROUP BY nip HAVING count(*) > 1`.execute(db);
    for (const r of perNip.rows) { duplicated += 1; problems.push(`duplicated usulan: NIP ${r.nip} has ${r.n} usulan`); }
    const multi = async (what: string, q: Promise<{ rows: { k: string; n: string }[] }>) => {
      for (const r of (await q).rows) { duplicated += 1; problems.push(`duplicated ${what}: ${r.k} ×${r.n}`); }
    };
    await multi('SK number', sql<{ k: string; n: string }>`SELECT usulan_id AS k, count(*) AS n FROM number_assignment WHERE usulan_id = ANY(${ids}::text[]) AND kind = 'SK' GROUP BY usulan_id HAVING count(*) > 1`.execute(db));
    await multi('SK number across usulan', sql<{ k: string; n: string }>`SELECT sk_nomor AS k, count(*) AS n FROM usulan_kp WHERE sk_nomor IS NOT NULL GROUP BY sk_nomor HAVING count(*) > 1`.execute(db));
    await multi('SK document', sql<{ k: string; n: string }>`SELECT usulan_id AS k, count(*) AS n FROM document WHERE usulan_id = ANY(${ids}::text[]) AND kind = 'SK' GROUP BY usulan_id HAVING count(*) > 1`.execute(db));
    await multi('Pertek document', sql<{ k: string; n: string }>`SELECT usulan_id AS k, count(*) AS n FROM document WHERE usulan_id = ANY(${ids}::text[]) AND kind = 'PERTEK' GROUP BY usulan_id HAVING count(*) > 1`.execute(db));
    await multi('golongan row', sql<{ k: string; n: string }>`SELECT h.nip AS k, count(*) AS n FROM employee_golongan_history h JOIN usulan_kp u ON u.nip = h.nip AND h.golongan_id = u.golongan_baru WHERE u.id = ANY(${ids}::text[]) GROUP BY h.nip HAVING count(*) > 1`.execute(db));
    await multi('notification', sql<{ k: string; n: string }>`SELECT event_key || ' → ' || coalesce(recipient_user_id, recipient_nip, recipient_email, '?') AS k, count(*) AS n FROM notification WHERE usulan_id = ANY(${ids}::text[]) GROUP BY event_key, recipient_user_id, recipient_nip, recipient_email HAVING count(*) > 1`.execute(db));
    await multi('timeline event', sql<{ k: string; n: string }>`SELECT usulan_id || ' ' || jenis AS k, count(*) AS n FROM usulan_event WHERE usulan_id = ANY(${ids}::text[]) AND jenis IN ('DIAJUKAN','DISETUJUI_INSTANSI','MS','DRAF_SK_SIAP','SK_DITANDATANGANI','SELESAI') GROUP BY usulan_id, jenis HAVING count(*) > 1`.execute(db));
    const selesai = rows.filter((r) => r.status === 'SELESAI');
    const skDocs = new Map((await db.selectFrom('document').select(['id', 'usulan_id', 'sha256']).where('usulan_id', 'in', ids).where('kind', '=', 'SK').execute()).map((d) => [d.usulan_id!, d]));
    const golongan = new Set((await db.selectFrom('employee_golongan_history').select('usulan_id').where('usulan_id', 'in', ids).execute()).map((g) => g.usulan_id));
    const notified = new Set((await db.selectFrom('notification').select('usulan_id').where('usulan_id', 'in', ids).where('event_key', 'like', '%:notify%').execute()).map((n) => n.usulan_id));
    const emp = new Map((await db.selectFrom('employee').select(['nip', 'golongan_id']).where('nip', 'in', selesai.length ? selesai.map((r) => r.nip) : ['-']).execute()).map((e) => [e.nip, e.golongan_id]));
    for (const r of selesai) {
      const d = skDocs.get(r.id);
      if (!d) { lost += 1; problems.push(`lost SK document: ${r.id}`); } else {
        if (r.sk_document_id !== d.id) problems.push(`SK document mismatch: ${r.id} points at ${r.sk_document_id}, DMS has ${d.id}`);
        if (!(await blobs.has(d.sha256))) { lost += 1; problems.push(`lost SK blob: ${r.id} ${d.sha256}`); }
      }
      if (!r.sk_nomor) { lost += 1; problems.push(`no SK number: ${r.id}`); }
      if (!golongan.has(r.id)) { lost += 1; problems.push(`lost golongan row: ${r.id}`); }
      if (emp.get(r.nip) !== r.golongan_baru) { lost += 1; problems.push(`profile not updated: ${r.nip} golongan ${emp.get(r.nip)} ≠ ${r.golongan_baru}`); }
      if (!notified.has(r.id)) { lost += 1; problems.push(`not notified: ${r.id}`); }
    }
    const wf = { completed: 0, other: [] as string[] };
    await pool(ids, 16, async (id) => {
      try {
        const d = await temporal.workflow.getHandle(id).describe();
        if (d.status.name === 'COMPLETED') wf.completed += 1;
        else wf.other.push(`${id} ${d.status.name}`);
      } catch (e) {
        wf.other.push(`${id} ${(e as Error).message}`);
      }
    });
    for (const o of wf.other) { lost += 1; problems.push(`workflow not completed: ${o}`); }
    const mails = mail.messages.length;

    process.stdout.write('\n');
    log(`accepted ${ids.length}; SELESAI ${selesai.length}; SK documents ${skDocs.size}; golongan rows ${golongan.size}; notified ${notified.size}; workflows completed ${wf.completed}; e-mails captured ${mails}`);
    log(`faults: ${FAULT_KINDS.map((f) => `${f} ${done.filter((x) => x === f).length}`).join(', ')}; client retries ${[op, ap, ...vfs].reduce((s, c) => s + c.retries, 0)}`);
    for (const p of problems.slice(0, 50)) process.stdout.write(`  PROBLEM ${p}\n`);
    if (problems.length > 50) process.stdout.write(`  ... and ${problems.length - 50} more\n`);
    const allFaults = done.length === faults.length;
    if (!allFaults) process.stdout.write(`  NOTE only ${done.length} of ${faults.length} faults were injected before the clients finished\n`);
    process.stdout.write(`lost: ${lost}, duplicated: ${duplicated}\n`);
    // The global invariants over everything the run left behind: signatures, numbers, decrees, workflows, the audit chain.
    const consistency = await runConsistencyAudit({
      db, blobs, temporal, keysDir, trustedRootsPem: [(await readTrustAnchors(keysDir)).rootCertPem], closedWorkflowSample: Infinity, settleMs: 5000,
    });
    process.stdout.write(`${formatReport(consistency)}\n`);
    process.exitCode = lost === 0 && duplicated === 0 && problems.length === 0 && ids.length === N && consistency.ok ? 0 : 1;
  } finally {
    await connection?.close().catch(() => undefined);
    await db?.destroy().catch(() => undefined);
    await stopAll();
    clearTimeout(hard);
  }
}

main().then(() => process.exit(process.exitCode ?? 0), (err: Error) => {
  process.stderr.write(`chaos failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});

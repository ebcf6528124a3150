import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { dropDatabase } from '../../db';
import { DEMO_CASES, DEMO_SIGNERS, DEMO_USERS } from '../../db/seed';
import { createPopulation } from '../../bench/lib/population';
import { startTemporalCluster, type TemporalCluster } from '../../runtime/temporal-cluster';
import { ensureTemporalServer, POSTGRES_SCHEMA_VERSIONS, type TemporalServerBinaries } from '../../runtime/temporal-server';
import { pgTargetOf, schemaVersionOf } from '../../runtime/temporal-schema';
import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import type { ApiClient } from '../helpers/http-client';

/**
 * The engine, unchanged, on Temporal's own multi-process cluster (frontend, matching, worker, two history nodes) on the
 * test PostgreSQL: the KP and peremajaan lifecycles end to end, a history node killed with SIGKILL in the middle of a
 * batch, and a whole-cluster restart that finds its schema up to date. The server is built with Go on a fresh
 * machine (`npm run temporal:provision` in .ci/run does it first); without Go this file fails and says so.
 */
jest.setTimeout(300_000);
// Five Temporal services of 20 connections each (the template's default) beside the other suites exhaust a default
// PostgreSQL's 100; the cluster's processes inherit this (deploy/temporal/cluster.yaml reads it).
process.env.TEMPORAL_DB_MAX_CONNS = '6';

const ROOT = path.resolve(__dirname, '..', '..');
const tag = randomBytes(4).toString('hex');
const databases = { temporal: `usulan_tc_${tag}`, visibility: `usulan_tcv_${tag}` };
const pgServer = () => process.env.TEST_PG_SERVER_URL!;

let binaries: TemporalServerBinaries;
let cluster: TemporalCluster;
let engine: TestEngine;
let operator: ApiClient;
let approver: ApiClient;
let verifier: ApiClient;
let periode: string;
let eligible: string[];
let vfUsername: string;

const template = DEMO_CASES.find((c) => c.key === 'REGULER_MEMENUHI_SYARAT')!;
const opUser = DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === template.instansiId)!;
const apUser = DEMO_USERS.find((u) => u.role === 'APPROVER' && u.instansiId === template.instansiId && u.username.startsWith('pyb.'))!;
const passphraseOf = (username: string) => DEMO_SIGNERS.find((s) => s.username === username)!.passphrase;

function startCluster(frontendPort?: number): Promise<TemporalCluster> {
  return startTemporalCluster({ binaries, databaseUrl: pgServer(), databases, dataDir: path.join(process.env.TEST_TMP_DIR!, `cluster-${tag}`), frontendPort, log: () => undefined });
}

async function queryTemporalDb(name: string, text: string): Promise<Record<string, unknown>[]> {
  const u = new URL(pgServer());
  u.pathname = '/' + name;
  const pool = new Pool({ connectionString: u.toString(), max: 1 });
  try {
    return (await pool.query(text)).rows;
  } finally {
    await pool.end();
  }
}

const statusOf = async (ids: string[]) => engine.db.selectFrom('usulan_kp').select(['id', 'status', 'claimed_by']).where('id', 'in', ids).execute();

/**
 * One step of a usulan, retried the way a client retries when the cluster is briefly unavailable (a killed history
 * node's shards move): the same Idempotency-Key each time, and done as soon as the read model shows the step taken,
 * whichever attempt took it.
 */
async function step(client: ApiClient, pathname: string, body: unknown, done: () => Promise<boolean>): Promise<void> {
  const key = randomUUID();
  const deadline = Date.now() + 120_000;
  let last = '';
  for (;;) {
    if (await done()) return;
    const res = await client.post(pathname, body, { idempotencyKey: key }).catch((e: Error) => ({ status: 0, body: e.message }));
    if (res.status === 200 && (await eventually(done, 30_000, 100).then(() => true, () => false))) return;
    last = `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
    if (Date.now() > deadline) throw new Error(`${pathname} did not succeed in 120 s: ${last}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function submitKp(nips: string[]): Promise<string[]> {
  const res = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips });
  expect(res.status).toBe(201);
  const ids = (res.body.items as { status: string; usulanId?: string }[]).filter((i) => i.status === 'DITERIMA').map((i) => i.usulanId!);
  expect(ids).toHaveLength(nips.length);
  await eventually(async () => (await engine.db.selectFrom('usulan_kp').select('id').where('id', 'in', ids).where('workflow_started_at', 'is not', null).execute()).length === ids.length, 60_000);
  return ids;
}

async function verifyMs(id: string): Promise<void> {
  const row = async () => (await statusOf([id]))[0];
  await step(verifier, `/api/v1/kp/usulan/${id}/klaim`, undefined, async () => { const r = await row(); return r.claimed_by !== null || r.status !== 'MENUNGGU_VERIFIKASI'; });
  await step(verifier, `/api/v1/kp/usulan/${id}/verifikasi`, { action: 'MS', passphrase: passphraseOf(vfUsername) }, async () => (await row()).status !== 'MENUNGGU_VERIFIKASI');
}

async function signSks(ids: string[]): Promise<void> {
  await eventually(async () => (await engine.db.selectFrom('usulan_kp').select('id').where('id', 'in', ids).where('sk_draft_sha256', 'is not', null).execute()).length === ids.length, 120_000, 200);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const waiting = (await statusOf(ids)).filter((r) => r.status === 'MENUNGGU_TTE_SK').map((r) => r.id);
    if (waiting.length === 0) return;
    await approver.post('/api/v1/kp/tte-sk', { ids: waiting, passphrase: passphraseOf(apUser.username) }).catch(() => undefined);
    if (Date.now() > deadline) throw new Error(`SKs still unsigned after 120 s: ${waiting.join(', ')}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const allSelesai = (ids: string[]) => eventually(async () => (await statusOf(ids)).every((r) => r.status === 'SELESAI'), 180_000, 300);

beforeAll(async () => {
  binaries = await ensureTemporalServer({ rootDir: ROOT });
  cluster = await startCluster();
  engine = await startTestEngine({ TEMPORAL_ADDRESS: cluster.address });
  [operator, approver] = await Promise.all([engine.login(opUser.username), engine.login(apUser.username)]);
  const inst = await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', template.instansiId).executeTakeFirstOrThrow();
  const vfUser = DEMO_USERS.find((u) => u.role === 'VERIFIER' && u.kanregId === inst.kanreg_id)!;
  verifier = await engine.login(vfUser.username);
  vfUsername = vfUser.username;
  periode = (await operator.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
  eligible = await createPopulation(engine.db, template.nip, 20);
  // A first build of the server with Go takes minutes (11 on 2 cores); .ci/run provisions it before the suite.
}, 30 * 60_000);

afterAll(async () => {
  await engine?.close();
  await cluster?.stop();
  for (const name of Object.values(databases)) await dropDatabase(pgServer(), name).catch(() => undefined);
});

describe('the cluster', () => {
  it('runs frontend, matching, worker and two history nodes as separate processes on schemas it created at the server version', async () => {
    expect(cluster.schema).toEqual({ temporal: 'created', visibility: 'created' });
    const target = pgTargetOf(pgServer());
    expect(await schemaVersionOf(target, databases.temporal)).toBe(POSTGRES_SCHEMA_VERSIONS.temporal);
    expect(await schemaVersionOf(target, databases.visibility)).toBe(POSTGRES_SCHEMA_VERSIONS.visibility);
    expect(cluster.nodes.map((n) => n.service).sort()).toEqual(['frontend', 'history', 'history', 'matching', 'worker']);
    const pids = cluster.nodes.map((n) => n.pid());
    expect(new Set(pids).size).toBe(5);
    expect(pids.every((p) => typeof p === 'number')).toBe(true);
    // Each process joined the membership ring through the database and keeps its heartbeat fresh there.
    const members = await queryTemporalDb(databases.temporal, 'SELECT rpc_port FROM cluster_membership WHERE record_expiry > now()');
    expect(new Set(members.map((m) => m.rpc_port)).size).toBe(5);
  });
});

describe('on the cluster, the engine unchanged', () => {
  it('runs a KP usulan to SELESAI: approved and signed, MS with a signed Pertek, SK signed, archived and in the golongan history', async () => {
    const [id] = await submitKp(eligible.slice(0, 1));
    const appr = await approver.post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf(apUser.username) });
    expect(appr.status).toBe(200);
    expect(appr.body.status).toBe('MENUNGGU_VERIFIKASI');
    await verifyMs(id);
    await signSks([id]);
    await allSelesai([id]);
    const u = await engine.db.selectFrom('usulan_kp').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(u.sk_nomor).toMatch(/^800\.1\.3\.2\/\d+\//);
    const history = await engine.db.selectFrom('employee_golongan_history').selectAll().where('usulan_id', '=', id).execute();
    expect(history).toHaveLength(1);
    const verification = await operator.get(`/api/v1/verifikasi/${u.sk_document_id}`);
    expect(verification.body).toMatchObject({ cocokDenganDms: true, semuaValid: true, dokumen: { jenis: 'SK', berlaku: true } });
    await eventually(async () => (await engine.temporal.workflow.getHandle(id).describe()).status.name === 'COMPLETED', 60_000, 300);
  });

  it('runs a collective peremajaan to SELESAI: each change approved and applied to the record', async () => {
    const nips = eligible.slice(1, 4);
    const opId = (await engine.db.selectFrom('app_user').select('id').where('username', '=', opUser.username).executeTakeFirstOrThrow()).id;
    const documentsByNip: Record<string, string[]> = {};
    for (const nip of nips) {
      const docId = `doc-tc-${randomUUID()}`;
      await engine.db.insertInto('document').values({
        id: docId, sha256: randomBytes(32).toString('hex'), size: 10, mime: 'application/pdf', filename: 'diklat.pdf', kind: 'BERKAS', doc_code: 'SERTIFIKAT_DIKLAT',
        siasn_id: null, owner_nip: nip, usulan_id: null, supersedes_id: null, uploaded_by: opId, created_at: new Date(),
      }).execute();
      documentsByNip[nip] = [docId];
    }
    const value = `Pelatihan Kepemimpinan Pengawas ${tag}`;
    const r = await operator.post('/api/v1/peremajaan/kolektif', { nips, change: { area: 'DIKLAT', field: 'namaDiklat', value, documents: [] }, documentsByNip });
    expect(r.status).toBe(201);
    expect(r.body.diterima).toBe(nips.length);
    const ids: string[] = r.body.items.map((i: { usulanId: string }) => i.usulanId);
    for (const id of ids) {
      const d = await approver.post(`/api/v1/peremajaan/${id}/changes/${id}-1/decision`, { action: 'APPROVE' });
      expect([id, d.status]).toEqual([id, 200]);
    }
    await eventually(async () => (await engine.db.selectFrom('usulan_peremajaan').select('id').where('id', 'in', ids).where('status', '=', 'SELESAI').execute()).length === ids.length, 120_000, 300);
    const applied = await engine.db.selectFrom('employee_record_item').select(['nip', 'data']).where('usulan_id', 'in', ids).execute();
    expect(applied.map((a) => a.nip).sort()).toEqual([...nips].sort());
    for (const a of applied) expect(a.data).toEqual({ value });
  });
});

describe('a history node killed with SIGKILL in the middle of a batch', () => {
  it('loses nothing: once restarted, every usulan of the batch reaches SELESAI exactly once', async () => {
    const ids = await submitKp(eligible.slice(4, 16));
    const appr = await approver.post('/api/v1/kp/keputusan-instansi-massal', { ids, action: 'APPROVE', passphrase: passphraseOf(apUser.username) });
    expect(appr.status).toBe(200);
    expect(appr.body.berhasil).toBe(ids.length);

    const victim = cluster.node('history-1');
    const killedPid = victim.pid();
    let killedAt = -1;
    for (const [i, id] of ids.entries()) {
      if (i === 4) {
        await victim.kill('SIGKILL');
        killedAt = i;
        expect(victim.running()).toBe(false);
      }
      // Decisions go on while the node is down (its shards move to history-2); it comes back a few usulan later.
      if (i === 8) victim.start();
      await verifyMs(id);
    }
    expect(killedAt).toBe(4);
    expect(victim.running()).toBe(true);
    expect(victim.pid()).not.toBe(killedPid);
    await signSks(ids);
    await allSelesai(ids);

    // Nothing duplicated: one of each event, one SK and one golongan row per usulan, numbers unique across the batch.
    const events = await engine.db.selectFrom('usulan_event').select(['usulan_id', 'jenis']).where('usulan_id', 'in', ids)
      .where('jenis', 'in', ['DISETUJUI_INSTANSI', 'MS', 'SK_DITANDATANGANI', 'SELESAI']).execute();
    for (const id of ids) {
      const mine = events.filter((e) => e.usulan_id === id).map((e) => e.jenis).sort();
      expect([id, mine]).toEqual([id, ['DISETUJUI_INSTANSI', 'MS', 'SELESAI', 'SK_DITANDATANGANI']]);
    }
    const golongan = await engine.db.selectFrom('employee_golongan_history').select('usulan_id').where('usulan_id', 'in', ids).execute();
    expect(golongan.map((g) => g.usulan_id).sort()).toEqual([...ids].sort());
    const rows = await engine.db.selectFrom('usulan_kp').select(['sk_nomor', 'pertek_nomor', 'sk_document_id']).where('id', 'in', ids).execute();
    expect(new Set(rows.map((r) => r.sk_nomor)).size).toBe(ids.length);
    expect(new Set(rows.map((r) => r.pertek_nomor)).size).toBe(ids.length);
    const standing = await engine.db.selectFrom('document').select('usulan_id').where('usulan_id', 'in', ids).where('kind', '=', 'SK').where('status', '=', 'BERLAKU').execute();
    expect(standing.map((d) => d.usulan_id).sort()).toEqual([...ids].sort());
    // SELESAI is written before the last notification activity runs; the workflow closes right after it.
    const closed = async () => (await Promise.all(ids.map(async (id) => (await engine.temporal.workflow.getHandle(id).describe()).status.name))).every((s) => s === 'COMPLETED');
    await eventually(closed, 60_000, 500);
  });
});

describe('a restart of the whole cluster', () => {
  it('leaves the up-to-date schema alone and carries on with the same workflows', async () => {
    const versionRows = async () => {
      const out: unknown[] = [];
      for (const name of Object.values(databases)) {
        out.push(await queryTemporalDb(name, 'SELECT db_name, creation_time, curr_version FROM schema_version'), await queryTemporalDb(name, 'SELECT count(*) FROM schema_update_history'));
      }
      return out;
    };
    const before = await versionRows();
    const port = Number(cluster.address.split(':')[1]);
    await cluster.stop();
    expect(cluster.nodes.every((n) => !n.running())).toBe(true);
    cluster = await startCluster(port);
    expect(cluster.schema).toEqual({ temporal: 'up-to-date', visibility: 'up-to-date' });
    expect(await versionRows()).toEqual(before);
    // The engine's client and workers reconnect to the same address; a new usulan runs as before.
    const [id] = await submitKp(eligible.slice(16, 17));
    const appr = await approver.post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase: passphraseOf(apUser.username) });
    expect(appr.status).toBe(200);
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', async () => {
    await expectConsistent(engine);
  });
});

import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createDb, dropDatabase, ensureDatabase, type Db } from '../../db';
import { createWorkers, type WorkerSet } from '../../runtime/worker';
import { createPeremajaanActivities } from '../../activities/peremajaan';
import type { Actor } from '../../domain/identity';
import type { Role } from '../../domain/identity';
import type { PeremajaanWorkflowDeps } from '../../api/peremajaan/starter';

/**
 * Test fixture until test/helpers/harness.ts can mount this router: a database of its own copied from the template,
 * a worker on its own task queue, a Temporal client, and a small cast of people (ids prefixed 'tpd-' so they cannot
 * collide with the demo seed).
 */
export interface PeremajaanTestEnv {
  db: Db;
  temporal: Client;
  deps: PeremajaanWorkflowDeps;
  actors: Record<'operator' | 'approver' | 'verifier' | 'employee' | 'employee2' | 'otherOperator' | 'otherApprover' | 'otherVerifier' | 'admin', Actor>;
  nips: { a: string; b: string; c: string; foreign: string };
  unor: { own: string; own2: string; foreign: string };
  /** Uploads a document record (metadata only) and returns its id. */
  doc(code: string, ownerNip: string | null, uploadedBy?: string): Promise<string>;
  close(): Promise<void>;
}

const fixedNip = (seq: number) => `19900101201501${seq % 2 ? '1' : '2'}${String(900 + seq).padStart(3, '0')}`;

export async function startPeremajaanEnv(sla = { verificationMs: 3_600_000, reminderBeforeMs: 600_000 }): Promise<PeremajaanTestEnv> {
  const server = process.env.TEST_PG_SERVER_URL!;
  const dbName = `usulan_pd_${randomBytes(5).toString('hex')}`;
  const url = await ensureDatabase(server, dbName, process.env.TEST_TEMPLATE_DB);
  const db = createDb(url, { max: 8 });
  const tag = randomBytes(3).toString('hex');
  const kanreg = [`tpd-kr1-${tag}`, `tpd-kr2-${tag}`];
  const instansi = [`tpd-in1-${tag}`, `tpd-in2-${tag}`];
  await db.insertInto('kanreg').values(kanreg.map((id, i) => ({ id, nama: `Kanreg uji ${i}`, kode: `K${tag}${i}`, kota: 'Kota', kepala_user_id: null }))).execute();
  await db.insertInto('instansi').values(instansi.map((id, i) => ({
    id, nama: `Instansi uji ${i}`, jenis: 'KABUPATEN', kanreg_id: kanreg[i], jabatan_ppk: 'Bupati', tempat_penetapan: 'Kota', kode_unit_sk: `U${i}`,
  }))).execute();
  const unor = { own: `tpd-u1-${tag}`, own2: `tpd-u2-${tag}`, foreign: `tpd-u3-${tag}` };
  await db.insertInto('unor').values([
    { id: unor.own, instansi_id: instansi[0], parent_id: null, nama: 'Bagian Umum' },
    { id: unor.own2, instansi_id: instansi[0], parent_id: null, nama: 'Bagian Keuangan' },
    { id: unor.foreign, instansi_id: instansi[1], parent_id: null, nama: 'Bagian Lain' },
  ]).execute();
  const nips = { a: fixedNip(1), b: fixedNip(2), c: fixedNip(3), foreign: fixedNip(4) };
  await db.deleteFrom('employee').where('nip', 'in', Object.values(nips)).execute().catch(() => undefined);
  await db.insertInto('employee').values(Object.entries(nips).map(([k, nip]) => ({
    nip, nama: `Pegawai ${k.toUpperCase()}`, gelar_depan: null, gelar_belakang: null, tempat_lahir: 'Bandung', tanggal_lahir: '1990-01-01',
    jenis_kelamin: nip[14] === '1' ? 'L' as const : 'P' as const, agama: 'ISLAM', status_perkawinan: 'KAWIN', alamat: 'Jl. Lama 1', email: `${k}@uji.test`,
    jenis_asn: 'PNS' as const, instansi_id: k === 'foreign' ? instansi[1] : instansi[0], unor_id: k === 'foreign' ? unor.foreign : unor.own,
    jabatan_nama: 'Analis', jabatan_jenis: 'PELAKSANA' as const, jf_level: null, angka_kredit: null, golongan_id: 31, tmt_golongan: '2015-01-01',
    tmt_cpns: '2015-01-01', pendidikan_level: 'S1', pendidikan_nama: 'Universitas Uji', blocked_reason: null, created_at: new Date(), updated_at: new Date(),
  }))).execute();

  const mk = async (key: string, role: Role, o: { instansi?: string; kanreg?: string; nip?: string }): Promise<Actor> => {
    const id = `tpd-${key}-${tag}`;
    await db.insertInto('app_user').values({
      id, username: id, nama: `${key} uji`, nip: o.nip ?? null, jabatan: null, role, instansi_id: o.instansi ?? null, kanreg_id: o.kanreg ?? null,
      superior_user_id: null, email: `${key}@uji.test`, password_hash: 'x', totp_secret: null, signer_id: null, created_at: new Date(),
    }).execute();
    return { userId: id, username: id, nama: `${key} uji`, role, nip: o.nip ?? null, instansiId: o.instansi ?? null, kanregId: o.kanreg ?? null, delegatedInstansiIds: [], via: 'session' };
  };
  const actors = {
    operator: await mk('operator', 'OPERATOR', { instansi: instansi[0] }),
    approver: await mk('approver', 'APPROVER', { instansi: instansi[0] }),
    verifier: await mk('verifier', 'VERIFIER', { kanreg: kanreg[0] }),
    employee: await mk('employee', 'EMPLOYEE', { nip: nips.a, instansi: instansi[0] }),
    employee2: await mk('employee2', 'EMPLOYEE', { nip: nips.b, instansi: instansi[0] }),
    otherOperator: await mk('operator2', 'OPERATOR', { instansi: instansi[1] }),
    otherApprover: await mk('approver2', 'APPROVER', { instansi: instansi[1] }),
    otherVerifier: await mk('verifier2', 'VERIFIER', { kanreg: kanreg[1] }),
    admin: await mk('admin', 'ADMIN', {}),
  };

  const taskQueue = `tq-pd-${dbName}`;
  const address = process.env.TEST_TEMPORAL_ADDRESS!;
  const workers: WorkerSet = await createWorkers({
    address, namespace: 'default', taskQueue, role: 'workflows',
    activities: createPeremajaanActivities({ db, publicBaseUrl: 'http://localhost' }), documentActivities: {},
  });
  const running = workers.run();
  const connection = await Connection.connect({ address });
  const temporal = new Client({ connection, namespace: 'default' });
  let docSeq = 0;
  return {
    db, temporal, actors, nips, unor,
    deps: { db, temporal, taskQueue, sla },
    async doc(code, ownerNip, uploadedBy) {
      const id = `tpd-doc-${tag}-${++docSeq}`;
      await db.insertInto('document').values({
        id, sha256: randomBytes(32).toString('hex'), size: 10, mime: 'application/pdf', filename: `${code}.pdf`, kind: 'PEREMAJAAN', doc_code: code,
        siasn_id: null, owner_nip: ownerNip, usulan_id: null, supersedes_id: null, uploaded_by: uploadedBy ?? null, created_at: new Date(),
      }).execute();
      return id;
    },
    async close() {
      await workers.shutdown();
      await running.catch(() => undefined);
      await connection.close();
      await db.destroy();
      await dropDatabase(server, dbName).catch(() => undefined);
    },
  };
}

export const TODAY = '2026-11-23';

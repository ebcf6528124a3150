import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../index';
import type { SiasnRiwayatTable, SiasnSyncTable } from '../types';
import type { Selectable } from 'kysely';

/**
 * What a SIASN pull writes (issue 15; tables in db/migrations/20261206T0200_siasn_snapshots.ts). Every write of one
 * NIP is one transaction under the sync row's lock and says the same when repeated: a retried activity replaces the
 * NIP's snapshot and this sync's refused answers for it, and the counters move only the first time a NIP is done.
 */
export type SiasnSync = Selectable<SiasnSyncTable>;
export type RiwayatJenisRow = SiasnRiwayatTable['jenis'];

/** The reason a refused-answer row carries when SIASN has no such person (HTTP 404 on data-utama): not a failure. */
export const NOT_IN_SIASN = 'Data tidak ditemukan di SIASN (404 pada data-utama)';

export const newSiasnSyncId = (): string => `sync_${randomUUID()}`;

export async function createSiasnSync(db: Db, s: { id: string; instansiId: string; createdBy: string | null }): Promise<SiasnSync> {
  return db.insertInto('siasn_sync').values({ id: s.id, instansi_id: s.instansiId, status: 'MENUNGGU', created_by: s.createdBy }).returningAll().executeTakeFirstOrThrow();
}

export async function getSiasnSync(db: Db, id: string): Promise<SiasnSync | undefined> {
  return db.selectFrom('siasn_sync').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The instansi's sync that is waiting or running, if any (one at a time per instansi). */
export async function runningSiasnSync(db: Db, instansiId: string): Promise<SiasnSync | undefined> {
  return db.selectFrom('siasn_sync').selectAll().where('instansi_id', '=', instansiId).where('status', 'in', ['MENUNGGU', 'BERJALAN'])
    .orderBy('created_at', 'desc').executeTakeFirst();
}

/** Marks the sync running and counts the NIPs it is to pull (our employees of the instansi); a finished sync stays. */
export async function startSiasnSync(db: Db, id: string): Promise<SiasnSync> {
  const s = await db.selectFrom('siasn_sync').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (s.status === 'SELESAI') return s;
  const n = await db.selectFrom('employee').select((eb) => eb.fn.countAll<string>().as('n')).where('instansi_id', '=', s.instansi_id).executeTakeFirstOrThrow();
  return db.updateTable('siasn_sync').set({ status: 'BERJALAN', total: Number(n.n), pesan: null, finished_at: null }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function finishSiasnSync(db: Db, id: string, failed?: string): Promise<void> {
  await db.updateTable('siasn_sync').set(failed ? { status: 'GAGAL', pesan: failed.slice(0, 1000), finished_at: new Date() } : { status: 'SELESAI', pesan: null, finished_at: new Date() })
    .where('id', '=', id).where('status', '<>', 'SELESAI').execute();
}

/** The next NIPs of the instansi after `after` (NIP order) that this sync has not written yet: a restart resumes. */
export async function nextSyncNips(db: Db, s: { syncId: string; instansiId: string; after: string; limit: number }): Promise<string[]> {
  const rows = await db.selectFrom('employee as e').select('e.nip').where('e.instansi_id', '=', s.instansiId).where('e.nip', '>', s.after)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('siasn_pegawai as p').select('p.nip').whereRef('p.nip', '=', 'e.nip').where('p.sync_id', '=', s.syncId))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('siasn_answer_refused as r').select('r.id').whereRef('r.nip', '=', 'e.nip').where('r.sync_id', '=', s.syncId))))
    .orderBy('e.nip').limit(s.limit).execute();
  return rows.map((r) => r.nip);
}

export interface PegawaiColumns {
  pns_id: string; nama: string; gelar_depan: string | null; gelar_belakang: string | null; tanggal_lahir: string | null; jenis_kelamin: 'L' | 'P' | null;
  jenis_asn: 'PNS' | 'PPPK' | null; kedudukan_hukum: string | null; golongan_id: number | null; tmt_golongan: string | null; mk_tahun: number | null;
  mk_bulan: number | null; tmt_cpns: string | null; tmt_pns: string | null; pendidikan_tingkat: string | null;
  jabatan_jenis: 'STRUKTURAL' | 'FUNGSIONAL' | 'PELAKSANA' | null; jabatan_nama: string | null; eselon: string | null; tmt_jabatan: string | null;
  unor_siasn_id: string | null; email: string | null;
}

export interface NipSnapshot {
  syncId: string;
  instansiId: string;
  nip: string;
  /** data-utama as read; null when SIASN has no such person or the answer was refused. */
  pegawai: { columns: PegawaiColumns; raw: unknown } | null;
  /** SIASN answered 404 on data-utama: any earlier snapshot of the NIP is removed. */
  notInSiasn: boolean;
  /** The riwayat that were read (an empty list: SIASN has none); a refused one is absent and keeps its rows. */
  riwayat: { jenis: RiwayatJenisRow; rows: { siasnId: string; tahun: number | null; data: unknown; raw: unknown }[] }[];
  refused: { endpoint: string; reason: string; raw: string | null }[];
}

/** Writes one NIP's pull (see the module comment); returns whether it counted as failed (a refused answer). */
export async function writeNipSnapshot(db: Db, s: NipSnapshot): Promise<{ failed: boolean }> {
  return db.transaction().execute(async (trx) => {
    // The sync row's lock orders two attempts at the same NIP (a timed-out attempt still running beside its retry).
    await trx.selectFrom('siasn_sync').select('id').where('id', '=', s.syncId).forUpdate().executeTakeFirstOrThrow();
    const before = await trx.selectFrom('siasn_answer_refused').select(['reason']).where('sync_id', '=', s.syncId).where('nip', '=', s.nip).execute();
    const hadSnapshot = await trx.selectFrom('siasn_pegawai').select('nip').where('nip', '=', s.nip).where('sync_id', '=', s.syncId).executeTakeFirst();
    const wasDone = before.length > 0 || hadSnapshot !== undefined;
    const wasFailed = before.some((r) => r.reason !== NOT_IN_SIASN);
    await trx.deleteFrom('siasn_answer_refused').where('sync_id', '=', s.syncId).where('nip', '=', s.nip).execute();

    if (s.notInSiasn) {
      await trx.deleteFrom('siasn_riwayat').where('nip', '=', s.nip).execute();
      await trx.deleteFrom('siasn_pegawai').where('nip', '=', s.nip).execute();
    }
    if (s.pegawai) {
      const row = { ...s.pegawai.columns, nip: s.nip, instansi_id: s.instansiId, raw: JSON.stringify(s.pegawai.raw), sync_id: s.syncId, fetched_at: new Date() };
      await trx.insertInto('siasn_pegawai').values(row).onConflict((oc) => oc.column('nip').doUpdateSet(row)).execute();
    }
    for (const r of s.riwayat) {
      const ids = r.rows.map((x) => x.siasnId);
      let del = trx.deleteFrom('siasn_riwayat').where('nip', '=', s.nip).where('jenis', '=', r.jenis);
      if (ids.length) del = del.where('siasn_id', 'not in', ids);
      await del.execute();
      if (!ids.length) continue;
      await trx.insertInto('siasn_riwayat').values(r.rows.map((x) => ({
        nip: s.nip, jenis: r.jenis, siasn_id: x.siasnId, tahun: x.tahun, data: JSON.stringify(x.data), raw: JSON.stringify(x.raw), sync_id: s.syncId, fetched_at: new Date(),
      }))).onConflict((oc) => oc.columns(['nip', 'jenis', 'siasn_id']).doUpdateSet((eb) => ({
        tahun: eb.ref('excluded.tahun'), data: eb.ref('excluded.data'), raw: eb.ref('excluded.raw'), sync_id: eb.ref('excluded.sync_id'), fetched_at: eb.ref('excluded.fetched_at'),
      }))).execute();
    }
    const refused = [...s.refused, ...(s.notInSiasn ? [{ endpoint: 'pns/data-utama', reason: NOT_IN_SIASN, raw: null }] : [])];
    if (refused.length) {
      await trx.insertInto('siasn_answer_refused').values(refused.map((x) => ({
        sync_id: s.syncId, endpoint: x.endpoint, nip: s.nip, reason: x.reason.slice(0, 1000), raw: x.raw === null ? null : x.raw.slice(0, 100_000),
      }))).execute();
    }
    const failed = s.refused.length > 0;
    await trx.updateTable('siasn_sync').set((eb) => ({
      diproses: wasDone ? eb.ref('diproses') : eb('diproses', '+', 1),
      gagal: sql<number>`gagal + ${(failed ? 1 : 0) - (wasFailed ? 1 : 0)}`,
    })).where('id', '=', s.syncId).execute();
    return { failed };
  });
}

/** SIASN's unit tree of the instansi as read now: rows upserted by SIASN id, units no longer in it removed. */
export async function writeUnorSnapshot(db: Db, instansiId: string, rows: { id: string; nama: string; indukId: string | null; pemimpinPnsId: string | null; raw: unknown }[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    let del = trx.deleteFrom('siasn_unor').where('instansi_id', '=', instansiId);
    if (rows.length) del = del.where('id', 'not in', rows.map((r) => r.id));
    await del.execute();
    if (!rows.length) return;
    await trx.insertInto('siasn_unor').values(rows.map((r) => ({
      id: r.id, instansi_id: instansiId, nama: r.nama, induk_id: r.indukId, pemimpin_pns_id: r.pemimpinPnsId, raw: JSON.stringify(r.raw), fetched_at: new Date(),
    }))).onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
      instansi_id: eb.ref('excluded.instansi_id'), nama: eb.ref('excluded.nama'), induk_id: eb.ref('excluded.induk_id'),
      pemimpin_pns_id: eb.ref('excluded.pemimpin_pns_id'), raw: eb.ref('excluded.raw'), fetched_at: eb.ref('excluded.fetched_at'),
    }))).execute();
  });
}

/** A refused answer that belongs to no NIP (a ref-unor page); a repeat replaces this sync's earlier one. */
export async function recordUnorRefused(db: Db, r: { syncId: string; endpoint: string; reason: string; raw: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('siasn_answer_refused').where('sync_id', '=', r.syncId).where('endpoint', '=', r.endpoint).where('nip', 'is', null).execute();
    await trx.insertInto('siasn_answer_refused').values({ sync_id: r.syncId, endpoint: r.endpoint, nip: null, reason: r.reason.slice(0, 1000), raw: r.raw?.slice(0, 100_000) ?? null }).execute();
  });
}

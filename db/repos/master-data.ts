import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { IsoDate } from '../../domain/dates';
import {
  DATASET_ORDER, normalizeMasterRecord, type AnyMasterRecord, type FieldProblem, type MasterDataset, type MasterSource,
} from '../../domain/master-records';
import { planRecords, type FieldChange, type PlanContext, type PlanInput, type PlannedRecord } from '../../domain/master-consistency';
import type { Database, ImportJob } from '../types';
import { writeOutboxIntents, type OutboxIntent } from './siasn-outbox';

/**
 * The SIMPEG data path's storage (issue 14): a job's records are staged (normalised, duplicates marked), planned
 * against the database (the dry run writes the plan beside each record; the apply re-plans, since the database may have
 * moved), and applied in chunks. One chunk is one transaction: its facts, their change history, the records' outcomes
 * and the job's counters commit together, so a job stopped anywhere resumes at the first record without an outcome
 * and nothing is applied twice or half.
 */
type Db = Kysely<Database>;

export interface RawImportRecord { dataset: MasterDataset; data: unknown; baris?: number | null }
export interface StageOptions {
  instansiId: string; sumber: MasterSource; asal: 'API' | 'BERKAS'; namaBerkas?: string | null; createdBy: string; today: IsoDate;
  /** A dry run keeps the job at UJI until someone confirms it. */
  uji: boolean;
  /** False: what this job applies is not queued for SIASN (SIASN holds it already: the demo seed). Default true. */
  kirimSiasn?: boolean;
}

export interface StagedJob { job: ImportJob; refusedAtStaging: number }

const STAGE_CHUNK = 2000;

export async function stageImportJob(db: Db, records: readonly RawImportRecord[], opts: StageOptions): Promise<StagedJob> {
  const id = `imp_${randomUUID()}`;
  const now = new Date();
  const firstRowOf = new Map<string, number>();
  let refused = 0;
  const rows = records.map((r, i) => {
    const n = normalizeMasterRecord(r.dataset, r.data, { today: opts.today });
    const baris = r.baris ?? i + 1;
    let problems: FieldProblem[] = n.ok ? [] : n.problems;
    if (n.ok) {
      const dupKey = `${r.dataset}:${n.key}`;
      const first = firstRowOf.get(dupKey);
      if (first !== undefined) problems = [{ field: keyField(r.dataset), reason: `Duplikat dalam kiriman ini: kunci ${n.key} sudah ada di ${opts.asal === 'BERKAS' ? 'baris' : 'rekaman'} ${first}` }];
      else firstRowOf.set(dupKey, baris);
    }
    if (problems.length > 0) refused++;
    return {
      job_id: id, seq: i + 1, urutan: DATASET_ORDER[r.dataset], dataset: r.dataset, baris, kunci: n.key, nip: n.nip,
      data: JSON.stringify(n.ok ? n.record : r.data ?? null),
      hasil: problems.length > 0 ? 'DITOLAK' as 'DITOLAK' | 'SAMA' : null,
      alasan: problems.length > 0 ? JSON.stringify(problems) : null,
      perubahan: null,
      diterapkan_at: problems.length > 0 ? now : null,
      sidik: problems.length === 0 && n.ok ? fingerprint(opts.instansiId, opts.sumber, r.dataset, n.record) : null,
    };
  });
  // A record whose row carries its fingerprint is what we hold: it is confirmed here and never planned or applied. The
  // confirmation commits on its own (its lock per instansi is held only that long); should the staging below fail,
  // those rows were confirmed by a record that was indeed sent, which is all dikonfirmasi_at claims.
  const same = opts.uji ? new Set<string>() : await inTransaction(db, (trx) => confirmUnchanged(trx, opts, rows));
  const job = await inTransaction(db, async (trx) => {
    let sama = 0;
    for (const row of rows) {
      if (row.hasil === null && same.has(`${row.dataset}:${row.kunci}`)) { row.hasil = 'SAMA'; row.diterapkan_at = now; sama++; }
    }
    const job = await trx.insertInto('import_job').values({
      id, instansi_id: opts.instansiId, sumber: opts.sumber, asal: opts.asal, nama_berkas: opts.namaBerkas ?? null,
      status: opts.uji ? 'UJI' : 'MENUNGGU', total: rows.length, diproses: refused + sama, ditolak: refused, sama, created_by: opts.createdBy,
      kirim_siasn: opts.kirimSiasn ?? true,
    }).returningAll().executeTakeFirstOrThrow();
    for (let i = 0; i < rows.length; i += STAGE_CHUNK) await insertStaged(trx, id, rows.slice(i, i + STAGE_CHUNK));
    return job;
  });
  return { job, refusedAtStaging: refused };
}

type StagedRow = {
  seq: number; urutan: number; dataset: string; baris: number; kunci: string | null; nip: string | null; data: string; hasil: string | null;
  alasan: string | null; diterapkan_at: Date | null; sidik: string | null;
};

/** One array per column, not one parameter per cell: building and parsing a 2,000-row statement stays cheap. */
async function insertStaged(trx: Db, jobId: string, rows: StagedRow[]): Promise<void> {
  const col = <K extends keyof StagedRow>(k: K) => rows.map((r) => r[k]);
  await sql`
    INSERT INTO import_job_record (job_id, seq, urutan, dataset, baris, kunci, nip, data, hasil, alasan, diterapkan_at, sidik)
    SELECT ${jobId}, v.seq, v.urutan, v.dataset, v.baris, v.kunci, v.nip, v.data::jsonb, v.hasil, v.alasan::jsonb, v.diterapkan_at, v.sidik
    FROM unnest(${col('seq')}::int[], ${col('urutan')}::int[], ${col('dataset')}::text[], ${col('baris')}::int[], ${col('kunci')}::text[],
      ${col('nip')}::text[], ${col('data')}::text[], ${col('hasil')}::text[], ${col('alasan')}::text[], ${col('diterapkan_at')}::timestamptz[],
      ${col('sidik')}::text[]) AS v(seq, urutan, dataset, baris, kunci, nip, data, hasil, alasan, diterapkan_at, sidik)`.execute(trx);
}

/** The seed runs the import inside its own transaction; everywhere else a job's steps open theirs. */
const inTransaction = <T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn));

/** What a record says, for this instansi and source: equal fingerprints mean equal records (the fields in contract order). */
function fingerprint(instansiId: string, sumber: MasterSource, dataset: MasterDataset, record: AnyMasterRecord): string {
  return createHash('sha256').update(JSON.stringify([instansiId, sumber, dataset, record])).digest('base64url').slice(0, 32);
}

/**
 * Confirms (dikonfirmasi_at) the rows whose fingerprint equals their record's and answers their `dataset:key`. A key
 * that an unfinished job of the instansi is still to apply is left to the planner, so this job's "same" never lands
 * before that job's change to the row it confirms.
 */
async function confirmUnchanged(trx: Db, opts: StageOptions, rows: { dataset: string; kunci: string | null; nip: string | null; sidik: string | null; hasil: string | null; data: string }[]): Promise<Set<string>> {
  const candidates = rows.filter((r) => r.hasil === null && r.sidik !== null && r.kunci !== null);
  if (candidates.length === 0) return new Set();
  const keys = [...new Set(candidates.map((r) => r.kunci as string))];
  const pending = new Set((await sql<{ k: string }>`
    SELECT r.dataset || ':' || r.kunci AS k FROM import_job_record r JOIN import_job j ON j.id = r.job_id
    WHERE r.diterapkan_at IS NULL AND r.kunci = ANY(${keys}::text[]) AND j.instansi_id = ${opts.instansiId}
      AND j.status IN ('MENUNGGU', 'BERJALAN')`.execute(trx)).rows.map((r) => r.k));
  const byDataset = new Map<MasterDataset, typeof candidates>();
  for (const r of candidates) {
    if (pending.has(`${r.dataset}:${r.kunci}`)) continue;
    const d = r.dataset as MasterDataset;
    (byDataset.get(d) ?? byDataset.set(d, []).get(d)!).push(r);
  }
  const same = new Set<string>();
  // Two pushes of the same records confirm the same rows; one at a time per instansi, so their row locks cannot cross.
  // (An applying chunk never holds these rows: their keys are not pending in any job, checked above.)
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`import-confirm:${opts.instansiId}`}))`.execute(trx);
  await sql`SELECT set_config('usulan.import_confirming', 'on', true)`.execute(trx);
  for (const [dataset, list] of byDataset) {
    const records = list.map((r) => JSON.parse(r.data) as R);
    const confirmed = await confirmRows(trx, dataset, records, list.map((r) => r.sidik as string), { instansiId: opts.instansiId, sumber: opts.sumber }, true);
    for (const k of confirmed) same.add(`${dataset}:${k}`);
  }
  await sql`SELECT set_config('usulan.import_confirming', 'off', true)`.execute(trx);
  return same;
}

/**
 * Sets the fingerprint and the confirmation time of the stored rows of these records and answers the keys it
 * touched. With `onlyIfSame`, only rows that already carry the record's fingerprint (the staging check); without, every
 * row the planner found equal to its record (so the next import of it stops at staging).
 */
async function confirmRows(trx: Db, dataset: MasterDataset, records: R[], sidik: string[], c: { instansiId: string; sumber: MasterSource }, onlyIfSame: boolean): Promise<string[]> {
  const spec = IDENTITY[dataset];
  const arrays = spec.columns.map(([, field, type]) => sql`${records.map((r) => r[field] ?? null)}::${sql.raw(type)}[]`);
  const names = spec.columns.map(([col]) => sql.id(`k_${col}`));
  const match = spec.columns.map(([col]) => sql`t.${sql.id(col)} = v.${sql.id(`k_${col}`)}`);
  const { rows } = await sql<{ k: string }>`
    UPDATE ${sql.table(SINKS[dataset].table)} AS t SET impor_sidik = v.sidik, dikonfirmasi_at = now()
    FROM unnest(${sql.join(arrays)}, ${sidik}::text[]) AS v(${sql.join(names)}, sidik)
    WHERE ${sql.join(match, sql` AND `)} AND ${spec.scope(c)} ${onlyIfSame ? sql`AND t.impor_sidik = v.sidik` : sql``}
    RETURNING ${spec.key} AS k`.execute(trx);
  return rows.map((r) => r.k);
}

const keyField = (d: MasterDataset): string => (d === 'unor' ? 'id' : d === 'pegawai' ? 'nip' : d === 'skp' || d === 'kinerja' ? 'tahun' : 'id');

export async function getImportJob(db: Db, id: string): Promise<ImportJob | undefined> {
  return db.selectFrom('import_job').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------------------------
// Per data set: its table, how a record becomes a row, how a stored row reads back as a record, and its key.

/** Imported unor get their own id from the instansi and the source's id, so two agencies' "12" never collide. */
export const importedUnorId = (instansiId: string, sourceId: string): string => `${instansiId}:${sourceId}`;

interface Sink {
  table: keyof Database;
  /** Loads the stored rows of these keys, projected onto the record's fields, keyed as the records are. */
  load(trx: Db, inputs: PlanInput[], ctx: ApplyCtx): Promise<Map<string, Record<string, unknown>>>;
  write(trx: Db, records: AnyMasterRecord[], ctx: ApplyCtx): Promise<void>;
  entityKey(record: AnyMasterRecord): string;
}
interface ApplyCtx { instansiId: string; sumber: MasterSource; now: Date }

const str = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));
const num = (v: unknown): number | null => (v === undefined || v === null ? null : Number(v));
const nipsOf = (inputs: PlanInput[]): string[] => [...new Set(inputs.map((i) => (i.record as { nip?: string }).nip).filter((n): n is string => !!n))];
/** The provenance columns of a written row; `impor_sidik` is the fingerprint of the record that wrote it. */
const sourced = (c: ApplyCtx, id: string | null, r: R) => ({ sumber: c.sumber, sumber_id: id, siasn_id: str(r.siasn_id), dikonfirmasi_at: c.now, impor_sidik: str(r[SIDIK]) });
const byKey = (rows: Record<string, unknown>[], key: (r: Record<string, unknown>) => string) => new Map(rows.map((r) => [key(r), r]));

type R = Record<string, unknown>;
/** Where a record to be written carries its fingerprint to the row (not a field of the contract). */
const SIDIK = '__sidik';

const SINKS: Record<MasterDataset, Sink> = {
  unor: {
    table: 'unor',
    async load(trx, inputs, c) {
      const ids = inputs.map((i) => i.key);
      const rows = await trx.selectFrom('unor').select(['id', 'nama', 'parent_id', 'siasn_id', 'sumber_id'])
        .where('instansi_id', '=', c.instansiId).where('sumber', '=', c.sumber).where('sumber_id', '=', sql<string>`ANY(${ids}::text[])`).execute();
      return byKey(rows.map((r) => ({ id: r.id, nama: r.nama, induk_id: r.parent_id, siasn_id: r.siasn_id, _key: r.sumber_id })), (r) => String(r._key));
    },
    async write(trx, records, c) {
      const rows = records.map((x) => {
        const u = x as unknown as R;
        return { id: String(u.id), instansi_id: c.instansiId, parent_id: str(u.induk_id), nama: String(u.nama), ...sourced(c, sourceIdOfUnor(String(u.id), c), u) };
      });
      await trx.insertInto('unor').values(rows).onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({
        parent_id: eb.ref('excluded.parent_id'), nama: eb.ref('excluded.nama'), siasn_id: eb.ref('excluded.siasn_id'), dikonfirmasi_at: eb.ref('excluded.dikonfirmasi_at'),
        impor_sidik: eb.ref('excluded.impor_sidik'),
      }))).execute();
    },
    entityKey: (r) => String((r as unknown as R).id),
  },
  pegawai: {
    table: 'employee',
    async load(trx, inputs) {
      const rows = await trx.selectFrom('employee').selectAll().where('nip', '=', sql<string>`ANY(${nipsOf(inputs)}::text[])`).execute();
      return byKey(rows.map((e) => ({
        nip: e.nip, nama: e.nama, gelar_depan: e.gelar_depan, gelar_belakang: e.gelar_belakang, tempat_lahir: e.tempat_lahir,
        tanggal_lahir: e.tanggal_lahir, jenis_kelamin: e.jenis_kelamin, agama: e.agama, status_perkawinan: e.status_perkawinan, alamat: e.alamat,
        email: e.email, jenis_asn: e.jenis_asn,
        status_kepegawaian: e.status_kepegawaian, kedudukan_hukum: e.kedudukan_hukum, instansi_id: e.instansi_id, unor_id: e.unor_id,
        jabatan_nama: e.jabatan_nama, jabatan_jenis: e.jabatan_jenis, jenjang: e.jf_level, eselon: e.eselon,
        angka_kredit: e.angka_kredit === null ? null : Number(e.angka_kredit), golongan_id: e.golongan_id, tmt_golongan: e.tmt_golongan,
        mk_tahun: e.mkg_tahun, mk_bulan: e.mkg_bulan, tmt_cpns: e.tmt_cpns, tmt_pns: e.tmt_pns, pendidikan_tingkat: e.pendidikan_level,
        pendidikan_nama: e.pendidikan_nama, siasn_id: e.siasn_id,
      })), (r) => String(r.nip));
    },
    async write(trx, records, c) {
      const rows = records.map((x) => {
        const p = x as unknown as R;
        return {
          nip: String(p.nip), nama: String(p.nama), gelar_depan: str(p.gelar_depan), gelar_belakang: str(p.gelar_belakang),
          tempat_lahir: String(p.tempat_lahir), tanggal_lahir: String(p.tanggal_lahir), jenis_kelamin: p.jenis_kelamin as 'L' | 'P',
          agama: str(p.agama), status_perkawinan: str(p.status_perkawinan), alamat: str(p.alamat), email: str(p.email), jenis_asn: p.jenis_asn as 'PNS' | 'PPPK',
          status_kepegawaian: str(p.status_kepegawaian) ?? (p.jenis_asn === 'PPPK' ? 'PPPK' : 'PNS'),
          kedudukan_hukum: str(p.kedudukan_hukum) ?? 'AKTIF', instansi_id: c.instansiId, unor_id: str(p.unor_id),
          jabatan_nama: String(p.jabatan_nama), jabatan_jenis: p.jabatan_jenis as 'STRUKTURAL' | 'FUNGSIONAL' | 'PELAKSANA',
          jf_level: str(p.jenjang), eselon: str(p.eselon), angka_kredit: num(p.angka_kredit), golongan_id: Number(p.golongan_id),
          tmt_golongan: String(p.tmt_golongan), mkg_tahun: num(p.mk_tahun) ?? 0, mkg_bulan: num(p.mk_bulan) ?? 0,
          tmt_cpns: str(p.tmt_cpns), tmt_pns: str(p.tmt_pns), pendidikan_level: String(p.pendidikan_tingkat),
          pendidikan_nama: str(p.pendidikan_nama), ...sourced(c, String(p.nip), p), updated_at: c.now,
        };
      });
      await trx.insertInto('employee').values(rows).onConflict((oc) => oc.column('nip').doUpdateSet((eb) => {
        const set: Record<string, unknown> = {};
        for (const col of Object.keys(rows[0]).filter((k) => k !== 'nip')) set[col] = eb.ref(`excluded.${col}` as 'excluded.nama');
        return set as never;
        // Another instansi's import never takes over its people, even if it raced this one to the same new NIP.
      }).where('employee.instansi_id', '=', c.instansiId)).execute();
    },
    entityKey: (r) => String((r as unknown as R).nip),
  },
  riwayat_golongan: historySink('employee_golongan_history',
    (r) => ({ golongan_id: r.golongan_id, tmt: r.tmt, mk_tahun: r.mkg_tahun, mk_bulan: r.mkg_bulan, sk_nomor: r.sk_nomor, sk_tanggal: r.sk_tanggal }),
    (p) => ({ golongan_id: Number(p.golongan_id), tmt: String(p.tmt), mkg_tahun: num(p.mk_tahun) ?? 0, mkg_bulan: num(p.mk_bulan) ?? 0, sk_nomor: str(p.sk_nomor), sk_tanggal: str(p.sk_tanggal) })),
  pendidikan: historySink('employee_education',
    (r) => ({ tingkat: r.level, nama_sekolah: r.nama_sekolah, jurusan: r.jurusan, tahun_lulus: r.tahun_lulus, diakui: r.diakui }),
    (p) => ({ level: String(p.tingkat), nama_sekolah: str(p.nama_sekolah), jurusan: str(p.jurusan), tahun_lulus: num(p.tahun_lulus), diakui: p.diakui === undefined ? true : !!p.diakui })),
  jabatan: historySink('employee_jabatan_history',
    (r) => ({ jenis: r.jenis, nama: r.nama, jenjang: r.jenjang, eselon: r.eselon, unor_id: r.unor_id, tmt: r.tmt, sk_nomor: r.sk_nomor, sk_tanggal: r.sk_tanggal }),
    (p) => ({ jenis: String(p.jenis), nama: String(p.nama), jenjang: str(p.jenjang), eselon: str(p.eselon), unor_id: str(p.unor_id), tmt: String(p.tmt), sk_nomor: str(p.sk_nomor), sk_tanggal: str(p.sk_tanggal) })),
  angka_kredit: historySink('employee_angka_kredit',
    (r) => ({ sk_nomor: r.sk_nomor, sk_tanggal: r.sk_tanggal, kredit_utama: Number(r.kredit_utama), kredit_penunjang: Number(r.kredit_penunjang), kredit_total: Number(r.kredit_total) }),
    (p) => ({ sk_nomor: str(p.sk_nomor), sk_tanggal: String(p.sk_tanggal), kredit_utama: Number(p.kredit_utama), kredit_penunjang: num(p.kredit_penunjang) ?? 0, kredit_total: Number(p.kredit_total) })),
  hukdis: historySink('employee_sanction',
    (r) => ({ tingkat: r.tingkat, jenis: r.jenis, tmt_mulai: r.tmt_mulai, tmt_selesai: r.tmt_selesai, sk_nomor: r.sk_nomor }),
    (p) => ({ tingkat: String(p.tingkat), jenis: String(p.jenis), tmt_mulai: String(p.tmt_mulai), tmt_selesai: str(p.tmt_selesai), sk_nomor: str(p.sk_nomor) })),
  skp: {
    table: 'employee_rating',
    async load(trx, inputs) {
      const rows = await trx.selectFrom('employee_rating').select(['nip', 'tahun', 'predikat', 'sumber_id', 'siasn_id'])
        .where('nip', '=', sql<string>`ANY(${nipsOf(inputs)}::text[])`).execute();
      return byKey(rows.map((r) => ({ nip: r.nip, tahun: r.tahun, predikat: r.predikat, id: r.sumber_id, siasn_id: r.siasn_id })), (r) => `${String(r.nip)}/${String(r.tahun)}`);
    },
    async write(trx, records, c) {
      const rows = records.map((x) => {
        const s = x as unknown as R;
        return { nip: String(s.nip), tahun: Number(s.tahun), predikat: String(s.predikat), ...sourced(c, str(s.id), s) };
      });
      await trx.insertInto('employee_rating').values(rows).onConflict((oc) => oc.columns(['nip', 'tahun']).doUpdateSet((eb) => ({
        predikat: eb.ref('excluded.predikat'), sumber: eb.ref('excluded.sumber'), sumber_id: eb.ref('excluded.sumber_id'),
        siasn_id: eb.ref('excluded.siasn_id'), dikonfirmasi_at: eb.ref('excluded.dikonfirmasi_at'), impor_sidik: eb.ref('excluded.impor_sidik'),
      }))).execute();
    },
    entityKey: (r) => `${String((r as unknown as R).nip)}/${String((r as unknown as R).tahun)}`,
  },
  kinerja: {
    table: 'employee_kinerja_periodik',
    async load(trx, inputs) {
      const rows = await trx.selectFrom('employee_kinerja_periodik').selectAll().where('nip', '=', sql<string>`ANY(${nipsOf(inputs)}::text[])`).execute();
      return byKey(rows.map((r) => ({ nip: r.nip, tahun: r.tahun, bulan_mulai: r.bulan_mulai, bulan_selesai: r.bulan_selesai, predikat: r.predikat, id: r.sumber_id, siasn_id: r.siasn_id })),
        (r) => `${String(r.nip)}/${String(r.tahun)}/${String(r.bulan_mulai)}-${String(r.bulan_selesai)}`);
    },
    async write(trx, records, c) {
      const rows = records.map((x) => {
        const s = x as unknown as R;
        return { nip: String(s.nip), tahun: Number(s.tahun), bulan_mulai: Number(s.bulan_mulai), bulan_selesai: Number(s.bulan_selesai), predikat: String(s.predikat), ...sourced(c, str(s.id), s) };
      });
      await trx.insertInto('employee_kinerja_periodik').values(rows).onConflict((oc) => oc.columns(['nip', 'tahun', 'bulan_mulai', 'bulan_selesai']).doUpdateSet((eb) => ({
        predikat: eb.ref('excluded.predikat'), sumber: eb.ref('excluded.sumber'), sumber_id: eb.ref('excluded.sumber_id'),
        siasn_id: eb.ref('excluded.siasn_id'), dikonfirmasi_at: eb.ref('excluded.dikonfirmasi_at'), impor_sidik: eb.ref('excluded.impor_sidik'),
      }))).execute();
    },
    entityKey: (r) => { const s = r as unknown as R; return `${String(s.nip)}/${String(s.tahun)}/${String(s.bulan_mulai)}-${String(s.bulan_selesai)}`; },
  },
};

/**
 * How a record finds its stored row for a fingerprint check, by the record's fields as sent (a unit by its source id):
 * the key columns, the scope the row must be in (the instansi's own people and units, the same source), and the key
 * as the records carry it.
 */
interface Identity { columns: [column: string, field: string, type: 'text' | 'int'][]; scope: (c: { instansiId: string; sumber: MasterSource }) => RawBuilder<unknown>; key: RawBuilder<string> }
const ownPerson = (c: { instansiId: string }) => sql`EXISTS (SELECT 1 FROM employee e WHERE e.nip = t.nip AND e.instansi_id = ${c.instansiId})`;
const historyIdentity: Identity = {
  columns: [['nip', 'nip', 'text'], ['sumber_id', 'id', 'text']], scope: (c) => sql`t.sumber = ${c.sumber} AND ${ownPerson(c)}`, key: sql`t.nip || '/' || t.sumber_id`,
};
const IDENTITY: Record<MasterDataset, Identity> = {
  unor: { columns: [['sumber_id', 'id', 'text']], scope: (c) => sql`t.instansi_id = ${c.instansiId} AND t.sumber = ${c.sumber}`, key: sql`t.sumber_id` },
  pegawai: { columns: [['nip', 'nip', 'text']], scope: (c) => sql`t.instansi_id = ${c.instansiId}`, key: sql`t.nip` },
  riwayat_golongan: historyIdentity, pendidikan: historyIdentity, jabatan: historyIdentity, angka_kredit: historyIdentity, hukdis: historyIdentity,
  skp: { columns: [['nip', 'nip', 'text'], ['tahun', 'tahun', 'int']], scope: ownPerson, key: sql`t.nip || '/' || t.tahun` },
  kinerja: {
    columns: [['nip', 'nip', 'text'], ['tahun', 'tahun', 'int'], ['bulan_mulai', 'bulan_mulai', 'int'], ['bulan_selesai', 'bulan_selesai', 'int']],
    scope: ownPerson, key: sql`t.nip || '/' || t.tahun || '/' || t.bulan_mulai || '-' || t.bulan_selesai`,
  },
};

/** A riwayat table keyed by (nip, source, source id): the projection reads a row back, the row maps a record. */
function historySink(table: 'employee_golongan_history' | 'employee_education' | 'employee_jabatan_history' | 'employee_angka_kredit' | 'employee_sanction',
  project: (row: R) => R, toRow: (record: R) => R): Sink {
  return {
    table,
    async load(trx, inputs, c) {
      const rows = await (trx as Kysely<any>).selectFrom(table).selectAll()
        .where('nip', '=', sql<string>`ANY(${nipsOf(inputs)}::text[])`).where('sumber', '=', c.sumber).where('sumber_id', 'is not', null).execute() as R[];
      return byKey(rows.map((r) => ({ id: r.sumber_id, nip: r.nip, ...normalizeDbValues(project(r)), siasn_id: r.siasn_id })), (r) => `${String(r.nip)}/${String(r.id)}`);
    },
    async write(trx, records, c) {
      const rows = records.map((x) => {
        const r = x as unknown as R;
        return { nip: String(r.nip), ...toRow(r), ...sourced(c, String(r.id), r) };
      });
      const cols = Object.keys(rows[0]).filter((k) => !['nip', 'sumber', 'sumber_id'].includes(k));
      await (trx as Kysely<any>).insertInto(table).values(rows)
        .onConflict((oc) => oc.columns(['nip', 'sumber', 'sumber_id']).where('sumber_id', 'is not', null)
          .doUpdateSet(Object.fromEntries(cols.map((col) => [col, sql.ref(`excluded.${col}`)]))))
        .execute();
    },
    entityKey: (r) => `${String((r as unknown as R).nip)}/${String((r as unknown as R).id)}`,
  };
}

const normalizeDbValues = (r: R): R => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+\.\d+$/.test(v) ? Number(v) : v]));

/** The source id an imported unor row keeps; a record naming one of our own ids keeps that id as its source id. */
function sourceIdOfUnor(ourId: string, c: ApplyCtx): string {
  const prefix = `${c.instansiId}:`;
  return ourId.startsWith(prefix) ? ourId.slice(prefix.length) : ourId;
}

// ---------------------------------------------------------------------------------------------------------------
// Planning: the context a chunk (or a whole dry run) is judged against.

interface PendingRow { seq: number; dataset: string; kunci: string | null; data: unknown; nip: string | null; sidik: string | null }

async function buildContext(trx: Db, job: ImportJob, inputs: PlanInput[]): Promise<PlanContext & { unorIds: Map<string, string> }> {
  const c: ApplyCtx = { instansiId: job.instansi_id, sumber: job.sumber, now: new Date() };
  const allNips = nipsOf(inputs);
  const hukdisNips = nipsOf(inputs.filter((i) => i.dataset === 'hukdis'));
  const [employees, unors, sanctions] = await Promise.all([
    allNips.length ? trx.selectFrom('employee').select(['nip', 'instansi_id', 'tanggal_lahir', 'tmt_cpns']).where('nip', '=', sql<string>`ANY(${allNips}::text[])`).execute() : [],
    trx.selectFrom('unor').select(['id', 'parent_id', 'sumber', 'sumber_id']).where('instansi_id', '=', job.instansi_id).execute(),
    hukdisNips.length ? trx.selectFrom('employee_sanction').select(['id', 'nip', 'sumber', 'sumber_id', 'tmt_mulai', 'tmt_selesai']).where('nip', '=', sql<string>`ANY(${hukdisNips}::text[])`).execute() : [],
  ]);
  // A source names a unit by its own id; we resolve it to ours (a unit we already hold, or the one this job brings).
  const unorIds = new Map<string, string>();
  for (const u of unors) unorIds.set(u.id, u.id);
  for (const u of unors) if (u.sumber === job.sumber && u.sumber_id) unorIds.set(u.sumber_id, u.id);
  for (const i of inputs) if (i.dataset === 'unor' && !unorIds.has(i.key)) unorIds.set(i.key, importedUnorId(job.instansi_id, i.key));
  const existing = new Map<string, Record<string, unknown>>();
  const byDataset = new Map<MasterDataset, PlanInput[]>();
  for (const i of inputs) byDataset.set(i.dataset, [...(byDataset.get(i.dataset) ?? []), i]);
  await Promise.all([...byDataset].map(async ([dataset, list]) => {
    const stored = await SINKS[dataset].load(trx, list, c);
    for (const [k, v] of stored) existing.set(`${dataset}:${k}`, v);
  }));
  const sanctionMap = new Map<string, { key: string; from: string; to: string | null }[]>();
  for (const s of sanctions) {
    const key = s.sumber === job.sumber && s.sumber_id ? `${s.nip}/${s.sumber_id}` : `db:${s.id}`;
    sanctionMap.set(s.nip, [...(sanctionMap.get(s.nip) ?? []), { key, from: s.tmt_mulai, to: s.tmt_selesai }]);
  }
  return {
    instansiId: job.instansi_id,
    employees: new Map(employees.map((e) => [e.nip, { instansiId: e.instansi_id, tanggalLahir: e.tanggal_lahir, tmtCpns: e.tmt_cpns }])),
    unor: new Map(unors.map((u) => [u.id, u.parent_id])),
    sanctions: sanctionMap,
    existing,
    unorIds,
  };
}

/** Source unit ids in a record → ours, before it is judged; an id nobody knows stays as it is and is refused. */
function resolveUnits(input: PlanInput, unorIds: Map<string, string>): PlanInput {
  const r = input.record as unknown as R;
  const resolve = (v: unknown): unknown => (typeof v === 'string' ? unorIds.get(v) ?? v : v);
  if (input.dataset === 'unor') return { ...input, record: { ...r, id: resolve(r.id), induk_id: r.induk_id === undefined ? undefined : resolve(r.induk_id) } as never };
  if ((input.dataset === 'pegawai' || input.dataset === 'jabatan') && typeof r.unor_id === 'string') return { ...input, record: { ...r, unor_id: resolve(r.unor_id) } as never };
  return input;
}

async function planRows(trx: Db, job: ImportJob, rows: PendingRow[]): Promise<{ inputs: PlanInput[]; plans: PlannedRecord[]; stored: Map<string, R> }> {
  const raw: PlanInput[] = rows.map((r) => ({ dataset: r.dataset as MasterDataset, key: r.kunci ?? '', record: r.data as AnyMasterRecord }));
  const ctx = await buildContext(trx, job, raw);
  const inputs = raw.map((i) => resolveUnits(i, ctx.unorIds));
  // What the database held before this plan (planning records later entries of the same job in ctx.existing).
  const stored = new Map(ctx.existing);
  return { inputs, plans: planRecords(inputs, ctx), stored };
}

export interface DryRunSummary { baru: number; berubah: number; sama: number; ditolak: number }

/** The dry run: every pending record's planned outcome written beside it; no fact is touched. */
export async function planImportJob(db: Db, jobId: string): Promise<DryRunSummary> {
  const job = await getImportJob(db, jobId);
  if (!job) throw new Error(`import job ${jobId} not found`);
  const rows = await db.selectFrom('import_job_record').select(['seq', 'dataset', 'kunci', 'data', 'nip', 'sidik'])
    .where('job_id', '=', jobId).where('diterapkan_at', 'is', null).orderBy('urutan').orderBy('seq').execute();
  const { plans } = await planRows(db, job, rows);
  await writeOutcomes(db, jobId, rows.map((r, i) => ({ seq: r.seq, plan: plans[i] })), false);
  return dryRunSummary(db, jobId);
}

/** The planned (or, once applied, the final) outcome counts of a job, from its records. */
export async function dryRunSummary(db: Db, jobId: string): Promise<DryRunSummary> {
  const summary = await db.selectFrom('import_job_record').select(['hasil']).select((eb) => eb.fn.countAll<string>().as('n'))
    .where('job_id', '=', jobId).groupBy('hasil').execute();
  const count = (h: string) => Number(summary.find((s) => s.hasil === h)?.n ?? 0);
  return { baru: count('BARU'), berubah: count('BERUBAH'), sama: count('SAMA'), ditolak: count('DITOLAK') };
}

async function writeOutcomes(trx: Db, jobId: string, items: { seq: number; plan: PlannedRecord }[], applied: boolean): Promise<void> {
  if (items.length === 0) return;
  const seqs = items.map((i) => i.seq);
  const hasil = items.map((i) => i.plan.outcome);
  const alasan = items.map((i) => (i.plan.problems.length ? JSON.stringify(i.plan.problems) : null));
  const perubahan = items.map((i) => (i.plan.changes.length ? JSON.stringify(i.plan.changes) : null));
  await sql`
    UPDATE import_job_record r SET hasil = v.hasil, alasan = v.alasan::jsonb, perubahan = v.perubahan::jsonb,
      diterapkan_at = ${applied ? sql`now()` : sql`NULL`}
    FROM unnest(${seqs}::int[], ${hasil}::text[], ${alasan}::text[], ${perubahan}::text[]) AS v(seq, hasil, alasan, perubahan)
    WHERE r.job_id = ${jobId} AND r.seq = v.seq`.execute(trx);
}

export interface ChunkResult {
  processed: number; done: boolean;
  counts: DryRunSummary;
  /** NIPs with an open KP usulan whose facts this chunk created or changed (for the eligibility re-check). */
  changedNips: string[];
}

/**
 * Applies the next `limit` pending records of a job in one transaction, under the instansi's advisory lock, so an
 * activity attempt that Temporal retried while an earlier one still runs waits for it and then finds its records done.
 */
export async function applyImportChunk(db: Db, jobId: string, limit: number, actorId: string | null): Promise<ChunkResult> {
  return inTransaction(db, async (trx) => {
    const job = await trx.selectFrom('import_job').selectAll().where('id', '=', jobId).executeTakeFirst();
    if (!job) throw new Error(`import job ${jobId} not found`);
    // One applier per instansi at a time: a later record (a riwayat) sees the earlier ones (its pegawai) committed, and
    // two jobs naming the same row cannot both plan it as new, so every change is planned against what it replaces.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`import:${job.instansi_id}`}))`.execute(trx);
    const rows = await trx.selectFrom('import_job_record').select(['seq', 'dataset', 'kunci', 'data', 'nip', 'sidik'])
      .where('job_id', '=', jobId).where('diterapkan_at', 'is', null).orderBy('urutan').orderBy('seq').limit(limit).execute();
    const empty: DryRunSummary = { baru: 0, berubah: 0, sama: 0, ditolak: 0 };
    if (rows.length === 0) return { processed: 0, done: true, counts: empty, changedNips: [] };
    const { inputs, plans, stored } = await planRows(trx, job, rows);
    const c: ApplyCtx = { instansiId: job.instansi_id, sumber: job.sumber, now: new Date() };
    const toWrite = new Map<MasterDataset, AnyMasterRecord[]>();
    const history: { nip: string | null; entity: string; entity_key: string; field: string; old_value: string; new_value: string; sumber: string; job_id: string; actor_id: string | null }[] = [];
    const changedNips = new Set<string>();
    const unchanged = new Map<MasterDataset, { record: R; sidik: string }[]>();
    const counts = { ...empty };
    // The rows come in apply order (urutan is DATASET_ORDER): unor, pegawai, riwayat, so the writes below resolve their
    // references inside one transaction.
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i]; const plan = plans[i];
      counts[plan.outcome.toLowerCase() as keyof DryRunSummary]++;
      if (plan.outcome === 'DITOLAK') continue;
      const sidik = rows[i].sidik;
      if (plan.outcome === 'SAMA') {
        if (sidik) (unchanged.get(input.dataset) ?? unchanged.set(input.dataset, []).get(input.dataset)!).push({ record: rows[i].data as R, sidik });
        continue;
      }
      const merged = { ...(stored.get(`${input.dataset}:${input.key}`) ?? {}), ...definedOnly(input.record), [SIDIK]: sidik } as unknown as AnyMasterRecord;
      // Several records of one chunk may name the same row only across data sets; within one data set keys are unique.
      toWrite.set(input.dataset, [...(toWrite.get(input.dataset) ?? []), merged]);
      const nip = (input.record as { nip?: string }).nip ?? null;
      if (nip && input.dataset !== 'unor') changedNips.add(nip);
      for (const ch of plan.changes) history.push(changeRow(input, ch, nip, job, actorId));
    }
    for (const dataset of [...toWrite.keys()].sort((a, b) => DATASET_ORDER[a] - DATASET_ORDER[b])) {
      const list = toWrite.get(dataset) ?? [];
      for (let k = 0; k < list.length; k += 1000) await SINKS[dataset].write(trx, list.slice(k, k + 1000), c);
    }
    for (let k = 0; k < history.length; k += 2000) await trx.insertInto('master_fact_change').values(history.slice(k, k + 2000)).execute();
    // What the agency's SIMPEG says of performance, SIASN must hear too: an intent per new or changed rating, written
    // with it (keyed by the record's fingerprint, so the same rating never queues twice).
    if (job.sumber === 'SIMPEG' && job.kirim_siasn) await writeOutboxIntents(trx, performanceIntents(job.instansi_id, toWrite));
    // Rows the planner found equal take the record's fingerprint, so the next import of the same record stops at staging.
    for (const [dataset, list] of unchanged) await confirmRows(trx, dataset, list.map((u) => u.record), list.map((u) => u.sidik), c, false);
    await writeOutcomes(trx, jobId, rows.map((r, i) => ({ seq: r.seq, plan: plans[i] })), true);
    await trx.updateTable('import_job').set((eb) => ({
      diproses: eb('diproses', '+', rows.length), baru: eb('baru', '+', counts.baru), berubah: eb('berubah', '+', counts.berubah),
      sama: eb('sama', '+', counts.sama), ditolak: eb('ditolak', '+', counts.ditolak),
    })).where('id', '=', jobId).execute();
    const changed = [...changedNips];
    const withOpenUsulan = changed.length === 0 ? [] : (await trx.selectFrom('usulan_kp').select('nip').distinct()
      .where('nip', '=', sql<string>`ANY(${changed}::text[])`).where('is_open', '=', true).execute()).map((r) => r.nip);
    return { processed: rows.length, done: rows.length < limit, counts, changedNips: withOpenUsulan };
  });
}

function performanceIntents(instansiId: string, written: Map<MasterDataset, AnyMasterRecord[]>): OutboxIntent[] {
  const out: OutboxIntent[] = [];
  for (const x of written.get('skp') ?? []) {
    const r = x as unknown as R;
    out.push({ instansiId, jenis: 'SKP', kunci: `SKP:${String(r.nip)}:${String(r.tahun)}:${String(r[SIDIK])}`, nip: String(r.nip), payload: { nip: r.nip, tahun: r.tahun, predikat: r.predikat } });
  }
  for (const x of written.get('kinerja') ?? []) {
    const r = x as unknown as R;
    out.push({
      instansiId, jenis: 'KINERJA', kunci: `KINERJA:${String(r.nip)}:${String(r.tahun)}:${String(r.bulan_mulai)}-${String(r.bulan_selesai)}:${String(r[SIDIK])}`, nip: String(r.nip),
      payload: { nip: r.nip, tahun: r.tahun, bulanMulai: r.bulan_mulai, bulanSelesai: r.bulan_selesai, predikat: r.predikat },
    });
  }
  return out;
}

const definedOnly = (r: AnyMasterRecord): R => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));

function changeRow(input: PlanInput, ch: FieldChange, nip: string | null, job: ImportJob, actorId: string | null) {
  return {
    nip, entity: SINKS[input.dataset].table as string, entity_key: input.key, field: ch.field,
    old_value: JSON.stringify(ch.lama ?? null), new_value: JSON.stringify(ch.baru ?? null), sumber: job.sumber, job_id: job.id, actor_id: actorId,
  };
}

export async function setImportJobStatus(db: Db | Transaction<Database>, jobId: string, status: ImportJob['status'], pesan?: string): Promise<void> {
  await db.updateTable('import_job').set({
    status, ...(pesan !== undefined ? { pesan } : {}),
    // A run continued as new (or resumed) keeps the time the job first started.
    ...(status === 'BERJALAN' ? { started_at: sql<Date>`coalesce(started_at, now())` } : {}),
    ...(status === 'SELESAI' || status === 'GAGAL' ? { finished_at: new Date() } : {}),
  }).where('id', '=', jobId).execute();
}

export interface JobRecordView {
  seq: number; baris: number | null; dataset: string; kunci: string | null; nip: string | null; hasil: string | null;
  alasan: FieldProblem[]; perubahan: FieldChange[];
}

export async function listJobRecords(db: Db, jobId: string, opts: { hasil?: string; after?: number; limit: number }): Promise<JobRecordView[]> {
  const rows = await db.selectFrom('import_job_record').select(['seq', 'baris', 'dataset', 'kunci', 'nip', 'hasil', 'alasan', 'perubahan'])
    .where('job_id', '=', jobId)
    .$if(!!opts.hasil, (q) => q.where('hasil', '=', opts.hasil as 'BARU'))
    .$if(opts.after !== undefined, (q) => q.where('seq', '>', opts.after ?? 0))
    .orderBy('seq').limit(opts.limit).execute();
  return rows.map((r) => ({ ...r, alasan: (r.alasan as FieldProblem[] | null) ?? [], perubahan: (r.perubahan as FieldChange[] | null) ?? [] }));
}

import { Kysely, sql } from 'kysely';

// Issue 14: real personnel data comes in from SIMPEG (push API, files). Every master row says where it came from (the
// source, the source's own id, the SIASN id where known: design B of the seeds) and when it was last confirmed; a
// change to a fact leaves a row in master_fact_change (who, when, from which source, old and new value). Imports are
// jobs whose records are staged first, so a dry run and the apply read the same rows and a stopped job resumes.
/** The sources a master row may come from (db/types.ts MasterSumber). */
const SOURCES = sql.raw("CHECK (sumber IN ('SIMPEG','SIASN','PEREMAJAAN','MANUAL'))");
const SOURCED = ['employee', 'unor', 'employee_golongan_history', 'employee_education', 'employee_rating', 'employee_sanction'];

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of SOURCED) {
    await sql`ALTER TABLE ${sql.table(table)}
      ADD COLUMN sumber text NOT NULL DEFAULT 'MANUAL' ${SOURCES},
      ADD COLUMN sumber_id text,
      ADD COLUMN siasn_id text,
      ADD COLUMN dikonfirmasi_at timestamptz`.execute(db);
  }
  await sql`
    ALTER TABLE employee
      ADD COLUMN kedudukan_hukum text NOT NULL DEFAULT 'AKTIF',
      ADD COLUMN tmt_pns date,
      ADD COLUMN eselon text;
    CREATE UNIQUE INDEX unor_source ON unor(instansi_id, sumber, sumber_id) WHERE sumber_id IS NOT NULL;
    CREATE UNIQUE INDEX golongan_history_source ON employee_golongan_history(nip, sumber, sumber_id) WHERE sumber_id IS NOT NULL;
    CREATE UNIQUE INDEX education_source ON employee_education(nip, sumber, sumber_id) WHERE sumber_id IS NOT NULL;
    CREATE UNIQUE INDEX sanction_source ON employee_sanction(nip, sumber, sumber_id) WHERE sumber_id IS NOT NULL;
    CREATE INDEX sanction_nip ON employee_sanction(nip);

    CREATE TABLE employee_jabatan_history (
      id bigserial PRIMARY KEY,
      nip text NOT NULL REFERENCES employee(nip),
      jenis text NOT NULL CHECK (jenis IN ('STRUKTURAL','FUNGSIONAL','PELAKSANA')),
      nama text NOT NULL,
      jenjang text,
      eselon text,
      unor_id text REFERENCES unor(id),
      tmt date NOT NULL,
      sk_nomor text,
      sk_tanggal date,
      sumber text NOT NULL ${SOURCES},
      sumber_id text NOT NULL,
      siasn_id text,
      dikonfirmasi_at timestamptz,
      UNIQUE (nip, sumber, sumber_id)
    );
    CREATE TABLE employee_angka_kredit (
      id bigserial PRIMARY KEY,
      nip text NOT NULL REFERENCES employee(nip),
      sk_nomor text,
      sk_tanggal date NOT NULL,
      kredit_utama numeric(8,3) NOT NULL,
      kredit_penunjang numeric(8,3) NOT NULL DEFAULT 0,
      kredit_total numeric(8,3) NOT NULL,
      sumber text NOT NULL ${SOURCES},
      sumber_id text NOT NULL,
      siasn_id text,
      dikonfirmasi_at timestamptz,
      UNIQUE (nip, sumber, sumber_id)
    );
    CREATE TABLE employee_kinerja_periodik (
      nip text NOT NULL REFERENCES employee(nip),
      tahun integer NOT NULL,
      bulan_mulai integer NOT NULL CHECK (bulan_mulai BETWEEN 1 AND 12),
      bulan_selesai integer NOT NULL CHECK (bulan_selesai BETWEEN 1 AND 12),
      predikat text NOT NULL,
      sumber text NOT NULL ${SOURCES},
      sumber_id text,
      siasn_id text,
      dikonfirmasi_at timestamptz,
      PRIMARY KEY (nip, tahun, bulan_mulai, bulan_selesai)
    );

    CREATE TABLE master_fact_change (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      nip text,
      entity text NOT NULL,
      entity_key text NOT NULL,
      field text NOT NULL,
      old_value jsonb,
      new_value jsonb,
      sumber text NOT NULL,
      job_id text,
      actor_id text
    );
    CREATE INDEX master_fact_change_nip ON master_fact_change(nip, at);

    CREATE TABLE import_job (
      id text PRIMARY KEY,
      instansi_id text NOT NULL REFERENCES instansi(id),
      sumber text NOT NULL CHECK (sumber IN ('SIMPEG','SIASN')),
      asal text NOT NULL CHECK (asal IN ('API','BERKAS')),
      nama_berkas text,
      status text NOT NULL CHECK (status IN ('UJI','MENUNGGU','BERJALAN','SELESAI','GAGAL','DIBATALKAN')),
      total integer NOT NULL,
      diproses integer NOT NULL DEFAULT 0,
      baru integer NOT NULL DEFAULT 0,
      berubah integer NOT NULL DEFAULT 0,
      sama integer NOT NULL DEFAULT 0,
      ditolak integer NOT NULL DEFAULT 0,
      kelayakan_diperiksa integer NOT NULL DEFAULT 0,
      kelayakan_berubah integer NOT NULL DEFAULT 0,
      pesan text,
      created_by text NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    );
    CREATE INDEX import_job_instansi ON import_job(instansi_id, created_at DESC);
    CREATE TABLE import_job_record (
      job_id text NOT NULL REFERENCES import_job(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      urutan integer NOT NULL,
      dataset text NOT NULL,
      baris integer,
      kunci text,
      nip text,
      data jsonb NOT NULL,
      hasil text CHECK (hasil IN ('BARU','BERUBAH','SAMA','DITOLAK')),
      alasan jsonb,
      perubahan jsonb,
      diterapkan_at timestamptz,
      PRIMARY KEY (job_id, seq)
    );
    CREATE INDEX import_job_record_pending ON import_job_record(job_id, urutan, seq) WHERE diterapkan_at IS NULL;

    ALTER TABLE usulan_kp ADD COLUMN kelayakan_peringatan jsonb;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE usulan_kp DROP COLUMN kelayakan_peringatan;
    DROP TABLE import_job_record, import_job, master_fact_change, employee_kinerja_periodik, employee_angka_kredit, employee_jabatan_history;
    DROP INDEX sanction_nip; DROP INDEX sanction_source; DROP INDEX education_source; DROP INDEX golongan_history_source; DROP INDEX unor_source;
    ALTER TABLE employee DROP COLUMN kedudukan_hukum, DROP COLUMN tmt_pns, DROP COLUMN eselon;
  `.execute(db);
  for (const table of SOURCED) {
    await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN sumber, DROP COLUMN sumber_id, DROP COLUMN siasn_id, DROP COLUMN dikonfirmasi_at`.execute(db);
  }
}

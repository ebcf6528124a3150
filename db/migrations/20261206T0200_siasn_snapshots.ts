import { Kysely, sql } from 'kysely';

// Issue 15: what SIASN says, kept beside what we hold (SIASN.md §9.2: design C for references, B for employees).
// A pull (siasn/ sync job) writes the snapshots, always with the raw answer beside the typed projection, so a field
// we did not project is never lost and an answer we could not read is recorded, not half-stored. The reconciliation
// (rekon) compares these snapshots with our master tables and keeps each run's rows, so a score has a history.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE siasn_sync (
      id text PRIMARY KEY,
      instansi_id text NOT NULL REFERENCES instansi(id),
      status text NOT NULL CHECK (status IN ('MENUNGGU','BERJALAN','SELESAI','GAGAL')),
      total integer NOT NULL DEFAULT 0,
      diproses integer NOT NULL DEFAULT 0,
      gagal integer NOT NULL DEFAULT 0,
      pesan text,
      created_by text REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    );
    CREATE INDEX siasn_sync_instansi ON siasn_sync(instansi_id, created_at DESC);

    -- One row per NIP as SIASN's data-utama answers it; the typed columns are the projection rekon compares.
    CREATE TABLE siasn_pegawai (
      nip text PRIMARY KEY,
      instansi_id text NOT NULL REFERENCES instansi(id),
      pns_id text,
      nama text,
      gelar_depan text,
      gelar_belakang text,
      tanggal_lahir date,
      jenis_kelamin text CHECK (jenis_kelamin IN ('L','P')),
      jenis_asn text CHECK (jenis_asn IN ('PNS','PPPK')),
      kedudukan_hukum text,
      golongan_id integer,
      tmt_golongan date,
      mk_tahun integer,
      mk_bulan integer,
      tmt_cpns date,
      tmt_pns date,
      pendidikan_tingkat text,
      jabatan_jenis text CHECK (jabatan_jenis IN ('STRUKTURAL','FUNGSIONAL','PELAKSANA')),
      jabatan_nama text,
      eselon text,
      tmt_jabatan date,
      unor_siasn_id text,
      email text,
      raw jsonb NOT NULL,
      sync_id text REFERENCES siasn_sync(id) ON DELETE SET NULL,
      fetched_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX siasn_pegawai_instansi ON siasn_pegawai(instansi_id);

    -- The riwayat SIASN holds per NIP (golongan, jabatan, pendidikan, skp, kinerja, angka kredit, hukdis), by its id.
    CREATE TABLE siasn_riwayat (
      nip text NOT NULL,
      jenis text NOT NULL CHECK (jenis IN ('golongan','jabatan','pendidikan','skp','kinerja','angka_kredit','hukdis')),
      siasn_id text NOT NULL,
      tahun integer,
      data jsonb NOT NULL,
      raw jsonb NOT NULL,
      sync_id text REFERENCES siasn_sync(id) ON DELETE SET NULL,
      fetched_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (nip, jenis, siasn_id)
    );

    -- SIASN's unit tree of the instansi (ref-unor), by SIASN's ids.
    CREATE TABLE siasn_unor (
      id text PRIMARY KEY,
      instansi_id text NOT NULL REFERENCES instansi(id),
      nama text NOT NULL,
      induk_id text,
      pemimpin_pns_id text,
      raw jsonb NOT NULL,
      fetched_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX siasn_unor_instansi ON siasn_unor(instansi_id);

    -- An answer that could not be read (malformed, wrong NIP, missing fields), kept as it came.
    CREATE TABLE siasn_answer_refused (
      id bigserial PRIMARY KEY,
      sync_id text REFERENCES siasn_sync(id) ON DELETE CASCADE,
      endpoint text NOT NULL,
      nip text,
      reason text NOT NULL,
      raw text,
      at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE rekon_run (
      id text PRIMARY KEY,
      instansi_id text NOT NULL REFERENCES instansi(id),
      status text NOT NULL CHECK (status IN ('BERJALAN','SELESAI','GAGAL')),
      snapshot_at timestamptz,
      counts jsonb,
      score numeric(5,2),
      created_by text REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    );
    CREATE INDEX rekon_run_instansi ON rekon_run(instansi_id, created_at DESC);
    CREATE TABLE rekon_row (
      run_id text NOT NULL REFERENCES rekon_run(id) ON DELETE CASCADE,
      seq integer NOT NULL,
      bagian text NOT NULL,
      nip text,
      unor_id text,
      cek text NOT NULL,
      nilai_kita text,
      nilai_siasn text,
      hasil text NOT NULL CHECK (hasil IN ('SESUAI','TIDAK_SESUAI','HANYA_KITA','HANYA_SIASN')),
      tindakan text,
      PRIMARY KEY (run_id, seq)
    );
    CREATE INDEX rekon_row_problem ON rekon_row(run_id, bagian, hasil) WHERE hasil <> 'SESUAI';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE rekon_row, rekon_run, siasn_answer_refused, siasn_unor, siasn_riwayat, siasn_pegawai, siasn_sync`.execute(db);
}

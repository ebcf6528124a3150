import { Kysely, sql } from 'kysely';

// Organisations, people and their histories: the facts that eligibility is computed from.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE kanreg (
      id text PRIMARY KEY,
      nama text NOT NULL,
      kode text NOT NULL UNIQUE,
      kota text NOT NULL,
      kepala_user_id text
    );
    CREATE TABLE instansi (
      id text PRIMARY KEY,
      nama text NOT NULL,
      jenis text NOT NULL CHECK (jenis IN ('PROVINSI','KABUPATEN','KOTA','KEMENTERIAN','LEMBAGA')),
      kanreg_id text NOT NULL REFERENCES kanreg(id),
      jabatan_ppk text NOT NULL,
      tempat_penetapan text NOT NULL,
      kode_unit_sk text NOT NULL
    );
    CREATE TABLE unor (
      id text PRIMARY KEY,
      instansi_id text NOT NULL REFERENCES instansi(id),
      parent_id text REFERENCES unor(id),
      nama text NOT NULL
    );
    CREATE INDEX unor_instansi ON unor(instansi_id);
    CREATE TABLE employee (
      nip text PRIMARY KEY CHECK (nip ~ '^[0-9]{18}$'),
      nama text NOT NULL,
      gelar_depan text,
      gelar_belakang text,
      tempat_lahir text NOT NULL,
      tanggal_lahir date NOT NULL,
      jenis_kelamin text NOT NULL CHECK (jenis_kelamin IN ('L','P')),
      agama text,
      status_perkawinan text,
      alamat text,
      email text,
      jenis_asn text NOT NULL CHECK (jenis_asn IN ('PNS','PPPK')),
      status_kepegawaian text NOT NULL DEFAULT 'PNS',
      instansi_id text NOT NULL REFERENCES instansi(id),
      unor_id text REFERENCES unor(id),
      jabatan_nama text NOT NULL,
      jabatan_jenis text NOT NULL CHECK (jabatan_jenis IN ('STRUKTURAL','FUNGSIONAL','PELAKSANA')),
      jf_level text,
      angka_kredit numeric(8,3),
      golongan_id integer NOT NULL,
      tmt_golongan date NOT NULL,
      mkg_tahun integer NOT NULL DEFAULT 0,
      mkg_bulan integer NOT NULL DEFAULT 0,
      tmt_cpns date,
      pendidikan_level text NOT NULL,
      pendidikan_nama text,
      blocked_by_bkn boolean NOT NULL DEFAULT false,
      blocked_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX employee_instansi ON employee(instansi_id);
    CREATE INDEX employee_nama ON employee(lower(nama));
    CREATE TABLE employee_golongan_history (
      id bigserial PRIMARY KEY,
      nip text NOT NULL REFERENCES employee(nip),
      golongan_id integer NOT NULL,
      tmt date NOT NULL,
      mkg_tahun integer NOT NULL DEFAULT 0,
      mkg_bulan integer NOT NULL DEFAULT 0,
      sk_nomor text,
      sk_tanggal date,
      pertek_nomor text,
      usulan_id text UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX golongan_history_nip ON employee_golongan_history(nip);
    CREATE TABLE employee_education (
      id bigserial PRIMARY KEY,
      nip text NOT NULL REFERENCES employee(nip),
      level text NOT NULL,
      nama_sekolah text,
      jurusan text,
      tahun_lulus integer,
      diakui boolean NOT NULL DEFAULT true
    );
    CREATE INDEX education_nip ON employee_education(nip);
    CREATE TABLE employee_rating (
      nip text NOT NULL REFERENCES employee(nip),
      tahun integer NOT NULL,
      predikat text NOT NULL,
      PRIMARY KEY (nip, tahun)
    );
    CREATE TABLE employee_sanction (
      id bigserial PRIMARY KEY,
      nip text NOT NULL REFERENCES employee(nip),
      tingkat text NOT NULL,
      jenis text NOT NULL,
      tmt_mulai date NOT NULL,
      tmt_selesai date,
      sk_nomor text
    );
    CREATE TABLE employee_stlud (
      nip text NOT NULL REFERENCES employee(nip),
      tingkat integer NOT NULL,
      tanggal date NOT NULL,
      PRIMARY KEY (nip, tingkat)
    );
    CREATE TABLE employee_kp_extra (
      nip text PRIMARY KEY REFERENCES employee(nip),
      penyesuaian_level text,
      penyesuaian_diakui boolean,
      penyesuaian_ujian_lulus boolean,
      keputusan_prestasi boolean NOT NULL DEFAULT false
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE employee_kp_extra, employee_stlud, employee_sanction, employee_rating, employee_education,
    employee_golongan_history, employee, unor, instansi, kanreg CASCADE`.execute(db);
}

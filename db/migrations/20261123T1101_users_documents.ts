import { Kysely, sql } from 'kysely';

// Users and the document store's metadata (the bytes live in the blob store, addressed by SHA-256).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE app_user (
      id text PRIMARY KEY,
      username text NOT NULL UNIQUE,
      nama text NOT NULL,
      nip text,
      jabatan text,
      role text NOT NULL CHECK (role IN ('OPERATOR','APPROVER','VERIFIER','EMPLOYEE','ADMIN','KANREG_HEAD','BKN_HEAD')),
      instansi_id text REFERENCES instansi(id),
      kanreg_id text REFERENCES kanreg(id),
      superior_user_id text REFERENCES app_user(id),
      email text,
      password_hash text NOT NULL,
      totp_secret text,
      signer_id text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE delegation (
      id bigserial PRIMARY KEY,
      instansi_id text NOT NULL REFERENCES instansi(id),
      from_user_id text NOT NULL REFERENCES app_user(id),
      to_user_id text NOT NULL REFERENCES app_user(id),
      jenis text NOT NULL CHECK (jenis IN ('PLT','PLH')),
      mulai date NOT NULL,
      selesai date NOT NULL,
      created_by text NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      CHECK (selesai >= mulai),
      CHECK (from_user_id <> to_user_id)
    );
    CREATE TABLE document (
      id text PRIMARY KEY,
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size integer NOT NULL,
      mime text NOT NULL,
      filename text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('BERKAS','PERTEK','SK','PENGANTAR','PEREMAJAAN')),
      doc_code text,
      siasn_id integer,
      owner_nip text REFERENCES employee(nip),
      usulan_id text,
      version integer NOT NULL DEFAULT 1,
      supersedes_id text REFERENCES document(id),
      status text NOT NULL DEFAULT 'BERLAKU' CHECK (status IN ('BERLAKU','DICABUT','DIKOREKSI')),
      uploaded_by text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX document_owner ON document(owner_nip, doc_code);
    CREATE INDEX document_sha ON document(sha256);
    -- One Pertek and one SK per usulan and version, whatever Temporal retries.
    CREATE UNIQUE INDEX document_generated_once ON document(usulan_id, kind, version) WHERE kind IN ('PERTEK','SK');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE document, delegation, app_user CASCADE`.execute(db);
}

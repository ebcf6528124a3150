import { Kysely, sql } from 'kysely';

// The KP read model: Temporal owns the process, these rows answer lists, queues, counts and timelines.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE kp_batch (
      id text PRIMARY KEY,
      instansi_id text NOT NULL REFERENCES instansi(id),
      operator_id text NOT NULL REFERENCES app_user(id),
      periode date NOT NULL,
      jenis_kp integer NOT NULL,
      total integer NOT NULL,
      accepted integer NOT NULL,
      held integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE usulan_kp (
      id text PRIMARY KEY,
      batch_id text REFERENCES kp_batch(id),
      nip text NOT NULL REFERENCES employee(nip),
      nama text NOT NULL,
      instansi_id text NOT NULL REFERENCES instansi(id),
      kanreg_id text NOT NULL REFERENCES kanreg(id),
      periode date NOT NULL,
      jenis_kp integer NOT NULL,
      status text NOT NULL,
      -- The workflow's step counter of the last recorded transition: a late retry of an older step never rolls status back.
      last_step integer NOT NULL DEFAULT 0,
      is_open boolean NOT NULL DEFAULT true,
      golongan_lama integer NOT NULL,
      golongan_baru integer NOT NULL,
      penandatangan_sk text NOT NULL CHECK (penandatangan_sk IN ('PPK','KEPALA_BKN','PRESIDEN')),
      submitted_by text NOT NULL REFERENCES app_user(id),
      approved_by text REFERENCES app_user(id),
      bts_count integer NOT NULL DEFAULT 0,
      claimed_by text REFERENCES app_user(id),
      claim_expires_at timestamptz,
      pertek_nomor text,
      pertek_tanggal date,
      pertek_document_id text,
      sk_nomor text,
      sk_tanggal date,
      sk_draft_sha256 text,
      sk_draft_field jsonb,
      sk_document_id text,
      keppres_nomor text,
      keppres_tanggal date,
      workflow_started_at timestamptz,
      due_at timestamptz,
      sla_breached boolean NOT NULL DEFAULT false,
      last_note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    );
    -- No two open KP usulan for one NIP in one period.
    CREATE UNIQUE INDEX usulan_kp_open_once ON usulan_kp(nip, periode) WHERE is_open;
    CREATE INDEX usulan_kp_batch ON usulan_kp(batch_id);
    CREATE INDEX usulan_kp_status ON usulan_kp(instansi_id, status);
    CREATE INDEX usulan_kp_queue ON usulan_kp(kanreg_id, status, created_at);
    CREATE INDEX usulan_kp_unstarted ON usulan_kp(created_at) WHERE workflow_started_at IS NULL;
    CREATE TABLE usulan_event (
      id bigserial PRIMARY KEY,
      usulan_id text NOT NULL,
      event_key text NOT NULL UNIQUE,
      jenis text NOT NULL,
      actor_id text,
      actor_nama text,
      from_status text,
      to_status text,
      catatan text,
      data jsonb,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX usulan_event_usulan ON usulan_event(usulan_id, id);
    CREATE TABLE number_sequence (
      scope text PRIMARY KEY,
      last_value integer NOT NULL
    );
    CREATE TABLE number_assignment (
      usulan_id text NOT NULL,
      kind text NOT NULL,
      nomor text NOT NULL UNIQUE,
      tanggal date NOT NULL,
      PRIMARY KEY (usulan_id, kind)
    );
    CREATE TABLE notification (
      id bigserial PRIMARY KEY,
      event_key text NOT NULL UNIQUE,
      recipient_user_id text REFERENCES app_user(id),
      recipient_nip text,
      recipient_email text,
      usulan_id text,
      subject text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      email_sent_at timestamptz,
      read_at timestamptz
    );
    CREATE INDEX notification_user ON notification(recipient_user_id, created_at);
    CREATE INDEX notification_nip ON notification(recipient_nip, created_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE notification, number_assignment, number_sequence, usulan_event, usulan_kp, kp_batch CASCADE`.execute(db);
}

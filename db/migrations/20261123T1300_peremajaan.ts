import { Kysely, sql } from 'kysely';

// Peremajaan data: change sets per person, each change decided on its own, and the history that applying writes.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE usulan_peremajaan (
      id text PRIMARY KEY,
      batch_id text,
      nip text NOT NULL REFERENCES employee(nip),
      nama text NOT NULL,
      instansi_id text NOT NULL REFERENCES instansi(id),
      kanreg_id text NOT NULL REFERENCES kanreg(id),
      submitted_by text NOT NULL REFERENCES app_user(id),
      submitter_role text NOT NULL,
      status text NOT NULL,
      is_open boolean NOT NULL DEFAULT true,
      -- The workflow's step counter of the last recorded transition: a late retry never rolls status back.
      last_step integer NOT NULL DEFAULT 0,
      workflow_started_at timestamptz,
      due_at timestamptz,
      sla_breached boolean NOT NULL DEFAULT false,
      last_note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz
    );
    CREATE INDEX usulan_peremajaan_nip ON usulan_peremajaan(nip, created_at);
    CREATE INDEX usulan_peremajaan_instansi ON usulan_peremajaan(instansi_id, status);
    CREATE INDEX usulan_peremajaan_kanreg ON usulan_peremajaan(kanreg_id, status, created_at);
    CREATE INDEX usulan_peremajaan_unstarted ON usulan_peremajaan(created_at) WHERE workflow_started_at IS NULL;
    CREATE TABLE peremajaan_change (
      id text PRIMARY KEY,
      usulan_id text NOT NULL REFERENCES usulan_peremajaan(id),
      seq integer NOT NULL,
      nip text NOT NULL REFERENCES employee(nip),
      area text NOT NULL,
      field text NOT NULL,
      -- The value when the change was proposed (or when it was sent back): applying compares it with the record.
      old_value jsonb,
      new_value jsonb NOT NULL,
      documents text[] NOT NULL DEFAULT '{}',
      authority text NOT NULL CHECK (authority IN ('INSTANSI','BKN')),
      status text NOT NULL DEFAULT 'MENUNGGU'
        CHECK (status IN ('MENUNGGU','DISETUJUI','DITOLAK','DITERAPKAN','KEMBALI_KE_VERIFIKATOR')),
      is_open boolean NOT NULL DEFAULT true,
      proposed_by text NOT NULL REFERENCES app_user(id),
      decided_by text REFERENCES app_user(id),
      decided_by_nama text,
      reason text,
      decided_at timestamptz,
      applied_at timestamptz,
      returned_count integer NOT NULL DEFAULT 0,
      UNIQUE (usulan_id, seq)
    );
    -- Two open usulan may not change the same field of the same person.
    CREATE UNIQUE INDEX peremajaan_change_open_once ON peremajaan_change(nip, area, field) WHERE is_open;
    CREATE INDEX peremajaan_change_usulan ON peremajaan_change(usulan_id, seq);
    CREATE TABLE employee_data_history (
      id bigserial PRIMARY KEY,
      nip text NOT NULL REFERENCES employee(nip),
      area text NOT NULL,
      field text NOT NULL,
      old_value jsonb,
      new_value jsonb NOT NULL,
      usulan_id text NOT NULL,
      change_id text NOT NULL UNIQUE,
      proposed_by text NOT NULL,
      approved_by text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX employee_data_history_nip ON employee_data_history(nip, at);
    -- Areas without a column on employee (diklat, penghargaan, keluarga, organisasi, ...): one row per applied change.
    CREATE TABLE employee_record_item (
      id bigserial PRIMARY KEY,
      nip text NOT NULL REFERENCES employee(nip),
      area text NOT NULL,
      field text NOT NULL,
      data jsonb NOT NULL,
      usulan_id text NOT NULL,
      change_id text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX employee_record_item_nip ON employee_record_item(nip, area, field, id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE employee_record_item, employee_data_history, peremajaan_change, usulan_peremajaan CASCADE`.execute(db);
}

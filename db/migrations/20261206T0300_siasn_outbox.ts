import { Kysely, sql } from 'kysely';

// Issue 15, two-way: every result SIASN must learn of (an SKP or kinerja from the agency's SIMPEG, a finished KP's SK,
// an applied peremajaan in the instansi's authority) is written here in the same transaction as the fact, then
// delivered by a workflow that survives outages. `kunci` makes an intent once only: the same fact never queues twice,
// and a delivered one is never sent again.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE siasn_outbox (
      id bigserial PRIMARY KEY,
      instansi_id text NOT NULL REFERENCES instansi(id),
      jenis text NOT NULL CHECK (jenis IN ('SKP','KINERJA','SK_KP','PEREMAJAAN')),
      kunci text NOT NULL UNIQUE,
      nip text,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'MENUNGGU' CHECK (status IN ('MENUNGGU','TERKIRIM','SUDAH_ADA','MENYERAH')),
      percobaan integer NOT NULL DEFAULT 0,
      alasan text,
      siasn_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      next_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX siasn_outbox_due ON siasn_outbox(next_at) WHERE status = 'MENUNGGU';
    CREATE INDEX siasn_outbox_instansi ON siasn_outbox(instansi_id, status, created_at DESC);
    -- An import whose records SIASN already holds (the demo seed, a load of SIASN's own export) queues nothing.
    ALTER TABLE import_job ADD COLUMN kirim_siasn boolean NOT NULL DEFAULT true;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE siasn_outbox; ALTER TABLE import_job DROP COLUMN kirim_siasn`.execute(db);
}

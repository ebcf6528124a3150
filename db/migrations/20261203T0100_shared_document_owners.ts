import { Kysely, sql } from 'kysely';

// A decree that names a whole section (an SK mutasi, a collective pelantikan) is uploaded once, without a single
// owner; each employee it supports becomes one of its owners when a collective peremajaan uses it for them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE shared_document_owner (
      document_id text NOT NULL REFERENCES document(id),
      nip text NOT NULL REFERENCES employee(nip),
      usulan_id text NOT NULL,
      added_by text NOT NULL REFERENCES app_user(id),
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (document_id, nip)
    );
    CREATE INDEX shared_document_owner_nip ON shared_document_owner(nip);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE shared_document_owner`.execute(db);
}

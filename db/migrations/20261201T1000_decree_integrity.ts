import { Kysely, sql } from 'kysely';

/**
 * Decrees that are right every time:
 * - every office keeps its own clock (WIB/WITA/WIT) and the instansi names the official who signs its SK;
 * - a signed document is "MENUNGGU" (signed, not yet accepted by the workflow) until the step it was made for is
 *   committed, and "BATAL" when that step was refused or abandoned: only BERLAKU stands;
 * - each document records who signed it, what it prints and in which capacity;
 * - decree numbers are unique within their issuing office, series and year, not globally.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE kanreg ADD COLUMN zona_waktu text NOT NULL DEFAULT 'Asia/Jakarta'
      CHECK (zona_waktu IN ('Asia/Jakarta','Asia/Makassar','Asia/Jayapura'));
    ALTER TABLE instansi ADD COLUMN zona_waktu text NOT NULL DEFAULT 'Asia/Jakarta'
      CHECK (zona_waktu IN ('Asia/Jakarta','Asia/Makassar','Asia/Jayapura'));
    ALTER TABLE instansi ADD COLUMN sk_signer_user_id text REFERENCES app_user(id);
    ALTER TABLE instansi ADD COLUMN sk_atas_nama boolean NOT NULL DEFAULT true;

    ALTER TABLE usulan_kp ADD COLUMN sk_signer_user_id text REFERENCES app_user(id);
    ALTER TABLE usulan_kp ADD COLUMN stuck_reason text;
    ALTER TABLE usulan_kp ADD COLUMN stuck_since timestamptz;

    ALTER TABLE document DROP CONSTRAINT document_status_check;
    ALTER TABLE document ADD CONSTRAINT document_status_check CHECK (status IN ('BERLAKU','DICABUT','DIKOREKSI','MENUNGGU','BATAL'));
    ALTER TABLE document ADD COLUMN step text CHECK (step IN ('APPROVAL','PERTEK','SK'));
    ALTER TABLE document ADD COLUMN attempt_id text;
    ALTER TABLE document ADD COLUMN signed_by_user_id text REFERENCES app_user(id);
    ALTER TABLE document ADD COLUMN signer_id text;
    ALTER TABLE document ADD COLUMN printed_nama text;
    ALTER TABLE document ADD COLUMN printed_nip text;
    ALTER TABLE document ADD COLUMN printed_jabatan text;
    ALTER TABLE document ADD COLUMN capacity text CHECK (capacity IN ('DEFINITIF','PLT','PLH'));
    ALTER TABLE document ADD COLUMN on_behalf_of_user_id text REFERENCES app_user(id);
    ALTER TABLE document ADD COLUMN nomor text;
    ALTER TABLE document ADD COLUMN tanggal date;
    CREATE UNIQUE INDEX document_attempt_once ON document(attempt_id) WHERE attempt_id IS NOT NULL;
    DROP INDEX document_generated_once;
    -- One pending or standing approval statement, Pertek and SK per usulan and version; refused attempts stay as BATAL.
    CREATE UNIQUE INDEX document_generated_once ON document(usulan_id, kind, version)
      WHERE kind IN ('PERTEK','SK','PENGANTAR') AND usulan_id IS NOT NULL AND status IN ('MENUNGGU','BERLAKU');

    ALTER TABLE number_assignment ADD COLUMN issuer text;
    ALTER TABLE number_assignment ADD COLUMN series text;
    ALTER TABLE number_assignment ADD COLUMN year integer;
    UPDATE number_assignment SET series = kind, issuer = split_part(nomor, '/', 3), year = extract(year FROM tanggal)::int;
    ALTER TABLE number_assignment ALTER COLUMN issuer SET NOT NULL;
    ALTER TABLE number_assignment ALTER COLUMN series SET NOT NULL;
    ALTER TABLE number_assignment ALTER COLUMN year SET NOT NULL;
    ALTER TABLE number_assignment DROP CONSTRAINT number_assignment_nomor_key;
    CREATE UNIQUE INDEX number_assignment_unique_in_scope ON number_assignment(issuer, series, year, nomor);
  `.execute(db);
  // Existing demo databases: the head of the personnel agency (the seeded PyB) signs the instansi's SK.
  await sql`
    UPDATE instansi i SET sk_signer_user_id = (
      SELECT u.id FROM app_user u WHERE u.instansi_id = i.id AND u.role = 'APPROVER' AND u.signer_id IS NOT NULL AND u.id LIKE 'usr-pyb.%'
      ORDER BY u.id LIMIT 1)
    WHERE sk_signer_user_id IS NULL
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX number_assignment_unique_in_scope;
    ALTER TABLE number_assignment ADD CONSTRAINT number_assignment_nomor_key UNIQUE (nomor);
    ALTER TABLE number_assignment DROP COLUMN issuer, DROP COLUMN series, DROP COLUMN year;
    DROP INDEX document_generated_once;
    DROP INDEX document_attempt_once;
    CREATE UNIQUE INDEX document_generated_once ON document(usulan_id, kind, version) WHERE kind IN ('PERTEK','SK');
    ALTER TABLE document DROP COLUMN step, DROP COLUMN attempt_id, DROP COLUMN signed_by_user_id, DROP COLUMN signer_id,
      DROP COLUMN printed_nama, DROP COLUMN printed_nip, DROP COLUMN printed_jabatan, DROP COLUMN capacity,
      DROP COLUMN on_behalf_of_user_id, DROP COLUMN nomor, DROP COLUMN tanggal;
    ALTER TABLE document DROP CONSTRAINT document_status_check;
    ALTER TABLE document ADD CONSTRAINT document_status_check CHECK (status IN ('BERLAKU','DICABUT','DIKOREKSI'));
    ALTER TABLE usulan_kp DROP COLUMN sk_signer_user_id, DROP COLUMN stuck_reason, DROP COLUMN stuck_since;
    ALTER TABLE instansi DROP COLUMN zona_waktu, DROP COLUMN sk_signer_user_id, DROP COLUMN sk_atas_nama;
    ALTER TABLE kanreg DROP COLUMN zona_waktu;
  `.execute(db);
}

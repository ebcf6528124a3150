import { Kysely, sql } from 'kysely';

// The queues (GET /kp/usulan?antrean=...) page in (created_at, id) order per instansi, and leave out usulan whose
// signed step is standing or being committed: both answered from an index, not a scan of every document.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX document_signed_step ON document(usulan_id, kind) WHERE status IN ('MENUNGGU', 'BERLAKU') AND usulan_id IS NOT NULL;
    CREATE INDEX usulan_kp_instansi_queue ON usulan_kp(instansi_id, status, created_at, id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX usulan_kp_instansi_queue; DROP INDEX document_signed_step`.execute(db);
}

import { Kysely, sql } from 'kysely';

// Housekeeping looks every few seconds for pending signatures and stopped steps: partial indexes keep that off a scan.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE INDEX document_pending ON document(created_at) WHERE status = 'MENUNGGU';
    CREATE INDEX usulan_kp_stuck ON usulan_kp(stuck_since) WHERE stuck_since IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX usulan_kp_stuck; DROP INDEX document_pending`.execute(db);
}

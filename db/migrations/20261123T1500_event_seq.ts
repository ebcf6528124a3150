import { Kysely, sql } from 'kysely';

// The workflow's step number: activities of one usulan may commit out of order, its timeline may not.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE usulan_event ADD COLUMN seq integer`.execute(db);
  await sql`CREATE INDEX usulan_event_timeline ON usulan_event(usulan_id, seq, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX usulan_event_timeline`.execute(db);
  await sql`ALTER TABLE usulan_event DROP COLUMN seq`.execute(db);
}

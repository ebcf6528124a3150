import { Kysely, sql } from 'kysely';

// A peremajaan step stopped on a failure no retry healed is flagged on its read-model row, as a KP step is.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE usulan_peremajaan ADD COLUMN stuck_reason text;
    ALTER TABLE usulan_peremajaan ADD COLUMN stuck_since timestamptz;
    CREATE INDEX usulan_peremajaan_stuck ON usulan_peremajaan(stuck_since) WHERE stuck_since IS NOT NULL;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP INDEX usulan_peremajaan_stuck;
    ALTER TABLE usulan_peremajaan DROP COLUMN stuck_since;
    ALTER TABLE usulan_peremajaan DROP COLUMN stuck_reason;
  `.execute(db);
}

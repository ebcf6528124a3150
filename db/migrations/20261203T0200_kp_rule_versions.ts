import { Kysely, sql } from 'kysely';

// KP rules by effective date: every usulan records the rule version it was judged by; versions beyond the built-in
// ones (domain/kp-rule-versions.ts) are published as data. The superior's golongan feeds the pre-2/2025 cap.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE usulan_kp ADD COLUMN rule_version text;
    ALTER TABLE employee_kp_extra ADD COLUMN atasan_golongan_id integer;
    CREATE TABLE kp_rule_version (
      id text PRIMARY KEY,
      valid_from date NOT NULL,
      definition jsonb NOT NULL,
      published_by text NOT NULL REFERENCES app_user(id),
      published_seq bigserial NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now()
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP TABLE kp_rule_version;
    ALTER TABLE employee_kp_extra DROP COLUMN atasan_golongan_id;
    ALTER TABLE usulan_kp DROP COLUMN rule_version;
  `.execute(db);
}

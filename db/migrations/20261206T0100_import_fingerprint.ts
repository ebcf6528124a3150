import { Kysely, sql } from 'kysely';

// Issue 14, re-import: a SIMPEG pushes its whole population again and again, and nearly all of it is what we hold.
// Each master row keeps the fingerprint of the import record that last wrote (or confirmed) it, so staging can tell
// "the same as before" without planning the record against the row. Any other writer (a peremajaan, a finished KP,
// SQL by hand) changes a fact without setting the fingerprint; the trigger then drops it, and the next import plans
// that row in full again. So a stale fingerprint can never hide a change.
const FINGERPRINTED = [
  'employee', 'unor', 'employee_golongan_history', 'employee_education', 'employee_jabatan_history', 'employee_angka_kredit',
  'employee_sanction', 'employee_rating', 'employee_kinerja_periodik',
];

export async function up(db: Kysely<any>): Promise<void> {
  // Columns that say when, not what, are left out of the comparison. A re-import that only confirms rows (staging,
  // db/repos/master-data.ts) says so for its statement, and the trigger's condition spares the call on every row.
  await sql`
    CREATE FUNCTION master_row_drop_stale_fingerprint() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.impor_sidik IS NOT DISTINCT FROM OLD.impor_sidik THEN
        IF (to_jsonb(NEW) - 'impor_sidik' - 'dikonfirmasi_at' - 'updated_at')
           IS DISTINCT FROM (to_jsonb(OLD) - 'impor_sidik' - 'dikonfirmasi_at' - 'updated_at') THEN
          NEW.impor_sidik := NULL;
        END IF;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  for (const table of FINGERPRINTED) {
    // Room on each page, so that a confirmation (two unindexed columns) is a HOT update that touches no index.
    await sql`ALTER TABLE ${sql.table(table)} ADD COLUMN impor_sidik text, SET (fillfactor = 80)`.execute(db);
    await sql`CREATE TRIGGER ${sql.id(`${table}_drop_stale_fingerprint`)} BEFORE UPDATE ON ${sql.table(table)}
      FOR EACH ROW WHEN (OLD.impor_sidik IS NOT NULL AND current_setting('usulan.import_confirming', true) IS DISTINCT FROM 'on')
      EXECUTE FUNCTION master_row_drop_stale_fingerprint()`.execute(db);
  }
  await sql`ALTER TABLE import_job_record ADD COLUMN sidik text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of FINGERPRINTED) {
    await sql`DROP TRIGGER ${sql.id(`${table}_drop_stale_fingerprint`)} ON ${sql.table(table)}`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN impor_sidik, RESET (fillfactor)`.execute(db);
  }
  await sql`DROP FUNCTION master_row_drop_stale_fingerprint(); ALTER TABLE import_job_record DROP COLUMN sidik`.execute(db);
}

import { Kysely, sql } from 'kysely';

// Some berkas come once per year (SKP): the year is part of what a new upload replaces.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE document ADD COLUMN tahun integer CHECK (tahun BETWEEN 1950 AND 2100)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE document DROP COLUMN tahun`.execute(db);
}
